import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import { Client } from 'pg';
import { loadConfig, RATE_LIMIT_DEFAULTS } from '../../src/config/config';
import type { Config } from '../../src/config/config';
import { startServer } from '../../src/app/server';
import type { RunningServer } from '../../src/app/server';
import { createLogger } from '../../src/app/logging';

export const TEST_JWT_SECRET = 'test-secret-test-secret-test-secret-0123456789';

export interface TestServer extends RunningServer {
  config: Config;
}

/** A fresh, empty PostgreSQL database per test file when TEST_DATABASE_URL is set. */
export async function freshPostgresDatabase(
  baseUrl: string,
): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `praxis_test_${crypto.randomBytes(6).toString('hex')}`;
  const admin = new Client({ connectionString: baseUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new Client({ connectionString: baseUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await c.end();
    },
  };
}

/** Budgets no ordinary test reaches (every test client shares 127.0.0.1); a test of a limit lowers it. */
export const RELAXED_RATE_LIMITS: Record<string, string> = Object.fromEntries(
  Object.keys(RATE_LIMIT_DEFAULTS).map((name) => [name, '1000000/60']),
);

/**
 * Starts the real server on a random port with an empty database: embedded PGlite in memory by default,
 * or a throwaway PostgreSQL database when TEST_DATABASE_URL is set.
 */
export async function startTestServer(
  env: Record<string, string> = {},
  options: { databaseUrl?: string; logs?: { write(line: string): void } } = {},
): Promise<TestServer> {
  const base = process.env.TEST_DATABASE_URL;
  // `databaseUrl`: join an existing database (a second instance) instead of creating one; it is not dropped.
  const pg = options.databaseUrl
    ? { url: options.databaseUrl, drop: async () => undefined }
    : base
      ? await freshPostgresDatabase(base)
      : null;
  const config = loadConfig({
    NODE_ENV: 'test',
    PORT: '0',
    HOST: '127.0.0.1',
    JWT_SECRET: TEST_JWT_SECRET,
    SEED_DEMO: 'false',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    PGLITE_DIR: 'memory://',
    METRICS_PORT: '0', // a random port of its own (the public port does not serve metrics)
    // Each instance dispatches what it commits at once; its background poll (for what others left, and
    // retries) is rare here, so that counts of SQL statements stay exact. Tests of polling lower it.
    OUTBOX_POLL_INTERVAL_MS: '600000',
    SEARCH_CATCHUP_INTERVAL_MS: '0',
    // Messages (no SMTP server in tests unless one sets SMTP_URL) go to a temporary directory, not .data/.
    MAIL_DIR: path.join(os.tmpdir(), 'praxis-test-mail'),
    // Uploaded files too.
    STORAGE_DIR: path.join(os.tmpdir(), 'praxis-test-files'),
    ...RELAXED_RATE_LIMITS,
    ...(pg ? { DATABASE_URL: pg.url } : {}),
    ...env,
  });
  // `logs`: where the server's log lines go (one JSON line per write), for tests that read them.
  const server = await startServer(config, createLogger(config.logLevel, options.logs));
  const stop = server.stop;
  return {
    ...server,
    config,
    async stop() {
      await stop();
      await pg?.drop();
    },
  };
}
