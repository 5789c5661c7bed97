import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { HeaderMap } from '@apollo/server';
import type { ApolloServer, BaseContext } from '@apollo/server';
import finalhandler from 'finalhandler';

/**
 * The GraphQL endpoint over plain `node:http`, beside express.
 *
 * Nearly every request a client sends is a JSON POST to `/graphql`. Express costs about 0.14 ms of CPU on
 * each (its router, the request and response prototypes it swaps in, the SHA-1 ETag `res.send` computes
 * for every body): the directory query's whole budget is about 1.4 ms. So such requests take a lane of their
 * own that runs the same middleware functions, in the same order, without the router: CORS, the JSON body
 * parser, the operation-name check, trusted documents, then Apollo. Anything else (multipart uploads, GET,
 * OPTIONS, other paths, other media types) still goes to express, which mounts the same handlers.
 *
 * The middleware functions used here may rely on node's `req`/`res` only (no express helpers such as
 * `res.status()` or `req.accepts()`): the tests send every JSON request down this lane.
 */

/** A connect-style middleware, as express and `cors`/`body-parser` write them. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Middleware = (req: any, res: any, next: (err?: unknown) => void) => unknown;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type ErrorMiddleware = (err: unknown, req: any, res: any, next: (err?: unknown) => void) => unknown;

/**
 * Apollo's `stringifyResult`: the result as JSON, without the newline Apollo's default appends (`JSON.stringify(v)
 * + '\n'`). That concatenation makes a second string which node then copies whole twice more on its way to the
 * socket (flattened to count its bytes, then again behind the response head). `apolloHandler` adds the newline as
 * it encodes a JSON body into bytes: what goes on the wire is the same.
 */
export function stringifyResult(value: unknown): string {
  return JSON.stringify(value);
}

/** Up to this many UTF-16 units a body is encoded in one pass into room for the longest encoding (3 bytes each). */
const ONE_PASS_MAX_LENGTH = 1 << 20;

const utf8 = new TextEncoder();

/** A JSON body (from `stringifyResult`) as the bytes sent: its UTF-8 encoding and a final newline. */
export function jsonBodyBytes(json: string): Buffer {
  if (json.length <= ONE_PASS_MAX_LENGTH) {
    // One pass over the string (counting its bytes first, then writing them, walks it twice: twice the time for
    // a feed page's two-byte text); the room beyond the bytes written is never sent.
    const room = Buffer.allocUnsafe(json.length * 3 + 1);
    const { read, written } = utf8.encodeInto(json, room);
    if (read === json.length) {
      room[written] = 0x0a;
      return room.subarray(0, written + 1);
    }
  }
  const length = Buffer.byteLength(json, 'utf8');
  const bytes = Buffer.allocUnsafe(length + 1);
  // Never send a byte that was not written (allocUnsafe does not clear memory): the counts agree for any
  // string, this only guards that.
  if (bytes.write(json, 0, length, 'utf8') !== length) return Buffer.from(`${json}\n`, 'utf8');
  bytes[length] = 0x0a;
  return bytes;
}

/** Apollo behind a connect-style middleware (express's or the lane's): `req.body` must have been parsed. */
export function apolloHandler<C extends BaseContext>(
  apollo: ApolloServer<C>,
  context: (req: IncomingMessage, res: ServerResponse) => Promise<C>,
): Middleware {
  return async (req: IncomingMessage & { body?: unknown }, res: ServerResponse) => {
    const headers = new HeaderMap();
    for (const key in req.headers) {
      const value = req.headers[key];
      if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
    }
    const url = req.url ?? '';
    const q = url.indexOf('?');
    const response = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: {
        method: (req.method ?? 'GET').toUpperCase(),
        headers,
        search: q < 0 ? '' : url.slice(q),
        body: req.body,
      },
      context: () => context(req, res),
    });
    for (const [key, value] of response.headers) res.setHeader(key, value);
    res.statusCode = response.status ?? 200;
    if (response.body.kind === 'complete') {
      // JSON bodies come from stringifyResult (above): sent as bytes, with the newline. Apollo's other complete
      // bodies (its landing page's HTML, disabled here) go as they are.
      const type = response.headers.get('content-type');
      res.end(type && type.includes('json') ? jsonBodyBytes(response.body.string) : response.body.string);
      return;
    }
    for await (const chunk of response.body.asyncIterator) res.write(chunk);
    res.end();
  };
}

/**
 * Runs `chain` in order; a middleware that throws, rejects or calls `next(err)` ends the chain with `done(err)`.
 * `done()` without an error means no middleware answered.
 */
export function runChain(
  chain: readonly Middleware[],
  req: IncomingMessage,
  res: ServerResponse,
  done: (err?: unknown) => void,
): void {
  let i = 0;
  const next = (err?: unknown): void => {
    if (err !== undefined && err !== null) return done(err);
    const middleware = chain[i++];
    if (!middleware) return done();
    try {
      const result = middleware(req, res, next) as Promise<unknown> | undefined;
      if (result && typeof result.then === 'function') result.then(undefined, done);
    } catch (e) {
      done(e);
    }
  };
  next();
}

/** Whether a request takes the lane: a POST to exactly `path` (a query string allowed) with a JSON body. */
export function takesLane(req: IncomingMessage, path: string): boolean {
  if (req.method !== 'POST') return false;
  const url = req.url ?? '';
  if (!url.startsWith(path) || (url.length > path.length && url.charCodeAt(path.length) !== 63) /* ? */) {
    return false;
  }
  const type = req.headers['content-type'];
  if (!type || type.length < 16) return false;
  const media = type.slice(0, 16).toLowerCase();
  return media === 'application/json' && (type.length === 16 || type[16] === ';' || type[16] === ' ');
}

export interface GraphQLLane {
  /** The endpoint's path, e.g. `/graphql`. */
  path: string;
  /** Run first, for every request of the lane (timers, loggers): they must call `next()`. */
  observers: readonly Middleware[];
  /** The endpoint's middleware, ending with the one that answers (`apolloHandler`). */
  chain: readonly Middleware[];
  /** Errors of the chain (body parser failures); what it passes on gets express's default answer. */
  onError: ErrorMiddleware;
  /** Where every other request goes: the express app. */
  fallback: RequestListener;
  /** Told of errors no handler answered (as express's final handler reports them). */
  onUnhandled(err: unknown): void;
}

/** The server's request listener: the lane for JSON POSTs to `path`, `fallback` for the rest. */
export function graphqlLane(lane: GraphQLLane): RequestListener {
  const chain = [...lane.observers, ...lane.chain];
  return (req, res) => {
    if (!takesLane(req, lane.path)) return lane.fallback(req, res);
    runChain(chain, req, res, (err) => {
      const last = finalhandler(req, res, { onerror: (e: unknown) => lane.onUnhandled(e) });
      if (err === undefined || err === null) return last(undefined);
      try {
        lane.onError(err, req, res, last);
      } catch (e) {
        last(e);
      }
    });
  };
}
