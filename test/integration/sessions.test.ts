import crypto from 'node:crypto';
import jwt from 'jsonwebtoken';
import { startTestServer } from '../helpers/server';
import type { TestServer } from '../helpers/server';
import { codes, gql, ok } from '../helpers/graphql';
import { AUTH_FIELDS, createPending, createPractitioner } from '../helpers/factories';
import type { TestUser } from '../helpers/factories';
import { connectWs, wsExecute } from '../helpers/ws';
import { toGlobalId } from '../../src/common/relay/global-id';

// The test client connects from 127.0.0.1, which TRUST_PROXY names as the proxy: X-Forwarded-For then says
// which address a request comes from.
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ TRUST_PROXY: 'loopback' });
});
afterAll(() => server.stop());

const FIREFOX_WINDOWS = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:120.0) Gecko/20100101 Firefox/120.0';
const SAFARI_IPHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) ' +
  'Version/17.0 Mobile/15E148 Safari/604.1';

const LOGIN = `mutation($input: LoginInput!) { login(input: $input) { ${AUTH_FIELDS} } }`;
const REFRESH = `mutation($t: String!) { refreshSession(input: { refreshToken: $t }) { ${AUTH_FIELDS} } }`;
const ME = `{ me { id } }`;
const SESSION_FIELDS = 'id clientName ipPrefix createdAt lastUsedAt isCurrent endedAt';
const MY_SESSIONS = `query($first: Int, $after: String) {
  mySessions(first: $first, after: $after) {
    edges { cursor node { ${SESSION_FIELDS} } }
    pageInfo { hasNextPage endCursor }
  }
}`;
const END_SESSION = `mutation($id: String!) { endSession(input: { sessionId: $id }) { session { ${SESSION_FIELDS} } } }`;
const END_OTHERS = `mutation { endOtherSessions { endedCount } }`;
const NODE = `query($id: ID!) { node(id: $id) { id ... on Session { clientName ipPrefix } } }`;

interface SessionView {
  id: string;
  clientName: string | null;
  ipPrefix: string | null;
  createdAt: string;
  lastUsedAt: string;
  isCurrent: boolean;
  endedAt: string | null;
}
interface Tokens {
  accessToken: string;
  refreshToken: string;
}

/** Signs the user in again from a client (its User-Agent and address): a new session. */
async function signIn(user: TestUser, userAgent: string, ip: string): Promise<Tokens> {
  return ok(
    await gql(
      server,
      LOGIN,
      { input: { email: user.email, password: user.password } },
      { headers: { 'user-agent': userAgent, 'x-forwarded-for': ip } },
    ),
  ).login;
}

const sessionIdOf = (accessToken: string) =>
  toGlobalId('Session', (jwt.decode(accessToken) as { sid: string }).sid);

async function mySessions(token: string): Promise<SessionView[]> {
  const res = await gql(server, MY_SESSIONS, { first: 50 }, { token });
  return ok(res).mySessions.edges.map((e: { node: SessionView }) => e.node);
}

describe('mySessions', () => {
  it('lists the open sessions with a client name from the User-Agent, the IP prefix only and the current one', async () => {
    const user = await createPractitioner(server);
    const firefox = await signIn(user, FIREFOX_WINDOWS, '203.0.113.77');
    const iphone = await signIn(user, SAFARI_IPHONE, '2001:db8:abcd:12:3456::9');
    const res = await gql(server, MY_SESSIONS, { first: 50 }, { token: firefox.accessToken });
    const sessions: SessionView[] = ok(res).mySessions.edges.map((e: { node: SessionView }) => e.node);
    expect(sessions).toHaveLength(3); // the factory's sign-in, then these two, newest first
    const [second, first] = sessions;
    expect(second).toMatchObject({
      id: sessionIdOf(iphone.accessToken),
      clientName: 'Safari on iOS',
      ipPrefix: '2001:db8:abcd::/48',
      isCurrent: false,
      endedAt: null,
    });
    expect(first).toMatchObject({
      id: sessionIdOf(firefox.accessToken),
      clientName: 'Firefox on Windows',
      ipPrefix: '203.0.113.0/24',
      isCurrent: true,
    });
    expect(new Date(first.lastUsedAt).getTime()).toBeGreaterThanOrEqual(new Date(first.createdAt).getTime());
    // The full addresses are nowhere: not in the answer, not in the session rows.
    const text = JSON.stringify(res.data);
    expect(text).not.toContain('203.0.113.77');
    expect(text).not.toContain('3456');
    const rows: Record<string, unknown>[] = await server.database.dataSource.query(
      `SELECT * FROM auth_session WHERE "practitionerId" = $1`,
      [user.localId],
    );
    expect(JSON.stringify(rows)).not.toMatch(/203\.0\.113\.77|3456|Gecko|Mozilla/);
    // A client sending no recognisable User-Agent is an unknown client.
    expect(sessions[2].clientName).toBe('Unknown client');
  });

  it('updates the client name and network on refresh', async () => {
    const user = await createPractitioner(server);
    const firefox = await signIn(user, FIREFOX_WINDOWS, '203.0.113.77');
    const next = ok(
      await gql(
        server,
        REFRESH,
        { t: firefox.refreshToken },
        { headers: { 'user-agent': SAFARI_IPHONE, 'x-forwarded-for': '198.51.100.4' } },
      ),
    ).refreshSession;
    const mine = (await mySessions(next.accessToken)).find((s) => s.isCurrent)!;
    expect(mine).toMatchObject({ clientName: 'Safari on iOS', ipPrefix: '198.51.100.0/24' });
  });

  it('pages with first/after', async () => {
    const user = await createPractitioner(server);
    const other = await signIn(user, FIREFOX_WINDOWS, '203.0.113.1');
    const page1 = ok(await gql(server, MY_SESSIONS, { first: 1 }, { token: other.accessToken })).mySessions;
    expect(page1.edges).toHaveLength(1);
    expect(page1.pageInfo.hasNextPage).toBe(true);
    const page2 = ok(
      await gql(
        server,
        MY_SESSIONS,
        { first: 1, after: page1.pageInfo.endCursor },
        { token: other.accessToken },
      ),
    ).mySessions;
    expect(page2.edges).toHaveLength(1);
    expect(page2.pageInfo.hasNextPage).toBe(false);
    expect(page2.edges[0].node.id).toBe(sessionIdOf(user.accessToken));
  });

  it('is UNAUTHENTICATED signed out, and an unverified member sees their own sessions', async () => {
    expect(codes(await gql(server, MY_SESSIONS, {}))).toEqual(['UNAUTHENTICATED']);
    const pending = await createPending(server);
    const sessions = await mySessions(pending.accessToken);
    expect(sessions.map((s) => s.id)).toEqual([sessionIdOf(pending.accessToken)]);
  });

  it('leaves out ended sessions', async () => {
    const user = await createPractitioner(server);
    const other = await signIn(user, FIREFOX_WINDOWS, '203.0.113.2');
    await gql(server, `mutation($t: String!) { logout(input: { refreshToken: $t }) { sessionEnded } }`, {
      t: other.refreshToken,
    });
    expect((await mySessions(user.accessToken)).map((s) => s.id)).toEqual([sessionIdOf(user.accessToken)]);
  });

  it('works over WebSocket, where the socket’s session is the current one', async () => {
    const user = await createPractitioner(server);
    const ws = connectWs(server, user.accessToken, { 'user-agent': FIREFOX_WINDOWS });
    await ws.connected;
    const res = await wsExecute<{ mySessions: { edges: { node: SessionView }[] } }>(
      ws.client,
      MY_SESSIONS,
      {},
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.mySessions.edges.map((e) => [e.node.id, e.node.isCurrent])).toEqual([
      [sessionIdOf(user.accessToken), true],
    ]);
    await ws.client.dispose();
    const anonymous = connectWs(server, null);
    await anonymous.connected;
    const refused = await wsExecute(anonymous.client, MY_SESSIONS, {});
    expect(refused.errors?.map((e) => e.extensions?.code)).toEqual(['UNAUTHENTICATED']);
    await anonymous.client.dispose();
  });

  it('node(id) gives a session to its owner only', async () => {
    const [owner, stranger] = [await createPractitioner(server), await createPractitioner(server)];
    const id = sessionIdOf(owner.accessToken);
    expect(ok(await gql(server, NODE, { id }, { token: owner.accessToken })).node.id).toBe(id);
    expect(ok(await gql(server, NODE, { id }, { token: stranger.accessToken })).node).toBeNull();
  });

  it('updates lastUsedAt when the session is used, at most every five minutes', async () => {
    const user = await createPractitioner(server);
    const sid = (jwt.decode(user.accessToken) as { sid: string }).sid;
    const lastUsed = async () =>
      new Date(
        (
          await server.database.dataSource.query(`SELECT "lastUsedAt" FROM auth_session WHERE id = $1`, [sid])
        )[0].lastUsedAt,
      ).getTime();
    // Used two minutes ago: a request does not write.
    await server.database.dataSource.query(
      `UPDATE auth_session SET "lastUsedAt" = now() - interval '2 minutes' WHERE id = $1`,
      [sid],
    );
    const before = await lastUsed();
    ok(await gql(server, ME, {}, { token: user.accessToken }));
    await new Promise((r) => setTimeout(r, 200));
    expect(await lastUsed()).toBe(before);
    // Used ten minutes ago: the next request moves it to now (in the background).
    await server.database.dataSource.query(
      `UPDATE auth_session SET "lastUsedAt" = now() - interval '10 minutes' WHERE id = $1`,
      [sid],
    );
    const stale = await lastUsed();
    ok(await gql(server, ME, {}, { token: user.accessToken }));
    const deadline = Date.now() + 5000;
    while ((await lastUsed()) === stale && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(await lastUsed()).toBeGreaterThan(Date.now() - 60_000);
  });
});

describe('endSession', () => {
  it('ends one of your sessions: its sockets close (4401), its refresh and access tokens stop working', async () => {
    const user = await createPractitioner(server);
    const laptop = await signIn(user, FIREFOX_WINDOWS, '203.0.113.5');
    const [ws, mine] = [connectWs(server, laptop.accessToken), connectWs(server, user.accessToken)];
    await Promise.all([ws.connected, mine.connected]);
    const res = await gql(
      server,
      END_SESSION,
      { id: sessionIdOf(laptop.accessToken) },
      { token: user.accessToken },
    );
    const ended: SessionView = ok(res).endSession.session;
    expect(ended).toMatchObject({ id: sessionIdOf(laptop.accessToken), clientName: 'Firefox on Windows' });
    expect(ended.endedAt).not.toBeNull();
    expect(await ws.closed).toBe(4401);
    expect(codes(await gql(server, REFRESH, { t: laptop.refreshToken }))).toEqual(['UNAUTHENTICATED']);
    expect(codes(await gql(server, ME, {}, { token: laptop.accessToken }))).toEqual(['UNAUTHENTICATED']);
    // The session that asked is untouched, and its socket stays open.
    expect(ok(await gql(server, ME, {}, { token: user.accessToken })).me.id).toBe(user.id);
    expect((await wsExecute<{ me: { id: string } }>(mine.client, ME)).data?.me.id).toBe(user.id);
    await mine.client.dispose();
    // Ended: a second time is NOT_FOUND.
    expect(
      codes(
        await gql(server, END_SESSION, { id: sessionIdOf(laptop.accessToken) }, { token: user.accessToken }),
      ),
    ).toEqual(['NOT_FOUND']);
  });

  it('over WebSocket, ends another session and closes that session’s socket', async () => {
    const user = await createPractitioner(server);
    const phone = await signIn(user, SAFARI_IPHONE, '203.0.113.6');
    const [ws, phoneWs] = [connectWs(server, user.accessToken), connectWs(server, phone.accessToken)];
    await Promise.all([ws.connected, phoneWs.connected]);
    const res = await wsExecute<{ endSession: { session: SessionView } }>(ws.client, END_SESSION, {
      id: sessionIdOf(phone.accessToken),
    });
    expect(res.errors).toBeUndefined();
    expect(res.data!.endSession.session.id).toBe(sessionIdOf(phone.accessToken));
    expect(await phoneWs.closed).toBe(4401);
    expect(codes(await gql(server, REFRESH, { t: phone.refreshToken }))).toEqual(['UNAUTHENTICATED']);
    await ws.client.dispose();
  });

  it('ending the current session works like a logout', async () => {
    const user = await createPractitioner(server);
    const ws = connectWs(server, user.accessToken);
    await ws.connected;
    ok(await gql(server, END_SESSION, { id: sessionIdOf(user.accessToken) }, { token: user.accessToken }));
    expect(await ws.closed).toBe(4401);
    expect(codes(await gql(server, ME, {}, { token: user.accessToken }))).toEqual(['UNAUTHENTICATED']);
  });

  it('is NOT_FOUND for someone else’s session (which stays open) and for an unknown one', async () => {
    const [user, victim] = [await createPractitioner(server), await createPractitioner(server)];
    const ws = connectWs(server, victim.accessToken);
    await ws.connected;
    const theirs = await gql(
      server,
      END_SESSION,
      { id: sessionIdOf(victim.accessToken) },
      { token: user.accessToken },
    );
    expect(codes(theirs)).toEqual(['NOT_FOUND']);
    expect(ok(await gql(server, ME, {}, { token: victim.accessToken })).me.id).toBe(victim.id);
    const refreshed = ok(await gql(server, REFRESH, { t: victim.refreshToken })).refreshSession;
    expect(refreshed.accessToken).toBeTruthy();
    const unknown = toGlobalId('Session', crypto.randomUUID());
    expect(codes(await gql(server, END_SESSION, { id: unknown }, { token: user.accessToken }))).toEqual([
      'NOT_FOUND',
    ]);
    // Over WebSocket too.
    const mine = connectWs(server, user.accessToken);
    await mine.connected;
    const overWs = await wsExecute(mine.client, END_SESSION, { id: sessionIdOf(victim.accessToken) });
    expect(overWs.errors?.map((e) => e.extensions?.code)).toEqual(['NOT_FOUND']);
    await mine.client.dispose();
    // The victim's socket was never closed.
    expect((await wsExecute<{ me: { id: string } }>(ws.client, ME)).data?.me.id).toBe(victim.id);
    await ws.client.dispose();
  });

  it('refuses a forged or malformed id (BAD_USER_INPUT) and a signed-out caller (UNAUTHENTICATED)', async () => {
    const user = await createPractitioner(server);
    for (const id of ['not-an-id', user.id, toGlobalId('Session', 'not-a-uuid')]) {
      const res = await gql(server, END_SESSION, { id }, { token: user.accessToken });
      expect(codes(res)).toEqual(['BAD_USER_INPUT']);
    }
    expect(codes(await gql(server, END_SESSION, { id: sessionIdOf(user.accessToken) }))).toEqual([
      'UNAUTHENTICATED',
    ]);
    expect(ok(await gql(server, ME, {}, { token: user.accessToken })).me.id).toBe(user.id);
  });
});

describe('endOtherSessions', () => {
  it('ends every other session (sockets closed, refresh refused) and keeps the current one', async () => {
    const user = await createPractitioner(server);
    const a = await signIn(user, FIREFOX_WINDOWS, '203.0.113.7');
    const b = await signIn(user, SAFARI_IPHONE, '203.0.113.8');
    const [wsA, wsB, wsMine] = [
      connectWs(server, a.accessToken),
      connectWs(server, b.accessToken),
      connectWs(server, user.accessToken),
    ];
    await Promise.all([wsA.connected, wsB.connected, wsMine.connected]);
    expect(
      ok(await gql(server, END_OTHERS, {}, { token: user.accessToken })).endOtherSessions.endedCount,
    ).toBe(2);
    expect(await wsA.closed).toBe(4401);
    expect(await wsB.closed).toBe(4401);
    for (const t of [a, b])
      expect(codes(await gql(server, REFRESH, { t: t.refreshToken }))).toEqual(['UNAUTHENTICATED']);
    expect((await mySessions(user.accessToken)).map((s) => s.id)).toEqual([sessionIdOf(user.accessToken)]);
    expect((await wsExecute<{ me: { id: string } }>(wsMine.client, ME)).data?.me.id).toBe(user.id);
    // Nothing left to end.
    expect(
      ok(await gql(server, END_OTHERS, {}, { token: user.accessToken })).endOtherSessions.endedCount,
    ).toBe(0);
    await wsMine.client.dispose();
  });

  it('over WebSocket, ends the others but not the socket’s own session; another member’s sessions stay', async () => {
    const [user, neighbour] = [await createPractitioner(server), await createPractitioner(server)];
    const other = await signIn(user, FIREFOX_WINDOWS, '203.0.113.9');
    const [ws, otherWs, neighbourWs] = [
      connectWs(server, user.accessToken),
      connectWs(server, other.accessToken),
      connectWs(server, neighbour.accessToken),
    ];
    await Promise.all([ws.connected, otherWs.connected, neighbourWs.connected]);
    const res = await wsExecute<{ endOtherSessions: { endedCount: number } }>(ws.client, END_OTHERS);
    expect(res.data?.endOtherSessions.endedCount).toBe(1);
    expect(await otherWs.closed).toBe(4401);
    expect((await wsExecute<{ me: { id: string } }>(ws.client, ME)).data?.me.id).toBe(user.id);
    expect((await wsExecute<{ me: { id: string } }>(neighbourWs.client, ME)).data?.me.id).toBe(neighbour.id);
    await Promise.all([ws.client.dispose(), neighbourWs.client.dispose()]);
  });

  it('is UNAUTHENTICATED signed out', async () => {
    expect(codes(await gql(server, END_OTHERS, {}))).toEqual(['UNAUTHENTICATED']);
  });

  it('a suspended member still lists their sessions but, like every write, cannot end them (FORBIDDEN); logout still works', async () => {
    const user = await createPractitioner(server);
    const other = await signIn(user, FIREFOX_WINDOWS, '203.0.113.30');
    await server.database.dataSource.query(
      `UPDATE practitioner SET "suspendedUntil" = now() + interval '1 day' WHERE id = $1`,
      [user.localId],
    );
    expect(await mySessions(user.accessToken)).toHaveLength(2);
    expect(codes(await gql(server, END_OTHERS, {}, { token: user.accessToken }))).toEqual(['FORBIDDEN']);
    const end = await gql(
      server,
      END_SESSION,
      { id: sessionIdOf(other.accessToken) },
      { token: user.accessToken },
    );
    expect(codes(end)).toEqual(['FORBIDDEN']);
    expect(ok(await gql(server, ME, {}, { token: other.accessToken })).me.id).toBe(user.id);
    const LOGOUT = `mutation($t: String!) { logout(input: { refreshToken: $t }) { sessionEnded } }`;
    expect(ok(await gql(server, LOGOUT, { t: other.refreshToken })).logout.sessionEnded).toBe(true);
    expect(await mySessions(user.accessToken)).toHaveLength(1);
  });
});

describe('rate limits', () => {
  let limited: TestServer;
  beforeAll(async () => {
    limited = await startTestServer({ RATE_LIMIT_SESSION_PER_ACCOUNT: '2/3600' });
  });
  afterAll(() => limited.stop());

  it('endSession and endOtherSessions share a budget per account: RATE_LIMITED beyond it', async () => {
    const user = await createPractitioner(limited);
    expect(
      ok(await gql(limited, END_OTHERS, {}, { token: user.accessToken })).endOtherSessions.endedCount,
    ).toBe(0);
    const unknown = toGlobalId('Session', crypto.randomUUID());
    expect(codes(await gql(limited, END_SESSION, { id: unknown }, { token: user.accessToken }))).toEqual([
      'NOT_FOUND',
    ]);
    const over = await gql(limited, END_OTHERS, {}, { token: user.accessToken });
    expect(codes(over)).toEqual(['RATE_LIMITED']);
    expect(over.errors![0].extensions?.retryAfterSeconds).toBeGreaterThan(0);
    expect(codes(await gql(limited, END_SESSION, { id: unknown }, { token: user.accessToken }))).toEqual([
      'RATE_LIMITED',
    ]);
    // Another member has a budget of their own.
    const other = await createPractitioner(limited);
    expect(
      ok(await gql(limited, END_OTHERS, {}, { token: other.accessToken })).endOtherSessions.endedCount,
    ).toBe(0);
  });
});
