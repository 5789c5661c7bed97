import { DataSource } from 'typeorm';
import { PGlitePool, pgliteDriverFor } from '../../src/db/pglite-pool';

describe('PGlitePool (embedded database)', () => {
  let pool: PGlitePool;
  let ds: DataSource;
  beforeAll(async () => {
    pool = new PGlitePool('memory://'); // the default wait (30 s): 20 queued transactions on a loaded machine
    ds = new DataSource({
      type: 'postgres',
      driver: pgliteDriverFor(pool),
      database: 'postgres',
      installExtensions: false,
    });
    await ds.initialize();
    await ds.query('CREATE TABLE counter (n int NOT NULL)');
    await ds.query('INSERT INTO counter VALUES (0)');
  });
  afterAll(() => ds.destroy());

  it('serializes transactions so that read-modify-write never loses an update', async () => {
    await Promise.all(
      Array.from({ length: 20 }, () =>
        pool.runScoped(() =>
          ds.transaction(async (m) => {
            const [{ n }] = await m.query('SELECT n FROM counter');
            await new Promise((r) => setTimeout(r, 1));
            await m.query('UPDATE counter SET n = $1', [n + 1]);
          }),
        ),
      ),
    );
    expect((await ds.query('SELECT n FROM counter'))[0].n).toBe(20);
  });

  it('fails at once, with a clear message, when code asks for a second connection inside a transaction', async () => {
    const attempt = pool.runScoped(() => ds.transaction(async () => ds.query('SELECT 1')));
    await expect(attempt).rejects.toThrow(
      /second connection was requested while this operation already holds one/,
    );
    // The pool is still usable afterwards.
    expect(await ds.query('SELECT 1 AS one')).toEqual([{ one: 1 }]);
  });

  it('reports affected rows for UPDATE and DELETE like pg does', async () => {
    const result = await ds.createQueryBuilder().update('counter').set({ n: 5 }).execute();
    expect(result.affected).toBe(1);
  });
});
