import type { DataSource } from 'typeorm';
import type { Viewer } from '../../common/auth/viewer';
import { ForbiddenError } from '../../common/errors/errors';
import { isoMicros, sqlParams } from '../../common/relay/batched-connection';
import { decodeCursor, toPage } from '../../common/relay/pagination';
import type { Page } from '../../common/relay/pagination';
import { isModerator } from '../practitioner/practitioner.policy';
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

/** Reading the moderation log (global moderators). Entries are written by recordModerationDecision. */
export class ModerationLogService {
  constructor(private readonly dataSource: DataSource) {}

  /** The moderation log, newest first (keyset on createdAt, id). Global moderators only. */
  async log(
    viewer: Viewer,
    filter: LogFilter | null | undefined,
    first: number,
    after: string | null | undefined,
    onlyId?: string,
  ): Promise<Page<ModerationLogEntity>> {
    if (!isModerator(viewer)) throw new ForbiddenError('Only moderators read the moderation log.');
    const { params, bind } = sqlParams();
    const where: string[] = [];
    if (onlyId) where.push(`l.id = ${bind(onlyId)}`);
    else if (!filter?.includeRepeats) where.push(`l."burstOfId" IS NULL`);
    if (filter?.actorId) where.push(`l."actorId" = ${bind(filter.actorId)}`);
    if (filter?.targetId) where.push(`l."targetId" = ${bind(filter.targetId)}`);
    if (filter?.actions?.length) where.push(`l.action::text = ANY(${bind(filter.actions)}::text[])`);
    if (filter?.from) where.push(`l."createdAt" >= ${bind(filter.from)}`);
    if (filter?.to) where.push(`l."createdAt" < ${bind(filter.to)}`);
    if (after) {
      const [at, id] = decodeCursor(after, ['timestamp', 'uuid']);
      where.push(`(l."createdAt", l.id) < (${bind(at)}::timestamptz, ${bind(id)}::uuid)`);
    }
    // Each entry with the burst folded into it (its repeats' count, the last one's time and details).
    const rows: (ModerationLogEntity & {
      cursorAt: string;
      repeats: number;
      lastAt: Date | string;
      finalDetails: Record<string, string | null> | null;
    })[] = await this.dataSource.query(
      // The page first, then its bursts (two index look-ups per entry of the page, never of the whole log).
      `SELECT l.*, ${isoMicros('l."createdAt"')} AS "cursorAt", b.n AS "repeats",
              COALESCE(last."createdAt", l."createdAt") AS "lastAt", COALESCE(last."details", l."details") AS "finalDetails"
         FROM (SELECT * FROM moderation_log l ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
                ORDER BY l."createdAt" DESC, l.id DESC LIMIT ${bind(first + 1)}) l
         CROSS JOIN LATERAL (SELECT count(*)::int AS n FROM moderation_log r WHERE r."burstOfId" = l.id) b
         LEFT JOIN LATERAL (SELECT r."createdAt", r."details" FROM moderation_log r WHERE r."burstOfId" = l.id
                             ORDER BY r."createdAt" DESC, r.id DESC LIMIT 1) last ON true
        ORDER BY l."createdAt" DESC, l.id DESC`,
      params,
    );
    const repo = this.dataSource.getRepository(ModerationLogEntity);
    const cursors = new Map(rows.map((r) => [r.id, r.cursorAt]));
    return toPage(
      rows.map((r) =>
        Object.assign(repo.create(r), {
          repeats: r.repeats,
          lastAt: new Date(r.lastAt),
          finalDetails: r.finalDetails,
        }),
      ),
      first,
      (r) => [cursors.get(r.id)!, r.id],
    );
  }
}
