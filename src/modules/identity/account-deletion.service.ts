import type { DataSource } from 'typeorm';
import { query, sql } from '../../common/db/sql';
import type { Viewer } from '../../common/auth/viewer';
import { hashPassword } from '../../common/auth/password';
import { newOpaqueToken } from '../../common/auth/tokens';
import { BadUserInputError, NotFoundError } from '../../common/errors/errors';
import type { Tx, UnitOfWork } from '../../platform/unit-of-work/unit-of-work';
import { ModerationLogAction, recordModerationDecision, TargetType } from '../moderation-log';
import { PractitionerEntity } from '../practitioner';
import { inputRefused } from './account-tokens';
import { forgetPractitioner } from './account-deletion.forget';
import { passwordMatches } from './password.service';

/** The bound on an admin's reason (the moderation log's note column holds 1000). */
export const DELETION_REASON_MAX = 1000;

export interface DeletionOutcome {
  practitionerId: string;
  contentRemoved: boolean;
  sessionsEnded: number;
}

/**
 * Deleting an account, by its owner (`deleteAccount`) or by an admin (`deletePractitioner`): in one unit of
 * work, every session ends (their sockets close after the commit), the rows listed in
 * `account-deletion.forget.ts` are removed or anonymised, and the practitioner row becomes a tombstone.
 */
export class AccountDeletionService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
  ) {}

  /** Deletes the viewer's own account, with their password. */
  async deleteOwn(viewer: Viewer, password: string, removeContent: boolean): Promise<DeletionOutcome> {
    const me = await this.live(viewer.id);
    if (!me) throw new NotFoundError('Your account');
    if (!(await passwordMatches(me.passwordHash, password)))
      throw inputRefused('password', 'is wrong', 'WRONG_PASSWORD');
    const unusable = await hashPassword(newOpaqueToken().token);
    return this.uow.run((tx) => this.forget(tx, me.id, removeContent, unusable));
  }

  /** An admin deletes someone else's account; the reason goes to the moderation log. */
  async deleteByAdmin(
    viewer: Viewer,
    practitionerId: string,
    reason: string,
    removeContent: boolean,
  ): Promise<DeletionOutcome> {
    const note = reason.trim();
    if (!note || note.length > DELETION_REASON_MAX)
      throw new BadUserInputError(`reason must be 1 to ${DELETION_REASON_MAX} characters long.`, [
        { field: 'reason', message: `must be 1 to ${DELETION_REASON_MAX} characters long` },
      ]);
    if (practitionerId === viewer.id)
      throw new BadUserInputError('Delete your own account with deleteAccount.', [
        { field: 'practitionerId', message: 'is yours: use deleteAccount' },
      ]);
    const target = await this.live(practitionerId);
    if (!target) throw new NotFoundError('Practitioner');
    const unusable = await hashPassword(newOpaqueToken().token);
    return this.uow.run(async (tx) => {
      const outcome = await this.forget(tx, target.id, removeContent, unusable);
      await recordModerationDecision(tx.manager, {
        actorId: viewer.id,
        action: ModerationLogAction.PRACTITIONER_DELETED,
        targetType: TargetType.PRACTITIONER,
        targetId: target.id,
        note,
        details: { contentRemoved: String(removeContent) },
      });
      return outcome;
    });
  }

  /** An account that exists and is not deleted yet. */
  private async live(id: string): Promise<PractitionerEntity | null> {
    const p = await this.dataSource.getRepository(PractitionerEntity).findOneBy({ id });
    return p && !p.deletedAt ? p : null;
  }

  private async forget(
    tx: Tx,
    id: string,
    removeContent: boolean,
    unusablePasswordHash: string,
  ): Promise<DeletionOutcome> {
    // Locks the row: of two deletions at once, the second finds the tombstone and is refused.
    const [row] = await query<{ deletedAt: Date | null }>(
      tx.manager,
      sql`SELECT "deletedAt" FROM practitioner WHERE id = ${id} FOR UPDATE`,
    );
    if (!row || row.deletedAt) throw new NotFoundError('Practitioner');
    // Every open session ends (their sockets close with 4401 on every instance after the commit); the
    // rows go with the rest, in forgetPractitioner.
    const sessions = await query<{ id: string }>(
      tx.manager,
      sql`SELECT id FROM auth_session WHERE "practitionerId" = ${id} AND "revokedAt" IS NULL`,
    );
    for (const s of sessions) tx.record('session.ended', { practitionerId: id, sessionId: s.id });
    tx.record('practitioner.deleted', { practitionerId: id });
    await forgetPractitioner(tx.manager, id, removeContent, unusablePasswordHash);
    return { practitionerId: id, contentRemoved: removeContent, sessionsEnded: sessions.length };
  }
}
