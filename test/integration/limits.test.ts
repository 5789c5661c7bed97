import WebSocket from 'ws';
import { startTestServer, TEST_JWT_SECRET } from '../helpers/server';
import type { TestServer } from '../helpers/server';
import { gql, ok } from '../helpers/graphql';
import type { GraphQLErrorShape } from '../helpers/graphql';
import { createPractitioner } from '../helpers/factories';
import { connectWs, wsExecute } from '../helpers/ws';
import { getNullableType, isInterfaceType, isListType, isObjectType } from 'graphql';
import { declaredListSize } from '../../src/common/limits/list-size';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.stop());

/** `practitioners` with `levels` nested `followers` connections, one item each (cheap but deep). */
function deepQuery(levels: number): string {
  let inner = 'id';
  for (let i = 0; i < levels; i++) inner = `followers(first: 1) { edges { node { ${inner} } } }`;
  return `{ practitioners(first: 1) { edges { node { ${inner} } } } }`;
}

/** Operations that break exactly one default limit each (depth 10, cost 30,000, 20 aliases, 20 directives, 2,000 tokens). */
const OVER_LIMIT: Record<string, string> = {
  depth: deepQuery(3), // 13 levels
  cost: `{ practitioners(first: 100) { edges { node { followers(first: 100) { edges { node { id displayName } } } } } } }`,
  aliases: `{ ${Array.from({ length: 21 }, (_, i) => `a${i}: me { id }`).join(' ')} }`,
  directives: `{ me { ${'id @include(if: true) '.repeat(21)} } }`,
  tokens: `{ me { ${'id '.repeat(2100)} } }`,
};

function expectLimit(errors: GraphQLErrorShape[] | undefined, limit: string) {
  expect(errors).toHaveLength(1);
  expect(errors![0].extensions).toMatchObject({ code: 'GRAPHQL_VALIDATION_FAILED', limit });
  expect(typeof errors![0].extensions!.max).toBe('number');
  expect(errors![0].message).toMatch(
    new RegExp(limit === 'aliases' ? 'alias' : limit.replace(/s$/, ''), 'i'),
  );
}

describe('query limits', () => {
  it.each(Object.keys(OVER_LIMIT))(
    'rejects an operation over the %s limit over HTTP (400) without SQL',
    async (limit) => {
      const before = server.database.counter.count;
      const res = await gql(server, OVER_LIMIT[limit]);
      expect(server.database.counter.count).toBe(before);
      expect(res.status).toBe(400);
      expect(res.data).toBeUndefined();
      expectLimit(res.errors, limit);
    },
  );

  it.each(Object.keys(OVER_LIMIT))(
    'rejects an operation over the %s limit over WebSocket without SQL',
    async (limit) => {
      const ws = connectWs(server, null);
      await ws.connected;
      const before = server.database.counter.count;
      const res = await wsExecute(ws.client, OVER_LIMIT[limit]);
      expect(server.database.counter.count).toBe(before);
      expect(res.data).toBeUndefined();
      expectLimit(res.errors as GraphQLErrorShape[], limit);
      await ws.client.dispose();
    },
  );

  it('prices connections by `first` from variables, and by 20 when `first` is absent', async () => {
    const user = await createPractitioner(server);
    const q = `query($n: Int!) { practitioners(first: $n) { edges { node { followers(first: $n) { edges { node { id displayName } } } } } } }`;
    expectLimit((await gql(server, q, { n: 100 }, { token: user.accessToken })).errors, 'cost');
    expect(ok(await gql(server, q, { n: 10 }, { token: user.accessToken })).practitioners).toBeDefined();
    // 20 × 20 × 20 nodes with defaults: over the limit although no `first` is written.
    const defaults = `{ practitioners { edges { node { followers { edges { node { following { edges { node { id displayName } } } } } } } } } }`;
    expectLimit((await gql(server, defaults, {}, { token: user.accessToken })).errors, 'cost');
  });

  it('prices each request by its operation and variables, repeats included (remembered prices)', async () => {
    const user = await createPractitioner(server);
    const q = `query Remembered($n: Int!) { practitioners(first: $n) { edges { node { followers(first: $n) { edges { node { id } } } } } } }`;
    for (const round of [1, 2]) {
      for (const n of [100, 10, 100, 10]) {
        const res = await gql(server, q, { n }, { token: user.accessToken });
        if (n === 100) expectLimit(res.errors, 'cost');
        else expect([round, n, ok(res).practitioners !== undefined]).toEqual([round, n, true]);
      }
    }
    // One document, two operations, the same variables: each operation is priced for itself.
    const two = `query Small { practitioners(first: 1) { edges { node { id } } } } ${q}`;
    const send = async (operationName: string) => {
      const res = await fetch(server.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${user.accessToken}` },
        body: JSON.stringify({ query: two, variables: { n: 100 }, operationName }),
      });
      return (await res.json()) as { data?: Record<string, unknown>; errors?: GraphQLErrorShape[] };
    };
    expect((await send('Small')).data?.practitioners).toBeDefined();
    expectLimit((await send('Remembered')).errors, 'cost');
    const again = await send('Small');
    expect(again.errors).toBeUndefined();
    expect(again.data?.practitioners).toBeDefined();
  });

  it('keeps `first` outside 1..100 a BAD_USER_INPUT (not a cost error)', async () => {
    const user = await createPractitioner(server);
    const res = await gql(
      server,
      `{ practitioners(first: 1000) { edges { cursor } } }`,
      {},
      { token: user.accessToken },
    );
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('accepts the home feed with first: 50, author, country, networks and counts', async () => {
    const user = await createPractitioner(server);
    const res = await gql(
      server,
      `query HomeFeed($first: Int!) { feed(first: $first) { edges { cursor node { __typename ... on Post {
        id title summary publishedAt featured endorsementCount commentCount viewerHasEndorsed viewerHasBookmarked
        author { id displayName profession organization country { code name } }
        networks { id name kind } countries { code name } thematicAreas { code name } } } }
        pageInfo { hasNextPage endCursor } } }`,
      { first: 50 },
      { token: user.accessToken },
    );
    expect(ok(res).feed.edges).toEqual([]);
  });

  /**
   * Four tiny fragments that spread each other ten times (F3 { ...F2 ×10 } and so on) around a heavy
   * query: 10^levels copies of it, in a document of a few hundred bytes.
   */
  function fragmentBomb(levels: number): string {
    const fragments = [
      'fragment F0 on Query { practitioners(first: 100) { edges { node { id displayName followerCount } } } }',
    ];
    for (let i = 1; i <= levels; i++)
      fragments.push(`fragment F${i} on Query { ${`...F${i - 1} `.repeat(10)}}`);
    return `{ ...F${levels} } ${fragments.join(' ')}`;
  }

  it.each([4, 8])(
    'prices a fragment bomb of %i levels at its real size and refuses it over HTTP and WebSocket, without SQL',
    async (levels) => {
      const user = await createPractitioner(server);
      const query = fragmentBomb(levels);
      const perCopy = 1 + 100 * (1 + (1 + 3)); // practitioners(first: 100) { edges { node { 3 fields } } }
      const before = server.database.counter.count;
      const http = await gql(server, query, {}, { token: user.accessToken });
      expect(http.status).toBe(400);
      expect(http.data).toBeUndefined();
      expectLimit(http.errors, 'cost');
      expect(http.errors![0].message).toContain(`found ${10 ** levels * perCopy}`);
      const ws = connectWs(server, user.accessToken);
      await ws.connected;
      const res = await wsExecute(ws.client, query);
      expect(res.data).toBeUndefined();
      expectLimit(res.errors as GraphQLErrorShape[], 'cost');
      await ws.client.dispose();
      expect(server.database.counter.count - before).toBeLessThanOrEqual(2); // the two viewer reads
    },
  );

  it('refuses an operation too large to price (over the pricing work bound), without SQL', async () => {
    const big = await startTestServer({ MAX_TOKENS: '100000' });
    try {
      // 10,500 spreads of one fragment: cheap to validate (graphql-js dedups them), priced at 10,500 if it
      // were priced to the end, but more selections than pricing visits.
      const query = `{ ${'...F '.repeat(10_500)}} fragment F on Query { __typename }`;
      const before = big.database.counter.count;
      const http = await gql(big, query);
      expect(big.database.counter.count).toBe(before);
      expect(http.status).toBe(400);
      expectLimit(http.errors, 'cost');
      expect(http.errors![0].message).toMatch(
        /could not be computed \(more than 10000 selections to price\)/,
      );
      const ws = connectWs(big, null);
      await ws.connected;
      const res = await wsExecute(ws.client, query);
      expectLimit(res.errors as GraphQLErrorShape[], 'cost');
      await ws.client.dispose();
    } finally {
      await big.stop();
    }
  });

  it('still answers a variable of the wrong type or a missing one with the execution error', async () => {
    const user = await createPractitioner(server);
    const q = `query($n: Int) { practitioners(first: $n) { edges { cursor } } }`;
    const wrongType = 'Variable "$n" got invalid value "abc"; Int cannot represent non-integer value: "abc"';
    const http = await gql(server, q, { n: 'abc' }, { token: user.accessToken });
    expect(http.status).toBe(400);
    expect(http.errors).toEqual([
      expect.objectContaining({ message: wrongType, extensions: { code: 'BAD_USER_INPUT' } }),
    ]);
    const required = `query($n: Int!) { practitioners(first: $n) { edges { cursor } } }`;
    const missing = await gql(server, required, {}, { token: user.accessToken });
    expect(missing.errors?.[0]).toMatchObject({
      message: 'Variable "$n" of required type "Int!" was not provided.',
      extensions: { code: 'BAD_USER_INPUT' },
    });
    const ws = connectWs(server, user.accessToken);
    await ws.connected;
    expect((await wsExecute(ws.client, q, { n: 'abc' })).errors?.[0]?.message).toBe(wrongType);
    await ws.client.dispose();
  });

  it('has a declared size for every list field of the schema (a new one without fails here)', () => {
    const undeclared: string[] = [];
    for (const type of Object.values(server.schema.getTypeMap())) {
      if (type.name.startsWith('__') || !(isObjectType(type) || isInterfaceType(type))) continue;
      for (const field of Object.values(type.getFields())) {
        if (isListType(getNullableType(field.type)) && !declaredListSize(field))
          undeclared.push(`${type.name}.${field.name}`);
      }
    }
    expect(undeclared).toEqual([]);
  });

  it('prices plain lists by their size: every country times a nested page', async () => {
    const aliases = Array.from(
      { length: 20 },
      (_, i) => `a${i}: countries { legalDevelopments(first: 100) { edges { node { id title } } } }`,
    );
    const before = server.database.counter.count;
    const res = await gql(server, `{ ${aliases.join(' ')} }`);
    expect(server.database.counter.count).toBe(before);
    expectLimit(res.errors, 'cost');
    // One alias is still far too much: about 250 countries × 100 developments.
    expectLimit((await gql(server, `{ ${aliases[0]} }`)).errors, 'cost');
    // The catalog itself, or a page for each country, is fine.
    expect(
      ok(await gql(server, `{ countries { code name region { code } } }`)).countries.length,
    ).toBeGreaterThan(200);
    ok(await gql(server, `{ countries { code legalDevelopments(first: 5) { edges { node { id } } } } }`));
  });

  it('suggests field names outside production', async () => {
    const res = await gql(server, '{ mee { id } }');
    expect(res.errors?.[0]?.message).toMatch(/Did you mean "me"/);
  });
});

describe('WebSocket transport limits', () => {
  it('caps the operations running on one connection (default 20)', async () => {
    const user = await createPractitioner(server);
    const ws = connectWs(server, user.accessToken);
    await ws.connected;
    const stops: (() => void)[] = [];
    for (let i = 0; i < 20; i++) {
      stops.push(
        ws.client.subscribe(
          { query: 'subscription { postPublished { id } }' },
          { next() {}, error() {}, complete() {} },
        ),
      );
    }
    const refused = await wsExecute(ws.client, 'subscription { postPublished { id } }');
    expect(refused.errors?.[0]?.extensions).toMatchObject({
      code: 'GRAPHQL_VALIDATION_FAILED',
      limit: 'subscriptions',
      max: 20,
    });
    stops[0]();
    await new Promise((r) => setTimeout(r, 100));
    const accepted = await wsExecute<{ me: { id: string } }>(ws.client, '{ me { id } }');
    expect(accepted.data?.me.id).toBe(user.id);
    await ws.client.dispose();
  });

  it('closes the socket (1009) on a message larger than 64 KiB', async () => {
    const ws = connectWs(server, null);
    await ws.connected;
    const result = wsExecute(ws.client, `{ me { id } } # ${'x'.repeat(70 * 1024)}`).catch(() => 'closed');
    expect(await ws.closed).toBe(1009);
    await result;
  });

  it('refuses an upgrade from a foreign Origin (403), accepts same-host and no Origin', async () => {
    const status = (origin?: string) =>
      new Promise<number>((resolve) => {
        const socket = new WebSocket(server.wsUrl, 'graphql-transport-ws', origin ? { origin } : {});
        socket.on('open', () => {
          socket.close();
          resolve(101);
        });
        socket.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
        socket.on('error', () => undefined);
      });
    expect(await status('https://evil.example')).toBe(403);
    expect(await status(`http://127.0.0.1:${server.port}`)).toBe(101);
    expect(await status()).toBe(101);
  });

  it('closes a socket that sends no connection_init within 3 s (4408)', async () => {
    const started = Date.now();
    const socket = new WebSocket(server.wsUrl, 'graphql-transport-ws');
    const code = await new Promise<number>((resolve) => socket.on('close', (c) => resolve(c)));
    expect(code).toBe(4408);
    expect(Date.now() - started).toBeGreaterThanOrEqual(2500);
  });
});

describe('production mode', () => {
  let prod: TestServer;
  beforeAll(async () => {
    prod = await startTestServer({
      NODE_ENV: 'production',
      JWT_SECRET: TEST_JWT_SECRET,
      ACCESS_TOKEN_TTL_SECONDS: '5',
      CORS_ORIGINS: 'https://app.example',
    });
  });
  afterAll(() => prod.stop());

  it('turns introspection off over HTTP and WebSocket', async () => {
    const http = await gql(prod, '{ __schema { queryType { name } } }');
    expect(http.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    const ws = connectWs(prod, null);
    await ws.connected;
    const res = await wsExecute(ws.client, '{ __schema { queryType { name } } }');
    expect(res.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    await ws.client.dispose();
  });

  it('gives no field suggestions over HTTP and WebSocket', async () => {
    const http = await gql(prod, '{ mee { id } }');
    expect(http.errors?.[0]?.message).toBe('Cannot query field "mee" on type "Query".');
    const ws = connectWs(prod, null);
    await ws.connected;
    const res = await wsExecute(ws.client, '{ mee { id } }');
    expect(res.errors?.[0]?.message).toBe('Cannot query field "mee" on type "Query".');
    await ws.client.dispose();
  });

  it('accepts a WebSocket from an origin in CORS_ORIGINS and refuses others', async () => {
    const open = (origin: string) =>
      new Promise<boolean>((resolve) => {
        const socket = new WebSocket(prod.wsUrl, 'graphql-transport-ws', { origin });
        socket.on('open', () => {
          socket.close();
          resolve(true);
        });
        socket.on('unexpected-response', () => resolve(false));
        socket.on('error', () => undefined);
      });
    expect(await open('https://app.example')).toBe(true);
    expect(await open('https://other.example')).toBe(false);
  });

  it('answers HTTP requests from an origin in CORS_ORIGINS with CORS headers, and others without', async () => {
    const post = (origin: string, path = '/graphql', type = 'application/json') =>
      fetch(prod.url.replace(/\/graphql$/, path), {
        method: 'POST',
        headers: { 'content-type': type, origin },
        body: JSON.stringify({ query: '{ __typename }' }),
      });
    // A JSON POST to the endpoint (the lane without express's router) and one express serves (a trailing
    // slash, a media type with parameters it takes) answer alike.
    for (const [path, type] of [
      ['/graphql', 'application/json'],
      ['/graphql', 'application/json; charset=utf-8'],
      ['/graphql/', 'application/json'],
    ]) {
      const allowed = await post('https://app.example', path, type);
      expect([path, type, allowed.status]).toEqual([path, type, 200]);
      expect(allowed.headers.get('access-control-allow-origin')).toBe('https://app.example');
      expect(allowed.headers.get('access-control-allow-credentials')).toBe('true');
      expect(allowed.headers.get('vary')).toContain('Origin');
      expect(await allowed.json()).toEqual({ data: { __typename: 'Query' } });
      const foreign = await post('https://other.example', path, type);
      expect(foreign.headers.get('access-control-allow-origin')).toBeNull();
    }
    const preflight = await fetch(prod.url, {
      method: 'OPTIONS',
      headers: {
        origin: 'https://app.example',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type,authorization',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('https://app.example');
    expect(preflight.headers.get('access-control-allow-methods')).toContain('POST');
  });

  it('closes a live socket with 4401 when its access token expires', async () => {
    const user = await createPractitioner(prod);
    const ws = connectWs(prod, user.accessToken);
    await ws.connected;
    const opened = Date.now();
    expect(await ws.closed).toBe(4401);
    expect(Date.now() - opened).toBeLessThan(7000);
  }, 15000);
});
