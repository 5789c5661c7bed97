import type { DataSource } from 'typeorm';
import { query, sql } from '../../common/db/sql';
import type { Viewer } from '../../common/auth/viewer';
import { ConflictError, NotFoundError } from '../../common/errors/errors';
import type { UnitOfWork, Tx } from '../../platform/unit-of-work/unit-of-work';
import { normalizeEmail, PractitionerEntity } from '../practitioner';
import {
  consumeAccountToken,
  inputRefused,
  invalidToken,
  issueAccountToken,
  tokenHashOf,
} from './account-tokens';
import { passwordMatches } from './password.service';
import type { SecurityLog } from './security-log';
import { SecurityEventKind } from './security-log.enums';

export interface EmailConfirmationOutcome {
  emailConfirmed: boolean;
  email: string;
}

export interface ResendOutcome {
  sent: boolean;
  email: string;
}

export interface EmailChangeOutcome {
  accepted: boolean;
  message: string;
}

const CHANGE_REQUESTED =
  'If the new address can be used, a message was sent to it: open its link within 48 hours to make it ' +
  'your address. Until then your address stays as it is.';

/** Confirming an address: on registration and on a change of address (which takes effect when confirmed). */
export class EmailConfirmationService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    /** The server's secret: seals the link's token in its outbox event. */
    private readonly secret: string,
    /** A change of address is entered in the account's security log. */
    private readonly securityLog: SecurityLog,
  ) {}

  /** Issues a confirmation link for the account's address, or for `newEmail`, in the caller's unit of work. */
  async send(tx: Pick<Tx, 'manager' | 'record'>, practitionerId: string, newEmail: string | null = null) {
    const sealedToken = await issueAccountToken(
      tx.manager,
      this.secret,
      practitionerId,
      'email-confirmation',
      newEmail,
    );
    tx.record('mail.requested', {
      template: 'confirm-email',
      recipientId: practitionerId,
      to: newEmail,
      sealedToken,
    });
  }

  /** Consumes a confirmation token: the address is confirmed (a new address replaces the old one). */
  async confirm(token: string): Promise<EmailConfirmationOutcome> {
    const hash = tokenHashOf(token);
    return this.uow.run(async (tx) => {
      const { manager } = tx;
      const row = await consumeAccountToken(manager, hash, 'email-confirmation');
      if (!row) throw invalidToken();
      if (row.email) {
        const normalized = normalizeEmail(row.email);
        const [taken] = await query<{ id: string }>(
          manager,
          sql`SELECT id FROM practitioner WHERE "emailNormalized" = ${normalized} AND id <> ${row.practitionerId}`,
        );
        if (taken) throw new ConflictError('Another account has taken this address since it was requested.');
        await query(
          manager,
          sql`UPDATE practitioner SET email = ${row.email}, "emailNormalized" = ${normalized},
                  "emailConfirmedAt" = now(), "updatedAt" = now()
               WHERE id = ${row.practitionerId}`,
        );
        await this.securityLog.record(tx, row.practitionerId, SecurityEventKind.EMAIL_CHANGED, {});
        return { emailConfirmed: true, email: row.email };
      }
      const [p] = await query<{ email: string }>(
        manager,
        sql`WITH p AS (UPDATE practitioner SET "emailConfirmedAt" = COALESCE("emailConfirmedAt", now())
                        WHERE id = ${row.practitionerId} RETURNING email)
            SELECT email FROM p`,
      );
      if (!p) throw invalidToken();
      return { emailConfirmed: true, email: p.email };
    });
  }

  /**
   * Sends the account's confirmation link again (a new link; the earlier ones stop working, a pending change
   * of address included) unless its address is confirmed already: then nothing is sent and `sent` is false.
   * The caller is the account holder, who knows whether their address is confirmed: answering so tells
   * nobody anything new.
   */
  async resend(viewer: Viewer): Promise<ResendOutcome> {
    return this.uow.run(async (tx) => {
      const [me] = await query<{ email: string; confirmed: boolean }>(
        tx.manager,
        sql`SELECT email, "emailConfirmedAt" IS NOT NULL AS confirmed FROM practitioner
             WHERE id = ${viewer.id} FOR UPDATE`,
      );
      if (!me) throw new NotFoundError('Your account');
      if (me.confirmed) return { sent: false, email: me.email };
      await this.send(tx, viewer.id);
      return { sent: true, email: me.email };
    });
  }

  /**
   * Asks to change the account's address: checks the current password, then sends a link to the new
   * address. The answer is the same when the new address belongs to another account (nothing is sent),
   * so that this does not tell who is registered.
   */
  async requestChange(
    viewer: Viewer,
    newEmail: string,
    currentPassword: string,
  ): Promise<EmailChangeOutcome> {
    const me = await this.dataSource.getRepository(PractitionerEntity).findOneBy({ id: viewer.id });
    if (!me) throw new NotFoundError('Your account');
    if (!(await passwordMatches(me.passwordHash, currentPassword)))
      throw inputRefused('currentPassword', 'is wrong', 'WRONG_PASSWORD');
    const email = newEmail.trim();
    const normalized = normalizeEmail(email);
    if (normalized === me.emailNormalized)
      throw inputRefused('newEmail', 'is already your address', 'SAME_ADDRESS');
    await this.uow.run(async (tx) => {
      const [taken] = await query<{ id: string }>(
        tx.manager,
        sql`SELECT id FROM practitioner WHERE "emailNormalized" = ${normalized}`,
      );
      if (!taken) await this.send(tx, me.id, email);
    });
    return { accepted: true, message: CHANGE_REQUESTED };
  }
}
