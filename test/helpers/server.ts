import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import { Client } from 'pg';
import { loadConfig, RATE_LIMIT_DEFAULTS } from '../../src/config/config';
import type { Config } from '../../src/config/config';
import { startServer } from '../../src/app/server';
import type { RunningServer } from '../../src/app/server';
import { createLogger } from '../../src/app/logging';
import { createDataSource } from '../../src/db/data-source';
import { runMigrations } from '../../src/db/migrate';
import type { PGlitePool } from '../../src/db/pglite-pool';

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

/**
 * An embedded database with every migration applied, as a data-directory image that a test server starts
 * from: creating an empty PGlite database (initdb in WebAssembly) and migrating it costs 4–6 s per server,
 * loading the image about 1.5 s. The image is made once per set of migrations and PGlite version, kept in
 * the temporary directory for every test worker, and named by a hash of both, so that a changed migration
 * makes a new one. Production never uses it: a server's own database is created and migrated as before.
 */
async function migratedPgliteImage(): Promise<Blob> {
  const root = path.join(__dirname, '..', '..');
  const hash = crypto.createHash('sha256');
  const pglite = path.join(root, 'node_modules', '@electric-sql', 'pglite', 'package.json');
  hash.update(JSON.parse(fs.readFileSync(pglite, 'utf8')).version);
  const dir = path.join(root, 'migrations');
  for (const name of fs.readdirSync(dir).sort())
    hash.update(name).update(fs.readFileSync(path.join(dir, name)));
  const file = path.join(os.tmpdir(), `praxis-pglite-migrated-${hash.digest('hex').slice(0, 16)}.tar`);
  if (fs.existsSync(file)) return new Blob([fs.readFileSync(file)]);
  const database = createDataSource({ kind: 'pglite', dataDir: 'memory://' }, createLogger('silent'));
  await database.dataSource.initialize();
  try {
    await runMigrations(database.dataSource);
    const pool = (database.dataSource.driver as unknown as { master: PGlitePool }).master;
    const image = await pool.dumpDataDir();
    // Written aside and renamed: a worker never reads a half-written image another one is making.
    const partial = `${file}.${process.pid}.${crypto.randomBytes(4).toString('hex')}`;
    fs.writeFileSync(partial, Buffer.from(await image.arrayBuffer()));
    fs.renameSync(partial, file);
    return image;
  } finally {
    await database.dataSource.destroy();
  }
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
  if (config.database.kind === 'pglite' && config.database.dataDir === 'memory://') {
    config.database.image = await migratedPgliteImage();
  }
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
