import { GraphQLError } from 'graphql';
import { ErrorCode } from '../errors/error-code';
import { parseBearer, verifyAccessToken } from '../auth/tokens';

/**
 * Whether a WebSocket upgrade from this `Origin` is accepted. Browsers always send `Origin`, so the
 * check stops other sites' pages from opening sockets with a visitor's credentials (cross-site
 * WebSocket hijacking). Clients that are not browsers send none and are let through; so are pages
 * served from this very host, and those listed in CORS_ORIGINS.
 */
export function isOriginAllowed(
  origin: string | undefined,
  host: string | undefined,
  allowlist: readonly string[],
): boolean {
  if (origin === undefined || origin === '') return true;
  if (allowlist.includes(origin)) return true;
  try {
    return !!host && new URL(origin).host === host.toLowerCase();
  } catch {
    return false; // "null" (sandboxed frames, file://) and other opaque origins
  }
}

/** Error for a subscribe message beyond the per-connection cap; null when it fits. */
export function subscriptionCapError(active: number, max: number): GraphQLError | null {
  if (active <= max) return null;
  return new GraphQLError(
    `Too many operations on this connection: at most ${max} may run at once; complete one first.`,
    { extensions: { code: ErrorCode.GRAPHQL_VALIDATION_FAILED, limit: 'subscriptions', max } },
  );
}

/** Milliseconds until a token with this `exp` (seconds since the epoch) expires, never below 0. */
export function msUntilExpiry(exp: number, now = Date.now()): number {
  return Math.max(0, exp * 1000 - now);
}

/** Close code for a connection whose access token expired (graphql-ws uses 4401 for Unauthorized). */
export const TOKEN_EXPIRED_CLOSE_CODE = 4401;

/** The parts of a ws socket that closeOnTokenExpiry uses. */
export interface ClosableSocket {
  close(code: number, reason: string): void;
  once(event: 'close', listener: () => void): unknown;
}

/**
 * Closes an authenticated socket with 4401 when its access token expires: a client then reconnects
 * with a fresh token, so revoked or demoted accounts do not keep a connection open forever.
 */
export function closeOnTokenExpiry(socket: ClosableSocket, authorization: unknown, secret: string): void {
  const token = parseBearer(authorization);
  if (typeof token !== 'string' || token === 'malformed') return;
  const claims = verifyAccessToken(token, secret);
  if (!claims) return;
  const timer = setTimeout(
    () => socket.close(TOKEN_EXPIRED_CLOSE_CODE, 'Access token expired'),
    msUntilExpiry(claims.exp),
  );
  timer.unref();
  socket.once('close', () => clearTimeout(timer));
}

/** Close code for a connection over the cap per client address or per account (no retry: close one first). */
export const TOO_MANY_CONNECTIONS_CLOSE_CODE = 4429;
/** Close code when the instance holds its maximum of connections (RFC 6455 "Try Again Later"; clients retry). */
export const SERVER_FULL_CLOSE_CODE = 1013;

export type ConnectionRefusal = 'per_ip' | 'per_account' | 'overall';

/** The close code and reason a client gets for each refusal. */
export const REFUSALS: Record<ConnectionRefusal, { code: number; reason: string }> = {
  per_ip: { code: TOO_MANY_CONNECTIONS_CLOSE_CODE, reason: 'Too many connections from this address' },
  per_account: { code: TOO_MANY_CONNECTIONS_CLOSE_CODE, reason: 'Too many connections for this account' },
  overall: { code: SERVER_FULL_CLOSE_CODE, reason: 'Server at its connection limit; try again later' },
};

/**
 * Counts the open WebSockets of this instance, in all and per client address, and admits a new one only
 * under both caps (the cap per account is checked at `connection_init`, where the account is known).
 */
export class ConnectionCaps {
  private total = 0;
  private readonly byAddress = new Map<string, number>();

  constructor(private readonly max: { perIp: number; overall: number }) {}

  /** Admits a socket from `address` (counted until `release`), or says which cap refuses it. */
  admit(address: string): ConnectionRefusal | null {
    if (this.total >= this.max.overall) return 'overall';
    const held = this.byAddress.get(address) ?? 0;
    if (held >= this.max.perIp) return 'per_ip';
    this.total++;
    this.byAddress.set(address, held + 1);
    return null;
  }

  release(address: string): void {
    this.total--;
    const held = (this.byAddress.get(address) ?? 1) - 1;
    if (held > 0) this.byAddress.set(address, held);
    else this.byAddress.delete(address);
  }
}
