import crypto from 'node:crypto';
import { QueryFailedError } from 'typeorm';
import type { DataSource, EntityManager, QueryRunner } from 'typeorm';
import { onOneConnection } from './sql';
import type { Sql } from './sql';

/** What a pg client (or the embedded pool's client) accepts: a named statement with its values. */
interface NamedQueryClient {
  query(config: {
    name: string;
    text: string;
    values: unknown[];
    rowMode?: 'array';
  }): Promise<{ rows: unknown[]; fields: Array<{ name: string }> }>;
}

/**
 * Runs one statement composed with `sql` as a **named prepared statement** on its connection, and returns
 * its rows. PostgreSQL then parses and plans it once per connection and text (after five executions it may
 * keep a generic plan), instead of on every request: for the hot read statements, whose policy predicates
 * make them long, planning cost more than executing (the home feed's page: 20 ms of planning against 8 ms of
 * execution per request under load, BENCHMARKS.md "Prepared statements").
 *
 * Only for statements whose text takes a bounded number of forms (the values are parameters; lists are
 * `anyOf(keys, type)`: `= $n` for one key, `= ANY($n)` for several, never `IN ($1, $2, …)` of varying length):
 * each form is kept by every connection. And only where the result's columns are named, not `*` of a table:
 * a prepared `*` would fail after a migration adds a column ("cached plan must not change result type").
 *
 * Inside a unit of work (an EntityManager with its query runner) the statement runs on the transaction's
 * connection; otherwise on a connection of the primary taken for it, or of a read replica with `replica`
 * (for reads that TypeORM's repositories would send there: loaders by id). The statement is counted, logged and
 * its failure wrapped as TypeORM does for `query()`. The embedded database (PGlite) runs it unnamed.
 */
export async function queryPrepared<Row>(
  db: DataSource | EntityManager,
  statement: Sql,
  options: { replica?: boolean } = {},
): Promise<Row[]> {
  return (await runPrepared(db, statement, options, undefined)).rows as Row[];
}

/** The rows of a statement read as arrays (queryPreparedArrays), and where each named column sits in them. */
export interface ArrayRows {
  rows: unknown[][];
  /** The index of a result column by name; throws for a name the statement does not return. */
  at(column: string): number;
}

/**
 * queryPrepared with each row as an array of its values in the statement's column order (node-postgres's
 * `rowMode: 'array'`), for the statements that return many columns per row (the home feed's page: 29 and
 * more). node-postgres builds an object row by copying a template of every column name and storing each value
 * under its name: per row and column, a keyed store the engine cannot specialise, then a keyed read to turn
 * the row into entities (LeanShape.fromArray reads positions instead).
 */
export async function queryPreparedArrays(
  db: DataSource | EntityManager,
  statement: Sql,
  options: { replica?: boolean } = {},
): Promise<ArrayRows> {
  const result = await runPrepared(db, statement, options, 'array');
  const positions = new Map<string, number>();
  result.fields.forEach((f, i) => {
    if (!positions.has(f.name)) positions.set(f.name, i);
  });
  return {
    rows: result.rows as unknown[][],
    at: (column) => {
      const i = positions.get(column);
      if (i === undefined) throw new Error(`The statement returns no column "${column}"`);
      return i;
    },
  };
}

async function runPrepared(
  db: DataSource | EntityManager,
  statement: Sql,
  options: { replica?: boolean },
  rowMode: 'array' | undefined,
): Promise<{ rows: unknown[]; fields: Array<{ name: string }> }> {
  const manager = onOneConnection(db) ? (db as EntityManager) : null;
  const dataSource = manager ? manager.connection : (db as DataSource);
  // `replica`: outside a unit of work, a read replica may serve it (DATABASE_REPLICA_URLS; else the primary).
  const runner: QueryRunner = manager
    ? manager.queryRunner!
    : dataSource.createQueryRunner(options.replica ? 'slave' : 'master');
  const { text, values } = statement;
  try {
    const client = (await runner.connect()) as NamedQueryClient;
    const logger = dataSource.logger;
    logger.logQuery(text, values, runner);
    const started = Date.now();
    try {
      const result = await client.query({ name: statementName(text), text, values, rowMode });
      const ms = Date.now() - started;
      const slow = dataSource.options.maxQueryExecutionTime;
      if (slow && ms > slow) logger.logQuerySlow(ms, text, values, runner);
      return result;
    } catch (err) {
      logger.logQueryError(err as Error, text, values, runner);
      throw new QueryFailedError(text, values, err as Error);
    }
  } finally {
    if (!manager) await runner.release();
  }
}

const NAMES = new Map<string, string>();

/** A name per statement text (a hash: two texts never share one, which pg would refuse). */
function statementName(text: string): string {
  let name = NAMES.get(text);
  if (!name) {
    name = `praxis_${crypto.createHash('sha1').update(text).digest('hex').slice(0, 20)}`;
    // The texts are a bounded set; the cap only guards against a caller that breaks that rule.
    if (NAMES.size < 10_000) NAMES.set(text, name);
  }
  return name;
}

const COLUMNS = new WeakMap<DataSource, Map<unknown, Array<{ property: string; column: string }>>>();

/**
 * The columns of an entity's table with their properties, from TypeORM's metadata, read once per DataSource:
 * what statements that select a table's columns by name (and turn the rows back into entities) list.
 */
export function columnsOfEntity(
  dataSource: DataSource,
  entity: new () => object,
): Array<{ property: string; column: string }> {
  let byEntity = COLUMNS.get(dataSource);
  if (!byEntity) COLUMNS.set(dataSource, (byEntity = new Map()));
  let columns = byEntity.get(entity);
  if (!columns) {
    columns = dataSource
      .getMetadata(entity)
      .columns.map((c) => ({ property: c.propertyName, column: c.databaseName }));
    byEntity.set(entity, columns);
  }
  return columns;
}

/**
 * `alias."col1", alias."col2", …`: every column of the entity's table, by name (trusted text), for `SELECT`s
 * whose rows become entities with `Object.assign` (the driver's names are the entity's). Where a statement
 * is prepared, this replaces `alias.*` (see queryPrepared).
 */
export function tableColumnsSql(dataSource: DataSource, entity: new () => object, alias: string): string {
  return [...new Set(columnsOfEntity(dataSource, entity).map((c) => c.column))]
    .map((c) => `${alias}."${c}"`)
    .join(', ');
}
