import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Redis from 'ioredis';
import { freshPostgresDatabase, startTestServer } from '../helpers/server';
import type { TestServer } from '../helpers/server';
import type { GraphQLErrorShape } from '../helpers/graphql';
import WebSocket from 'ws';
import { ConfigError, loadConfig } from '../../src/config/config';

const sha256 = (text: string) => crypto.createHash('sha256').update(text).digest('hex');

interface Body {
  data?: Record<string, unknown> | null;
  errors?: GraphQLErrorShape[];
}

/** POSTs a raw GraphQL-over-HTTP body (an APQ request carries a hash, with or without its query). */
async function post(server: Pick<TestServer, 'url'>, body: unknown): Promise<{ status: number } & Body> {
  const res = await fetch(server.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, ...((await res.json()) as Body) };
}

const apq = (hash: string) => ({ persistedQuery: { version: 1, sha256Hash: hash } });
const codesOf = (b: Body) => (b.errors ?? []).map((e) => e.extensions?.code);

const AREAS = 'query Areas { thematicAreas { code } }';
const LEGAL =
  'query Legal($n: Int) { legalDevelopments(first: $n) { edges { node { id title country { code } } } } }';

describe('automatic persisted queries (in memory)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ MAX_ALIASES: '2', MAX_QUERY_DEPTH: '5', MAX_QUERY_COST: '300' });
  });
  afterAll(() => server?.stop());

  it('hash only is PERSISTED_QUERY_NOT_FOUND; hash with the query runs and registers it; then the hash alone runs', async () => {
    const hash = sha256(AREAS);
    const first = await post(server, { extensions: apq(hash) });
    expect(codesOf(first)).toEqual(['PERSISTED_QUERY_NOT_FOUND']);
    expect(first.errors![0].message).toBe('PersistedQueryNotFound'); // what Apollo Client's link looks for

    const registered = await post(server, { query: AREAS, extensions: apq(hash) });
    expect(registered.errors).toBeUndefined();
    const areas = registered.data!.thematicAreas as { code: string }[];
    expect(areas.length).toBeGreaterThan(0);

    const again = await post(server, { extensions: apq(hash) });
    expect(again).toEqual({ status: 200, data: registered.data });
  });

  it('refuses a hash that is not the sha256 of the query sent with it, and registers nothing', async () => {
    const query = 'query Other { thematicAreas { name } }';
    const wrong = sha256(query + ' ');
    const res = await post(server, { query, extensions: apq(wrong) });
    expect(res.status).toBe(400);
    expect(codesOf(res)).toEqual(['BAD_USER_INPUT']);
    expect(res.errors![0].message).toMatch(/does not match/);
    expect(codesOf(await post(server, { extensions: apq(wrong) }))).toEqual(['PERSISTED_QUERY_NOT_FOUND']);
  });

  it('refuses a persisted-query extension of another version', async () => {
    const res = await post(server, {
      extensions: { persistedQuery: { version: 2, sha256Hash: sha256(AREAS) } },
    });
    expect(codesOf(res)).toEqual(['PERSISTED_QUERY_NOT_SUPPORTED']);
  });

  it('applies the limits to persisted queries: depth and aliases refuse registration, cost is priced per call', async () => {
    const aliases =
      'query A { a: thematicAreas { code } b: thematicAreas { code } c: thematicAreas { code } }';
    const refused = await post(server, { query: aliases, extensions: apq(sha256(aliases)) });
    expect(refused.errors?.[0].extensions).toMatchObject({
      code: 'GRAPHQL_VALIDATION_FAILED',
      limit: 'aliases',
    });
    expect(codesOf(await post(server, { extensions: apq(sha256(aliases)) }))).toEqual([
      'PERSISTED_QUERY_NOT_FOUND',
    ]);

    const deep = 'query D { legalDevelopments(first: 1) { edges { node { author { country { code } } } } } }';
    const tooDeep = await post(server, { query: deep, extensions: apq(sha256(deep)) });
    expect(tooDeep.errors?.[0].extensions).toMatchObject({
      code: 'GRAPHQL_VALIDATION_FAILED',
      limit: 'depth',
    });

    // Registered with a cheap page, then asked for by hash with an expensive one: priced again, refused.
    const hash = sha256(LEGAL);
    const cheap = await post(server, { query: LEGAL, variables: { n: 1 }, extensions: apq(hash) });
    expect(cheap.errors).toBeUndefined();
    expect((await post(server, { variables: { n: 1 }, extensions: apq(hash) })).errors).toBeUndefined();
    const costly = await post(server, { variables: { n: 100 }, extensions: apq(hash) });
    expect(costly.errors?.[0].extensions).toMatchObject({ limit: 'cost' });
  });
});

/** A manifest in each format the example clients produce. */
function writeManifests(dir: string, operations: { name: string; type: string; body: string }[]) {
  const apollo = path.join(dir, 'persisted-query-manifest.json');
  fs.writeFileSync(
    apollo,
    JSON.stringify({
      format: 'apollo-persisted-query-manifest',
      version: 1,
      operations: operations.map((o) => ({ id: sha256(o.body), ...o })),
    }),
  );
  const codegen = path.join(dir, 'persisted-documents.json');
  fs.writeFileSync(
    codegen,
    // As the client preset writes it: each key prefixed with its algorithm.
    JSON.stringify(Object.fromEntries(operations.map((o) => [`sha256:${sha256(o.body)}`, o.body]))),
  );
  return { apollo, codegen };
}

const SUBSCRIPTION = 'subscription Published { legalDevelopmentPublished { id } }';

describe.each(['apollo', 'codegen'] as const)('trusted documents (%s manifest)', (format) => {
  let server: TestServer;
  let dir: string;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'praxis-trusted-'));
    const files = writeManifests(dir, [
      { name: 'Areas', type: 'query', body: AREAS },
      { name: 'Published', type: 'subscription', body: SUBSCRIPTION },
    ]);
    server = await startTestServer({ TRUSTED_DOCUMENTS: files[format] });
  });
  afterAll(async () => {
    await server?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('runs a registered operation named by its hash (APQ extension) or documentId, over POST and GET', async () => {
    const byHash = await post(server, { extensions: apq(sha256(AREAS)) });
    expect(byHash.errors).toBeUndefined();
    expect((byHash.data!.thematicAreas as unknown[]).length).toBeGreaterThan(0);
    expect(await post(server, { documentId: sha256(AREAS) })).toEqual(byHash);
    // The client preset sends the id as it is keyed: `sha256:<hex>`.
    expect(await post(server, { documentId: `sha256:${sha256(AREAS)}` })).toEqual(byHash);

    const url = new URL(server.url);
    url.searchParams.set('extensions', JSON.stringify(apq(sha256(AREAS))));
    const get = await fetch(url, { headers: { 'apollo-require-preflight': 'true' } });
    expect(get.status).toBe(200);
    expect(await get.json()).toEqual({ data: byHash.data });
    const byId = new URL(server.url);
    byId.searchParams.set('documentId', sha256(AREAS));
    const getById = await fetch(byId, { headers: { 'apollo-require-preflight': 'true' } });
    expect(await getById.json()).toEqual({ data: byHash.data });
  });

  it('refuses a free-form query (PERSISTED_QUERY_NOT_ALLOWED) and an unknown hash (PERSISTED_QUERY_NOT_FOUND)', async () => {
    const free = await post(server, { query: AREAS });
    expect(free.status).toBe(400);
    expect(codesOf(free)).toEqual(['PERSISTED_QUERY_NOT_ALLOWED']);
    expect(free.errors![0].message).toMatch(/registered operations only/);

    const other = 'query Other { thematicAreas { name } }';
    // An APQ registration attempt of an unlisted operation is refused too: nothing is registered.
    const unknown = await post(server, { query: other, extensions: apq(sha256(other)) });
    expect(unknown.status).toBe(400);
    expect(codesOf(unknown)).toEqual(['PERSISTED_QUERY_NOT_FOUND']);
    expect(codesOf(await post(server, { documentId: sha256(other) }))).toEqual(['PERSISTED_QUERY_NOT_FOUND']);

    const get = await fetch(`${server.url}?query=${encodeURIComponent(AREAS)}`, {
      headers: { 'apollo-require-preflight': 'true' },
    });
    expect(get.status).toBe(400);
    expect(codesOf((await get.json()) as Body)).toEqual(['PERSISTED_QUERY_NOT_ALLOWED']);
  });

  it('runs the registered document, not the text sent with its hash', async () => {
    const res = await post(server, { query: '{ me { id } }', extensions: apq(sha256(AREAS)) });
    expect(res.errors).toBeUndefined();
    expect(Object.keys(res.data!)).toEqual(['thematicAreas']);
  });

  it('applies the same rule to WebSocket operations (graphql-ws subscribe payloads)', async () => {
    // Raw graphql-transport-ws messages: what the server answers each subscribe, by id.
    const ws = new WebSocket(server.wsUrl, 'graphql-transport-ws');
    const messages: { id?: string; type: string; payload?: unknown }[] = [];
    ws.on('message', (m) => messages.push(JSON.parse(String(m)) as (typeof messages)[number]));
    await new Promise((r) => ws.once('open', r));
    ws.send(JSON.stringify({ type: 'connection_init', payload: {} }));
    const answer = async (id: string, type?: string) => {
      for (let i = 0; i < 500; i++) {
        const found = messages.find((m) => m.id === id && (!type || m.type === type));
        if (found) return found;
        await new Promise((r) => setTimeout(r, 10));
      }
      throw new Error(`no answer to ${id}`);
    };
    const subscribe = (id: string, payload: Record<string, unknown>) =>
      ws.send(JSON.stringify({ id, type: 'subscribe', payload }));
    try {
      for (let i = 0; i < 500 && !messages.some((m) => m.type === 'connection_ack'); i++)
        await new Promise((r) => setTimeout(r, 10));
      subscribe('hash', { query: '', extensions: apq(sha256(AREAS)) });
      const byHash = await answer('hash', 'next');
      expect(((byHash.payload as Body).data!.thematicAreas as unknown[]).length).toBeGreaterThan(0);
      subscribe('id', { query: '', documentId: sha256(AREAS) });
      expect((await answer('id', 'next')).payload).toEqual(byHash.payload);

      const errorCodes = async (id: string) => {
        const m = await answer(id);
        expect(m.type).toBe('error');
        return (m.payload as GraphQLErrorShape[]).map((e) => e.extensions?.code);
      };
      subscribe('free-query', { query: AREAS });
      expect(await errorCodes('free-query')).toEqual(['PERSISTED_QUERY_NOT_ALLOWED']);
      subscribe('free-subscription', { query: SUBSCRIPTION });
      expect(await errorCodes('free-subscription')).toEqual(['PERSISTED_QUERY_NOT_ALLOWED']);
      subscribe('unknown', { query: '', extensions: apq(sha256('subscription { x }')) });
      expect(await errorCodes('unknown')).toEqual(['PERSISTED_QUERY_NOT_FOUND']);

      // The registered subscription is accepted: it stays open, no error, until the client completes it.
      subscribe('live', { query: '', extensions: apq(sha256(SUBSCRIPTION)) });
      subscribe('after', { query: '', documentId: sha256(AREAS) });
      await answer('after', 'complete'); // answered after 'live' was handled
      expect(messages.filter((m) => m.id === 'live')).toEqual([]);
      ws.send(JSON.stringify({ id: 'live', type: 'complete' }));
    } finally {
      ws.close();
    }
  });
});

describe('a malformed trusted-documents manifest', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'praxis-trusted-bad-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const cases: [string, string, RegExp][] = [
    ['not JSON', '{ nope', /is not valid JSON/],
    [
      'a wrong format',
      JSON.stringify({ format: 'other', version: 1, operations: [] }),
      /apollo-persisted-query-manifest/,
    ],
    ['an id that is not a hash', JSON.stringify({ abc: AREAS }), /is not a sha256 hash/],
    [
      'an id that is not its body’s hash',
      JSON.stringify({ [sha256('x')]: AREAS }),
      /is not the sha256 of its document/,
    ],
    ['no operation', JSON.stringify({}), /lists no operation/],
  ];
  it.each(cases)(
    'fails start-up with a configuration error naming TRUSTED_DOCUMENTS: %s',
    (_, text, message) => {
      const file = path.join(dir, `${crypto.randomBytes(4).toString('hex')}.json`);
      fs.writeFileSync(file, text);
      // What start-up reads first: main.ts prints it and exits with code 2, before opening the database.
      expect(() => loadConfig({ TRUSTED_DOCUMENTS: file })).toThrow(ConfigError);
      expect(() => loadConfig({ TRUSTED_DOCUMENTS: file })).toThrow(/TRUSTED_DOCUMENTS: /);
      expect(() => loadConfig({ TRUSTED_DOCUMENTS: file })).toThrow(message);
    },
  );
  it('fails start-up when the file is missing', () => {
    expect(() => loadConfig({ TRUSTED_DOCUMENTS: path.join(dir, 'missing.json') })).toThrow(
      /TRUSTED_DOCUMENTS: cannot read .*ENOENT/,
    );
  });
});

// Two instances sharing one Redis (and one PostgreSQL database): a hash registered on one runs on the other.
const pgBase = process.env.TEST_DATABASE_URL ?? process.env.TEST_DATABASE_URL_PG;
const redisUrl = process.env.REDIS_URL;
if (!pgBase || !redisUrl)
  console.warn(
    'persisted-operations.test.ts: two-instance APQ test SKIPPED (set TEST_DATABASE_URL and REDIS_URL).',
  );
(pgBase && redisUrl ? describe : describe.skip)(
  'automatic persisted queries across instances (Redis)',
  () => {
    const prefix = `praxis-apq-${crypto.randomBytes(4).toString('hex')}:`;
    let a: TestServer;
    let b: TestServer;
    let db: { url: string; drop: () => Promise<void> };
    let redis: Redis;
    beforeAll(async () => {
      db = await freshPostgresDatabase(pgBase!);
      const env = { REDIS_URL: redisUrl!, REDIS_PREFIX: prefix, APQ_TTL_SECONDS: '600' };
      a = await startTestServer(env, { databaseUrl: db.url });
      b = await startTestServer(env, { databaseUrl: db.url });
      redis = new Redis(redisUrl!);
    });
    afterAll(async () => {
      await a?.stop();
      await b?.stop();
      await db?.drop();
      redis?.disconnect();
    });

    it('a hash registered on A runs on B, and is kept in Redis under the prefix with a TTL', async () => {
      const hash = sha256(AREAS);
      expect(codesOf(await post(b, { extensions: apq(hash) }))).toEqual(['PERSISTED_QUERY_NOT_FOUND']);
      const registered = await post(a, { query: AREAS, extensions: apq(hash) });
      expect(registered.errors).toBeUndefined();
      // Apollo stores after answering: wait for the key.
      const key = `${prefix}apq:${hash}`;
      for (let i = 0; i < 100 && !(await redis.exists(key)); i++) await new Promise((r) => setTimeout(r, 20));
      expect(await redis.get(key)).toBe(AREAS);
      const ttl = await redis.ttl(key);
      expect(ttl).toBeGreaterThan(500);
      expect(ttl).toBeLessThanOrEqual(600);
      expect(await post(b, { extensions: apq(hash) })).toEqual({ status: 200, data: registered.data });

      await redis.del(key); // evicted (or expired): the hash alone is unknown again, everywhere
      expect(codesOf(await post(a, { extensions: apq(hash) }))).toEqual(['PERSISTED_QUERY_NOT_FOUND']);
    });
  },
);
