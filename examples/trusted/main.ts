// Trusted documents: the server runs with TRUSTED_DOCUMENTS=examples/gql/persisted-documents.json (the
// manifest GraphQL Code Generator's client preset writes), so only the operations of these examples run.
// A client sends each operation's id (`__meta__.hash` of the typed document, `sha256:<hex>`) as
// `documentId` instead of its text. Exits non-zero when a check fails.
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';
import { HTTP_URL, check, loadState, run } from '../shared/env';
import { FeedQuery, LoginMutation } from '../shared/operations';

interface Answer<TData> {
  status: number;
  data?: TData;
  errors?: { message: string; extensions?: { code?: string } }[];
}

/** The id the client preset gives a typed document (its sha256, prefixed `sha256:`). */
function documentId(document: object): string {
  const hash = (document as { __meta__?: { hash?: string } }).__meta__?.hash;
  if (!hash)
    throw new Error('the typed document has no __meta__.hash: is persistedDocuments on in codegen.ts?');
  return hash;
}

/** POSTs a registered operation by its id, never its text. */
async function persisted<TData, TVariables>(
  document: TypedDocumentNode<TData, TVariables>,
  variables: TVariables,
  accessToken?: string,
): Promise<Answer<TData>> {
  const response = await fetch(HTTP_URL, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(accessToken ? { authorization: `Bearer ${accessToken}` } : {}),
    },
    body: JSON.stringify({ documentId: documentId(document), variables }),
  });
  return { status: response.status, ...((await response.json()) as Omit<Answer<TData>, 'status'>) };
}

run('Trusted documents', async () => {
  const { member } = loadState();

  const login = await persisted(LoginMutation, { input: { email: member.email, password: member.password } });
  check(
    login.data?.login.accessToken,
    'login by documentId (sha256:<hex> from __meta__.hash): signed in',
    login,
  );
  const token = login.data.login.accessToken;

  const feed = await persisted(FeedQuery, { first: 3 }, token);
  check(feed.data?.feed.edges.length === 3, 'feed by documentId: the first page of 3', feed);

  const freeForm = await fetch(HTTP_URL, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: print(FeedQuery), variables: { first: 3 } }),
  });
  const refused = (await freeForm.json()) as Answer<unknown>;
  check(
    freeForm.status === 400 && refused.errors?.[0]?.extensions?.code === 'PERSISTED_QUERY_NOT_ALLOWED',
    'the same operation sent as text: refused, PERSISTED_QUERY_NOT_ALLOWED',
    { status: freeForm.status, refused },
  );

  const unknown = await fetch(HTTP_URL, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ documentId: `sha256:${'0'.repeat(64)}` }),
  });
  const notFound = (await unknown.json()) as Answer<unknown>;
  check(
    notFound.errors?.[0]?.extensions?.code === 'PERSISTED_QUERY_NOT_FOUND',
    'an id no example registered: PERSISTED_QUERY_NOT_FOUND',
    notFound,
  );
});
