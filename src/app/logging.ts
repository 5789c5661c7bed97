import type { ApolloServerPlugin } from '@apollo/server';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import pino from 'pino';

/**
 * Keys whose values are never logged, at any depth (compared in lower case without `-` and `_`): secrets
 * (passwords, hashes, tokens, authorization headers, connectionParams, cookies), personal data (e-mail
 * addresses, phone numbers), SQL parameters and GraphQL variables (which carry all of those), and
 * PostgreSQL's `detail` ("Failing row contains (…)", "Key (email)=(…)").
 */
const SECRET_KEYS = new Set(
  [
    'password',
    'newPassword',
    'currentPassword',
    'oldPassword',
    'passwordHash',
    'hash',
    'tokenHash',
    'token',
    'accessToken',
    'refreshToken',
    'authorization',
    'cookie',
    'set-cookie',
    'connectionParams',
    'jwtSecret',
    'secret',
    'email',
    'emailNormalized',
    'phone',
    'parameters',
    'params',
    'variables',
    'variableValues',
    'detail',
  ].map(normalizeKey),
);

function normalizeKey(key: string): string {
  return key.toLowerCase().replace(/[-_]/g, '');
}

/** Logged keys are few and repeat (they come from this code): remember the answer for each. */
const secretKeyCache = new Map<string, boolean>();
function isSecretKey(key: string): boolean {
  let secret = secretKeyCache.get(key);
  if (secret === undefined) {
    secret = SECRET_KEYS.has(normalizeKey(key));
    if (secretKeyCache.size < 1000) secretKeyCache.set(key, secret);
  }
  return secret;
}

/** Values that must not appear even inside free text (error messages, stacks): replaced wherever found. */
const SECRET_PATTERNS: [RegExp, string][] = [
  [/\$argon2[a-z]*\$[\w$=,+/.-]*[\w$=+/.-]/g, '[hash]'], // $argon2id$v=19$m=…,t=…,p=…$salt$hash
  [/\beyJ[\w-]+\.[\w-]+\.[\w-]*/g, '[token]'],
  [/\bBearer\s+\S+/gi, 'Bearer [token]'],
  // Not `node_modules/@scope.name/` nor `package@1.2.3`: no slash before the @, a top-level domain of letters.
  [/[\w.!#$%&'*+=?^`{|}~-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b/g, '[email]'],
  [/\+\d[\d\s().-]{4,}\d/g, '[phone]'],
];

/** Every SECRET_PATTERNS match contains one of these. */
const MAY_HOLD_SECRET = /[@$+]|eyJ|bearer/i;

/** The longest string logged, in characters (longer ones are cut, with their length noted). */
export const MAX_LOGGED_STRING = 500;
const MAX_BY_KEY: Record<string, number> = { sql: 2000, stack: 2000, operationName: 100, path: 200 };
const MAX_DEPTH = 5;
const MAX_ENTRIES = 40;

/** Cuts a string to `max` characters (noting how long it was) and blanks what SECRET_PATTERNS find. */
export function boundString(value: string, max = MAX_LOGGED_STRING): string {
  let s = value.length > max ? `${value.slice(0, max)}…[${value.length} chars]` : value;
  if (!MAY_HOLD_SECRET.test(s)) return s; // most strings: one scan instead of five
  for (const [pattern, replacement] of SECRET_PATTERNS) s = s.replace(pattern, replacement);
  return s;
}

/**
 * What an error shows in a log: its type, message, code and stack; for a failed statement its SQL text
 * (placeholders only) and the constraint, table and column. Never the statement's parameters, nor the
 * driver's `detail`.
 */
interface DriverFields {
  code?: unknown;
  constraint?: unknown;
  table?: unknown;
  column?: unknown;
}

function errorForLog(e: Error, depth: number): Record<string, unknown> {
  const x = e as Error &
    DriverFields & {
      query?: unknown;
      extensions?: { code?: unknown };
      driverError?: DriverFields;
      originalError?: unknown;
      cause?: unknown;
    };
  const driver: DriverFields | undefined = x.driverError ?? (x.code !== undefined ? x : undefined);
  const out: Record<string, unknown> = {
    type: e.constructor?.name ?? 'Error',
    message: e.message,
    code: driver?.code ?? x.extensions?.code,
    constraint: driver?.constraint,
    table: driver?.table,
    column: driver?.column,
    sql: typeof x.query === 'string' ? x.query : undefined,
    stack: depth === 0 ? e.stack : undefined,
  };
  const cause = x.originalError ?? x.cause;
  if (depth === 0 && cause instanceof Error && cause !== e) out.cause = errorForLog(cause, depth + 1);
  for (const k of Object.keys(out)) if (out[k] === undefined) delete out[k];
  return out;
}

/** A copy of a log object with secrets removed and every string, array and object bounded. */
export function sanitizeForLog(value: unknown, key = '', depth = 0): unknown {
  if (typeof value === 'string') return boundString(value, MAX_BY_KEY[key]);
  if (value === null || typeof value !== 'object') return value;
  if (depth >= MAX_DEPTH) return '[object]';
  if (value instanceof Error) return sanitizeForLog(errorForLog(value, 0), key, depth);
  if (value instanceof Date) return value;
  if (Array.isArray(value)) {
    const items = value.slice(0, MAX_ENTRIES).map((v) => sanitizeForLog(v, key, depth + 1));
    if (value.length > MAX_ENTRIES) items.push(`…[${value.length} items]`);
    return items;
  }
  const out: Record<string, unknown> = {};
  let n = 0;
  for (const [k, v] of Object.entries(value)) {
    if (++n > MAX_ENTRIES) {
      out['…'] = 'more keys';
      break;
    }
    out[k.length > 100 ? boundString(k, 100) : k] = isSecretKey(k)
      ? '[redacted]'
      : sanitizeForLog(v, k, depth + 1);
  }
  return out;
}

/**
 * The server's logger: JSON lines (pino) to stdout, or to `destination` (tests capture it). Every object
 * logged goes through sanitizeForLog (docs/limits.md, "Logs").
 */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'praxis' },
      formatters: { log: (object) => sanitizeForLog(object) as Record<string, unknown> },
      // Errors are already turned into plain objects above; pino's own serializer would add every property.
      serializers: { err: (err: unknown) => err },
      hooks: {
        // Messages are written by this code, but bound them too (a message built from an error, say).
        logMethod(args, method) {
          const bounded = args.map((a: unknown) => (typeof a === 'string' ? boundString(a) : a));
          return method.apply(this, bounded as Parameters<typeof method>);
        },
      },
    },
    destination,
  );
}

interface RequestLogState {
  operationName?: string | null;
  outcome?: string;
  errorCodes?: string[];
}

/** What operationOutcomePlugin found, for requestLogger's line (by response: express's or the lane's). */
const requestStates = new WeakMap<ServerResponse, RequestLogState>();

/** One structured log line per HTTP request, with the GraphQL operation and its outcome when there is one. */
export function requestLogger(logger: Logger) {
  return (req: IncomingMessage & { originalUrl?: string }, res: ServerResponse, next: () => void): void => {
    const started = process.hrtime.bigint();
    const path = (req.originalUrl ?? req.url ?? '').split('?')[0];
    logger.debug({ method: req.method, path }, 'request received');
    res.on('finish', () => {
      const state = requestStates.get(res);
      const durationMs = Number(process.hrtime.bigint() - started) / 1e6;
      logger.info(
        {
          method: req.method,
          path,
          status: res.statusCode,
          durationMs: Math.round(durationMs * 10) / 10,
          operationName: state?.operationName ?? undefined,
          outcome: state?.outcome ?? (res.statusCode < 400 ? 'ok' : 'error'),
          errorCodes: state?.errorCodes?.length ? state.errorCodes : undefined,
        },
        'request',
      );
    });
    next();
  };
}

/** Records the operation name and outcome where requestLogger finds them. */
export const operationOutcomePlugin: ApolloServerPlugin<{ res?: ServerResponse }> = {
  async requestDidStart() {
    return {
      async willSendResponse({ contextValue, operation, errors, response }) {
        const res = (contextValue as { res?: ServerResponse } | undefined)?.res;
        const single = response.body.kind === 'single' ? response.body.singleResult : undefined;
        const all = [...(errors ?? []), ...(single?.errors ?? [])];
        const codes = [...new Set(all.map((e) => String(e.extensions?.code ?? 'UNKNOWN')))];
        const state: RequestLogState = {
          // The name of the operation that was resolved in the document, not the one the client claimed.
          operationName: operation?.name?.value ?? null,
          outcome: codes.length ? 'error' : 'ok',
          errorCodes: codes,
        };
        if (res) requestStates.set(res, state);
      },
    };
  },
};
