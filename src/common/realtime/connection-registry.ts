/** The part of a WebSocket the registry needs. */
export interface ClosableSocket {
  close(code?: number, reason?: string): void;
  once(event: 'close', listener: () => void): unknown;
}

/** Close code sent to the sockets of a suspended practitioner (graphql-ws's "Forbidden"). */
export const SUSPENDED_CLOSE_CODE = 4403;

/**
 * The open WebSocket connections of each practitioner on this instance, so that a suspension can end them
 * at once. `closeConnectionsOf` is the one entry point the moderation module uses: with several instances it
 * becomes "publish a disconnect event, each instance closes its own" without touching the callers.
 */
export class ConnectionRegistry {
  private readonly sockets = new Map<string, Set<ClosableSocket>>();

  add(practitionerId: string, socket: ClosableSocket): void {
    let set = this.sockets.get(practitionerId);
    if (!set) this.sockets.set(practitionerId, (set = new Set()));
    set.add(socket);
    socket.once('close', () => {
      set.delete(socket);
      if (!set.size && this.sockets.get(practitionerId) === set) this.sockets.delete(practitionerId);
    });
  }

  /** Closes every open connection of a practitioner on this instance; returns how many. */
  closeConnectionsOf(practitionerId: string, reason = 'Account suspended'): number {
    const set = this.sockets.get(practitionerId);
    if (!set) return 0;
    const all = [...set];
    for (const socket of all) socket.close(SUSPENDED_CLOSE_CODE, reason);
    return all.length;
  }

  count(practitionerId: string): number {
    return this.sockets.get(practitionerId)?.size ?? 0;
  }
}
