// Relay example: the pagination fragment of documents.ts, compiled by relay-compiler, executed with
// relay-runtime in Node (Environment + Network + Store, no React): load the first page, load the next one
// with the generated refetchable query, and check that the connection in the store holds both pages.
import {
  ConnectionHandler,
  Environment,
  Network,
  RecordSource,
  Store,
  commitLocalUpdate,
  createOperationDescriptor,
  getRequest,
  getSelector,
  type GraphQLResponse,
  type OperationDescriptor,
} from 'relay-runtime';
import RelayFeedPaginationQuery from './__generated__/RelayFeedPaginationQuery.graphql';
import RelayFeedQuery from './__generated__/RelayFeedQuery.graphql';
import RelayFeed_query, { type RelayFeed_query$data } from './__generated__/RelayFeed_query.graphql';
import { signIn } from '../setup/operations';
import { HTTP_URL, check, loadState, run } from '../shared/env';

run('Relay', async () => {
  const state = loadState();
  const { accessToken } = await signIn(state.member.email, state.member.password);

  // The network layer: the compiled operation text, with the token in the Authorization header.
  const network = Network.create(async (params, variables) => {
    const response = await fetch(HTTP_URL, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${accessToken}` },
      body: JSON.stringify({ query: params.text, variables }),
    });
    return (await response.json()) as GraphQLResponse;
  });
  const environment = new Environment({ network, store: new Store(new RecordSource()) });

  /** Executes an operation and keeps its data in the store (retained, as a mounted component would). */
  const load = (operation: OperationDescriptor) =>
    new Promise<void>((resolve, reject) => {
      environment.retain(operation);
      environment.execute({ operation }).subscribe({ complete: resolve, error: reject });
    });

  /** Reads the fragment the way usePaginationFragment would: from the query's fragment reference. */
  const readFeed = (operation: OperationDescriptor) => {
    const root = environment.lookup(operation.fragment);
    const selector = getSelector(RelayFeed_query, root.data);
    if (!selector || !('dataID' in selector)) throw new Error('no selector for RelayFeed_query');
    return (environment.lookup(selector).data as unknown as RelayFeed_query$data).feed;
  };

  const query = createOperationDescriptor(getRequest(RelayFeedQuery), { count: 3 });
  await load(query);
  const page1 = readFeed(query);
  check(
    page1.edges.length === 3 && page1.pageInfo.hasNextPage,
    'RelayFeedQuery: first page of 3 through the fragment, more to come',
    page1.pageInfo,
  );

  // The next page, through the query relay-compiler generated for @refetchable (what loadNext sends).
  const next = createOperationDescriptor(getRequest(RelayFeedPaginationQuery), {
    count: 3,
    cursor: page1.pageInfo.endCursor,
  });
  await load(next);

  const both = readFeed(query).edges.map((e) => (e.node.__typename === '%other' ? '?' : e.node.id));
  const reference = (await (
    await fetch(HTTP_URL, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${accessToken}` },
      body: JSON.stringify({
        query: '{ feed(first: 6) { edges { node { ... on Post { id } ... on LegalDevelopment { id } } } } }',
      }),
    })
  ).json()) as { data: { feed: { edges: { node: { id: string } }[] } } };
  const referenceIds = reference.data.feed.edges.map((e) => e.node.id);
  check(
    JSON.stringify(both) === JSON.stringify(referenceIds) && new Set(both).size === 6,
    'RelayFeedPaginationQuery: the fragment now reads both pages, in order, without duplicates (= one request for 6)',
    { both, referenceIds },
  );

  // The same, straight from the store's connection record.
  let stored: string[] = [];
  commitLocalUpdate(environment, (store) => {
    const connection = ConnectionHandler.getConnection(store.getRoot(), 'RelayFeed_feed');
    stored = (connection?.getLinkedRecords('edges') ?? []).map((edge) =>
      String(edge?.getLinkedRecord('node')?.getValue('id')),
    );
  });
  check(
    JSON.stringify(stored) === JSON.stringify(referenceIds),
    'ConnectionHandler.getConnection(root, "RelayFeed_feed") holds the 6 edges of both pages',
    stored,
  );
});
