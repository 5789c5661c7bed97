import type DataLoader from 'dataloader';
import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import type { Sql } from '../db/sql';
import { and, empty, join, namedSql, raw, sql } from '../db/sql';
import { connectionLoader } from './batched-connection';
import type { PageRequest } from './batched-connection';
import { decodeCursor, toPage } from './pagination';
import type { CursorPart, Page } from './pagination';

/** One sort key of a keyset order: trusted SQL text for the key, and the kind its cursor value is checked as. */
export interface SortKey {
  /** The key in the statement, e.g. `c."createdAt"` (trusted text, never a value). */
  column: string;
  /** The cursor value's kind: decoding checks it (type, range) before it reaches SQL. */
  kind: CursorPart;
  /** The key's output column, when a statement orders the selected rows again (lateral pages). */
  as?: string;
}

/** The casts a cursor value of each kind gets in SQL (text and integers take the column's type as they are). */
const CAST: Record<CursorPart, string> = {
  string: '',
  smallint: '',
  integer: '',
  uuid: '::uuid',
  timestamp: '::timestamptz',
  date: '::date',
};

/** The page a request asks for. `last`/`before` (backward paging) will join `first`/`after` here. */
export interface KeysetArgs {
  first: number;
  after?: string | null;
}

/**
 * The SQL of one page request over a keyset order, and how its fetched rows become a page:
 *
 *   SELECT ... WHERE <filters> ${w.andAfter} ORDER BY ${w.orderBy} ${w.limit}   →   w.page(rows)
 */
export interface KeysetWindow<R> {
  /** The condition "after the cursor" (a row comparison), or null without a cursor. */
  after: Sql | null;
  /** `AND <after>`, or nothing without a cursor. */
  andAfter: Sql;
  /** The ORDER BY list (without the keywords): each key in the order's direction. */
  orderBy: Sql;
  /** The same order on the output columns (`page."createdAt" DESC, ...`), for lateral pages. */
  outerOrderBy: Sql;
  /** `LIMIT first + 1`: one row more tells whether a next page exists. */
  limit: Sql;
  /** The number of rows the page holds at most. */
  first: number;
  /** Turns the fetched rows (at most first + 1, in window order) into edges with cursors and pageInfo. */
  page(rows: R[]): Page<R>;
}

/**
 * A keyset order: sort keys (the last one unique, typically the id) in one direction, and each row's values
 * of those keys for its cursor (e.g. a timestamp as an ISO string with microseconds: see `isoMicros`).
 * All keys share one direction, so "after the cursor" is one row comparison that a composite index serves.
 * Backward paging (issue 12) flips the comparison and the order for `before`, then reverses the rows; the
 * window's shape stays.
 */
export class Keyset<R> {
  constructor(
    readonly keys: readonly SortKey[],
    readonly direction: 'ASC' | 'DESC',
    readonly cursorOf: (row: R) => ReadonlyArray<string | number>,
  ) {}

  /** The SQL fragments and the page builder of one request; BAD_USER_INPUT for a malformed `after`. */
  window({ first, after }: KeysetArgs): KeysetWindow<R> {
    const dir = this.direction === 'DESC' ? ' DESC' : '';
    let condition: Sql | null = null;
    if (after) {
      const values = decodeCursor(
        after,
        this.keys.map((k) => k.kind),
      );
      const columns = raw(this.keys.map((k) => k.column).join(', '));
      const cursor = join(
        this.keys.map((k, i) => sql`${values[i]}${raw(CAST[k.kind])}`),
        ', ',
      );
      condition = sql`(${columns}) ${raw(this.direction === 'DESC' ? '<' : '>')} (${cursor})`;
    }
    return {
      after: condition,
      andAfter: condition ? sql`AND ${condition}` : empty,
      orderBy: raw(this.keys.map((k) => `${k.column}${dir}`).join(', ')),
      outerOrderBy: raw(this.keys.map((k) => `page."${k.as ?? ''}"${dir}`).join(', ')),
      limit: sql`LIMIT ${first + 1}`,
      first,
      page: (rows) => toPage(rows, first, this.cursorOf),
    };
  }
}

/**
 * A DataLoader of per-parent connections over a keyset order (see connectionLoader): `fetch` gets the
 * parents of a batch with the same page arguments and the window to apply to each parent's rows, and
 * returns each parent's rows (at most first + 1, in window order), e.g. through `lateralPagesSql`.
 */
export function keysetLoader<R>(
  keyset: Keyset<R>,
  fetch: (parentIds: string[], window: KeysetWindow<R>) => Promise<Map<string, R[]>>,
): DataLoader<PageRequest, Page<R>, string> {
  return connectionLoader<R>(
    (parentIds, first, after) => fetch(parentIds, keyset.window({ first, after })),
    keyset.cursorOf,
  );
}

/**
 * A page of entities through a TypeORM query builder (which maps the rows, relations and column types to
 * entities): the builder gets `conditions` and the window's cursor condition as one `sql` fragment through
 * `namedSql`, the keyset's ORDER BY and LIMIT first + 1. The builder itself writes no SQL text.
 */
export async function entityPage<E extends ObjectLiteral>(
  qb: SelectQueryBuilder<E>,
  keyset: Keyset<E>,
  w: KeysetWindow<E>,
  conditions: Sql[],
): Promise<Page<E>> {
  qb.where(...namedSql(and(w.after ? [...conditions, w.after] : conditions), 'w'));
  keyset.keys.forEach((k, i) =>
    i ? qb.addOrderBy(k.column, keyset.direction) : qb.orderBy(k.column, keyset.direction),
  );
  return w.page(await qb.limit(w.first + 1).getMany());
}
