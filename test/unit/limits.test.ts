import type { IncomingMessage } from 'node:http';
import { buildSchema, parse } from 'graphql';
import type { GraphQLObjectType, OperationDefinitionNode } from 'graphql';
import {
  ValidatedDocuments,
  operationCost,
  prepareOperation,
  stripSuggestions,
  tokenLimitError,
} from '../../src/common/limits/query-limits';
import { MAX_PRICING_STEPS, UnpriceableOperationError } from '../../src/common/limits/operation-cost';
import {
  REFERENCE_LIST_BOUNDS,
  buildCountries,
  buildRegions,
} from '../../src/modules/reference/reference.data';
import { THEMATIC_AREAS } from '../../src/modules/reference/thematic-areas.data';
import {
  ConnectionCaps,
  isOriginAllowed,
  msUntilExpiry,
  subscriptionCapError,
} from '../../src/common/limits/websocket-limits';
import { clientAddress, compileTrustProxy } from '../../src/common/limits/client-address';
import { operationLabel } from '../../src/common/metrics/metrics';
import { loadConfig } from '../../src/config/config';

const schema = buildSchema(`
  interface Named { name: String }
  type Query {
    items(first: Int! = 20): ItemConnection!
    both(first: Int, last: Int): ItemConnection!
    search(first: Int, q: String!): ItemConnection!
    nodes(ids: [ID!]!): [Item]!
    item: Item
    tags: [Tag!]!
    named: Named
    grid(keys: [String!]!): Grid
  }
  type Grid { rows: [Row!]! }
  type Row { cells: [Tag!]! }
  type ItemConnection { edges: [ItemEdge!]! }
  type ItemEdge { node: Item! }
  type Item implements Named { id: ID! name: String children(first: Int! = 20): ItemConnection! tags: [Tag!]! }
  type Tag implements Named { name: String items(first: Int! = 20): ItemConnection! }
`);
/** What the ListSize decorator sets on fields built from classes. */
function declare(type: string, field: string, listSize: unknown) {
  const def = (schema.getType(type) as GraphQLObjectType).getFields()[field];
  (def as { extensions: object }).extensions = { listSize };
}
declare('Query', 'nodes', { argument: 'ids', max: 100 });
declare('ItemConnection', 'edges', 'page');
declare('Query', 'tags', 30);
declare('Grid', 'rows', 5);
declare('Row', 'cells', { argument: 'keys', max: 50 }); // as long as grid's keys
// Item.tags is left undeclared: priced as a full page (100).

const cost = (q: string, variables?: Record<string, unknown>, operationName?: string) =>
  operationCost(schema, parse(q), variables, operationName);

describe('query cost', () => {
  it('charges 1 per field and multiplies a connection by first (default 20, clamped to 1..100)', () => {
    expect(cost('{ item { id } }')).toBe(2);
    expect(cost('{ items(first: 10) { edges { node { id } } } }')).toBe(1 + 10 * 3);
    expect(cost('{ items { edges { node { id } } } }')).toBe(1 + 20 * 3);
    expect(cost('query($n: Int!) { items(first: $n) { edges { node { id } } } }', { n: 5 })).toBe(16);
    expect(cost('{ items(first: 1000) { edges { node { id } } } }')).toBe(1 + 100 * 3);
    // A connection paged backward is priced by `last` as it would be by `first`.
    expect(cost('{ both(last: 100) { edges { node { id } } } }')).toBe(
      cost('{ both(first: 100) { edges { node { id } } } }'),
    );
    expect(cost('{ both(last: 7) { edges { node { id } } } }')).toBe(1 + 7 * 3);
    expect(cost('{ both { edges { node { id } } } }')).toBe(1 + 20 * 3);
    expect(
      cost('{ items(first: 10) { edges { node { children(first: 10) { edges { node { id } } } } } } }'),
    ).toBe(1 + 10 * (1 + 1 + (1 + 10 * 3)));
  });

  it('multiplies a plain list by its declared size, an undeclared one by 100', () => {
    expect(cost('{ nodes(ids: ["a", "b", "c"]) { id } }')).toBe(1 + 3 * 1);
    expect(cost(`{ nodes(ids: [${'"a", '.repeat(150)}]) { id } }`)).toBe(1 + 100 * 1); // refused by the field
    expect(cost('{ tags { name } }')).toBe(1 + 30 * 1);
    expect(cost('{ tags { items(first: 5) { edges { node { id } } } } }')).toBe(1 + 30 * (1 + 5 * 3));
    expect(cost('{ item { tags { name } } }')).toBe(1 + (1 + 100 * 1));
    // An enclosing field's argument: 5 rows of 3 cells; the same fragment under another grid costs more.
    expect(cost('{ grid(keys: ["a", "b", "c"]) { rows { cells { name } } } }')).toBe(1 + (1 + 5 * (1 + 3)));
    expect(
      cost(
        `{ a: grid(keys: ["a"]) { ...G } b: grid(keys: ["a", "b"]) { ...G } } fragment G on Grid { rows { cells { name } } }`,
      ),
    ).toBe(1 + (1 + 5 * (1 + 1)) + 1 + (1 + 5 * (1 + 2)));
  });

  it('prices a fragment once, at every spread, and abstract selections at their costliest type', () => {
    const bomb = (levels: number) => {
      const fragments = ['fragment F0 on Query { items(first: 100) { edges { node { id } } } }'];
      for (let i = 1; i <= levels; i++)
        fragments.push(`fragment F${i} on Query { ${`...F${i - 1} `.repeat(10)}}`);
      return `{ ...F${levels} } ${fragments.join(' ')}`;
    };
    expect(cost(bomb(1))).toBe(10 * 301);
    expect(cost(bomb(8))).toBe(10 ** 8 * 301); // 80 spreads visited, not 10^8
    expect(cost('{ named { name ... on Tag { items { edges { node { id } } } } ... on Item { id } } }')).toBe(
      1 + (1 + (1 + 20 * 3)),
    );
    // A fragment on the interface, spread where only Item is possible, adds Item's cost only.
    expect(
      cost('{ item { ...N } } fragment N on Named { name ... on Tag { items { edges { node { id } } } } }'),
    ).toBe(1 + 1);
    expect(cost('query($s: Boolean!) { item { id @skip(if: $s) name } }', { s: true })).toBe(2);
  });

  it('is null when execution refuses the operation itself: bad or missing variables, unknown operation', () => {
    expect(cost('query($n: Int!) { items(first: $n) { edges { node { id } } } }', {})).toBeNull();
    expect(cost('query($n: Int!) { items(first: $n) { edges { node { id } } } }', { n: 'x' })).toBeNull();
    expect(cost('query A { item { id } }', undefined, 'B')).toBeNull();
    expect(cost('query A { item { id } } query B { item { id } }')).toBeNull();
  });

  it('prices a parsed operation again only for other values of the variables its price reads', () => {
    // One parsed document, as Apollo hands every execution of a text: each price equals a fresh one.
    const same = (q: string) => {
      const document = parse(q);
      return (variables: Record<string, unknown>) => {
        const priced = operationCost(schema, document, variables, undefined);
        expect(priced).toBe(operationCost(schema, parse(q), variables, undefined));
        return priced;
      };
    };
    const page = same('query($n: Int!, $id: ID) { items(first: $n) { edges { node { id } } } item { id } }');
    expect([page({ n: 5, id: 'a' }), page({ n: 50, id: 'b' }), page({ n: 5, id: 'c' })]).toEqual([
      2 + 16,
      2 + 151,
      2 + 16,
    ]);
    const skipped = same('query($s: Boolean!) { item { id @skip(if: $s) name } }');
    expect([skipped({ s: true }), skipped({ s: false }), skipped({ s: true })]).toEqual([2, 3, 2]);
    const ids = same('query($ids: [ID!]!) { nodes(ids: $ids) { id } }');
    expect([ids({ ids: ['a'] }), ids({ ids: ['a', 'b', 'c'] }), ids({ ids: ['d'] })]).toEqual([2, 4, 2]);
    const sized = same(
      'query($k: [String!]!) { grid(keys: $k) { ...G } } fragment G on Grid { rows { cells { name } } }',
    );
    expect([sized({ k: ['a'] }), sized({ k: ['a', 'b'] })]).toEqual([1 + (1 + 5 * 2), 1 + (1 + 5 * 3)]);
    // An argument that fails to coerce (null for a non-null argument) prices its field with no arguments,
    // whatever the variables the price reads: such a price is not kept for them.
    const failing = same('query($q: String) { search(first: 10, q: $q) { edges { node { id } } } }');
    expect([failing({ q: null }), failing({ q: 'x' }), failing({ q: null })]).toEqual([61, 31, 61]);
  });

  it('refuses to price past MAX_PRICING_STEPS selections', () => {
    const q = `{ ${'...F '.repeat(MAX_PRICING_STEPS)} } fragment F on Query { __typename }`;
    expect(() => cost(q)).toThrow(UnpriceableOperationError);
  });
});

describe('validated WebSocket documents', () => {
  const limits = { maxDepth: 10, maxCost: 100, maxAliases: 20, maxDirectives: 20, maxTokens: 2000 };
  const options = { introspection: true, suggestions: true };
  const text = 'query Page($n: Int!) { items(first: $n) { edges { node { id } } } }';

  it('parses and validates a text once, still pricing every operation by its variables', () => {
    const documents = new ValidatedDocuments();
    const first = prepareOperation(schema, { query: text, variables: { n: 5 } }, limits, options, documents);
    const again = prepareOperation(schema, { query: text, variables: { n: 10 } }, limits, options, documents);
    expect('document' in first && 'document' in again && first.document === again.document).toBe(true);
    expect(documents.size).toBe(1);
    // The same cached text, variables that make it too costly (1 + 50 * 3 > 100): refused as before.
    const costly = prepareOperation(
      schema,
      { query: text, variables: { n: 50 } },
      limits,
      options,
      documents,
    );
    expect('errors' in costly && costly.errors[0].extensions.limit).toBe('cost');
    // An operation name the cached document does not define is refused too.
    const unknown = prepareOperation(
      schema,
      { query: text, variables: { n: 5 }, operationName: 'Other' },
      limits,
      options,
      documents,
    );
    expect('errors' in unknown).toBe(true);
  });

  it('keeps no text that failed to parse or validate, and stays within its size', () => {
    const documents = new ValidatedDocuments(200);
    expect(
      'errors' in prepareOperation(schema, { query: '{ item { nope } }' }, limits, options, documents),
    ).toBe(true);
    expect('errors' in prepareOperation(schema, { query: '{ item {' }, limits, options, documents)).toBe(
      true,
    );
    expect(documents.size).toBe(0);
    for (let i = 0; i < 20; i++)
      prepareOperation(schema, { query: `query Q${i} { item { id } }` }, limits, options, documents);
    expect(documents.size).toBeLessThan(20);
    expect(documents.size).toBeGreaterThan(0);
  });
});

describe('reference list bounds', () => {
  it('hold the reference data that lists are priced by', () => {
    const countries = buildCountries();
    expect(countries.length).toBeLessThanOrEqual(REFERENCE_LIST_BOUNDS.countries);
    expect(countries.length).toBeGreaterThan(REFERENCE_LIST_BOUNDS.countries * 0.9); // the bound stays tight
    expect(buildRegions().length).toBeLessThanOrEqual(REFERENCE_LIST_BOUNDS.regions);
    expect(THEMATIC_AREAS.length).toBeLessThanOrEqual(REFERENCE_LIST_BOUNDS.thematicAreas);
  });
});

describe('limit messages', () => {
  it('recognises the parser token limit and strips suggestions', () => {
    expect(
      tokenLimitError('Syntax Error: Document contains more that 10 tokens. Parsing aborted.')?.extensions,
    ).toEqual({ code: 'GRAPHQL_VALIDATION_FAILED', limit: 'tokens', max: 10 });
    expect(tokenLimitError('Syntax Error: Expected Name, found <EOF>.')).toBeNull();
    expect(stripSuggestions('Cannot query field "mee" on type "Query". Did you mean "me" or "feed"?')).toBe(
      'Cannot query field "mee" on type "Query".',
    );
  });
});

describe('WebSocket limits', () => {
  it('allows no Origin, same-host origins and listed origins only', () => {
    expect(isOriginAllowed(undefined, 'api.example:443', [])).toBe(true);
    expect(isOriginAllowed('https://api.example', 'api.example', [])).toBe(true);
    expect(isOriginAllowed('https://evil.example', 'api.example', [])).toBe(false);
    expect(isOriginAllowed('https://app.example', 'api.example', ['https://app.example'])).toBe(true);
    expect(isOriginAllowed('null', 'api.example', [])).toBe(false);
  });

  it('counts the time left on a token and caps operations per connection', () => {
    expect(msUntilExpiry(100, 90_000)).toBe(10_000);
    expect(msUntilExpiry(100, 200_000)).toBe(0);
    expect(subscriptionCapError(20, 20)).toBeNull();
    expect(subscriptionCapError(21, 20)?.extensions).toMatchObject({ limit: 'subscriptions', max: 20 });
  });
});

describe('metrics labels', () => {
  it('labels an operation by its root field (through fragments), never by its name', () => {
    const label = (source: string) => {
      const document = parse(source);
      const operation = document.definitions.find((d) => d.kind === 'OperationDefinition') as
        OperationDefinitionNode | undefined;
      return operationLabel(document, operation);
    };
    expect(label('query MadeUp123 { items { totalCount } }')).toBe('items');
    expect(label('{ a: item { id } b: item { id } }')).toBe('item');
    expect(label('query Q { ...F } fragment F on Query { ... on Query { item { id } } }')).toBe('item');
    expect(label('{ item { id } items { totalCount } }')).toBe('multiple');
    expect(operationLabel(null, null)).toBe('invalid');
  });
});

describe('limits configuration', () => {
  const base = { JWT_SECRET: 'x'.repeat(32) };
  it('has defaults, turns introspection off in production unless INTROSPECTION=true', () => {
    const dev = loadConfig({ ...base, NODE_ENV: 'test' }, '/tmp');
    expect(dev.limits).toMatchObject({
      maxDepth: 10,
      maxCost: 30000,
      maxAliases: 20,
      maxDirectives: 20,
      maxTokens: 2000,
    });
    expect(dev.introspection).toBe(true);
    expect(loadConfig({ ...base, NODE_ENV: 'production' }, '/tmp').introspection).toBe(false);
    expect(loadConfig({ ...base, NODE_ENV: 'production', INTROSPECTION: 'true' }, '/tmp').introspection).toBe(
      true,
    );
  });

  it('rejects bad limit values', () => {
    expect(() => loadConfig({ ...base, MAX_QUERY_DEPTH: '0', WS_MAX_PAYLOAD_BYTES: 'big' }, '/tmp')).toThrow(
      /MAX_QUERY_DEPTH[\s\S]*WS_MAX_PAYLOAD_BYTES/,
    );
  });
});

describe('WebSocket connection caps', () => {
  it('admits under both caps, says which one refuses, and frees slots on release', () => {
    const caps = new ConnectionCaps({ perIp: 2, overall: 3 });
    expect(caps.admit('a')).toBeNull();
    expect(caps.admit('a')).toBeNull();
    expect(caps.admit('a')).toBe('per_ip');
    expect(caps.admit('b')).toBeNull();
    expect(caps.admit('c')).toBe('overall');
    caps.release('a');
    expect(caps.admit('c')).toBeNull();
    expect(caps.admit('a')).toBe('overall');
  });

  it('takes the client address as express does: X-Forwarded-For only through trusted proxies', () => {
    const req = (remoteAddress: string, forwardedFor?: string) =>
      ({
        socket: { remoteAddress },
        connection: { remoteAddress },
        headers: forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor },
      }) as unknown as IncomingMessage;
    const loopback = compileTrustProxy(['loopback']);
    expect(clientAddress(req('127.0.0.1', '203.0.113.9'), loopback)).toBe('203.0.113.9');
    expect(clientAddress(req('127.0.0.1', '198.51.100.1, 203.0.113.9'), loopback)).toBe('203.0.113.9');
    expect(clientAddress(req('192.0.2.7', '203.0.113.9'), loopback)).toBe('192.0.2.7');
    const none = compileTrustProxy(false);
    expect(clientAddress(req('127.0.0.1'), none)).toBe('127.0.0.1');
    expect(clientAddress(req('127.0.0.1', '203.0.113.9'), none)).toBe('127.0.0.1');
    // One proxy in front: its peer's address, whatever the client put to the left.
    const oneHop = compileTrustProxy(1);
    expect(clientAddress(req('10.0.0.5', '198.51.100.1, 203.0.113.9'), oneHop)).toBe('203.0.113.9');
    expect(clientAddress(req('10.0.0.5'), oneHop)).toBe('10.0.0.5');
  });
});
