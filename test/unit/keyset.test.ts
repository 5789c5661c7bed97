import 'reflect-metadata';
import { Role, VerificationStatus } from '../../src/common/auth/role';
import type { Viewer } from '../../src/common/auth/viewer';
import { and, empty, fromBind, list, namedSql, policyScope, raw, sql } from '../../src/common/db/sql';
import { Keyset } from '../../src/common/relay/keyset';
import { edgeWithNode, encodeCursor, mapPage } from '../../src/common/relay/pagination';

/** What a client or a log would get: own fields and getters' values, through toJSON. */
const plain = (value: unknown): unknown => JSON.parse(JSON.stringify(value));

interface Row {
  id: string;
  at: string;
}

const ID = '0b0e6b9e-3f1a-4c55-9a3e-2f6f0c1d2e3f';
const AT = '2026-01-02T03:04:05.123456Z';
const order = new Keyset<Row>(
  [
    { column: 'x."createdAt"', kind: 'timestamp', as: 'createdAt' },
    { column: 'x."id"', kind: 'uuid', as: 'id' },
  ],
  'DESC',
  (r) => [r.at, r.id],
);

describe('the sql tag helpers', () => {
  it('turns Bind-written text into a fragment whose values are parameters, renumbered when nested', () => {
    const fragment = fromBind((bind) => `(a = ${bind('x')}::uuid OR b = ${bind(2)})`);
    const statement = sql`SELECT 1 WHERE c = ${'first'} AND ${fragment}`;
    expect(statement.text).toBe('SELECT 1 WHERE c = $1 AND (a = $2::uuid OR b = $3)');
    expect(statement.values).toEqual(['first', 'x', 2]);
  });

  it('binds the viewer of a policy scope and writes its role and verification as literals', () => {
    const viewer: Viewer = {
      id: 'v',
      role: Role.MODERATOR,
      verification: VerificationStatus.VERIFIED,
    } as Viewer;
    const scope = policyScope(viewer, (v) => `(r.id = ${v.id} AND ${v.moderator})`);
    expect(scope.text).toBe('(r.id = $1::uuid AND TRUE)');
    expect(scope.values).toEqual(['v']);
  });

  it('lists values as parameters and joins conditions with AND, TRUE when there are none', () => {
    const statement = sql`WHERE ${and([sql`a IN (${list(['x', 'y'])})`, empty, sql`b OR c = ${1}`])}`;
    expect(statement.text).toBe('WHERE (a IN ($1, $2)) AND (b OR c = $3)');
    expect(statement.values).toEqual(['x', 'y', 1]);
    expect(and([]).text).toBe('TRUE');
  });

  it('hands a fragment to a query builder with named parameters', () => {
    expect(namedSql(sql`(a, b) > (${'n'}, ${ID}::uuid)`, 'key')).toEqual([
      '(a, b) > (:key0, :key1::uuid)',
      { key0: 'n', key1: ID },
    ]);
    expect(namedSql(raw('TRUE'), 'k')).toEqual(['TRUE', {}]);
  });
});

describe('Keyset', () => {
  it('has no cursor condition on the first page and fetches one row more than it returns', () => {
    const w = order.window({ first: 2, after: null });
    expect(w.after).toBeNull();
    expect(w.andAfter.text).toBe('');
    expect(w.orderBy.text).toBe('x."createdAt" DESC, x."id" DESC');
    expect(w.outerOrderBy.text).toBe('page."createdAt" DESC, page."id" DESC');
    expect(sql`SELECT 1 ${w.limit}`.text).toBe('SELECT 1 LIMIT $1');
    expect(w.limit.values).toEqual([3]);
  });

  it('continues after a cursor with one row comparison in the order direction, values as parameters', () => {
    const w = order.window({ first: 2, after: encodeCursor([AT, ID]) });
    expect(sql`WHERE TRUE ${w.andAfter}`.text).toBe(
      'WHERE TRUE AND (x."createdAt", x."id") < ($1::timestamptz, $2::uuid)',
    );
    expect(w.andAfter.values).toEqual([AT, ID]);
    const asc = new Keyset<Row>(order.keys, 'ASC', order.cursorOf).window({
      first: 1,
      after: encodeCursor([AT, ID]),
    });
    expect(asc.after!.text).toBe('(x."createdAt", x."id") > ($1::timestamptz, $2::uuid)');
    expect(asc.orderBy.text).toBe('x."createdAt", x."id"');
  });

  it('refuses a cursor of another shape as BAD_USER_INPUT naming after', () => {
    expect(() => order.window({ first: 2, after: encodeCursor(['Smith', ID]) })).toThrow(
      expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT' }) }),
    );
  });

  it('turns first + 1 rows into a page with a next page, and first rows into a last page', () => {
    const rows = [
      { id: 'a', at: AT },
      { id: 'b', at: AT },
      { id: 'c', at: AT },
    ];
    const w = order.window({ first: 2 });
    const page = w.page(rows);
    expect(page.edges.map((e) => e.node.id)).toEqual(['a', 'b']);
    expect(plain(page.pageInfo)).toEqual({
      hasNextPage: true,
      hasPreviousPage: false,
      startCursor: encodeCursor([AT, 'a']),
      endCursor: encodeCursor([AT, 'b']),
    });
    const last = w.page(rows.slice(0, 2));
    expect(last.pageInfo.hasNextPage).toBe(false);
    expect(plain(w.page([]).pageInfo)).toEqual({
      hasNextPage: false,
      hasPreviousPage: false,
      startCursor: null,
      endCursor: null,
    });
  });

  it('encodes each cursor when read, from the row as it was when the page was built; copies keep it', () => {
    const rows = [
      { id: 'a', at: AT },
      { id: 'b', at: AT },
    ];
    const page = order.window({ first: 5 }).page(rows);
    rows[0].id = 'changed';
    expect(page.edges.map((e) => e.cursor)).toEqual([encodeCursor([AT, 'a']), encodeCursor([AT, 'b'])]);
    expect(page.pageInfo.startCursor).toBe(encodeCursor([AT, 'a']));
    expect(page.pageInfo.endCursor).toBe(encodeCursor([AT, 'b']));
    // Mapped to other nodes (entities from rows), with and without the cursor read first.
    const mapped = mapPage(page, (r) => ({ name: r.id }));
    expect(mapped.edges.map((e) => [e.cursor, e.node.name])).toEqual([
      [encodeCursor([AT, 'a']), 'changed'],
      [encodeCursor([AT, 'b']), 'b'],
    ]);
    const fresh = mapPage(order.window({ first: 5 }).page([{ id: 'c', at: AT }]), (r) => r.id);
    expect(fresh.edges[0].cursor).toBe(encodeCursor([AT, 'c']));
    expect(edgeWithNode({ cursor: 'plain', node: 1 }, 2)).toEqual({ cursor: 'plain', node: 2 });
    // JSON (a payload logged or kept) has every cursor.
    expect(plain(fresh)).toEqual({
      edges: [{ cursor: encodeCursor([AT, 'c']), node: 'c' }],
      pageInfo: {
        hasNextPage: false,
        hasPreviousPage: false,
        startCursor: encodeCursor([AT, 'c']),
        endCursor: encodeCursor([AT, 'c']),
      },
    });
  });

  it('pages backward: reversed order and comparison in SQL, last + 1 rows, edges back in list order', () => {
    const w = order.window({ last: 2, before: encodeCursor([AT, ID]) });
    expect(w.backward).toBe(true);
    expect(w.direction).toBe('ASC');
    expect(w.after!.text).toBe('(x."createdAt", x."id") > ($1::timestamptz, $2::uuid)');
    expect(w.orderBy.text).toBe('x."createdAt", x."id"');
    expect(w.outerOrderBy.text).toBe('page."createdAt", page."id"');
    expect(w.limit.values).toEqual([3]);
    // Fetched nearest the cursor first (c, b), then the extra row a; the list order is a, b, c.
    const fetched = [
      { id: 'c', at: AT },
      { id: 'b', at: AT },
      { id: 'a', at: AT },
    ];
    const page = w.page(fetched);
    expect(page.edges.map((e) => e.node.id)).toEqual(['b', 'c']);
    expect(plain(page.pageInfo)).toEqual({
      hasNextPage: false,
      hasPreviousPage: true,
      startCursor: encodeCursor([AT, 'b']),
      endCursor: encodeCursor([AT, 'c']),
    });
    expect(w.page(fetched.slice(0, 2)).pageInfo.hasPreviousPage).toBe(false);
    const asc = new Keyset<Row>(order.keys, 'ASC', order.cursorOf).window({ last: 5 });
    expect(asc.after).toBeNull();
    expect(asc.orderBy.text).toBe('x."createdAt" DESC, x."id" DESC');
    expect(asc.limit.values).toEqual([6]);
  });

  it('defaults to 20 forward, and refuses first with last, or arguments of both directions', () => {
    expect(order.window({}).first).toBe(20);
    expect(order.window({ first: null, last: null }).backward).toBe(false);
    const refused = (args: object, fields: string[]) =>
      expect(() => order.window(args)).toThrow(
        expect.objectContaining({
          extensions: expect.objectContaining({
            code: 'BAD_USER_INPUT',
            fields: fields.map((field) => expect.objectContaining({ field })),
          }),
        }),
      );
    refused({ first: 2, last: 2 }, ['first', 'last']);
    refused({ first: 2, last: 2, after: 'x' }, ['first', 'last']);
    refused({ after: encodeCursor([AT, ID]), before: encodeCursor([AT, ID]) }, ['after', 'before']);
    refused({ first: 2, before: encodeCursor([AT, ID]) }, ['first', 'before']);
  });

  it('refuses a malformed before cursor as BAD_USER_INPUT naming before', () => {
    expect(() => order.window({ last: 2, before: encodeCursor(['Smith', ID]) })).toThrow(
      expect.objectContaining({
        message: 'before is not a valid cursor.',
        extensions: expect.objectContaining({
          code: 'BAD_USER_INPUT',
          fields: [expect.objectContaining({ field: 'before' })],
        }),
      }),
    );
  });
});
