import { startTestServer } from '../helpers/server';
import type { TestServer } from '../helpers/server';
import { gql, ok } from '../helpers/graphql';
import { createPractitioner } from '../helpers/factories';
import type { TestUser } from '../helpers/factories';
import { connectWs, wsExecute } from '../helpers/ws';
import type { WsHandle } from '../helpers/ws';

let server: TestServer;
const handles: WsHandle[] = [];
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await Promise.all(handles.map((h) => h.client.dispose()));
  await server.stop();
});

const LOGIN = `mutation($i: LoginInput!) { login(input: $i) { accessToken refreshToken } }`;
const LOGOUT = `mutation($t: String!) { logout(input: { refreshToken: $t }) { sessionEnded } }`;
const REFRESH = `mutation($t: String!) { refreshSession(input: { refreshToken: $t }) { accessToken refreshToken } }`;

async function secondSession(user: TestUser): Promise<{ accessToken: string; refreshToken: string }> {
  return ok(await gql(server, LOGIN, { i: { email: user.email, password: user.password } })).login;
}

async function open(token: string): Promise<WsHandle> {
  const h = connectWs(server, token);
  handles.push(h);
  await h.connected;
  return h;
}

/** The socket is open and serves the viewer. */
async function alive(h: WsHandle, user: TestUser): Promise<void> {
  const res = await wsExecute<{ me: { id: string } }>(h.client, `{ me { id } }`);
  expect(res.data?.me.id).toBe(user.id);
}

describe('WebSocket connections and sessions', () => {
  it('logout closes the sockets of that session (4401) and no other', async () => {
    const user = await createPractitioner(server);
    const other = await createPractitioner(server);
    const second = await secondSession(user);
    const [s1, s1b, s2, o] = [
      await open(user.accessToken),
      await open(user.accessToken),
      await open(second.accessToken),
      await open(other.accessToken),
    ];
    expect(server.services.realtime.count(user.localId)).toBe(3);
    expect(ok(await gql(server, LOGOUT, { t: user.refreshToken })).logout.sessionEnded).toBe(true);
    expect(await s1.closed).toBe(4401);
    expect(await s1b.closed).toBe(4401);
    await alive(s2, user);
    await alive(o, other);
    expect(server.services.realtime.count(user.localId)).toBe(1);
    // A logout of an already ended session closes nothing more.
    expect(ok(await gql(server, LOGOUT, { t: user.refreshToken })).logout.sessionEnded).toBe(false);
    await alive(s2, user);
  });

  it('reusing a rotated refresh token ends the session and closes its sockets', async () => {
    const user = await createPractitioner(server);
    const ws = await open(user.accessToken);
    ok(await gql(server, REFRESH, { t: user.refreshToken }));
    const reuse = await gql(server, REFRESH, { t: user.refreshToken });
    expect(reuse.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect(await ws.closed).toBe(4401);
  });

  it('closeConnectionsOf(practitionerId) closes every socket of that practitioner (4403)', async () => {
    const user = await createPractitioner(server);
    const other = await createPractitioner(server);
    const second = await secondSession(user);
    const [a, b, o] = [
      await open(user.accessToken),
      await open(second.accessToken),
      await open(other.accessToken),
    ];
    await server.services.realtime.closeConnectionsOf(user.localId);
    expect(await a.closed).toBe(4403);
    expect(await b.closed).toBe(4403);
    await alive(o, other);
    expect(server.services.realtime.count(user.localId)).toBe(0);
  });
});
