import crypto from 'node:crypto';
import { startTestServer } from '../helpers/server';
import type { TestServer } from '../helpers/server';
import { createModerator, createPractitioner } from '../helpers/factories';
import type { TestUser } from '../helpers/factories';
import { codes, gql, ok } from '../helpers/graphql';
import { createDraft, publishPost } from '../helpers/posts';

// Hole 10 of issue 10: a cursor holding an impossible date, `node`/`nodes` with a moderation-queue item
// id and a null `first` variable were INTERNAL_SERVER_ERROR (with `nodes`, the whole answer was null).

let server: TestServer;
let member: TestUser;
let moderator: TestUser;
let postId: string;

beforeAll(async () => {
  server = await startTestServer();
  member = await createPractitioner(server);
  moderator = await createModerator(server);
  postId = await publishPost(server, member, moderator);
  await publishPost(server, member, moderator, { title: 'A second post' });
});
afterAll(() => server.stop());

const cursorOf = (values: unknown[]) => Buffer.from(JSON.stringify(values), 'utf8').toString('base64url');
const FEED = `query($a: String) { feed(first: 1, after: $a) { edges { cursor } } }`;

describe('cursors', () => {
  it('accepts the cursor the server made (control case)', async () => {
    const first = ok(await gql(server, FEED, {}, { token: member.accessToken })).feed;
    const next = ok(await gql(server, FEED, { a: first.edges[0].cursor }, { token: member.accessToken }));
    expect(next.feed.edges).toHaveLength(1);
  });

  it.each([
    ['an impossible date and time', ['2024-13-45T99:99:99Z', crypto.randomUUID()]],
    ['the 30th of February', ['2024-02-30T10:00:00.000Z', crypto.randomUUID()]],
    ['hour 24', ['2024-05-01T24:00:00Z', crypto.randomUUID()]],
    ['year 0', ['0000-01-01T00:00:00Z', crypto.randomUUID()]],
    ['a date that is not a string', [20240501, crypto.randomUUID()]],
    ['an id that is not a uuid', ['2024-05-01T10:00:00.000Z', 'not-a-uuid']],
    ['too few parts', ['2024-05-01T10:00:00.000Z']],
    ['an object instead of a list', { at: '2024-05-01T10:00:00.000Z' }],
  ])('refuses a cursor holding %s as BAD_USER_INPUT naming `after`', async (_label, values) => {
    const after = cursorOf(values as unknown[]);
    const res = await gql(server, FEED, { a: after }, { token: member.accessToken });
    expect(codes(res)).toEqual(['BAD_USER_INPUT']);
    expect(res.errors![0].extensions!.fields).toEqual([{ field: 'after', message: expect.any(String) }]);
  });

  it('refuses an impossible date in the other keyset connections too', async () => {
    const bad = cursorOf(['2024-13-45T99:99:99Z', crypto.randomUUID()]);
    const queries = [
      `query($a: String) { notifications(after: $a) { edges { cursor } } }`,
      `query($a: String) { bookmarks(after: $a) { edges { cursor } } }`,
      `query($a: String) { contacts(after: $a) { edges { cursor } } }`,
      `query($a: String, $p: ID!) { node(id: $p) { ... on Post { comments(after: $a) { edges { cursor } } } } }`,
    ];
    for (const query of queries) {
      const res = await gql(server, query, { a: bad, p: postId }, { token: member.accessToken });
      expect({ query, codes: codes(res) }).toEqual({ query, codes: ['BAD_USER_INPUT'] });
      expect(res.errors![0].extensions!.fields).toEqual([{ field: 'after', message: expect.any(String) }]);
    }
    const queue = await gql(
      server,
      `query($a: String) { moderationQueue(after: $a) { edges { cursor } } }`,
      { a: cursorOf(['2024-13-45T99:99:99Z', 'POST_REVIEW:POST:x']) },
      { token: moderator.accessToken },
    );
    expect(codes(queue)).toEqual(['BAD_USER_INPUT']);
  });

  it('refuses an impossible date in a legal-development cursor (ordered by effective date)', async () => {
    const res = await gql(
      server,
      `query($a: String) { legalDevelopments(after: $a) { edges { cursor } } }`,
      { a: cursorOf(['2024-13-45', crypto.randomUUID()]) },
      { token: member.accessToken },
    );
    expect(codes(res)).toEqual(['BAD_USER_INPUT']);
    expect(res.errors![0].extensions!.fields).toEqual([{ field: 'after', message: expect.any(String) }]);
  });

  it('refuses a non-finite or fractional number in an instrument cursor', async () => {
    for (const year of ['1e400', '1999.5']) {
      const after = Buffer.from(`[${year},"x","${crypto.randomUUID()}"]`).toString('base64url');
      const res = await gql(
        server,
        `query($a: String) { instruments(after: $a) { edges { cursor } } }`,
        { a: after },
        { token: member.accessToken },
      );
      expect(codes(res)).toEqual(['BAD_USER_INPUT']);
      expect(res.errors![0].extensions!.fields).toEqual([{ field: 'after', message: expect.any(String) }]);
    }
  });

  it('refuses a NUL character hidden inside a cursor', async () => {
    const res = await gql(
      server,
      `query($a: String) { practitioners(after: $a) { edges { cursor } } }`,
      { a: cursorOf(['Name\u0000', crypto.randomUUID()]) },
      { token: member.accessToken },
    );
    expect(codes(res)).toEqual(['BAD_USER_INPUT']);
    expect(res.errors![0].extensions!.fields).toEqual([{ field: 'after', message: expect.any(String) }]);
  });
});

describe('node and nodes with a moderation-queue item id (a Node, seen only by those whose queue holds it)', () => {
  async function queueItemId(): Promise<string> {
    await createDraft(server, member).then(({ id }) =>
      gql(
        server,
        `mutation($id: ID!) { submitPost(input: { id: $id }) { post { id } } }`,
        { id },
        { token: member.accessToken },
      ),
    );
    const queue = ok(
      await gql(
        server,
        `{ moderationQueue { edges { node { id } } } }`,
        {},
        { token: moderator.accessToken },
      ),
    ).moderationQueue;
    expect(queue.edges.length).toBeGreaterThan(0);
    return queue.edges[0].node.id;
  }

  it('answers the item to a moderator and null to a member, without an error', async () => {
    const itemId = await queueItemId();
    for (const [user, expected] of [
      [moderator, { id: itemId }],
      [member, null],
    ] as const) {
      const res = await gql(
        server,
        `query($id: ID!) { node(id: $id) { id } }`,
        { id: itemId },
        { token: user.accessToken },
      );
      expect(res.errors).toBeUndefined();
      expect(res.data).toEqual({ node: expected });
    }
  });

  it('answers it in place in `nodes`, and null at its position for a member, keeping the others', async () => {
    const itemId = await queueItemId();
    for (const [user, expected] of [
      [moderator, { id: itemId }],
      [member, null],
    ] as const) {
      const res = await gql(
        server,
        `query($ids: [ID!]!) { nodes(ids: $ids) { id } }`,
        { ids: [postId, itemId, postId] },
        { token: user.accessToken },
      );
      expect(res.errors).toBeUndefined();
      expect(res.data).toEqual({ nodes: [{ id: postId }, expected, { id: postId }] });
    }
  });

  it('answers a malformed id in `nodes` with an error at its position only, never `data: null`', async () => {
    const res = await gql(
      server,
      `query($ids: [ID!]!) { nodes(ids: $ids) { id } }`,
      { ids: [postId, 'abc', postId] },
      { token: member.accessToken },
    );
    expect(res.data).toEqual({ nodes: [{ id: postId }, null, { id: postId }] });
    expect(codes(res)).toEqual(['BAD_USER_INPUT']);
    expect(res.errors![0].path).toEqual(['nodes', 1]);
    expect(res.errors![0].extensions!.fields).toEqual([{ field: 'ids[1]', message: expect.any(String) }]);
  });
});

describe('a null `first`', () => {
  it('counts as omitted (20) when a variable with a default is sent as null', async () => {
    const res = await gql(
      server,
      `query($n: Int = 20) { feed(first: $n) { edges { cursor } pageInfo { hasNextPage } } }`,
      { n: null },
      { token: member.accessToken },
    );
    expect(res.errors).toBeUndefined();
    expect(ok(res).feed.edges).toHaveLength(2);
  });

  it('counts as omitted on nested connections and inline too', async () => {
    const res = await gql(
      server,
      `query($n: Int, $p: ID!) {
         a: node(id: $p) { ... on Post { comments(first: $n) { edges { cursor } } } }
         b: practitioners(first: null) { edges { cursor } }
       }`,
      { n: null, p: postId },
      { token: member.accessToken },
    );
    expect(res.errors).toBeUndefined();
    expect(ok(res).b.edges.length).toBeGreaterThan(0);
  });

  it('still refuses 0 and 101 as BAD_USER_INPUT', async () => {
    for (const n of [0, 101]) {
      const res = await gql(
        server,
        `query($n: Int) { feed(first: $n) { edges { cursor } } }`,
        { n },
        {
          token: member.accessToken,
        },
      );
      expect(codes(res)).toEqual(['BAD_USER_INPUT']);
    }
  });
});

describe('a null variable for any other non-null argument with a default', () => {
  it('is BAD_USER_INPUT naming the argument, not an internal error', async () => {
    const network = ok(
      await gql(
        server,
        `{ networks(first: 1) { edges { node { id } } } }`,
        {},
        { token: member.accessToken },
      ),
    ).networks.edges[0].node.id;
    const cases: [string, Record<string, unknown>, string][] = [
      [
        `query($u: Boolean = false) { notifications(unreadOnly: $u) { edges { cursor } } }`,
        { u: null },
        'unreadOnly',
      ],
      [
        `query($s: MembershipStatus = ACTIVE, $id: ID!) {
           node(id: $id) { ... on Network { members(status: $s) { edges { cursor } } } } }`,
        { s: null, id: network },
        'status',
      ],
    ];
    for (const [query, variables, field] of cases) {
      const res = await gql(server, query, variables, { token: member.accessToken });
      expect(codes(res)).toEqual(['BAD_USER_INPUT']);
      expect(res.errors![0].extensions!.fields).toEqual([{ field, message: 'must not be null' }]);
    }
  });
});
