import jwt from 'jsonwebtoken';
import { startTestServer } from '../helpers/server';
import type { TestServer } from '../helpers/server';
import { codes, gql, ok } from '../helpers/graphql';
import { AUTH_FIELDS, createPending, createPractitioner } from '../helpers/factories';
import type { TestUser } from '../helpers/factories';
import { connectWs, wsExecute } from '../helpers/ws';
import { toGlobalId } from '../../src/common/relay/global-id';
import { SecurityEventKind } from '../../src/modules/identity';

// The test client connects from 127.0.0.1, which TRUST_PROXY names as the proxy: X-Forwarded-For then says
// which address a request comes from.
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ TRUST_PROXY: 'loopback' });
});
afterAll(() => server.stop());

const FIREFOX_WINDOWS = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:120.0) Gecko/20100101 Firefox/120.0';
const CHROME_ANDROID =
  'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 ' +
  'Mobile Safari/537.36';

const LOGIN = `mutation($input: LoginInput!) { login(input: $input) { ${AUTH_FIELDS} } }`;
const REFRESH = `mutation($t: String!) { refreshSession(input: { refreshToken: $t }) { ${AUTH_FIELDS} } }`;
const LOGOUT = `mutation($t: String!) { logout(input: { refreshToken: $t }) { sessionEnded } }`;
const END_SESSION = `mutation($id: String!) { endSession(input: { sessionId: $id }) { session { id } } }`;
const END_OTHERS = `mutation { endOtherSessions { endedCount } }`;
const EVENTS = `query($first: Int, $after: String) {
  mySecurityEvents(first: $first, after: $after) {
    edges { node { id kind at clientName ipPrefix } }
    pageInfo { hasNextPage endCursor }
  }
}`;
const NODE = `query($id: ID!) { node(id: $id) { id ... on SecurityEvent { kind } } }`;

interface EventView {
  id: string;
  kind: string;
  at: string;
  clientName: string | null;
  ipPrefix: string | null;
}

const from = (userAgent: string, ip: string) => ({
  headers: { 'user-agent': userAgent, 'x-forwarded-for': ip },
});

function signIn(user: TestUser, password: string, client = from(FIREFOX_WINDOWS, '203.0.113.20')) {
  return gql(server, LOGIN, { input: { email: user.email, password } }, client);
}

async function events(token: string): Promise<EventView[]> {
  return ok(await gql(server, EVENTS, { first: 50 }, { token })).mySecurityEvents.edges.map(
    (e: { node: EventView }) => e.node,
  );
}

const sessionIdOf = (accessToken: string) =>
  toGlobalId('Session', (jwt.decode(accessToken) as { sid: string }).sid);

describe('mySecurityEvents', () => {
  it('records sign-ins, failed sign-ins, sign-outs and ended sessions, newest first, with client name and network only', async () => {
    const user = await createPractitioner(server);
    expect(codes(await signIn(user, 'not the password at all'))).toEqual(['UNAUTHENTICATED']);
    const laptop = ok(await signIn(user, user.password)).login;
    const phone = ok(await signIn(user, user.password, from(CHROME_ANDROID, '2001:db8:77:1::5'))).login;
    ok(await gql(server, LOGOUT, { t: phone.refreshToken }, from(CHROME_ANDROID, '2001:db8:77:1::5')));
    const tablet = ok(await signIn(user, user.password)).login;
    ok(
      await gql(
        server,
        END_SESSION,
        { id: sessionIdOf(tablet.accessToken) },
        { token: laptop.accessToken, ...from(FIREFOX_WINDOWS, '203.0.113.20') },
      ),
    );
    ok(
      await gql(
        server,
        END_OTHERS,
        {},
        { token: laptop.accessToken, ...from(FIREFOX_WINDOWS, '203.0.113.20') },
      ),
    );
    const res = await gql(server, EVENTS, { first: 50 }, { token: laptop.accessToken });
    const list: EventView[] = ok(res).mySecurityEvents.edges.map((e: { node: EventView }) => e.node);
    expect(list.map((e) => e.kind)).toEqual([
      'OTHER_SESSIONS_ENDED',
      'SESSION_ENDED',
      'SIGNED_IN',
      'SIGNED_OUT',
      'SIGNED_IN',
      'SIGNED_IN',
      'SIGN_IN_FAILED',
      'SIGNED_IN', // the factory's
    ]);
    expect(list[0]).toMatchObject({ clientName: 'Firefox on Windows', ipPrefix: '203.0.113.0/24' });
    expect(list[3]).toMatchObject({ clientName: 'Chrome on Android', ipPrefix: '2001:db8:77::/48' });
    expect(list[6]).toMatchObject({ clientName: 'Firefox on Windows', ipPrefix: '203.0.113.0/24' });
    const times = list.map((e) => new Date(e.at).getTime());
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    // Never the full address, nor the raw User-Agent, in the answer or the table.
    expect(JSON.stringify(res.data)).not.toMatch(/203\.0\.113\.20|2001:db8:77:1|Mozilla/);
    const rows = await server.database.dataSource.query(
      `SELECT * FROM security_event WHERE "practitionerId" = $1`,
      [user.localId],
    );
    expect(JSON.stringify(rows)).not.toMatch(/203\.0\.113\.20|2001:db8:77:1|Mozilla/);
  });

  it('records a reused refresh token (its session ended)', async () => {
    const user = await createPractitioner(server);
    const first = ok(await signIn(user, user.password)).login;
    const next = ok(await gql(server, REFRESH, { t: first.refreshToken })).refreshSession;
    expect(codes(await gql(server, REFRESH, { t: first.refreshToken }))).toEqual(['UNAUTHENTICATED']);
    expect(codes(await gql(server, REFRESH, { t: next.refreshToken }))).toEqual(['UNAUTHENTICATED']);
    expect((await events(user.accessToken)).map((e) => e.kind)).toEqual([
      'REFRESH_TOKEN_REUSED',
      'SIGNED_IN',
      'SIGNED_IN',
    ]);
  });

  it('writes nothing for a failed sign-in with an unknown address, nor for a logout of an ended session', async () => {
    const user = await createPractitioner(server);
    const count = async () =>
      Number((await server.database.dataSource.query(`SELECT count(*)::int AS n FROM security_event`))[0].n);
    const before = await count();
    const res = await gql(server, LOGIN, {
      input: { email: 'nobody-here@example.org', password: 'whatever it is' },
    });
    expect(codes(res)).toEqual(['UNAUTHENTICATED']);
    expect(await count()).toBe(before);
    const other = ok(await signIn(user, user.password)).login;
    ok(await gql(server, LOGOUT, { t: other.refreshToken }));
    const afterLogout = await count();
    expect(ok(await gql(server, LOGOUT, { t: other.refreshToken })).logout.sessionEnded).toBe(false);
    expect(await count()).toBe(afterLogout);
  });

  it('is its owner’s alone: UNAUTHENTICATED signed out, null through node for someone else, an unverified member sees theirs', async () => {
    const [owner, stranger] = [await createPractitioner(server), await createPractitioner(server)];
    const [mine] = await events(owner.accessToken);
    expect(mine.kind).toBe('SIGNED_IN');
    expect(codes(await gql(server, EVENTS, {}))).toEqual(['UNAUTHENTICATED']);
    expect((await events(stranger.accessToken)).map((e) => e.id)).not.toContain(mine.id);
    expect(ok(await gql(server, NODE, { id: mine.id }, { token: owner.accessToken })).node).toEqual({
      id: mine.id,
      kind: 'SIGNED_IN',
    });
    expect(ok(await gql(server, NODE, { id: mine.id }, { token: stranger.accessToken })).node).toBeNull();
    expect(ok(await gql(server, NODE, { id: mine.id })).node).toBeNull();
    const pending = await createPending(server);
    expect((await events(pending.accessToken)).map((e) => e.kind)).toEqual(['SIGNED_IN']);
  });

  it('pages newest first with first/after', async () => {
    const user = await createPractitioner(server);
    ok(await signIn(user, user.password));
    ok(await signIn(user, user.password));
    const page1 = ok(await gql(server, EVENTS, { first: 2 }, { token: user.accessToken })).mySecurityEvents;
    expect(page1.edges).toHaveLength(2);
    expect(page1.pageInfo.hasNextPage).toBe(true);
    const page2 = ok(
      await gql(server, EVENTS, { first: 2, after: page1.pageInfo.endCursor }, { token: user.accessToken }),
    ).mySecurityEvents;
    expect(page2.edges).toHaveLength(1);
    expect(page2.pageInfo.hasNextPage).toBe(false);
    expect(
      codes(await gql(server, EVENTS, { first: 2, after: 'garbage' }, { token: user.accessToken })),
    ).toEqual(['BAD_USER_INPUT']);
  });

  it('works over WebSocket (and refuses an anonymous socket)', async () => {
    const user = await createPractitioner(server);
    const ws = connectWs(server, user.accessToken);
    await ws.connected;
    const res = await wsExecute<{ mySecurityEvents: { edges: { node: EventView }[] } }>(
      ws.client,
      EVENTS,
      {},
    );
    expect(res.data?.mySecurityEvents.edges.map((e) => e.node.kind)).toEqual(['SIGNED_IN']);
    await ws.client.dispose();
    const anonymous = connectWs(server, null);
    await anonymous.connected;
    const refused = await wsExecute(anonymous.client, EVENTS, {});
    expect(refused.errors?.map((e) => e.extensions?.code)).toEqual(['UNAUTHENTICATED']);
    await anonymous.client.dispose();
  });
});

describe('SecurityLog (the service other modules record through)', () => {
  it('records inside the caller’s unit of work: an entry commits or rolls back with the change', async () => {
    const user = await createPractitioner(server);
    const { uow, securityLog } = server.services;
    await uow.run((tx) =>
      securityLog.record(tx, user.localId, SecurityEventKind.PASSWORD_CHANGED, {
        client: { ip: '198.51.100.99', userAgent: FIREFOX_WINDOWS },
        facts: { how: 'test' },
      }),
    );
    await expect(
      uow.run(async (tx) => {
        await securityLog.record(tx, user.localId, SecurityEventKind.DATA_EXPORTED);
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    const list = await events(user.accessToken);
    expect(list.map((e) => e.kind)).toEqual(['PASSWORD_CHANGED', 'SIGNED_IN']);
    expect(list[0]).toMatchObject({ clientName: 'Firefox on Windows', ipPrefix: '198.51.100.0/24' });
  });

  it('prunes entries older than a year', async () => {
    const user = await createPractitioner(server);
    const { dataSource } = server.database;
    await server.services.uow.run((tx) =>
      server.services.securityLog.record(tx, user.localId, SecurityEventKind.EMAIL_CHANGED),
    );
    await dataSource.query(
      `UPDATE security_event SET "at" = now() - interval '366 days' WHERE "practitionerId" = $1 AND kind = 'EMAIL_CHANGED'`,
      [user.localId],
    );
    expect(await server.services.securityLog.prune()).toBeGreaterThanOrEqual(1);
    expect((await events(user.accessToken)).map((e) => e.kind)).toEqual(['SIGNED_IN']);
  });
});
