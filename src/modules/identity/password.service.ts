import type { DataSource, EntityManager } from 'typeorm';
import { query, sql } from '../../common/db/sql';
import type { Viewer } from '../../common/auth/viewer';
import { hashPassword, verifyAgainstDummy, verifyPassword } from '../../common/auth/password';
import { newOpaqueToken } from '../../common/auth/tokens';
import { seal } from '../../common/auth/sealed';
import { NotFoundError } from '../../common/errors/errors';
import type { UnitOfWork } from '../../platform/unit-of-work/unit-of-work';
import { normalizeEmail, PractitionerEntity } from '../practitioner';
import {
  consumeAccountToken,
  findAccountToken,
  inputRefused,
  invalidToken,
  issueAccountToken,
  tokenHashOf,
} from './account-tokens';
import { checkNewPassword, normalizePassword } from './password-rules';
import type { ClientInfo } from './client-info';
import type { SecurityLog } from './security-log';
import { SecurityEventKind } from './security-log.enums';
import { endOpenSessions } from './session-rows';

export interface PasswordResetRequestOutcome {
  accepted: boolean;
  message: string;
}

const RESET_REQUESTED =
  'If an account has this address, a message was sent to it: open its link within 30 minutes to choose ' +
  'a new password.';

/** Whether `password` is the account's: NFKC first (how passwords are hashed now), then as typed. */
export async function passwordMatches(passwordHash: string, password: string): Promise<boolean> {
  const normalized = normalizePassword(password);
  if (await verifyPassword(passwordHash, normalized)) return true;
  return normalized !== password && verifyPassword(passwordHash, password);
}

/** Forgotten passwords (a link by e-mail) and changing one's password. */
export class PasswordService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly secret: string,
    /** Resets and changes are entered in the account's security log. */
    private readonly securityLog: SecurityLog,
  ) {}

  /**
   * Sends a reset link if the address has an account. The answer is the same either way, and so is the
   * work: the token is made and sealed, and one transaction runs a statement on the token table.
   */
  async requestReset(email: string): Promise<PasswordResetRequestOutcome> {
    const normalized = normalizeEmail(email);
    await this.uow.run(async (tx) => {
      const [p] = await query<{ id: string }>(
        tx.manager,
        sql`SELECT id FROM practitioner WHERE "emailNormalized" = ${normalized}`,
      );
      if (p) {
        const sealedToken = await issueAccountToken(tx.manager, this.secret, p.id, 'password-reset');
        tx.record('mail.requested', { template: 'reset-password', recipientId: p.id, sealedToken });
      } else {
        // Equivalent work for an unknown address: a token made and sealed, a statement on the same table.
        seal(newOpaqueToken().token, this.secret);
        await query(
          tx.manager,
          sql`DELETE FROM account_token WHERE "practitionerId" IS NULL AND purpose = 'password-reset'`,
        );
      }
    });
    return { accepted: true, message: RESET_REQUESTED };
  }

  /**
   * Sets a new password with a reset token (single-use, 30 minutes): every session of the account ends
   * and its sockets close. Of two concurrent resets with one token, one wins; the other is refused.
   */
  async reset(
    token: string,
    newPassword: string,
    client: ClientInfo | null = null,
  ): Promise<{ sessionsEnded: number }> {
    const hash = tokenHashOf(token);
    const found = await findAccountToken(this.dataSource, hash, 'password-reset');
    if (!found) {
      await verifyAgainstDummy(newPassword); // a guessed token costs the same as a real one
      throw invalidToken();
    }
    const account = await this.dataSource
      .getRepository(PractitionerEntity)
      .findOneBy({ id: found.practitionerId });
    if (!account) throw invalidToken();
    const password = checkNewPassword(newPassword, account.email, 'newPassword');
    const passwordHash = await hashPassword(password);
    return this.uow.run(async (tx) => {
      const row = await consumeAccountToken(tx.manager, hash, 'password-reset');
      if (!row) throw invalidToken(); // another reset with this token won
      // The link reached the account's mailbox: the address is confirmed too.
      await this.setPassword(tx.manager, row.practitionerId, passwordHash, true);
      await query(
        tx.manager,
        sql`DELETE FROM account_token WHERE "practitionerId" = ${row.practitionerId} AND purpose = 'password-reset' AND "usedAt" IS NULL`,
      );
      const sessionsEnded = (await endOpenSessions(tx, row.practitionerId, 'password-reset')).length;
      await this.securityLog.record(tx, row.practitionerId, SecurityEventKind.PASSWORD_RESET, {
        client,
        facts: { sessionsEnded },
      });
      tx.record('mail.requested', { template: 'password-changed', recipientId: row.practitionerId });
      return { sessionsEnded };
    });
  }

  /** Changes one's password with the current one; the other sessions end (this one stays). */
  async change(
    viewer: Viewer,
    currentPassword: string,
    newPassword: string,
    client: ClientInfo | null = null,
  ): Promise<{ sessionsEnded: number }> {
    const me = await this.dataSource.getRepository(PractitionerEntity).findOneBy({ id: viewer.id });
    if (!me) throw new NotFoundError('Your account');
    if (!(await passwordMatches(me.passwordHash, currentPassword)))
      throw inputRefused('currentPassword', 'is wrong', 'WRONG_PASSWORD');
    const password = checkNewPassword(newPassword, me.email, 'newPassword');
    const passwordHash = await hashPassword(password);
    return this.uow.run(async (tx) => {
      await this.setPassword(tx.manager, me.id, passwordHash, false);
      // Reset links sent before are void: the password they would replace is gone.
      await query(
        tx.manager,
        sql`DELETE FROM account_token WHERE "practitionerId" = ${me.id} AND purpose = 'password-reset' AND "usedAt" IS NULL`,
      );
      const sessionsEnded = (await endOpenSessions(tx, me.id, 'password-changed', viewer.sessionId ?? null))
        .length;
      await this.securityLog.record(tx, me.id, SecurityEventKind.PASSWORD_CHANGED, {
        client,
        sessionId: viewer.sessionId ?? null,
        facts: { sessionsEnded },
      });
      tx.record('mail.requested', { template: 'password-changed', recipientId: me.id });
      return { sessionsEnded };
    });
  }

  private async setPassword(
    manager: EntityManager,
    id: string,
    passwordHash: string,
    confirmsEmail: boolean,
  ): Promise<void> {
    await query(
      manager,
      sql`UPDATE practitioner SET "passwordHash" = ${passwordHash}, "updatedAt" = now(),
              "emailConfirmedAt" = CASE WHEN ${confirmsEmail} THEN COALESCE("emailConfirmedAt", now()) ELSE "emailConfirmedAt" END
           WHERE id = ${id}`,
    );
  }
}
