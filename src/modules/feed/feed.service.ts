import type { DataSource } from 'typeorm';
import { fromBind, query, raw, sql } from '../../common/db/sql';
import type { Sql } from '../../common/db/sql';
import {
  followedNetworkIdsSql,
  followedPractitionerIdsSql,
  followsNetworkSql,
  followsPractitionerSql,
} from '../follow';
import { activeNetworkIdsSql, coversCountryOrAreaSql, isActiveMemberSql } from '../network';
import { mutedPractitionerIdsSql, mutesPractitionerSql, networkMuteJoinSql } from '../block';
import { columnViewer } from '../../common/auth/policy';
import { postReadSql } from '../post';
import type { Viewer } from '../../common/auth/viewer';
import { pageInfoOf, pageRequest } from '../../common/relay/pagination';
import type { Page, PageArgs } from '../../common/relay/pagination';
import type { PostEntity } from '../post';
import { findPost, postNetworkIds, publishedPostSql, sharedWithNetworkSql } from '../post';
import type { PostService } from '../post';
import type { LegalDevelopmentEntity } from '../legal-development';
import type { LegalDevelopmentQueryService } from '../legal-development';
import type { PractitionerEntity } from '../practitioner';
import { PractitionerEntity as PractitionerRow } from '../practitioner';

/**
 * SQL condition: posts `p` that belong in the home feed of `viewer` (an SQL expression: own, followed
 * authors, joined or followed networks). The follow, network and post tables are named by their modules'
 * SQL forms.
 */
const inHomeFeedSql = (viewer: string) => `(p."authorId" = ${viewer}
  OR p."authorId" IN (${followedPractitionerIdsSql(viewer)})
  OR ${sharedWithNetworkSql('p."id"', 'fpn', {
    where: (network) => `${network} IN (${activeNetworkIdsSql(viewer)})
    OR ${network} IN (${followedNetworkIdsSql(viewer)})`,
  })})`;

/** SQL condition: posts `p` not muted by `viewer` (muted author, or shared with a muted network). Feeds only. */
const notMutedSql = (viewer: string) => `(p."authorId" NOT IN (${mutedPractitionerIdsSql(viewer)})
  AND NOT ${sharedWithNetworkSql('p."id"', 'mpn', { join: (network) => networkMuteJoinSql(network, viewer) })})`;

/**
 * SQL condition: legal developments `ld` that belong in the home feed of `viewer`: their own, and those of
 * a country whose COUNTRY network, or of a thematic area whose THEMATIC network, the viewer belongs to or
 * follows (following a country or an area is following its network).
 */
const legalDevelopmentInHomeFeedSql = (viewer: string) => `(ld."authorId" = ${viewer}
  OR ${coversCountryOrAreaSql(
    `${activeNetworkIdsSql(viewer)}
         UNION ${followedNetworkIdsSql(viewer)}`,
    'ld."jurisdictionCountryCode"',
    'ld."thematicAreaCodes"',
  )})`;

/** One of the conditions above for a known viewer, its id a parameter. */
const forViewer = (viewer: Viewer, condition: (viewer: string) => string): Sql =>
  fromBind((bind) => condition(`${bind(viewer.id)}::uuid`));

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
  private readonly events = new Map<string, Promise<PublishedPostEvent | null>>();
  /** Viewer ids with an open postPublished subscription on this instance, with their count. */
  private readonly subscribers = new Map<string, number>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly posts: PostService,
    private readonly legalDevelopmentQueries: LegalDevelopmentQueryService,
  ) {}

  /**
   * Posts and legal developments, merged newest first by publication time. Both lists page on
   * (publishedAt, id) with the same cursor shape, so one cursor continues both: each side returns up to
   * `first + 1` rows after it and the merge keeps the first `first`; paging backward, each returns the `last`
   * rows before it (or at the end) and the merge keeps the last `last`.
   */
  async homeFeed(viewer: Viewer, args: PageArgs): Promise<Page<FeedNode>> {
    const { backward, size } = pageRequest(args);
    const [posts, developments] = await Promise.all([
      this.posts.listPublished(
        viewer,
        [forViewer(viewer, inHomeFeedSql), forViewer(viewer, notMutedSql)],
        args,
      ),
      this.legalDevelopmentQueries.listPublished(
        null,
        [forViewer(viewer, legalDevelopmentInHomeFeedSql)],
        args,
        'published',
      ),
    ]);
    const edges: Page<FeedNode>['edges'] = [...posts.edges, ...developments.edges].sort((a, b) => {
      const ta = a.node.publishedAt!.getTime();
      const tb = b.node.publishedAt!.getTime();
      return ta !== tb ? tb - ta : a.node.id < b.node.id ? 1 : a.node.id > b.node.id ? -1 : 0;
    });
    const more = edges.length > size;
    const page = backward ? edges.slice(Math.max(edges.length - size, 0)) : edges.slice(0, size);
    return backward
      ? {
          edges: page,
          pageInfo: pageInfoOf(
            page,
            false,
            more || posts.pageInfo.hasPreviousPage || developments.pageInfo.hasPreviousPage,
          ),
        }
      : {
          edges: page,
          pageInfo: pageInfoOf(
            page,
            more || posts.pageInfo.hasNextPage || developments.pageInfo.hasNextPage,
            false,
          ),
        };
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
   * Works out, once per event on this instance, which of the currently subscribed viewers receive a newly
   * published post: one SQL statement for the audience and two for the shared records, whatever the
   * number of subscribers. The result is kept briefly so that every subscriber's filter reuses it.
   */
  publishedEvent(eventId: string, postId: string): Promise<PublishedPostEvent | null> {
    let pending = this.events.get(eventId);
    if (!pending) {
      pending = this.loadEvent(postId, [...this.subscribers.keys()]);
      this.events.set(eventId, pending);
      setTimeout(() => this.events.delete(eventId), 30_000).unref();
    }
    return pending;
  }

  private async loadEvent(postId: string, subscriberIds: string[]): Promise<PublishedPostEvent | null> {
    const post = await findPost(this.dataSource, postId);
    if (!post || post.status !== 'PUBLISHED' || post.hiddenAt) return null;
    const [author, networkIds, audienceRows] = await Promise.all([
      this.dataSource.getRepository(PractitionerRow).findOneBy({ id: post.authorId }),
      postNetworkIds(this.dataSource, postId),
      subscriberIds.length
        ? query<{ id: string }>(
            this.dataSource,
            sql`SELECT s.id FROM unnest(${subscriberIds}::uuid[]) AS s(id), practitioner v, (${publishedPostSql(postId)}) p
              WHERE v.id = s.id
                AND ${raw(postReadSql(columnViewer('v'), 'p'))}
                AND NOT ${raw(mutesPractitionerSql('s.id', 'p."authorId"'))}
                AND NOT ${raw(sharedWithNetworkSql('p.id', 'mpn', { join: (network) => networkMuteJoinSql(network, 's.id') }))}
                AND (p."authorId" = s.id
                     OR ${raw(followsPractitionerSql('s.id', 'p."authorId"'))}
                     OR ${raw(
                       sharedWithNetworkSql('p.id', 'pn', {
                         where: (network) =>
                           `${isActiveMemberSql(network, 's.id')} OR ${followsNetworkSql('s.id', network)}`,
                       }),
                     )})`,
          )
        : Promise.resolve([]),
    ]);
    return {
      post,
      author,
      networkIds,
      audience: new Set(audienceRows.map((r) => r.id)),
    };
  }
}
