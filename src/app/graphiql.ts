import crypto from 'node:crypto';
import zlib from 'node:zlib';
import { promisify } from 'node:util';
import type { Request, Response, NextFunction, RequestHandler } from 'express';
import type { Logger } from 'pino';

/**
 * GraphiQL at `GET /graphql` for browsers (GRAPHIQL): one self-contained page from
 * `@graphql-yoga/render-graphiql` (GraphiQL with the explorer and the headers editor, its CSS, scripts and
 * Monaco's workers inline), so that nothing is fetched from another host. The page is rendered once, on
 * the first browser visit (it is ~9 MB; nothing is loaded while nobody asks for it), with its compressed
 * forms made once each.
 */

/** What GraphiQL shows first: how to sign in (the headers editor) and a query to run. */
const DEFAULT_QUERY = `# Praxis GraphQL API: write queries, mutations and subscriptions here (Ctrl-Enter runs).
#
# To sign in, run the login mutation below, then open the "Headers" tab at the bottom and write
#   {"Authorization": "Bearer <accessToken>"}
# Queries and mutations send it over HTTP; subscriptions (graphql-ws, on this URL) sign their WebSocket in
# with it. The headers are not saved in the browser: paste the token again after a reload.
#
# mutation SignIn {
#   login(input: { email: "you@example.org", password: "…" }) { accessToken expiresAt }
# }

query Me {
  me {
    id
    displayName
    verification
    role
  }
}
`;

/** A GET that prefers HTML to JSON: a browser opening the URL (a GraphQL client asks for JSON, or anything). */
export function isBrowserNavigation(req: Request): boolean {
  return (
    req.method === 'GET' &&
    req.accepts(['application/graphql-response+json', 'application/json', 'text/html']) === 'text/html'
  );
}

interface Page {
  body: Buffer;
  etag: string;
  /** The CSP source of the one inline script (its SHA-256), so that no other script may run. */
  scriptSource: string;
  encoded: Map<string, Promise<Buffer>>;
}

let page: Page | null = null;

function renderPage(): Page {
  // Loaded here, not at the top: ~9 MB of JavaScript that a server that never serves the page need not load.
  const { renderGraphiQL } =
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require('@graphql-yoga/render-graphiql') as typeof import('@graphql-yoga/render-graphiql');
  const html = renderGraphiQL({
    title: 'Praxis GraphiQL',
    endpoint: '/graphql',
    subscriptionsProtocol: 'WS',
    defaultQuery: DEFAULT_QUERY,
    // Access tokens are not kept in localStorage.
    shouldPersistHeaders: false,
  });
  const open = html.indexOf('<script>');
  const close = html.indexOf('</script>');
  if (open < 0 || close < open || html.indexOf('</script>', close + 1) >= 0)
    throw new Error('GraphiQL page: expected exactly one inline script');
  const script = html.slice(open + '<script>'.length, close);
  const body = Buffer.from(html);
  return {
    body,
    etag: `"${crypto.createHash('sha256').update(body).digest('base64url').slice(0, 32)}"`,
    scriptSource: `'sha256-${crypto.createHash('sha256').update(script).digest('base64')}'`,
    encoded: new Map(),
  };
}

const gzip = promisify(zlib.gzip);
const brotli = promisify(zlib.brotliCompress);

/** The page compressed (br or gzip), made once in the thread pool on first use. */
function encodedBody(p: Page, encoding: 'br' | 'gzip'): Promise<Buffer> {
  let body = p.encoded.get(encoding);
  if (!body) {
    body =
      encoding === 'br'
        ? brotli(p.body, {
            params: {
              [zlib.constants.BROTLI_PARAM_QUALITY]: 5, // ~0.5 s once; 9 MB → ~1.9 MB
              [zlib.constants.BROTLI_PARAM_SIZE_HINT]: p.body.length,
            },
          })
        : gzip(p.body);
    p.encoded.set(encoding, body);
    body.catch(() => p.encoded.delete(encoding));
  }
  return body;
}

/** A `Host` header fit to be written into a CSP source (a name or address and a port, nothing else). */
const SAFE_HOST = /^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/;

/**
 * As tight as GraphiQL allows: its one inline script (by hash), inline styles (Monaco and React set style
 * attributes), Monaco's workers from blob: URLs, the favicon and fonts as data: URLs, and requests to this
 * origin only (HTTP, and the WebSocket of subscriptions). No frames, no forms, no plugins, no <base>.
 */
function contentSecurityPolicy(req: Request, scriptSource: string): string {
  const host = req.headers.host;
  const ws = host && SAFE_HOST.test(host) ? ` ws://${host} wss://${host}` : '';
  return [
    "default-src 'none'",
    `script-src ${scriptSource}`,
    "style-src 'unsafe-inline'",
    'img-src data:',
    'font-src data:',
    'worker-src blob:',
    `connect-src 'self'${ws}`,
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** What a browser gets when GraphiQL is off: a short text, never an error page. */
const DISABLED_TEXT = `Praxis GraphQL API

This URL answers GraphQL requests: POST with a JSON body (or GET with ?query= for queries, with a
Content-Type: application/json or Apollo-Require-Preflight header), and graphql-ws subscriptions over a
WebSocket. The in-browser IDE (GraphiQL) is not served by this server.
`;

/**
 * Answers browser visits to the GraphQL path (see isBrowserNavigation): the GraphiQL page when `enabled`,
 * a short text otherwise. Every other request goes on to the GraphQL server unchanged.
 */
export function graphiqlHandler(enabled: boolean, logger: Logger): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    if (!isBrowserNavigation(req)) return next();
    res.vary('Accept');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    if (!enabled) {
      res.setHeader('Content-Security-Policy', "default-src 'none'; frame-ancestors 'none'");
      res.setHeader('Cache-Control', 'no-cache');
      res.type('text/plain').send(DISABLED_TEXT);
      return;
    }
    let p: Page;
    try {
      p = page ??= renderPage();
    } catch (err) {
      return failed(res, logger, err);
    }
    res.vary('Accept-Encoding');
    res.setHeader('Content-Security-Policy', contentSecurityPolicy(req, p.scriptSource));
    res.setHeader('Referrer-Policy', 'no-referrer');
    // Revalidated on every visit (a new version of the server serves a new page); unchanged: 304.
    res.setHeader('Cache-Control', 'no-cache');
    res.setHeader('ETag', p.etag);
    res.type('html');
    if (req.fresh) {
      res.status(304).end();
      return;
    }
    const encoding = req.acceptsEncodings('br', 'gzip', 'identity');
    if (encoding !== 'br' && encoding !== 'gzip') {
      res.end(p.body);
      return;
    }
    encodedBody(p, encoding).then(
      (body) => {
        res.setHeader('Content-Encoding', encoding);
        res.end(body);
      },
      (err: unknown) => failed(res, logger, err),
    );
  };
}

/** A short answer, never express's error page (which shows the stack in development). */
function failed(res: Response, logger: Logger, err: unknown): void {
  logger.error({ err }, 'GraphiQL page failed');
  if (res.headersSent) return void res.destroy();
  res.removeHeader('Content-Encoding');
  res.status(500).type('text/plain').send('GraphiQL could not be served; see the server log.\n');
}

/**
 * The `Authorization` header GraphiQL (and other clients built on graphql-tools' executors) sends with a
 * graphql-ws operation: in the `subscribe` message's `payload.extensions.headers` (any case), since its
 * `connection_init` carries none. Undefined when the operation carries none.
 */
export function operationAuthorization(extensions: unknown): string | undefined {
  const headers = (extensions as { headers?: unknown } | null | undefined)?.headers;
  if (!headers || typeof headers !== 'object' || Array.isArray(headers)) return undefined;
  for (const [name, value] of Object.entries(headers))
    if (name.toLowerCase() === 'authorization' && typeof value === 'string' && value.trim()) return value;
  return undefined;
}
