import { In } from 'typeorm';
import type { DataSource } from 'typeorm';
import { hashOpaqueToken, newOpaqueToken, OPAQUE_TOKEN_PATTERN } from '../../common/auth/tokens';
import { seal, unseal } from '../../common/auth/sealed';
import type { Viewer } from '../../common/auth/viewer';
import { query, raw, sql } from '../../common/db/sql';
import { ConflictError } from '../../common/errors/errors';
import { isoMicros } from '../../common/relay/batched-connection';
import { Keyset } from '../../common/relay/keyset';
import { mapPage } from '../../common/relay/pagination';
import type { Page, PageArgs } from '../../common/relay/pagination';
import type { IdempotencyService } from '../../platform/idempotency/idempotency.service';
import type { OutboxConsumer } from '../../platform/outbox/outbox.dispatcher';
import type { DomainEvent } from '../../platform/unit-of-work/events';
import type { UnitOfWork } from '../../platform/unit-of-work/unit-of-work';
import { SecurityEventKind } from '../identity';
import type { ClientInfo, SecurityLog } from '../identity';
import { NotificationType } from '../notification-type';
import { buildArchive } from './account-export.archive';
import { DataExportEntity } from './account-export.entity';
import { DataExportStatus } from './account-export.enums';

/** How long an archive can be downloaded once ready. */
export const EXPORT_TTL_DAYS = 7;
/** A PENDING export older than this is taken as failed (its building was given up): it no longer blocks. */
export const EXPORT_STALE_MINUTES = 60;
/** The Node type name of an export (notifications' subject). */
export const DATA_EXPORT_TYPE = 'DataExport';

/** The columns lists and loads select: everything but the archive. */
const COLUMNS = raw(
  `e."id", e."practitionerId", e."status", e."requestedAt", e."readyAt", e."expiresAt", e."tokenHash", ` +
    `e."sealedToken", e."sizeBytes"`,
);

const EXPORTS_ORDER = new Keyset<DataExportEntity & { cursorAt: string }>(
  [
    { column: 'e."requestedAt"', kind: 'timestamp' },
    { column: 'e."id"', kind: 'uuid' },
  ],
  'DESC',
  (r) => [r.cursorAt, r.id],
);

/** An export is its owner's alone, whatever their verification or suspension. */
export function canViewDataExport(viewer: Viewer | null, e: { practitionerId: string }): boolean {
  return !!viewer && e.practitionerId === viewer.id;
}

/**
 * Exports of a member's data: `request` records `data-export.requested` (one PENDING export at a time);
 * the outbox consumer `build`s the zip (account-export.archive.ts), stores it in the row with a download
 * token (hashed for the lookup, sealed for its owner's list), enters DATA_EXPORTED in the security log and
 * asks for a DATA_EXPORT_READY notification, in one unit of work. `download` serves it until it expires;
 * `sweep` (hourly) deletes the archives whose 7 days are over.
 */
export class DataExportService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly idempotency: IdempotencyService,
    private readonly securityLog: SecurityLog,
    private readonly secret: string,
  ) {}

  async request(
    viewer: Viewer,
    _client: ClientInfo,
    idempotencyKey?: string | null,
  ): Promise<DataExportEntity> {
    const load = (id: string) => this.findById(id).then((e) => e as DataExportEntity);
    const create = await this.idempotency.begin(viewer.id, 'requestDataExport', idempotencyKey, {}, load);
    if (create.earlier) return create.earlier;
    const conflict = () =>
      new ConflictError('An export of your data is already being prepared: wait for its notification.');
    try {
      const { result } = await create.run(async (manager, tx) => {
        // A stale PENDING export (its building given up) is marked FAILED so that it stops blocking.
        await query(
          manager,
          sql`UPDATE data_export SET "status" = 'FAILED'
              WHERE "practitionerId" = ${viewer.id} AND "status" = 'PENDING'
                AND "requestedAt" < now() - make_interval(mins => ${EXPORT_STALE_MINUTES})`,
        );
        const pending = await manager.existsBy(DataExportEntity, {
          practitionerId: viewer.id,
          status: DataExportStatus.PENDING,
        });
        if (pending) throw conflict();
        const row = await manager.save(
          manager.create(DataExportEntity, {
            practitionerId: viewer.id,
            status: DataExportStatus.PENDING,
            requestedAt: new Date(),
          }),
        );
        tx.record('data-export.requested', { exportId: row.id });
        return row;
      });
      return result;
    } catch (err) {
      // Two requests at once: the partial unique index on PENDING lets one through.
      if ((err as { code?: string }).code === '23505') throw conflict();
      throw err;
    }
  }

  /** Builds the archive of a PENDING export (the outbox consumer); a no-op for any other (a redelivery). */
  async build(exportId: string): Promise<void> {
    const row = await this.dataSource
      .getRepository(DataExportEntity)
      .findOneBy({ id: exportId, status: DataExportStatus.PENDING });
    if (!row) return;
    // One snapshot for every section, so that the files agree with each other.
    const { zip, files } = await this.dataSource.transaction('REPEATABLE READ', (manager) =>
      buildArchive(manager, row.practitionerId),
    );
    const { token, hash } = newOpaqueToken();
    await this.uow.run(async (tx) => {
      const updated = await query<{ id: string }>(
        tx.manager,
        sql`UPDATE data_export SET "status" = 'READY', "archive" = ${Buffer.from(zip)}, "sizeBytes" = ${zip.byteLength},
                   "tokenHash" = ${hash}, "sealedToken" = ${seal(token, this.secret)}, "readyAt" = now(),
                   "expiresAt" = now() + make_interval(days => ${EXPORT_TTL_DAYS})
            WHERE "id" = ${exportId} AND "status" = 'PENDING' RETURNING "id"`,
      );
      if (!updated.length) return; // given up or built meanwhile
      await this.securityLog.record(tx, row.practitionerId, SecurityEventKind.DATA_EXPORTED, {
        facts: { sizeBytes: zip.byteLength, files: files.length },
      });
      tx.record('notification.requested', {
        notifications: [
          {
            type: NotificationType.DATA_EXPORT_READY,
            recipientId: row.practitionerId,
            actorId: null,
            subjectType: DATA_EXPORT_TYPE,
            subjectId: exportId,
          },
        ],
      });
    });
  }

  /**
   * The archive behind a download token, while it is READY and not expired; null otherwise (unknown,
   * malformed, expired, or `viewerId` is set and is not the owner's).
   */
  async download(
    token: string,
    viewerId: string | null = null,
  ): Promise<{ archive: Buffer; requestedAt: Date } | null> {
    if (!OPAQUE_TOKEN_PATTERN.test(token)) return null;
    const rows = await query<{ archive: Buffer; requestedAt: Date; practitionerId: string }>(
      this.dataSource,
      sql`SELECT "archive", "requestedAt", "practitionerId" FROM data_export
          WHERE "tokenHash" = ${hashOpaqueToken(token)} AND "status" = 'READY' AND "expiresAt" > now()`,
    );
    const row = rows[0];
    if (!row?.archive || (viewerId && viewerId !== row.practitionerId)) return null;
    return { archive: Buffer.from(row.archive), requestedAt: new Date(row.requestedAt) };
  }

  /** The link of a READY export, for its owner (relative to the server's origin); null otherwise. */
  downloadUrl(e: DataExportEntity): string | null {
    if (e.status !== DataExportStatus.READY || !e.sealedToken) return null;
    if (e.expiresAt && e.expiresAt.getTime() <= Date.now()) return null;
    const token = unseal(e.sealedToken, this.secret);
    return token ? `/exports/${token}.zip` : null;
  }

  /** What an export's status reads as now (READY past its expiry is EXPIRED before the sweep runs). */
  statusOf(e: DataExportEntity): DataExportStatus {
    if (e.status === DataExportStatus.READY && e.expiresAt && e.expiresAt.getTime() <= Date.now())
      return DataExportStatus.EXPIRED;
    return e.status as DataExportStatus;
  }

  /** The viewer's exports, newest request first (keyset on requestedAt, id). */
  async list(viewer: Viewer, page: PageArgs): Promise<Page<DataExportEntity>> {
    const w = EXPORTS_ORDER.window(page);
    const rows = await query<DataExportEntity & { cursorAt: string }>(
      this.dataSource,
      sql`SELECT ${COLUMNS}, ${raw(isoMicros('e."requestedAt"'))} AS "cursorAt" FROM data_export e
          WHERE e."practitionerId" = ${viewer.id} ${w.andAfter}
          ORDER BY ${w.orderBy} ${w.limit}`,
    );
    const repo = this.dataSource.getRepository(DataExportEntity);
    return mapPage(w.page(rows), (r) => repo.create(r));
  }

  async findById(id: string): Promise<DataExportEntity | null> {
    return (await this.byIds([id]))[0] ?? null;
  }

  async byIds(ids: readonly string[]): Promise<DataExportEntity[]> {
    return this.dataSource.getRepository(DataExportEntity).findBy({ id: In([...ids]) });
  }

  /** Deletes the archives (and tokens) of exports past their expiry; returns how many. Run hourly. */
  async sweep(): Promise<number> {
    const rows = await query<{ n: number }>(
      this.dataSource,
      sql`WITH x AS (UPDATE data_export SET "status" = 'EXPIRED', "archive" = NULL, "tokenHash" = NULL,
                       "sealedToken" = NULL
                     WHERE "status" = 'READY' AND "expiresAt" <= now() RETURNING 1)
          SELECT count(*)::int AS n FROM x`,
    );
    return rows[0]?.n ?? 0;
  }
}

/** The outbox consumer of `data-export.requested`: builds each export (a redelivery finds it built). */
export function dataExportConsumer(exports: DataExportService): OutboxConsumer {
  return {
    name: 'data-export',
    types: ['data-export.requested'],
    async handle(events: DomainEvent[]) {
      for (const event of events)
        await exports.build((event as DomainEvent<'data-export.requested'>).payload.exportId);
    },
  };
}
