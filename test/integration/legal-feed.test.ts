import type { Client } from 'graphql-ws';
import { startTestServer } from '../helpers/server';
import type { TestServer } from '../helpers/server';
import { gql, ok } from '../helpers/graphql';
import { createModerator, createPractitioner } from '../helpers/factories';
import type { TestUser } from '../helpers/factories';
import { Role } from '../../src/common/auth/role';
import { connectWs } from '../helpers/ws';
import { publishPost } from '../helpers/posts';
import { countryNetworkId, thematicNetworkId } from '../helpers/networks';
import { propose, publishLegal, review } from '../helpers/legal';

let server: TestServer;
let moderator: TestUser;
let expert: TestUser;
const clients: Client[] = [];
beforeAll(async () => {
  server = await startTestServer();
  [moderator, expert] = await Promise.all([
    createModerator(server),
    createPractitioner(server, { role: Role.EXPERT }),
  ]);
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.dispose()));
  await server.stop();
});

const FEED = `query($first: Int, $after: String) { feed(first: $first, after: $after) {
  edges { cursor node { __typename ... on Post { id } ... on LegalDevelopment { id kind country { code } } } }
  pageInfo { hasNextPage endCursor } } }`;
const feedIds = async (user: TestUser, first = 100): Promise<string[]> =>
  ok(await gql(server, FEED, { first }, { token: user.accessToken })).feed.edges.map(
    (e: { node: { id: string } }) => e.node.id,
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
const join = async (user: TestUser, networkId: string) =>
  ok(
    await gql(
      server,
      `mutation($n: ID!) { joinNetwork(input: { networkId: $n }) { network { id } } }`,
      { n: networkId },
      { token: user.accessToken },
    ),
  );

describe('home feed', () => {
  it('includes developments of followed or joined country networks and followed thematic networks only', async () => {
    const [countryFollower, countryMember, areaFollower, unrelated] = await Promise.all([
      createPractitioner(server, { countryCode: 'NE' }),
      createPractitioner(server, { countryCode: 'NE' }),
      createPractitioner(server, { countryCode: 'NE' }),
      createPractitioner(server, { countryCode: 'NE' }),
    ]);
    const france = await countryNetworkId(server, countryFollower, 'FR');
    const cbrn = await thematicNetworkId(server, countryFollower, 'CBRN_TERRORISM');
    await follow(countryFollower, france);
    await join(countryMember, france);
    await follow(areaFollower, cbrn);

    const inFrance = await publishLegal(server, expert, {
      countryCode: 'FR',
      thematicAreaCodes: ['INTERNATIONAL_COOPERATION'],
    });
    const cbrnInGermany = await publishLegal(server, expert, {
      countryCode: 'DE',
      thematicAreaCodes: ['CBRN_TERRORISM'],
    });
    const elsewhere = await publishLegal(server, expert, {
      countryCode: 'JP',
      thematicAreaCodes: ['VICTIMS_OF_TERRORISM'],
    });
    // Proposed but not yet published: in nobody's feed.
    const member = await createPractitioner(server);
    const pending = ok(await propose(server, member, { countryCode: 'FR' })).proposeLegalDevelopment
      .legalDevelopment.id;

    expect(await feedIds(countryFollower)).toEqual([inFrance]);
    expect(await feedIds(countryMember)).toEqual([inFrance]);
    expect(await feedIds(areaFollower)).toEqual([cbrnInGermany]);
    expect(await feedIds(unrelated)).toEqual([]);
    const own = await feedIds(expert);
    expect(own).toEqual(expect.arrayContaining([inFrance, cbrnInGermany, elsewhere]));
    expect(own).not.toContain(pending);
    // Once approved, it joins the feed of those following France.
    ok(await review(server, moderator, pending, 'APPROVE'));
    await server.services.outbox.drain(); // its fan-out runs after the commit (a race on a loaded machine)
    expect(await feedIds(countryFollower)).toEqual([pending, inFrance]);
  });

  it('merges posts and developments newest first, and pages through both with one cursor', async () => {
    const [viewer, author] = await Promise.all([
      createPractitioner(server, { countryCode: 'NE' }),
      createPractitioner(server, { countryCode: 'NE' }),
    ]);
    await follow(viewer, author.id);
    await follow(viewer, await countryNetworkId(server, viewer, 'SN'));
    const order: string[] = [];
    order.push(await publishPost(server, author, moderator, { title: 'first post' }));
    order.push(await publishLegal(server, expert, { countryCode: 'SN' }));
    order.push(await publishPost(server, author, moderator, { title: 'second post' }));
    order.push(await publishLegal(server, expert, { countryCode: 'SN', kind: 'COURT_DECISION' }));
    order.push(await publishLegal(server, expert, { countryCode: 'SN', kind: 'POLICY' }));
    const expected = [...order].reverse();
    const page = ok(await gql(server, FEED, { first: 100 }, { token: viewer.accessToken })).feed;
    expect(page.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual(expected);
    expect(page.edges.map((e: { node: { __typename: string } }) => e.node.__typename)).toEqual([
      'LegalDevelopment',
      'LegalDevelopment',
      'Post',
      'LegalDevelopment',
      'Post',
    ]);
    const walked: string[] = [];
    let after: string | null = null;
    for (let i = 0; i < 10; i++) {
      const p: { edges: { node: { id: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string } } =
        ok(await gql(server, FEED, { first: 2, after }, { token: viewer.accessToken })).feed;
      walked.push(...p.edges.map((e) => e.node.id));
      if (!p.pageInfo.hasNextPage) break;
      after = p.pageInfo.endCursor;
    }
    expect(walked).toEqual(expected);
  });
});

interface Received {
  events: {
    data?: { legalDevelopmentPublished: { id: string; kind: string; country: { code: string } | null } };
  }[];
  errors: unknown[];
  client: Client;
}

async function subscribe(user: TestUser | null, filter: Record<string, unknown> | null): Promise<Received> {
  const ws = connectWs(server, user?.accessToken ?? null);
  clients.push(ws.client);
  await ws.connected;
  const received: Received = { events: [], errors: [], client: ws.client };
  ws.client.subscribe(
    {
      query: `subscription($f: LegalDevelopmentFilter) { legalDevelopmentPublished(filter: $f) { id kind country { code } } }`,
      variables: { f: filter },
    },
    {
      next: (v) => received.events.push(v as Received['events'][number]),
      error: (e) => received.errors.push(e),
      complete: () => undefined,
    },
  );
  // Let the subscribe message reach the server and the subscription register.
  await new Promise((r) => setTimeout(r, 150));
  return received;
}

const waitFor = async (predicate: () => boolean, ms: number) => {
  const deadline = Date.now() + ms;
  while (!predicate() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
  return predicate();
};

describe('legalDevelopmentPublished', () => {
  it('pushes each publication to the subscriptions whose filter matches, and only to them', async () => {
    const viewer = await createPractitioner(server);
    const [byCountry, byKind, byRegion, everything, anonymous, byArea] = await Promise.all([
      subscribe(viewer, { countryCodes: ['FR'] }),
      subscribe(viewer, { kinds: ['COURT_DECISION'] }),
      subscribe(viewer, { regionCodes: ['155'] }), // Western Europe
      subscribe(viewer, null),
      subscribe(null, { countryCodes: ['FR'], from: '2024-01-01' }),
      subscribe(viewer, { thematicAreaCodes: ['VICTIMS_OF_TERRORISM'] }),
    ]);
    const id = await publishLegal(server, expert, {
      countryCode: 'FR',
      kind: 'LEGISLATION',
      effectiveDate: '2024-04-01',
      thematicAreaCodes: ['FINANCING_OF_TERRORISM'],
    });
    expect(
      await waitFor(
        () => [byCountry, byRegion, everything, anonymous].every((s) => s.events.length === 1),
        2000,
      ),
    ).toBe(true);
    for (const s of [byCountry, byRegion, everything, anonymous])
      expect(s.events[0].data?.legalDevelopmentPublished).toEqual({
        id,
        kind: 'LEGISLATION',
        country: { code: 'FR' },
      });
    // Wait for a later event that byKind and byArea match, so the absence of the first one is not a race.
    const member = await createPractitioner(server);
    const proposed = ok(
      await propose(server, member, {
        countryCode: 'JP',
        kind: 'COURT_DECISION',
        thematicAreaCodes: ['VICTIMS_OF_TERRORISM'],
      }),
    ).proposeLegalDevelopment.legalDevelopment.id;
    await new Promise((r) => setTimeout(r, 200));
    expect(byKind.events).toEqual([]); // a proposal awaiting review is not published
    ok(await review(server, moderator, proposed, 'APPROVE'));
    expect(
      await waitFor(
        () => byKind.events.length === 1 && byArea.events.length === 1 && everything.events.length === 2,
        2000,
      ),
    ).toBe(true);
    expect(byKind.events.map((e) => e.data?.legalDevelopmentPublished.id)).toEqual([proposed]);
    expect(byArea.events.map((e) => e.data?.legalDevelopmentPublished.id)).toEqual([proposed]);
    expect(byCountry.events).toHaveLength(1);
    expect(byRegion.events).toHaveLength(1);
    expect(anonymous.events).toHaveLength(1);
  });

  it('refuses a bad filter with BAD_USER_INPUT', async () => {
    const viewer = await createPractitioner(server);
    const bad = await subscribe(viewer, { countryCodes: ['ZZ'] });
    await waitFor(() => bad.errors.length + bad.events.length > 0, 1000);
    expect(JSON.stringify([...bad.errors, ...bad.events])).toContain('BAD_USER_INPUT');
  });

  it('costs the same number of SQL statements per event whatever the number of subscribers', async () => {
    const viewers = await Promise.all(Array.from({ length: 8 }, () => createPractitioner(server)));
    const subs = await Promise.all(
      viewers.map((v, i) => subscribe(v, i % 2 ? { countryCodes: ['TD'] } : null)),
    );
    // Counted from an idle outbox to an idle outbox: the events' delivery (and its bookkeeping) runs in the
    // background after the mutation answers, so a window closed as soon as the subscribers receive the event
    // may or may not include the dispatcher's last statements.
    await server.services.notifications.drain();
    const before = server.database.counter.count;
    await publishLegal(server, expert, { countryCode: 'TD' });
    expect(await waitFor(() => subs.every((s) => s.events.length === 1), 3000)).toBe(true);
    await server.services.notifications.drain();
    const withEight = server.database.counter.count - before;
    await Promise.all(subs.slice(2).map((s) => s.client.dispose()));
    await new Promise((r) => setTimeout(r, 200));
    await server.services.notifications.drain();
    const b2 = server.database.counter.count;
    await publishLegal(server, expert, { countryCode: 'TD' });
    expect(await waitFor(() => subs.slice(0, 2).every((s) => s.events.length === 2), 3000)).toBe(true);
    await server.services.notifications.drain();
    expect(server.database.counter.count - b2).toBe(withEight);
  });
});
