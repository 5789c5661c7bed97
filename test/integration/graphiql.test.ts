import fs from 'node:fs';
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';
import { startTestServer } from '../helpers/server';
import type { TestServer } from '../helpers/server';
import { createPractitioner } from '../helpers/factories';
import type { TestUser } from '../helpers/factories';
import { gql, ok } from '../helpers/graphql';
import { connectWs } from '../helpers/ws';
import type { WsHandle } from '../helpers/ws';

/** Chromium from Debian packages (.ci/run installs it); CHROMIUM_PATH points elsewhere. */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const haveChromium = fs.existsSync(CHROMIUM);
if (!haveChromium && !process.env.CI)
  console.warn(
    `graphiql.test.ts: Chromium not found at ${CHROMIUM}: the browser test is SKIPPED ` +
      '(apt-get install chromium, or set CHROMIUM_PATH; under CI it fails instead).',
  );

const BROWSER_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';
const CSRF = /Cross-Site Request Forgery/;

let server: TestServer;
const sockets: WsHandle[] = [];
/** Every log line of the server (debug level), to check that no token carried by an operation is logged. */
const logLines: string[] = [];
const tokens: string[] = [];
beforeAll(async () => {
  server = await startTestServer({ LOG_LEVEL: 'debug' }, { logs: { write: (line) => logLines.push(line) } });
});
afterAll(async () => {
  await Promise.all(sockets.map((s) => s.client.dispose()));
  await server.stop();
  // Checked last, over every test of the file (the browser's, the sign-ins, the refusals).
  expect(logLines.length).toBeGreaterThan(0);
  for (const token of tokens) expect(logLines.join('\n')).not.toContain(token);
});

async function user(): Promise<TestUser> {
  const u = await createPractitioner(server);
  tokens.push(u.accessToken);
  return u;
}

const get = (url: string, headers: Record<string, string> = {}) => fetch(url, { headers });

describe('GET /graphql from a browser (GRAPHIQL on: the default outside production)', () => {
  it('serves GraphiQL once rendered, compressed, with a strict CSP, revalidated by ETag', async () => {
    const res = await get(server.url, { accept: BROWSER_ACCEPT, 'accept-encoding': 'br, gzip' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.headers.get('content-encoding')).toBe('br'); // fetch decodes it
    expect(res.headers.get('cache-control')).toBe('no-cache');
    expect(res.headers.get('vary')).toMatch(/Accept\b.*Accept-Encoding/);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toMatch(/default-src 'none'/);
    expect(csp).toMatch(/script-src 'sha256-[A-Za-z0-9+/=]+'(;|$)/); // its one inline script, nothing else
    expect(csp).toContain(`connect-src 'self' ws://${new URL(server.url).host} wss://`);
    expect(csp).toMatch(/frame-ancestors 'none'/);
    const html = await res.text();
    expect(html).toContain('<title>Praxis GraphiQL</title>');
    expect(html.length).toBeGreaterThan(1_000_000);
    // The same page in gzip, and uncompressed.
    const gz = await fetch(server.url, { headers: { accept: BROWSER_ACCEPT, 'accept-encoding': 'gzip' } });
    expect(gz.headers.get('content-encoding')).toBe('gzip');
    expect((await gz.text()).length).toBe(html.length);
    // Revalidation: the same ETag is 304 with no body.
    const etag = res.headers.get('etag') ?? '';
    expect(etag).toMatch(/^"[\w-]+"$/);
    const again = await get(server.url, {
      accept: BROWSER_ACCEPT,
      'if-none-match': etag,
      'cache-control': 'max-age=0', // else fetch adds no-cache, which asks for the page anew
    });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    // GraphiQL keeps the query in the URL: reloading it serves the page too.
    const reload = await get(`${server.url}?query=${encodeURIComponent('{ me { id } }')}`, {
      accept: BROWSER_ACCEPT,
    });
    expect(reload.status).toBe(200);
    expect(reload.headers.get('content-type')).toMatch(/^text\/html/);
  });

  it('leaves every other request as it was: POST, GET with a query, and a GET that asks for JSON', async () => {
    expect(ok(await gql(server, '{ country(code: "NE") { code } }'))).toEqual({ country: { code: 'NE' } });
    const json = await get(server.url, { accept: 'application/json' });
    expect(json.status).toBe(400);
    expect(json.headers.get('content-type')).toMatch(/^application\/json/);
    expect(JSON.stringify(await json.json())).toMatch(CSRF); // Apollo's CSRF prevention, as before
    const anything = await get(
      `${server.url}?query=${encodeURIComponent('{ country(code: "NE") { code } }')}`,
      {
        'apollo-require-preflight': 'true',
      },
    );
    expect(await anything.json()).toEqual({ data: { country: { code: 'NE' } } });
  });
});

describe('GET /graphql from a browser with GRAPHIQL off (the production default)', () => {
  let production: TestServer;
  beforeAll(async () => {
    production = await startTestServer({ NODE_ENV: 'production' });
  });
  afterAll(() => production.stop());

  it('answers a short text, no CSRF error, no stack trace; POST and JSON GETs as before', async () => {
    expect(production.config.graphiql).toBe(false);
    const res = await get(production.url, { accept: BROWSER_ACCEPT });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(res.headers.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'none'");
    const text = await res.text();
    expect(text).toContain('GraphiQL');
    expect(text).toContain('not served');
    expect(text).not.toMatch(CSRF);
    expect(text).not.toMatch(/\bat .*\.js:\d+/); // no stack frames
    expect(text.length).toBeLessThan(600);
    expect(ok(await gql(production, '{ country(code: "NE") { code } }'))).toEqual({
      country: { code: 'NE' },
    });
    const json = await get(production.url, { accept: 'application/json' });
    expect(json.status).toBe(400);
    expect(JSON.stringify(await json.json())).toMatch(CSRF);
  });
});

/** GraphiQL sends the headers editor's Authorization in each subscribe message's `extensions.headers`. */
describe('WebSocket sign-in by the first operation (GraphiQL’s form)', () => {
  const subscribeOnce = (ws: WsHandle, extensions?: Record<string, unknown>) =>
    new Promise<{ data?: unknown; errors?: { message: string; extensions?: { code?: string } }[] }>(
      (resolve) => {
        ws.client.subscribe(
          { query: 'subscription { notificationReceived { type actor { id } } }', extensions },
          {
            next: (v) => resolve(v as { data?: unknown }),
            error: (err) => resolve({ errors: Array.isArray(err) ? err : [{ message: String(err) }] }),
            complete: () => resolve({ errors: [{ message: 'completed' }] }),
          },
        );
      },
    );

  it('an anonymous socket is signed in by the headers of its first operation', async () => {
    const [viewer, other] = await Promise.all([user(), user()]);
    const ws = connectWs(server, null);
    sockets.push(ws);
    await ws.connected;
    const event = subscribeOnce(ws, { headers: { Authorization: `Bearer ${viewer.accessToken}` } });
    await waitFor(() => count(viewer) === 1); // signed in by the operation
    ok(
      await gql(
        server,
        'mutation($id: ID!) { requestContact(input: { practitionerId: $id }) { __typename } }',
        { id: viewer.id },
        { token: other.accessToken },
      ),
    );
    expect(await event).toEqual({
      data: { notificationReceived: { type: 'CONTACT_REQUEST', actor: { id: other.id } } },
    });
  });

  it('refuses another token on a signed-in socket, and a bad one (closing the socket with 4401)', async () => {
    const [a, b] = await Promise.all([user(), user()]);
    const signedIn = connectWs(server, a.accessToken);
    sockets.push(signedIn);
    await signedIn.connected;
    const other = await subscribeOnce(signedIn, { headers: { authorization: `Bearer ${b.accessToken}` } });
    expect(other.errors?.map((e) => e.extensions?.code)).toEqual(['BAD_USER_INPUT']);
    expect(other.errors?.[0].message).toMatch(/another access token/);

    const anonymous = connectWs(server, null);
    sockets.push(anonymous);
    await anonymous.connected;
    const bad = await subscribeOnce(anonymous, { headers: { Authorization: 'Bearer not-a-token' } });
    expect(bad.errors?.map((e) => e.extensions?.code)).toEqual(['UNAUTHENTICATED']);
    expect(await anonymous.closed).toBe(4401);

    // Without headers, an anonymous socket stays anonymous.
    const plain = connectWs(server, null);
    sockets.push(plain);
    await plain.connected;
    const denied = await subscribeOnce(plain);
    expect(denied.errors?.map((e) => e.extensions?.code)).toEqual(['UNAUTHENTICATED']);
  });
});

function count(user: TestUser): number {
  return server.services.realtime.count(user.localId);
}

async function waitFor(
  condition: () => boolean | Promise<boolean>,
  ms = 10_000,
  explain: () => Promise<string> | string = () => '',
): Promise<void> {
  const until = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > until) throw new Error(`timed out ${await explain()}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

const describeBrowser = haveChromium ? describe : process.env.CI ? describe : describe.skip;

describeBrowser('GraphiQL in headless Chromium', () => {
  let browser: Browser;
  let page: Page;
  const foreign: string[] = [];
  const cspViolations: string[] = [];
  const wsFrames: string[] = [];

  beforeAll(async () => {
    if (!haveChromium) throw new Error(`Chromium not found at ${CHROMIUM} (CI is set): install chromium`);
    browser = await chromium.launch({ executablePath: CHROMIUM });
    const context = await browser.newContext();
    const origin = new URL(server.url).origin;
    // Every request must go to the test server; anything else is recorded and aborted.
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (new URL(url).origin === origin) return route.continue();
      foreign.push(url);
      return route.abort();
    });
    page = await context.newPage();
    page.on('console', (m) => {
      if (/Content[- ]Security[- ]Policy/i.test(m.text())) cspViolations.push(m.text());
    });
    page.on('websocket', (ws) => {
      if (new URL(ws.url()).host !== new URL(server.url).host) foreign.push(ws.url());
      ws.on('framesent', (f) => wsFrames.push(String(f.payload)));
    });
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('signs in through the headers editor, runs a query and receives a subscription event', async () => {
    const [viewer, other] = await Promise.all([user(), user()]);
    await page.goto(server.url);
    const queryEditor = page.locator('.graphiql-query-editor .monaco-editor').first();
    await queryEditor.waitFor({ timeout: 30_000 });

    // The explorer is there: its sidebar button opens the GraphiQL Explorer panel with the schema's fields.
    await page.locator('.graphiql-sidebar button[aria-label="Show GraphiQL Explorer"]').click();
    await page.getByText('GraphiQL Explorer').first().waitFor();
    await page.locator('.graphiql-explorer-root .graphiql-explorer-practitioners').first().waitFor();

    // The headers editor: the "Headers" tab under the query editor.
    await page.getByRole('button', { name: /^headers$/i }).click();
    const headersEditor = page.locator('.graphiql-editor-tool .monaco-editor').last();
    await replaceText(page, headersEditor, JSON.stringify({ Authorization: `Bearer ${viewer.accessToken}` }));

    await replaceText(page, queryEditor, 'query Viewer { me { id } }');
    await run(page, 'Viewer');
    const result = page.locator('.graphiql-response');
    const shown = async () => {
      if (process.env.GRAPHIQL_SCREENSHOT) await page.screenshot({ path: process.env.GRAPHIQL_SCREENSHOT });
      return JSON.stringify({ result: await text(result), foreign, cspViolations, wsFrames });
    };
    await waitFor(async () => (await text(result)).includes(viewer.id), 20_000, shown);
    expect(await text(result)).toContain(`{"data":{"me":{"id":"${viewer.id}"}}}`);

    await replaceText(page, queryEditor, 'subscription Live { notificationReceived { type actor { id } } }');
    await run(page, 'Live');
    await waitFor(() => count(viewer) === 1, 10_000, shown); // the socket was signed in by the operation
    ok(
      await gql(
        server,
        'mutation($id: ID!) { requestContact(input: { practitionerId: $id }) { __typename } }',
        { id: viewer.id },
        { token: other.accessToken },
      ),
    );
    await waitFor(async () => (await text(result)).includes('CONTACT_REQUEST'), 20_000, shown);
    expect(await text(result)).toContain(
      `{"data":{"notificationReceived":{"type":"CONTACT_REQUEST","actor":{"id":"${other.id}"}}}}`,
    );

    // What GraphiQL sent: no token in connection_init, the header in the operation's extensions.
    const init = wsFrames.map((f) => JSON.parse(f)).find((m) => m.type === 'connection_init');
    expect(JSON.stringify(init)).not.toContain(viewer.accessToken);
    const subscribe = wsFrames.map((f) => JSON.parse(f)).find((m) => m.type === 'subscribe');
    expect(subscribe.payload.extensions.headers).toEqual({ Authorization: `Bearer ${viewer.accessToken}` });

    expect(foreign).toEqual([]);
    expect(cspViolations).toEqual([]);
  });
});

/** Runs the operation once GraphiQL has taken in its name (the tab is named after it; it lags the text). */
async function run(page: Page, operationName: string): Promise<void> {
  await page.locator('.graphiql-tab', { hasText: operationName }).first().waitFor();
  await page.locator('.graphiql-execute-button').click();
}

/** The text the result pane shows, without white space (Monaco wraps long lines). */
async function text(locator: ReturnType<Page['locator']>): Promise<string> {
  return ((await locator.innerText()) ?? '').replace(/[\s\u00a0]+/g, '');
}

/** Replaces a Monaco editor's text as a user would: focus, select all, type (inserted without auto-closing). */
async function replaceText(page: Page, editor: ReturnType<Page['locator']>, value: string): Promise<void> {
  await editor.click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(value);
}
