import { Sql, empty, join, raw } from 'sql-template-tag';
import type { Bind, SqlViewer } from '../auth/policy';
import { boundViewer } from '../auth/policy';
import type { Viewer } from '../auth/viewer';

/**
 * The one way to write SQL with values: the `sql` tag. Every `${value}` becomes a `$n` parameter (never text);
 * an `${sqlFragment}` nests, its parameters renumbered; `raw(...)` is for trusted text only (column names,
 * literals the code chooses, such as status predicates a partial index needs to see as literals).
 *
 *   query<Row>(manager, sql`SELECT ... WHERE "id" = ${id} AND ${visiblePractitionerSql(viewer, 'p')}`)
 *
 * The tag is `sql-template-tag`'s, typed here to take any driver value (arrays, dates), which node-postgres
 * and PGlite serialize.
 */
export const sql = (strings: ReadonlyArray<string>, ...values: unknown[]): Sql =>
  new Sql(strings, values as ConstructorParameters<typeof Sql>[1]);

export { Sql, empty, join, raw };

/** Anything that runs a statement: a DataSource, or the EntityManager of a unit of work. */
export interface Queryable {
  query(text: string, parameters?: unknown[]): Promise<unknown>;
}

/** Runs one statement composed with `sql` and returns its rows (typed by the caller: the shape of the SELECT). */
export async function query<Row>(db: Queryable, statement: Sql): Promise<Row[]> {
  return (await db.query(statement.text, statement.values)) as Row[];
}

/**
 * Whether `db` is the EntityManager of a unit of work (a transaction): its statements all go to one connection,
 * which runs one statement at a time.
 */
export function onOneConnection(db: unknown): boolean {
  return typeof db === 'object' && db !== null && 'queryRunner' in db && !!db.queryRunner;
}

/**
 * Runs independent reads together: at once on a DataSource (each statement takes its own pooled connection),
 * one after the other, in the order given, on a unit of work's single connection. Sending a statement while
 * the connection still runs another only queues it inside node-postgres, which warns that pg 9 will refuse it
 * ("Calling client.query() when the client is already executing a query"); awaiting each in turn costs
 * nothing there, the connection could not run them at once anyway.
 *
 *   const [post, scope] = await together(manager, () => repo.findOneBy({ id }), () => scopeOf(viewer, manager));
 */
export async function together<T extends unknown[]>(
  db: unknown,
  ...reads: { [K in keyof T]: () => Promise<T[K]> }
): Promise<T> {
  if (!onOneConnection(db)) return (await Promise.all(reads.map((read) => read()))) as T;
  const results: unknown[] = [];
  for (const read of reads) results.push(await read());
  return results as T;
}

/** `(a) AND (b) AND ...` of the given conditions (those that are `empty` left out); TRUE when none remain. */
export function and(conditions: Sql[]): Sql {
  const present = conditions.filter((c) => c !== empty);
  return present.length
    ? join(
        present.map((c) => sql`(${c})`),
        ' AND ',
      )
    : raw('TRUE');
}

/** The values as a list of parameters, `$1, $2, ...`, for `IN (${list(values)})`; at least one value. */
export function list(values: readonly unknown[]): Sql {
  return join(
    values.map((v) => sql`${v}`),
    ', ',
  );
}

/**
 * `= $n::type` for one value, `= ANY($n::type[])` for several: the comparison of a column with a list of keys
 * in a prepared statement (queryPrepared). The one-value form matters for speed: for an array parameter the
 * planner guesses ten elements, so a generic plan of `= ANY($n)` looks ten times dearer than the custom plan
 * of one key, and PostgreSQL keeps planning the statement on every execution (a post's comment page: 1.1 ms
 * of planning for 0.3 ms of work; BENCHMARKS.md "Generic plans"). A request for one record (a node, a post
 * page) is the common case.
 */
export function anyOf(values: readonly unknown[], type: 'uuid' | 'text' | 'bpchar'): Sql {
  return values.length === 1
    ? sql`= ${values[0]}${raw(`::${type}`)}`
    : sql`= ANY(${values}${raw(`::${type}[]`)})`;
}

// A character PostgreSQL text cannot hold, so a marker never collides with the SQL around it.
const MARK = '\u0000';
const MARKER = /\u0000(\d+)\u0000/;

/**
 * Adapter for SQL text written with a `Bind` callback (the policies' SQL forms, which also serve a viewer held
 * in columns for live events): the text becomes an `Sql` fragment whose bound values are parameters.
 */
export function fromBind(build: (bind: Bind) => string): Sql {
  const values: unknown[] = [];
  const text = build((value) => {
    values.push(value);
    return `${MARK}${values.length - 1}${MARK}`;
  });
  const parts = text.split(MARKER); // [text, index, text, index, ..., text]
  const strings = parts.filter((_, i) => i % 2 === 0);
  const params = parts.filter((_, i) => i % 2 === 1).map((i) => values[Number(i)]);
  return sql(strings, ...params);
}

/**
 * A policy's SQL form for one known viewer, as a fragment: `scope(v)` is called with the viewer's SqlViewer
 * (its id a parameter, its role and verification literals), e.g.
 * `policyScope(viewer, (v) => contactRequestReadSql(v, 'r'))`.
 */
export function policyScope(viewer: Viewer, scope: (v: SqlViewer) => string): Sql {
  return fromBind((bind) => scope(boundViewer(viewer, bind)));
}

/**
 * Adapter for TypeORM query builders: the fragment's text with `:<prefix>N` named parameters, and their values,
 * for `qb.andWhere(...namedSql(fragment, 'k'))`. Prefixes must differ between the fragments of one builder.
 */
export function namedSql(fragment: Sql, prefix: string): [string, Record<string, unknown>] {
  const params: Record<string, unknown> = {};
  const text = fragment.strings.reduce((acc, part, i) => {
    const name = `${prefix}${i - 1}`;
    params[name] = fragment.values[i - 1];
    return `${acc}:${name}${part}`;
  });
  return [text, params];
}
