import net from 'node:net';
import Bowser from 'bowser';
import type { Context } from '../../common/context';

/** What a sign-in, a refresh or a security event keeps of the client: never its full address. */
export interface ClientInfo {
  /** The caller's address as the project resolves it (behind proxies per TRUST_PROXY), or null. */
  ip: string | null;
  /** The User-Agent header, or null. */
  userAgent: string | null;
}

/** The client of a request (HTTP or WebSocket), as the security log and the session rows take it. */
export function clientOf(ctx: Pick<Context, 'clientIp' | 'userAgent'>): ClientInfo {
  return { ip: ctx.clientIp, userAgent: ctx.userAgent ?? null };
}

/** The most a stored client name holds (the column's width). */
const CLIENT_NAME_MAX = 100;

/**
 * The network an address belongs to, never the address: the /24 of an IPv4 address ("203.0.113.0/24"),
 * the /48 of an IPv6 one ("2001:db8:fac::/48"); an IPv4-mapped IPv6 address counts as IPv4. Null when
 * unknown or not an address.
 */
export function ipPrefix(ip: string | null | undefined): string | null {
  if (!ip) return null;
  let address = ip.trim();
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) address = mapped[1];
  if (net.isIPv4(address)) {
    const [a, b, c] = address.split('.');
    return `${a}.${b}.${c}.0/24`;
  }
  if (!net.isIPv6(address)) return null;
  const groups = expandIpv6(address.split('%')[0]);
  if (!groups) return null;
  const head = groups.slice(0, 3).map((g) => parseInt(g, 16).toString(16));
  return `${head.join(':')}::/48`;
}

/** The eight groups of an IPv6 address (an embedded IPv4 tail becomes two groups), or null. */
function expandIpv6(address: string): string[] | null {
  let text = address;
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4) {
    const [a, b, c, d] = v4[1].split('.').map(Number);
    text = text.slice(0, -v4[1].length) + `${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [left, right] = text.split('::');
  const head = left ? left.split(':') : [];
  const tail = right !== undefined && right !== '' ? right.split(':') : [];
  const missing = 8 - head.length - tail.length;
  if (missing < 0 || (right === undefined && missing !== 0)) return null;
  return [...head, ...Array<string>(missing).fill('0'), ...tail];
}

/**
 * A person's name for the client of a User-Agent ("Firefox on Windows", "Safari on iOS"), parsed with
 * bowser; null when there is no header, "Unknown client" when nothing is recognised. The raw header is not
 * kept.
 */
export function clientName(userAgent: string | null | undefined): string | null {
  if (!userAgent) return null;
  let browser: string | undefined;
  let os: string | undefined;
  try {
    const parsed = Bowser.parse(userAgent.slice(0, 1000));
    browser = parsed.browser.name || undefined;
    os = parsed.os.name || undefined;
  } catch {
    // An unparseable header is an unknown client.
  }
  const name = browser && os ? `${browser} on ${os}` : (browser ?? (os ? `Unknown browser on ${os}` : null));
  return (name ?? 'Unknown client').slice(0, CLIENT_NAME_MAX);
}
