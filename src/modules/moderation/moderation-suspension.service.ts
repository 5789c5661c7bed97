import type { DataSource, EntityManager } from 'typeorm';
import type { Viewer } from '../../common/auth/viewer';
import { ConflictError, ForbiddenError, NotFoundError } from '../../common/errors/errors';
import { canDecideOnAccount, isModerator, OUTRANKED_MESSAGE } from '../practitioner';
import { PractitionerEntity } from '../practitioner';
import { expireRefreshTokensOf } from '../identity';
import { NotificationType } from '../notification-type';
import type { UnitOfWork } from '../../platform/unit-of-work/unit-of-work';
import { ModerationAction, ModerationLogAction, TargetType } from './moderation.enums';
import { recordModerationDecision } from '../moderation-log';
import { checkNote, checkUntil } from './moderation-checks';
import { OTHER_NODE_TYPES } from './moderation-targets';

/**
 * Suspends inside the caller's transaction: marks the account and ends its refresh tokens (they can no
 * longer be traded for access tokens). Open WebSocket connections are closed after the commit.
 */
export async function applySuspension(
  manager: EntityManager,
  viewer: Viewer,
  targetId: string,
  until: Date,
  reason: string | null,
): Promise<void> {
  const target = await manager
    .getRepository(PractitionerEntity)
    .findOne({ where: { id: targetId }, lock: { mode: 'pessimistic_write' } });
  if (!target) throw new NotFoundError('Practitioner');
  if (target.id === viewer.id) throw new ForbiddenError('You cannot suspend yourself.');
  if (!canDecideOnAccount(viewer, target)) throw new ForbiddenError(OUTRANKED_MESSAGE);
  await manager.update(
    PractitionerEntity,
    { id: targetId },
    { suspendedUntil: until, suspensionReason: reason },
  );
  await expireRefreshTokensOf(manager, targetId);
}

/** Suspending a practitioner and lifting the suspension (global moderators). */
export class SuspensionService {
  constructor(
    private readonly dataSource: DataSource,
    /** Suspending records `practitioner.suspended` (open sockets close) and the member's notification. */
    private readonly uow: UnitOfWork,
  ) {}

  async suspend(
    viewer: Viewer,
    id: string,
    until: Date | null | undefined,
    reasonInput: string,
  ): Promise<PractitionerEntity> {
    if (!isModerator(viewer)) throw new ForbiddenError('Only global moderators suspend practitioners.');
    const reason = checkNote(reasonInput, 'reason');
    const end = checkUntil(until, 'until');
    return this.uow.run(async ({ manager, record }) => {
      await applySuspension(manager, viewer, id, end, reason);
      await recordModerationDecision(manager, {
        actorId: viewer.id,
        action: ModerationLogAction.PRACTITIONER_SUSPENDED,
        targetType: TargetType.PRACTITIONER,
        targetId: id,
        note: reason,
        details: { until: end.toISOString() },
      });
      record('practitioner.suspended', { practitionerId: id });
      record('notification.requested', {
        notifications: [
          {
            type: NotificationType.MODERATION_ACTION_ON_YOUR_CONTENT,
            recipientId: id,
            actorId: null,
            subjectType: OTHER_NODE_TYPES[TargetType.PRACTITIONER]!,
            subjectId: id,
            decision: ModerationAction.SUSPEND_AUTHOR,
            note: reason,
          },
        ],
      });
      return manager.getRepository(PractitionerEntity).findOneByOrFail({ id });
    });
  }

  async unsuspend(
    viewer: Viewer,
    id: string,
    noteInput: string | null | undefined,
  ): Promise<PractitionerEntity> {
    if (!isModerator(viewer)) throw new ForbiddenError('Only global moderators lift suspensions.');
    const note = checkNote(noteInput, 'note', false);
    return this.dataSource.transaction(async (manager) => {
      const repo = manager.getRepository(PractitionerEntity);
      const target = await repo.findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!target) throw new NotFoundError('Practitioner');
      // A moderator does not lift what only an admin could impose (the suspension of a moderator or admin).
      if (!canDecideOnAccount(viewer, target)) throw new ForbiddenError(OUTRANKED_MESSAGE);
      if (!target.suspendedUntil || target.suspendedUntil.getTime() <= Date.now())
        throw new ConflictError('This practitioner is not suspended.');
      await repo.update({ id }, { suspendedUntil: null, suspensionReason: null });
      await recordModerationDecision(manager, {
        actorId: viewer.id,
        action: ModerationLogAction.PRACTITIONER_UNSUSPENDED,
        targetType: TargetType.PRACTITIONER,
        targetId: id,
        note,
      });
      return repo.findOneByOrFail({ id });
    });
  }
}
