import crypto from 'node:crypto';
import Redis from 'ioredis';
import type { Client } from 'graphql-ws';
import { freshPostgresDatabase, startTestServer } from '../helpers/server';
import type { TestServer } from '../helpers/server';
import { codes, gql, ok } from '../helpers/graphql';
import { createModerator, createPractitioner } from '../helpers/factories';
import { createDraft } from '../helpers/posts';
import { connectWs, wsExecute } from '../helpers/ws';
import { toGlobalId } from '../../src/common/relay/global-id';
import { redisSubscribers } from '../helpers/redis';

// Two instances on one PostgreSQL database and one Redis. They need a real PostgreSQL (PGlite is one
// process's memory): TEST_DATABASE_URL, or TEST_DATABASE_URL_PG, which `.ci/run` exports for both runs.
const pgBase = process.env.TEST_DATABASE_URL ?? process.env.TEST_DATABASE_URL_PG;
const redisUrl = process.env.REDIS_URL;
const missing = [!pgBase && 'TEST_DATABASE_URL (or TEST_DATABASE_URL_PG)', !redisUrl && 'REDIS_URL'].filter(
  Boolean,
);
if (missing.length) {
  console.warn(`instances.test.ts SKIPPED: set ${missing.join(' and ')} to run the two-instance tests.`);
}
const describeIf = missing.length ? describe.skip : describe;

describeIf('two instances on one PostgreSQL and one Redis', () => {
  const prefix = `praxis-test-${crypto.randomBytes(4).toString('hex')}:`;
  let a: TestServer;
  let b: TestServer;
  let db: { url: string; drop: () => Promise<void> };
  let redis: Redis;
  const clients: Client[] = [];

  beforeAll(async () => {
    db = await freshPostgresDatabase(pgBase!);
    const env = {
      REDIS_URL: redisUrl!,
      REDIS_PREFIX: prefix,
      RATE_LIMIT_LOGIN_PER_ACCOUNT: '3/900',
    };
    a = await startTestServer(env, { databaseUrl: db.url });
    b = await startTestServer(env, { databaseUrl: db.url });
    redis = new Redis(redisUrl!);
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.dispose()));
    await a?.stop();
    await b?.stop();
    await db?.drop();
    redis?.disconnect();
  });

  it('a subscriber on A receives a post published through B', async () => {
    const [author, follower, moderator] = await Promise.all([
      createPractitioner(a),
      createPractitioner(a),
      createModerator(a),
    ]);
    ok(
      await gql(
        a,
        `mutation($t: ID!) { follow(input: { targetId: $t }) { practitioner { id } network { id } } }`,
        { t: author.id },
        { token: follower.accessToken },
      ),
    );
    const ws = connectWs(a, follower.accessToken);
    clients.push(ws.client);
    await ws.connected;
    const events: { data?: { postPublished?: { id: string; title: string } } }[] = [];
    const errors: unknown[] = [];
    let received!: () => void;
    const first = new Promise<void>((r) => (received = r));
    ws.client.subscribe(
      { query: `subscription { postPublished { id title } }` },
      {
        next: (v) => {
          events.push(v as (typeof events)[number]);
          received();
        },
        error: (e) => errors.push(e),
        complete: () => undefined,
      },
    );
    await redisSubscribers(redis, `${prefix}POST_PUBLISHED`);

    const { id } = await createDraft(b, author, { title: 'Published through B' });
    ok(
      await gql(
        b,
        `mutation($id: ID!) { submitPost(input: { id: $id }) { post { status } } }`,
        { id },
        { token: author.accessToken },
      ),
    );
    ok(
      await gql(
        b,
        `mutation($id: ID!) { reviewPost(input: { id: $id, decision: APPROVE }) { post { status } } }`,
        { id },
        { token: moderator.accessToken },
      ),
    );
    await first;
    expect(errors).toEqual([]);
    expect(events[0].data?.postPublished).toEqual({ id, title: 'Published through B' });
  });

  it('a rate limit spent on A holds on B', async () => {
    const user = await createPractitioner(a);
    const login = (server: TestServer, password: string) =>
      gql(server, `mutation($i: LoginInput!) { login(input: $i) { accessToken } }`, {
        i: { email: user.email, password },
      });
    for (let i = 0; i < 3; i++)
      expect(codes(await login(a, 'wrong password!!'))).toEqual(['UNAUTHENTICATED']);
    const refused = await login(b, user.password);
    expect(codes(refused)).toEqual(['RATE_LIMITED']);
    expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
  });

  it('a logout through B closes that session’s socket on A; closeConnectionsOf on B closes sockets on A', async () => {
    const user = await createPractitioner(a);
    const other = await createPractitioner(a);
    const ws = connectWs(a, user.accessToken);
    const otherWs = connectWs(a, other.accessToken);
    clients.push(ws.client, otherWs.client);
    await Promise.all([ws.connected, otherWs.connected]);
    expect(
      ok(
        await gql(b, `mutation($t: String!) { logout(input: { refreshToken: $t }) { sessionEnded } }`, {
          t: user.refreshToken,
        }),
      ).logout.sessionEnded,
    ).toBe(true);
    expect(await ws.closed).toBe(4401);
    await b.services.realtime.closeConnectionsOf(other.localId);
    expect(await otherWs.closed).toBe(4403);
  });

  it('endSession and endOtherSessions through B close the ended sessions’ sockets on A', async () => {
    const user = await createPractitioner(a);
    const second = await createPractitioner(a);
    const login = `mutation($input: LoginInput!) { login(input: $input) { accessToken refreshToken } }`;
    const signIn = async () =>
      ok(await gql(a, login, { input: { email: user.email, password: user.password } })).login as {
        accessToken: string;
        refreshToken: string;
      };
    const [laptop, phone] = [await signIn(), await signIn()];
    const sessionId = (token: string) =>
      toGlobalId(
        'Session',
        (JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()) as { sid: string }).sid,
      );
    const [laptopWs, phoneWs, mineWs, secondWs] = [
      connectWs(a, laptop.accessToken),
      connectWs(a, phone.accessToken),
      connectWs(a, user.accessToken),
      connectWs(a, second.accessToken),
    ];
    clients.push(laptopWs.client, phoneWs.client, mineWs.client, secondWs.client);
    await Promise.all([laptopWs.connected, phoneWs.connected, mineWs.connected, secondWs.connected]);
    const END = `mutation($id: String!) { endSession(input: { sessionId: $id }) { session { id } } }`;
    ok(await gql(b, END, { id: sessionId(laptop.accessToken) }, { token: user.accessToken }));
    expect(await laptopWs.closed).toBe(4401);
    const others = ok(
      await gql(b, `mutation { endOtherSessions { endedCount } }`, {}, { token: user.accessToken }),
    );
    expect(others.endOtherSessions.endedCount).toBe(1);
    expect(await phoneWs.closed).toBe(4401);
    // The caller's own socket and another member's stay open.
    expect((await wsExecute<{ me: { id: string } }>(mineWs.client, '{ me { id } }')).data?.me.id).toBe(
      user.id,
    );
    expect((await wsExecute<{ me: { id: string } }>(secondWs.client, '{ me { id } }')).data?.me.id).toBe(
      second.id,
    );
  });

  it('keeps its Redis keys under REDIS_PREFIX', async () => {
    const keys = await redis.keys(`${prefix}rl:*`);
    expect(keys.length).toBeGreaterThan(0); // the login counters of the test above
  });
});
