import type { DataSource } from 'typeorm';
import { Role } from '../../common/auth/role';
import { boundViewer } from '../../common/auth/policy';
import type { Viewer } from '../../common/auth/viewer';
import { BadUserInputError, ForbiddenError, NotFoundError } from '../../common/errors/errors';
import { isoMicros } from '../../common/relay/batched-connection';
import { and, empty, fromBind, query, raw, sql } from '../../common/db/sql';
import type { Sql } from '../../common/db/sql';
import { Keyset } from '../../common/relay/keyset';
import { MAX_PAGE_SIZE } from '../../common/relay/pagination';
import type { Page, PageArgs } from '../../common/relay/pagination';
import { PractitionerEntity } from '../practitioner';
import { pendingVerificationsSql } from '../practitioner';
import type { ContentKinds } from '../content';
import { ModerationAssignmentEntity } from './moderation.entity';
import { ModerationItemStatus } from './moderation.enums';
import type { ModerationItemKind, TargetType } from './moderation.enums';
import { moderatedNetworks } from './moderation-checks';

/** One item of the moderation queue, as the queue query returns it. */
export interface ModerationItemRow {
  key: string;
  kind: ModerationItemKind;
  targetType: TargetType;
  targetId: string;
  waitingSince: Date;
  cursorAt: string;
  reportCount: number;
  assigneeId: string | null;
  assignedAt: Date | null;
}

export interface QueueFilter {
  kinds?: ModerationItemKind[] | null;
  status?: ModerationItemStatus | null;
  networkIds?: string[] | null;
  assignedToMe?: boolean | null;
}

/** The queue's order: oldest waiting first, then by item key. */
const QUEUE_ORDER = new Keyset<ModerationItemRow>(
  [
    { column: 'q.at', kind: 'timestamp' },
    { column: 'q.key', kind: 'string' },
  ],
  'ASC',
  (r) => [r.cursorAt, r.key],
);

/** The moderation queue (everything awaiting a decision) and who works on which item. */
export class ModerationQueueService {
  constructor(
    private readonly dataSource: DataSource,
    /** The content kinds: which are reviewed in the queue, and which network moderators review. */
    private readonly kinds: ContentKinds,
  ) {}

  /**
   * One queue of everything awaiting a decision, oldest first (keyset on waitingSince, key): posts pending
   * review, open reports grouped by target, pending verifications. One SQL statement.
   */
  async queue(
    viewer: Viewer,
    filter: QueueFilter | null | undefined,
    page: PageArgs,
    onlyKeys?: readonly string[],
  ): Promise<Page<ModerationItemRow>> {
    const networks = await moderatedNetworks(this.dataSource, viewer, this.kinds);
    const global = networks === 'all';
    const w = QUEUE_ORDER.window(page);
    // The kinds' SQL forms are text written with a Bind (they also serve a viewer held in columns).
    const items = fromBind((bind) => {
      // A record is in a network moderator's scope when its kind's network-review rule makes them a reviewer.
      const reviewer = global ? null : boundViewer(viewer, bind); // bind only what is used
      const inScope = (targetTypeSql: string, targetIdSql: string) =>
        !reviewer
          ? 'TRUE'
          : this.kinds.caseSql(
              targetTypeSql,
              (k) => k.networkReview?.reviewerSql(reviewer, targetIdSql) ?? null,
            );
      const parts: string[] = [];
      for (const kind of this.kinds.all) {
        // Global moderators review every kind; network moderators the kinds with a network-review rule.
        if (!kind.review || (!global && !kind.networkReview)) continue;
        const scoped = global ? 'TRUE' : kind.networkReview!.reviewerSql(reviewer!, 'x.id');
        parts.push(
          `SELECT '${kind.review.queueKind}' AS kind, '${kind.targetType}' AS "targetType", x.id AS "targetId", x."updatedAt" AS at
           FROM ${kind.review.table} x WHERE x.status = 'PENDING_REVIEW' AND ${scoped}`,
        );
      }
      parts.push(
        `SELECT 'REPORT', r."targetType", r."targetId", min(r."createdAt")
         FROM report r WHERE r.status = 'OPEN' AND ${inScope('r."targetType"', 'r."targetId"')}
        GROUP BY r."targetType", r."targetId"`,
      );
      if (global)
        parts.push(
          `SELECT 'VERIFICATION', 'PRACTITIONER', pv.id, pv."createdAt" FROM (${pendingVerificationsSql()}) pv`,
        );
      return parts.join(' UNION ALL ');
    });
    const where: Sql[] = [];
    if (filter?.kinds?.length) where.push(sql`q.kind = ANY(${filter.kinds}::text[])`);
    if (filter?.status === ModerationItemStatus.ASSIGNED) where.push(raw('a."assigneeId" IS NOT NULL'));
    if (filter?.status === ModerationItemStatus.UNASSIGNED) where.push(raw('a."assigneeId" IS NULL'));
    if (filter?.assignedToMe) where.push(sql`a."assigneeId" = ${viewer.id}`);
    const networkIds = filter?.networkIds;
    if (networkIds?.length)
      where.push(
        fromBind((bind) => {
          const ids = bind(networkIds);
          return this.kinds.caseSql(
            'q."targetType"',
            (k) => k.networkReview?.inNetworksSql(ids, 'q."targetId"') ?? null,
          );
        }),
      );
    if (onlyKeys) where.push(sql`q.key = ANY(${[...onlyKeys]}::text[])`);
    if (w.after) where.push(w.after);
    const rows = await query<ModerationItemRow>(
      this.dataSource,
      sql`SELECT q.key, q.kind, q."targetType", q."targetId", q.at AS "waitingSince", ${raw(isoMicros('q.at'))} AS "cursorAt",
              (SELECT count(*)::int FROM report rc WHERE rc."targetType" = q."targetType" AND rc."targetId" = q."targetId"
                 AND rc.status = 'OPEN') AS "reportCount",
              a."assigneeId", a."assignedAt"
         FROM (SELECT u.*, u.kind || ':' || u."targetType" || ':' || u."targetId" AS key
                 FROM (${items}) u(kind, "targetType", "targetId", at)) q
         LEFT JOIN moderation_assignment a ON a."itemKey" = q.key
        ${where.length ? sql`WHERE ${and(where)}` : empty}
        ORDER BY ${w.orderBy} ${w.limit}`,
    );
    return w.page(rows);
  }

  /**
   * The items with these keys as the viewer's queue holds them (null for any it does not hold), in one
   * statement; null for all when the viewer moderates nothing.
   */
  async items(viewer: Viewer, keys: readonly string[]): Promise<(ModerationItemRow | null)[]> {
    let page: Page<ModerationItemRow>;
    try {
      page = await this.queue(viewer, null, { first: Math.min(keys.length, MAX_PAGE_SIZE) }, keys);
    } catch (error) {
      if (error instanceof ForbiddenError) return keys.map(() => null);
      throw error;
    }
    const byKey = new Map(page.edges.map((e) => [e.node.key, e.node]));
    return keys.map((k) => byKey.get(k) ?? null);
  }

  /** Takes a queue item (or gives it to another global moderator); the item must be in the viewer's queue. */
  async assign(viewer: Viewer, key: string, assigneeId: string | null): Promise<ModerationItemRow> {
    const found = await this.queue(viewer, null, { first: 1 }, [key]);
    if (!found.edges.length) throw new NotFoundError('Moderation item');
    const assignee = assigneeId ?? viewer.id;
    if (assignee !== viewer.id) {
      const p = await this.dataSource.getRepository(PractitionerEntity).findOneBy({ id: assignee });
      if (!p) throw new NotFoundError('Practitioner');
      if (p.role !== Role.MODERATOR && p.role !== Role.ADMIN)
        throw new BadUserInputError('Items can only be assigned to moderators.', [
          { field: 'assigneeId', message: 'must be a moderator' },
        ]);
    }
    await this.dataSource
      .createQueryBuilder()
      .insert()
      .into(ModerationAssignmentEntity)
      .values({ itemKey: key, assigneeId: assignee, assignedAt: new Date() })
      .orUpdate(['assigneeId', 'assignedAt'], ['itemKey'])
      .updateEntity(false)
      .execute();
    return (await this.queue(viewer, null, { first: 1 }, [key])).edges[0].node;
  }
}
