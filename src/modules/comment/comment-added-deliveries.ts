import type { DataSource } from 'typeorm';
import { columnViewer } from '../../common/auth/policy';
import { query, raw, sql } from '../../common/db/sql';
import { PractitionerEntity } from '../practitioner';
import { CommentEntity } from './comment.entity';
import { commentReadSql } from './comment.policy';

/** One COMMENT_ADDED message as the event bus hands it to every subscriber of the instance. */
export interface CommentAddedMessage {
  commentId: string;
  postId: string;
  authorId?: string;
}

/** What delivering one new comment needs, read once per message for all the subscribers of this instance. */
export interface CommentAddedFacts {
  comment: CommentEntity | null;
  author: PractitionerEntity | null;
  /** The subscribers of the post the audience was worked out for. */
  asked: ReadonlySet<string>;
  /** Those of them who may read the comment (commentPolicy's SQL form: post, membership, hiding, blocks). */
  audience: ReadonlySet<string>;
}

/**
 * `commentAdded` deliveries (issue 17): a comment on a post followed by 60 subscribers cost about two SQL
 * statements per subscriber (each one's own loaders read the comment, the post and the viewer's scope). The
 * subscribers of each post are registered here; for each message the comment, its author and which of the
 * post's current subscribers may read it are read once per instance (two statements, whatever the number of
 * subscribers), as `postPublished` does. A subscriber who subscribed after the audience was worked out is
 * checked on its own (commentPolicy with fresh loaders). Kept per message object (the bus hands the same
 * object to every local subscriber) and dropped with it.
 */
export class CommentAddedDeliveries {
  /** Post id → subscribed viewer id → number of open subscriptions. */
  private readonly subscribers = new Map<string, Map<string, number>>();
  private readonly facts = new WeakMap<object, Promise<CommentAddedFacts>>();

  constructor(private readonly dataSource: DataSource) {}

  /** Registers a subscription of `viewerId` to the comments of `postId`; the returned function ends it. */
  addSubscriber(postId: string, viewerId: string): () => void {
    let viewers = this.subscribers.get(postId);
    if (!viewers) this.subscribers.set(postId, (viewers = new Map()));
    viewers.set(viewerId, (viewers.get(viewerId) ?? 0) + 1);
    return () => {
      const current = this.subscribers.get(postId);
      if (!current) return;
      const n = (current.get(viewerId) ?? 1) - 1;
      if (n > 0) current.set(viewerId, n);
      else {
        current.delete(viewerId);
        if (!current.size) this.subscribers.delete(postId);
      }
    };
  }

  /** How many viewers have a registered subscription to the comments of `postId` (tests wait on it). */
  subscriberCount(postId: string): number {
    return this.subscribers.get(postId)?.size ?? 0;
  }

  /** The facts of `message`, read on the first call for this message object and shared afterwards. */
  factsOf(message: CommentAddedMessage): Promise<CommentAddedFacts> {
    let pending = this.facts.get(message);
    if (!pending) {
      pending = this.load(message, [...(this.subscribers.get(message.postId)?.keys() ?? [])]);
      this.facts.set(message, pending);
    }
    return pending;
  }

  private async load(message: CommentAddedMessage, subscriberIds: string[]): Promise<CommentAddedFacts> {
    const ds = this.dataSource;
    const authorById = (id: string) => ds.getRepository(PractitionerEntity).findOneBy({ id });
    // One statement for the comment and its audience; the author in parallel when the message names it.
    const [rows, knownAuthor] = await Promise.all([
      query<Record<string, unknown> & { audience: string[] | null }>(
        ds,
        sql`SELECT c.*, ARRAY(
              SELECT v.id::text FROM practitioner v
              WHERE v.id = ANY(${subscriberIds}::uuid[]) AND ${raw(commentReadSql(columnViewer('v'), 'c'))}) AS audience
            FROM comment c WHERE c.id = ${message.commentId}`,
      ),
      message.authorId ? authorById(message.authorId) : Promise.resolve(undefined),
    ]);
    const row = rows[0];
    if (!row) return { comment: null, author: null, asked: new Set(), audience: new Set() };
    const { audience, ...columns } = row;
    const comment = Object.assign(new CommentEntity(), columns);
    const author =
      knownAuthor !== undefined && knownAuthor?.id === comment.authorId
        ? knownAuthor
        : await authorById(comment.authorId);
    return { comment, author, asked: new Set(subscriberIds), audience: new Set(audience ?? []) };
  }
}
