import { onOneConnection, together } from '../../src/common/db/sql';

// `together` (src/common/db/sql.ts): independent reads at once on a pool, one after the other on a unit of
// work's single connection (an EntityManager with a query runner).

/** A read that records when it starts and ends, and finishes when the test says so. */
function reads(log: string[]) {
  const finish = new Map<string, () => void>();
  const read = (name: string) => () =>
    new Promise<string>((resolve) => {
      log.push(`start ${name}`);
      finish.set(name, () => {
        log.push(`end ${name}`);
        resolve(name);
      });
    });
  const turn = () => new Promise<void>((resolve) => setImmediate(resolve));
  return { read, finish, turn };
}

describe('together', () => {
  it('starts every read at once outside a unit of work', async () => {
    const log: string[] = [];
    const { read, finish, turn } = reads(log);
    const pool = { manager: {} }; // a DataSource: no query runner of its own
    const all = together(pool, read('a'), read('b'), read('c'));
    await turn();
    expect(log).toEqual(['start a', 'start b', 'start c']);
    for (const name of ['c', 'a', 'b']) finish.get(name)!();
    expect(await all).toEqual(['a', 'b', 'c']); // in the order asked, whatever the order of completion
  });

  it('runs the reads one after the other, in order, on a unit of work’s connection', async () => {
    const log: string[] = [];
    const { read, finish, turn } = reads(log);
    const manager = { queryRunner: {} }; // the EntityManager of a transaction
    const all = together(manager, read('a'), read('b'));
    await turn();
    expect(log).toEqual(['start a']); // b waits for a
    finish.get('a')!();
    await turn();
    expect(log).toEqual(['start a', 'end a', 'start b']);
    finish.get('b')!();
    expect(await all).toEqual(['a', 'b']);
  });

  it('stops at the first failure on one connection (the next read is not sent)', async () => {
    const started: string[] = [];
    const manager = { queryRunner: {} };
    const failing = together(
      manager,
      () => {
        started.push('a');
        return Promise.reject(new Error('boom'));
      },
      () => {
        started.push('b');
        return Promise.resolve('b');
      },
    );
    await expect(failing).rejects.toThrow('boom');
    expect(started).toEqual(['a']);
  });

  it('tells a unit of work’s manager from a pool', () => {
    expect(onOneConnection({ queryRunner: {} })).toBe(true);
    expect(onOneConnection({ queryRunner: undefined })).toBe(false); // dataSource.manager
    expect(onOneConnection({})).toBe(false);
    expect(onOneConnection(null)).toBe(false);
  });
});
