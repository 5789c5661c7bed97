import type { DataSource, EntityManager } from 'typeorm';
import { fromBind, policyScope, query, raw, sql } from '../../common/db/sql';
import type { Sql } from '../../common/db/sql';
import { queryPreparedArrays } from '../../common/db/prepared';
import { wholeShape } from '../../common/db/lean-columns';
import type { LeanShape } from '../../common/db/lean-columns';
import type { Viewer } from '../../common/auth/viewer';
import { isoMicros } from '../../common/relay/batched-connection';
import type { FeedService } from './feed.service';
import { Keyset } from '../../common/relay/keyset';
import type { Page, PageArgs } from '../../common/relay/pagination';
import { MAX_PAGE_SIZE, edgeWithNode } from '../../common/relay/pagination';
import {
  followedNetworkIdsSql,
  followedPractitionerIdsSql,
  networkFollowerIdsSql,
  practitionerFollowerIdsSql,
} from '../follow';
import {
  activeMemberIdsSql,
  activeNetworkIdsSql,
  coversCountryOrAreaSql,
  coveringNetworkIdsSql,
} from '../network';
import { mutedPractitionerIdsSql, networkMuteJoinSql } from '../block';
import {
  PostEntity,
  keepAuthorReadWith,
  keepFlagsReadWith,
  keepNetworksReadWith,
  postNetworksJsonSql,
  postReadSql,
  sharedWithNetworkSql,
} from '../post';
import { LegalDevelopmentEntity, listedLegalDevelopmentSql } from '../legal-development';
import { PractitionerEntity } from '../practitioner';
import type { NetworkEntity } from '../network';
import { markDone } from '../../platform/outbox/outbox.dispatcher';
import type { OutboxConsumer } from '../../platform/outbox/outbox.dispatcher';
import type { DomainEvent } from '../../platform/unit-of-work/events';

// The home timeline (issue 17): per reader, the items their relationships bring into their home feed, kept
// by fan-out on write (a published item is inserted for its audience once the publishing transaction has
// committed, by the outbox consumer below) and rebuilt from the eligibility SQL below when it is missing or
// stale (the relationship tables' triggers mark it stale, see migration HomeTimeline1796630000001). Rows
// are candidates only: every read applies the rules that change without a relationship change (the post
// read policy with blocks, hiding, status, visibility and verification; mutes) to the page's rows, and for
// legal developments (whose jurisdiction and areas experts may edit once published) their home-feed
// condition as well.

/** How many items a rebuilt timeline holds (how far back the home feed goes after a relationship change). */
export const TIMELINE_CAP = 800;

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

/** SQL condition: posts `post` not muted by `viewer` (muted author, or shared with a muted network). Feeds only. */
function notMutedSql(viewer: string, post: string): string {
  const inMutedNetwork = sharedWithNetworkSql(`${post}."id"`, 'mpn', {
    join: (network) => networkMuteJoinSql(network, viewer),
  });
  return `(${post}."authorId" NOT IN (${mutedPractitionerIdsSql(viewer)}) AND NOT ${inMutedNetwork})`;
}

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

/** One of the conditions above for a reader id, bound as a parameter. */
const forReader = (readerId: string, condition: (viewer: string) => string): Sql =>
  fromBind((bind) => condition(`${bind(readerId)}::uuid`));

/**
 * Builds the timeline of `readerId` from the eligibility SQL: the newest TIMELINE_CAP published items that
 * their relationships bring in (hidden ones included, and regardless of blocks and mutes: the read filters
 * those, so that a restore, unblock or unmute shows without a rebuild). Marks it current first: the state
 * row's lock orders a concurrent relationship change (whose trigger marks it stale again) after this build.
 */
export async function rebuildTimeline(dataSource: DataSource, readerId: string): Promise<void> {
  await dataSource.transaction(async (manager) => {
    for (const statement of rebuildTimelineSql(readerId)) await query(manager, statement);
  });
}

/** The statements of rebuildTimeline, in order, for one transaction (also run by bench/generate.ts). */
export function rebuildTimelineSql(readerId: string): Sql[] {
  return [
    sql`INSERT INTO home_timeline_state ("readerId", "stale", "builtAt") VALUES (${readerId}, false, now())
        ON CONFLICT ("readerId") DO UPDATE SET "stale" = false, "builtAt" = now()`,
    sql`DELETE FROM home_timeline WHERE "readerId" = ${readerId}`,
    sql`INSERT INTO home_timeline ("readerId", "itemType", "itemId", "sortAt", "authorId")
        SELECT ${readerId}, i."itemType", i."itemId", i."sortAt", i."authorId" FROM (
          (SELECT 'POST' AS "itemType", p."id" AS "itemId", p."publishedAt" AS "sortAt", p."authorId"
             FROM post p WHERE p."status" = 'PUBLISHED' AND ${forReader(readerId, inHomeFeedSql)}
             ORDER BY p."publishedAt" DESC, p."id" DESC LIMIT ${TIMELINE_CAP})
          UNION ALL
          (SELECT 'LEGAL_DEVELOPMENT', ld."id", ld."publishedAt", ld."authorId"
             FROM legal_development ld WHERE ld."status" = 'PUBLISHED'
               AND ${forReader(readerId, legalDevelopmentInHomeFeedSql)}
             ORDER BY ld."publishedAt" DESC, ld."id" DESC LIMIT ${TIMELINE_CAP})
        ) i ORDER BY i."sortAt" DESC, i."itemId" DESC LIMIT ${TIMELINE_CAP}
        ON CONFLICT DO NOTHING`,
  ];
}

/**
 * Fan-out of a just-published post, in the outbox consumer's transaction, in one INSERT…SELECT: its author,
 * the author's followers, and the active members and followers of the networks it is shared with (the
 * audience of inHomeFeedSql). Readers whose timeline is stale or not built get rows too (a rebuild
 * replaces them): skipping them could lose the post to a rebuild running beside this transaction.
 */
export async function fanOutPost(manager: EntityManager, postId: string): Promise<void> {
  const networks = `SELECT opn."networkId" FROM post_network opn WHERE opn."postId" = p."id"`;
  // One statement: the audience's rows, and (for a post published again after changes, whose networks may
  // differ) the removal of its earlier rows outside the audience.
  await query(
    manager,
    sql`WITH audience AS (
          SELECT r.id AS "readerId", p."id" AS "itemId", p."publishedAt" AS "sortAt", p."authorId"
            FROM post p CROSS JOIN LATERAL (
              SELECT p."authorId" AS id
              UNION SELECT "followerId" FROM (${raw(practitionerFollowerIdsSql('p."authorId"'))}) f
              UNION SELECT "practitionerId" FROM (${raw(activeMemberIdsSql(networks))}) m
              UNION SELECT "followerId" FROM (${raw(networkFollowerIdsSql(networks))}) nf
            ) r
           WHERE p."id" = ${postId} AND p."status" = 'PUBLISHED'
        ), gone AS (
          DELETE FROM home_timeline h WHERE h."itemId" = ${postId}
            AND h."readerId" NOT IN (SELECT "readerId" FROM audience)
        )
        INSERT INTO home_timeline ("readerId", "itemType", "itemId", "sortAt", "authorId")
        SELECT "readerId", 'POST', "itemId", "sortAt", "authorId" FROM audience
        ON CONFLICT ("readerId", "itemId") DO UPDATE SET "sortAt" = EXCLUDED."sortAt"`,
  );
}

/**
 * Fan-out of a just-published legal development, in the outbox consumer's transaction: its author, and the
 * active members and followers of the COUNTRY network of its jurisdiction and the THEMATIC networks of its
 * areas (the audience of legalDevelopmentInHomeFeedSql).
 */
export async function fanOutLegalDevelopment(manager: EntityManager, id: string): Promise<void> {
  const networks = coveringNetworkIdsSql('ld."jurisdictionCountryCode"', 'ld."thematicAreaCodes"');
  await query(
    manager,
    sql`INSERT INTO home_timeline ("readerId", "itemType", "itemId", "sortAt", "authorId")
        SELECT r.id, 'LEGAL_DEVELOPMENT', ld."id", ld."publishedAt", ld."authorId"
          FROM legal_development ld CROSS JOIN LATERAL (
            SELECT ld."authorId" AS id
            UNION SELECT "practitionerId" FROM (${raw(activeMemberIdsSql(networks))}) m
            UNION SELECT "followerId" FROM (${raw(networkFollowerIdsSql(networks))}) nf
          ) r
         WHERE ld."id" = ${id} AND ld."status" = 'PUBLISHED' AND r.id IS NOT NULL
        ON CONFLICT ("readerId", "itemId") DO UPDATE SET "sortAt" = EXCLUDED."sortAt"`,
  );
}

/** The outbox consumer that fans published items out into home timelines (its name in `consumersDone`). */
export const HOME_TIMELINE_CONSUMER = 'home-timeline';

/**
 * Fan-out on write, after the commit (as Mastodon's FanOutOnWriteService runs in a background job): a post
 * approved for an author with 10,000 followers wrote 10,000 rows into four indexes inside the publishing
 * transaction (0.65 s of its 0.76 s statement on the benchmark data, the post's row lock held meanwhile).
 * Now the outbox hands the event to this consumer once the publishing transaction has committed; the
 * publishing request and the live `postPublished` deliveries do not wait for it.
 *
 * Safe beside a rebuild: the item is committed before its fan-out starts, so a rebuild's page statement
 * either sees it or runs after the fan-out's row is in (and then keeps it: its DELETE ran before, its INSERT
 * conflicts). At least once: each batch runs in one transaction that marks its events done for this consumer
 * (`markDone`) and fans out only those not marked before; the writes are idempotent anyway.
 */
export function homeTimelineConsumer(
  dataSource: DataSource,
  feed: Pick<FeedService, 'prepareLiveDelivery'>,
): OutboxConsumer {
  return {
    name: HOME_TIMELINE_CONSUMER,
    types: ['post.published', 'legal-development.published', 'legal-development.audience-changed'],
    async handle(events: DomainEvent[]) {
      for (const event of events)
        if (event.type === 'post.published')
          await feed.prepareLiveDelivery(event.id, (event as DomainEvent<'post.published'>).payload.postId);
      await dataSource.transaction(async (manager) => {
        const marked = fromBind((bind) =>
          markDone(HOME_TIMELINE_CONSUMER, bind(events.map((e) => e.id)), bind([])),
        );
        const fresh = new Set(
          (await query<{ id: string }>(manager, sql`WITH ${marked} SELECT id FROM marked`)).map((r) => r.id),
        );
        for (const event of events) {
          if (!fresh.has(event.id)) continue;
          if (event.type === 'post.published')
            await fanOutPost(manager, (event as DomainEvent<'post.published'>).payload.postId);
          else
            await fanOutLegalDevelopment(
              manager,
              (event as DomainEvent<'legal-development.published'>).payload.legalDevelopmentId,
            );
        }
      });
    },
  };
}

/**
 * Trims every timeline grown past TIMELINE_CAP by fan-outs back to its newest TIMELINE_CAP items (an hourly
 * job, not every insert; timelines are let grow a little past the cap first so that each is trimmed now and
 * then rather than every hour). Returns the number of rows removed.
 */
export async function trimTimelines(dataSource: DataSource): Promise<number> {
  const rows = await query<{ n: string }>(
    dataSource,
    sql`WITH over AS (
          SELECT "readerId" FROM home_timeline GROUP BY "readerId" HAVING count(*) > ${TIMELINE_CAP + TIMELINE_CAP / 4}
        ), gone AS (
          DELETE FROM home_timeline t USING (
            SELECT r."readerId", r."itemId" FROM (
              SELECT h."readerId", h."itemId",
                row_number() OVER (PARTITION BY h."readerId" ORDER BY h."sortAt" DESC, h."itemId" DESC) AS n
              FROM home_timeline h WHERE h."readerId" IN (SELECT "readerId" FROM over)
            ) r WHERE r.n > ${TIMELINE_CAP}
          ) x WHERE t."readerId" = x."readerId" AND t."itemId" = x."itemId"
          RETURNING 1
        ) SELECT count(*) AS n FROM gone`,
  );
  return Number(rows[0]?.n ?? 0);
}

/** An item of a timeline page: its keyset value (its post's or development's columns are read apart). */
interface PageRow {
  cursorAt: string;
  itemId: string;
}

const TIMELINE_ORDER = new Keyset<PageRow>(
  [
    { column: 't."sortAt"', kind: 'timestamp' },
    { column: 't."itemId"', kind: 'uuid' },
  ],
  'DESC',
  (r) => [r.cursorAt, r.itemId],
);

/**
 * How a page reads its posts, their authors and its legal developments: the columns the selection's fields
 * need (lean reads, see common/db/lean-columns.ts); whole rows by default.
 */
export interface TimelineShapes {
  post?: LeanShape<PostEntity>;
  author?: LeanShape<PractitionerEntity>;
  development?: LeanShape<LegalDevelopmentEntity>;
  /** Given when the posts' networks are selected: read with each post, in the page's statement. */
  network?: LeanShape<NetworkEntity>;
}

/** A page of the home timeline with what its posts' nested fields need (read in the same statement). */
export interface TimelinePage {
  /**
   * False when the timeline is missing or stale: rebuild it and read again (the page read from a stale
   * timeline still passed every read rule; only relationship changes since its build are missing).
   */
  current: boolean;
  page: Page<PostEntity | LegalDevelopmentEntity>;
  /** The posts' network ids, by post id (their author, networks and the viewer's flags are kept on them). */
  networkIds: Map<string, string[]>;
}

/**
 * One statement: whether the viewer's timeline is current, and its page after the cursor, each row joined
 * with its post (with the author, network ids and the viewer's endorsement and bookmark) or legal
 * development. The read rules apply to each row as the index walks the timeline, so a page is full whenever
 * enough readable items exist (rows filtered out are skipped, not counted).
 */
export async function readTimelinePage(
  db: DataSource,
  viewer: Viewer,
  args: PageArgs,
  shapes: TimelineShapes = {},
): Promise<TimelinePage> {
  const w = TIMELINE_ORDER.window(args);
  const posts = shapes.post ?? wholeShape(db, PostEntity);
  const authors = shapes.author ?? wholeShape(db, PractitionerEntity);
  const developments = shapes.development ?? wholeShape(db, LegalDevelopmentEntity);
  // The posts' networks as Post.networks lists them, when selected; their ids (the posts' read check) come
  // from that list then, else from their own subquery: one probe of post_network per row, not two.
  const networkList = shapes.network
    ? `${postNetworksJsonSql('p."id"', shapes.network)} AS "networks__",`
    : `ARRAY(SELECT pn."networkId"::text FROM post_network pn WHERE pn."postId" = p."id") AS "networkIds__",`;
  const readablePost = policyScope(
    viewer,
    (v) => `(p0."status" = 'PUBLISHED' AND ${postReadSql(v, 'p0')} AND ${notMutedSql(v.id, 'p0')})`,
  );
  // The item, its author and the legal development are lateral lookups (LIMIT 1 keeps them from being
  // flattened into joins), so that the walk stays on the page index and stops once the page is full. As plain
  // joins the planner chose a merge join on the item id (legal developments are few), reading the whole
  // timeline in id order and sorting it: 6,559 buffers against 689 for a timeline of 800 on the benchmark data.
  // The post's read rules and the viewer's flags sit in the post's lookup, not over the page: there PostgreSQL
  // plans their EXISTS for the one row of a lookup and probes the indexes per post. Over the page (hundreds of
  // estimated rows) it chose, by the estimates, to hash instead: every post of the viewer's networks (4,179
  // rows, 0.6 ms of a 1 ms statement) for the network rule, or (in one variant) the whole bookmark table.
  // Prepared (named, planned once per connection): planning this statement cost more than running it. The
  // page's bound LIMIT applies to the walk capped by a LIMIT in the text (the largest page): PostgreSQL costs a
  // bound LIMIT at a tenth of its input, so with the bound LIMIT alone the generic plan was costed for a tenth
  // of the timeline (86 rows where the custom plans had 51), found dearer, and every execution was planned
  // again; over the cap it is costed for a tenth of 101 rows and kept. The walk still stops at the page's size
  // (the outer LIMIT pulls no more rows), and one text serves every page size.
  // Rows as arrays (30-odd columns each: see queryPreparedArrays).
  const { rows, at } = await queryPreparedArrays(
    db,
    sql`SELECT s.current, page.* FROM (SELECT EXISTS (SELECT 1 FROM home_timeline_state hs
          WHERE hs."readerId" = ${viewer.id} AND NOT hs."stale") AS current) s
        LEFT JOIN LATERAL (SELECT * FROM (
          SELECT t."itemId", ${raw(isoMicros('t."sortAt"'))} AS "cursorAt",
            ${raw(posts.sql('p', 'p__'))}, ${raw(developments.sql('ld', 'l__'))},
            ${raw(networkList)} p."endorsed__", p."bookmarked__",
            ${raw(authors.sql('a', 'a__'))}
          FROM home_timeline t
            LEFT JOIN LATERAL (SELECT p0.*,
                EXISTS (SELECT 1 FROM post_endorsement pe
                  WHERE pe."postId" = p0."id" AND pe."practitionerId" = t."readerId") AS "endorsed__",
                EXISTS (SELECT 1 FROM post_bookmark pb
                  WHERE pb."postId" = p0."id" AND pb."practitionerId" = t."readerId") AS "bookmarked__"
              FROM post p0
              WHERE t."itemType" = 'POST' AND p0."id" = t."itemId" AND ${readablePost} LIMIT 1) p ON true
            LEFT JOIN LATERAL (SELECT * FROM practitioner a0 WHERE a0."id" = p."authorId" LIMIT 1) a ON true
            LEFT JOIN LATERAL (SELECT * FROM legal_development l0
              WHERE t."itemType" = 'LEGAL_DEVELOPMENT' AND l0."id" = t."itemId" LIMIT 1) ld ON true
          WHERE t."readerId" = ${viewer.id} ${w.andAfter}
            AND (p."id" IS NOT NULL
              OR (ld."id" IS NOT NULL AND ${raw(listedLegalDevelopmentSql('ld'))}
                AND ${forReader(viewer.id, legalDevelopmentInHomeFeedSql)}))
          ORDER BY ${w.orderBy} ${raw(`LIMIT ${Math.max(MAX_PAGE_SIZE, w.first) + 1}`)}
        ) capped ${w.limit}) page ON true`,
  );
  const current = rows.length > 0 && rows[0][at('current')] === true;
  const [itemAt, cursorAt, postAt, authorAt, developmentAt] = [
    at('itemId'),
    at('cursorAt'),
    at(posts.firstColumn('p__')),
    at(authors.firstColumn('a__')),
    at(developments.firstColumn('l__')),
  ];
  const [networksAt, endorsedAt, bookmarkedAt] = [
    at(shapes.network ? 'networks__' : 'networkIds__'),
    at('endorsed__'),
    at('bookmarked__'),
  ];
  const items: PageRow[] = [];
  const networkIds = new Map<string, string[]>();
  const nodes = new Map<string, PostEntity | LegalDevelopmentEntity>();
  for (const row of rows) {
    const itemId = row[itemAt] as string | null;
    if (itemId == null) continue; // the one row of an empty page (it still says whether the timeline is current)
    items.push({ itemId, cursorAt: row[cursorAt] as string });
    const post = posts.fromArray(row, postAt);
    if (post) {
      nodes.set(itemId, post);
      // What the post's fields need, kept on it (Post.author, Post.networks, Post.viewerHas…).
      keepAuthorReadWith(post, authors.fromArray(row, authorAt));
      if (shapes.network) {
        const networks = (row[networksAt] as unknown[][]).map((n) => shapes.network!.fromJson(n)!);
        keepNetworksReadWith(post, networks);
        networkIds.set(
          post.id,
          networks.map((n) => n.id),
        );
      } else networkIds.set(post.id, row[networksAt] as string[]);
      keepFlagsReadWith(post, { endorsed: !!row[endorsedAt], bookmarked: !!row[bookmarkedAt] });
    } else {
      const development = developments.fromArray(row, developmentAt);
      if (development) nodes.set(itemId, development);
    }
  }
  const keyed = w.page(items);
  return {
    current,
    page: {
      edges: keyed.edges.map((e) => edgeWithNode(e, nodes.get(e.node.itemId)!)),
      pageInfo: keyed.pageInfo,
    },
    networkIds,
  };
}
