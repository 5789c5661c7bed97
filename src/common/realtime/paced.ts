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

/** Subscribers whose deliveries of an event run in one turn of the event loop (about 2.5–3.5 ms a batch). */
export const DELIVERY_BATCH = 100;

/**
 * What an instance loads once per live event for all its subscribers (the record, the audience), kept briefly
 * (30 s) by event id. Subscribers' filters wait for it in line, DELIVERY_BATCH per turn of the event loop
 * (`inLine`); whoever already passed a filter, as a subscription's resolver (which a shared execution runs for
 * the first subscriber of a batch), or needs only the load to be done, takes it at once (`now`): in line, the
 * resolver would hold every delivery back until the last batch.
 */
export class EventLoads<T> {
  private readonly entries = new Map<string, { load: Promise<T>; paced: () => Promise<T> }>();

  /** `load(recordId)`: what the event needs, read once per event on this instance. */
  constructor(private readonly load: (recordId: string) => Promise<T>) {}

  private entry(eventId: string, recordId: string) {
    let entry = this.entries.get(eventId);
    if (!entry) {
      const loading = this.load(recordId);
      entry = { load: loading, paced: pacedValue(loading, DELIVERY_BATCH) };
      this.entries.set(eventId, entry);
      setTimeout(() => this.entries.delete(eventId), 30_000).unref();
    }
    return entry;
  }

  /** For a subscriber's filter: the event's load, a batch of filters per turn of the event loop. */
  inLine(eventId: string, recordId: string): Promise<T> {
    return this.entry(eventId, recordId).paced();
  }

  /** The event's load at once (a resolver after its filter passed; a caller waiting for the load itself). */
  now(eventId: string, recordId: string): Promise<T> {
    return this.entry(eventId, recordId).load;
  }
}
