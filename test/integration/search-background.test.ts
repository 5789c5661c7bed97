import { startTestServer } from '../helpers/server';
import type { TestServer } from '../helpers/server';
import { gql, ok } from '../helpers/graphql';
import { createPractitioner } from '../helpers/factories';
import type { TestUser } from '../helpers/factories';
import { fromGlobalId } from '../../src/common/relay/global-id';

/** Search's background catch-up: what is written is indexed shortly after, without waiting for a search. */
let server: TestServer;
let author: TestUser;

beforeAll(async () => {
  server = await startTestServer({ SEARCH_CATCHUP_INTERVAL_MS: '50' });
  author = await createPractitioner(server, { displayName: 'Background Author' });
});
afterAll(() => server.stop());

const dirty = async (recordId: string) =>
  Number(
    (
      await server.database.dataSource.query(
        `SELECT count(*)::int AS n FROM search_dirty WHERE "recordId" = $1`,
        [recordId],
      )
    )[0].n,
  );
const indexedTitle = async (recordId: string): Promise<string | null> =>
  (
    await server.database.dataSource.query(`SELECT "title" FROM search_document WHERE "recordId" = $1`, [
      recordId,
    ])
  )[0]?.title ?? null;

async function eventually(check: () => Promise<boolean>, ms = 5000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('not within the time allowed');
    await new Promise((r) => setTimeout(r, 25));
  }
}

it('a created and then edited post is indexed by the background catch-up, with no search', async () => {
  const w = `w${Math.random().toString(36).slice(2, 9)}`;
  const id = ok(
    await gql(
      server,
      `mutation($i: CreatePostInput!) { createPost(input: $i) { post { id } } }`,
      {
        i: {
          title: `Background ${w}`,
          summary: 's',
          body: 'b',
          language: 'EN',
          visibility: 'COMMUNITY',
          networkIds: [],
          countryCodes: ['NE'],
          thematicAreaCodes: [],
        },
      },
      { token: author.accessToken },
    ),
  ).createPost.post.id as string;
  const local = fromGlobalId(id).id;
  await eventually(
    async () => (await indexedTitle(local)) === `Background ${w}` && (await dirty(local)) === 0,
  );
  ok(
    await gql(
      server,
      `mutation($i: UpdatePostInput!) { updatePost(input: $i) { post { id } } }`,
      { i: { id, title: `Edited ${w}` } },
      { token: author.accessToken },
    ),
  );
  await eventually(async () => (await indexedTitle(local)) === `Edited ${w}` && (await dirty(local)) === 0);
});

it('a search finds what it wrote at once whether or not the background pass ran (the catch-up on search stays)', async () => {
  const w = `w${Math.random().toString(36).slice(2, 9)}`;
  ok(
    await gql(
      server,
      `mutation($i: CreatePostInput!) { createPost(input: $i) { post { id } } }`,
      {
        i: {
          title: `Immediate ${w}`,
          summary: 's',
          body: 'b',
          language: 'EN',
          visibility: 'COMMUNITY',
          networkIds: [],
          countryCodes: ['NE'],
          thematicAreaCodes: [],
        },
      },
      { token: author.accessToken },
    ),
  );
  const res = ok(
    await gql(
      server,
      `query($f: SearchFilter!) { search(filter: $f, first: 5) { totalCount edges { node { ... on Post { title } } } } }`,
      { f: { query: w } },
      { token: author.accessToken },
    ),
  ).search;
  expect(res.totalCount).toBe(1);
  expect(res.edges[0].node.title).toBe(`Immediate ${w}`);
});
