import type { DataSource, EntityManager } from 'typeorm';
import { query, sql } from '../../common/db/sql';
import type { Queryable } from '../../common/db/sql';
import type { Viewer } from '../../common/auth/viewer';
import { hashOpaqueToken, newOpaqueToken, OPAQUE_TOKEN_PATTERN } from '../../common/auth/tokens';
import { seal, unseal } from '../../common/auth/sealed';
import { AppError, ConflictError, NotFoundError } from '../../common/errors/errors';
import { ErrorCode } from '../../common/errors/error-code';
import type { Tx, UnitOfWork } from '../../platform/unit-of-work/unit-of-work';
import { PractitionerEntity } from '../practitioner';
import { inputRefused } from './account-tokens';
import type { ClientInfo } from './client-info';
import { passwordMatches } from './password.service';
import type { SecurityLog } from './security-log';
import { SecurityEventKind } from './security-log.enums';
import {
  isTotpCode,
  LOGIN_CHALLENGE_MAX_FAILURES,
  newRecoveryCodes,
  newTotpSecret,
  recoveryCodeHash,
  totpStep,
} from './two-factor';

export interface TwoFactorSettings {
  /** The server's secret: seals TOTP secrets, keys the recovery-code HMAC. */
  secret: string;
  /** How long a login challenge can be answered. */
  challengeTtlSeconds: number;
}

export interface TwoFactorStatus {
  enabled: boolean;
  recoveryCodesLeft: number;
}

/** How a code was accepted. */
export type SecondFactorMethod = 'totp' | 'recovery-code';

export type ChallengeAnswer =
  { ok: true; practitionerId: string; method: SecondFactorMethod } | { ok: false; error: AppError };

function wrongCode(field = 'code'): AppError {
  return inputRefused(field, 'is wrong, expired or already used', 'WRONG_CODE');
}

/** A challenge that is unknown, expired, answered or ended by wrong codes: one answer for all. */
export function invalidChallenge(): AppError {
  return new AppError(
    ErrorCode.UNAUTHENTICATED,
    'This sign-in challenge is invalid, expired or already used; sign in again.',
    { reason: 'INVALID_CHALLENGE' },
  );
}

/**
 * Two-factor sign-in (TOTP, RFC 6238, and recovery codes): enrolment, disabling, new recovery codes, and the
 * second step of a sign-in (`login` makes a challenge, `completeLogin` answers it).
 */
export class TwoFactorService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly securityLog: SecurityLog,
    private readonly settings: TwoFactorSettings,
  ) {}

  /** Whether the account has two-factor sign-in on, and how many unused recovery codes it has. */
  async status(practitionerId: string, db: Queryable = this.dataSource): Promise<TwoFactorStatus> {
    const [row] = await query<{ enabled: boolean; left: number }>(
      db,
      sql`SELECT EXISTS (SELECT 1 FROM two_factor t WHERE t."practitionerId" = ${practitionerId} AND t."enabledAt" IS NOT NULL) AS enabled,
                 (SELECT count(*)::int FROM two_factor_recovery_code c WHERE c."practitionerId" = ${practitionerId} AND c."usedAt" IS NULL) AS "left"`,
    );
    return { enabled: !!row?.enabled, recoveryCodesLeft: row?.enabled ? row.left : 0 };
  }

  /** Starts (or restarts) an enrolment: a new secret, kept sealed as pending, shown this once. */
  async begin(viewer: Viewer, currentPassword: string): Promise<{ secret: string; otpauthUri: string }> {
    const me = await this.account(viewer.id);
    if (!(await passwordMatches(me.passwordHash, currentPassword)))
      throw inputRefused('currentPassword', 'is wrong', 'WRONG_PASSWORD');
    const { base32, uri } = newTotpSecret(me.email);
    await this.uow.run(async (tx) => {
      const [row] = await query<{ enabled: boolean }>(
        tx.manager,
        sql`INSERT INTO two_factor ("practitionerId", "pendingSealedSecret", "pendingSince")
            VALUES (${me.id}, ${seal(base32, this.settings.secret)}, now())
            ON CONFLICT ("practitionerId") DO UPDATE
              SET "pendingSealedSecret" = EXCLUDED."pendingSealedSecret", "pendingSince" = now()
              WHERE two_factor."enabledAt" IS NULL
            RETURNING "enabledAt" IS NOT NULL AS enabled`,
      );
      if (!row) throw new ConflictError('Two-factor sign-in is already on; disable it first.');
    });
    return { secret: base32, otpauthUri: uri };
  }

  /** Confirms an enrolment with a code of the pending secret: the factor is on, ten recovery codes are made. */
  async confirm(viewer: Viewer, code: string, client: ClientInfo | null): Promise<string[]> {
    return this.uow.run(async (tx) => {
      const [row] = await query<{ pending: string | null; enabled: boolean }>(
        tx.manager,
        sql`SELECT "pendingSealedSecret" AS pending, "enabledAt" IS NOT NULL AS enabled
              FROM two_factor WHERE "practitionerId" = ${viewer.id} FOR UPDATE`,
      );
      if (row?.enabled) throw new ConflictError('Two-factor sign-in is already on.');
      const secret = row?.pending ? unseal(row.pending, this.settings.secret) : null;
      if (!secret)
        throw inputRefused('code', 'has no enrolment to confirm: begin one first', 'NO_PENDING_ENROLLMENT');
      const step = isTotpCode(code) ? totpStep(secret, code) : null;
      if (step === null) throw wrongCode();
      await query(
        tx.manager,
        sql`UPDATE two_factor SET "sealedSecret" = "pendingSealedSecret", "pendingSealedSecret" = NULL,
                "pendingSince" = NULL, "enabledAt" = now(), "lastUsedStep" = ${step}
             WHERE "practitionerId" = ${viewer.id}`,
      );
      const codes = await this.replaceRecoveryCodes(tx, viewer.id);
      await this.securityLog.record(tx, viewer.id, SecurityEventKind.SECOND_FACTOR_ENABLED, {
        client,
        sessionId: viewer.sessionId,
      });
      return codes;
    });
  }

  /** Turns the factor off, with the password and a fresh code (or a recovery code); the account is told by e-mail. */
  async disable(
    viewer: Viewer,
    code: string,
    currentPassword: string,
    client: ClientInfo | null,
  ): Promise<void> {
    const me = await this.account(viewer.id);
    if (!(await passwordMatches(me.passwordHash, currentPassword)))
      throw inputRefused('currentPassword', 'is wrong', 'WRONG_PASSWORD');
    await this.uow.run(async (tx) => {
      const method = await this.checkCode(tx.manager, viewer.id, code, true);
      if (!method) throw wrongCode();
      if (method === 'recovery-code') await this.recoveryCodeUsed(tx, viewer.id, client, viewer.sessionId);
      await query(
        tx.manager,
        sql`DELETE FROM two_factor_recovery_code WHERE "practitionerId" = ${viewer.id}`,
      );
      await query(tx.manager, sql`DELETE FROM login_challenge WHERE "practitionerId" = ${viewer.id}`);
      await query(tx.manager, sql`DELETE FROM two_factor WHERE "practitionerId" = ${viewer.id}`);
      await this.securityLog.record(tx, viewer.id, SecurityEventKind.SECOND_FACTOR_DISABLED, {
        client,
        sessionId: viewer.sessionId,
      });
      tx.record('mail.requested', { template: 'two-factor-disabled', recipientId: viewer.id });
    });
  }

  /** Replaces the recovery codes, with a fresh TOTP code. */
  async regenerate(viewer: Viewer, code: string, client: ClientInfo | null): Promise<string[]> {
    return this.uow.run(async (tx) => {
      const method = await this.checkCode(tx.manager, viewer.id, code, false);
      if (!method) throw wrongCode();
      const codes = await this.replaceRecoveryCodes(tx, viewer.id);
      await this.securityLog.record(tx, viewer.id, SecurityEventKind.RECOVERY_CODES_REGENERATED, {
        client,
        sessionId: viewer.sessionId,
      });
      return codes;
    });
  }

  /** Whether the account must give a second factor to sign in. */
  async isEnabled(practitionerId: string): Promise<boolean> {
    return (await this.status(practitionerId)).enabled;
  }

  /** A new login challenge for an account whose password was right (in the caller's unit of work). */
  async createChallenge(
    manager: EntityManager,
    practitionerId: string,
  ): Promise<{ challenge: string; challengeExpiresAt: Date }> {
    const { token, hash } = newOpaqueToken();
    // Ended or expired challenges of the account are of no more use.
    await query(
      manager,
      sql`DELETE FROM login_challenge WHERE "practitionerId" = ${practitionerId} AND ("endedAt" IS NOT NULL OR "expiresAt" <= now())`,
    );
    const [row] = await query<{ expiresAt: Date }>(
      manager,
      sql`INSERT INTO login_challenge ("practitionerId", "tokenHash", "expiresAt")
          VALUES (${practitionerId}, ${hash}, now() + make_interval(secs => ${this.settings.challengeTtlSeconds}))
          RETURNING "expiresAt"`,
    );
    return { challenge: token, challengeExpiresAt: new Date(row.expiresAt) };
  }

  /** The account a challenge token names (whatever its state), for rate limits; null when unknown. */
  async challengeAccount(challenge: string): Promise<string | null> {
    if (!OPAQUE_TOKEN_PATTERN.test(challenge)) return null;
    const [row] = await query<{ practitionerId: string }>(
      this.dataSource,
      sql`SELECT "practitionerId" FROM login_challenge WHERE "tokenHash" = ${hashOpaqueToken(challenge)}`,
    );
    return row?.practitionerId ?? null;
  }

  /**
   * Answers a challenge in the caller's unit of work. A right code ends it (single use); a wrong one counts,
   * is entered in the security log and, at the fifth, ends it. The refusal is returned, not thrown, so that
   * the count and the log entry commit.
   */
  async answerChallenge(
    tx: Pick<Tx, 'manager' | 'record'>,
    challenge: string,
    code: string,
    client: ClientInfo | null,
  ): Promise<ChallengeAnswer> {
    if (!OPAQUE_TOKEN_PATTERN.test(challenge)) return { ok: false, error: invalidChallenge() };
    const [c] = await query<{ id: string; practitionerId: string }>(
      tx.manager,
      sql`SELECT id, "practitionerId" FROM login_challenge
           WHERE "tokenHash" = ${hashOpaqueToken(challenge)} AND "endedAt" IS NULL AND "expiresAt" > now()
           FOR UPDATE`,
    );
    if (!c) return { ok: false, error: invalidChallenge() };
    const method = await this.checkCode(tx.manager, c.practitionerId, code, true);
    if (!method) {
      const [after] = await query<{ failures: number }>(
        tx.manager,
        sql`WITH f AS (
              UPDATE login_challenge SET failures = failures + 1,
                     "endedAt" = CASE WHEN failures + 1 >= ${LOGIN_CHALLENGE_MAX_FAILURES} THEN now() ELSE NULL END
               WHERE id = ${c.id} RETURNING failures)
            SELECT failures FROM f`,
      );
      await this.securityLog.record(tx, c.practitionerId, SecurityEventKind.SECOND_FACTOR_FAILED, {
        client,
        facts: { failures: after.failures },
      });
      const ended = after.failures >= LOGIN_CHALLENGE_MAX_FAILURES;
      return {
        ok: false,
        error: new AppError(
          ErrorCode.UNAUTHENTICATED,
          ended
            ? 'The code is wrong; too many wrong codes ended this challenge: sign in again.'
            : 'The code is wrong, expired or already used.',
          { reason: ended ? 'INVALID_CHALLENGE' : 'WRONG_CODE' },
        ),
      };
    }
    await query(tx.manager, sql`UPDATE login_challenge SET "endedAt" = now() WHERE id = ${c.id}`);
    if (method === 'recovery-code') await this.recoveryCodeUsed(tx, c.practitionerId, client, null);
    return { ok: true, practitionerId: c.practitionerId, method };
  }

  /**
   * Checks a code of the account's enabled factor: a TOTP code of a time step later than the last accepted
   * one (the step is recorded, so the code cannot be used again), or, when allowed, an unused recovery code
   * (then used up). Null when the code is wrong, replayed or used.
   */
  private async checkCode(
    manager: EntityManager,
    practitionerId: string,
    code: string,
    allowRecoveryCode: boolean,
  ): Promise<SecondFactorMethod | null> {
    const [row] = await query<{ sealedSecret: string | null }>(
      manager,
      sql`SELECT "sealedSecret" FROM two_factor
           WHERE "practitionerId" = ${practitionerId} AND "enabledAt" IS NOT NULL FOR UPDATE`,
    );
    if (!row?.sealedSecret)
      throw inputRefused('code', 'cannot be checked: two-factor sign-in is off', 'NOT_ENABLED');
    if (isTotpCode(code)) {
      const secret = unseal(row.sealedSecret, this.settings.secret);
      const step = secret ? totpStep(secret, code) : null;
      if (step === null) return null;
      const [used] = await query<{ ok: number }>(
        manager,
        sql`WITH u AS (
              UPDATE two_factor SET "lastUsedStep" = ${step}
               WHERE "practitionerId" = ${practitionerId} AND ("lastUsedStep" IS NULL OR "lastUsedStep" < ${step})
              RETURNING 1 AS ok)
            SELECT ok FROM u`,
      );
      return used ? 'totp' : null;
    }
    if (!allowRecoveryCode || code.length > 40) return null;
    const [used] = await query<{ id: string }>(
      manager,
      sql`WITH u AS (
            UPDATE two_factor_recovery_code SET "usedAt" = now()
             WHERE "practitionerId" = ${practitionerId} AND "codeHash" = ${recoveryCodeHash(code, this.settings.secret)}
               AND "usedAt" IS NULL
            RETURNING id)
          SELECT id FROM u`,
    );
    return used ? 'recovery-code' : null;
  }

  private async recoveryCodeUsed(
    tx: Pick<Tx, 'manager' | 'record'>,
    practitionerId: string,
    client: ClientInfo | null,
    sessionId: string | null,
  ): Promise<void> {
    await this.securityLog.record(tx, practitionerId, SecurityEventKind.RECOVERY_CODE_USED, {
      client,
      sessionId,
    });
    tx.record('mail.requested', { template: 'recovery-code-used', recipientId: practitionerId });
  }

  private async replaceRecoveryCodes(tx: Pick<Tx, 'manager'>, practitionerId: string): Promise<string[]> {
    const codes = newRecoveryCodes();
    await query(
      tx.manager,
      sql`DELETE FROM two_factor_recovery_code WHERE "practitionerId" = ${practitionerId}`,
    );
    for (const code of codes)
      await query(
        tx.manager,
        sql`INSERT INTO two_factor_recovery_code ("practitionerId", "codeHash")
            VALUES (${practitionerId}, ${recoveryCodeHash(code, this.settings.secret)})`,
      );
    return codes;
  }

  private async account(id: string): Promise<PractitionerEntity> {
    const me = await this.dataSource.getRepository(PractitionerEntity).findOneBy({ id });
    if (!me) throw new NotFoundError('Your account');
    return me;
  }
}
