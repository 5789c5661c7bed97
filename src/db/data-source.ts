import 'reflect-metadata';
import { DataSource } from 'typeorm';
import type { Logger as TypeOrmLogger } from 'typeorm';
import type { Logger } from 'pino';
import type { DatabaseConfig } from '../config/config';
import { ENTITIES } from './entities';
import { MIGRATIONS } from '../../migrations';
import { PG_TYPES } from './pg-types';

/** Counts the SQL statements sent, for tests and metrics. */
export class SqlStatementCounter {
  count = 0;
  /** When a test sets it to an array, every statement's text is appended (to show which ones ran). */
  recording: string[] | null = null;
}

class QueryLogger implements TypeOrmLogger {
  constructor(
    private readonly counter: SqlStatementCounter,
    private readonly logger: Logger,
  ) {}
  logQuery(query: string): void {
    this.counter.count += 1;
    this.counter.recording?.push(query);
    if (this.logger.isLevelEnabled('trace')) this.logger.trace({ sql: query }, 'sql');
  }
  logQueryError(error: string | Error, query: string): void {
    this.counter.count += 1;
    this.logger.debug({ err: error, sql: query }, 'sql error');
  }
  logQuerySlow(time: number, query: string): void {
    this.logger.warn({ ms: time, sql: query.slice(0, 500) }, 'slow sql');
  }
  logSchemaBuild(message: string): void {
    this.logger.debug(message);
  }
  logMigration(message: string): void {
    this.logger.info(message);
  }
  log(level: 'log' | 'info' | 'warn', message: unknown): void {
    if (level === 'warn') this.logger.warn({ message }, 'typeorm');
    else this.logger.debug({ message }, 'typeorm');
  }
}

export interface Database {
  dataSource: DataSource;
  counter: SqlStatementCounter;
  kind: DatabaseConfig['kind'];
}

/** One DataSource factory for both modes: PostgreSQL (DATABASE_URL) or embedded PGlite. */
export function createDataSource(config: DatabaseConfig, log: Logger): Database {
  const counter = new SqlStatementCounter();
  const common = {
    type: 'postgres' as const,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'typeorm_migrations',
    synchronize: false,
    migrationsRun: false,
    installExtensions: false,
    uuidExtension: 'pgcrypto' as const,
    logging: true,
    maxQueryExecutionTime: 1000,
    logger: new QueryLogger(counter, log.child({ component: 'db' })),
  };
  if (config.kind === 'postgres') {
    const pool = {
      poolSize: config.poolSize,
      applicationName: 'praxis',
      // pg's connectionTimeoutMillis: the wait for a pooled connection (or a new one) before failing.
      connectTimeoutMS: config.acquireTimeoutMs,
      extra: {
        ...(config.statementTimeoutMs > 0 ? { statement_timeout: config.statementTimeoutMs } : {}),
        // Dead connections (server restarted) are noticed and dropped instead of waiting on TCP.
        keepAlive: true,
        // pg.Pool's idle timeout (10 s by default): connections, and the statements they prepared, stay.
        idleTimeoutMillis: config.idleTimeoutMs,
        idle_in_transaction_session_timeout: 60000,
        // node-postgres's type parsers, with a faster reader of timestamps (src/db/pg-types.ts).
        types: PG_TYPES,
      },
    };
    const dataSource = config.replicaUrls.length
      ? new DataSource({
          ...common,
          ...pool,
          // TypeORM sends reads outside transactions (find, query builders' getMany…) to a replica, the rest to the primary.
          replication: {
            master: { url: config.url },
            slaves: config.replicaUrls.map((url) => ({ url })),
          },
        })
      : new DataSource({ ...common, ...pool, url: config.url });
    return { dataSource, counter, kind: 'postgres' };
  }
  // Loaded for this mode only: a PostgreSQL server need not load the embedded database (~20 ms of its start-up).
  const { PGlitePool, pgliteDriverFor } =
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require('./pglite-pool') as typeof import('./pglite-pool');
  const pool = new PGlitePool(config.dataDir, undefined, config.image);
  const dataSource = new DataSource({ ...common, driver: pgliteDriverFor(pool), database: 'postgres' });
  // Each transaction runs in its own scope so that a nested checkout fails fast instead of deadlocking.
  const transaction = dataSource.transaction.bind(dataSource) as (...args: unknown[]) => Promise<unknown>;
  (dataSource as unknown as { transaction: (...args: unknown[]) => Promise<unknown> }).transaction = (
    ...args: unknown[]
  ) => pool.runScoped(() => transaction(...args));
  return { dataSource, counter, kind: 'pglite' };
}
