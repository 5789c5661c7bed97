import { startTestServer } from '../helpers/server';
import type { TestServer } from '../helpers/server';
import { codes, gql, ok } from '../helpers/graphql';
import { createModerator, createPractitioner } from '../helpers/factories';
import type { TestUser } from '../helpers/factories';
import { publishPost } from '../helpers/posts';

let server: TestServer;
let moderator: TestUser;
beforeAll(async () => {
  server = await startTestServer();
  moderator = await createModerator(server, { displayName: 'Feed Moderator' });
});
afterAll(() => server.stop());

const FEED = `query($first: Int, $after: String) { feed(first: $first, after: $after) {
  edges { cursor node { __typename ... on Post { id title author { id displayName country { code name } } networks { id } countries { code }
    endorsementCount commentCount viewerHasEndorsed viewerHasBookmarked } } }
  pageInfo { hasNextPage endCursor } } }`;

const feedIds = async (user: TestUser, first = 100): Promise<string[]> =>
  ok(await gql(server, FEED, { first }, { token: user.accessToken })).feed.edges.map(
    (e: { node: { id: string } }) => e.node.id,
  );

async function createGroup(owner: TestUser, name: string, joinPolicy = 'OPEN'): Promise<string> {
  const res = await gql(
    server,
    `mutation($i: CreateWorkingGroupInput!) { createWorkingGroup(input: $i) { network { id } } }`,
    { i: { name, description: 'test', joinPolicy } },
    { token: owner.accessToken },
  );
  return ok(res).createWorkingGroup.network.id;
}
const join = async (user: TestUser, networkId: string) =>
  ok(
    await gql(
      server,
      `mutation($n: ID!) { joinNetwork(input: { networkId: $n }) { network { id } } }`,
      { n: networkId },
      { token: user.accessToken },
    ),
  );
const follow = async (user: TestUser, targetId: string) =>
  ok(
    await gql(
      server,
      `mutation($t: ID!) { follow(input: { targetId: $t }) { practitioner { id } network { id } } }`,
      { t: targetId },
      { token: user.accessToken },
    ),
  );

describe('home feed', () => {
  it('holds posts of followed authors and of joined or followed networks, newest first, and nothing else', async () => {
    const [viewer, followed, stranger, owner] = await Promise.all([
      createPractitioner(server, { displayName: 'Viewer' }),
      createPractitioner(server, { displayName: 'Followed' }),
      createPractitioner(server, { displayName: 'Stranger' }),
      createPractitioner(server, { displayName: 'Group owner' }),
    ]);
    const joined = await createGroup(owner, 'Joined group');
    const followedNet = await createGroup(owner, 'Followed group');
    await join(viewer, joined);
    await follow(viewer, followed.id);
    await follow(viewer, followedNet);
    const a = await publishPost(server, followed, moderator, { title: 'by followed author' });
    const b = await publishPost(server, owner, moderator, {
      title: 'in joined network',
      networkIds: [joined],
    });
    const c = await publishPost(server, owner, moderator, {
      title: 'in followed network',
      networkIds: [followedNet],
    });
    await publishPost(server, stranger, moderator, { title: 'by a stranger' });
    const own = await publishPost(server, viewer, moderator, { title: 'own post' });
    expect(await feedIds(viewer)).toEqual([own, c, b, a]);
  });

  it('shows NETWORKS posts only to members: a follower of the network who is not a member does not get it', async () => {
    const [member, networkFollower, owner] = await Promise.all([
      createPractitioner(server),
      createPractitioner(server),
      createPractitioner(server),
    ]);
    const group = await createGroup(owner, 'Closed circle');
    await join(member, group);
    await follow(networkFollower, group);
    await follow(networkFollower, owner.id);
    const secret = await publishPost(server, owner, moderator, {
      title: 'members only',
      visibility: 'NETWORKS',
      networkIds: [group],
    });
    expect(await feedIds(member)).toContain(secret);
    expect(await feedIds(networkFollower)).not.toContain(secret);
    const node = `query($id: ID!) { node(id: $id) { id } }`;
    expect(
      ok(await gql(server, node, { id: secret }, { token: networkFollower.accessToken })).node,
    ).toBeNull();
    expect(ok(await gql(server, node, { id: secret }, { token: member.accessToken })).node).toEqual({
      id: secret,
    });
    // Scoped lists apply the same rule.
    const byAuthor = `query($id: ID!) { node(id: $id) { ... on Practitioner { posts { edges { node { id } } } } } }`;
    const listed = (u: TestUser) =>
      gql(server, byAuthor, { id: owner.id }, { token: u.accessToken }).then((r) =>
        ok(r).node.posts.edges.map((e: { node: { id: string } }) => e.node.id),
      );
    expect(await listed(networkFollower)).not.toContain(secret);
    expect(await listed(member)).toContain(secret);
    const inNetwork = `query($id: ID!) { node(id: $id) { ... on Network { posts { edges { node { id } } } } } }`;
    expect(
      ok(await gql(server, inNetwork, { id: group }, { token: member.accessToken })).node.posts.edges,
    ).toEqual([{ node: { id: secret } }]);
    expect(
      ok(await gql(server, inNetwork, { id: group }, { token: networkFollower.accessToken })).node.posts
        .edges,
    ).toEqual([]);
  });

  it('paginates across pages with posts published in between: no duplicates, no gaps', async () => {
    const [reader, writer] = await Promise.all([createPractitioner(server), createPractitioner(server)]);
    await follow(reader, writer.id);
    const older: string[] = [];
    for (let i = 0; i < 5; i++)
      older.push(await publishPost(server, writer, moderator, { title: `older ${i}` }));
    const page1 = ok(await gql(server, FEED, { first: 2 }, { token: reader.accessToken })).feed;
    for (let i = 0; i < 3; i++) await publishPost(server, writer, moderator, { title: `newer ${i}` });
    const seen = page1.edges.map((e: { node: { id: string } }) => e.node.id);
    let after = page1.pageInfo.endCursor;
    for (;;) {
      const page = ok(await gql(server, FEED, { first: 2, after }, { token: reader.accessToken })).feed;
      seen.push(...page.edges.map((e: { node: { id: string } }) => e.node.id));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(seen).toEqual([...older].reverse());
  });

  it('serves a page with author, country, networks, counts and viewer flags in the same small number of SQL statements for 10 and 50 posts', async () => {
    const [reader, ...writers] = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        createPractitioner(server, {
          displayName: `Writer ${i}`,
          countryCode: ['NE', 'FR', 'MA', 'CO', 'RU', 'CN'][i],
        }),
      ),
    );
    const owner = writers[0];
    const group = await createGroup(owner, 'Counted group');
    await join(reader, group);
    for (const w of writers.slice(1)) await join(w, group);
    for (const w of writers) await follow(reader, w.id);
    for (let i = 0; i < 50; i++)
      await publishPost(server, writers[i % writers.length], moderator, {
        title: `p${i}`,
        networkIds: i % 2 ? [] : [group],
      });
    let statements: string[] = [];
    const count = async (first: number) => {
      const before = server.database.counter.count;
      server.database.counter.recording = [];
      const res = ok(await gql(server, FEED, { first }, { token: reader.accessToken }));
      expect(res.feed.edges).toHaveLength(first);
      statements = server.database.counter.recording;
      server.database.counter.recording = null;
      return server.database.counter.count - before;
    };
    await server.services.notifications.drain(); // the reviews' notifications are written in the background
    await count(10); // warm-up
    const ten = await count(10);
    const fifty = await count(50);
    expect(fifty).toBe(ten);
    // The session with the viewer's facts, the page from the home timeline (with the posts' authors,
    // network ids and the viewer's flags), and the networks (joined in one query).
    if (ten > 3)
      throw new Error(`${ten} statements:\n${statements.map((sql) => sql.slice(0, 200)).join('\n')}`);
  });

  it('requires a signed-in caller and bounds first', async () => {
    expect(codes(await gql(server, FEED, { first: 10 }))).toEqual(['UNAUTHENTICATED']);
    const user = await createPractitioner(server);
    expect(codes(await gql(server, FEED, { first: 101 }, { token: user.accessToken }))).toEqual([
      'BAD_USER_INPUT',
    ]);
    expect(codes(await gql(server, FEED, { first: 0 }, { token: user.accessToken }))).toEqual([
      'BAD_USER_INPUT',
    ]);
    expect(codes(await gql(server, FEED, { first: 5, after: 'bogus' }, { token: user.accessToken }))).toEqual(
      ['BAD_USER_INPUT'],
    );
  });
});

describe('scoped lists', () => {
  it('lists published posts by country and thematic area, and featured posts', async () => {
    const [writer, reader] = await Promise.all([createPractitioner(server), createPractitioner(server)]);
    const id = await publishPost(server, writer, moderator, {
      title: 'Sahel MLA practice',
      countryCodes: ['ML', 'NE'],
      thematicAreaCodes: ['INTERNATIONAL_COOPERATION'],
    });
    const byCountry = ok(
      await gql(
        server,
        `{ country(code: "ML") { posts { edges { node { id } } } } }`,
        {},
        { token: reader.accessToken },
      ),
    );
    expect(byCountry.country.posts.edges).toEqual([{ node: { id } }]);
    const areas = ok(
      await gql(
        server,
        `{ thematicAreas { code posts(first: 100) { edges { node { id } } } } }`,
        {},
        { token: reader.accessToken },
      ),
    ).thematicAreas;
    const coop = areas.find((a: { code: string }) => a.code === 'INTERNATIONAL_COOPERATION');
    expect(coop.posts.edges.map((e: { node: { id: string } }) => e.node.id)).toContain(id);
    expect(codes(await gql(server, `{ country(code: "ML") { posts { edges { node { id } } } } }`))).toEqual([
      'UNAUTHENTICATED',
    ]);
  });
});
