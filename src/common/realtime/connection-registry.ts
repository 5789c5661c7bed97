import type { Logger } from 'pino';
import type { RedisConnections } from '../redis/redis';

/** The part of a ws socket the registry needs. */
export interface RegisteredSocket {
  close(code: number, reason: string): void;
  once(event: 'close', listener: () => void): unknown;
}

/**
 * Close codes the server uses for authenticated sockets. graphql-ws clients give up after 4401 (Unauthorized:
 * refresh or sign in again) and retry after 4403 and 4412 (a reconnect is authenticated afresh).
 */
export const SESSION_ENDED_CLOSE_CODE = 4401;
export const ACCOUNT_BLOCKED_CLOSE_CODE = 4403;
/**
 * The practitioner's role or verification changed: what the connection's operations may do has changed, so
 * it ends; a reconnect (with the same token) is served with the current role and verification.
 */
export const ACCESS_CHANGED_CLOSE_CODE = 4412;

type CloseOrder =
  | { kind: 'session'; id: string; code: number; reason: string }
  | { kind: 'practitioner'; id: string; code: number; reason: string };

/**
 * The authenticated WebSockets of this instance, by practitioner and session, so that logout (one session),
 * suspension and a change of role or verification (every session of a practitioner) can close them. With Redis, a close order is broadcast
 * so that every instance closes its own sockets.
 */
export class ConnectionRegistry {
  private readonly byPractitioner = new Map<string, Set<{ socket: RegisteredSocket; sessionId: string }>>();
  private readonly channel: string | null;

  constructor(
    private readonly redis: RedisConnections | null = null,
    private readonly log?: Logger,
  ) {
    this.channel = redis ? `${redis.prefix}realtime:close` : null;
    if (redis && this.channel) {
      const channel = this.channel;
      void redis.subscriber.subscribe(channel);
      redis.subscriber.on('message', (ch: string, message: string) => {
        if (ch !== channel) return;
        try {
          this.closeLocal(JSON.parse(message) as CloseOrder);
        } catch (err) {
          this.log?.warn({ err }, 'bad realtime close order');
        }
      });
    }
  }

  /** Tracks an authenticated socket until it closes. */
  register(socket: RegisteredSocket, practitionerId: string, sessionId: string): void {
    let entries = this.byPractitioner.get(practitionerId);
    if (!entries) this.byPractitioner.set(practitionerId, (entries = new Set()));
    const entry = { socket, sessionId };
    entries.add(entry);
    socket.once('close', () => {
      entries.delete(entry);
      if (!entries.size && this.byPractitioner.get(practitionerId) === entries)
        this.byPractitioner.delete(practitionerId);
    });
  }

  /** Closes the sockets of one session (logout, refresh-token reuse), on every instance. */
  closeSession(practitionerId: string, sessionId: string, reason = 'Session ended'): Promise<void> {
    return this.dispatch({
      kind: 'session',
      id: `${practitionerId}:${sessionId}`,
      code: SESSION_ENDED_CLOSE_CODE,
      reason,
    });
  }

  /**
   * Closes every socket of a practitioner (suspension, deletion), on every instance. Call it after the
   * change is committed, so that a reconnect is refused.
   */
  closeConnectionsOf(practitionerId: string, reason = 'Account no longer allowed'): Promise<void> {
    return this.dispatch({
      kind: 'practitioner',
      id: practitionerId,
      code: ACCOUNT_BLOCKED_CLOSE_CODE,
      reason,
    });
  }

  /**
   * Closes every socket of a practitioner whose role or verification changed (4412), on every instance.
   * Call it after the change is committed.
   */
  closeOnAccessChange(practitionerId: string, reason = 'Role or verification changed'): Promise<void> {
    return this.dispatch({
      kind: 'practitioner',
      id: practitionerId,
      code: ACCESS_CHANGED_CLOSE_CODE,
      reason,
    });
  }

  /** How many sockets this instance tracks for a practitioner (tests, metrics). */
  count(practitionerId: string): number {
    return this.byPractitioner.get(practitionerId)?.size ?? 0;
  }

  private async dispatch(order: CloseOrder): Promise<void> {
    this.closeLocal(order); // at once here; the other instances hear it through Redis
    if (this.redis && this.channel) {
      try {
        await this.redis.commands.publish(this.channel, JSON.stringify(order));
      } catch (err) {
        this.log?.error({ err }, 'could not broadcast a realtime close order');
      }
    }
  }

  private closeLocal(order: CloseOrder): void {
    const [practitionerId, sessionId] =
      order.kind === 'session' ? (order.id.split(':') as [string, string]) : [order.id, null];
    for (const entry of [...(this.byPractitioner.get(practitionerId) ?? [])]) {
      if (sessionId === null || entry.sessionId === sessionId) entry.socket.close(order.code, order.reason);
    }
  }
}
