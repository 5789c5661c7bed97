import { startTestServer } from '../helpers/server';
import type { TestServer } from '../helpers/server';
import { allowingQueuedStatements } from '../helpers/one-statement-at-a-time';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.stop());

describe('migrations', () => {
  it('leave nothing for the schema builder to do: entities and migrations agree', async () => {
    const sql = await allowingQueuedStatements(() =>
      server.database.dataSource.driver.createSchemaBuilder().log(),
    );
    expect(sql.upQueries.map((q) => q.query)).toEqual([]);
  });

  it('are all applied, and revert and re-apply cleanly', async () => {
    const ds = server.database.dataSource;
    expect(await ds.showMigrations()).toBe(false);
    const count = ds.migrations.length;
    for (let i = 0; i < count; i++) await ds.undoLastMigration({ transaction: 'each' });
    const tables: { n: number }[] = await ds.query(
      `SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> 'typeorm_migrations'`,
    );
    expect(tables[0].n).toBe(0);
    await ds.runMigrations({ transaction: 'each' });
    expect(await ds.showMigrations()).toBe(false);
    const sql = await allowingQueuedStatements(() => ds.driver.createSchemaBuilder().log());
    expect(sql.upQueries).toEqual([]);
  });
});
