import type { EntityManager } from 'typeorm';
import { query, sql } from '../../common/db/sql';
import type { ModerationLogAction, TargetType } from './moderation-log.enums';

export interface ModerationDecision {
  actorId: string;
  action: ModerationLogAction;
  targetType: TargetType;
  targetId: string;
  note?: string | null;
  reportId?: string | null;
  details?: Record<string, string | null> | null;
  /**
   * A decision someone may repeat in a burst (a role switched back and forth): when the latest entry of the
   * same action about the same target (and the same `details.network`) is by the same actor, with the same
   * note, less than BURST_WINDOW_MINUTES ago, this one is recorded as a repeat of that entry's burst.
   */
  burst?: boolean;
}

/** How long after a change the same actor's next change of the same target joins its burst. */
export const BURST_WINDOW_MINUTES = 10;

/**
 * Appends one decision to the moderation log, inside the caller's transaction (so the decision and its
 * record commit or fail together). The only write path to the log: there is no update or delete. A repeat
 * in a burst is appended too, pointing at its burst's first entry (the log query folds it into that one).
 */
export async function recordModerationDecision(manager: EntityManager, d: ModerationDecision): Promise<void> {
  if (d.burst) {
    const note = d.note ?? null;
    const details = d.details ? JSON.stringify(d.details) : null;
    await query(
      manager,
      sql`INSERT INTO moderation_log ("actorId", "action", "targetType", "targetId", "note", "reportId", "details", "burstOfId")
          SELECT ${d.actorId}::uuid, ${d.action}::moderation_log_action, ${d.targetType}::varchar, ${d.targetId}::uuid,
                 ${note}::varchar, ${d.reportId ?? null}::uuid, ${details}::jsonb,
                 (SELECT CASE WHEN l."actorId" = ${d.actorId}::uuid AND l."note" IS NOT DISTINCT FROM ${note}::varchar
                               AND l."createdAt" > now() - make_interval(mins => ${BURST_WINDOW_MINUTES})
                              THEN COALESCE(l."burstOfId", l."id") END
                    FROM moderation_log l
                   WHERE l."targetId" = ${d.targetId}::uuid AND l."targetType" = ${d.targetType}::varchar
                     AND l."action" = ${d.action}::moderation_log_action
                     AND (l."details" ->> 'network') IS NOT DISTINCT FROM (${details}::jsonb ->> 'network')
                   ORDER BY l."createdAt" DESC, l."id" DESC LIMIT 1)`,
    );
    return;
  }
  // By entity name: the table is the moderation module's (ModerationLogEntity), which depends on this one.
  await manager.insert('ModerationLogEntity', {
    actorId: d.actorId,
    action: d.action,
    targetType: d.targetType,
    targetId: d.targetId,
    note: d.note ?? null,
    reportId: d.reportId ?? null,
    details: d.details ?? null,
  });
}
