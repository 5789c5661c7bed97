import { startTestServer } from '../helpers/server';
import type { TestServer } from '../helpers/server';
import { codes, gql } from '../helpers/graphql';
import { connectWs, wsExecute } from '../helpers/ws';

// The test client connects from 127.0.0.1, which TRUST_PROXY names as the proxy: the proxy appends the address
// it saw to X-Forwarded-For, so "forged…, <real>" is what a client behind it that forges entries produces.
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ TRUST_PROXY: 'loopback', RATE_LIMIT_REGISTER_PER_IP: '3/3600' });
});
afterAll(() => server.stop());

const REGISTER = 'mutation($i: RegisterInput!) { register(input: $i) { accepted } }';
let seq = 0;
const registration = () => ({
  i: {
    email: `address.${++seq}.${Date.now()}@example.org`,
    password: 'a long enough password',
    displayName: 'Behind Proxy',
    countryCode: 'NE',
    profession: 'ACADEMIC',
  },
});
/** X-Forwarded-For as the proxy passes it on: what the client sent, then the client's real address. */
const forwarded = (real: string, forged: string) => ({ 'x-forwarded-for': `${forged}, ${real}` });

async function registerOverWs(headers: Record<string, string>) {
  const ws = connectWs(server, null, headers);
  await ws.connected;
  try {
    return await wsExecute(ws.client, REGISTER, registration());
  } finally {
    await ws.client.dispose();
  }
}

describe('client addresses behind a trusted proxy', () => {
  it('over HTTP, entries a client forges in X-Forwarded-For do not give it a fresh budget', async () => {
    const real = '203.0.113.10';
    for (let i = 0; i < 3; i++) {
      const res = await gql(server, REGISTER, registration(), { headers: forwarded(real, `10.9.${i}.1`) });
      expect(codes(res)).toEqual([]);
    }
    const refused = await gql(server, REGISTER, registration(), {
      headers: forwarded(real, '10.9.99.1, 192.0.2.77'),
    });
    expect(codes(refused)).toEqual(['RATE_LIMITED']);
    // Another client behind the same proxy has its own budget.
    expect(
      codes(await gql(server, REGISTER, registration(), { headers: forwarded('203.0.113.11', real) })),
    ).toEqual([]);
  });

  it('over WebSocket, the same: forged entries give no fresh budget, and two clients have separate budgets', async () => {
    const a = '203.0.113.20';
    const b = '203.0.113.21';
    for (let i = 0; i < 3; i++)
      expect(codes((await registerOverWs(forwarded(a, `10.8.${i}.1`))) as never)).toEqual([]);
    expect(codes((await registerOverWs(forwarded(a, '10.8.99.1'))) as never)).toEqual(['RATE_LIMITED']);
    // The same address over HTTP shares the budget (one address resolution for both transports).
    expect(
      codes(await gql(server, REGISTER, registration(), { headers: forwarded(a, '10.8.98.1') })),
    ).toEqual(['RATE_LIMITED']);
    for (let i = 0; i < 3; i++) expect(codes((await registerOverWs(forwarded(b, a))) as never)).toEqual([]);
    expect(codes((await registerOverWs(forwarded(b, a))) as never)).toEqual(['RATE_LIMITED']);
  });
});
