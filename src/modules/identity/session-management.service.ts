import { In } from 'typeorm';
import type { DataSource } from 'typeorm';
import { query, raw, sql } from '../../common/db/sql';
import type { Viewer } from '../../common/auth/viewer';
import { NotFoundError } from '../../common/errors/errors';
import { isoMicros } from '../../common/relay/batched-connection';
import { Keyset } from '../../common/relay/keyset';
import { mapPage } from '../../common/relay/pagination';
import type { Page, PageArgs } from '../../common/relay/pagination';
import type { UnitOfWork } from '../../platform/unit-of-work/unit-of-work';
import type { ClientInfo } from './client-info';
import type { SecurityLog } from './security-log';
import { SecurityEventKind } from './security-log.enums';
import { SessionEntity } from './session.entity';
import { endOpenSessions } from './session-rows';

/** The lifetimes that decide whether a session is still open (the identity module's token settings). */
export interface SessionLifetimes {
  sessionMaxLifetimeDays: number;
  sessionIdleTimeoutDays: number;
}

const SESSIONS_ORDER = new Keyset<SessionEntity & { cursorAt: string }>(
  [
    { column: 's."createdAt"', kind: 'timestamp' },
    { column: 's."id"', kind: 'uuid' },
  ],
  'DESC',
  (r) => [r.cursorAt, r.id],
);

/** A session is its owner's alone, whatever their verification: it is about their own account. */
export function canViewSession(viewer: Viewer | null, s: { practitionerId: string }): boolean {
  return !!viewer && s.practitionerId === viewer.id;
}

/**
 * The member's view of their sessions: the open ones (`mySessions`), and ending one or all the others.
 * Ending records `session.ended` (the session's sockets close with 4401 on every instance after the commit)
 * and a security-log entry in the same unit of work; the session's refresh tokens stop working at once.
 */
export class SessionManagementService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly securityLog: SecurityLog,
    private readonly lifetimes: SessionLifetimes,
  ) {}

  /** The viewer's open sessions (not ended, within their lifetimes), newest sign-in first (keyset on createdAt, id). */
  async list(viewer: Viewer, page: PageArgs): Promise<Page<SessionEntity>> {
    const w = SESSIONS_ORDER.window(page);
    const rows = await query<SessionEntity & { cursorAt: string }>(
      this.dataSource,
      sql`SELECT s.*, ${raw(isoMicros('s."createdAt"'))} AS "cursorAt" FROM auth_session s
          WHERE s."practitionerId" = ${viewer.id} AND s."revokedAt" IS NULL
            AND s."createdAt" > now() - make_interval(days => ${this.lifetimes.sessionMaxLifetimeDays})
            AND s."refreshedAt" > now() - make_interval(days => ${this.lifetimes.sessionIdleTimeoutDays})
            ${w.andAfter}
          ORDER BY ${w.orderBy} ${w.limit}`,
    );
    const repo = this.dataSource.getRepository(SessionEntity);
    return mapPage(w.page(rows), (r) => repo.create(r));
  }

  async byIds(ids: readonly string[]): Promise<SessionEntity[]> {
    return this.dataSource.getRepository(SessionEntity).findBy({ id: In([...ids]) });
  }

  /**
   * Ends one of the viewer's open sessions (the current one too, like a logout). NOT_FOUND when it is not
   * theirs, does not exist or has already ended: someone else's session is not told apart from none.
   */
  async endSession(viewer: Viewer, sessionId: string, client: ClientInfo): Promise<SessionEntity> {
    return this.uow.run(async (tx) => {
      const rows = await query<SessionEntity>(
        tx.manager,
        sql`WITH ended AS (
            UPDATE auth_session SET "revokedAt" = now(), "revokedReason" = 'ended-by-owner'
             WHERE id = ${sessionId} AND "practitionerId" = ${viewer.id} AND "revokedAt" IS NULL
            RETURNING *)
          SELECT * FROM ended`,
      );
      if (!rows.length) throw new NotFoundError('Session');
      tx.record('session.ended', { practitionerId: viewer.id, sessionId });
      await this.securityLog.record(tx, viewer.id, SecurityEventKind.SESSION_ENDED, {
        client,
        sessionId,
      });
      return tx.manager.getRepository(SessionEntity).create(rows[0]);
    });
  }

  /** Ends every open session of the viewer but the one making the request; returns how many ended. */
  async endOtherSessions(viewer: Viewer, client: ClientInfo): Promise<number> {
    return this.uow.run(async (tx) => {
      const rows = await endOpenSessions(tx, viewer.id, 'ended-by-owner', viewer.sessionId ?? null);
      await this.securityLog.record(tx, viewer.id, SecurityEventKind.OTHER_SESSIONS_ENDED, {
        client,
        sessionId: viewer.sessionId,
        facts: { sessionsEnded: rows.length },
      });
      return rows.length;
    });
  }
}
