import net from 'node:net';
import { startTestServer } from '../helpers/server';
import type { TestServer } from '../helpers/server';
import { createModerator, createPractitioner } from '../helpers/factories';
import type { TestUser } from '../helpers/factories';
import { publishPost } from '../helpers/posts';
import { codes, gql, ok } from '../helpers/graphql';
import { loadConfig } from '../../src/config/config';
import { ViewerSnapshots } from '../../src/app/viewer-snapshots';
import { createLogger } from '../../src/app/logging';

/**
 * The viewer snapshot cache (VIEWER_CACHE_SECONDS, src/app/viewer-snapshots.ts): a session's answer serves
 * its next requests until anything it holds changes. Its exactness comes from PostgreSQL's notifications, so
 * it runs on PostgreSQL only; on PGlite the tests check that it is off and refused.
 */
const onPostgres = Boolean(process.env.TEST_DATABASE_URL);
const pg = onPostgres ? describe : describe.skip;

const ME = `{ me { id } }`;
const POST = `query($id: ID!) { node(id: $id) { id } }`;
const DIRECTORY = `{ practitioners(first: 1) { edges { node { id } } } }`;

async function statementsOf(server: TestServer, user: TestUser, query: string, variables?: object) {
  const before = server.database.counter.count;
  const res = await gql(server, query, variables as Record<string, unknown>, { token: user.accessToken });
  return { res, statements: server.database.counter.count - before };
}

describe('configuration', () => {
  it('is refused without PostgreSQL, off by default outside production, 30 s in production with PostgreSQL', () => {
    expect(() => loadConfig({ VIEWER_CACHE_SECONDS: '30' })).toThrow(
      /VIEWER_CACHE_SECONDS: needs DATABASE_URL/,
    );
    expect(loadConfig({ VIEWER_CACHE_SECONDS: '0' }).viewerCacheSeconds).toBe(0);
    expect(loadConfig({ NODE_ENV: 'test', DATABASE_URL: 'postgres://x/y' }).viewerCacheSeconds).toBe(0);
    expect(
      loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(48), DATABASE_URL: 'postgres://x/y' })
        .viewerCacheSeconds,
    ).toBe(30);
    expect(() => loadConfig({ VIEWER_CACHE_SECONDS: '301', DATABASE_URL: 'postgres://x/y' })).toThrow(
      /VIEWER_CACHE_SECONDS/,
    );
  });
});

describe('without snapshots (the default in tests)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.stop());

  it('reads the session on every request', async () => {
    expect(server.viewerSnapshots).toBeNull();
    const a = await createPractitioner(server);
    const first = await statementsOf(server, a, ME);
    const second = await statementsOf(server, a, ME);
    expect(ok(second.res).me.id).toBe(a.id);
    expect(second.statements).toBe(first.statements);
  });
});

pg('with snapshots (PostgreSQL)', () => {
  let server: TestServer;
  let moderator: TestUser;
  beforeAll(async () => {
    server = await startTestServer({ VIEWER_CACHE_SECONDS: '30' });
    moderator = await createModerator(server);
  });
  afterAll(() => server.stop());
  const snapshots = () => server.viewerSnapshots!;

  it('serves a session’s next requests without reading it again', async () => {
    expect(snapshots().active).toBe(true);
    const a = await createPractitioner(server);
    const first = await statementsOf(server, a, ME);
    const second = await statementsOf(server, a, ME);
    expect(ok(first.res).me.id).toBe(a.id);
    expect(ok(second.res).me.id).toBe(a.id);
    expect(second.statements).toBe(first.statements - 1);
  });

  it('refuses a session the moment it is logged out (the logout’s answer waits for the snapshot to go)', async () => {
    const a = await createPractitioner(server);
    ok(await gql(server, ME, {}, { token: a.accessToken }));
    ok(
      await gql(
        server,
        `mutation($t: String!) { logout(input: { refreshToken: $t }) { sessionEnded } }`,
        { t: a.refreshToken },
        { token: a.accessToken },
      ),
    );
    const after = await gql(server, ME, {}, { token: a.accessToken });
    expect(codes(after)).toEqual(['UNAUTHENTICATED']);
  });

  it('shows another practitioner’s block in the blocked one’s next read', async () => {
    const [a, b] = await Promise.all([createPractitioner(server), createPractitioner(server)]);
    const post = await publishPost(server, b, moderator);
    expect(ok(await gql(server, POST, { id: post }, { token: a.accessToken })).node).toEqual({ id: post });
    ok(
      await gql(
        server,
        `mutation($id: ID!) { blockPractitioner(input: { practitionerId: $id }) { practitioner { id } } }`,
        { id: a.id },
        { token: b.accessToken },
      ),
    );
    expect(ok(await gql(server, POST, { id: post }, { token: a.accessToken })).node).toBeNull();
  });

  it('drops a snapshot on a change written outside the API (psql, another instance), once notified', async () => {
    const a = await createPractitioner(server);
    ok(await gql(server, DIRECTORY, {}, { token: a.accessToken }));
    expect(snapshots().size).toBeGreaterThan(0);
    await server.database.dataSource.query(`UPDATE practitioner SET verification = 'PENDING' WHERE id = $1`, [
      a.localId,
    ]);
    await snapshots().settle(); // the notification is applied (it travels on the listener's connection)
    expect(codes(await gql(server, DIRECTORY, {}, { token: a.accessToken }))).toEqual(['FORBIDDEN']);
    // An unrelated profile change does not drop it (only the columns a snapshot holds notify).
    await server.database.dataSource.query(
      `UPDATE practitioner SET verification = 'VERIFIED' WHERE id = $1`,
      [a.localId],
    );
    await snapshots().settle();
    ok(await gql(server, DIRECTORY, {}, { token: a.accessToken }));
    await server.database.dataSource.query(`UPDATE practitioner SET bio = 'changed' WHERE id = $1`, [
      a.localId,
    ]);
    await snapshots().settle();
    expect((await statementsOf(server, a, ME)).statements).toBe(1);
  });

  it('ends a snapshot when its answer changes with time (a suspension ending)', async () => {
    const a = await createPractitioner(server);
    await server.database.dataSource.query(
      `UPDATE practitioner SET "suspendedUntil" = now() + interval '90 seconds' WHERE id = $1`,
      [a.localId],
    );
    const found = await server.services.identity.authenticateWith(a.accessToken, null);
    expect(found!.viewer.suspended).toBe(true);
    const [{ until }] = await server.database.dataSource.query(
      `SELECT (extract(epoch FROM "suspendedUntil") * 1000)::float8 AS until FROM practitioner WHERE id = $1`,
      [a.localId],
    );
    expect(found!.validUntil).toBeCloseTo(until, -1);
    expect(found!.validUntil).toBeLessThan(Date.now() + 91_000);
  });

  it('does not keep a read that a change overtook', async () => {
    const a = await createPractitioner(server);
    const generation = snapshots().begin();
    const found = await server.services.identity.authenticateWith(a.accessToken, null);
    await server.database.dataSource.query(`UPDATE practitioner SET role = 'MODERATOR' WHERE id = $1`, [
      a.localId,
    ]);
    await snapshots().settle();
    const sid = found!.viewer.sessionId;
    snapshots().store(generation, sid, {
      practitionerId: a.localId,
      value: found as never,
      validUntil: found!.validUntil,
    });
    expect(snapshots().get(sid)).toBeUndefined();
  });

  it('drops a snapshot on a change made through another instance of the same database', async () => {
    const other = await startTestServer(
      { VIEWER_CACHE_SECONDS: '30' },
      { databaseUrl: (server.config.database as { url: string }).url },
    );
    try {
      const a = await createPractitioner(server);
      ok(await gql(server, ME, {}, { token: a.accessToken }));
      ok(await gql(other, ME, {}, { token: a.accessToken }));
      ok(
        await gql(
          other,
          `mutation($t: String!) { logout(input: { refreshToken: $t }) { sessionEnded } }`,
          { t: a.refreshToken },
          { token: a.accessToken },
        ),
      );
      expect(codes(await gql(other, ME, {}, { token: a.accessToken }))).toEqual(['UNAUTHENTICATED']);
      await snapshots().settle(); // this instance has applied what was committed before now
      expect(codes(await gql(server, ME, {}, { token: a.accessToken }))).toEqual(['UNAUTHENTICATED']);
    } finally {
      await other.stop();
    }
  });

  it('fails closed when its listener is lost: nothing is served until it listens again', async () => {
    const a = await createPractitioner(server);
    ok(await gql(server, ME, {}, { token: a.accessToken }));
    await server.database.dataSource.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
        WHERE application_name = 'praxis-viewer-listener' AND datname = current_database()`,
    );
    const deadline = Date.now() + 5000;
    while (snapshots().active && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    expect(snapshots().active).toBe(false);
    expect(snapshots().size).toBe(0);
    // Served from the database meanwhile, and not kept.
    const during = await statementsOf(server, a, ME);
    expect(ok(during.res).me.id).toBe(a.id);
    expect(snapshots().size).toBe(0);
    while (!snapshots().active && Date.now() < deadline + 10_000) await new Promise((r) => setTimeout(r, 50));
    expect(snapshots().active).toBe(true);
    ok(await gql(server, ME, {}, { token: a.accessToken }));
    expect((await statementsOf(server, a, ME)).statements).toBe(during.statements - 1);
  });
});

pg('ViewerSnapshots on its own', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.stop());

  it('keeps at most maxEntries snapshots, and none past its TTL', async () => {
    const url = (server.config.database as { url: string }).url;
    const cache = new ViewerSnapshots<string>({
      url,
      ttlMs: 50,
      maxEntries: 2,
      logger: createLogger('silent'),
    });
    await cache.start();
    try {
      const now = Date.now();
      for (const s of ['s1', 's2', 's3'])
        cache.store(cache.begin(), s, { practitionerId: 'p', value: s, validUntil: now + 60_000 }, now);
      expect(cache.size).toBe(2);
      expect(cache.get('s1', now)).toBeUndefined();
      expect(cache.get('s3', now)?.value).toBe('s3');
      expect(cache.get('s3', now + 51)).toBeUndefined();
    } finally {
      await cache.stop();
    }
  });

  it('stays off when notifications never reach the listener (a pooler in transaction mode, say)', async () => {
    const target = new URL((server.config.database as { url: string }).url);
    // Between the cache and PostgreSQL: forwards everything except, while `drop` holds, the server's
    // NotificationResponse messages, as a pooler that accepts LISTEN but delivers nothing would.
    let drop = true;
    const sockets = new Set<net.Socket>();
    const proxy = net.createServer((client) => {
      const upstream = net.connect(Number(target.port), target.hostname);
      for (const socket of [client, upstream]) {
        sockets.add(socket);
        socket.on('error', () => undefined);
        socket.on('close', () => {
          client.destroy();
          upstream.destroy();
        });
      }
      client.pipe(upstream);
      let pending = Buffer.alloc(0);
      upstream.on('data', (chunk: Buffer) => {
        pending = Buffer.concat([pending, chunk]);
        const kept: Buffer[] = [];
        // Each message: a type byte, then its length (itself included) as a 32-bit integer.
        while (pending.length >= 5 && pending.length >= 1 + pending.readInt32BE(1)) {
          const message = pending.subarray(0, 1 + pending.readInt32BE(1));
          if (!(drop && message[0] === 'A'.charCodeAt(0))) kept.push(message);
          pending = pending.subarray(message.length);
        }
        if (kept.length) client.write(Buffer.concat(kept));
      });
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    const proxied = new URL(target);
    proxied.hostname = '127.0.0.1';
    proxied.port = String((proxy.address() as net.AddressInfo).port);
    const warnings: string[] = [];
    const open = (reconnectDelayMs: number) =>
      new ViewerSnapshots<string>({
        url: proxied.toString(),
        ttlMs: 60_000,
        maxEntries: 10,
        logger: createLogger('warn', { write: (line: string) => warnings.push(line) }),
        reconnectDelayMs,
        probeTimeoutMs: 300,
      });
    const tryStore = (cache: ViewerSnapshots<string>) => {
      const now = Date.now();
      cache.store(cache.begin(), 's1', { practitionerId: 'p', value: 'kept', validUntil: now + 60_000 }, now);
      return cache.get('s1', now)?.value;
    };
    try {
      const deaf = open(60_000);
      await deaf.start(); // resolves once the probe has timed out and a retry is scheduled
      try {
        expect(deaf.active).toBe(false);
        expect(tryStore(deaf)).toBeUndefined(); // nothing kept, nothing served
        expect(deaf.size).toBe(0);
        expect(warnings.join('')).toMatch(/no notification reached the listener/);
      } finally {
        await deaf.stop();
      }
      // The same path with notifications delivered: the probe arrives and the cache works (the proxy is
      // not what turned it off).
      drop = false;
      const hearing = open(60_000);
      await hearing.start();
      try {
        expect(hearing.active).toBe(true);
        expect(tryStore(hearing)).toBe('kept');
      } finally {
        await hearing.stop();
      }
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => proxy.close(resolve));
    }
  });
});
