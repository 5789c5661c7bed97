/**
 * One value awaited by many (an event's audience, awaited by every subscriber's filter), handed to its waiters
 * `batch` at a time, one batch per turn of the event loop. Every waiter resumes on a promise job: handed out at
 * once, a thousand subscribers' deliveries ran back to back for 25–50 ms, and whatever else the instance had
 * to do waited behind them (the publishing request's own answer among it). Between batches, I/O that arrived
 * (answers, other requests, database results) is handled. Callers that come once the waiters are served get
 * the value at once.
 */
export function pacedValue<T>(source: Promise<T>, batch: number): () => Promise<T> {
  type Waiter = { resolve: (value: T) => void; reject: (error: unknown) => void };
  const waiting: Waiter[] = [];
  let outcome: { ok: true; value: T } | { ok: false; error: unknown } | null = null;
  let draining = false;

  const drain = () => {
    const turn = waiting.splice(0, batch);
    for (const w of turn) {
      if (outcome!.ok) w.resolve(outcome!.value);
      else w.reject(outcome!.error);
    }
    if (waiting.length) setImmediate(drain);
    else draining = false;
  };
  const settle = (result: NonNullable<typeof outcome>) => {
    outcome = result;
    draining = true;
    drain(); // the first batch in this turn
  };
  source.then(
    (value) => settle({ ok: true, value }),
    (error: unknown) => settle({ ok: false, error }),
  );

  return () => {
    if (outcome && !draining)
      return outcome.ok ? Promise.resolve(outcome.value) : Promise.reject(outcome.error);
    return new Promise<T>((resolve, reject) => waiting.push({ resolve, reject }));
  };
}
