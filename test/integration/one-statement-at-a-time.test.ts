import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { together } from '../../src/common/db/sql';
import { allowingQueuedStatements } from '../helpers/one-statement-at-a-time';

// The test guard (test/helpers/one-statement-at-a-time.ts) and `together` on a real PostgreSQL connection: a
// statement sent while the connection runs another throws; reads through `together` in a transaction run in
// turn and pass. Needs PostgreSQL (TEST_DATABASE_URL, or TEST_DATABASE_URL_PG, which `.ci/run` exports for
// both runs); the embedded database does not use node-postgres.
const pgBase = process.env.TEST_DATABASE_URL ?? process.env.TEST_DATABASE_URL_PG;
if (!pgBase)
  console.warn('one-statement-at-a-time.test.ts SKIPPED: set TEST_DATABASE_URL (or TEST_DATABASE_URL_PG).');
const describeIf = pgBase ? describe : describe.skip;

describeIf('one statement at a time on a PostgreSQL connection', () => {
  let client: Client;
  let dataSource: DataSource;
  beforeAll(async () => {
    client = new Client({ connectionString: pgBase });
    await client.connect();
    dataSource = await new DataSource({ type: 'postgres', url: pgBase, poolSize: 2 }).initialize();
  });
  afterAll(async () => {
    await client.end();
    await dataSource.destroy();
  });

  it('fails a statement sent while the connection runs another, and lets the first one finish', async () => {
    const first = client.query('SELECT pg_sleep(0.05) AS slept');
    expect(() => client.query('SELECT 1')).toThrow(/still running another/);
    await expect(first).resolves.toMatchObject({ rowCount: 1 });
    await expect(client.query('SELECT 2 AS n')).resolves.toMatchObject({ rows: [{ n: 2 }] });
  });

  it('lets them queue inside allowingQueuedStatements (TypeORM’s own schema reads)', async () => {
    const rows = await allowingQueuedStatements(() =>
      Promise.all([client.query('SELECT pg_sleep(0.02)'), client.query('SELECT 3 AS n')]),
    );
    expect(rows[1].rows).toEqual([{ n: 3 }]);
  });

  it('together: reads on a transaction’s manager run in turn', async () => {
    const [slept, three] = await dataSource.transaction((m) =>
      together(
        m,
        () => m.query('SELECT pg_sleep(0.02) AS slept') as Promise<unknown[]>,
        () => m.query('SELECT 3 AS n') as Promise<Array<{ n: number }>>,
      ),
    );
    expect(slept).toHaveLength(1);
    expect(three).toEqual([{ n: 3 }]);
  });

  it('Promise.all on a transaction’s manager is caught', async () => {
    // A pool of its own: the refused statements leave its connection mid-transaction, which is then closed.
    const own = await new DataSource({ type: 'postgres', url: pgBase, poolSize: 1 }).initialize();
    try {
      await expect(
        own.transaction((m) => Promise.all([m.query('SELECT pg_sleep(0.02)'), m.query('SELECT 3')])),
      ).rejects.toThrow(/still running another/);
    } finally {
      await new Promise((resolve) => setTimeout(resolve, 50)); // the sleeping statement done
      await own.destroy();
    }
  });

  it('together: on the DataSource (a pool) each read takes its own connection', async () => {
    const pids = await together(
      dataSource,
      () =>
        dataSource.query('SELECT pg_backend_pid() AS pid, pg_sleep(0.2)') as Promise<Array<{ pid: number }>>,
      () =>
        dataSource.query('SELECT pg_backend_pid() AS pid, pg_sleep(0.2)') as Promise<Array<{ pid: number }>>,
    );
    expect(pids[0][0].pid).not.toBe(pids[1][0].pid);
  });
});
