import type { EntityManager } from 'typeorm';
import { ModerationLogEntity } from './moderation.entity';
import type { ModerationLogAction, TargetType } from './moderation.enums';

export interface ModerationDecision {
  actorId: string;
  action: ModerationLogAction;
  targetType: TargetType;
  targetId: string;
  note?: string | null;
  reportId?: string | null;
  details?: Record<string, string | null> | null;
}

/**
 * Appends one decision to the moderation log, inside the caller's transaction (so the decision and its
 * record commit or fail together). The only write path to the log: there is no update or delete.
 */
export async function recordModerationDecision(manager: EntityManager, d: ModerationDecision): Promise<void> {
  await manager.insert(ModerationLogEntity, {
    actorId: d.actorId,
    action: d.action,
    targetType: d.targetType,
    targetId: d.targetId,
    note: d.note ?? null,
    reportId: d.reportId ?? null,
    details: d.details ?? null,
  });
}
