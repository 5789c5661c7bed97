// proxy-addr (express's own dependency) ships no types; the part of its API this project uses.
declare module 'proxy-addr' {
  import type { IncomingMessage } from 'node:http';

  type TrustFunction = (address: string, hop: number) => boolean;

  /** The client address of a request: the nearest address, from the socket, that `trust` does not trust. */
  function proxyaddr(req: IncomingMessage, trust: TrustFunction | string | string[]): string;

  namespace proxyaddr {
    /** Compiles addresses, subnets or the names loopback/linklocal/uniquelocal; throws on a bad one. */
    function compile(value: string | string[]): TrustFunction;
    function all(req: IncomingMessage, trust?: TrustFunction | string | string[]): string[];
  }

  export = proxyaddr;
}
