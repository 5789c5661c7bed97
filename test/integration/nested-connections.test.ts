import { startTestServer } from '../helpers/server';
import type { TestServer } from '../helpers/server';
import { gql, ok } from '../helpers/graphql';
import { createModerator, createPractitioner } from '../helpers/factories';
import type { TestUser } from '../helpers/factories';
import { publishPost } from '../helpers/posts';
import { publishLegal } from '../helpers/legal';
import { addMember, createWorkingGroup } from '../helpers/networks';
import { fileReport } from '../helpers/moderation';

/**
 * Connections on objects that come in lists (a country's posts, a post's comments...) are batched: a list
 * of parents costs one statement per page whatever its length, and each parent still gets its own page.
 */
let server: TestServer;
let author: TestUser;
let moderator: TestUser;
let member: TestUser;
let outsider: TestUser;
let groupId: string;
/** Post ids by country, newest first. */
const postsOf: Record<string, string[]> = { NE: [], ML: [], SN: [] };
/** The NETWORKS post in NE, shared with the working group only. */
let groupPost: string;
/** Legal development ids by country, newest effective date first. */
const developmentsOf: Record<string, string[]> = { NE: [], ML: [] };

beforeAll(async () => {
  server = await startTestServer();
  [author, moderator, member, outsider] = await Promise.all([
    createPractitioner(server),
    createModerator(server),
    createPractitioner(server),
    createPractitioner(server),
  ]);
  groupId = await createWorkingGroup(server, author, 'OPEN');
  await addMember(server, groupId, member);
  // Published one after the other: later ones are newer. unshift keeps each list newest first.
  for (const code of ['NE', 'ML', 'NE', 'SN', 'NE', 'ML'])
    postsOf[code].unshift(await publishPost(server, author, moderator, { countryCodes: [code] }));
  groupPost = await publishPost(server, author, moderator, {
    countryCodes: ['NE'],
    visibility: 'NETWORKS',
    networkIds: [groupId],
  });
  for (const [code, date] of [
    ['NE', '2024-01-01'],
    ['NE', '2024-03-01'],
    ['ML', '2024-02-01'],
    ['NE', '2024-02-01'],
  ] as const)
    developmentsOf[code].push(
      await publishLegal(server, moderator, { countryCode: code, effectiveDate: date }),
    );
  developmentsOf.NE = [developmentsOf.NE[1], developmentsOf.NE[2], developmentsOf.NE[0]]; // by date, newest first
});
afterAll(() => server.stop());

/** Runs a query as `user`; returns its data and how many SQL statements it ran. */
async function counted(user: TestUser, query: string, variables: Record<string, unknown> = {}) {
  // What earlier writes left to the outbox is delivered first: its statements must not be counted here.
  await server.services.notifications.drain();
  const before = server.database.counter.count;
  const data = ok(await gql(server, query, variables, { token: user.accessToken }));
  return { data, statements: server.database.counter.count - before };
}

type Page = {
  edges: { cursor: string; node: { id: string } }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
};
const ids = (page: Page) => page.edges.map((e) => e.node.id);
const PAGE = `edges { cursor node { id } } pageInfo { hasNextPage endCursor }`;

describe('per-row connections', () => {
  const COUNTRIES = `query($region: String!) { countries(regionCode: $region) { code
    posts(first: 2) { ${PAGE} } legalDevelopments(first: 2) { ${PAGE} } } }`;

  it('Country.posts and Country.legalDevelopments: as many statements for 58 countries as for 17', async () => {
    const western = await counted(member, COUNTRIES, { region: '011' }); // Western Africa
    const africa = await counted(member, COUNTRIES, { region: '002' });
    expect(western.data.countries.length).toBeGreaterThanOrEqual(16);
    expect(africa.data.countries.length).toBeGreaterThan(50);
    expect(africa.statements).toBe(western.statements);
    expect(africa.statements).toBeLessThanOrEqual(6);
  });

  it('gives each country its own page: order, cursors, hasNextPage, and the next page through `after`', async () => {
    const { data } = await counted(member, COUNTRIES, { region: '011' });
    const byCode = new Map(
      data.countries.map((c: { code: string; posts: Page; legalDevelopments: Page }) => [c.code, c]),
    );
    const ne = byCode.get('NE') as { posts: Page; legalDevelopments: Page };
    // The member reads the working group's post too: it is the newest.
    expect(ids(ne.posts)).toEqual([groupPost, postsOf.NE[0]]);
    expect(ne.posts.pageInfo).toEqual({ hasNextPage: true, endCursor: ne.posts.edges[1].cursor });
    expect(ids((byCode.get('ML') as { posts: Page }).posts)).toEqual(postsOf.ML);
    expect((byCode.get('ML') as { posts: Page }).posts.pageInfo.hasNextPage).toBe(false);
    expect(ids((byCode.get('SN') as { posts: Page }).posts)).toEqual(postsOf.SN);
    expect((byCode.get('GH') as { posts: Page }).posts).toEqual({
      edges: [],
      pageInfo: { hasNextPage: false, endCursor: null },
    });
    expect(ids(ne.legalDevelopments)).toEqual(developmentsOf.NE.slice(0, 2));
    expect(ne.legalDevelopments.pageInfo.hasNextPage).toBe(true);
    expect(ids((byCode.get('ML') as { legalDevelopments: Page }).legalDevelopments)).toEqual(
      developmentsOf.ML,
    );

    const NEXT = `query($p: String, $l: String) { country(code: "NE") {
      posts(first: 2, after: $p) { ${PAGE} } legalDevelopments(first: 2, after: $l) { ${PAGE} } } }`;
    const next = ok(
      await gql(
        server,
        NEXT,
        { p: ne.posts.pageInfo.endCursor, l: ne.legalDevelopments.pageInfo.endCursor },
        { token: member.accessToken },
      ),
    ).country;
    expect(ids(next.posts)).toEqual(postsOf.NE.slice(1));
    expect(next.posts.pageInfo.hasNextPage).toBe(false);
    expect(ids(next.legalDevelopments)).toEqual(developmentsOf.NE.slice(2));
  });

  it('applies the read policy to every row: an outsider does not see the working group’s post', async () => {
    const { data } = await counted(outsider, COUNTRIES, { region: '011' });
    const ne = data.countries.find((c: { code: string }) => c.code === 'NE');
    expect(ids(ne.posts)).toEqual(postsOf.NE.slice(0, 2));
    expect(ne.posts.pageInfo.hasNextPage).toBe(true);
  });

  it('Network.posts, Practitioner.posts and ThematicArea.posts: statements do not grow with the list', async () => {
    // What the nested connection adds to the list’s own statements: one, its page (rows included).
    const added = async (list: string, nested: string) =>
      (await counted(member, list.replace('NESTED', nested))).statements -
      (await counted(member, list.replace('NESTED', ''))).statements;
    const NETWORKS = `{ networks(first: 60) { edges { node { id NESTED } } } }`;
    expect(await added(NETWORKS, `posts(first: 2) { ${PAGE} }`)).toBe(1);
    const group = ok(
      await gql(
        server,
        `query($id: ID!) { node(id: $id) { ... on Network { posts(first: 5) { ${PAGE} } } } }`,
        { id: groupId },
        { token: member.accessToken },
      ),
    ).node;
    expect(ids(group.posts)).toEqual([groupPost]);

    const PEOPLE = `{ practitioners(first: 50) { edges { node { id NESTED } } } }`;
    expect(await added(PEOPLE, `posts(first: 3) { ${PAGE} }`)).toBe(1);
    const all = await counted(member, PEOPLE.replace('NESTED', `posts(first: 3) { ${PAGE} }`));
    expect(all.data.practitioners.edges.length).toBeGreaterThanOrEqual(4);
    const mine = all.data.practitioners.edges.find((e: { node: { id: string } }) => e.node.id === author.id);
    expect(ids(mine.node.posts)).toEqual([groupPost, postsOf.ML[0], postsOf.NE[0]]);
    expect(mine.node.posts.pageInfo.hasNextPage).toBe(true);

    const AREAS = `{ thematicAreas { code posts(first: 2) { ${PAGE} } } }`;
    const areas = await counted(outsider, AREAS);
    expect(areas.data.thematicAreas.length).toBeGreaterThan(5);
    expect(areas.statements).toBeLessThanOrEqual(4);
    const financing = areas.data.thematicAreas.find(
      (a: { code: string }) => a.code === 'FINANCING_OF_TERRORISM',
    );
    expect(ids(financing.posts)).toEqual([postsOf.ML[0], postsOf.NE[0]]);
  });

  it('Post.comments and Comment.replies: statements do not grow with the posts or comments', async () => {
    const ADD = `mutation($p: ID!, $b: String!, $parent: ID) { addComment(input: { postId: $p, body: $b, parentId: $parent }) { comment { id } } }`;
    const comment = async (postId: string, parent: string | null = null) =>
      ok(await gql(server, ADD, { p: postId, b: 'Agreed.', parent }, { token: member.accessToken }))
        .addComment.comment.id as string;
    const threads: Record<string, string[]> = {};
    const replies: Record<string, string[]> = {};
    for (const postId of postsOf.NE) {
      threads[postId] = [];
      for (let i = 0; i < 3; i++) {
        const id = await comment(postId);
        threads[postId].push(id);
        replies[id] = [await comment(postId, id), await comment(postId, id)];
      }
    }
    const THREADS = `query($ids: [ID!]!) { nodes(ids: $ids) { id ... on Post {
      comments(first: 2) { edges { cursor node { id replies(first: 1) { ${PAGE} } } } pageInfo { hasNextPage endCursor } } } } }`;
    const one = await counted(outsider, THREADS, { ids: postsOf.NE.slice(0, 1) });
    const three = await counted(outsider, THREADS, { ids: postsOf.NE });
    expect(three.statements).toBe(one.statements);
    for (const post of three.data.nodes) {
      const { comments } = post;
      expect(ids(comments)).toEqual(threads[post.id].slice(0, 2)); // oldest first
      expect(comments.pageInfo).toEqual({ hasNextPage: true, endCursor: comments.edges[1].cursor });
      for (const c of comments.edges) {
        expect(ids(c.node.replies)).toEqual(replies[c.node.id].slice(0, 1));
        expect(c.node.replies.pageInfo.hasNextPage).toBe(true);
      }
    }
    // The next page of one thread, and of one comment's replies.
    const first = three.data.nodes[0];
    const NEXT = `query($id: ID!, $after: String, $c: ID!, $r: String) {
      post: node(id: $id) { ... on Post { comments(first: 2, after: $after) { ${PAGE} } } }
      comment: node(id: $c) { ... on Comment { replies(first: 5, after: $r) { ${PAGE} } } } }`;
    const next = ok(
      await gql(
        server,
        NEXT,
        {
          id: first.id,
          after: first.comments.pageInfo.endCursor,
          c: first.comments.edges[0].node.id,
          r: first.comments.edges[0].node.replies.pageInfo.endCursor,
        },
        { token: outsider.accessToken },
      ),
    );
    expect(ids(next.post.comments)).toEqual(threads[first.id].slice(2));
    expect(next.post.comments.pageInfo.hasNextPage).toBe(false);
    expect(ids(next.comment.replies)).toEqual(replies[first.comments.edges[0].node.id].slice(1));
  });

  it('refuses a forged cursor in a batched page with BAD_USER_INPUT, and only that field', async () => {
    const res = await gql(
      server,
      `{ a: country(code: "NE") { posts(first: 1, after: "bm90LWpzb24") { ${PAGE} } }
         b: country(code: "ML") { posts(first: 1) { ${PAGE} } } }`,
      {},
      { token: member.accessToken },
    );
    expect(res.errors?.map((e) => [e.extensions?.code, e.path])).toEqual([
      ['BAD_USER_INPUT', ['a', 'posts']],
    ]);
    expect(ids(res.data!.b.posts)).toEqual(postsOf.ML.slice(0, 1));
  });
});

describe('ModerationItem.reports', () => {
  const QUEUE = `query($first: Int!) { moderationQueue(first: $first, filter: { kinds: [REPORT] }) {
    edges { node { reportCount reports { id reason } } } } }`;

  it('lists each item’s open reports oldest first, in as many statements for 6 items as for 2', async () => {
    const reporters = [member, outsider];
    // Every published post of the suite gets two reports: one REPORT item per post.
    const targets = [...postsOf.NE, ...postsOf.ML, ...postsOf.SN];
    const filed: Record<string, string[]> = {};
    for (const postId of targets)
      for (const reporter of reporters)
        (filed[postId] ??= []).push(await fileReport(server, reporter, postId));
    const two = await counted(moderator, QUEUE, { first: 2 });
    const six = await counted(moderator, QUEUE, { first: 6 });
    type Item = { reportCount: number; reports: { id: string }[] };
    const items: Item[] = six.data.moderationQueue.edges.map((e: { node: Item }) => e.node);
    expect(items).toHaveLength(6);
    expect(two.data.moderationQueue.edges).toHaveLength(2);
    const reportIds = new Set(Object.values(filed).flat());
    for (const item of items) {
      expect(item.reportCount).toBe(2);
      expect(item.reports).toHaveLength(2);
      for (const r of item.reports) expect(reportIds.has(r.id)).toBe(true);
      // Oldest first: each post's reports were filed in `reporters` order.
      const post = Object.entries(filed).find(([, list]) => list.includes(item.reports[0].id))![1];
      expect(item.reports.map((r) => r.id)).toEqual(post);
    }
    expect(six.statements).toBe(two.statements);
  });
});
