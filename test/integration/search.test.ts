import { startTestServer } from '../helpers/server';
import type { TestServer } from '../helpers/server';
import { codes, gql, ok } from '../helpers/graphql';
import { createModerator, createPending, createPractitioner } from '../helpers/factories';
import type { TestUser } from '../helpers/factories';

let server: TestServer;
let moderator: TestUser;
let author: TestUser;
let reader: TestUser;

beforeAll(async () => {
  server = await startTestServer();
  moderator = await createModerator(server, { displayName: 'Search Moderator' });
  author = await createPractitioner(server, { displayName: 'Amadou Diallo' });
  reader = await createPractitioner(server, { displayName: 'Search Reader' });
});
afterAll(() => server.stop());

export const SEARCH = `query($f: SearchFilter!, $first: Int, $after: String, $last: Int, $before: String) {
  search(filter: $f, first: $first, after: $after, last: $last, before: $before) {
    totalCount totalCountCapped countsByType { type count }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges { cursor score language highlights { field text ranges { start length } }
      node { __typename ... on Node { id } ... on Post { title } ... on Practitioner { displayName } } } } }`;

interface Hit {
  cursor: string;
  score: number;
  language: string | null;
  highlights: { field: string; text: string; ranges: { start: number; length: number }[] }[];
  node: { __typename: string; id: string; title?: string };
}

async function search(user: TestUser, f: Record<string, unknown>, page: Record<string, unknown> = {}) {
  return ok(await gql(server, SEARCH, { f, ...page }, { token: user.accessToken })).search as {
    totalCount: number;
    totalCountCapped: boolean;
    countsByType: { type: string; count: number }[];
    pageInfo: {
      hasNextPage: boolean;
      hasPreviousPage: boolean;
      endCursor: string | null;
      startCursor: string | null;
    };
    edges: Hit[];
  };
}
const ids = async (user: TestUser, f: Record<string, unknown>) =>
  (await search(user, f)).edges.map((e) => e.node.id);

async function post(
  by: TestUser,
  o: {
    title: string;
    body?: string;
    language?: string;
    visibility?: string;
    networkIds?: string[];
    publish?: boolean;
  },
): Promise<string> {
  const created = ok(
    await gql(
      server,
      `mutation($i: CreatePostInput!) { createPost(input: $i) { post { id } } }`,
      {
        i: {
          title: o.title,
          summary: 'summary',
          body: o.body ?? 'body',
          language: o.language ?? 'EN',
          visibility: o.visibility ?? 'COMMUNITY',
          networkIds: o.networkIds ?? [],
          countryCodes: ['NE'],
          thematicAreaCodes: ['FINANCING_OF_TERRORISM'],
        },
      },
      { token: by.accessToken },
    ),
  ).createPost.post.id as string;
  if (o.publish === false) return created;
  ok(
    await gql(
      server,
      `mutation($id: ID!) { submitPost(input: { id: $id }) { post { status } } }`,
      { id: created },
      {
        token: by.accessToken,
      },
    ),
  );
  ok(
    await gql(
      server,
      `mutation($id: ID!) { reviewPost(input: { id: $id, decision: APPROVE }) { post { status } } }`,
      { id: created },
      { token: moderator.accessToken },
    ),
  );
  return created;
}

describe('recall in every language', () => {
  const fixtures: [string, string, string, string][] = [
    ['fr', 'FR', 'La procédure d’extradition au Niger', 'extraditions'],
    ['ru', 'RU', 'Экстрадиция и правовая помощь', 'экстрадиции'],
    ['ar', 'AR', 'طلبات التعاون والمساعدة القانونية', 'مساعدة'],
    ['zh', 'ZH', '关于引渡和刑事司法协助的条约', '引渡'],
    ['es', 'ES', 'La solicitud de asistencia judicial', 'solicitudes'],
    ['accents', 'FR', 'École nationale de la magistrature', 'Ecole'],
  ];
  it.each(fixtures)(
    '%s: the query finds the text and highlights the match',
    async (_name, language, title, q) => {
      const id = await post(author, { title, language });
      const res = await search(reader, { query: q });
      const hit = res.edges.find((e) => e.node.id === id);
      expect(hit).toBeDefined();
      expect(hit!.language).toBe(language);
      const titleHighlight = hit!.highlights.find((h) => h.field === 'TITLE')!;
      expect(titleHighlight.text).toBe(title);
      expect(titleHighlight.ranges.length).toBeGreaterThan(0);
      expect(res.countsByType).toEqual(expect.arrayContaining([expect.objectContaining({ type: 'POST' })]));
    },
  );

  it('does not find what does not match, nor excluded words', async () => {
    expect(await ids(reader, { query: 'zzyzx' })).toEqual([]);
    const id = await post(author, { title: 'Asset recovery in the Sahel' });
    expect(await ids(reader, { query: 'asset recovery' })).toContain(id);
    expect(await ids(reader, { query: 'asset -sahel' })).not.toContain(id);
    expect(await ids(reader, { query: '"recovery asset"' })).not.toContain(id);
    expect(await ids(reader, { query: 'zzyzx OR sahel' })).toContain(id);
  });
});

describe('names', () => {
  it('match by prefix and by trigram', async () => {
    const person = await createPractitioner(server, { displayName: 'Kowalczyk Wojciech' });
    expect(await ids(reader, { query: 'Kowal', types: ['PRACTITIONER'] })).toContain(person.id);
    expect(await ids(reader, { query: 'Kowalczik', types: ['PRACTITIONER'] })).toContain(person.id);
    expect(await ids(reader, { query: 'Wojc', types: ['PRACTITIONER'] })).toContain(person.id);
  });
});

describe('access', () => {
  it('requires a verified member: anonymous UNAUTHENTICATED, unverified FORBIDDEN', async () => {
    expect(codes(await gql(server, SEARCH, { f: { query: 'extradition' } }))).toEqual(['UNAUTHENTICATED']);
    const pending = await createPending(server);
    expect(
      codes(await gql(server, SEARCH, { f: { query: 'extradition' } }, { token: pending.accessToken })),
    ).toEqual(['FORBIDDEN']);
  });

  it('refuses an empty query and bad cursors', async () => {
    expect(codes(await gql(server, SEARCH, { f: { query: '' } }, { token: reader.accessToken }))).toEqual([
      'BAD_USER_INPUT',
    ]);
    expect(codes(await gql(server, SEARCH, { f: { query: '   ' } }, { token: reader.accessToken }))).toEqual([
      'BAD_USER_INPUT',
    ]);
    expect(
      codes(
        await gql(server, SEARCH, { f: { query: 'x' }, after: 'nonsense' }, { token: reader.accessToken }),
      ),
    ).toEqual(['BAD_USER_INPUT']);
    expect(
      codes(
        await gql(server, SEARCH, { f: { query: 'x' }, first: 2, last: 2 }, { token: reader.accessToken }),
      ),
    ).toEqual(['BAD_USER_INPUT']);
  });
});
