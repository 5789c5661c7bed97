import { AsyncLocalStorage } from 'node:async_hooks';
import { EventEmitter } from 'node:events';
import { PGlite, types } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import type { Results } from '@electric-sql/pglite';

/**
 * A `pg.Pool` look-alike over one embedded PGlite database, for TypeORM's postgres driver.
 *
 * PGlite is a single session: two query runners that used it at once would interleave their
 * transactions. So checkouts are serialized: `connect()` waits until the previous client is released.
 * A second checkout requested while the same async context already holds one (code that reaches for
 * another connection inside a transaction) would wait forever; it fails at once with a clear error.
 */
export class PGlitePool extends EventEmitter {
  private db: Promise<PGlite> | null = null;
  private holder: symbol | null = null;
  private readonly waiting: Array<() => void> = [];
  private readonly context = new AsyncLocalStorage<{ held: boolean }>();
  private ended = false;

  constructor(
    private readonly dataDir: string,
    private readonly waitTimeoutMs = 30000,
    /** An image of a data directory (`dumpDataDir`) to start from instead of creating one (tests' migrated template). */
    private readonly image?: Blob,
  ) {
    super();
  }

  /** An uncompressed image of the data directory, which `image` accepts back. */
  async dumpDataDir(): Promise<Blob> {
    return (await this.instance()).dumpDataDir('none');
  }

  /** pg.Pool's counters, for the metrics: one session, busy or idle, and the checkouts queued for it. */
  get totalCount(): number {
    return this.ended ? 0 : 1;
  }
  get idleCount(): number {
    return this.ended || this.holder ? 0 : 1;
  }
  get waitingCount(): number {
    return this.waiting.length;
  }

  /** Runs fn in a context where a nested checkout is detected instead of deadlocking. */
  runScoped<T>(fn: () => Promise<T>): Promise<T> {
    return this.context.run({ held: false }, fn);
  }

  private instance(): Promise<PGlite> {
    this.db ??= PGlite.create(this.dataDir === 'memory://' ? undefined : this.dataDir, {
      ...(this.image ? { loadDataDir: this.image } : {}),
      // Extensions the migrations create (CREATE EXTENSION IF NOT EXISTS): pg_trgm for search's names.
      extensions: { pg_trgm },
      // TypeORM sends booleans as JS values; PGlite must serialise them as SQL booleans.
      serializers: {
        [types.BOOL]: (v: unknown) => (v === true || v === 'true' || v === 1 ? 'TRUE' : 'FALSE'),
      },
    });
    return this.db;
  }

  private async acquire(): Promise<symbol> {
    const scope = this.context.getStore();
    if (scope?.held) {
      throw new Error(
        'Embedded database: a second connection was requested while this operation already holds one ' +
          '(use the transaction manager passed to you instead of the DataSource).',
      );
    }
    while (this.holder) {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => {
          const i = this.waiting.indexOf(wake);
          if (i >= 0) this.waiting.splice(i, 1);
          reject(
            new Error(`Embedded database busy: no connection became free within ${this.waitTimeoutMs} ms.`),
          );
        }, this.waitTimeoutMs);
        const wake = () => {
          clearTimeout(timer);
          resolve();
        };
        this.waiting.push(wake);
      });
    }
    const token = Symbol('checkout');
    this.holder = token;
    if (scope) scope.held = true;
    return token;
  }

  private release(token: symbol): void {
    if (this.holder !== token) return;
    this.holder = null;
    const scope = this.context.getStore();
    if (scope) scope.held = false;
    this.waiting.shift()?.();
  }

  /** pg.Pool#connect(callback): hands out a client once the database is free. */
  connect(callback: (err: unknown, client: unknown, done: (err?: unknown) => void) => void): void {
    if (this.ended) {
      callback(new Error('Embedded database is closed.'), null, () => undefined);
      return;
    }
    this.acquire()
      .then(async (token) => {
        const db = await this.instance();
        let released = false;
        // TypeORM listens for 'error' on its client, as on a pg.Client.
        const client = Object.assign(new EventEmitter(), {
          query: (
            sql: string | { text: string; values?: unknown[]; rowMode?: 'array' },
            params?: unknown[] | ((...a: unknown[]) => void),
            cb?: (...a: unknown[]) => void,
          ) =>
            // A pg query config (a named statement, queryPrepared) runs unnamed: PGlite plans every query.
            typeof sql === 'string'
              ? this.run(db, sql, params, cb)
              : this.run(db, sql.text, sql.values, cb, sql.rowMode),
          release: () => {
            if (!released) {
              released = true;
              this.release(token);
            }
          },
        });
        callback(null, client, () => client.release());
      })
      .catch((err) => callback(err, null, () => undefined));
  }

  /** Used by TypeORM outside a checkout (rare); goes through the same queue. */
  query(sql: string, params?: unknown[], cb?: (...a: unknown[]) => void): Promise<unknown> {
    return new Promise((resolve, reject) => {
      this.connect((err, client, done) => {
        if (err) return reject(err);
        (client as { query: (s: string, p?: unknown[]) => Promise<unknown> })
          .query(sql, params)
          .then((r) => {
            done();
            cb?.(null, r);
            resolve(r);
          })
          .catch((e: unknown) => {
            done();
            cb?.(e, null);
            reject(e);
          });
      });
    });
  }

  private async run(
    db: PGlite,
    sql: string,
    params: unknown[] | ((...a: unknown[]) => void) | undefined,
    cb?: (...a: unknown[]) => void,
    rowMode?: 'array',
  ): Promise<unknown> {
    if (typeof params === 'function') {
      cb = params;
      params = undefined;
    }
    try {
      let result: Results<unknown>;
      if ((params && params.length > 0) || rowMode) {
        result = await db.query(sql, params, { rowMode });
      } else {
        const all = await db.exec(sql);
        result = all[all.length - 1] ?? { rows: [], fields: [] };
      }
      const command = /^\s*(\w+)/.exec(sql)?.[1]?.toUpperCase() ?? '';
      const shaped = {
        rows: result.rows,
        rowCount: result.affectedRows ?? result.rows.length,
        command,
        fields: result.fields,
      };
      cb?.(null, shaped);
      return shaped;
    } catch (err) {
      cb?.(err, null);
      throw err;
    }
  }

  end(callback?: (err?: unknown) => void): Promise<void> {
    this.ended = true;
    const closing = (this.db ? this.db.then((d) => d.close()) : Promise.resolve()).then(
      () => callback?.(),
      (err) => callback?.(err),
    );
    return closing;
  }
}

/** The object TypeORM's postgres driver accepts as `driver`: it only needs `.Pool`. */
export function pgliteDriverFor(pool: PGlitePool): { Pool: new () => PGlitePool } {
  return {
    Pool: function PoolFactory() {
      return pool;
    } as unknown as new () => PGlitePool,
  };
}
