import type { DataSource } from 'typeorm';
import type { Viewer } from '../../common/auth/viewer';
import { BadUserInputError, ConflictError, ForbiddenError, NotFoundError } from '../../common/errors/errors';
import { toGlobalId } from '../../common/relay/global-id';
import { canWriteContent, isModerator } from '../practitioner';
import { canViewComment } from './comment.policy';
import { postCounters } from '../post';
import type { PostService } from '../post';
import { COMMENT_MAX_LENGTH, CommentEntity } from './comment.entity';
import type { IdempotencyService } from '../../platform/idempotency/idempotency.service';
import { NotificationType } from '../notification-type';
import { isBlockedBetween } from '../block';
import type { NotificationEvent } from '../notification';
import { recordModerationDecision } from '../moderation-log';
import { ModerationLogAction, TargetType } from '../moderation-log';

function checkBody(body: string): string {
  const trimmed = body.trim();
  if (!trimmed || body.length > COMMENT_MAX_LENGTH) {
    throw new BadUserInputError(`body must be 1 to ${COMMENT_MAX_LENGTH} characters.`, [
      { field: 'body', message: `must be 1 to ${COMMENT_MAX_LENGTH} characters` },
    ]);
  }
  return trimmed;
}

/** Comments on published posts: one level of replies; deletion keeps the comment's place in the thread. */
export class CommentService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly posts: PostService,
    /** Its creates run in units of work that record the comment's events (live message, notifications). */
    private readonly idempotency: IdempotencyService,
  ) {}

  /** With an idempotency key, a retry returns the comment the first request created and writes nothing. */
  async add(
    viewer: Viewer,
    postId: string,
    body: string,
    parentId: string | null,
    idempotencyKey?: string | null,
  ): Promise<CommentEntity> {
    const load = (id: string) => this.dataSource.getRepository(CommentEntity).findOneByOrFail({ id });
    const args = { postId, body, parentId };
    const create = await this.idempotency.begin(viewer.id, 'addComment', idempotencyKey, args, load);
    // A replay answers with the comment only while the viewer may still read it (and so its post).
    if (create.earlier) return this.readable(viewer, create.earlier);
    if (!canWriteContent(viewer))
      throw new ForbiddenError('Only verified members can comment; your account is not verified.');
    const text = checkBody(body);
    const post = await this.posts.visiblePublished(viewer, postId);
    const { result: comment } = await create.run(async (manager, { record }) => {
      let parentAuthorId: string | null = null;
      if (parentId) {
        const parent = await manager.getRepository(CommentEntity).findOneBy({ id: parentId });
        if (!parent || parent.postId !== postId) throw new NotFoundError('Parent comment');
        // A comment the viewer may not see (hidden, or by someone in a block with them) cannot be replied to.
        const blocked = await isBlockedBetween(manager, viewer.id, parent.authorId);
        if (!canViewComment(viewer, parent, true, blocked ? new Set([parent.authorId]) : undefined))
          throw new NotFoundError('Parent comment');
        parentAuthorId = parent.authorId;
        if (parent.parentId)
          throw new BadUserInputError('Replies go one level deep: reply to the top-level comment.', [
            { field: 'parentId', message: 'is itself a reply' },
          ]);
        if (parent.deletedAt) throw new ConflictError('Cannot reply to a deleted comment.');
      }
      const saved = await manager.getRepository(CommentEntity).save(
        manager.create(CommentEntity, {
          postId,
          authorId: viewer.id,
          parentId,
          body: text,
          createdAt: new Date(),
        }),
      );
      await postCounters.comments(manager, postId, 1);
      // Recorded with the comment: a replayed request (rolled back) records nothing a second time.
      record('comment.added', { commentId: saved.id, postId, authorId: viewer.id });
      const events: NotificationEvent[] = [];
      const about = { actorId: viewer.id, subjectType: 'Comment', subjectId: saved.id };
      if (parentAuthorId)
        events.push({ type: NotificationType.REPLY_TO_YOUR_COMMENT, recipientId: parentAuthorId, ...about });
      // The post's author hears of every comment, unless the reply already told them.
      if (post.authorId !== parentAuthorId)
        events.push({ type: NotificationType.COMMENT_ON_YOUR_POST, recipientId: post.authorId, ...about });
      record('notification.requested', { notifications: events });
      return saved;
    });
    return comment;
  }

  /** `comment` if the viewer may read it (commentPolicy), else NOT_FOUND. */
  private async readable(
    viewer: Viewer,
    comment: CommentEntity,
    manager = this.dataSource.manager,
  ): Promise<CommentEntity> {
    // One read of the viewer's networks and blocks serves the post's rule and the comment's.
    const { post, scope } = await this.posts.readableWithScope(viewer, comment.postId, manager);
    if (!canViewComment(viewer, comment, !!post, scope.blockedIds)) throw new NotFoundError('Comment');
    return comment;
  }

  /** Locks a comment the viewer may read; NOT_FOUND otherwise (its existence is not theirs to know). */
  private async lockComment(
    viewer: Viewer,
    id: string,
    manager = this.dataSource.manager,
  ): Promise<CommentEntity> {
    const comment = await manager
      .getRepository(CommentEntity)
      .findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!comment) throw new NotFoundError('Comment');
    return this.readable(viewer, comment, manager);
  }

  async edit(viewer: Viewer, id: string, body: string): Promise<CommentEntity> {
    if (!canWriteContent(viewer)) throw new ForbiddenError('Only verified members can edit comments.');
    const text = checkBody(body);
    return this.dataSource.transaction(async (manager) => {
      const comment = await this.lockComment(viewer, id, manager);
      if (comment.authorId !== viewer.id) throw new ForbiddenError('Only its author can edit a comment.');
      if (comment.deletedAt) throw new ConflictError('A deleted comment cannot be edited.');
      comment.body = text;
      comment.editedAt = new Date();
      return manager.getRepository(CommentEntity).save(comment);
    });
  }

  async delete(viewer: Viewer, id: string): Promise<CommentEntity> {
    return this.dataSource.transaction(async (manager) => {
      const comment = await this.lockComment(viewer, id, manager);
      if (comment.authorId !== viewer.id && !isModerator(viewer))
        throw new ForbiddenError('Only its author or a moderator can delete a comment.');
      if (comment.deletedAt) return comment;
      comment.deletedAt = new Date();
      comment.deletedById = viewer.id;
      await manager.getRepository(CommentEntity).save(comment);
      // A hidden comment was already taken out of the count when it was hidden.
      if (!comment.hiddenAt) await postCounters.comments(manager, comment.postId, -1);
      // Deleting someone else's comment is a moderation decision: logged with it, in the same transaction.
      if (comment.authorId !== viewer.id)
        await recordModerationDecision(manager, {
          actorId: viewer.id,
          action: ModerationLogAction.COMMENT_DELETED,
          targetType: TargetType.COMMENT,
          targetId: comment.id,
          details: {
            post: toGlobalId('Post', comment.postId),
            author: toGlobalId('Practitioner', comment.authorId),
          },
        });
      return comment;
    });
  }
}
