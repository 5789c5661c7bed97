// Apollo Client example: sign in, refresh, the feed page by page merged by relayStylePagination, a mutation
// and its errors, a subscription event, automatic persisted queries. Exits non-zero when a check fails.
import { CombinedGraphQLErrors } from '@apollo/client';
import { firstValueFrom, filter } from 'rxjs';
import { approvePost, signIn as setupSignIn } from '../setup/operations';
import { check, loadState, run } from '../shared/env';
import {
  CreatePostMutation,
  FeedQuery,
  LoginMutation,
  MeQuery,
  PostPublishedSubscription,
  SubmitPostMutation,
} from '../shared/operations';
import { Session, createApolloClient } from './client';

/** The error's code and invalid fields, as a UI would read them. */
function describe(error: unknown): { code?: unknown; fields?: unknown } {
  if (CombinedGraphQLErrors.is(error)) {
    const first = error.errors[0];
    return { code: first?.extensions?.code, fields: first?.extensions?.fields };
  }
  return { code: `not a GraphQL error: ${String(error)}` };
}

async function signIn(email: string, password: string): Promise<Session> {
  const { client } = createApolloClient({ session: null });
  const { data } = await client.mutate({
    mutation: LoginMutation,
    variables: { input: { email, password } },
  });
  if (!data) throw new Error('login returned no data');
  const { accessToken, refreshToken, expiresAt } = data.login;
  // Null when the account has two-factor sign-in (then `completeLogin` gives them); the example's has none.
  if (!accessToken || !refreshToken || !expiresAt) throw new Error('login asked for a second factor');
  return new Session(accessToken, refreshToken, expiresAt);
}

run('Apollo Client', async () => {
  const state = loadState();

  // Record the HTTP bodies to check automatic persisted queries.
  const bodies: { hashOnly: boolean; status: number }[] = [];
  const recordingFetch: typeof fetch = async (input, init) => {
    const response = await fetch(input, init);
    const body = JSON.parse(String(init?.body ?? '{}')) as { query?: string; extensions?: object };
    bodies.push({
      hashOnly: !body.query && 'persistedQuery' in (body.extensions ?? {}),
      status: response.status,
    });
    return response;
  };

  const session = await signIn(state.member.email, state.member.password);
  const { client, wsClient } = createApolloClient({ session, fetch: recordingFetch });
  const me = await client.query({ query: MeQuery, fetchPolicy: 'network-only' });
  check(
    me.data?.me?.verification === 'VERIFIED',
    'login: the token in the Authorization header signs in',
    me.data,
  );

  // ---- Refresh ------------------------------------------------------------------------------------------
  const firstRefreshToken = session.refreshToken;
  session.accessToken = 'no-longer-valid'; // as after an expiry the client did not see coming
  const again = await client.query({ query: MeQuery, fetchPolicy: 'network-only' });
  check(
    again.data?.me?.id === me.data?.me?.id &&
      session.refreshes === 1 &&
      session.refreshToken !== firstRefreshToken,
    'refresh: a 401 UNAUTHENTICATED triggers refreshSession once, and the query is retried with the new token',
    { refreshes: session.refreshes },
  );
  session.expiresAt = new Date(Date.now() + 10_000).toISOString(); // expires in 10 s
  await client.query({ query: MeQuery, fetchPolicy: 'network-only' });
  check(
    (session.refreshes as number) === 2,
    'refresh: a token about to expire is refreshed before the request',
  );

  // ---- Pagination: first page, then fetchMore; relayStylePagination merges them in the cache ---------------
  const feed = client.watchQuery({ query: FeedQuery, variables: { first: 3 } });
  const page1 = await firstValueFrom(feed.pipe(filter((r) => r.dataState === 'complete')));
  const firstIds = page1.data.feed.edges.map((e) => e.node.id);
  check(firstIds.length === 3 && page1.data.feed.pageInfo.hasNextPage, 'feed: first page of 3, more to come');
  await feed.fetchMore({ variables: { after: page1.data.feed.pageInfo.endCursor } });
  const merged = client.readQuery({ query: FeedQuery, variables: { first: 3 } });
  const mergedIds = merged?.feed.edges.map((e) => e.node.id) ?? [];
  const reference = await client.query({
    query: FeedQuery,
    variables: { first: 6 },
    fetchPolicy: 'no-cache',
  });
  const referenceIds = reference.data?.feed.edges.map((e) => e.node.id) ?? [];
  check(
    new Set(mergedIds).size === 6 && JSON.stringify(mergedIds) === JSON.stringify(referenceIds),
    'feed: after fetchMore the cache holds both pages, in order, without duplicates (= one request for 6)',
    { mergedIds, referenceIds },
  );
  check(
    merged?.feed.pageInfo.endCursor === reference.data?.feed.edges[5]?.cursor,
    'feed: the merged pageInfo.endCursor is the last edge of the second page',
  );

  // ---- Automatic persisted queries (Apollo Server 5 has them on) -------------------------------------------
  bodies.length = 0;
  await client.query({ query: MeQuery, fetchPolicy: 'network-only' });
  check(
    bodies.length === 1 && bodies[0]!.hashOnly && bodies[0]!.status === 200,
    'APQ: a query the server has seen is sent as its sha256 hash only, and answered',
    bodies,
  );

  // ---- A mutation and its errors ---------------------------------------------------------------------------
  const anonymous = createApolloClient({ session: null, persistedQueries: false }).client;
  const pending = createApolloClient({
    session: await signIn(state.pending.email, state.pending.password),
  }).client;
  const input = {
    title: 'Joint investigation teams: a checklist',
    body: 'Agree on the legal basis first, then on who holds the evidence.',
    language: 'EN',
    visibility: 'COMMUNITY',
  } as const;

  const errorOf = async (
    c: typeof client,
    variables: { input: Omit<typeof input, 'title'> & { title: string } },
  ) =>
    c.mutate({ mutation: CreatePostMutation, variables }).then(
      (): { code?: unknown; fields?: unknown } => ({ code: 'no error' }),
      (error: unknown) => describe(error),
    );

  const badInput = await errorOf(client, { input: { ...input, title: '' } });
  check(
    badInput.code === 'BAD_USER_INPUT' &&
      Array.isArray(badInput.fields) &&
      (badInput.fields as { field: string }[]).some((f) => f.field === 'title'),
    'createPost with an empty title: BAD_USER_INPUT, extensions.fields names "title"',
    badInput,
  );
  const signedOut = await errorOf(anonymous, { input });
  check(signedOut.code === 'UNAUTHENTICATED', 'createPost signed out: UNAUTHENTICATED', signedOut);
  const notVetted = await errorOf(pending, { input });
  check(notVetted.code === 'FORBIDDEN', 'createPost by a member nobody has vetted yet: FORBIDDEN', notVetted);

  // ---- Subscription: postPublished receives the post once a moderator approves it --------------------------
  const connected = new Promise<void>((resolve) => wsClient.on('connected', () => resolve()));
  const event = firstValueFrom(client.subscribe({ query: PostPublishedSubscription }));
  await connected;
  await new Promise((resolve) => setTimeout(resolve, 300)); // let the server register the subscription

  const created = await client.mutate({ mutation: CreatePostMutation, variables: { input } });
  const postId = created.data!.createPost.post.id;
  check(created.data?.createPost.post.status === 'DRAFT', 'createPost: a DRAFT');
  await client.mutate({ mutation: SubmitPostMutation, variables: { id: postId } });
  const admin = await setupSignIn(state.admin.email, state.admin.password);
  await approvePost(admin.accessToken, postId); // as the moderator's client would

  const received = await event;
  check(
    received.data?.postPublished.id === postId &&
      received.data.postPublished.author?.displayName === 'Amina Prosecutor',
    'subscription (GraphQLWsLink, token in connectionParams): postPublished delivered the approved post',
    received.data,
  );
  await wsClient.dispose();
});
