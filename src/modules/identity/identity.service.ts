import { empty, query, sql } from '../../common/db/sql';
import type { Sql } from '../../common/db/sql';
import { queryPrepared } from '../../common/db/prepared';
import type { UnitOfWork } from '../../platform/unit-of-work/unit-of-work';
import type { DataSource, EntityManager } from 'typeorm';
import { IsNull } from 'typeorm';
import type { Viewer } from '../../common/auth/viewer';
import { MODERATION_ROLES } from '../../common/auth/role';
import type { Role, VerificationStatus } from '../../common/auth/role';
import { hashPassword, verifyAgainstDummy } from '../../common/auth/password';
import {
  hashRefreshToken,
  newRefreshToken,
  signAccessToken,
  verifyAccessToken,
} from '../../common/auth/tokens';
import type { AccessTokenClaims } from '../../common/auth/tokens';
import { ConflictError, UnauthenticatedError } from '../../common/errors/errors';
import { PractitionerEntity } from '../practitioner';
import type { PractitionerService } from '../practitioner';
import type { LoginInput, RegisterInput } from './identity.inputs';
import { RefreshTokenEntity, SessionEntity } from './session.entity';
import type { ClientInfo } from './client-info';
import { clientName, ipPrefix } from './client-info';
import type { SecurityLog } from './security-log';
import { SecurityEventKind } from './security-log.enums';
import type { TwoFactorService } from './two-factor.service';

/** A session's `lastUsedAt` is written at most this often by requests (not a write per request). */
export const LAST_USED_RESOLUTION_MINUTES = 5;

const NO_CLIENT: ClientInfo = { ip: null, userAgent: null };

/** What a session row keeps of its client at sign-in and refresh: a name and a network, never more. */
function clientColumns(client: ClientInfo): Pick<SessionEntity, 'clientName' | 'ipPrefix'> {
  return { clientName: clientName(client.userAgent), ipPrefix: ipPrefix(client.ip) };
}
import type { EmailConfirmationService } from './email-confirmation.service';
import { passwordMatches } from './password.service';
import { checkNewPassword } from './password-rules';

export interface TokenSettings {
  jwtSecret: string;
  accessTokenTtlSeconds: number;
  /** A session ends this many days after sign-in, however often it is refreshed. */
  sessionMaxLifetimeDays: number;
  /** A session ends when not refreshed for this many days. */
  sessionIdleTimeoutDays: number;
  /** Moderators and admins without two-factor sign-in may only enrol (REQUIRE_TWO_FACTOR_FOR_STAFF). */
  twoFactorRequiredForStaff?: boolean;
}

const DAY_MS = 86400_000;

export interface Session {
  accessToken: string;
  refreshToken: string;
  expiresAt: Date;
  practitioner: PractitionerEntity;
}

/**
 * What `login` answers: a session (as before, `secondFactorRequired` false), or, for an account with
 * two-factor sign-in, a challenge to answer with `completeLogin` and no tokens.
 */
export type LoginOutcome =
  | (Session & { secondFactorRequired: false; twoFactorEnrollmentRequired: boolean })
  | {
      secondFactorRequired: true;
      challenge: string;
      challengeExpiresAt: Date;
      twoFactorEnrollmentRequired: false;
    };

export interface RegisterOutcome {
  accepted: boolean;
  message: string;
}

const REGISTERED =
  'Registration received. Sign in with your e-mail address and password; a new account can read ' +
  'what pending members read until a moderator vets it.';
const BAD_CREDENTIALS = 'The e-mail address or password is wrong.';
const BAD_REFRESH = 'The refresh token is invalid, expired or already used; sign in again.';

/** Registration, sign-in, rotating refresh tokens, and turning an access token into a viewer. */
export class IdentityService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly practitioners: PractitionerService,
    private readonly settings: TokenSettings,
    /** Ending a session records `session.ended` (its live connections close after the commit). */
    private readonly uow: UnitOfWork,
    /** Sign-ins, failed sign-ins, sign-outs and reused refresh tokens are entered in the security log. */
    private readonly securityLog: SecurityLog,
    /** Registration sends the confirmation message of the address. */
    private readonly confirmation: EmailConfirmationService,
    /** Accounts with two-factor sign-in answer a challenge after their password (`completeLogin`). */
    private readonly twoFactor: TwoFactorService | null = null,
  ) {}

  /**
   * Creates a PENDING account, unless the address already has one: then it does the same work (the argon2
   * hash, the lookup) and writes nothing. The answer is the same in both cases, so that `register` does not
   * tell whether an address is registered; the newcomer signs in with `login`.
   */
  async register(input: RegisterInput): Promise<RegisterOutcome> {
    // Input errors (the country code among them: @AccountCountryCode) were refused before this runs, the
    // same whether or not the address is taken.
    // The password rules (length, common passwords, the address) come first: they do not depend on
    // whether the address is taken.
    const passwordHash = await hashPassword(checkNewPassword(input.password, input.email));
    try {
      await this.uow.run(async (tx) => {
        const created = await this.practitioners.createAccount(tx.manager, { ...input, passwordHash });
        await this.confirmation.send(tx, created.id);
      });
    } catch (err) {
      // The address has an account (found, or a concurrent registration won the unique index): say nothing.
      if (!(err instanceof ConflictError)) throw err;
    }
    return { accepted: true, message: REGISTERED };
  }

  async login(input: LoginInput, client: ClientInfo = NO_CLIENT): Promise<LoginOutcome> {
    const practitioner = await this.practitioners.findByEmail(input.email);
    const ok = practitioner
      ? await passwordMatches(practitioner.passwordHash, input.password)
      : await verifyAgainstDummy(input.password);
    if (!ok || !practitioner) {
      // A wrong password for an existing account is in its owner's security log (an unknown address has none).
      if (practitioner)
        await this.uow.run((tx) =>
          this.securityLog.record(tx, practitioner.id, SecurityEventKind.SIGN_IN_FAILED, { client }),
        );
      throw new UnauthenticatedError(BAD_CREDENTIALS);
    }
    const twoFactorOn = this.twoFactor ? await this.twoFactor.isEnabled(practitioner.id) : false;
    if (twoFactorOn) {
      // The password was right: a challenge, bound to the account, for `completeLogin`; no tokens yet.
      const challenge = await this.uow.run((tx) =>
        this.twoFactor!.createChallenge(tx.manager, practitioner.id),
      );
      return { secondFactorRequired: true, twoFactorEnrollmentRequired: false, ...challenge };
    }
    return this.uow.run(async (tx) => {
      const session = await this.openSession(tx.manager, practitioner, client);
      await this.securityLog.record(tx, practitioner.id, SecurityEventKind.SIGNED_IN, {
        client,
        sessionId: session.sessionId,
      });
      return {
        ...session.tokens,
        secondFactorRequired: false as const,
        twoFactorEnrollmentRequired:
          !!this.settings.twoFactorRequiredForStaff && MODERATION_ROLES.includes(practitioner.role),
      };
    });
  }

  /**
   * The second step of a sign-in: a TOTP code (or a recovery code) answers the challenge `login` gave, and
   * the session opens as `login` would have opened it. A wrong code is counted on the challenge and entered
   * in the security log (both commit), then refused.
   */
  async completeLogin(challenge: string, code: string, client: ClientInfo = NO_CLIENT): Promise<Session> {
    if (!this.twoFactor) throw new UnauthenticatedError('Two-factor sign-in is not available.');
    const twoFactor = this.twoFactor;
    const outcome = await this.uow.run(async (tx) => {
      const answer = await twoFactor.answerChallenge(tx, challenge, code, client);
      if (!answer.ok) return answer;
      const practitioner = await tx.manager
        .getRepository(PractitionerEntity)
        .findOneByOrFail({ id: answer.practitionerId });
      const session = await this.openSession(tx.manager, practitioner, client);
      await this.securityLog.record(tx, practitioner.id, SecurityEventKind.SIGNED_IN, {
        client,
        sessionId: session.sessionId,
        facts: { secondFactor: answer.method },
      });
      return { ok: true as const, session: session.tokens };
    });
    if (!outcome.ok) throw outcome.error;
    return outcome.session;
  }

  /** Rotates a refresh token. Presenting one that was already rotated revokes its whole session. */
  async refresh(refreshToken: string, client: ClientInfo = NO_CLIENT): Promise<Session> {
    const hash = hashRefreshToken(refreshToken);
    const outcome = await this.uow.run(async (tx) => {
      const { manager, record } = tx;
      const ended = (practitionerId: string, sessionId: string) => {
        record('session.ended', { practitionerId, sessionId });
        return { revoked: true as const };
      };
      const token = await manager.getRepository(RefreshTokenEntity).findOne({
        where: { tokenHash: hash },
        relations: { session: { practitioner: true } },
      });
      if (!token || !token.session || token.session.revokedAt) return null;
      if (this.endOf(token.session) <= Date.now()) {
        // Past its absolute or idle lifetime: ended like a logout (its live connections close too).
        const expired = await manager.update(
          SessionEntity,
          { id: token.sessionId, revokedAt: IsNull() },
          { revokedAt: new Date(), revokedReason: 'expired' },
        );
        return expired.affected ? ended(token.session.practitionerId, token.sessionId) : null;
      }
      const revokeFamily = async () => {
        // Reuse of a rotated token: someone else may hold the family. End it.
        await manager.update(
          SessionEntity,
          { id: token.sessionId, revokedAt: IsNull() },
          { revokedAt: new Date(), revokedReason: 'refresh-token-reuse' },
        );
        await this.securityLog.record(
          tx,
          token.session!.practitionerId,
          SecurityEventKind.REFRESH_TOKEN_REUSED,
          { client, sessionId: token.sessionId },
        );
        return ended(token.session!.practitionerId, token.sessionId);
      };
      if (token.usedAt) return revokeFamily();
      if (token.expiresAt.getTime() <= Date.now()) return null;
      // Atomic claim: of two concurrent refreshes with the same token, only one rotates it.
      const claimed = await manager.update(
        RefreshTokenEntity,
        { id: token.id, usedAt: IsNull() },
        { usedAt: new Date() },
      );
      if (!claimed.affected) return revokeFamily();
      token.session.refreshedAt = new Date();
      await manager.update(
        SessionEntity,
        { id: token.sessionId },
        {
          refreshedAt: token.session.refreshedAt,
          lastUsedAt: token.session.refreshedAt,
          ...clientColumns(client),
        },
      );
      return this.issueTokens(manager, token.session, token.session.practitioner!);
    });
    if (!outcome || 'revoked' in outcome) throw new UnauthenticatedError(BAD_REFRESH);
    return outcome;
  }

  /** Ends the session of a refresh token. True when a live session was ended. */
  async logout(refreshToken: string, client: ClientInfo = NO_CLIENT): Promise<boolean> {
    const token = await this.dataSource
      .getRepository(RefreshTokenEntity)
      .findOne({ where: { tokenHash: hashRefreshToken(refreshToken) }, relations: { session: true } });
    if (!token) return false;
    return this.uow.run(async (tx) => {
      const { manager, record } = tx;
      const result = await manager.update(
        SessionEntity,
        { id: token.sessionId, revokedAt: IsNull() },
        { revokedAt: new Date(), revokedReason: 'logout' },
      );
      const ended = (result.affected ?? 0) > 0;
      if (ended) {
        record('session.ended', {
          practitionerId: token.session!.practitionerId,
          sessionId: token.sessionId,
        });
        await this.securityLog.record(tx, token.session!.practitionerId, SecurityEventKind.SIGNED_OUT, {
          client,
          sessionId: token.sessionId,
        });
      }
      return ended;
    });
  }

  /** The claims of a valid access token (signature, issuer, audience, expiry); null otherwise. */
  verifyToken(accessToken: string): (AccessTokenClaims & { exp: number }) | null {
    return verifyAccessToken(accessToken, this.settings.jwtSecret);
  }

  /**
   * Turns a bearer token into the viewer, checking that its session is still open and within its absolute
   * and idle lifetimes; null when it is not valid. A session found past its lifetime is ended like a logout.
   */
  async authenticate(accessToken: string): Promise<Viewer | null> {
    return (await this.authenticateWith(accessToken, null))?.viewer ?? null;
  }

  /**
   * authenticate, reading `columns` (more columns of the same statement, on the viewer's row `p`) with the
   * session: the lean read path reads the viewer's facts this way (ContextFactory), one statement for both.
   */
  async authenticateWith(
    accessToken: string,
    columns: Sql | null,
    verified?: AccessTokenClaims & { exp: number },
  ): Promise<{ viewer: Viewer; row: Record<string, unknown>; validUntil: number } | null> {
    const claims = verified ?? this.verifyToken(accessToken);
    if (!claims) return null;
    const rows = await queryPrepared<{
      id: string;
      role: Role;
      verification: VerificationStatus;
      suspended: boolean;
      expired: boolean;
      stale: boolean;
      twoFactorMissing: boolean;
      changesAt: number;
      [column: string]: unknown;
    }>(
      this.dataSource,
      // Every request runs it: prepared (planned once per connection and form of `columns`).
      sql`SELECT p.id, p.role, p.verification, COALESCE(p."suspendedUntil" > now(), false) AS suspended,
              (s."createdAt" <= now() - make_interval(days => ${this.settings.sessionMaxLifetimeDays})
                OR s."refreshedAt" <= now() - make_interval(days => ${this.settings.sessionIdleTimeoutDays})) AS expired,
              s."lastUsedAt" < now() - make_interval(mins => ${LAST_USED_RESOLUTION_MINUTES}) AS stale,
              (${!!this.settings.twoFactorRequiredForStaff}::boolean AND p.role IN ('MODERATOR', 'ADMIN') AND NOT EXISTS (
                SELECT 1 FROM two_factor t WHERE t."practitionerId" = p.id AND t."enabledAt" IS NOT NULL)) AS "twoFactorMissing",
              -- When this answer next changes with time alone (a viewer snapshot ends then; epoch ms).
              (extract(epoch FROM LEAST(
                 s."createdAt" + make_interval(days => ${this.settings.sessionMaxLifetimeDays}),
                 s."refreshedAt" + make_interval(days => ${this.settings.sessionIdleTimeoutDays}),
                 s."lastUsedAt" + make_interval(mins => ${LAST_USED_RESOLUTION_MINUTES}),
                 CASE WHEN p."suspendedUntil" > now() THEN p."suspendedUntil" END)) * 1000)::float8 AS "changesAt"
              ${columns ? sql`, ${columns}` : empty}
         FROM practitioner p
         JOIN auth_session s ON s.id = ${claims.sid} AND s."practitionerId" = p.id AND s."revokedAt" IS NULL
        WHERE p.id = ${claims.sub}`,
    );
    if (!rows.length) return null;
    if (rows[0].expired) {
      // In the background, so that a WebSocket operation first gets its UNAUTHENTICATED answer. A failure
      // is harmless: the session stays refused by its lifetime, and the next use ends it again.
      void this.endExpired(rows[0].id, claims.sid).catch(() => undefined);
      return null;
    }
    if (rows[0].stale) {
      // "Last used", to within LAST_USED_RESOLUTION_MINUTES: one write per session in that time, not one per
      // request; in the background (a failure only leaves the time older).
      void query(
        this.dataSource,
        sql`UPDATE auth_session SET "lastUsedAt" = now()
             WHERE id = ${claims.sid} AND "lastUsedAt" < now() - make_interval(mins => ${LAST_USED_RESOLUTION_MINUTES})`,
      ).catch(() => undefined);
    }
    return {
      viewer: {
        id: rows[0].id,
        sessionId: claims.sid,
        role: rows[0].role,
        verification: rows[0].verification,
        suspended: rows[0].suspended,
        ...(rows[0].twoFactorMissing ? { twoFactorRequired: true } : {}),
      },
      row: rows[0],
      validUntil: Math.min(rows[0].changesAt, claims.exp * 1000),
    };
  }

  /** When a session ends: its absolute lifetime from sign-in, or its idle lifetime from the last refresh. */
  private endOf(session: Pick<SessionEntity, 'createdAt' | 'refreshedAt'>): number {
    return Math.min(
      session.createdAt.getTime() + this.settings.sessionMaxLifetimeDays * DAY_MS,
      session.refreshedAt.getTime() + this.settings.sessionIdleTimeoutDays * DAY_MS,
    );
  }

  /** Marks a session found past its lifetime as ended and closes its live connections, as logout does. */
  private async endExpired(practitionerId: string, sessionId: string): Promise<void> {
    await this.uow.run(async ({ manager, record }) => {
      const result = await manager.update(
        SessionEntity,
        { id: sessionId, revokedAt: IsNull() },
        { revokedAt: new Date(), revokedReason: 'expired' },
      );
      if (result.affected) record('session.ended', { practitionerId, sessionId });
    });
  }

  private async openSession(
    manager: EntityManager,
    practitioner: PractitionerEntity,
    client: ClientInfo,
  ): Promise<{ sessionId: string; tokens: Session }> {
    const now = new Date();
    const session = await manager.getRepository(SessionEntity).save(
      manager.create(SessionEntity, {
        practitionerId: practitioner.id,
        refreshedAt: now,
        lastUsedAt: now,
        ...clientColumns(client),
      }),
    );
    return { sessionId: session.id, tokens: await this.issueTokens(manager, session, practitioner) };
  }

  private async issueTokens(
    manager: EntityManager,
    session: SessionEntity,
    practitioner: PractitionerEntity,
  ): Promise<Session> {
    // No token outlives its session: a WebSocket authenticated with the access token closes (4401) when
    // the session ends, as it does on logout.
    const end = this.endOf(session);
    const refresh = newRefreshToken();
    await manager.insert(RefreshTokenEntity, {
      sessionId: session.id,
      tokenHash: refresh.hash,
      expiresAt: new Date(end),
    });
    const access = signAccessToken(
      { sub: practitioner.id, sid: session.id },
      this.settings.jwtSecret,
      Math.max(1, Math.min(this.settings.accessTokenTtlSeconds, Math.floor((end - Date.now()) / 1000))),
    );
    return {
      accessToken: access.token,
      refreshToken: refresh.token,
      expiresAt: access.expiresAt,
      practitioner,
    };
  }
}
