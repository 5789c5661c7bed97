/** Returned by a `filterMapAsyncIterable` map function to leave a value out. */
export const SKIP: unique symbol = Symbol('skip');

export function isAsyncIterable<T>(value: unknown): value is AsyncIterable<T> {
  return typeof (value as AsyncIterable<T> | null)?.[Symbol.asyncIterator] === 'function';
}

/**
 * `source` with each value mapped by `map`, leaving out the values mapped to SKIP; returning or throwing
 * stops `source` too (so that a subscription's cleanup runs).
 */
export function filterMapAsyncIterable<T, U>(
  source: AsyncIterable<T>,
  map: (value: T) => Promise<U | typeof SKIP>,
): AsyncIterableIterator<U> {
  const iterator = source[Symbol.asyncIterator]();
  return {
    [Symbol.asyncIterator]() {
      return this;
    },
    async next() {
      for (;;) {
        const result = await iterator.next();
        if (result.done) return { done: true, value: undefined };
        const mapped = await map(result.value);
        if (mapped !== SKIP) return { done: false, value: mapped };
      }
    },
    async return() {
      await iterator.return?.();
      return { done: true, value: undefined };
    },
    async throw(error: unknown) {
      await iterator.return?.();
      throw error;
    },
  };
}
