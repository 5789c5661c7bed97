import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { z } from 'zod';
import proxyaddr from 'proxy-addr';
import { loadTrustedDocuments } from '../common/persisted/manifest';
import type { TrustedDocuments } from '../common/persisted/manifest';

/** Where the project keeps its local state (embedded database, development JWT secret). */
export const DATA_DIR = path.resolve(process.cwd(), '.data');

const booleanString = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'must be true or false' })
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

/** A rate limit written `points/seconds`, e.g. `10/300` = 10 attempts per 5 minutes. */
const rateLimit = z
  .string()
  .regex(/^\d{1,9}\/\d{1,7}$/, 'must be POINTS/SECONDS, e.g. 10/300')
  .transform((v) => {
    const [points, seconds] = v.split('/').map(Number);
    return { points, durationSeconds: seconds };
  })
  .refine((v) => v.points >= 1 && v.durationSeconds >= 1, 'points and seconds must be at least 1');

/** Every rate limit, its variable and its default (docs/operations.md lists the same table). */
export const RATE_LIMIT_DEFAULTS = {
  RATE_LIMIT_LOGIN_PER_ACCOUNT_AND_IP: '10/900',
  RATE_LIMIT_LOGIN_PER_ACCOUNT: '100/3600',
  RATE_LIMIT_LOGIN_PER_IP: '100/900',
  RATE_LIMIT_REGISTER_PER_IP: '10/3600',
  RATE_LIMIT_CONTENT_PER_ACCOUNT: '30/60',
  RATE_LIMIT_CONTENT_PER_IP: '120/60',
  RATE_LIMIT_CONTACT_PER_ACCOUNT: '30/3600',
  RATE_LIMIT_CONTACT_PER_IP: '100/3600',
  RATE_LIMIT_REPORT_PER_ACCOUNT: '20/3600',
  RATE_LIMIT_REPORT_PER_IP: '100/3600',
  // Writes that reach others (issue 18); docs/limits.md lists the mutations of each action.
  RATE_LIMIT_NETWORK_PER_ACCOUNT: '10/3600',
  RATE_LIMIT_NETWORK_PER_IP: '50/3600',
  // Search (issue 15): each search is a full-text query over every type.
  RATE_LIMIT_SEARCH_PER_ACCOUNT: '60/60',
  RATE_LIMIT_SEARCH_PER_IP: '300/60',
  RATE_LIMIT_MEMBERSHIP_PER_ACCOUNT: '100/3600',
  RATE_LIMIT_MEMBERSHIP_PER_IP: '300/3600',
  RATE_LIMIT_REACTION_PER_ACCOUNT: '100/600',
  RATE_LIMIT_REACTION_PER_IP: '500/600',
  RATE_LIMIT_ROLE_PER_ACCOUNT: '30/3600',
  RATE_LIMIT_ROLE_PER_IP: '100/3600',
  RATE_LIMIT_MODERATION_PER_ACCOUNT: '500/3600',
  RATE_LIMIT_MODERATION_PER_IP: '1000/3600',
  // Private calendar feeds (GET /calendar/<token>.ics): calendar apps poll every 15 to 60 minutes.
  RATE_LIMIT_CALENDAR_PER_ACCOUNT: '60/3600',
  RATE_LIMIT_CALENDAR_PER_IP: '600/3600',
  RATE_LIMIT_SESSION_PER_ACCOUNT: '30/3600',
  RATE_LIMIT_SESSION_PER_IP: '100/3600',
  RATE_LIMIT_MAIL_PER_ACCOUNT: '5/3600',
  RATE_LIMIT_MAIL_PER_IP: '30/3600',
  RATE_LIMIT_TOKEN_PER_IP: '30/900',
  RATE_LIMIT_PASSWORD_PER_ACCOUNT: '10/3600',
  RATE_LIMIT_PASSWORD_PER_IP: '50/3600',
  RATE_LIMIT_FACTOR_PER_ACCOUNT: '10/900',
  RATE_LIMIT_FACTOR_PER_IP: '50/900',
  RATE_LIMIT_EXPORT_PER_ACCOUNT: '3/86400',
  RATE_LIMIT_EXPORT_PER_IP: '20/86400',
  RATE_LIMIT_DOWNLOAD_PER_ACCOUNT: '20/3600',
  RATE_LIMIT_DOWNLOAD_PER_IP: '100/3600',
  // Course invitations by e-mail (issue 14): each sends a message to an address outside the community.
  RATE_LIMIT_INVITATION_PER_ACCOUNT: '50/86400',
  RATE_LIMIT_INVITATION_PER_IP: '200/86400',
  // Public checks of certificate codes (verifyCertificate), per client IP: against enumeration.
  RATE_LIMIT_VERIFY_PER_IP: '60/3600',
} as const;

const rateLimitVars = Object.fromEntries(
  // prefault: the default string goes through the parsing like a set value (zod's default would not).
  Object.entries(RATE_LIMIT_DEFAULTS).map(([name, def]) => [name, rateLimit.prefault(def)]),
) as { [K in keyof typeof RATE_LIMIT_DEFAULTS]: z.ZodPrefault<typeof rateLimit> };

const envSchema = z.object({
  ...rateLimitVars,
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL')
    .optional(),
  REDIS_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9:_.-]{1,64}$/, 'must be 1 to 64 letters, digits or : _ . -')
    .default('praxis:'),
  TRUST_PROXY: z.string().default('false'),
  // Persisted operations (issue 12): the APQ cache's lifetime, and trusted-documents mode (off unless set).
  APQ_TTL_SECONDS: z.coerce
    .number()
    .int()
    .min(0)
    .max(365 * 24 * 3600)
    .default(24 * 3600),
  TRUSTED_DOCUMENTS: z.string().optional(),
  // Viewer snapshots (issue 17): how long a session's answer may serve its requests (0 = read on every request).
  VIEWER_CACHE_SECONDS: z.coerce.number().int().min(0).max(300).optional(),
  // Metrics (issue 18): their own listener, off unless METRICS_PORT is set; never on the public port.
  METRICS_PORT: z.coerce
    .number({ message: 'must be a whole number from 0 to 65535' })
    .int('must be a whole number from 0 to 65535')
    .min(0, 'must be a whole number from 0 to 65535')
    .max(65535, 'must be a whole number from 0 to 65535')
    .optional(),
  METRICS_HOST: z.string().min(1).default('127.0.0.1'),
  IDEMPOTENCY_KEY_TTL_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 365)
    .default(24),
  // Outbox (issue 11): the dispatcher of domain events (docs/outbox.md).
  OUTBOX_POLL_INTERVAL_MS: z.coerce.number().int().min(10).max(600_000).default(1000),
  OUTBOX_BATCH_SIZE: z.coerce.number().int().min(1).max(1000).default(100),
  OUTBOX_LEASE_SECONDS: z.coerce.number().int().min(1).max(3600).default(30),
  OUTBOX_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(10),
  OUTBOX_RETRY_BASE_MS: z.coerce.number().int().min(10).max(600_000).default(1000),
  OUTBOX_RETENTION_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 365)
    .default(72),
  /** Honoured only when NODE_ENV=test: committed events are left to the polls (crash and multi-instance tests). */
  OUTBOX_TEST_POLL_ONLY: booleanString.optional(),
  // Search (issue 15): how often each instance indexes the records written since (0: only searches index).
  SEARCH_CATCHUP_INTERVAL_MS: z.coerce.number().int().min(0).max(600_000).default(500),
  // Saved searches (issue 15): at most one message per saved search per this many seconds (the rest batched).
  SAVED_SEARCH_INTERVAL_SECONDS: z.coerce.number().int().min(1).max(86_400).default(3600),
  // E-mail (issue 16): SMTP when SMTP_URL is set, else .eml files in MAIL_DIR (docs/operations.md).
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL')
    .optional(),
  MAIL_FROM: z.string().min(3).max(254).default('Praxis <no-reply@praxis.localhost>'),
  MAIL_DIR: z.string().min(1).default('.data/mail'),
  // Machine translation (issue 15): a LibreTranslate server; off when unset.
  TRANSLATION_URL: z.string().url().optional(),
  TRANSLATION_ALLOW_NETWORK_CONTENT: booleanString.optional(),
  // Uploaded files (issue 14): the disk adapter's directory, and the largest file accepted.
  STORAGE_DIR: z.string().min(1).default('.data/files'),
  // Where the certificate PDF's fonts are found (Noto Sans, Noto Naskh Arabic, Noto Sans CJK), searched recursively.
  PDF_FONT_DIR: z.string().min(1).default('/usr/share/fonts'),
  MAX_UPLOAD_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(1024 * 1024 * 1024)
    .default(25 * 1024 * 1024),
  // Signed upload URLs (issue 14): how long an upload may wait unattached before the sweep removes it.
  UPLOAD_MAX_AGE_SECONDS: z.coerce
    .number()
    .int()
    .min(60)
    .max(30 * 24 * 3600)
    .default(24 * 3600),
  MAIL_LINK_BASE: z
    .string()
    .regex(/^https?:\/\/[^\s]+$/, 'must be an http:// or https:// URL')
    .optional(),
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce
    .number({ message: 'must be a whole number from 0 to 65535' })
    .int('must be a whole number from 0 to 65535')
    .min(0, 'must be a whole number from 0 to 65535')
    .max(65535, 'must be a whole number from 0 to 65535')
    .default(4000),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  DATABASE_POOL_ACQUIRE_TIMEOUT_MS: z.coerce.number().int().min(100).max(120000).default(5000),
  DATABASE_POOL_IDLE_TIMEOUT_MS: z.coerce.number().int().min(1000).max(3_600_000).default(300_000),
  DB_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(0).max(3_600_000).default(30000),
  DATABASE_REPLICA_URLS: z
    .string()
    .regex(
      /^\s*postgres(ql)?:\/\/[^,]+(\s*,\s*postgres(ql)?:\/\/[^,]+)*\s*$/,
      'must be comma-separated postgres:// or postgresql:// URLs',
    )
    .optional(),
  PGLITE_DIR: z.string().min(1).default('.data/pglite'),
  JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().min(5).max(86400).default(900),
  // Sessions (issue 18): an absolute and an idle lifetime; refresh tokens live until the nearer of the two.
  SESSION_MAX_LIFETIME_DAYS: z.coerce.number().int().min(1).max(3650).default(90),
  SESSION_IDLE_TIMEOUT_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  ADMIN_EMAIL: z.string().email('must be an e-mail address').optional(),
  // Two-factor sign-in (issue 16): staff must enrol before anything else; the second step's time to answer.
  REQUIRE_TWO_FACTOR_FOR_STAFF: booleanString.optional(),
  LOGIN_CHALLENGE_TTL_SECONDS: z.coerce.number().int().min(10).max(3600).default(300),
  ADMIN_PASSWORD: z.string().min(12, 'must be at least 12 characters').max(128).optional(),
  SEED_DEMO: booleanString.optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  CORS_ORIGINS: z.string().default(''),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(0).max(600000).default(15000),
  INTROSPECTION: booleanString.optional(),
  // GraphiQL at GET /graphql for browsers (issue 12): on except in production.
  GRAPHIQL: booleanString.optional(),
  MAX_QUERY_DEPTH: z.coerce.number().int().min(1).max(100).default(10),
  MAX_QUERY_COST: z.coerce.number().int().min(1).max(10_000_000).default(30_000),
  MAX_ALIASES: z.coerce.number().int().min(0).max(1000).default(20),
  MAX_DIRECTIVES: z.coerce.number().int().min(0).max(1000).default(20),
  MAX_TOKENS: z.coerce.number().int().min(10).max(1_000_000).default(2000),
  MAX_BODY_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(50 * 1024 * 1024)
    .default(100 * 1024),
  WS_CONNECTION_INIT_TIMEOUT_MS: z.coerce.number().int().min(100).max(60000).default(3000),
  WS_MAX_SUBSCRIPTIONS: z.coerce.number().int().min(1).max(1000).default(20),
  WS_MAX_CONNECTIONS_PER_IP: z.coerce.number().int().min(1).max(1_000_000).default(100),
  WS_MAX_CONNECTIONS_PER_ACCOUNT: z.coerce.number().int().min(1).max(10_000).default(10),
  WS_MAX_CONNECTIONS: z.coerce.number().int().min(1).max(10_000_000).default(10_000),
  WS_MAX_PAYLOAD_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(16 * 1024 * 1024)
    .default(64 * 1024),
});

/** Rules across variables; checked on the raw environment so they are reported together with the rest. */
function crossChecks(env: Record<string, string | undefined>): string[] {
  const problems: string[] = [];
  if (env.NODE_ENV === 'production' && !env.JWT_SECRET)
    problems.push('JWT_SECRET: is required when NODE_ENV=production');
  if (env.REFRESH_TOKEN_TTL_DAYS)
    problems.push(
      'REFRESH_TOKEN_TTL_DAYS: renamed SESSION_IDLE_TIMEOUT_DAYS (a session not refreshed for that long ends)',
    );
  if (Boolean(env.ADMIN_EMAIL) !== Boolean(env.ADMIN_PASSWORD))
    problems.push('ADMIN_PASSWORD: ADMIN_EMAIL and ADMIN_PASSWORD must be set together');
  if (env.VIEWER_CACHE_SECONDS && env.VIEWER_CACHE_SECONDS !== '0' && !env.DATABASE_URL)
    problems.push(
      "VIEWER_CACHE_SECONDS: needs DATABASE_URL (snapshots are kept exact by PostgreSQL's LISTEN/NOTIFY)",
    );
  const trust = trustProxyProblem(env.TRUST_PROXY);
  if (trust) problems.push(`TRUST_PROXY: ${trust}`);
  return problems;
}

export type DatabaseConfig =
  | {
      kind: 'postgres';
      url: string;
      /** Connections per pool (the primary's, and each replica's). */
      poolSize: number;
      /** How long a request waits for a free connection (or a new one) before failing. */
      acquireTimeoutMs: number;
      /**
       * An idle pooled connection is closed after this long. Long, because a connection keeps what it
       * prepared (the hot read statements, planned once per connection): a new one plans them again.
       */
      idleTimeoutMs: number;
      /** PostgreSQL cancels a statement running longer (0 = no limit). */
      statementTimeoutMs: number;
      /** Read replicas: read-only queries outside transactions go to them. */
      replicaUrls: string[];
    }
  | {
      kind: 'pglite';
      dataDir: string /* a directory, or memory:// */;
      /** Start from this data-directory image instead of an empty database (set by code, never by the environment: the tests' migrated template). */
      image?: Blob;
    };

/** The one typed configuration object; nothing else reads process.env. */
export interface Config {
  env: 'development' | 'production' | 'test';
  port: number;
  host: string;
  database: DatabaseConfig;
  jwtSecret: string;
  accessTokenTtlSeconds: number;
  /** A session ends this long after sign-in, however often it is refreshed. */
  sessionMaxLifetimeDays: number;
  /** A session ends when not refreshed for this long (refresh tokens expire then). */
  sessionIdleTimeoutDays: number;
  admin: { email: string; password: string } | null;
  /** Two-factor sign-in: whether moderators and admins must have it, and how long a login challenge lives. */
  twoFactor: { requiredForStaff: boolean; challengeTtlSeconds: number };
  seedDemo: boolean;
  logLevel: string;
  corsOrigins: string[];
  shutdownTimeoutMs: number;
  /** Whether `__schema`/`__type` may be queried (off in production unless INTROSPECTION=true). */
  introspection: boolean;
  /** Whether a browser opening the GraphQL URL gets GraphiQL (off in production unless GRAPHIQL=true). */
  graphiql: boolean;
  limits: LimitsConfig;
  /** Redis for events and rate limits shared by several instances; null = everything in process. */
  redisUrl: string | null;
  /** Prefix of every Redis key and channel (several deployments may share one Redis). */
  redisPrefix: string;
  /**
   * Which hops may set X-Forwarded-For (the client IP for rate limits and connection caps), on HTTP and
   * WebSocket alike: false (none), a number of proxies in front, or their addresses/subnets (proxy-addr).
   */
  trustProxy: false | number | string[];
  /** How long a registered automatic persisted query is kept (0 = until evicted). */
  apqTtlSeconds: number;
  /**
   * How long a viewer snapshot (session, role, verification, suspension, network scope) may serve requests; 0 =
   * each request reads its session (src/app/viewer-snapshots.ts). Default 30 in production with PostgreSQL.
   */
  viewerCacheSeconds: number;
  /** Trusted-documents mode (TRUSTED_DOCUMENTS): the only operations that run; null = any operation runs. */
  trustedDocuments: TrustedDocuments | null;
  /** The listener that serves `GET /metrics`; null = metrics are not served. */
  metrics: { port: number; host: string } | null;
  rateLimits: RateLimitsConfig;
  /** How long idempotency keys are kept (a retry after that creates anew). */
  idempotencyKeyTtlHours: number;
  /** The outbox dispatcher (docs/outbox.md). */
  outbox: OutboxConfig;
  /** Search's background catch-up interval in ms (0: off; searches still index what is left). */
  searchCatchUpIntervalMs: number;
  /** At most one saved-search message per saved search per this many seconds (the matches between batched). */
  savedSearchNotifyIntervalSeconds: number;
  /** Outgoing e-mail (docs/operations.md, "E-mail"). */
  mail: MailConfig;
  /** Uploaded files: where the disk adapter keeps them, and the largest accepted (bytes). */
  storage: { dir: string; maxUploadBytes: number; uploadMaxAgeSeconds: number };
  /** The folder searched (recursively) for the certificate PDF's Noto fonts (`PDF_FONT_DIR`). */
  pdfFontDir: string;
  /** Machine translation: the LibreTranslate server (null: off), and whether network-only content may go to it. */
  translation: { url: string | null; allowNetworkContent: boolean };
}

export interface MailConfig {
  /** SMTP server (nodemailer URL); null = messages are written as .eml files to `dir`. */
  smtpUrl: string | null;
  from: string;
  /** Where .eml files go when there is no SMTP server. */
  dir: string;
  /** What the links in messages start with (a frontend's URL); no trailing slash. */
  linkBase: string;
}

export interface OutboxConfig {
  pollIntervalMs: number;
  batchSize: number;
  leaseSeconds: number;
  maxAttempts: number;
  retryBaseMs: number;
  retentionHours: number;
  /** NODE_ENV=test only (OUTBOX_TEST_POLL_ONLY): the instance does not dispatch what it commits; polls do. */
  pollOnly: boolean;
}

export interface RateLimitRule {
  points: number;
  durationSeconds: number;
}

/** Each limited action has a budget per account (or e-mail for sign-in) and per client IP. */
export interface RateLimitsConfig {
  /**
   * Sign-in (OWASP's authentication cheat sheet): failures in a row per address from one client IP (the main
   * limit, so that one client cannot lock the owner out), failures per address from anywhere (slower and
   * larger: distributed guessing), attempts per client IP (spraying many addresses).
   */
  login: { perAccountAndIp: RateLimitRule; perAccount: RateLimitRule; perIp: RateLimitRule };
  register: { perIp: RateLimitRule };
  content: { perAccount: RateLimitRule; perIp: RateLimitRule };
  contact: { perAccount: RateLimitRule; perIp: RateLimitRule };
  report: { perAccount: RateLimitRule; perIp: RateLimitRule };
  /** Creating and editing networks (working groups; admins' regional lists). */
  network: { perAccount: RateLimitRule; perIp: RateLimitRule };
  /** `search` (a full-text query over every type). */
  search: { perAccount: RateLimitRule; perIp: RateLimitRule };
  /** Invitations, join requests and decisions on others' membership (each may notify someone). */
  membership: { perAccount: RateLimitRule; perIp: RateLimitRule };
  /** Endorsements and follows. */
  reaction: { perAccount: RateLimitRule; perIp: RateLimitRule };
  /** Reads of private calendar feeds: per feed token (the "account") and per client IP. */
  calendar: { perAccount: RateLimitRule; perIp: RateLimitRule };
  /** Network and global role changes (each one is a moderation-log entry). */
  role: { perAccount: RateLimitRule; perIp: RateLimitRule };
  /** Moderators' and admins' decisions and reference edits (notify authors, write the moderation log). */
  moderation: { perAccount: RateLimitRule; perIp: RateLimitRule };
  /** Ending one's sessions (`endSession`, `endOtherSessions`). */
  session: { perAccount: RateLimitRule; perIp: RateLimitRule };
  /** Requests that send a message (password reset per address tried, e-mail change per account). */
  mail: { perAccount: RateLimitRule; perIp: RateLimitRule };
  /** Presenting a token from a message (confirmEmail, resetPassword): guessing them. */
  token: { perIp: RateLimitRule };
  /** `inviteToCourse` (per inviter per day: an e-mail invitation writes to an address outside the community). */
  invitation: { perAccount: RateLimitRule; perIp: RateLimitRule };
  /** Public checks of certificate codes (`verifyCertificate`), per client IP. */
  verify: { perIp: RateLimitRule };
  /** changePassword (each checks the current password). */
  password: { perAccount: RateLimitRule; perIp: RateLimitRule };
  /** Second-factor codes (completeLogin per account of the challenge; enrolment, disabling, new recovery codes). */
  factor: { perAccount: RateLimitRule; perIp: RateLimitRule };
  /** requestDataExport (each builds an archive of the account's data). */
  export: { perAccount: RateLimitRule; perIp: RateLimitRule };
  /** Downloads of export archives (GET /exports/<token>.zip): per token (the "account") and per client IP. */
  download: { perAccount: RateLimitRule; perIp: RateLimitRule };
}

const TRUST_NONE = ['false', '0', 'no', ''];
/** proxy-addr's names for reserved ranges, beside addresses and subnets. */
const TRUST_PRESETS = new Set(['loopback', 'linklocal', 'uniquelocal']);

/**
 * What is wrong with TRUST_PROXY, or null. `true` would trust every hop, so that the leftmost address of
 * X-Forwarded-For, which the client writes, would become its address: refused.
 */
function trustProxyProblem(raw: string | undefined): string | null {
  const value = (raw ?? '').trim().toLowerCase();
  if (TRUST_NONE.includes(value) || /^\d{1,2}$/.test(value)) return null;
  if (['true', 'yes'].includes(value))
    return (
      'must be a hop count (the number of proxies in front, e.g. 1) or the proxies’ addresses/subnets ' +
      '(e.g. loopback,10.0.0.0/8); `true` would let any client choose its address with X-Forwarded-For'
    );
  for (const entry of value.split(',').map((e) => e.trim())) {
    if (TRUST_PRESETS.has(entry)) continue;
    try {
      proxyaddr.compile(entry);
    } catch {
      return `"${entry}" is not an address, a subnet, loopback, linklocal or uniquelocal (or give a hop count)`;
    }
  }
  return null;
}

function parseTrustProxy(raw: string): false | number | string[] {
  const value = raw.trim().toLowerCase();
  if (TRUST_NONE.includes(value)) return false;
  if (/^\d+$/.test(value)) return Number(value); // number of proxy hops
  return value.split(',').map((e) => e.trim()); // addresses/subnets, as proxy-addr takes them
}

/** Bounds on every operation (HTTP and WebSocket) and on the transports. */
export interface LimitsConfig {
  maxDepth: number;
  maxCost: number;
  maxAliases: number;
  maxDirectives: number;
  maxTokens: number;
  maxBodyBytes: number;
  wsConnectionInitTimeoutMs: number;
  wsMaxSubscriptions: number;
  wsMaxPayloadBytes: number;
  /** Open WebSockets per client address, per account and in all, on this instance. */
  wsMaxConnectionsPerIp: number;
  wsMaxConnectionsPerAccount: number;
  wsMaxConnections: number;
}

export class ConfigError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Reads the development JWT secret from .data/, creating it once (never used in production). */
function developmentJwtSecret(dataDir: string): string {
  const file = path.join(dataDir, 'jwt-secret');
  try {
    const existing = fs.readFileSync(file, 'utf8').trim();
    if (existing.length >= 32) return existing;
  } catch {
    /* not there yet */
  }
  fs.mkdirSync(dataDir, { recursive: true });
  const secret = crypto.randomBytes(48).toString('base64url');
  fs.writeFileSync(file, secret + '\n', { mode: 0o600 });
  return secret;
}

/** Builds and validates the configuration; throws ConfigError listing every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, dataDir = DATA_DIR): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(cleaned);
  const problems = [
    ...(parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.') || '(env)'}: ${i.message}`)),
    ...crossChecks(cleaned),
  ];
  let trustedDocuments: TrustedDocuments | null = null;
  if (parsed.success && parsed.data.TRUSTED_DOCUMENTS) {
    try {
      trustedDocuments = loadTrustedDocuments(path.resolve(parsed.data.TRUSTED_DOCUMENTS));
    } catch (err) {
      problems.push(`TRUSTED_DOCUMENTS: ${(err as Error).message}`);
    }
  }
  if (!parsed.success || problems.length) throw new ConfigError(problems);
  const e = parsed.data;
  const database: DatabaseConfig = e.DATABASE_URL
    ? {
        kind: 'postgres',
        url: e.DATABASE_URL,
        poolSize: e.DATABASE_POOL_SIZE,
        acquireTimeoutMs: e.DATABASE_POOL_ACQUIRE_TIMEOUT_MS,
        idleTimeoutMs: e.DATABASE_POOL_IDLE_TIMEOUT_MS,
        statementTimeoutMs: e.DB_STATEMENT_TIMEOUT_MS,
        replicaUrls: (e.DATABASE_REPLICA_URLS ?? '')
          .split(',')
          .map((u) => u.trim())
          .filter(Boolean),
      }
    : {
        kind: 'pglite',
        dataDir: e.PGLITE_DIR.startsWith('memory://') ? e.PGLITE_DIR : path.resolve(e.PGLITE_DIR),
      };
  return {
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    database,
    jwtSecret: e.JWT_SECRET ?? developmentJwtSecret(dataDir),
    accessTokenTtlSeconds: e.ACCESS_TOKEN_TTL_SECONDS,
    sessionMaxLifetimeDays: e.SESSION_MAX_LIFETIME_DAYS,
    sessionIdleTimeoutDays: e.SESSION_IDLE_TIMEOUT_DAYS,
    admin: e.ADMIN_EMAIL && e.ADMIN_PASSWORD ? { email: e.ADMIN_EMAIL, password: e.ADMIN_PASSWORD } : null,
    twoFactor: {
      requiredForStaff: e.REQUIRE_TWO_FACTOR_FOR_STAFF ?? false,
      challengeTtlSeconds: e.LOGIN_CHALLENGE_TTL_SECONDS,
    },
    seedDemo: e.SEED_DEMO ?? database.kind === 'pglite',
    logLevel: e.LOG_LEVEL,
    corsOrigins: e.CORS_ORIGINS.split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    introspection: e.INTROSPECTION ?? e.NODE_ENV !== 'production',
    graphiql: e.GRAPHIQL ?? e.NODE_ENV !== 'production',
    limits: {
      maxDepth: e.MAX_QUERY_DEPTH,
      maxCost: e.MAX_QUERY_COST,
      maxAliases: e.MAX_ALIASES,
      maxDirectives: e.MAX_DIRECTIVES,
      maxTokens: e.MAX_TOKENS,
      maxBodyBytes: e.MAX_BODY_BYTES,
      wsConnectionInitTimeoutMs: e.WS_CONNECTION_INIT_TIMEOUT_MS,
      wsMaxSubscriptions: e.WS_MAX_SUBSCRIPTIONS,
      wsMaxPayloadBytes: e.WS_MAX_PAYLOAD_BYTES,
      wsMaxConnectionsPerIp: e.WS_MAX_CONNECTIONS_PER_IP,
      wsMaxConnectionsPerAccount: e.WS_MAX_CONNECTIONS_PER_ACCOUNT,
      wsMaxConnections: e.WS_MAX_CONNECTIONS,
    },
    redisUrl: e.REDIS_URL ?? null,
    redisPrefix: e.REDIS_PREFIX,
    idempotencyKeyTtlHours: e.IDEMPOTENCY_KEY_TTL_HOURS,
    outbox: {
      pollIntervalMs: e.OUTBOX_POLL_INTERVAL_MS,
      batchSize: e.OUTBOX_BATCH_SIZE,
      leaseSeconds: e.OUTBOX_LEASE_SECONDS,
      maxAttempts: e.OUTBOX_MAX_ATTEMPTS,
      retryBaseMs: e.OUTBOX_RETRY_BASE_MS,
      retentionHours: e.OUTBOX_RETENTION_HOURS,
      pollOnly: e.NODE_ENV === 'test' && e.OUTBOX_TEST_POLL_ONLY === true,
    },
    searchCatchUpIntervalMs: e.SEARCH_CATCHUP_INTERVAL_MS,
    savedSearchNotifyIntervalSeconds: e.SAVED_SEARCH_INTERVAL_SECONDS,
    trustProxy: parseTrustProxy(e.TRUST_PROXY),
    apqTtlSeconds: e.APQ_TTL_SECONDS,
    viewerCacheSeconds: e.VIEWER_CACHE_SECONDS ?? (e.NODE_ENV === 'production' && e.DATABASE_URL ? 30 : 0),
    trustedDocuments,
    metrics: e.METRICS_PORT === undefined ? null : { port: e.METRICS_PORT, host: e.METRICS_HOST },
    rateLimits: {
      login: {
        perAccountAndIp: e.RATE_LIMIT_LOGIN_PER_ACCOUNT_AND_IP,
        perAccount: e.RATE_LIMIT_LOGIN_PER_ACCOUNT,
        perIp: e.RATE_LIMIT_LOGIN_PER_IP,
      },
      register: { perIp: e.RATE_LIMIT_REGISTER_PER_IP },
      content: { perAccount: e.RATE_LIMIT_CONTENT_PER_ACCOUNT, perIp: e.RATE_LIMIT_CONTENT_PER_IP },
      contact: { perAccount: e.RATE_LIMIT_CONTACT_PER_ACCOUNT, perIp: e.RATE_LIMIT_CONTACT_PER_IP },
      report: { perAccount: e.RATE_LIMIT_REPORT_PER_ACCOUNT, perIp: e.RATE_LIMIT_REPORT_PER_IP },
      network: { perAccount: e.RATE_LIMIT_NETWORK_PER_ACCOUNT, perIp: e.RATE_LIMIT_NETWORK_PER_IP },
      search: { perAccount: e.RATE_LIMIT_SEARCH_PER_ACCOUNT, perIp: e.RATE_LIMIT_SEARCH_PER_IP },
      membership: { perAccount: e.RATE_LIMIT_MEMBERSHIP_PER_ACCOUNT, perIp: e.RATE_LIMIT_MEMBERSHIP_PER_IP },
      reaction: { perAccount: e.RATE_LIMIT_REACTION_PER_ACCOUNT, perIp: e.RATE_LIMIT_REACTION_PER_IP },
      role: { perAccount: e.RATE_LIMIT_ROLE_PER_ACCOUNT, perIp: e.RATE_LIMIT_ROLE_PER_IP },
      moderation: { perAccount: e.RATE_LIMIT_MODERATION_PER_ACCOUNT, perIp: e.RATE_LIMIT_MODERATION_PER_IP },
      calendar: {
        perAccount: e.RATE_LIMIT_CALENDAR_PER_ACCOUNT,
        perIp: e.RATE_LIMIT_CALENDAR_PER_IP,
      },
      session: { perAccount: e.RATE_LIMIT_SESSION_PER_ACCOUNT, perIp: e.RATE_LIMIT_SESSION_PER_IP },
      mail: {
        perAccount: e.RATE_LIMIT_MAIL_PER_ACCOUNT,
        perIp: e.RATE_LIMIT_MAIL_PER_IP,
      },
      token: { perIp: e.RATE_LIMIT_TOKEN_PER_IP },
      verify: { perIp: e.RATE_LIMIT_VERIFY_PER_IP },
      invitation: {
        perAccount: e.RATE_LIMIT_INVITATION_PER_ACCOUNT,
        perIp: e.RATE_LIMIT_INVITATION_PER_IP,
      },
      password: {
        perAccount: e.RATE_LIMIT_PASSWORD_PER_ACCOUNT,
        perIp: e.RATE_LIMIT_PASSWORD_PER_IP,
      },
      factor: {
        perAccount: e.RATE_LIMIT_FACTOR_PER_ACCOUNT,
        perIp: e.RATE_LIMIT_FACTOR_PER_IP,
      },
      export: { perAccount: e.RATE_LIMIT_EXPORT_PER_ACCOUNT, perIp: e.RATE_LIMIT_EXPORT_PER_IP },
      download: {
        perAccount: e.RATE_LIMIT_DOWNLOAD_PER_ACCOUNT,
        perIp: e.RATE_LIMIT_DOWNLOAD_PER_IP,
      },
    },
    mail: {
      smtpUrl: e.SMTP_URL ?? null,
      from: e.MAIL_FROM,
      dir: path.resolve(e.MAIL_DIR),
      linkBase: (e.MAIL_LINK_BASE ?? `http://localhost:${e.PORT}`).replace(/\/+$/, ''),
    },
    storage: {
      dir: path.resolve(e.STORAGE_DIR),
      maxUploadBytes: e.MAX_UPLOAD_BYTES,
      uploadMaxAgeSeconds: e.UPLOAD_MAX_AGE_SECONDS,
    },
    pdfFontDir: path.resolve(e.PDF_FONT_DIR),
    translation: {
      url: e.TRANSLATION_URL ? e.TRANSLATION_URL.replace(/\/+$/, '') : null,
      allowNetworkContent: e.TRANSLATION_ALLOW_NETWORK_CONTENT ?? false,
    },
  };
}
