import { pacedValue } from '../../src/common/realtime/paced';

// An event's load handed to its subscribers a batch per turn of the event loop (feed.service.ts): between
// batches, work queued meanwhile (a request's answer) runs.

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('pacedValue', () => {
  it('hands the value to its waiters a batch per turn, and lets other work run between batches', async () => {
    let resolveSource!: (value: string) => void;
    const take = pacedValue(new Promise<string>((r) => (resolveSource = r)), 3);
    const log: string[] = [];
    const waiters = Array.from({ length: 7 }, (_, i) =>
      take().then((value) => {
        log.push(`${i}:${value}`);
      }),
    );
    await turn();
    expect(log).toEqual([]); // nothing before the value
    resolveSource('event');
    // Work queued for the next turn, as an answer arriving from the network would be.
    setImmediate(() => log.push('other work'));
    await Promise.all(waiters);
    expect(log).toEqual([
      '0:event',
      '1:event',
      '2:event',
      'other work',
      '3:event',
      '4:event',
      '5:event',
      '6:event',
    ]);
  });

  it('gives the value at once to callers who come after the waiters were served', async () => {
    const take = pacedValue(Promise.resolve(42), 2);
    expect(await Promise.all([take(), take(), take()])).toEqual([42, 42, 42]);
    expect(await take()).toBe(42);
  });

  it('hands a failure to every waiter, and to later callers, without an unhandled rejection', async () => {
    const take = pacedValue(Promise.reject(new Error('load failed')), 2);
    const outcomes = await Promise.allSettled([take(), take(), take()]);
    expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected', 'rejected']);
    await expect(take()).rejects.toThrow('load failed');
  });
});
