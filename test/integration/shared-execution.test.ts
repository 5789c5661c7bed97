import type { Client } from 'graphql-ws';
import { startTestServer } from '../helpers/server';
import type { TestServer } from '../helpers/server';
import { gql, ok } from '../helpers/graphql';
import { createModerator, createPractitioner } from '../helpers/factories';
import type { TestUser } from '../helpers/factories';
import { connectWs } from '../helpers/ws';
import { publishPost } from '../helpers/posts';
import { addMember, createWorkingGroup } from '../helpers/networks';

// postPublished executed once per event for ordinary members (src/common/realtime/shared-execution.ts):
// what each subscriber receives must be exactly what a per-subscriber execution would give them.
let server: TestServer;
let moderator: TestUser;
const clients: Client[] = [];
beforeAll(async () => {
  server = await startTestServer();
  moderator = await createModerator(server);
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.dispose()));
  await server.stop();
});

type Event = { data?: { postPublished?: Record<string, unknown> }; errors?: unknown[] };

async function subscribe(user: TestUser, query: string, language?: string): Promise<Event[]> {
  const ws = connectWs(server, user.accessToken, language ? { 'accept-language': language } : undefined);
  clients.push(ws.client);
  await ws.connected;
  const events: Event[] = [];
  ws.client.subscribe(
    { query },
    { next: (v) => events.push(v as Event), error: () => undefined, complete: () => undefined },
  );
  await new Promise((r) => setTimeout(r, 150)); // the subscribe message reaches the server
  return events;
}

const waitFor = async (predicate: () => boolean, ms = 3000) => {
  const deadline = Date.now() + ms;
  while (!predicate() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
  return predicate();
};

const follow = (user: TestUser, target: string) =>
  gql(
    server,
    `mutation($t: ID!) { follow(input: { targetId: $t }) { practitioner { id } network { id } } }`,
    { t: target },
    { token: user.accessToken },
  );

describe('postPublished executed once for many subscribers', () => {
  it('gives each subscriber its own language, and the same public fields to members and moderators', async () => {
    const author = await createPractitioner(server, { displayName: 'Amina Diallo' });
    const [en, fr, en2, mod] = [
      await createPractitioner(server),
      await createPractitioner(server),
      await createPractitioner(server),
      await createModerator(server),
    ];
    for (const u of [en, fr, en2, mod]) ok(await follow(u, author.id));
    const Q = `subscription { postPublished { id title countries { code name } author { displayName } } }`;
    const got = [
      await subscribe(en, Q, 'en'),
      await subscribe(fr, Q, 'fr'),
      await subscribe(en2, Q),
      await subscribe(mod, Q),
    ];
    const id = await publishPost(server, author, moderator, { title: 'Shared', countryCodes: ['DE'] });
    expect(await waitFor(() => got.every((e) => e.length === 1))).toBe(true);
    const post = (name: string) => ({
      postPublished: {
        id,
        title: 'Shared',
        countries: [{ code: 'DE', name }],
        author: { displayName: 'Amina Diallo' },
      },
    });
    expect(got.map((e) => e[0].data)).toEqual([
      post('Germany'),
      post('Allemagne'),
      post('Germany'),
      post('Germany'),
    ]);
  });

  it('still executes viewer-dependent selections for each subscriber', async () => {
    const author = await createPractitioner(server);
    const follower = await createPractitioner(server);
    const member = await createPractitioner(server);
    const group = await createWorkingGroup(server, author, 'OPEN');
    await addMember(server, group, member);
    ok(await follow(follower, author.id));
    const Q = `subscription { postPublished { id viewerHasBookmarked author { viewerIsFollowing } } }`;
    const [byFollower, byMember] = [await subscribe(follower, Q), await subscribe(member, Q)];
    // Shared with the group for everyone: the member gets it through the group, the follower through the author.
    const id = await publishPost(server, author, moderator, { networkIds: [group] });
    expect(await waitFor(() => byFollower.length === 1 && byMember.length === 1)).toBe(true);
    expect(byFollower[0].data?.postPublished).toEqual({
      id,
      viewerHasBookmarked: false,
      author: { viewerIsFollowing: true },
    });
    expect(byMember[0].data?.postPublished).toEqual({
      id,
      viewerHasBookmarked: false,
      author: { viewerIsFollowing: false },
    });
  });

  it('shares nothing across the audience: a shared selection still reaches only those who may see the post', async () => {
    const author = await createPractitioner(server);
    const member = await createPractitioner(server);
    const follower = await createPractitioner(server); // follows the author, not in the group
    const group = await createWorkingGroup(server, author, 'OPEN');
    await addMember(server, group, member);
    ok(await follow(follower, author.id));
    const Q = `subscription { postPublished { id title } }`;
    const [byMember, byFollower] = [await subscribe(member, Q), await subscribe(follower, Q)];
    const id = await publishPost(server, author, moderator, { visibility: 'NETWORKS', networkIds: [group] });
    expect(await waitFor(() => byMember.length === 1)).toBe(true);
    await new Promise((r) => setTimeout(r, 300));
    expect(byMember[0].data?.postPublished).toEqual({ id, title: expect.any(String) });
    expect(byFollower).toEqual([]);
  });
});
