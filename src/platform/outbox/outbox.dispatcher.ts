import { query, sql } from '../../common/db/sql';
import type { DataSource } from 'typeorm';
import type { Logger } from 'pino';
import type { DomainEvent, EventType } from '../unit-of-work/events';
import type { CommittedEventsSink } from '../unit-of-work/unit-of-work';

/**
 * Something done with events of some types, a batch at a time (in commit order as far as one instance
 * goes). Delivery is at least once: a batch may come again after a crash or a failure, so a consumer is
 * idempotent by event id. One that writes to the database marks the events done for itself in the same
 * statement or transaction as its writes (see `markDone`), so that a second delivery writes nothing; live
 * messages and close orders may simply happen twice.
 */
export interface OutboxConsumer {
  /** Stable name: stored in `outbox_event.consumersDone` once the consumer has handled the event. */
  name: string;
  types: readonly EventType[];
  /**
   * Handles the events of its types (all of the batch, or throws: then they are retried). A consumer that
   * `completes` runs after the others and is given the ids of the batch's events that are done once it
   * succeeds (its own and others'): it may mark them processed in its own statement (see `markDone`) and
   * return those ids, which saves the dispatcher a statement per batch.
   */
  handle(events: DomainEvent[], completing: string[]): Promise<string[] | void> | string[] | void;
  completes?: boolean;
  /**
   * Live messages and close orders, which do not wait on the database: the events an instance commits are
   * handed to its live consumers at once, in commit order, whatever the other consumers are still doing with
   * earlier events (a post's home-timeline fan-out to 10,000 readers takes most of a second). Events found by
   * a poll go to them in the batch, as to the others.
   */
  live?: boolean;
}

/**
 * SQL for a writing consumer's atomic mark: two CTEs. `marked` adds `consumer` to the `consumersDone` of the
 * events `$ids` that do not have it yet (setting `processedAt` for those also in `$complete`) and returns
 * their ids; `completed` sets `processedAt` for the events of `$complete` not in `$ids`. The consumer joins
 * its INSERT to `marked`, so that only events not handled before are written, in the same statement.
 */
export function markDone(consumer: string, idsParam: string, completeParam: string): string {
  const name = `'${consumer.replace(/'/g, "''")}'`;
  return `marked AS (
           UPDATE outbox_event SET "consumersDone" = array_append("consumersDone", ${name}),
                  "processedAt" = CASE WHEN id = ANY(${completeParam}::uuid[]) THEN now() END
            WHERE id = ANY(${idsParam}::uuid[]) AND NOT (${name} = ANY("consumersDone"))
           RETURNING id, "processedAt" IS NOT NULL AS complete
         ), completed AS (
           UPDATE outbox_event SET "processedAt" = now(), "lastError" = NULL
            WHERE id = ANY(${completeParam}::uuid[]) AND NOT (id = ANY(${idsParam}::uuid[])) AND "processedAt" IS NULL
           RETURNING id
         )`;
}

export interface OutboxSettings {
  /** How often pending rows (left by a crashed or slow instance, or due for a retry) are looked for. */
  pollIntervalMs: number;
  batchSize: number;
  /** How long an instance owns the events it committed, or a batch it claimed, before others may take them. */
  leaseSeconds: number;
  /** After this many failed attempts an event is dead: no longer retried, counted in outbox_events_failed_total. */
  maxAttempts: number;
  /** First retry delay; doubles with every attempt (capped at 10 minutes). */
  retryBaseMs: number;
  /** NODE_ENV=test only: committed events are not dispatched by the instance that committed them, only by polls. */
  pollOnly: boolean;
}

interface Pending {
  event: DomainEvent;
  /** Attempts once this one is counted. */
  attempts: number;
  done: Set<string>;
  error?: unknown;
  /** Committed here: its live consumers' run (the live lane), which its batch awaits instead of running them. */
  live?: Promise<void>;
}

interface OutboxRow {
  id: string;
  type: EventType;
  payload: DomainEvent['payload'];
  attempts: number;
  consumersDone: string[];
}

const MAX_BACKOFF_MS = 10 * 60_000;

/**
 * The outbox dispatcher of one instance. Events a unit of work commits here are dispatched at once, in commit
 * order: live consumers in a lane of their own (live messages never wait on the database, nor behind a slow
 * consumer's earlier events), the others batch after batch. Every `pollIntervalMs` it also claims due rows
 * with `FOR UPDATE SKIP LOCKED` (events of an instance that died before dispatching them, retries), so that
 * several instances never take the same row at once. Delivery is at least once; consumers are idempotent by
 * event id.
 */
export class OutboxDispatcher implements CommittedEventsSink {
  private readonly consumers: OutboxConsumer[] = [];
  private local: Pending[] = [];
  /** The live consumers' runs for committed events, chained so that they keep commit order. */
  private liveLane: Promise<void> = Promise.resolve();
  private loop: Promise<void> | null = null;
  private wakeUp: (() => void) | null = null;
  private busy = false;
  private stopping = false;
  private nextPollAt = 0;
  private idleWaiters: Array<() => void> = [];
  /** Events this instance gave up on (dead), for outbox_events_failed_total. */
  deadEvents = 0;
  /** Events this instance dispatched completely (tests, logs). */
  dispatchedEvents = 0;

  constructor(
    private readonly dataSource: DataSource,
    private readonly settings: OutboxSettings,
    private readonly log: Logger,
  ) {}

  get leaseSeconds(): number {
    return this.settings.pollOnly ? 0 : this.settings.leaseSeconds;
  }

  /** Adds a consumer (wiring, before `start`). */
  addConsumer(consumer: OutboxConsumer): void {
    if (this.consumers.some((c) => c.name === consumer.name))
      throw new Error(`Outbox consumer ${consumer.name} registered twice`);
    this.consumers.push(consumer);
  }

  /** From the unit of work, after a commit: dispatch these now (unless only polls dispatch, in tests). */
  committed(events: DomainEvent[]): void {
    if (this.settings.pollOnly) return;
    const pending: Pending[] = events.map((event) => ({ event, attempts: 1, done: new Set() }));
    // On the next turn: the mutation's response is on its way before delivery starts. Live consumers at once
    // (after the live runs of earlier commits), the others when the loop reaches these events.
    const turn = new Promise<void>((resolve) => setImmediate(resolve));
    const live = (this.liveLane = Promise.all([this.liveLane, turn]).then(() => this.runLive(pending)));
    for (const p of pending) {
      p.live = live;
      this.local.push(p);
    }
    setImmediate(() => this.wakeUp?.());
  }

  start(): void {
    this.loop ??= this.run();
  }

  /** Resolves once the events committed on this instance so far have been dispatched (or failed and rescheduled). */
  drain(): Promise<void> {
    if (!this.loop || (!this.local.length && !this.busy)) return Promise.resolve();
    return new Promise((resolve) => {
      this.idleWaiters.push(resolve);
      this.wakeUp?.();
    });
  }

  /** Dispatches what this instance committed, then stops polling. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.wakeUp?.();
    await this.loop;
  }

  /** Pending events (not processed, not dead), for outbox_events_pending. */
  async pendingCount(): Promise<number> {
    const [row] = await query<{ n: number }>(
      this.dataSource,
      sql`SELECT count(*)::int AS n FROM outbox_event WHERE "processedAt" IS NULL AND attempts < ${this.settings.maxAttempts}`,
    );
    return row.n;
  }

  /** Deletes processed events older than `retentionHours`; returns how many. */
  async prune(retentionHours: number): Promise<number> {
    const [row] = await query<{ n: number }>(
      this.dataSource,
      sql`WITH d AS (DELETE FROM outbox_event WHERE "processedAt" < now() - make_interval(hours => ${retentionHours}) RETURNING 1)
       SELECT count(*)::int AS n FROM d`,
    );
    return row.n;
  }

  private async run(): Promise<void> {
    for (;;) {
      if (this.local.length) {
        await this.guard(() => this.dispatch(this.local.splice(0, this.settings.batchSize)));
        continue;
      }
      if (this.stopping) break;
      if (Date.now() >= this.nextPollAt) {
        const claimed = await this.guard(() => this.poll());
        this.nextPollAt = claimed >= this.settings.batchSize ? 0 : Date.now() + this.settings.pollIntervalMs;
        continue;
      }
      for (const resolve of this.idleWaiters.splice(0)) resolve();
      await new Promise<void>((resolve) => {
        // The poll alone does not keep the process alive.
        const timer = setTimeout(wake, Math.max(0, this.nextPollAt - Date.now())).unref();
        function wake() {
          clearTimeout(timer);
          resolve();
        }
        this.wakeUp = wake;
      });
      this.wakeUp = null;
    }
    for (const resolve of this.idleWaiters.splice(0)) resolve();
  }

  private async guard(work: () => Promise<number>): Promise<number> {
    this.busy = true;
    try {
      return await work();
    } catch (err) {
      this.log.error({ err }, 'outbox dispatch failed');
      return 0;
    } finally {
      this.busy = false;
    }
  }

  /** Claims due rows (attempts counted now, so that a crash mid-dispatch counts) and dispatches them. */
  private async poll(): Promise<number> {
    const { batchSize, leaseSeconds, maxAttempts } = this.settings;
    const rows = await query<OutboxRow>(
      this.dataSource,
      sql`WITH due AS (
         SELECT id FROM outbox_event
          WHERE "processedAt" IS NULL AND "availableAt" <= now() AND attempts < ${maxAttempts}
          ORDER BY "availableAt", "createdAt" LIMIT ${batchSize} FOR UPDATE SKIP LOCKED
       ), claimed AS (
         UPDATE outbox_event o SET attempts = o.attempts + 1, "availableAt" = now() + make_interval(secs => ${leaseSeconds})
           FROM due WHERE o.id = due.id
         RETURNING o.id, o.type, o.payload, o.attempts, o."consumersDone", o."createdAt"
       )
       SELECT id, type, payload, attempts, "consumersDone" FROM claimed ORDER BY "createdAt", id`,
    );
    if (rows.length)
      await this.dispatch(
        rows.map((r) => ({
          event: { id: r.id, type: r.type, payload: r.payload } as DomainEvent,
          attempts: r.attempts,
          done: new Set(r.consumersDone),
        })),
      );
    return rows.length;
  }

  /** Runs one consumer on its events of a batch: marks them done for it, or records its error on them. */
  private async handle(c: OutboxConsumer, mine: Pending[], completing: string[]): Promise<string[]> {
    try {
      const completed = await c.handle(
        mine.map((p) => p.event),
        completing,
      );
      for (const p of mine) p.done.add(c.name);
      return completed ?? [];
    } catch (err) {
      for (const p of mine) p.error ??= err;
      return [];
    }
  }

  /** The live lane: the live consumers, in their registration order, on events just committed here. */
  private async runLive(pending: Pending[]): Promise<void> {
    for (const c of this.consumers) {
      if (!c.live) continue;
      const mine = pending.filter((p) => c.types.includes(p.event.type) && !p.done.has(c.name));
      if (mine.length) await this.handle(c, mine, []);
    }
  }

  private async dispatch(batch: Pending[]): Promise<number> {
    // Events committed here had their live consumers run by the live lane (done, or failed: then retried
    // from the table with the others' retry), not again here.
    await Promise.all(new Set(batch.map((p) => p.live)));
    const mineOf = (c: OutboxConsumer) =>
      batch.filter((p) => c.types.includes(p.event.type) && !p.done.has(c.name) && !(c.live && p.live));
    // Consumers in their registration order (for polled events, live messages and close orders first, so that
    // they do not wait on the database), the completing one last.
    const completer = this.consumers.find((c) => c.completes);
    for (const c of this.consumers) {
      const mine = mineOf(c);
      if (c !== completer && mine.length) await this.handle(c, mine, []);
    }
    const completed = new Set<string>();
    const mine = completer ? mineOf(completer) : [];
    if (completer && mine.length) {
      const completing = batch
        .filter(
          (p) =>
            p.error === undefined &&
            this.consumers.every(
              (c) => c === completer || !c.types.includes(p.event.type) || p.done.has(c.name),
            ),
        )
        .map((p) => p.event.id);
      for (const id of await this.handle(completer, mine, completing)) completed.add(id);
    }
    const ok = batch.filter((p) => p.error === undefined);
    const left = ok.filter((p) => !completed.has(p.event.id));
    if (left.length)
      await query(
        this.dataSource,
        sql`UPDATE outbox_event SET "processedAt" = now(), "lastError" = NULL WHERE id = ANY(${left.map((p) => p.event.id)}::uuid[])`,
      );
    this.dispatchedEvents += ok.length;
    for (const p of batch) if (p.error !== undefined) await this.failed(p);
    return batch.length;
  }

  /** Reschedules with backoff, or gives the event up after maxAttempts. */
  private async failed(p: Pending): Promise<void> {
    const dead = p.attempts >= this.settings.maxAttempts;
    const delayMs = Math.min(this.settings.retryBaseMs * 2 ** (p.attempts - 1), MAX_BACKOFF_MS);
    const message = p.error instanceof Error ? p.error.message : String(p.error);
    await query(
      this.dataSource,
      sql`UPDATE outbox_event SET attempts = ${p.attempts}, "lastError" = ${message.slice(0, 2000)},
              "availableAt" = now() + make_interval(secs => ${delayMs}::float8 / 1000),
              "consumersDone" = ARRAY(SELECT DISTINCT unnest("consumersDone" || ${[...p.done]}::text[]))
        WHERE id = ${p.event.id}`,
    );
    if (dead) {
      this.deadEvents++;
      this.log.error(
        { err: p.error, eventId: p.event.id, type: p.event.type, attempts: p.attempts },
        'outbox event failed for good; it will not be retried',
      );
    } else {
      this.log.warn(
        { err: p.error, eventId: p.event.id, type: p.event.type, attempts: p.attempts, retryInMs: delayMs },
        'outbox event failed; it will be retried',
      );
    }
  }
}
