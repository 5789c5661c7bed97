import type { DataSource } from 'typeorm';
import { pacedValue } from '../../src/common/realtime/paced';
import { FeedService } from '../../src/modules/feed/feed.service';

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

describe('FeedService: a published post handed to its subscribers a batch at a time', () => {
  it('lets a subscriber whose filter passed read the event at once, not behind the later batches', async () => {
    const feed = new FeedService({} as DataSource);
    const event = { post: { id: 'p' }, author: null, networkIds: [], audience: new Set(['v']) };
    jest
      .spyOn(feed as unknown as { loadEvent: () => Promise<unknown> }, 'loadEvent')
      .mockResolvedValue(event);
    const order: string[] = [];
    // 250 subscribers' filters; the first one's resolver (the shared execution) reads the event right after.
    const filters = Array.from({ length: 250 }, (_, i) =>
      feed.publishedEvent('e1', 'p').then(async (loaded) => {
        expect(loaded).toBe(event);
        order.push(`filter ${i}`);
        if (i === 0) {
          expect(await feed.loadedEvent('e1', 'p')).toBe(event);
          order.push('resolver');
        }
      }),
    );
    await Promise.all(filters);
    expect(order.indexOf('resolver')).toBeGreaterThan(order.indexOf('filter 0'));
    expect(order.indexOf('resolver')).toBeLessThan(order.indexOf('filter 100')); // within the first batch
    // Later filters of the same event (a subscriber woken late) get it at once.
    expect(await feed.publishedEvent('e1', 'p')).toBe(event);
  });
});
