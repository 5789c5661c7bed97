// An Apollo Client 4 set up for Praxis: the access token on every HTTP request and in the WebSocket's
// connectionParams, the session refreshed with `refreshSession` before the token expires (and once, then
// retried, when the server answers UNAUTHENTICATED anyway), subscriptions over graphql-ws, automatic
// persisted queries, and a cache that merges the pages of the feed.
import {
  ApolloClient,
  ApolloLink,
  CombinedGraphQLErrors,
  HttpLink,
  InMemoryCache,
  ServerError,
} from '@apollo/client';
import { SetContextLink } from '@apollo/client/link/context';
import { ErrorLink } from '@apollo/client/link/error';
import { PersistedQueryLink } from '@apollo/client/link/persisted-queries';
import { GraphQLWsLink } from '@apollo/client/link/subscriptions';
import { getMainDefinition, relayStylePagination } from '@apollo/client/utilities';
import { createHash } from 'node:crypto';
import { print } from 'graphql';
import { createClient } from 'graphql-ws';
import { from, switchMap } from 'rxjs';
import WebSocket from 'ws';
import { RefreshSessionMutation } from '../shared/operations';
import { HTTP_URL, WS_URL } from '../shared/env';

/** The signed-in session: tokens from `login`, rotated by `refreshSession`. */
export class Session {
  refreshes = 0;
  private pending: Promise<void> | null = null;

  constructor(
    public accessToken: string,
    public refreshToken: string,
    public expiresAt: string,
  ) {}

  /** The access token, refreshed first when it expires within a minute. */
  async validAccessToken(): Promise<string> {
    if (Date.parse(this.expiresAt) - Date.now() < 60_000) await this.refresh();
    return this.accessToken;
  }

  /** Trades the refresh token for a new pair; concurrent callers share one request (a token works once). */
  refresh(): Promise<void> {
    this.pending ??= (async () => {
      const response = await fetch(HTTP_URL, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          query: print(RefreshSessionMutation),
          variables: { refreshToken: this.refreshToken },
        }),
      });
      const { data, errors } = (await response.json()) as {
        data?: { refreshSession: { accessToken: string; refreshToken: string; expiresAt: string } };
        errors?: unknown[];
      };
      if (!data) throw new Error(`refreshSession failed: ${JSON.stringify(errors)}`); // sign in again
      ({
        accessToken: this.accessToken,
        refreshToken: this.refreshToken,
        expiresAt: this.expiresAt,
      } = data.refreshSession);
      this.refreshes++;
    })().finally(() => {
      this.pending = null;
    });
    return this.pending;
  }
}

function isUnauthenticated(error: unknown): boolean {
  if (ServerError.is(error)) return error.statusCode === 401; // a bad or expired token is HTTP 401
  return (
    CombinedGraphQLErrors.is(error) && error.errors.some((e) => e.extensions?.code === 'UNAUTHENTICATED')
  );
}

/** Subscriptions go over the WebSocket, the rest over HTTP. */
function isSubscription({ query }: ApolloLink.Operation): boolean {
  const definition = getMainDefinition(query);
  return definition.kind === 'OperationDefinition' && definition.operation === 'subscription';
}

export interface ClientOptions {
  /** Signed in, or anonymous when null. */
  session: Session | null;
  /** Send operations as automatic persisted queries (a sha256 hash first, the text only when unknown). */
  persistedQueries?: boolean;
  /** fetch used by the HTTP link (the example passes one that records requests). */
  fetch?: typeof fetch;
}

export function createApolloClient({ session, persistedQueries = true, fetch: fetchImpl }: ClientOptions) {
  // HTTP: `Authorization: Bearer <token>` read from the session for each request.
  const auth = new SetContextLink(async (prevContext) =>
    session
      ? { headers: { ...prevContext.headers, authorization: `Bearer ${await session.validAccessToken()}` } }
      : {},
  );

  // Refresh once and retry when the server says the token is no longer valid.
  const refreshOnUnauthenticated = new ErrorLink(({ error, operation, forward }) => {
    if (!session || !isUnauthenticated(error) || operation.getContext().retriedAfterRefresh) return;
    operation.setContext({ retriedAfterRefresh: true });
    return from(session.refresh()).pipe(switchMap(() => forward(operation)));
  });

  const http = new HttpLink({ uri: HTTP_URL, fetch: fetchImpl });
  const apq = new PersistedQueryLink({
    sha256: (query: string) => createHash('sha256').update(query).digest('hex'),
  });

  // WebSocket: the token goes in connectionParams of connection_init, read when the socket (re)connects.
  const wsClient = createClient({
    url: WS_URL,
    webSocketImpl: WebSocket,
    lazy: true,
    connectionParams: async () =>
      session ? { authorization: `Bearer ${await session.validAccessToken()}` } : {},
  });
  const ws = new GraphQLWsLink(wsClient);

  const link = ApolloLink.split(
    isSubscription,
    ws,
    ApolloLink.from([refreshOnUnauthenticated, auth, ...(persistedQueries ? [apq] : []), http]),
  );

  const client = new ApolloClient({
    link,
    cache: new InMemoryCache({
      possibleTypes: { FeedItem: ['Post', 'LegalDevelopment'], Node: ['Post', 'LegalDevelopment'] },
      typePolicies: {
        // Pages of the feed are merged into one list, in order; `after`/`first` are not part of the key.
        Query: { fields: { feed: relayStylePagination() } },
      },
    }),
  });
  return { client, wsClient };
}
