import DataLoader from 'dataloader';
import type { Sql } from '../db/sql';
import { raw, sql } from '../db/sql';
import type { Page, PageArgs } from './pagination';
import { edgeWithNode } from './pagination';

/** One connection hanging off one parent object (e.g. the `members` of one network), with its page arguments. */
export interface PageRequest extends PageArgs {
  parentId: string;
}

/**
 * Fetches, for each parent id, its page (one query for all parents: see `lateralPagesSql` and keysetLoader).
 * Throws BAD_USER_INPUT for a malformed cursor or arguments of both directions.
 */
export type BatchPageFetcher<T> = (parentIds: string[], args: PageArgs) => Promise<Map<string, Page<T>>>;

const argsKey = (r: PageArgs) =>
  JSON.stringify([r.first ?? null, r.after ?? null, r.last ?? null, r.before ?? null]);

/**
 * A DataLoader of per-parent connections: every request of a batch with the same `first`/`after` is answered
 * by one query, so a page of 50 parents costs as many statements as a page of 10. A bad cursor fails only
 * the requests that carry it.
 */
export function connectionLoader<T>(fetch: BatchPageFetcher<T>): DataLoader<PageRequest, Page<T>, string> {
  return new DataLoader<PageRequest, Page<T>, string>(
    async (requests) => {
      const groups = new Map<string, { args: PageArgs; ids: Set<string> }>();
      for (const r of requests) {
        const key = argsKey(r);
        const group = groups.get(key) ?? {
          args: { first: r.first, after: r.after, last: r.last, before: r.before },
          ids: new Set<string>(),
        };
        group.ids.add(r.parentId);
        groups.set(key, group);
      }
      const results = new Map<string, Page<T> | Error>();
      await Promise.all(
        [...groups].map(async ([key, g]) => {
          try {
            const pages = await fetch([...g.ids], g.args);
            for (const id of g.ids) results.set(`${id}|${key}`, pages.get(id)!);
          } catch (err) {
            for (const id of g.ids) results.set(`${id}|${key}`, err as Error);
          }
        }),
      );
      return requests.map((r) => results.get(`${r.parentId}|${argsKey(r)}`)!);
    },
    { cacheKeyFn: (r) => `${r.parentId}|${argsKey(r)}` },
  );
}

/** Groups rows by a key, keeping their order (for the result of a windowed query). */
export function groupBy<T>(rows: T[], keyOf: (row: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const row of rows) {
    const key = keyOf(row);
    const list = map.get(key);
    if (list) list.push(row);
    else map.set(key, [row]);
  }
  return map;
}

/** The column lateralPagesSql adds to each row: the key of the row's parent. */
export const PARENT_KEY = '__parent';

/**
 * Pages of several parents in one statement: `inner` selects one parent's rows (referring to the parent's
 * id as `parent.id`), ordered and limited (a KeysetWindow's `andAfter`, `orderBy`, `limit`), and runs once
 * per key of `parentKeys` (uuids, or text keys such as country codes) through a LATERAL join, so each parent
 * costs an index range scan of at most `size + 1` rows. `outerOrder` repeats the order on the output columns
 * (the window's `outerOrderBy`). Each row gets the column PARENT_KEY (named so that it cannot clash with a
 * table's own columns when `inner` selects them all); `byParent` groups the rows.
 */
export function lateralPagesSql(
  inner: Sql,
  parentKeys: readonly string[],
  outerOrder: Sql,
  keyType: 'uuid' | 'text' = 'uuid',
): Sql {
  // One parent (a node's page, the common case) is a one-row parent list, not unnest of an array: the
  // planner guesses ten elements for an array parameter, and would re-plan the prepared statement on every
  // execution rather than keep its generic plan (anyOf in common/db/sql.ts says more).
  const parents =
    parentKeys.length === 1
      ? sql`(SELECT ${parentKeys[0]}${raw(`::${keyType}`)} AS id) AS parent`
      : sql`unnest(${parentKeys}${raw(`::${keyType}[]`)}) AS parent(id)`;
  return sql`SELECT parent.id AS "${raw(PARENT_KEY)}", page.* FROM ${parents}
    CROSS JOIN LATERAL (${inner}) page
    ORDER BY parent.id, ${outerOrder}`;
}

/**
 * One parent's page as a JSON array, for a column of the parent's own statement (common/relay/read-ahead.ts):
 * `inner` as for lateralPagesSql (the parent's id is `parent.id`), selecting each row's JSON as `j` beside the
 * keys `outerOrder` names.
 */
export function jsonPageSql(inner: Sql, parentIdSql: string, outerOrder: Sql): Sql {
  return sql`(SELECT coalesce(json_agg(page.j ORDER BY ${outerOrder}), '[]')
    FROM (SELECT ${raw(parentIdSql)} AS id) AS parent CROSS JOIN LATERAL (${inner}) page)`;
}

/**
 * The rows of lateralPagesSql by their parent's key. `make` turns each row into what the page holds (e.g. an
 * entity, from the columns it picks: the row still has PARENT_KEY); without it, the page holds the rows
 * without that column.
 */
export function byParent<T>(
  rows: Record<string, unknown>[],
  make?: (row: Record<string, unknown>) => T,
): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const row of rows) {
    const key = row[PARENT_KEY] as string;
    // No object rest (`{ [PARENT_KEY]: key, ...rest }`): V8 copies with a computed excluded key on a slow
    // path, 2.7 % of a post-with-comments request.
    const item = make ? make(row) : (withoutParentKey(row) as T);
    const list = map.get(key);
    if (list) list.push(item);
    else map.set(key, [item]);
  }
  return map;
}

function withoutParentKey(row: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key in row) if (key !== PARENT_KEY) out[key] = row[key];
  return out;
}

/**
 * SQL for a timestamptz as an ISO string with microseconds, for keyset cursors: a JavaScript Date keeps
 * only milliseconds, and a cursor that lost precision would repeat or skip rows.
 */
export function isoMicros(column: string): string {
  return `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
}

/**
 * Turns a page of keys into a page of objects, keeping cursors and pageInfo; objects that no longer load
 * (null or an error, e.g. deleted meanwhile) are left out.
 */
export async function resolvePage<R, T extends object>(
  page: Page<R>,
  load: (rows: R[]) => Promise<ArrayLike<T | Error | null>>,
): Promise<Page<T>> {
  const nodes = await load(page.edges.map((e) => e.node));
  const edges: Page<T>['edges'] = [];
  page.edges.forEach((e, i) => {
    const node = nodes[i];
    if (node && !(node instanceof Error)) edges.push(edgeWithNode(e, node));
  });
  return { edges, pageInfo: page.pageInfo };
}
