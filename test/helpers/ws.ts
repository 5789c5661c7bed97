import WebSocket from 'ws';
import { createClient } from 'graphql-ws';
import type { Client } from 'graphql-ws';
import type { TestServer } from './server';

export interface WsHandle {
  client: Client;
  /** Resolves with the close code when the socket closes. */
  closed: Promise<number>;
  /** Resolves when the server acknowledged the connection. */
  connected: Promise<void>;
}

/** Opens a graphql-ws connection (graphql-transport-ws subprotocol) like a browser client would. */
export function connectWs(
  server: Pick<TestServer, 'wsUrl'>,
  token?: string | null,
  headers?: Record<string, string>,
): WsHandle {
  let onClosed!: (code: number) => void;
  let onConnected!: () => void;
  const closed = new Promise<number>((r) => (onClosed = r));
  const connected = new Promise<void>((r) => (onConnected = r));
  const client = createClient({
    url: server.wsUrl,
    webSocketImpl: headers
      ? class extends WebSocket {
          constructor(url: string, protocols?: string | string[]) {
            super(url, protocols, { headers });
          }
        }
      : WebSocket,
    lazy: false,
    retryAttempts: 0,
    // A refused connection is asserted through `closed`; do not also report it as an unhandled error.
    onNonLazyError: () => undefined,
    connectionParams: token ? { authorization: `Bearer ${token}` } : {},
    on: {
      connected: () => onConnected(),
      closed: (event) => onClosed((event as { code: number }).code),
    },
  });
  return { client, closed, connected };
}

/** Runs one query or mutation over the socket and returns its result. */
export function wsExecute<T = unknown>(
  client: Client,
  query: string,
  variables?: Record<string, unknown>,
  operationName?: string,
): Promise<{ data?: T; errors?: { message: string; extensions?: { code?: string } }[] }> {
  return new Promise((resolve, reject) => {
    let result: { data?: T; errors?: { message: string; extensions?: { code?: string } }[] } = {};
    client.subscribe<T>(
      { query, variables, ...(operationName !== undefined ? { operationName } : {}) },
      {
        next: (value) => {
          result = value as typeof result;
        },
        error: (err) => (Array.isArray(err) ? resolve({ errors: err }) : reject(err)),
        complete: () => resolve(result),
      },
    );
  });
}
