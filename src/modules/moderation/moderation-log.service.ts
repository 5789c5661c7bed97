import type { DataSource } from 'typeorm';
import type { Viewer } from '../../common/auth/viewer';
import { ForbiddenError } from '../../common/errors/errors';
import { empty, join, query, raw, sql } from '../../common/db/sql';
import type { Sql } from '../../common/db/sql';
import { isoMicros } from '../../common/relay/batched-connection';
import { Keyset } from '../../common/relay/keyset';
import { mapPage } from '../../common/relay/pagination';
import type { Page, PageArgs } from '../../common/relay/pagination';
import { isModerator } from '../practitioner';
import { ModerationLogEntity } from './moderation.entity';
import type { ModerationLogAction } from './moderation.enums';

export interface LogFilter {
  actorId?: string | null;
  targetId?: string | null;
  actions?: ModerationLogAction[] | null;
  from?: Date | null;
  to?: Date | null;
  /** Also list the repeats folded into their burst's first entry. */
  includeRepeats?: boolean | null;
}

/** An entry of a log page with its burst folded into it, and its keyset value. */
type LogRow = ModerationLogEntity & {
  cursorAt: string;
  repeats: number;
  lastAt: Date | string;
  finalDetails: Record<string, string | null> | null;
};

/** The moderation log: newest first. */
const LOG_ORDER = new Keyset<LogRow>(
  [
    { column: 'l."createdAt"', kind: 'timestamp' },
    { column: 'l.id', kind: 'uuid' },
  ],
  'DESC',
  (r) => [r.cursorAt, r.id],
);

/** Reading the moderation log (global moderators). Entries are written by recordModerationDecision. */
export class ModerationLogService {
  constructor(private readonly dataSource: DataSource) {}

  /** The moderation log, newest first (keyset on createdAt, id). Global moderators only. */
  async log(
    viewer: Viewer,
    filter: LogFilter | null | undefined,
    page: PageArgs,
    onlyId?: string,
  ): Promise<Page<ModerationLogEntity>> {
    if (!isModerator(viewer)) throw new ForbiddenError('Only moderators read the moderation log.');
    const w = LOG_ORDER.window(page);
    const where: Sql[] = [];
    if (onlyId) where.push(sql`l.id = ${onlyId}`);
    else if (!filter?.includeRepeats) where.push(sql`l."burstOfId" IS NULL`);
    if (filter?.actorId) where.push(sql`l."actorId" = ${filter.actorId}`);
    if (filter?.targetId) where.push(sql`l."targetId" = ${filter.targetId}`);
    if (filter?.actions?.length) where.push(sql`l.action::text = ANY(${filter.actions}::text[])`);
    if (filter?.from) where.push(sql`l."createdAt" >= ${filter.from}`);
    if (filter?.to) where.push(sql`l."createdAt" < ${filter.to}`);
    if (w.after) where.push(w.after);
    // Each entry with the burst folded into it (its repeats' count, the last one's time and details).
    const rows = await query<LogRow>(
      this.dataSource,
      // The page first, then its bursts (two index look-ups per entry of the page, never of the whole log).
      sql`SELECT l.*, ${raw(isoMicros('l."createdAt"'))} AS "cursorAt", b.n AS "repeats",
              COALESCE(last."createdAt", l."createdAt") AS "lastAt", COALESCE(last."details", l."details") AS "finalDetails"
         FROM (SELECT * FROM moderation_log l ${where.length ? sql`WHERE ${join(where, ' AND ')}` : empty}
                ORDER BY ${w.orderBy} ${w.limit}) l
         CROSS JOIN LATERAL (SELECT count(*)::int AS n FROM moderation_log r WHERE r."burstOfId" = l.id) b
         LEFT JOIN LATERAL (SELECT r."createdAt", r."details" FROM moderation_log r WHERE r."burstOfId" = l.id
                             ORDER BY r."createdAt" DESC, r.id DESC LIMIT 1) last ON true
        ORDER BY ${w.orderBy}`,
    );
    const repo = this.dataSource.getRepository(ModerationLogEntity);
    return mapPage(w.page(rows), (r) =>
      Object.assign(repo.create(r), {
        repeats: r.repeats,
        lastAt: new Date(r.lastAt),
        finalDetails: r.finalDetails,
      }),
    );
  }
}
