import crypto from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { namedSql, query, sql } from '../../common/db/sql';
import { UnitOfWork } from '../unit-of-work/unit-of-work';
import type { Tx } from '../unit-of-work/unit-of-work';
import { BadUserInputError, ConflictError } from '../../common/errors/errors';
import { IdempotencyKeyEntity } from './idempotency.entity';

const KEY_PATTERN = /^[A-Za-z0-9._:-]{1,100}$/;

/** Stable JSON (sorted keys) so that the same arguments always hash the same. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/** One create request under a client-supplied key. */
export class IdempotentRequest {
  readonly requestHash: string;

  constructor(
    private readonly dataSource: DataSource,
    readonly practitionerId: string,
    readonly operation: string,
    readonly key: string,
    args: unknown,
  ) {
    this.requestHash = crypto.createHash('sha256').update(canonical({ operation, args })).digest('hex');
  }

  private check(row: IdempotencyKeyEntity): string {
    if (row.operation !== this.operation || row.requestHash !== this.requestHash) {
      throw new ConflictError(
        `This idempotencyKey was already used for another request (${row.operation}); use a new key for new content.`,
      );
    }
    return row.resultId!; // set in the transaction that claimed the key, so always there once committed
  }

  /** The id created by an earlier request with this key (committed), or null. */
  async earlier(): Promise<string | null> {
    const row = await this.dataSource
      .getRepository(IdempotencyKeyEntity)
      .findOneBy({ practitionerId: this.practitionerId, key: this.key });
    return row ? this.check(row) : null;
  }

  /**
   * Claims the key as the first statement of the creating transaction. When a concurrent request holds
   * it, the insert waits until that transaction ends: if it committed, this throws `IdempotentReplay` with
   * its result (the caller's transaction rolls back having written nothing); if it rolled back, this
   * request takes the key.
   */
  async claim(manager: EntityManager): Promise<void> {
    const inserted = await query(
      manager,
      sql`INSERT INTO idempotency_key ("practitionerId", "key", "operation", "requestHash")
          VALUES (${this.practitionerId}, ${this.key}, ${this.operation}, ${this.requestHash})
          ON CONFLICT DO NOTHING RETURNING "key"`,
    );
    if (inserted.length) return;
    const row = await manager
      .getRepository(IdempotencyKeyEntity)
      .findOneByOrFail({ practitionerId: this.practitionerId, key: this.key });
    throw new IdempotentReplay(this.check(row));
  }

  /** Records what this request created, in the transaction that claimed the key. */
  async complete(manager: EntityManager, resultId: string): Promise<void> {
    await manager.update(
      IdempotencyKeyEntity,
      { practitionerId: this.practitionerId, key: this.key },
      { resultId },
    );
  }
}

/** Thrown inside the creating transaction to roll it back when another request with the key won. */
export class IdempotentReplay extends Error {
  constructor(readonly resultId: string) {
    super('idempotent replay');
  }
}

/** A create begun under an optional key (`IdempotencyService.begin`). */
export interface IdempotentCreate<T> {
  /** What an earlier request with the same key created; return it as the result when set. */
  earlier: T | null;
  /** Creates in a transaction that claims the key; `replayed` when a concurrent request with it won. */
  run(create: (manager: EntityManager, tx: Tx) => Promise<T>): Promise<{ result: T; replayed: boolean }>;
}

/** Creates `IdempotentRequest`s; services use them around their create transactions. */
export class IdempotencyService {
  constructor(
    private readonly dataSource: DataSource,
    /** The creates run in units of work (they may record events); one of its own for a bare service. */
    private readonly uow: UnitOfWork = new UnitOfWork(dataSource, () => undefined),
  ) {}

  /** Deletes keys older than `ttlHours` (called hourly by the server); returns how many. */
  async prune(ttlHours: number): Promise<number> {
    const result = await this.dataSource
      .createQueryBuilder()
      .delete()
      .from(IdempotencyKeyEntity)
      .where(...namedSql(sql`"createdAt" < now() - make_interval(hours => ${ttlHours})`, 'w'))
      .execute();
    return result.affected ?? 0;
  }

  /** Null when the client sent no key; BAD_USER_INPUT when the key is malformed. */
  private request(practitionerId: string, operation: string, key: string | null | undefined, args: unknown) {
    if (key === null || key === undefined) return null;
    if (!KEY_PATTERN.test(key)) {
      throw new BadUserInputError('idempotencyKey is malformed.', [
        { field: 'idempotencyKey', message: 'must be 1 to 100 letters, digits or . _ : -' },
      ]);
    }
    return new IdempotentRequest(this.dataSource, practitionerId, operation, key, args);
  }

  /**
   * The record an earlier request with this key created, or null. Call it first, before the checks of the
   * create, so that a retry gets the first result even if those checks would now fail.
   */
  private async replay<T>(
    request: IdempotentRequest | null,
    load: (id: string) => Promise<T>,
  ): Promise<T | null> {
    const earlier = request ? await request.earlier() : null;
    return earlier ? load(earlier) : null;
  }

  /**
   * Begins a create under an optional key: `earlier` is what a previous request with this key created (it is
   * looked up before the create's own checks, so that a retry gets the first result even if those checks
   * would now fail); `run` performs the create in a transaction that claims the key (see `run` below).
   */
  async begin<T extends { id: string }>(
    practitionerId: string,
    operation: string,
    key: string | null | undefined,
    args: unknown,
    load: (id: string) => Promise<T>,
  ): Promise<IdempotentCreate<T>> {
    const request = this.request(practitionerId, operation, key, args);
    const earlier = await this.replay(request, load);
    return { earlier, run: (create) => this.run(request, create, load) };
  }

  /**
   * Runs a create under an optional key: `create` runs in a transaction with the key recorded, and if a concurrent request
   * with the same key committed first, this one is rolled back and returns that request's record.
   */
  private async run<T extends { id: string }>(
    request: IdempotentRequest | null,
    create: (manager: EntityManager, tx: Tx) => Promise<T>,
    load: (id: string) => Promise<T>,
  ): Promise<{ result: T; replayed: boolean }> {
    try {
      const result = await this.uow.run(async (tx) => {
        const { manager } = tx;
        await request?.claim(manager);
        const created = await create(manager, tx);
        await request?.complete(manager, created.id);
        return created;
      });
      return { result, replayed: false };
    } catch (err) {
      if (err instanceof IdempotentReplay) return { result: await load(err.resultId), replayed: true };
      throw err;
    }
  }
}

/** The `idempotencyKey` argument of the create mutations (same description everywhere). */
export const IDEMPOTENCY_KEY_ARG = {
  nullable: true,
  description:
    'Optional client-chosen key (1 to 100 letters, digits or . _ : -), unique per account, e.g. a UUID made ' +
    'when the user pressed "send". A retry with the same key and arguments returns what the first request ' +
    'created and writes nothing, even when both arrive at once; the same key with other arguments is a CONFLICT.',
} as const;
