import WebSocket from 'ws';
import { startTestServer, TEST_JWT_SECRET } from '../helpers/server';
import type { TestServer } from '../helpers/server';
import { gql, ok } from '../helpers/graphql';
import type { GraphQLErrorShape } from '../helpers/graphql';
import { createPractitioner } from '../helpers/factories';
import { connectWs, wsExecute } from '../helpers/ws';

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

/** Operations that break exactly one default limit each (depth 10, cost 20,000, 20 aliases, 20 directives, 2,000 tokens). */
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

  it('closes a live socket with 4401 when its access token expires', async () => {
    const user = await createPractitioner(prod);
    const ws = connectWs(prod, user.accessToken);
    await ws.connected;
    const opened = Date.now();
    expect(await ws.closed).toBe(4401);
    expect(Date.now() - opened).toBeLessThan(7000);
  }, 15000);
});
