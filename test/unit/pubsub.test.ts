import { createAppPubSub, MAX_PENDING_EVENTS } from '../../src/common/pubsub/pubsub';
import { filter, pipe } from '../../src/common/pubsub/async-iterables';

const event = (n: number) => ({ commentId: `c${n}`, postId: 'p' });

describe('the in-process event bus', () => {
  it('hands every subscriber of a topic the same payload object, in order, and nothing of other topics', async () => {
    const bus = createAppPubSub();
    const a = bus.subscribe('COMMENT_ADDED');
    const b = bus.subscribe('COMMENT_ADDED');
    const other = bus.subscribe('POST_PUBLISHED');
    const first = event(1);
    bus.publish('COMMENT_ADDED', first);
    bus.publish('COMMENT_ADDED', event(2));
    const [a1, b1] = await Promise.all([a.next(), b.next()]);
    expect(a1.value).toBe(first);
    expect(b1.value).toBe(first); // the same object: shared executions key on it
    expect((await a.next()).value).toEqual(event(2));
    // A consumer waiting on an empty queue gets the next event as soon as it is published.
    const pending = a.next();
    bus.publish('COMMENT_ADDED', event(3));
    expect((await pending).value).toEqual(event(3));
    expect((await b.next()).value).toEqual(event(2)); // queued before
    expect((await b.next()).value).toEqual(event(3));
    let otherGot = false;
    void other.next().then(() => (otherGot = true));
    await new Promise((r) => setImmediate(r));
    expect(otherGot).toBe(false);
    await Promise.all([a.return!(), b.return!(), other.return!()]);
  });

  it('ends a subscription on return: a waiting next is done, later events are not queued', async () => {
    const bus = createAppPubSub();
    const s = bus.subscribe('COMMENT_ADDED');
    const waiting = s.next();
    await s.return!();
    expect(await waiting).toEqual({ value: undefined, done: true });
    bus.publish('COMMENT_ADDED', event(1));
    expect(await s.next()).toEqual({ value: undefined, done: true });
    // A new subscriber of the same topic after the last one left still receives events.
    const again = bus.subscribe('COMMENT_ADDED');
    bus.publish('COMMENT_ADDED', event(2));
    expect((await again.next()).value).toEqual(event(2));
    await again.return!();
  });

  it('fails a subscriber that lets more than MAX_PENDING_EVENTS wait, without touching the others', async () => {
    const bus = createAppPubSub();
    const slow = bus.subscribe('COMMENT_ADDED');
    const fast = bus.subscribe('COMMENT_ADDED');
    let fastGot = 0;
    const draining = (async () => {
      for await (const _ of fast) if (++fastGot === MAX_PENDING_EVENTS + 5) break;
    })();
    for (let i = 0; i < MAX_PENDING_EVENTS + 5; i++) {
      bus.publish('COMMENT_ADDED', event(i));
      await Promise.resolve();
    }
    await draining;
    expect(fastGot).toBe(MAX_PENDING_EVENTS + 5);
    // The slow one: the events it had, then the error, then done.
    let slowGot = 0;
    await expect(
      (async () => {
        for await (const _ of slow) slowGot++;
      })(),
    ).rejects.toThrow(/More than 1024 events/);
    expect(slowGot).toBe(MAX_PENDING_EVENTS);
  });

  it('filters through pipe with sync and async predicates, and return ends the source', async () => {
    const bus = createAppPubSub();
    const source = bus.subscribe('COMMENT_ADDED');
    const stream = pipe(
      source,
      filter((e: { commentId: string }) => e.commentId !== 'c1'),
      filter(async (e: { commentId: string }) => e.commentId !== 'c2'),
    );
    for (let i = 1; i <= 4; i++) bus.publish('COMMENT_ADDED', event(i));
    expect((await stream.next()).value).toEqual(event(3));
    expect((await stream.next()).value).toEqual(event(4));
    await stream.return!();
    expect(await source.next()).toEqual({ value: undefined, done: true });
  });
});
