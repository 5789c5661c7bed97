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
  map: (value: T) => U | typeof SKIP | Promise<U | typeof SKIP>,
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

/** A stream operator for `pipe`. */
export type StreamOperator<T> = (source: AsyncIterable<T>) => AsyncIterableIterator<T>;

/**
 * The values of a stream that pass `predicate` (awaited when it returns a promise). Used as
 * `pipe(pubSub.subscribe(topic), filter(...))`, like @graphql-yoga/subscription's `filter`, but pulled by the
 * consumer instead of run by a Repeater of its own per subscriber.
 */
export function filter<T>(predicate: (value: T) => boolean | Promise<boolean>): StreamOperator<T> {
  return (source) =>
    filterMapAsyncIterable(source, (value: T) => {
      const kept = predicate(value);
      return typeof kept === 'boolean' ? (kept ? value : SKIP) : kept.then((k) => (k ? value : SKIP));
    });
}

/** `source` through each operator in turn. */
export function pipe<T>(
  source: AsyncIterable<T>,
  ...operators: StreamOperator<T>[]
): AsyncIterableIterator<T> {
  let stream: AsyncIterable<T> = source;
  for (const operator of operators) stream = operator(stream);
  const iterator = stream[Symbol.asyncIterator]();
  return Symbol.asyncIterator in iterator
    ? (iterator as AsyncIterableIterator<T>)
    : (stream as AsyncIterableIterator<T>);
}
