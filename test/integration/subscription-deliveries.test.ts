import type { Client } from 'graphql-ws';
import { startTestServer } from '../helpers/server';
import type { TestServer } from '../helpers/server';
import { gql, ok } from '../helpers/graphql';
import { createModerator, createPractitioner } from '../helpers/factories';
import type { TestUser } from '../helpers/factories';
import { connectWs } from '../helpers/ws';
import { publishPost } from '../helpers/posts';
import { addComment, notificationsDelivered } from '../helpers/moderation';

// Issue 17: every subscription delivery is resolved with fresh loaders (nothing a delivery loaded is kept for
// the next one: no growth with each event, no stale records), and a new comment's audience is worked out
// once per event for all the subscribers of its post.

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

type Data = Record<string, { id: string; author?: { displayName: string } | null } | undefined>;
interface Live {
  events: { data?: Data; errors?: unknown[] }[];
  errors: unknown[];
}

async function watch(user: TestUser, query: string, variables: Record<string, unknown> = {}): Promise<Live> {
  const ws = connectWs(server, user.accessToken);
  clients.push(ws.client);
  await ws.connected;
  const live: Live = { events: [], errors: [] };
  ws.client.subscribe(
    { query, variables },
    {
      next: (v) => live.events.push(v as Live['events'][number]),
      error: (e) => live.errors.push(e),
      complete: () => undefined,
    },
  );
  return live;
}

const waitFor = async (predicate: () => boolean, ms = 3000) => {
  const deadline = Date.now() + ms;
  while (!predicate() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
  return predicate();
};

const COMMENTS = `subscription($p: ID!) { commentAdded(postId: $p) { id author { displayName } } }`;
const ids = (live: Live, field: string) => live.events.map((e) => e.data?.[field]?.id);

/** Comments on the post until every subscription has received one (graphql-ws does not acknowledge). */
async function provesLive(author: TestUser, postId: string, live: Live[]): Promise<void> {
  const pings = new Set<string>();
  const reached = () => live.every((l) => ids(l, 'commentAdded').some((id) => pings.has(id ?? '')));
  for (let attempt = 0; attempt < 20 && !reached(); attempt++) {
    pings.add(await addComment(server, author, postId, `ping ${attempt}`));
    await waitFor(reached, 250);
  }
  expect(reached()).toBe(true);
}

async function rename(user: TestUser, displayName: string): Promise<void> {
  ok(
    await gql(
      server,
      `mutation($i: UpdateProfileInput!) { updateProfile(input: $i) { practitioner { displayName } } }`,
      { i: { displayName } },
      { token: user.accessToken },
    ),
  );
}

describe('fresh loaders for every delivery', () => {
  it('commentAdded: an author renamed between two deliveries shows the new name in the second', async () => {
    const [author, reader] = await Promise.all([createPractitioner(server), createPractitioner(server)]);
    const postId = await publishPost(server, author, moderator);
    const live = await watch(reader, COMMENTS, { p: postId });
    await provesLive(author, postId, [live]);
    await rename(author, 'Before Rename');
    const first = await addComment(server, author, postId, 'first');
    expect(await waitFor(() => ids(live, 'commentAdded').includes(first))).toBe(true);
    await rename(author, 'After Rename');
    const second = await addComment(server, author, postId, 'second');
    expect(await waitFor(() => ids(live, 'commentAdded').includes(second))).toBe(true);
    const byId = new Map(live.events.map((e) => [e.data?.commentAdded?.id, e.data?.commentAdded]));
    expect(byId.get(first)?.author?.displayName).toBe('Before Rename');
    expect(byId.get(second)?.author?.displayName).toBe('After Rename');
  });

  it('postPublished, executed for the subscriber alone: the second post shows its author’s new name', async () => {
    const [author, follower] = await Promise.all([createPractitioner(server), createPractitioner(server)]);
    ok(
      await gql(
        server,
        `mutation($t: ID!) { follow(input: { targetId: $t }) { practitioner { id } } }`,
        { t: author.id },
        { token: follower.accessToken },
      ),
    );
    // viewerHasBookmarked depends on the viewer: this subscription is not one of the shared executions.
    const live = await watch(
      follower,
      `subscription { postPublished { id viewerHasBookmarked author { displayName } } }`,
    );
    await new Promise((r) => setTimeout(r, 200)); // let the subscribe message reach the server
    await rename(author, 'Old Name');
    const first = await publishPost(server, author, moderator);
    expect(await waitFor(() => ids(live, 'postPublished').includes(first))).toBe(true);
    await rename(author, 'New Name');
    const second = await publishPost(server, author, moderator);
    expect(await waitFor(() => ids(live, 'postPublished').includes(second))).toBe(true);
    const byId = new Map(live.events.map((e) => [e.data?.postPublished?.id, e.data?.postPublished]));
    expect(byId.get(first)?.author?.displayName).toBe('Old Name');
    expect(byId.get(second)?.author?.displayName).toBe('New Name');
    expect(live.errors).toEqual([]);
  });
});

describe('commentAdded: the audience once per event', () => {
  /** SQL statements from adding one comment until it reached every subscriber (notifications included). */
  async function statementsForOneComment(author: TestUser, postId: string, live: Live[]): Promise<number> {
    await notificationsDelivered(server);
    const before = server.database.counter.count;
    const id = await addComment(server, author, postId, 'counted');
    expect(await waitFor(() => live.every((l) => ids(l, 'commentAdded').includes(id)))).toBe(true);
    await notificationsDelivered(server);
    await new Promise((r) => setTimeout(r, 100));
    return server.database.counter.count - before;
  }

  it('costs as many statements with six subscribers as with one', async () => {
    const author = await createPractitioner(server);
    const readers = await Promise.all(Array.from({ length: 6 }, () => createPractitioner(server)));
    const onePost = await publishPost(server, author, moderator);
    const sixPost = await publishPost(server, author, moderator);
    const one = [await watch(readers[0], COMMENTS, { p: onePost })];
    const six = await Promise.all(readers.map((r) => watch(r, COMMENTS, { p: sixPost })));
    await provesLive(author, onePost, one);
    await provesLive(author, sixPost, six);
    const withOne = await statementsForOneComment(author, onePost, one);
    const withSix = await statementsForOneComment(author, sixPost, six);
    expect(withSix).toBe(withOne);
    // Every subscriber received each comment once.
    for (const l of six) expect(new Set(ids(l, 'commentAdded')).size).toBe(l.events.length);
  });

  it('still decides per subscriber: one who blocked the author receives nothing after proving live', async () => {
    const [author, stays, blocker] = await Promise.all([
      createPractitioner(server),
      createPractitioner(server),
      createPractitioner(server),
    ]);
    const postId = await publishPost(server, author, moderator);
    const [control, blocked] = [
      await watch(stays, COMMENTS, { p: postId }),
      await watch(blocker, COMMENTS, { p: postId }),
    ];
    await provesLive(author, postId, [control, blocked]);
    ok(
      await gql(
        server,
        `mutation($i: BlockPractitionerInput!) { blockPractitioner(input: $i) { practitioner { id } } }`,
        { i: { practitionerId: author.id } },
        { token: blocker.accessToken },
      ),
    );
    const after = await addComment(server, author, postId, 'after the block');
    expect(await waitFor(() => ids(control, 'commentAdded').includes(after))).toBe(true);
    await new Promise((r) => setTimeout(r, 200));
    expect(ids(blocked, 'commentAdded')).not.toContain(after);
    expect(blocked.errors).toEqual([]);
  });
});
