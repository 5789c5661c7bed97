import { startTestServer } from '../helpers/server';
import type { TestServer } from '../helpers/server';
import { codes, gql, ok } from '../helpers/graphql';
import { createModerator, createPending, createPractitioner } from '../helpers/factories';
import type { TestUser } from '../helpers/factories';
import { countryNetworkId, thematicNetworkId } from '../helpers/networks';
import { VerificationStatus } from '../../src/common/auth/role';
import { PractitionerEntity } from '../../src/modules/practitioner/practitioner.entity';

const FOLLOW = `mutation($t: ID!) { follow(input: { targetId: $t }) { practitioner { id } network { id } } }`;
const UNFOLLOW = `mutation($t: ID!) { unfollow(input: { targetId: $t }) { practitioner { id } network { id } } }`;
const PROFILE = `query($id: ID!) { node(id: $id) { ... on Practitioner {
  followerCount viewerIsFollowing
  followers(first: 10) { edges { node { id } } }
  following(first: 10) { edges { node { id } } }
} } }`;
const NETWORK = `query($id: ID!) { node(id: $id) { ... on Network { viewerIsFollowing } } }`;
const FOLLOWED_NETWORKS = `query($id: ID!, $first: Int!, $after: String) { node(id: $id) { ... on Practitioner {
  followedNetworks(first: $first, after: $after) { edges { node { id name } } pageInfo { hasNextPage endCursor } }
} } }`;
const FOLLOWERS_PAGE = `query($id: ID!, $first: Int!, $after: String) { node(id: $id) { ... on Practitioner {
  followers(first: $first, after: $after) { edges { cursor node { id } } pageInfo { hasNextPage endCursor } }
} } }`;

let server: TestServer;
let moderator: TestUser;
beforeAll(async () => {
  server = await startTestServer();
  moderator = await createModerator(server);
});
afterAll(() => server.stop());

const as = (user: TestUser | null) => ({ token: user?.accessToken });
const profile = async (target: TestUser, viewer: TestUser) =>
  ok(await gql(server, PROFILE, { id: target.id }, as(viewer))).node;
type Page = {
  edges: { node: { id: string } }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
};
const ids = (conn: Pick<Page, 'edges'>) => conn.edges.map((e) => e.node.id);

describe('following a practitioner', () => {
  it('follows and unfollows, idempotently, with counts and both lists', async () => {
    const fan = await createPractitioner(server);
    const star = await createPractitioner(server);
    expect(ok(await gql(server, FOLLOW, { t: star.id }, as(fan))).follow).toEqual({
      practitioner: { id: star.id },
      network: null,
    });
    expect(ok(await gql(server, FOLLOW, { t: star.id }, as(fan))).follow).toEqual({
      practitioner: { id: star.id },
      network: null,
    });
    expect(await profile(star, fan)).toEqual({
      followerCount: 1,
      viewerIsFollowing: true,
      followers: { edges: [{ node: { id: fan.id } }] },
      following: { edges: [] },
    });
    const fanProfile = await profile(fan, star);
    expect(ids(fanProfile.following)).toEqual([star.id]);
    expect(fanProfile.viewerIsFollowing).toBe(false);

    expect(ok(await gql(server, UNFOLLOW, { t: star.id }, as(fan))).unfollow).toEqual({
      practitioner: { id: star.id },
      network: null,
    });
    expect(ok(await gql(server, UNFOLLOW, { t: star.id }, as(fan))).unfollow).toEqual({
      practitioner: { id: star.id },
      network: null,
    });
    expect(await profile(star, fan)).toMatchObject({
      followerCount: 0,
      viewerIsFollowing: false,
      followers: { edges: [] },
    });
  });

  it('pages through followers newest first without gaps or duplicates', async () => {
    const star = await createPractitioner(server);
    const fans: TestUser[] = [];
    for (let i = 0; i < 5; i++) {
      const fan = await createPractitioner(server);
      ok(await gql(server, FOLLOW, { t: star.id }, as(fan)));
      fans.push(fan);
    }
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    do {
      const res = await gql(server, FOLLOWERS_PAGE, { id: star.id, first: 2, after }, as(star));
      const conn: Page = ok(res).node.followers;
      seen.push(...ids(conn));
      after = conn.pageInfo.hasNextPage ? conn.pageInfo.endCursor : null;
      pages += 1;
    } while (after);
    expect(pages).toBe(3);
    expect(seen).toEqual(fans.map((f) => f.id).reverse());
    const bad = await gql(server, FOLLOWERS_PAGE, { id: star.id, first: 2, after: 'nope' }, as(star));
    expect(codes(bad)).toEqual(['BAD_USER_INPUT']);
  });

  it('hides a follower who is no longer verified, except from moderators', async () => {
    const star = await createPractitioner(server);
    const fan = await createPractitioner(server);
    ok(await gql(server, FOLLOW, { t: star.id }, as(fan)));
    await server.database.dataSource
      .getRepository(PractitionerEntity)
      .update({ id: fan.localId }, { verification: VerificationStatus.REJECTED });
    expect(await profile(star, star)).toMatchObject({ followerCount: 0, followers: { edges: [] } });
    expect(ids((await profile(star, moderator)).followers)).toEqual([fan.id]);
  });

  it('refuses to follow oneself (BAD_USER_INPUT)', async () => {
    const me = await createPractitioner(server);
    for (const q of [FOLLOW, UNFOLLOW]) {
      const res = await gql(server, q, { t: me.id }, as(me));
      expect(codes(res)).toEqual(['BAD_USER_INPUT']);
      expect(res.errors![0].extensions!.fields).toEqual([{ field: 'targetId', message: expect.any(String) }]);
    }
  });

  it('answers NOT_FOUND for unknown or hidden practitioners and BAD_USER_INPUT for bad ids', async () => {
    const fan = await createPractitioner(server);
    const pending = await createPending(server);
    const ghost = Buffer.from('Practitioner:00000000-0000-4000-8000-000000000000').toString('base64url');
    const stranger = Buffer.from('Unknown:00000000-0000-4000-8000-000000000000').toString('base64url');
    for (const q of [FOLLOW, UNFOLLOW]) {
      expect(codes(await gql(server, q, { t: ghost }, as(fan)))).toEqual(['NOT_FOUND']);
      expect(codes(await gql(server, q, { t: pending.id }, as(fan)))).toEqual(['NOT_FOUND']);
      expect(codes(await gql(server, q, { t: 'garbage' }, as(fan)))).toEqual(['BAD_USER_INPUT']);
      expect(codes(await gql(server, q, { t: stranger }, as(fan)))).toEqual(['BAD_USER_INPUT']);
    }
  });

  it('lets only verified members follow (FORBIDDEN otherwise); anonymous callers are UNAUTHENTICATED', async () => {
    const star = await createPractitioner(server);
    const pending = await createPending(server);
    const rejected = await createPractitioner(server, { verification: VerificationStatus.REJECTED });
    for (const who of [pending, rejected]) {
      expect(codes(await gql(server, FOLLOW, { t: star.id }, as(who)))).toEqual(['FORBIDDEN']);
      // Accounts that are not verified take no part in the community, unfollowing included.
      expect(codes(await gql(server, UNFOLLOW, { t: star.id }, as(who)))).toEqual(['FORBIDDEN']);
    }
    expect(codes(await gql(server, FOLLOW, { t: star.id }, as(null)))).toEqual(['UNAUTHENTICATED']);
    expect(codes(await gql(server, UNFOLLOW, { t: star.id }, as(null)))).toEqual(['UNAUTHENTICATED']);
  });
});

describe('following a network', () => {
  it('follows and unfollows a network; followedNetworks is shown to its owner only', async () => {
    const fan = await createPractitioner(server);
    const other = await createPractitioner(server);
    const niger = await countryNetworkId(server, fan, 'NE');
    const victims = await thematicNetworkId(server, fan, 'VICTIMS_OF_TERRORISM');
    expect(ok(await gql(server, FOLLOW, { t: niger }, as(fan))).follow).toEqual({
      practitioner: null,
      network: { id: niger },
    });
    expect(ok(await gql(server, FOLLOW, { t: victims }, as(fan))).follow).toEqual({
      practitioner: null,
      network: { id: victims },
    });
    expect(ok(await gql(server, FOLLOW, { t: victims }, as(fan))).follow).toEqual({
      practitioner: null,
      network: { id: victims },
    });
    expect(ok(await gql(server, NETWORK, { id: niger }, as(fan))).node.viewerIsFollowing).toBe(true);
    expect(ok(await gql(server, NETWORK, { id: niger }, as(other))).node.viewerIsFollowing).toBe(false);

    const page1 = ok(await gql(server, FOLLOWED_NETWORKS, { id: fan.id, first: 1 }, as(fan))).node
      .followedNetworks;
    expect(ids(page1)).toEqual([victims]);
    const page2 = ok(
      await gql(
        server,
        FOLLOWED_NETWORKS,
        { id: fan.id, first: 1, after: page1.pageInfo.endCursor },
        as(fan),
      ),
    ).node.followedNetworks;
    expect(ids(page2)).toEqual([niger]);
    expect(page2.pageInfo.hasNextPage).toBe(false);
    expect(
      ok(await gql(server, FOLLOWED_NETWORKS, { id: fan.id, first: 5 }, as(other))).node.followedNetworks,
    ).toBeNull();

    expect(ok(await gql(server, UNFOLLOW, { t: niger }, as(fan))).unfollow).toEqual({
      practitioner: null,
      network: { id: niger },
    });
    expect(ok(await gql(server, NETWORK, { id: niger }, as(fan))).node.viewerIsFollowing).toBe(false);
    expect(
      ids(ok(await gql(server, FOLLOWED_NETWORKS, { id: fan.id, first: 5 }, as(fan))).node.followedNetworks),
    ).toEqual([victims]);
  });

  it('answers NOT_FOUND for an unknown network', async () => {
    const fan = await createPractitioner(server);
    const ghost = Buffer.from('Network:00000000-0000-4000-8000-000000000000').toString('base64url');
    expect(codes(await gql(server, FOLLOW, { t: ghost }, as(fan)))).toEqual(['NOT_FOUND']);
    expect(codes(await gql(server, UNFOLLOW, { t: ghost }, as(fan)))).toEqual(['NOT_FOUND']);
  });
});

describe('SQL statements of a directory page with follow fields', () => {
  it('does not grow with the page size', async () => {
    const viewer = await createPractitioner(server);
    const people: TestUser[] = [];
    for (let i = 0; i < 8; i++) {
      const p = await createPractitioner(server, { displayName: `Follow Count Person ${i}` });
      people.push(p);
      ok(await gql(server, FOLLOW, { t: p.id }, as(viewer)));
      if (i > 0) ok(await gql(server, FOLLOW, { t: people[i - 1].id }, as(p)));
    }
    const QUERY = `query($first: Int!) { practitioners(first: $first, filter: { nameContains: "Follow Count Person" }) {
      edges { node { id followerCount viewerIsFollowing
        followers(first: 2) { edges { node { id displayName } } }
        following(first: 2) { edges { node { id } } } } } } }`;
    const count = async (first: number) => {
      const before = server.database.counter.count;
      const data = ok(await gql(server, QUERY, { first }, as(viewer)));
      expect(data.practitioners.edges).toHaveLength(first);
      expect(
        data.practitioners.edges.every(
          (e: { node: { viewerIsFollowing: boolean } }) => e.node.viewerIsFollowing,
        ),
      ).toBe(true);
      return server.database.counter.count - before;
    };
    expect(await count(8)).toBe(await count(2));
  });
});
