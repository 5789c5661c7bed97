import { startTestServer } from '../helpers/server';
import type { TestServer } from '../helpers/server';
import { codes, gql, ok } from '../helpers/graphql';
import { createModerator, createPending, createPractitioner } from '../helpers/factories';
import type { TestUser } from '../helpers/factories';
import { addComment, fileReport, resolveRaw } from '../helpers/moderation';
import { publishPost } from '../helpers/posts';
import { addMember, createWorkingGroup } from '../helpers/networks';

// The lean read path (issue 17): three read queries, each at most 3 SQL statements per request (the session
// and the viewer's facts included) whatever the page size, with every read rule still applied.

let server: TestServer;
let moderator: TestUser;
beforeAll(async () => {
  server = await startTestServer();
  moderator = await createModerator(server, { displayName: 'Lean Moderator' });
});
afterAll(() => server.stop());

const DIRECTORY = `query($filter: PractitionerFilter, $first: Int!) {
  practitioners(filter: $filter, first: $first) {
    edges { node { id displayName organization position profession country { code name } languages } }
    pageInfo { hasNextPage endCursor } } }`;
const POST_WITH_COMMENTS = `query($id: ID!, $first: Int!) { node(id: $id) { ... on Post {
  id title body publishedAt author { id displayName country { code name } } commentCount
  comments(first: $first) { edges { node { id body createdAt author { id displayName } replyCount } }
    pageInfo { hasNextPage endCursor } } } } }`;
const AUTHOR_POSTS = `query($id: ID!, $first: Int!) { node(id: $id) { ... on Practitioner { id
  posts(first: $first) { edges { node { id title publishedAt author { id displayName country { code name } }
    endorsementCount commentCount } } pageInfo { hasNextPage endCursor } } } } }`;
const BLOCK = `mutation($id: ID!) { blockPractitioner(input: { practitionerId: $id }) { practitioner { id } } }`;

/**
 * The statements of one request: the fewest of three runs (a background dispatch of the writes just made
 * may land inside one run's window, never below the request's own).
 */
async function statements(user: TestUser, query: string, variables: Record<string, unknown>) {
  const runs: string[][] = [];
  for (let i = 0; i < 3; i++) {
    server.database.counter.recording = [];
    ok(await gql(server, query, variables, { token: user.accessToken }));
    runs.push(server.database.counter.recording);
    server.database.counter.recording = null;
  }
  return runs.reduce((a, b) => (b.length < a.length ? b : a));
}

function expectLean(small: string[], large: string[]) {
  const show = (s: string[]) => s.map((x) => x.replace(/\s+/g, ' ').slice(0, 160)).join('\n');
  if (small.length > 3 || large.length !== small.length)
    throw new Error(`${small.length} then ${large.length} statements:\n${show(small)}\n---\n${show(large)}`);
}

describe('the lean read path: at most 3 statements per request, constant in page size', () => {
  it('directory: 20 practitioners of one country with their country', async () => {
    const [reader] = await Promise.all([
      createPractitioner(server, { countryCode: 'NE' }),
      ...Array.from({ length: 21 }, (_, i) =>
        createPractitioner(server, { displayName: `Lean ${String(i).padStart(2, '0')}`, countryCode: 'IS' }),
      ),
    ]);
    const vars = (first: number) => ({ filter: { countryCodes: ['IS'] }, first });
    const page = ok(await gql(server, DIRECTORY, vars(20), { token: reader.accessToken })).practitioners;
    expect(page.edges).toHaveLength(20);
    expect(page.edges[0].node).toMatchObject({ displayName: 'Lean 00', country: { code: 'IS' } });
    expect(page.pageInfo.hasNextPage).toBe(true);
    expectLean(await statements(reader, DIRECTORY, vars(5)), await statements(reader, DIRECTORY, vars(20)));
  });

  it('a post with its first comments, their authors and reply counts', async () => {
    const [reader, author, ...commenters] = await Promise.all(
      Array.from({ length: 6 }, (_, i) => createPractitioner(server, { displayName: `Commenter ${i}` })),
    );
    const post = await publishPost(server, author, moderator);
    const comments: string[] = [];
    for (let i = 0; i < 21; i++) comments.push(await addComment(server, commenters[i % 4], post, `c${i}`));
    await addComment(server, commenters[1], post, 'a reply', comments[0]);
    await addComment(server, commenters[2], post, 'another reply', comments[0]);
    const node = ok(
      await gql(server, POST_WITH_COMMENTS, { id: post, first: 20 }, { token: reader.accessToken }),
    ).node;
    expect(node.author).toMatchObject({ id: author.id, displayName: 'Commenter 1' });
    expect(node.commentCount).toBe(23);
    expect(node.comments.edges).toHaveLength(20);
    expect(node.comments.edges.slice(0, 2).map((e: { node: unknown }) => e.node)).toEqual([
      expect.objectContaining({
        body: 'c0',
        author: { id: commenters[0].id, displayName: 'Commenter 2' },
        replyCount: 2,
      }),
      expect.objectContaining({
        body: 'c1',
        author: { id: commenters[1].id, displayName: 'Commenter 3' },
        replyCount: 0,
      }),
    ]);
    expectLean(
      await statements(reader, POST_WITH_COMMENTS, { id: post, first: 5 }),
      await statements(reader, POST_WITH_COMMENTS, { id: post, first: 20 }),
    );
    // The same answer through a fragment spread (the look-ahead follows fragments).
    const viaFragment = `query($id: ID!) { node(id: $id) { ... on Post { comments(first: 2) { ...C } } } }
      fragment C on CommentConnection { edges { node { ... on Comment { author { displayName } replyCount } } } }`;
    expect(
      ok(await gql(server, viaFragment, { id: post }, { token: reader.accessToken })).node.comments.edges,
    ).toEqual([
      { node: { author: { displayName: 'Commenter 2' }, replyCount: 2 } },
      { node: { author: { displayName: 'Commenter 3' }, replyCount: 0 } },
    ]);
  });

  it("one author's latest posts with author, country and counts", async () => {
    const [reader, author] = await Promise.all([
      createPractitioner(server),
      createPractitioner(server, { displayName: 'Prolific', countryCode: 'FR' }),
    ]);
    for (let i = 0; i < 51; i++) await publishPost(server, author, moderator, { title: `lean ${i}` });
    const page = ok(
      await gql(server, AUTHOR_POSTS, { id: author.id, first: 50 }, { token: reader.accessToken }),
    ).node.posts;
    expect(page.edges).toHaveLength(50);
    expect(page.edges[0].node).toMatchObject({
      title: 'lean 50',
      author: { id: author.id, displayName: 'Prolific', country: { code: 'FR' } },
      endorsementCount: 0,
      commentCount: 0,
    });
    expectLean(
      await statements(reader, AUTHOR_POSTS, { id: author.id, first: 5 }),
      await statements(reader, AUTHOR_POSTS, { id: author.id, first: 50 }),
    );
  });
});

describe('the lean read path keeps every read rule', () => {
  it('refuses anonymous callers and shows nothing to an unverified account', async () => {
    const [author, pending] = await Promise.all([createPractitioner(server), createPending(server)]);
    const post = await publishPost(server, author, moderator);
    await addComment(server, author, post, 'mine');
    for (const [query, variables] of [
      [DIRECTORY, { filter: { countryCodes: ['NE'] }, first: 5 }],
      [POST_WITH_COMMENTS, { id: post, first: 5 }],
      [AUTHOR_POSTS, { id: author.id, first: 5 }],
    ] as const) {
      const anonymous = await gql(server, query, variables);
      expect(anonymous.data?.node ?? anonymous.data?.practitioners ?? null).toBeNull();
      const unverified = await gql(server, query, variables, { token: pending.accessToken });
      expect(unverified.data?.node ?? unverified.data?.practitioners ?? null).toBeNull();
    }
    expect(codes(await gql(server, DIRECTORY, { first: 5 }))).toEqual(['UNAUTHENTICATED']);
    expect(codes(await gql(server, DIRECTORY, { first: 5 }, { token: pending.accessToken }))).toEqual([
      'FORBIDDEN',
    ]);
  });

  it('hides a blocked author’s post and posts, and a blocker’s comments, on each path', async () => {
    const [reader, author, blocker, other] = await Promise.all([
      createPractitioner(server),
      createPractitioner(server),
      createPractitioner(server, { displayName: 'Blocker' }),
      createPractitioner(server, { displayName: 'Other' }),
    ]);
    const post = await publishPost(server, author, moderator);
    await addComment(server, blocker, post, 'by the blocker');
    await addComment(server, other, post, 'by another');
    const read = async () =>
      ok(await gql(server, POST_WITH_COMMENTS, { id: post, first: 20 }, { token: reader.accessToken })).node;
    expect(
      (await read()).comments.edges.map(
        (e: { node: { author: { displayName: string } } }) => e.node.author.displayName,
      ),
    ).toEqual(['Blocker', 'Other']);
    // The blocker blocks the reader: their comment leaves the page (read in the same statement as the
    // authors), the rest stays.
    ok(await gql(server, BLOCK, { id: reader.id }, { token: blocker.accessToken }));
    expect((await read()).comments.edges.map((e: { node: { body: string } }) => e.node.body)).toEqual([
      'by another',
    ]);
    // The post's author blocks the reader: the post (its read check uses the blocks read with the session)
    // and the author's posts are gone (the profile stays, as blocks leave profiles visible).
    const before = ok(
      await gql(server, AUTHOR_POSTS, { id: author.id, first: 5 }, { token: reader.accessToken }),
    );
    expect(before.node.posts.edges).toHaveLength(1);
    ok(await gql(server, BLOCK, { id: reader.id }, { token: author.accessToken }));
    expect(await read()).toBeNull();
    const after = ok(
      await gql(server, AUTHOR_POSTS, { id: author.id, first: 5 }, { token: reader.accessToken }),
    );
    expect(after.node.posts.edges).toEqual([]);
  });
});

describe("a mutation's payload reads the viewer's facts as its writes left them", () => {
  it('joining a network: the payload lists the posts its members see', async () => {
    const [owner, joiner] = await Promise.all([createPractitioner(server), createPractitioner(server)]);
    const group = ok(
      await gql(
        server,
        `mutation($i: CreateWorkingGroupInput!) { createWorkingGroup(input: $i) { network { id } } }`,
        { i: { name: 'Lean circle', description: 'test', joinPolicy: 'OPEN' } },
        { token: owner.accessToken },
      ),
    ).createWorkingGroup.network.id;
    const secret = await publishPost(server, owner, moderator, {
      title: 'members only',
      visibility: 'NETWORKS',
      networkIds: [group],
    });
    const posts = `posts(first: 5) { edges { node { id } } }`;
    const before = ok(
      await gql(
        server,
        `query($n: ID!) { node(id: $n) { ... on Network { ${posts} } } }`,
        { n: group },
        {
          token: joiner.accessToken,
        },
      ),
    );
    expect(before.node.posts.edges).toEqual([]);
    const joined = ok(
      await gql(
        server,
        `mutation($n: ID!) { joinNetwork(input: { networkId: $n }) { network { ${posts} } } }`,
        { n: group },
        { token: joiner.accessToken },
      ),
    );
    expect(joined.joinNetwork.network.posts.edges).toEqual([{ node: { id: secret } }]);
  });
});

describe("a mutation's payload reads the viewer's blocks as its writes left them", () => {
  it("blocking an author: the payload's list of their posts is empty", async () => {
    const [author, reader] = await Promise.all([createPractitioner(server), createPractitioner(server)]);
    await publishPost(server, author, moderator);
    const before = ok(
      await gql(server, AUTHOR_POSTS, { id: author.id, first: 5 }, { token: reader.accessToken }),
    );
    expect(before.node.posts.edges).toHaveLength(1);
    const blocked = ok(
      await gql(
        server,
        `mutation($id: ID!) { blockPractitioner(input: { practitionerId: $id }) {
          practitioner { id posts(first: 5) { edges { node { id } } } } } }`,
        { id: author.id },
        { token: reader.accessToken },
      ),
    );
    expect(blocked.blockPractitioner.practitioner).toEqual({ id: author.id, posts: { edges: [] } });
  });
});

describe('node(id:) reads a post and its first comments in one statement (read-ahead)', () => {
  const PAGE = `edges { cursor node { id body createdAt author { id displayName } replyCount } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }`;
  const BY_NODE = `query($id: ID!, $first: Int, $after: String, $last: Int, $before: String) {
    node(id: $id) { ... on Post { id title comments(first: $first, after: $after, last: $last, before: $before) { ${PAGE} } } } }`;
  // nodes(ids:) has no read-ahead: the comments page is read by Post.comments itself, the reference answer.
  const BY_NODES = BY_NODE.replace('node(id: $id)', 'nodes(ids: [$id])');
  const TITLE_ONLY = `query($id: ID!) { node(id: $id) { ... on Post { id title } } }`;

  let reader: TestUser;
  let author: TestUser;
  let commenters: TestUser[];
  let post: string;
  let ids: string[];
  beforeAll(async () => {
    [reader, author, ...commenters] = await Promise.all(
      Array.from({ length: 4 }, (_, i) => createPractitioner(server, { displayName: `Ahead ${i}` })),
    );
    post = await publishPost(server, author, moderator);
    ids = [];
    for (let i = 0; i < 7; i++) ids.push(await addComment(server, commenters[i % 2], post, `ahead ${i}`));
    await addComment(server, commenters[0], post, 'a reply', ids[1]);
  });

  const both = async (variables: Record<string, unknown>, user = reader) => {
    const one = await gql(server, BY_NODE, { id: post, ...variables }, { token: user.accessToken });
    const many = await gql(server, BY_NODES, { id: post, ...variables }, { token: user.accessToken });
    return {
      one,
      same: { data: one.data, errors: one.errors },
      reference: { data: many.data && { node: many.data.nodes[0] }, errors: many.errors },
    };
  };

  it('answers as Post.comments does, forward and backward, with the page adding no statement', async () => {
    const first = await both({ first: 3 });
    expect(first.same).toEqual(first.reference);
    const page = ok(first.one).node.comments;
    expect(page.edges.map((e: { node: { body: string } }) => e.node.body)).toEqual([
      'ahead 0',
      'ahead 1',
      'ahead 2',
    ]);
    expect(page.edges[1].node).toMatchObject({ replyCount: 1, author: { displayName: 'Ahead 3' } });
    const next = await both({ first: 3, after: page.pageInfo.endCursor });
    expect(next.same).toEqual(next.reference);
    expect(ok(next.one).node.comments.edges[0].node.body).toBe('ahead 3');
    const back = await both({ last: 2, before: page.pageInfo.endCursor });
    expect(back.same).toEqual(back.reference);
    expect(ok(back.one).node.comments.edges.map((e: { node: { body: string } }) => e.node.body)).toEqual([
      'ahead 0',
      'ahead 1',
    ]);
    // The comments cost no statement of their own: as many as the post alone.
    const alone = await statements(reader, TITLE_ONLY, { id: post });
    const withComments = await statements(reader, BY_NODE, { id: post, first: 20 });
    expect(withComments).toHaveLength(alone.length);
    expect(withComments.some((s) => /FROM comment c/.test(s) && /FROM post p/.test(s))).toBe(true);
  });

  it('refuses what Post.comments refuses, with the same errors', async () => {
    for (const variables of [
      { first: 0 },
      { first: 101 },
      { first: 2, last: 2 },
      { first: 2, after: 'not-a-cursor' },
      { first: 2, after: 'x'.repeat(501) },
    ]) {
      const { one, reference } = await both(variables);
      expect(codes(one)).toEqual((reference.errors ?? []).map((e) => e.extensions?.code));
      expect(codes(one)).toEqual(['BAD_USER_INPUT']);
      expect(one.data?.node?.comments ?? null).toBeNull();
    }
  });

  it('falls back to the field’s own read for selections it does not fold, with the same answers', async () => {
    const twice = `query($id: ID!) { node(id: $id) { ... on Post {
      a: comments(first: 1) { edges { node { body } } } b: comments(first: 2) { edges { node { body } } } } } }`;
    expect(ok(await gql(server, twice, { id: post }, { token: reader.accessToken })).node).toEqual({
      a: { edges: [{ node: { body: 'ahead 0' } }] },
      b: { edges: [{ node: { body: 'ahead 0' } }, { node: { body: 'ahead 1' } }] },
    });
    const skipped = `query($id: ID!, $on: Boolean!) { node(id: $id) { ... on Post {
      comments(first: 1) @include(if: $on) { edges { node { body } } } } } }`;
    expect(
      ok(await gql(server, skipped, { id: post, on: true }, { token: reader.accessToken })).node,
    ).toEqual({
      comments: { edges: [{ node: { body: 'ahead 0' } }] },
    });
    expect(
      ok(await gql(server, skipped, { id: post, on: false }, { token: reader.accessToken })).node,
    ).toEqual({});
  });

  it('keeps every read rule: hidden comments, blocks, unreadable posts', async () => {
    const [viewer, blocker] = await Promise.all([
      createPractitioner(server),
      createPractitioner(server, { displayName: 'Ahead blocker' }),
    ]);
    const thread = await publishPost(server, author, moderator);
    const hidden = await addComment(server, commenters[0], thread, 'to be hidden');
    await addComment(server, blocker, thread, 'by the blocker');
    await addComment(server, commenters[1], thread, 'stays');
    ok(await resolveRaw(server, moderator, await fileReport(server, viewer, hidden), 'HIDE_CONTENT'));
    ok(await gql(server, BLOCK, { id: viewer.id }, { token: blocker.accessToken }));
    const bodies = async (user: TestUser) => {
      const answer = ok(await gql(server, BY_NODE, { id: thread, first: 20 }, { token: user.accessToken }));
      return answer.node?.comments.edges.map((e: { node: { body: string } }) => e.node.body) ?? null;
    };
    expect(await bodies(viewer)).toEqual(['stays']);
    // The hidden comment's author still sees it; the blocker sees their own.
    expect(await bodies(commenters[0])).toEqual(['to be hidden', 'by the blocker', 'stays']);
    // A post the viewer may not read: no post, no comments.
    ok(await gql(server, BLOCK, { id: viewer.id }, { token: author.accessToken }));
    expect(await bodies(viewer)).toBeNull();
    const pending = await createPending(server);
    expect(await bodies(pending)).toBeNull();
    expect((await gql(server, BY_NODE, { id: thread, first: 20 })).data?.node ?? null).toBeNull();
  });
});

describe('node(id:) reads a practitioner and their first page of posts in one statement (read-ahead)', () => {
  const PAGE = `edges { cursor node { id title publishedAt endorsementCount commentCount author { id displayName } } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }`;
  const BY_NODE = `query($id: ID!, $first: Int, $after: String, $last: Int, $before: String) {
    node(id: $id) { ... on Practitioner { id displayName posts(first: $first, after: $after, last: $last, before: $before) { ${PAGE} } } } }`;
  const BY_NODES = BY_NODE.replace('node(id: $id)', 'nodes(ids: [$id])');
  const NAME_ONLY = `query($id: ID!) { node(id: $id) { ... on Practitioner { id displayName } } }`;

  it('answers as Practitioner.posts does, forward and backward, with the page adding no statement', async () => {
    const [reader, author] = await Promise.all([
      createPractitioner(server),
      createPractitioner(server, { displayName: 'Ahead author' }),
    ]);
    for (let i = 0; i < 5; i++) await publishPost(server, author, moderator, { title: `ahead post ${i}` });
    const both = async (variables: Record<string, unknown>) => {
      const one = await gql(server, BY_NODE, { id: author.id, ...variables }, { token: reader.accessToken });
      const many = await gql(
        server,
        BY_NODES,
        { id: author.id, ...variables },
        { token: reader.accessToken },
      );
      // The same data, and the same errors (but for their path and place: node, not nodes[0]).
      const errors = (r: typeof one) => r.errors?.map((e) => [e.message, e.extensions?.code]);
      expect({ data: one.data, errors: errors(one) }).toEqual({
        data: many.data && { node: many.data.nodes[0] },
        errors: errors(many),
      });
      return one;
    };
    const page = ok(await both({ first: 2 })).node.posts;
    expect(page.edges.map((e: { node: { title: string } }) => e.node.title)).toEqual([
      'ahead post 4',
      'ahead post 3',
    ]);
    expect(page.edges[0].node.author).toEqual({ id: author.id, displayName: 'Ahead author' });
    const next = ok(await both({ first: 2, after: page.pageInfo.endCursor })).node.posts;
    expect(next.edges.map((e: { node: { title: string } }) => e.node.title)).toEqual([
      'ahead post 2',
      'ahead post 1',
    ]);
    await both({ last: 1, before: page.pageInfo.endCursor });
    expect(codes(await both({ first: 0 }))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await both({ first: 2, after: 'not-a-cursor' }))).toEqual(['BAD_USER_INPUT']);
    const alone = await statements(reader, NAME_ONLY, { id: author.id });
    const withPosts = await statements(reader, BY_NODE, { id: author.id, first: 5 });
    expect(withPosts).toHaveLength(alone.length);
    expect(withPosts.some((s) => /FROM practitioner p/.test(s) && /FROM post p/.test(s))).toBe(true);
  });

  it('keeps every read rule: network-only posts, blocks, unverified and anonymous callers', async () => {
    const [member, outsider, author] = await Promise.all([
      createPractitioner(server),
      createPractitioner(server),
      createPractitioner(server, { displayName: 'Ahead networker' }),
    ]);
    const group = await createWorkingGroup(server, author, 'OPEN', 'Ahead circle');
    await addMember(server, group, member);
    await publishPost(server, author, moderator, { title: 'for everyone' });
    await publishPost(server, author, moderator, {
      title: 'for the circle',
      visibility: 'NETWORKS',
      networkIds: [group],
    });
    const titles = async (user: TestUser | null) => {
      const answer = await gql(
        server,
        BY_NODE,
        { id: author.id, first: 10 },
        user ? { token: user.accessToken } : {},
      );
      return answer.data?.node?.posts?.edges.map((e: { node: { title: string } }) => e.node.title) ?? null;
    };
    expect(await titles(member)).toEqual(['for the circle', 'for everyone']);
    expect(await titles(outsider)).toEqual(['for everyone']);
    ok(await gql(server, BLOCK, { id: outsider.id }, { token: author.accessToken }));
    expect(await titles(outsider)).toEqual([]);
    expect(await titles(await createPending(server))).toBeNull();
    expect(await titles(null)).toBeNull();
  });
});
