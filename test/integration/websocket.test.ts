import { startTestServer } from '../helpers/server';
import type { TestServer } from '../helpers/server';
import { createPractitioner } from '../helpers/factories';
import { connectWs, wsExecute } from '../helpers/ws';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.stop());

describe('WebSocket (graphql-transport-ws on /graphql)', () => {
  it('authenticates the connection with connectionParams.authorization and serves the same schema', async () => {
    const user = await createPractitioner(server, { displayName: 'Socket User' });
    const ws = connectWs(server, user.accessToken);
    await ws.connected;
    const result = await wsExecute<{ me: { id: string; displayName: string } }>(
      ws.client,
      '{ me { id displayName } }',
    );
    expect(result.data?.me).toEqual({ id: user.id, displayName: 'Socket User' });
    await ws.client.dispose();
  });

  it('accepts an anonymous connection, where `me` is null', async () => {
    const ws = connectWs(server, null);
    await ws.connected;
    const result = await wsExecute<{ me: null }>(ws.client, '{ me { id } }');
    expect(result.data?.me).toBeNull();
    await ws.client.dispose();
  });

  it('rejects a connection with a bad or forged token (close code 4403)', async () => {
    const ws = connectWs(server, 'not-a-valid-token');
    expect(await ws.closed).toBe(4403);
  });

  it('rejects a connection whose session was logged out', async () => {
    const user = await createPractitioner(server);
    await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query: 'mutation($t: String!) { logout(refreshToken: $t) }',
        variables: { t: user.refreshToken },
      }),
    });
    const ws = connectWs(server, user.accessToken);
    expect(await ws.closed).toBe(4403);
  });

  it('returns coded errors over the socket like over HTTP', async () => {
    const ws = connectWs(server, null);
    await ws.connected;
    const result = await wsExecute(ws.client, '{ practitioners { edges { cursor } } }');
    expect(result.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    await ws.client.dispose();
  });
});
