import { query, sql } from '../../common/db/sql';
import crypto from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import type { DomainEvent, DomainEvents, EventType } from './events';

/** What a write sees inside its unit of work. */
export interface Tx {
  /** The transaction's EntityManager: every read and write of the unit goes through it. */
  readonly manager: EntityManager;
  /**
   * Records a domain event: it is stored in `outbox_event` in this transaction (so it commits or rolls back
   * with the change) and delivered to its consumers after the commit. Returns the event id.
   * With `availableAt` in the future the event is delayed: stored now, delivered by the first instance whose
   * poll finds it due at that time (never dispatched at once by this instance).
   */
  record<K extends EventType>(type: K, payload: DomainEvents[K], options?: RecordOptions): string;
  /** Runs `fn` once the transaction has committed (never if it rolls back); an error in it is logged. */
  afterCommit(fn: () => unknown): void;
}

/** How an event is recorded. */
export interface RecordOptions {
  /** Deliver it at this instant, not before (a delayed event); in the past or absent: at once. */
  availableAt?: Date;
}

/** An event as stored: delayed ones carry their `availableAt` (ISO). */
type Stored = DomainEvent & { availableAt?: string };

/** Where committed events go next (the outbox dispatcher of this instance). */
export interface CommittedEventsSink {
  /** The events of a unit that just committed, stored with this lease: the instance dispatches them itself. */
  committed(events: DomainEvent[]): void;
  /** Seconds during which other instances leave a new event to the instance that committed it (0: none). */
  readonly leaseSeconds: number;
}

/**
 * One object per write transaction: `run` opens a transaction, hands the work a `Tx` (manager, `record`,
 * `afterCommit`), writes the recorded events to the outbox before committing, then runs the after-commit
 * hooks and hands the events to the dispatcher. Services run their writes through it instead of calling each
 * other's callbacks after their transactions.
 */
export class UnitOfWork {
  private sink: CommittedEventsSink | null = null;

  constructor(
    private readonly dataSource: DataSource,
    private readonly onHookError: (err: unknown) => void,
  ) {}

  /** Connects the dispatcher (set once, when the server is wired). */
  deliverTo(sink: CommittedEventsSink): void {
    this.sink = sink;
  }

  async run<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    const events: Stored[] = [];
    const hooks: Array<() => unknown> = [];
    const result = await this.dataSource.transaction(async (manager) => {
      const tx: Tx = {
        manager,
        record: (type, payload, options) => {
          const id = crypto.randomUUID();
          const at = options?.availableAt;
          const delayed = at && at.getTime() > Date.now() ? { availableAt: at.toISOString() } : {};
          events.push({ id, type, payload, ...delayed } as Stored);
          return id;
        },
        afterCommit: (fn) => {
          hooks.push(fn);
        },
      };
      const value = await work(tx);
      if (events.length) await writeOutbox(manager, events, this.sink?.leaseSeconds ?? 0);
      return value;
    });
    // Delayed events are left to the polls (of whichever instance finds them due first).
    const now = events.filter((e) => !e.availableAt).map(({ id, type, payload }) => ({ id, type, payload }));
    if (now.length) this.sink?.committed(now as DomainEvent[]);
    for (const hook of hooks) {
      try {
        await hook();
      } catch (err) {
        this.onHookError(err);
      }
    }
    return result;
  }
}

/**
 * One INSERT for the events of a unit; `availableAt` leaves them to this instance for `leaseSeconds`, or is
 * the delayed event's own time.
 */
async function writeOutbox(manager: EntityManager, events: Stored[], leaseSeconds: number): Promise<void> {
  await query(
    manager,
    sql`INSERT INTO outbox_event (id, type, payload, "availableAt")
     SELECT e.id, e.type, e.payload, COALESCE(e."availableAt", now() + make_interval(secs => ${leaseSeconds}))
       FROM jsonb_to_recordset(${JSON.stringify(events)}::jsonb)
         AS e(id uuid, type text, payload jsonb, "availableAt" timestamptz)`,
  );
}
