import { In } from 'typeorm';
import type { DataSource } from 'typeorm';
import { query, raw, sql } from '../../common/db/sql';
import { isoMicros } from '../../common/relay/batched-connection';
import type { Viewer } from '../../common/auth/viewer';
import { Keyset } from '../../common/relay/keyset';
import { mapPage } from '../../common/relay/pagination';
import type { Page, PageArgs } from '../../common/relay/pagination';
import type { Tx } from '../../platform/unit-of-work/unit-of-work';
import type { ClientInfo } from './client-info';
import { clientName, ipPrefix } from './client-info';
import { SecurityEventEntity } from './security-log.entity';
import type { SecurityEventKind } from './security-log.enums';

/** How long entries are kept: a year, then the hourly prune deletes them. */
export const SECURITY_LOG_RETENTION_DAYS = 365;

/** What an entry may say besides its kind: the client, the session concerned, a few small facts. */
export interface SecurityEventDetails {
  client?: ClientInfo | null;
  sessionId?: string | null;
  facts?: Record<string, string | number | boolean> | null;
}

const EVENTS_ORDER = new Keyset<SecurityEventEntity & { cursorAt: string }>(
  [
    { column: 'e."at"', kind: 'timestamp' },
    { column: 'e."id"', kind: 'uuid' },
  ],
  'DESC',
  (r) => [r.cursorAt, r.id],
);

/** A security event belongs to its practitioner alone (verified or not: it is about their own account). */
export function canViewSecurityEvent(viewer: Viewer | null, e: { practitionerId: string }): boolean {
  return !!viewer && e.practitionerId === viewer.id;
}

/**
 * The security log: every flow that touches an account's access records an entry in its own unit of work
 * (`record(tx, practitionerId, kind, details)`), so the entry commits or rolls back with the change; the
 * member reads theirs with `mySecurityEvents`.
 */
export class SecurityLog {
  constructor(private readonly dataSource: DataSource) {}

  async record(
    tx: Pick<Tx, 'manager'>,
    practitionerId: string,
    kind: SecurityEventKind,
    details: SecurityEventDetails = {},
  ): Promise<void> {
    await tx.manager.insert(SecurityEventEntity, {
      practitionerId,
      kind,
      sessionId: details.sessionId ?? null,
      clientName: clientName(details.client?.userAgent),
      ipPrefix: ipPrefix(details.client?.ip),
      details: details.facts ?? null,
    });
  }

  /** The viewer's entries, newest first (keyset on at, id). */
  async list(viewer: Viewer, page: PageArgs): Promise<Page<SecurityEventEntity>> {
    const w = EVENTS_ORDER.window(page);
    const rows = await query<SecurityEventEntity & { cursorAt: string }>(
      this.dataSource,
      sql`SELECT e.*, ${raw(isoMicros('e."at"'))} AS "cursorAt" FROM security_event e
          WHERE e."practitionerId" = ${viewer.id} ${w.andAfter}
          ORDER BY ${w.orderBy} ${w.limit}`,
    );
    const repo = this.dataSource.getRepository(SecurityEventEntity);
    return mapPage(w.page(rows), (r) => repo.create(r));
  }

  async byIds(ids: readonly string[]): Promise<SecurityEventEntity[]> {
    return this.dataSource.getRepository(SecurityEventEntity).findBy({ id: In([...ids]) });
  }

  /** Deletes the entries older than SECURITY_LOG_RETENTION_DAYS; returns how many. */
  async prune(retentionDays = SECURITY_LOG_RETENTION_DAYS): Promise<number> {
    const rows = await query<{ n: number }>(
      this.dataSource,
      sql`WITH d AS (DELETE FROM security_event WHERE "at" < now() - make_interval(days => ${retentionDays}) RETURNING 1)
          SELECT count(*)::int AS n FROM d`,
    );
    return rows[0]?.n ?? 0;
  }
}
