// urql example: an @urql/core client with subscriptionExchange over graphql-ws; sign in, page through the
// feed, receive a subscription event. Exits non-zero when a check fails.
import { Client, cacheExchange, fetchExchange, subscriptionExchange } from '@urql/core';
import { createClient as createWsClient } from 'graphql-ws';
import WebSocket from 'ws';
import { publishPost, signIn as setupSignIn } from '../setup/operations';
import { HTTP_URL, WS_URL, check, loadState, run } from '../shared/env';
import { FeedQuery, LoginMutation, PostPublishedSubscription } from '../shared/operations';

run('urql', async () => {
  const state = loadState();
  let accessToken: string | null = null;

  // graphql-ws: the token in connectionParams, read when the socket connects (lazily, at the first
  // subscription, i.e. after signing in).
  const wsClient = createWsClient({
    url: WS_URL,
    webSocketImpl: WebSocket,
    connectionParams: () => (accessToken ? { authorization: `Bearer ${accessToken}` } : {}),
  });

  const client = new Client({
    url: HTTP_URL,
    // urql sends queries as GET by default; the server's CSRF protection refuses a GET without a
    // `content-type`, `apollo-require-preflight` or `x-apollo-operation-name` header. POST everything.
    preferGetMethod: false,
    // HTTP: the token in the Authorization header of every request.
    fetchOptions: () => (accessToken ? { headers: { authorization: `Bearer ${accessToken}` } } : {}),
    exchanges: [
      cacheExchange,
      fetchExchange,
      subscriptionExchange({
        forwardSubscription(request) {
          const input = { ...request, query: request.query ?? '' };
          return { subscribe: (sink) => ({ unsubscribe: wsClient.subscribe(input, sink) }) };
        },
      }),
    ],
  });

  // ---- Sign in ---------------------------------------------------------------------------------------------
  const login = await client.mutation(LoginMutation, {
    input: { email: state.member.email, password: state.member.password },
  });
  check(login.data?.login.accessToken && !login.error, 'login: tokens received', login.error?.message);
  accessToken = login.data!.login.accessToken!; // null only for an account with two-factor sign-in

  // ---- A paginated query: the feed, three items at a time ----------------------------------------------------
  const page1 = await client.query(FeedQuery, { first: 3 }, { requestPolicy: 'network-only' });
  check(!page1.error && page1.data?.feed.edges.length === 3, 'feed: first page of 3', page1.error?.message);
  const { hasNextPage, endCursor } = page1.data!.feed.pageInfo;
  check(hasNextPage && endCursor, 'feed: pageInfo says more follow, from endCursor');
  const page2 = await client.query(
    FeedQuery,
    { first: 3, after: endCursor },
    { requestPolicy: 'network-only' },
  );
  const ids = [...page1.data!.feed.edges, ...(page2.data?.feed.edges ?? [])].map((e) => e.node.id);
  const reference = await client.query(FeedQuery, { first: 6 }, { requestPolicy: 'network-only' });
  const referenceIds = reference.data?.feed.edges.map((e) => e.node.id);
  check(
    JSON.stringify(ids) === JSON.stringify(referenceIds) && new Set(ids).size === 6,
    'feed: page 1 + page 2 (after endCursor) = the first 6 items, in order, no duplicates',
    { ids, referenceIds },
  );

  // ---- A subscription event ----------------------------------------------------------------------------------
  const connected = new Promise<void>((resolve) => wsClient.on('connected', () => resolve()));
  const event = new Promise<{ id: string; title: string }>((resolve, reject) => {
    const { unsubscribe } = client.subscription(PostPublishedSubscription, {}).subscribe((result) => {
      unsubscribe();
      if (result.error || !result.data) reject(result.error ?? new Error('no data'));
      else resolve(result.data.postPublished);
    });
  });
  await connected;
  await new Promise((resolve) => setTimeout(resolve, 300)); // let the server register the subscription

  const admin = await setupSignIn(state.admin.email, state.admin.password);
  const postId = await publishPost(accessToken, admin.accessToken, 'Asset recovery: freezing orders abroad');
  const received = await event;
  check(
    received.id === postId,
    'subscription (subscriptionExchange + graphql-ws): postPublished delivered the post',
    received,
  );
  await wsClient.dispose();
});
