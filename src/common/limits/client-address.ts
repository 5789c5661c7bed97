import type { IncomingMessage } from 'node:http';
import proxyaddr from 'proxy-addr';

/** Which hops may set X-Forwarded-For: hop address and index (0 = the socket's peer) -> trusted. */
export type TrustProxy = (address: string, hop: number) => boolean;

/**
 * TRUST_PROXY as a function: false trusts no hop, a number trusts that many proxies in front, a list trusts
 * those addresses, subnets and proxy-addr's names (loopback, linklocal, uniquelocal). There is no "trust
 * every hop": the leftmost X-Forwarded-For address is whatever the client wrote (config.ts refuses `true`).
 */
export function compileTrustProxy(setting: false | number | string[]): TrustProxy {
  if (setting === false) return () => false;
  if (typeof setting === 'number') return (_address, hop) => hop < setting;
  return proxyaddr.compile(setting);
}

/**
 * The client address of a request, for rate limits and connection caps, the same for HTTP requests and
 * WebSocket upgrades (express's `req.ip` uses the same package): the socket's address, or, through trusted
 * proxies, the nearest address of X-Forwarded-For that is not a trusted proxy. Entries a client adds to the
 * left of what its proxy appended are never reached.
 */
export function clientAddress(req: IncomingMessage, trust: TrustProxy): string {
  return proxyaddr(req, trust) ?? 'unknown';
}
