import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import WebSocket from 'ws';
import Redis from 'ioredis';
import { Client as PgClient } from 'pg';
import { freshPostgresDatabase, RELAXED_RATE_LIMITS } from '../helpers/server';
import { codes, gql, ok } from '../helpers/graphql';
import { connectWs } from '../helpers/ws';
import { buildServer, ROOT, startServerProcess } from '../helpers/process';
import type { ServerProcess } from '../helpers/process';
import { redisSubscribers } from '../helpers/redis';

const BUILD = path.join(ROOT, '.test-build');

type Started = ServerProcess;

/** Starts the compiled server as a real process (as `npm start` does) and waits for "ready". */
const startProcess = (env: Record<string, string>): Promise<Started> =>
  startServerProcess(BUILD, { PGLITE_DIR: 'memory://', ...env });

beforeAll(() => buildServer(BUILD), 120_000);

describe('the server process', () => {
  it('refuses to start on a bad configuration, naming the variable', () => {
    let output = '';
    try {
      execFileSync(process.execPath, [path.join(BUILD, 'src/main.js')], {
        cwd: ROOT,
        env: { PATH: process.env.PATH ?? '', PORT: 'eighty', NODE_ENV: 'production' },
        stdio: 'pipe',
      });
    } catch (err) {
      output = String((err as { stderr: Buffer }).stderr);
      expect((err as { status: number }).status).toBe(2);
    }
    expect(output).toMatch(/PORT/);
    expect(output).toMatch(/JWT_SECRET: is required when NODE_ENV=production/);
  });

  it.each(['SIGINT', 'SIGTERM'] as const)(
    'stops at once on %s when idle, after serving HTTP (kept-alive) and a WebSocket: exit code 0, "stopped"',
    async (signal) => {
      const server = await startProcess({});
      // fetch keeps its connections alive: idle keep-alive sockets are open when the signal comes.
      for (let i = 0; i < 3; i++) {
        const res = await fetch(server.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ query: '{ thematicAreas { code } }' }),
        });
        expect(res.status).toBe(200);
        await res.json();
      }
      const ws = new WebSocket(server.url.replace('http', 'ws'), 'graphql-transport-ws');
      await new Promise((r) => ws.once('open', r));
      ws.send(JSON.stringify({ type: 'connection_init', payload: {} }));
      expect(JSON.parse(String(await new Promise((r) => ws.once('message', r))))).toEqual({
        type: 'connection_ack',
      });
      ws.close(1000);
      await new Promise((r) => ws.once('close', r));

      server.child.kill(signal);
      expect(await server.exited).toBe(0);
      const messages = server.lines.map((l) => l.msg);
      expect(server.lines).toContainEqual(expect.objectContaining({ msg: 'draining', signal }));
      expect(messages[messages.length - 1]).toBe('stopped');
      expect(messages).not.toContain('drain timed out; exiting');
      expect(server.lines.filter((l) => (l.level as number) >= 40)).toEqual([]); // no warning, no error
    },
    60_000,
  );

  it('drains on SIGTERM: in-flight requests finish, sockets close cleanly, exit code 0, one log line per request', async () => {
    const server = await startProcess({ LOG_LEVEL: 'debug' });
    const ws = new WebSocket(server.url.replace('http', 'ws'), 'graphql-transport-ws');
    await new Promise((r) => ws.once('open', r));
    ws.send(JSON.stringify({ type: 'connection_init', payload: {} }));
    await new Promise((r) => ws.once('message', r));
    const wsClosed = new Promise<number>((r) => ws.once('close', (code) => r(code)));

    const requests = Array.from({ length: 8 }, (_, i) =>
      fetch(server.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          operationName: 'Register',
          query: 'mutation Register($i: RegisterInput!) { register(input: $i) { accepted } }',
          variables: {
            i: {
              email: `drain-${i}@example.org`,
              password: 'long enough password',
              displayName: `Drain ${i}`,
              countryCode: 'KE',
              profession: 'JUDGE',
            },
          },
        }),
      }).then(async (r) => ({
        status: r.status,
        body: (await r.json()) as { data?: unknown; errors?: unknown },
      })),
    );
    // SIGTERM only once the server has accepted all eight (a request still connecting would be refused).
    const received = () =>
      server.lines.filter((l) => l.msg === 'request received' && l.path === '/graphql').length;
    while (received() < 8) await new Promise((r) => setTimeout(r, 5));
    server.child.kill('SIGTERM');
    const results = await Promise.all(requests);
    for (const r of results) {
      expect(r.status).toBe(200);
      expect(r.body.errors).toBeUndefined();
    }
    expect(await server.exited).toBe(0);
    expect(await wsClosed).toBe(1001);
    const requestLines = server.lines.filter((l) => l.msg === 'request' && l.operationName === 'Register');
    expect(requestLines).toHaveLength(8);
    expect(requestLines[0]).toMatchObject({
      method: 'POST',
      path: '/graphql',
      status: 200,
      outcome: 'ok',
      durationMs: expect.any(Number),
    });
  }, 60_000);

  it('drains under load: every accepted request is answered, and every acknowledged write survives a restart', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'praxis-drain-'));
    const env = { LOG_LEVEL: 'debug', PGLITE_DIR: path.join(dir, 'db'), ...RELAXED_RATE_LIMITS };
    try {
      const server = await startProcess(env);
      const TOTAL = 16;
      const register = (i: number) =>
        fetch(server.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            query: 'mutation($i: RegisterInput!) { register(input: $i) { accepted } }',
            variables: {
              i: {
                email: `load-${i}@example.org`,
                password: 'long enough password',
                displayName: `Load ${i}`,
                countryCode: 'KE',
                profession: 'JUDGE',
              },
            },
          }),
          signal: AbortSignal.timeout(30_000), // a hung request fails the test instead of stalling it
        }).then(
          async (r) => ({
            i,
            status: r.status,
            body: (await r.json()) as { data?: unknown; errors?: unknown },
          }),
          (err: unknown) => ({ i, status: 0, error: String(err) }),
        );
      // Requests keep arriving while the server drains: half before SIGTERM, half just after.
      const requests = Array.from({ length: TOTAL / 2 }, (_, i) => register(i));
      const received = () =>
        server.lines.filter((l) => l.msg === 'request received' && l.path === '/graphql').length;
      while (received() < TOTAL / 4) await new Promise((r) => setTimeout(r, 5));
      server.child.kill('SIGTERM');
      for (let i = TOTAL / 2; i < TOTAL; i++) requests.push(register(i));
      const results = await Promise.all(requests);
      expect(await server.exited).toBe(0);

      const acknowledged = results.filter((r) => r.status === 200 && 'body' in r && !r.body.errors);
      // Those sent before SIGTERM and accepted are all answered; the rest were refused at the door.
      expect(acknowledged.length).toBeGreaterThanOrEqual(TOTAL / 4);
      for (const r of results) {
        if (r.status === 200 && 'body' in r && !r.body.errors) continue;
        expect(r.status === 0 || r.status === 503).toBe(true); // refused or closed, never a 500 or a hang
      }

      // Nothing acknowledged is lost: every acknowledged account can sign in after a restart.
      const again = await startProcess(env);
      try {
        for (const r of acknowledged) {
          const res = await fetch(again.url, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({
              query: 'mutation($i: LoginInput!) { login(input: $i) { accessToken } }',
              variables: { i: { email: `load-${r.i}@example.org`, password: 'long enough password' } },
            }),
          });
          const body = (await res.json()) as { errors?: unknown };
          expect([r.i, body.errors]).toEqual([r.i, undefined]);
        }
      } finally {
        again.child.kill('SIGTERM');
        await again.exited;
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 240_000); // two process start-ups on an embedded database, argon2 per request: slow on a loaded machine
});

// Two compiled server processes (as `npm start` runs them) on one PostgreSQL database and one Redis, which
// `.ci/run` starts and exports (TEST_DATABASE_URL_PG or TEST_DATABASE_URL, and REDIS_URL) for both runs.
const pgBase = process.env.TEST_DATABASE_URL ?? process.env.TEST_DATABASE_URL_PG;
const redisUrl = process.env.REDIS_URL;
if (!pgBase || !redisUrl)
  console.warn('process.test.ts: two-process tests SKIPPED (set TEST_DATABASE_URL_PG and REDIS_URL).');
const describeInstances = pgBase && redisUrl ? describe : describe.skip;

describeInstances('two server processes on one PostgreSQL and one Redis', () => {
  const prefix = `praxis-proc-${crypto.randomBytes(4).toString('hex')}:`;
  let db: { url: string; drop: () => Promise<void> };
  let a: Started;
  let b: Started;
  let sql: PgClient;
  let redis: Redis;

  beforeAll(async () => {
    db = await freshPostgresDatabase(pgBase!);
    const env = {
      DATABASE_URL: db.url,
      REDIS_URL: redisUrl!,
      REDIS_PREFIX: prefix,
      ...RELAXED_RATE_LIMITS,
      RATE_LIMIT_LOGIN_PER_ACCOUNT: '3/900',
    };
    a = await startProcess(env); // runs the migrations
    b = await startProcess(env);
    sql = new PgClient({ connectionString: db.url });
    await sql.connect();
    redis = new Redis(redisUrl!);
  }, 120_000);
  afterAll(async () => {
    for (const p of [a, b]) {
      p?.child.kill('SIGTERM');
      await p?.exited;
    }
    await sql?.end();
    redis?.disconnect();
    await db?.drop();
  });

  /** Registers through `server`; a moderator (or verified member) is made so in the database, as vetting would. */
  async function member(server: Started, role: 'MEMBER' | 'MODERATOR' = 'MEMBER') {
    const email = `proc-${crypto.randomBytes(5).toString('hex')}@example.org`;
    const password = 'correct horse battery staple';
    ok(
      await gql(server, `mutation($i: RegisterInput!) { register(input: $i) { accepted } }`, {
        i: { email, password, displayName: email.slice(0, 10), countryCode: 'NE', profession: 'PROSECUTOR' },
      }),
    );
    await sql.query(
      `UPDATE practitioner SET verification = 'VERIFIED', role = $2 WHERE "emailNormalized" = $1`,
      [email, role],
    );
    const res = await gql(
      server,
      `mutation($i: LoginInput!) { login(input: $i) { accessToken practitioner { id } } }`,
      {
        i: { email, password },
      },
    );
    const { accessToken, practitioner } = ok(res).login as {
      accessToken: string;
      practitioner: { id: string };
    };
    return { email, password, accessToken, id: practitioner.id };
  }

  it('a subscriber on process A receives a post published through process B', async () => {
    const [author, follower, moderator] = [await member(a), await member(a), await member(b, 'MODERATOR')];
    ok(
      await gql(
        a,
        `mutation($t: ID!) { follow(input: { targetId: $t }) { practitioner { id } network { id } } }`,
        { t: author.id },
        { token: follower.accessToken },
      ),
    );
    const ws = connectWs({ wsUrl: a.url.replace('http', 'ws') }, follower.accessToken);
    try {
      await ws.connected;
      const received = new Promise<unknown>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no postPublished within 10 s')), 10_000);
        ws.client.subscribe(
          { query: `subscription { postPublished { id title } }` },
          {
            next: (v) => {
              clearTimeout(timer);
              resolve(v);
            },
            error: reject,
            complete: () => undefined,
          },
        );
      });
      // The subscription is live once process A listens on the topic's Redis channel.
      await redisSubscribers(redis, `${prefix}POST_PUBLISHED`);
      const draft = ok(
        await gql(
          b,
          `mutation($i: CreatePostInput!) { createPost(input: $i) { post { id } } }`,
          {
            i: {
              title: 'Published through process B',
              summary: 'Summary.',
              body: 'Body.',
              language: 'EN',
              visibility: 'COMMUNITY',
              networkIds: [],
              countryCodes: ['NE'],
              thematicAreaCodes: ['FINANCING_OF_TERRORISM'],
            },
          },
          { token: author.accessToken },
        ),
      ).createPost.post as { id: string };
      ok(
        await gql(b, `mutation($id: ID!) { submitPost(input: { id: $id }) { post { status } } }`, draft, {
          token: author.accessToken,
        }),
      );
      ok(
        await gql(
          b,
          `mutation($id: ID!) { reviewPost(input: { id: $id, decision: APPROVE }) { post { status } } }`,
          draft,
          {
            token: moderator.accessToken,
          },
        ),
      );
      expect(await received).toEqual({
        data: { postPublished: { id: draft.id, title: 'Published through process B' } },
      });
    } finally {
      await ws.client.dispose();
    }
  }, 60_000);

  it('a sign-in rate limit spent on process A holds on process B', async () => {
    const user = await member(a);
    const login = (server: Started, password: string) =>
      gql(server, `mutation($i: LoginInput!) { login(input: $i) { accessToken } }`, {
        i: { email: user.email, password },
      });
    for (let i = 0; i < 3; i++)
      expect(codes(await login(a, 'wrong password!!'))).toEqual(['UNAUTHENTICATED']);
    const refused = await login(b, user.password);
    expect(codes(refused)).toEqual(['RATE_LIMITED']);
    expect(refused.status).toBe(429);
  }, 60_000);
});
