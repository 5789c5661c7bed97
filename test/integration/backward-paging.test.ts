import { startTestServer } from '../helpers/server';
import type { TestServer } from '../helpers/server';
import { codes, gql, ok } from '../helpers/graphql';
import { createModerator, createPractitioner } from '../helpers/factories';
import type { TestUser } from '../helpers/factories';
import { bookmarkPost, publishPost } from '../helpers/posts';
import { publishLegal } from '../helpers/legal';
import { addComment, notificationsDelivered } from '../helpers/moderation';
import { createWorkingGroup } from '../helpers/networks';

/**
 * Relay cursor connections both ways: `last`/`before` pages back from the end to the start, giving the same
 * items in the same order as `first`/`after`, with start and end cursors and hasPreviousPage; per-parent
 * connections (Post.comments) as single lists (the feed, legalDevelopments).
 */
let server: TestServer;
let moderator: TestUser;
let otherModerator: TestUser;
let reader: TestUser;
let postId: string;
let otherPostId: string;
/** Comments of postId, oldest first (the list's order). */
const comments: string[] = [];

beforeAll(async () => {
  server = await startTestServer();
  [moderator, otherModerator, reader] = await Promise.all([
    createModerator(server),
    createModerator(server),
    createPractitioner(server),
  ]);
  postId = await publishPost(server, reader, moderator);
  otherPostId = await publishPost(server, reader, moderator);
  for (let i = 0; i < 7; i++) comments.push(await addComment(server, reader, postId, `Comment ${i}`));
  await addComment(server, reader, otherPostId, 'Elsewhere');
  // The moderator's home feed: their own posts (approved by the other moderator) and their own published
  // developments, interleaved by publication.
  for (let i = 0; i < 3; i++) {
    await publishPost(server, moderator, otherModerator);
    await publishLegal(server, moderator, { effectiveDate: `2024-0${i + 1}-01` });
  }
});
afterAll(() => server.stop());

type Page = {
  edges: { cursor: string; node: { id: string } }[];
  pageInfo: {
    hasNextPage: boolean;
    hasPreviousPage: boolean;
    startCursor: string | null;
    endCursor: string | null;
  };
};
const PAGE = `edges { cursor node { id } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor }`;
const ARGS = `$first: Int, $after: String, $last: Int, $before: String`;
const PASS = `first: $first, after: $after, last: $last, before: $before`;

/** Runs a query as `user`; returns its data and how many SQL statements it ran. */
async function counted(user: TestUser | null, query: string, variables: Record<string, unknown>) {
  await server.services.notifications.drain();
  const before = server.database.counter.count;
  const data = ok(await gql(server, query, variables, user ? { token: user.accessToken } : {}));
  return { data, statements: server.database.counter.count - before };
}

/** The data's page, picked out of the query's result. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Pick = (data: any) => Page;

/**
 * Pages through a connection forward by 2 and backward by 2, checks every page's pageInfo, and returns both
 * walks' ids (each in the list's order) and the statements of each page request, forward then backward.
 */
async function walk(user: TestUser | null, query: string, vars: Record<string, unknown>, pick: Pick) {
  const forward: string[] = [];
  const statements = { forward: [] as number[], backward: [] as number[] };
  let after: string | null = null;
  for (;;) {
    const { data, statements: n } = await counted(user, query, { ...vars, first: 2, after });
    const page = pick(data);
    statements.forward.push(n);
    expect(page.pageInfo.hasPreviousPage).toBe(false); // forward: false, as the Relay spec allows
    expect(page.pageInfo.startCursor).toBe(page.edges[0]?.cursor ?? null);
    expect(page.pageInfo.endCursor).toBe(page.edges.at(-1)?.cursor ?? null);
    forward.push(...page.edges.map((e) => e.node.id));
    if (!page.pageInfo.hasNextPage) break;
    expect(page.edges).toHaveLength(2);
    after = page.pageInfo.endCursor;
  }
  const backward: string[] = [];
  let before: string | null = null;
  for (;;) {
    const { data, statements: n } = await counted(user, query, { ...vars, last: 2, before });
    const page = pick(data);
    statements.backward.push(n);
    expect(page.pageInfo.hasNextPage).toBe(false); // backward: false, as the Relay spec allows
    expect(page.pageInfo.startCursor).toBe(page.edges[0]?.cursor ?? null);
    expect(page.pageInfo.endCursor).toBe(page.edges.at(-1)?.cursor ?? null);
    backward.unshift(...page.edges.map((e) => e.node.id));
    if (!page.pageInfo.hasPreviousPage) break;
    expect(page.edges).toHaveLength(2);
    before = page.pageInfo.startCursor;
  }
  return { forward, backward, statements };
}

describe('backward paging', () => {
  const COMMENTS = `query($id: ID!, ${ARGS}) { node(id: $id) { ... on Post { comments(${PASS}) { ${PAGE} } } } }`;
  const FEED = `query(${ARGS}) { feed(${PASS}) { edges { cursor node { ... on Post { id } ... on LegalDevelopment { id } } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }`;
  const LEGAL = `query(${ARGS}) { legalDevelopments(${PASS}) { ${PAGE} } }`;
  const POSTS = `query($id: ID!, ${ARGS}) { node(id: $id) { ... on Practitioner { posts(${PASS}) { ${PAGE} } } } }`;

  it('Post.comments: backward from the end gives the forward pages’ items in the same order', async () => {
    const { forward, backward, statements } = await walk(
      reader,
      COMMENTS,
      { id: postId },
      (d) => d.node.comments,
    );
    expect(forward).toEqual(comments);
    expect(backward).toEqual(comments);
    // Paging backward costs the statements of a forward page (one batched statement for the comments).
    expect(new Set(statements.backward)).toEqual(new Set(statements.forward));
    expect(statements.forward.length).toBe(4);
    expect(statements.backward.length).toBe(4);
  });

  it('the home feed (posts and developments merged): the same items both ways', async () => {
    // The first read builds the viewer's home timeline (a few more statements, once): counted apart.
    await counted(moderator, FEED, { first: 1 });
    const { forward, backward, statements } = await walk(moderator, FEED, {}, (d) => d.feed);
    expect(forward).toHaveLength(6);
    expect(backward).toEqual(forward);
    expect(new Set(statements.backward)).toEqual(new Set(statements.forward));
  });

  it('legalDevelopments (by date) and a practitioner’s posts: the same items both ways', async () => {
    const legal = await walk(null, LEGAL, {}, (d) => d.legalDevelopments);
    expect(legal.forward).toHaveLength(3);
    expect(legal.backward).toEqual(legal.forward);
    expect(new Set(legal.statements.backward)).toEqual(new Set(legal.statements.forward));
    const posts = await walk(moderator, POSTS, { id: reader.id }, (d) => d.node.posts);
    expect(posts.forward).toHaveLength(2);
    expect(posts.backward).toEqual(posts.forward);
  });

  it('refuses first with last, after with before, and a malformed before, as BAD_USER_INPUT', async () => {
    const refused = async (query: string, vars: Record<string, unknown>, fields: string[]) => {
      const res = await gql(server, query, vars, { token: moderator.accessToken });
      expect(codes(res)).toEqual(['BAD_USER_INPUT']);
      expect(res.errors![0].extensions!.fields).toEqual(
        fields.map((field) => expect.objectContaining({ field })),
      );
    };
    const cursor = ok(await gql(server, LEGAL, { first: 1 })).legalDevelopments.pageInfo.endCursor;
    for (const [query, vars] of [
      [COMMENTS, { id: postId }],
      [FEED, {}],
      [LEGAL, {}],
    ] as const) {
      await refused(query, { ...vars, first: 2, last: 2 }, ['first', 'last']);
      await refused(query, { ...vars, after: cursor, before: cursor }, ['after', 'before']);
      await refused(query, { ...vars, last: 2, before: 'bm90IGEgY3Vyc29y' }, ['before']);
    }
    await refused(LEGAL, { last: 101 }, ['last']);
  });

  describe.each([
    {
      list: 'the directory (practitioners)',
      query: `query(${ARGS}) { practitioners(${PASS}) { ${PAGE} } }`,
      vars: {},
      pick: ((d) => d.practitioners) as Pick,
      user: () => reader,
    },
    {
      list: 'notifications',
      query: `query(${ARGS}) { notifications(${PASS}) { ${PAGE} } }`,
      vars: {},
      pick: ((d) => d.notifications) as Pick,
      user: () => reader,
    },
    {
      list: 'networks (working groups)',
      query: `query($f: NetworkFilter, ${ARGS}) { networks(filter: $f, ${PASS}) { ${PAGE} } }`,
      vars: { f: { kinds: ['WORKING_GROUP'] } },
      pick: ((d) => d.networks) as Pick,
      user: () => reader,
    },
  ])('$list', ({ query, vars, pick, user }) => {
    it('backward from the end gives the forward pages’ items in the same order', async () => {
      if (query.includes('networks('))
        for (let i = 0; i < 3; i++) await createWorkingGroup(server, moderator);
      if (query.includes('notifications('))
        for (let i = 0; i < 3; i++) await addComment(server, moderator, postId, `Note ${i}`);
      await notificationsDelivered(server);
      const { forward, backward, statements } = await walk(user(), query, vars, pick);
      expect(forward.length).toBeGreaterThanOrEqual(3); // more than one page of 2
      expect(new Set(forward).size).toBe(forward.length);
      expect(backward).toEqual(forward);
      expect(new Set(statements.backward)).toEqual(new Set(statements.forward));
    });
  });

  it('bookmarks (most recently saved first): forward and backward walks give the same items, once each', async () => {
    const saved = [postId, otherPostId];
    for (let i = 0; i < 3; i++) saved.push(await publishPost(server, reader, moderator));
    for (const id of saved) await bookmarkPost(server, reader, id);
    const BOOKMARKS = `query(${ARGS}) { bookmarks(${PASS}) { ${PAGE} } }`;
    const { forward, backward, statements } = await walk(reader, BOOKMARKS, {}, (d) => d.bookmarks);
    expect(forward).toEqual([...saved].reverse());
    expect(backward).toEqual(forward);
    expect(statements.forward.length).toBe(3);
    expect(statements.backward.length).toBe(3);
    expect(new Set(statements.backward)).toEqual(new Set(statements.forward));
    // The last two saved, from the end backward: the first page's hasPreviousPage tells there is more.
    const last = ok(await gql(server, BOOKMARKS, { last: 2 }, { token: reader.accessToken })).bookmarks;
    expect(last.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual([saved[1], saved[0]]);
    expect(last.pageInfo).toMatchObject({ hasPreviousPage: true, hasNextPage: false });
  });
});
