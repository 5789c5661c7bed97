import crypto from 'node:crypto';
import pg from 'pg';
import type { Logger } from 'pino';

/** What a request learns about its viewer from the session statement (ContextFactory.viewerAndFactsFor). */
export interface ViewerSnapshot<T> {
  practitionerId: string;
  value: T;
  /** Epoch ms after which the snapshot is not used: its TTL, or the first time-based change it holds. */
  validUntil: number;
}

export interface ViewerSnapshotsOptions {
  /** PostgreSQL URL of the primary (where the triggers' notifications are sent). */
  url: string;
  ttlMs: number;
  maxEntries: number;
  logger: Logger;
  /** The first wait before a lost listener connection is opened again (doubled up to 30 s). */
  reconnectDelayMs?: number;
  /** How long the listener waits for its own probe notification before giving up (PROBE_TIMEOUT_MS). */
  probeTimeoutMs?: number;
}

export const VIEWER_CHANGED_CHANNEL = 'praxis_viewer_changed';

/** The default wait for the listener's own probe notification before giving up (and retrying later). */
const PROBE_TIMEOUT_MS = 5000;

/**
 * The viewer snapshot cache (issue 17): each request used to read its session, its practitioner's role,
 * verification and suspension, and its network scope (memberships, blocks) in one statement before running
 * its operation; a snapshot of that answer is kept here by session, for at most `ttlMs`, so that a request
 * usually runs only its own statements.
 *
 * Kept exact by the database, not by the code paths that write: the triggers of the ViewerChanged migration
 * send `NOTIFY praxis_viewer_changed, '<practitioner id>'` on commit of any write that changes a snapshot, and
 * this cache, LISTENing on a connection of its own, drops that practitioner's snapshots. It fails closed: while
 * the listener is not connected (start-up, a lost connection, until it LISTENs again and has heard a probe
 * notification sent from another connection) nothing is served from it and nothing is stored. A read that a
 * notification overtook is not stored (`begin`/`store`: a generation counter, bumped by every notification).
 * `settle` waits until every notification committed before it was called has been applied: after a mutation,
 * so that the same instance's next request sees what it wrote. Time-based changes (the session's lifetimes,
 * the end of a suspension, "last used" becoming stale) end a snapshot through `validUntil`, which the session
 * statement computes.
 */
export class ViewerSnapshots<T> {
  private readonly entries = new Map<string, ViewerSnapshot<T>>();
  private readonly byPractitioner = new Map<string, Set<string>>();
  private client: pg.Client | null = null;
  private listening = false;
  private generation = 0;
  private stopped = false;
  private retryTimer: NodeJS.Timeout | null = null;
  private retryDelayMs: number;
  /** The latest settle's round trip: a client answers its queries in order, so the earlier ones end first. */
  private settling: Promise<void> | null = null;

  constructor(private readonly options: ViewerSnapshotsOptions) {
    this.retryDelayMs = options.reconnectDelayMs ?? 500;
  }

  /** Opens the listener; resolves once it listens (or, on failure, once a retry is scheduled). */
  async start(): Promise<void> {
    await this.connect();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.close();
    await this.settling?.catch(() => undefined);
  }

  /** Whether snapshots are served (the listener is connected and listening). */
  get active(): boolean {
    return this.listening;
  }

  get size(): number {
    return this.entries.size;
  }

  /** The snapshot of session `sessionId`, if one is held and still valid. */
  get(sessionId: string, now = Date.now()): ViewerSnapshot<T> | undefined {
    if (!this.listening) return undefined;
    const found = this.entries.get(sessionId);
    if (!found) return undefined;
    if (found.validUntil <= now) {
      this.forget(sessionId);
      return undefined;
    }
    return found;
  }

  /** A token to pass to `store` for a read that starts now. */
  begin(): number {
    return this.generation;
  }

  /** Stores a snapshot read since `begin` returned `generation`, unless a change may have overtaken the read. */
  store(generation: number, sessionId: string, snapshot: ViewerSnapshot<T>, now = Date.now()): void {
    if (!this.listening || generation !== this.generation) return;
    const validUntil = Math.min(snapshot.validUntil, now + this.options.ttlMs);
    if (validUntil <= now) return;
    this.forget(sessionId);
    if (this.entries.size >= this.options.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.forget(oldest);
    }
    this.entries.set(sessionId, { ...snapshot, validUntil });
    let sessions = this.byPractitioner.get(snapshot.practitionerId);
    if (!sessions) this.byPractitioner.set(snapshot.practitionerId, (sessions = new Set()));
    sessions.add(sessionId);
  }

  /**
   * Resolves once every notification committed before this call has been applied (a round trip on the
   * listener's connection: PostgreSQL sends a listener its pending notifications before answering). When not
   * listening there is nothing to wait for: nothing is served.
   */
  settle(): Promise<void> {
    const client = this.client;
    if (!this.listening || !client) return Promise.resolve();
    const done = client.query('SELECT 1').then(
      () => undefined,
      () => undefined, // a lost connection clears everything (onLost)
    );
    this.settling = done;
    return done;
  }

  private forget(sessionId: string): void {
    const found = this.entries.get(sessionId);
    if (!found) return;
    this.entries.delete(sessionId);
    const sessions = this.byPractitioner.get(found.practitionerId);
    sessions?.delete(sessionId);
    if (sessions && !sessions.size) this.byPractitioner.delete(found.practitionerId);
  }

  private changed(practitionerId: string): void {
    this.generation++;
    const sessions = this.byPractitioner.get(practitionerId);
    if (!sessions) return;
    for (const sessionId of [...sessions]) this.forget(sessionId);
  }

  private clear(): void {
    this.generation++;
    this.entries.clear();
    this.byPractitioner.clear();
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const client = new pg.Client({
      connectionString: this.options.url,
      application_name: 'praxis-viewer-listener',
      keepAlive: true,
    });
    this.client = client;
    let probe: { payload: string; heard: () => void } | null = null;
    client.on('notification', (msg) => {
      if (msg.channel !== VIEWER_CHANGED_CHANNEL || !msg.payload) return;
      if (probe && msg.payload === probe.payload) probe.heard();
      else this.changed(msg.payload);
    });
    client.on('error', (err) => this.onLost(client, err));
    client.on('end', () => this.onLost(client, null));
    try {
      await client.connect();
      await client.query(`LISTEN ${VIEWER_CHANGED_CHANNEL}`);
      // Proof that notifications from other connections reach this one (a pooler in transaction mode, say,
      // would accept LISTEN and deliver nothing): a probe sent from a second connection must arrive.
      const payload = `probe:${crypto.randomUUID()}`;
      const heard = new Promise<void>((resolve) => (probe = { payload, heard: resolve }));
      const sender = new pg.Client({
        connectionString: this.options.url,
        application_name: 'praxis-viewer-probe',
      });
      try {
        await sender.connect();
        await sender.query('SELECT pg_notify($1, $2)', [VIEWER_CHANGED_CHANNEL, payload]);
      } finally {
        await sender.end().catch(() => undefined);
      }
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error('no notification reached the listener (a pooler in transaction mode?)')),
          this.options.probeTimeoutMs ?? PROBE_TIMEOUT_MS,
        );
      });
      try {
        await Promise.race([heard, timeout]);
      } finally {
        clearTimeout(timer);
        probe = null;
      }
      if (this.client !== client || this.stopped) return;
      this.clear(); // whatever changed while nobody listened
      this.listening = true;
      this.retryDelayMs = this.options.reconnectDelayMs ?? 500;
    } catch (err) {
      this.onLost(client, err as Error);
    }
  }

  private onLost(client: pg.Client, err: Error | null): void {
    if (this.client !== client) return;
    this.client = null;
    this.listening = false;
    this.clear();
    client.end().catch(() => undefined);
    if (this.stopped) return;
    this.options.logger.warn(
      { err: err ?? undefined, retryInMs: this.retryDelayMs },
      'viewer snapshot listener lost: snapshots are off until it listens again',
    );
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      void this.connect();
    }, this.retryDelayMs);
    this.retryTimer.unref();
    this.retryDelayMs = Math.min(this.retryDelayMs * 2, 30_000);
  }

  private close(): void {
    const client = this.client;
    this.client = null;
    this.listening = false;
    this.clear();
    client?.end().catch(() => undefined);
  }
}
