import { freshPostgresDatabase, startTestServer } from '../helpers/server';
import type { TestServer } from '../helpers/server';
import { gql, ok } from '../helpers/graphql';
import { createPractitioner } from '../helpers/factories';
import { loadConfig } from '../../src/config/config';

// DATABASE_REPLICA_URLS with the primary given as its own replica: reads go through the replica pool.
const pgBase = process.env.TEST_DATABASE_URL;
if (!pgBase) console.warn('replicas.test.ts: the PostgreSQL part is SKIPPED (set TEST_DATABASE_URL).');

describe('DATABASE_REPLICA_URLS configuration', () => {
  it('accepts comma-separated postgres URLs and refuses anything else', () => {
    const base = { JWT_SECRET: 'x'.repeat(32), DATABASE_URL: 'postgres://db/app' };
    const config = loadConfig(
      { ...base, DATABASE_REPLICA_URLS: 'postgres://r1/app, postgresql://r2/app' },
      '/tmp',
    );
    expect(config.database).toMatchObject({
      kind: 'postgres',
      replicaUrls: ['postgres://r1/app', 'postgresql://r2/app'],
    });
    expect(() => loadConfig({ ...base, DATABASE_REPLICA_URLS: 'mysql://r1/app' }, '/tmp')).toThrow(
      /DATABASE_REPLICA_URLS/,
    );
  });
});

(pgBase ? describe : describe.skip)('reads through a replica', () => {
  let server: TestServer;
  let db: { url: string; drop: () => Promise<void> };
  beforeAll(async () => {
    db = await freshPostgresDatabase(pgBase!);
    server = await startTestServer({ DATABASE_REPLICA_URLS: db.url }, { databaseUrl: db.url });
  });
  afterAll(async () => {
    await server?.stop();
    await db?.drop();
  });

  it('serves reads and writes, the reads from the replica pool', async () => {
    const user = await createPractitioner(server, { displayName: 'Replica Reader' });
    const driver = server.database.dataSource.driver as unknown as {
      master: { totalCount: number };
      slaves: { totalCount: number }[];
    };
    expect(driver.slaves).toHaveLength(1);
    const res = ok(
      await gql(
        server,
        `{ practitioners(first: 5) { edges { node { id displayName } } } }`,
        {},
        { token: user.accessToken },
      ),
    );
    expect(res.practitioners.edges.map((e: { node: { id: string } }) => e.node.id)).toContain(user.id);
    expect(driver.slaves[0].totalCount).toBeGreaterThan(0);
  });
});
