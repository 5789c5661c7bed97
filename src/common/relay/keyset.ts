import type DataLoader from 'dataloader';
import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import type { Sql } from '../db/sql';
import { and, empty, join, namedSql, raw, sql } from '../db/sql';
import { connectionLoader } from './batched-connection';
import type { PageRequest } from './batched-connection';
import { decodeCursor, pageRequest, toPage } from './pagination';
import type { CursorPart, Page, PageArgs } from './pagination';

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

/** The page a request asks for: `first`/`after` forward, or `last`/`before` backward (see pageRequest). */
export type KeysetArgs = PageArgs;

/**
 * The SQL of one page request over a keyset order, and how its fetched rows become a page:
 *
 *   SELECT ... WHERE <filters> ${w.andAfter} ORDER BY ${w.orderBy} ${w.limit}   →   w.page(rows)
 */
export interface KeysetWindow<R> {
  /**
   * The cursor condition (a row comparison): "after the cursor" forward, "before the cursor" backward; null
   * without a cursor.
   */
  after: Sql | null;
  /** `AND <after>`, or nothing without a cursor. */
  andAfter: Sql;
  /** The ORDER BY list (without the keywords): each key in the window's direction. */
  orderBy: Sql;
  /** The same order on the output columns (`page."createdAt" DESC, ...`), for lateral pages. */
  outerOrderBy: Sql;
  /** `LIMIT size + 1`: one row more tells whether a next (forward) or previous (backward) page exists. */
  limit: Sql;
  /** The number of rows the page holds at most (`first` or `last`). */
  first: number;
  /** Whether the request pages backward: the window's order is the list's, reversed. */
  backward: boolean;
  /** The window's direction: the list's, or its reverse when paging backward. */
  direction: 'ASC' | 'DESC';
  /** Turns the fetched rows (at most size + 1, in window order) into edges in the list's order and pageInfo. */
  page(rows: R[]): Page<R>;
}

/**
 * A keyset order: sort keys (the last one unique, typically the id) in one direction, and each row's values
 * of those keys for its cursor (e.g. a timestamp as an ISO string with microseconds: see `isoMicros`).
 * All keys share one direction, so "after the cursor" is one row comparison that a composite index serves.
 * Backward paging (`last`/`before`) reverses the order (and so the comparison) in SQL, fetches last + 1 rows
 * nearest the end or the cursor, and `page` puts them back in the list's order; the window's shape stays.
 */
export class Keyset<R> {
  constructor(
    readonly keys: readonly SortKey[],
    readonly direction: 'ASC' | 'DESC',
    readonly cursorOf: (row: R) => ReadonlyArray<string | number>,
  ) {}

  /**
   * The SQL fragments and the page builder of one request; BAD_USER_INPUT for a malformed `after`/`before`
   * or for arguments of both directions (see pageRequest).
   */
  window(args: KeysetArgs): KeysetWindow<R> {
    const { backward, size, cursor: given } = pageRequest(args);
    const direction = backward ? (this.direction === 'DESC' ? 'ASC' : 'DESC') : this.direction;
    const dir = direction === 'DESC' ? ' DESC' : '';
    let condition: Sql | null = null;
    if (given) {
      const values = decodeCursor(
        given,
        this.keys.map((k) => k.kind),
        backward ? 'before' : 'after',
      );
      const columns = raw(this.keys.map((k) => k.column).join(', '));
      const cursor = join(
        this.keys.map((k, i) => sql`${values[i]}${raw(CAST[k.kind])}`),
        ', ',
      );
      condition = sql`(${columns}) ${raw(direction === 'DESC' ? '<' : '>')} (${cursor})`;
    }
    return {
      after: condition,
      andAfter: condition ? sql`AND ${condition}` : empty,
      orderBy: raw(this.keys.map((k) => `${k.column}${dir}`).join(', ')),
      outerOrderBy: raw(this.keys.map((k) => `page."${k.as ?? ''}"${dir}`).join(', ')),
      limit: sql`LIMIT ${size + 1}`,
      first: size,
      backward,
      direction,
      page: (rows) => toPage(rows, size, this.cursorOf, backward),
    };
  }
}

/**
 * A DataLoader of per-parent connections over a keyset order (see connectionLoader): `fetch` gets the
 * parents of a batch with the same page arguments and the window to apply to each parent's rows, and
 * returns each parent's rows (at most size + 1, in window order), e.g. through `lateralPagesSql`. Backward
 * pages work as they do for one list: the window reverses the inner and the outer order, `page` the rows.
 */
export function keysetLoader<R>(
  keyset: Keyset<R>,
  fetch: (parentIds: string[], window: KeysetWindow<R>) => Promise<Map<string, R[]>>,
): DataLoader<PageRequest, Page<R>, string> {
  return connectionLoader<R>(async (parentIds, args) => {
    const w = keyset.window(args);
    const rows = await fetch(parentIds, w);
    return new Map(parentIds.map((id) => [id, w.page(rows.get(id) ?? [])]));
  });
}

/**
 * A page of entities through a TypeORM query builder (which maps the rows, relations and column types to
 * entities): the builder gets `conditions` and the window's cursor condition as one `sql` fragment through
 * `namedSql`, the window's ORDER BY (reversed when paging backward) and LIMIT size + 1. The builder itself writes no SQL text.
 */
export async function entityPage<E extends ObjectLiteral>(
  qb: SelectQueryBuilder<E>,
  keyset: Keyset<E>,
  w: KeysetWindow<E>,
  conditions: Sql[],
): Promise<Page<E>> {
  qb.where(...namedSql(and(w.after ? [...conditions, w.after] : conditions), 'w'));
  keyset.keys.forEach((k, i) =>
    i ? qb.addOrderBy(k.column, w.direction) : qb.orderBy(k.column, w.direction),
  );
  return w.page(await qb.limit(w.first + 1).getMany());
}
