import os from 'node:os';
import fs from 'node:fs';
import path from 'node:path';
import { ConfigError, loadConfig } from '../../src/config/config';

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'praxis-config-'));

describe('loadConfig', () => {
  it('gives a bare machine working defaults: embedded database, port 4000, demo seed on', () => {
    const dir = tmp();
    const config = loadConfig({}, dir);
    expect(config.port).toBe(4000);
    expect(config.database).toEqual({ kind: 'pglite', dataDir: path.resolve('.data/pglite') });
    expect(config.seedDemo).toBe(true);
    expect(config.logLevel).toBe('info');
    expect(config.corsOrigins).toEqual([]);
    expect(config.admin).toBeNull();
    // The development JWT secret is generated once and kept.
    expect(config.jwtSecret.length).toBeGreaterThanOrEqual(32);
    expect(loadConfig({}, dir).jwtSecret).toBe(config.jwtSecret);
    expect(fs.statSync(path.join(dir, 'jwt-secret')).mode & 0o777).toBe(0o600);
  });

  it('uses PostgreSQL when DATABASE_URL is set, with the demo seed off by default', () => {
    const config = loadConfig(
      { DATABASE_URL: 'postgres://u:p@db:5432/praxis', JWT_SECRET: 'x'.repeat(32) },
      tmp(),
    );
    expect(config.database).toEqual({
      kind: 'postgres',
      url: 'postgres://u:p@db:5432/praxis',
      poolSize: 10,
      acquireTimeoutMs: 5000,
      idleTimeoutMs: 300000,
      statementTimeoutMs: 30000,
      replicaUrls: [],
    });
    expect(config.seedDemo).toBe(false);
  });

  it('keeps idle database connections (and what they prepared) for DATABASE_POOL_IDLE_TIMEOUT_MS', () => {
    const env = { DATABASE_URL: 'postgres://u:p@db:5432/praxis', JWT_SECRET: 'x'.repeat(32) };
    const database = loadConfig({ ...env, DATABASE_POOL_IDLE_TIMEOUT_MS: '60000' }, tmp()).database;
    expect(database.kind === 'postgres' && database.idleTimeoutMs).toBe(60000);
    expect(() => loadConfig({ ...env, DATABASE_POOL_IDLE_TIMEOUT_MS: '10' }, tmp())).toThrow(
      /DATABASE_POOL_IDLE_TIMEOUT_MS/,
    );
  });

  it('parses lists, booleans and the in-memory embedded database', () => {
    const config = loadConfig(
      { CORS_ORIGINS: 'https://a.example, https://b.example', SEED_DEMO: 'no', PGLITE_DIR: 'memory://' },
      tmp(),
    );
    expect(config.corsOrigins).toEqual(['https://a.example', 'https://b.example']);
    expect(config.seedDemo).toBe(false);
    expect(config.database).toEqual({ kind: 'pglite', dataDir: 'memory://' });
  });

  it('reports every bad variable at once, by name', () => {
    let error: ConfigError | undefined;
    try {
      loadConfig(
        {
          PORT: '99999',
          DATABASE_URL: 'mysql://x',
          LOG_LEVEL: 'loud',
          SEED_DEMO: 'maybe',
          NODE_ENV: 'production',
          ADMIN_EMAIL: 'a@b.example',
        },
        tmp(),
      );
    } catch (err) {
      error = err as ConfigError;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const text = error!.problems.join('\n');
    for (const name of ['PORT', 'DATABASE_URL', 'LOG_LEVEL', 'SEED_DEMO', 'JWT_SECRET', 'ADMIN_PASSWORD'])
      expect(text).toContain(name);
  });

  it('refuses a short JWT_SECRET and a short ADMIN_PASSWORD', () => {
    expect(() => loadConfig({ JWT_SECRET: 'short' }, tmp())).toThrow(
      /JWT_SECRET: must be at least 32 characters/,
    );
    expect(() => loadConfig({ ADMIN_EMAIL: 'admin@example.org', ADMIN_PASSWORD: 'short' }, tmp())).toThrow(
      /ADMIN_PASSWORD/,
    );
  });

  it('parses rate limits, defaults included, and names a malformed one', () => {
    const config = loadConfig({ RATE_LIMIT_CONTENT_PER_ACCOUNT: '5/10' }, tmp());
    expect(config.rateLimits.content.perAccount).toEqual({ points: 5, durationSeconds: 10 });
    expect(config.rateLimits.login).toEqual({
      perAccountAndIp: { points: 10, durationSeconds: 900 },
      perAccount: { points: 100, durationSeconds: 3600 },
      perIp: { points: 100, durationSeconds: 900 },
    });
    expect(config.rateLimits.network).toEqual({
      perAccount: { points: 10, durationSeconds: 3600 },
      perIp: { points: 50, durationSeconds: 3600 },
    });
    expect(config.rateLimits.role.perAccount).toEqual({ points: 30, durationSeconds: 3600 });
    expect(() => loadConfig({ RATE_LIMIT_LOGIN_PER_IP: 'ten' }, tmp())).toThrow(/RATE_LIMIT_LOGIN_PER_IP/);
    expect(() => loadConfig({ RATE_LIMIT_LOGIN_PER_IP: '0/60' }, tmp())).toThrow(/RATE_LIMIT_LOGIN_PER_IP/);
  });

  it('takes TRUST_PROXY as a hop count or trusted addresses and subnets, and refuses `true`', () => {
    expect(loadConfig({}, tmp()).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: 'false' }, tmp()).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: '2' }, tmp()).trustProxy).toBe(2);
    expect(loadConfig({ TRUST_PROXY: 'loopback, 10.0.0.0/8, fd00::/8' }, tmp()).trustProxy).toEqual([
      'loopback',
      '10.0.0.0/8',
      'fd00::/8',
    ]);
    for (const value of ['true', 'yes', 'TRUE'])
      expect(() => loadConfig({ TRUST_PROXY: value }, tmp())).toThrow(/TRUST_PROXY: .*hop count/);
    for (const value of ['10.0.0.0/99', 'proxy.example', 'loopback,,'])
      expect(() => loadConfig({ TRUST_PROXY: value }, tmp())).toThrow(/TRUST_PROXY/);
  });

  it('serves GraphiQL to browsers except in production, unless GRAPHIQL says otherwise', () => {
    const secret = { JWT_SECRET: 'x'.repeat(32) };
    expect(loadConfig({}, tmp()).graphiql).toBe(true);
    expect(loadConfig({ NODE_ENV: 'test' }, tmp()).graphiql).toBe(true);
    expect(loadConfig({ NODE_ENV: 'production', ...secret }, tmp()).graphiql).toBe(false);
    expect(loadConfig({ NODE_ENV: 'production', GRAPHIQL: 'true', ...secret }, tmp()).graphiql).toBe(true);
    expect(loadConfig({ GRAPHIQL: 'false' }, tmp()).graphiql).toBe(false);
    expect(() => loadConfig({ GRAPHIQL: 'maybe' }, tmp())).toThrow(/GRAPHIQL: must be true or false/);
  });

  it('serves no metrics unless METRICS_PORT is set, and then on loopback by default', () => {
    const off = loadConfig({}, tmp());
    expect(off.metrics).toBeNull();
    expect(loadConfig({ METRICS_PORT: '9464' }, tmp()).metrics).toEqual({ port: 9464, host: '127.0.0.1' });
    expect(loadConfig({ METRICS_PORT: '9464', METRICS_HOST: '0.0.0.0' }, tmp()).metrics).toEqual({
      port: 9464,
      host: '0.0.0.0',
    });
    expect(() => loadConfig({ METRICS_PORT: '70000' }, tmp())).toThrow(/METRICS_PORT/);
  });

  it('gives sessions a 90-day absolute and a 30-day idle lifetime, and names the renamed refresh-token TTL', () => {
    const config = loadConfig({}, tmp());
    expect(config.sessionMaxLifetimeDays).toBe(90);
    expect(config.sessionIdleTimeoutDays).toBe(30);
    const set = loadConfig({ SESSION_MAX_LIFETIME_DAYS: '14', SESSION_IDLE_TIMEOUT_DAYS: '2' }, tmp());
    expect([set.sessionMaxLifetimeDays, set.sessionIdleTimeoutDays]).toEqual([14, 2]);
    expect(() => loadConfig({ SESSION_MAX_LIFETIME_DAYS: '0' }, tmp())).toThrow(/SESSION_MAX_LIFETIME_DAYS/);
    expect(() => loadConfig({ REFRESH_TOKEN_TTL_DAYS: '30' }, tmp())).toThrow(
      /REFRESH_TOKEN_TTL_DAYS: renamed SESSION_IDLE_TIMEOUT_DAYS/,
    );
  });

  it('gives the outbox dispatcher its defaults; OUTBOX_TEST_POLL_ONLY counts only under NODE_ENV=test', () => {
    expect(loadConfig({}, tmp()).outbox).toEqual({
      pollIntervalMs: 1000,
      batchSize: 100,
      leaseSeconds: 30,
      maxAttempts: 10,
      retryBaseMs: 1000,
      retentionHours: 72,
      pollOnly: false,
    });
    expect(loadConfig({ OUTBOX_TEST_POLL_ONLY: 'true' }, tmp()).outbox.pollOnly).toBe(false);
    expect(loadConfig({ OUTBOX_TEST_POLL_ONLY: 'true', NODE_ENV: 'test' }, tmp()).outbox.pollOnly).toBe(true);
    expect(() => loadConfig({ OUTBOX_MAX_ATTEMPTS: '0' }, tmp())).toThrow(/OUTBOX_MAX_ATTEMPTS/);
    expect(() => loadConfig({ OUTBOX_RETENTION_HOURS: 'soon' }, tmp())).toThrow(/OUTBOX_RETENTION_HOURS/);
  });
});
