import { startTestServer } from '../helpers/server';
import type { TestServer } from '../helpers/server';
import { createPractitioner } from '../helpers/factories';
import { connectWs, wsExecute } from '../helpers/ws';
import type { WsHandle } from '../helpers/ws';
import {
  SERVER_FULL_CLOSE_CODE,
  TOO_MANY_CONNECTIONS_CLOSE_CODE,
} from '../../src/common/limits/websocket-limits';

// Caps on open WebSocket connections (issue 10, hole 12). TRUST_PROXY lets each test connect from its own
// address through X-Forwarded-For.
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({
    TRUST_PROXY: 'loopback',
    WS_MAX_CONNECTIONS_PER_IP: '3',
    WS_MAX_CONNECTIONS_PER_ACCOUNT: '2',
    WS_MAX_CONNECTIONS: '6',
  });
});
const open: WsHandle[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((h) => h.client.dispose()));
  await until(async () => (await gauge('websocket_connections_active')) === 0);
});
afterAll(() => server.stop());

let ipSeq = 0;
const freshIp = () => `198.51.100.${++ipSeq}`;

function connect(ip: string, token?: string): WsHandle {
  const handle = connectWs(server, token ?? null, { 'x-forwarded-for': ip });
  open.push(handle);
  return handle;
}

/** Resolves with 'open' once acknowledged, or with the close code if the server closed it first. */
const outcome = (h: WsHandle) => Promise.race([h.connected.then(() => 'open' as const), h.closed]);

async function metricsText(): Promise<string> {
  return (await fetch(server.metricsUrl!)).text();
}
async function gauge(name: string): Promise<number> {
  const line = (await metricsText()).split('\n').find((l) => l.startsWith(`${name} `));
  return Number(line?.split(' ')[1] ?? NaN);
}
async function refused(reason: string): Promise<number> {
  const line = (await metricsText())
    .split('\n')
    .find((l) => l.startsWith(`websocket_connections_refused_total{reason="${reason}"}`));
  return line ? Number(line.split(' ')[1]) : 0;
}
async function until(check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 200 && !(await check()); i++) await new Promise((r) => setTimeout(r, 10));
  expect(await check()).toBe(true);
}

describe('WebSocket connection caps', () => {
  it('refuses the connection over the cap per client address (4429), counts it, and frees a slot on close', async () => {
    const ip = freshIp();
    const before = await refused('per_ip');
    const held = [connect(ip), connect(ip), connect(ip)];
    for (const h of held) expect(await outcome(h)).toBe('open');
    const excess = connect(ip);
    expect(await outcome(excess)).toBe(TOO_MANY_CONNECTIONS_CLOSE_CODE);
    expect(await refused('per_ip')).toBe(before + 1);
    // The ones held still work; another address is not affected.
    expect((await wsExecute<{ me: null }>(held[0].client, '{ me { id } }')).data).toEqual({ me: null });
    expect(await outcome(connect(freshIp()))).toBe('open');
    // Closing one frees its slot.
    await held[1].client.dispose();
    await until(async () => (await gauge('websocket_connections_active')) === 3);
    expect(await outcome(connect(ip))).toBe('open');
    expect(await refused('per_ip')).toBe(before + 1);
  });

  it('refuses a connection over the cap per account (4429) from any address, and frees a slot on close', async () => {
    const user = await createPractitioner(server);
    const before = await refused('per_account');
    const held = [connect(freshIp(), user.accessToken), connect(freshIp(), user.accessToken)];
    for (const h of held) expect(await outcome(h)).toBe('open');
    const excess = connect(freshIp(), user.accessToken);
    expect(await outcome(excess)).toBe(TOO_MANY_CONNECTIONS_CLOSE_CODE);
    expect(await refused('per_account')).toBe(before + 1);
    expect(server.services.realtime.count(user.localId)).toBe(2);
    // Another account is not affected.
    const other = await createPractitioner(server);
    expect(await outcome(connect(freshIp(), other.accessToken))).toBe('open');
    await held[0].client.dispose();
    await until(async () => server.services.realtime.count(user.localId) === 1);
    expect(await outcome(connect(freshIp(), user.accessToken))).toBe('open');
  });

  it('refuses connections over the overall cap (1013, try again later), and frees a slot on close', async () => {
    const before = await refused('overall');
    const held = Array.from({ length: 6 }, () => connect(freshIp()));
    for (const h of held) expect(await outcome(h)).toBe('open');
    expect(await outcome(connect(freshIp()))).toBe(SERVER_FULL_CLOSE_CODE);
    expect(await refused('overall')).toBe(before + 1);
    await held[0].client.dispose();
    await until(async () => (await gauge('websocket_connections_active')) === 5);
    expect(await outcome(connect(freshIp()))).toBe('open');
  });
});
