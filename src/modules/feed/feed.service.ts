import type { DataSource } from 'typeorm';
import { raw, sql } from '../../common/db/sql';
import { queryPrepared } from '../../common/db/prepared';
import { EventLoads } from '../../common/realtime/paced';
import { followsNetworkSql, followsPractitionerSql } from '../follow';
import { isActiveMemberSql } from '../network';
import { mutesPractitionerSql, networkMuteJoinSql } from '../block';
import { columnViewer } from '../../common/auth/policy';
import { postReadSql } from '../post';
import type { Viewer } from '../../common/auth/viewer';
import type { PageArgs } from '../../common/relay/pagination';
import { readTimelinePage, rebuildTimeline, trimTimelines } from './home-timeline';
import type { TimelinePage, TimelineShapes } from './home-timeline';
import { POST_COLUMN_NEEDS, PostEntity } from '../post';
import { findPost, postNetworkIds, publishedPostSql, sharedWithNetworkSql } from '../post';
import { leanShape } from '../../common/db/lean-columns';
import { NETWORK_COLUMN_NEEDS, NetworkEntity } from '../network';
import { LEGAL_DEVELOPMENT_COLUMN_NEEDS, LegalDevelopmentEntity } from '../legal-development';
import type { PractitionerEntity } from '../practitioner';
import { PRACTITIONER_COLUMN_NEEDS, PractitionerEntity as PractitionerRow } from '../practitioner';

/** An item of the home feed. */
export type FeedNode = PostEntity | LegalDevelopmentEntity;

/** What one published-post event needs, loaded once per event per instance and shared by its subscribers. */
export interface PublishedPostEvent {
  post: PostEntity;
  author: PractitionerEntity | null;
  networkIds: string[];
  /**
   * The subscribed viewers (among those asked) who may see it (postPolicy's SQL form, evaluated for every
   * subscriber in one statement) and would find it in their home feed.
   */
  audience: Set<string>;
}

/** The home feed and the audience of live post events. */
export class FeedService {
  /** Each event's load, handed to its subscribers' filters a batch at a time (EventLoads). */
  private readonly events = new EventLoads<PublishedPostEvent | null>((postId) =>
    // For this instance's subscribers at the time the load starts.
    this.loadEvent(postId, [...this.subscribers.keys()]),
  );
  /** Viewer ids with an open postPublished subscription on this instance, with their count. */
  private readonly subscribers = new Map<string, number>();

  constructor(private readonly dataSource: DataSource) {}

  /**
   * Posts and legal developments, newest first by publication time, read from the viewer's home timeline
   * (see home-timeline.ts): one statement, plus a rebuild and a second read when the timeline is missing or
   * stale (first read, or a relationship changed since it was built). The second read is served even if a
   * relationship changed again meanwhile (the next read rebuilds again).
   */
  async homeFeed(
    viewer: Viewer,
    args: PageArgs,
    select: {
      post?: Iterable<string>;
      author?: Iterable<string>;
      networks?: Iterable<string>;
      development?: Iterable<string>;
    } = {},
  ): Promise<TimelinePage> {
    const shapes: TimelineShapes = {
      post: leanShape(this.dataSource, PostEntity, POST_COLUMN_NEEDS, select.post ?? null),
      author: leanShape(this.dataSource, PractitionerRow, PRACTITIONER_COLUMN_NEEDS, select.author ?? null),
      network: select.networks
        ? leanShape(this.dataSource, NetworkEntity, NETWORK_COLUMN_NEEDS, select.networks)
        : undefined,
      development: leanShape(
        this.dataSource,
        LegalDevelopmentEntity,
        LEGAL_DEVELOPMENT_COLUMN_NEEDS,
        select.development ?? null,
      ),
    };
    const first = await readTimelinePage(this.dataSource, viewer, args, shapes);
    if (first.current) return first;
    await rebuildTimeline(this.dataSource, viewer.id);
    return readTimelinePage(this.dataSource, viewer, args, shapes);
  }

  /** Trims the timelines grown past their cap (the hourly job; harmless on several instances). */
  trimTimelines(): Promise<number> {
    return trimTimelines(this.dataSource);
  }

  addSubscriber(viewerId: string): () => void {
    this.subscribers.set(viewerId, (this.subscribers.get(viewerId) ?? 0) + 1);
    return () => {
      const n = (this.subscribers.get(viewerId) ?? 1) - 1;
      if (n <= 0) this.subscribers.delete(viewerId);
      else this.subscribers.set(viewerId, n);
    };
  }

  /**
   * Works out this instance's live delivery of a published post now, if anyone here is subscribed (see
   * `publishedEvent`; the subscribers' filters then reuse it), and resolves once it is loaded, never with an
   * error (a failed load fails the deliveries, not the caller). The home-timeline fan-out awaits it before its
   * inserts, which would otherwise compete with the audience statement for PostgreSQL.
   */
  async prepareLiveDelivery(eventId: string, postId: string): Promise<void> {
    if (!this.subscribers.size) return;
    await this.loadedEvent(eventId, postId).catch(() => undefined);
  }

  /**
   * Works out, once per event on this instance, which of the currently subscribed viewers receive a newly
   * published post: one SQL statement for the audience and three for the shared records (post, author,
   * networks), all four at once, whatever the number of subscribers. The result is kept briefly so that
   * every subscriber's filter reuses it, and handed to the filters waiting for it a batch per turn of the event
   * loop, so that the deliveries leave room for other work (the approval's answer).
   */
  publishedEvent(eventId: string, postId: string): Promise<PublishedPostEvent | null> {
    return this.events.inLine(eventId, postId);
  }

  /**
   * The event as `publishedEvent` loads it, at once: for a subscriber whose filter already let it through (its
   * resolver, which the shared execution runs for the first of a batch; waiting in line behind the later
   * batches would hold back every delivery of the event until the last batch).
   */
  loadedEvent(eventId: string, postId: string): Promise<PublishedPostEvent | null> {
    return this.events.now(eventId, postId);
  }

  private async loadEvent(postId: string, subscriberIds: string[]): Promise<PublishedPostEvent | null> {
    // Four statements at once, none waiting on another (the author by the post's row): the deliveries start
    // one round trip after the event arrives, not two.
    const [post, author, networkIds, audienceRows] = await Promise.all([
      findPost(this.dataSource, postId),
      this.dataSource
        .getRepository(PractitionerRow)
        .createQueryBuilder('a')
        .where('a.id = (SELECT ap."authorId" FROM post ap WHERE ap.id = :postId)', { postId })
        .getOne(),
      postNetworkIds(this.dataSource, postId),
      subscriberIds.length
        ? // Prepared (it runs for every published post). The subscribers' rows by `id = ANY(…)`: one scan of the
          // primary key for all of them, where a join to their ids unnested let PostgreSQL hash the whole table
          // (BENCHMARKS.md, "The audience statement").
          queryPrepared<{ id: string }>(
            this.dataSource,
            sql`SELECT v.id FROM practitioner v, (${publishedPostSql(postId)}) p
              WHERE v.id = ANY(${subscriberIds}::uuid[])
                AND ${raw(postReadSql(columnViewer('v'), 'p'))}
                AND NOT ${raw(mutesPractitionerSql('v.id', 'p."authorId"'))}
                AND NOT ${raw(sharedWithNetworkSql('p.id', 'mpn', { join: (network) => networkMuteJoinSql(network, 'v.id') }))}
                AND (p."authorId" = v.id
                     OR ${raw(followsPractitionerSql('v.id', 'p."authorId"'))}
                     OR ${raw(
                       sharedWithNetworkSql('p.id', 'pn', {
                         where: (network) =>
                           `${isActiveMemberSql(network, 'v.id')} OR ${followsNetworkSql('v.id', network)}`,
                       }),
                     )})`,
          )
        : Promise.resolve([]),
    ]);
    if (!post || post.status !== 'PUBLISHED' || post.hiddenAt) return null;
    return {
      post,
      author,
      networkIds,
      audience: new Set(audienceRows.map((r) => r.id)),
    };
  }
}
