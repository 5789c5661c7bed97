/** Wraps an async iterable so that `cleanup` runs once when the consumer stops (unsubscribe, socket closed). */
export function onReturn<T>(source: AsyncIterable<T>, cleanup: () => void): AsyncIterableIterator<T> {
  const iterator = source[Symbol.asyncIterator]();
  let done = false;
  const finish = () => {
    if (!done) {
      done = true;
      cleanup();
    }
  };
  return {
    [Symbol.asyncIterator]() {
      return this;
    },
    async next() {
      const result = await iterator.next();
      if (result.done) finish();
      return result;
    },
    async return(value?: unknown) {
      finish();
      return (await iterator.return?.(value)) ?? { done: true, value: value as T };
    },
    async throw(error?: unknown) {
      finish();
      if (iterator.throw) return iterator.throw(error);
      throw error;
    },
  };
}
