import DataLoader from 'dataloader';

/**
 * A DataLoader that also answers **synchronously** for a key whose value it already holds (loaded, or primed
 * before any load of the key), with `loadNow`. The lean read path: a field that returns a promise makes
 * graphql-js wait for its whole object (`promiseForObject`, a microtask round per object), so a page of 50
 * posts whose author the request already read (an author's own posts, after the author's node) was 50 promises
 * and 50 object waits for one cached record. Keys that are not settled go through the batch as usual.
 */
export class SettledLoader<K, V> extends DataLoader<K, V> {
  private readonly settled: Map<K, V>;
  /** Keys the loader's cache knows (loaded or primed): a prime of one of them changes nothing, as DataLoader's. */
  private readonly known = new Set<K>();

  constructor(batch: (keys: readonly K[]) => Promise<ArrayLike<V | Error>>) {
    const settled = new Map<K, V>();
    super(async (keys) => {
      const values = await batch(keys);
      for (let i = 0; i < keys.length; i++) {
        const value = values[i];
        if (!(value instanceof Error)) settled.set(keys[i], value);
      }
      return values;
    });
    this.settled = settled;
  }

  /** The value when it is settled, else the promise of `load`. */
  loadNow(key: K): V | Promise<V> {
    return this.settled.has(key) ? (this.settled.get(key) as V) : this.load(key);
  }

  override load(key: K): Promise<V> {
    this.known.add(key);
    return super.load(key);
  }

  override prime(key: K, value: V | PromiseLike<V> | Error): this {
    if (!this.known.has(key)) {
      this.known.add(key);
      if (!(value instanceof Error) && !isPromiseLike(value)) this.settled.set(key, value);
    }
    return super.prime(key, value);
  }

  override clear(key: K): this {
    this.known.delete(key);
    this.settled.delete(key);
    return super.clear(key);
  }

  override clearAll(): this {
    this.known.clear();
    this.settled.clear();
    return super.clearAll();
  }
}

function isPromiseLike<V>(value: V | PromiseLike<V>): value is PromiseLike<V> {
  return typeof (value as PromiseLike<V> | null)?.then === 'function';
}
