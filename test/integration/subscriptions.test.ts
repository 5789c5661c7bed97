import type { Client } from 'graphql-ws';
import { startTestServer } from '../helpers/server';
import type { TestServer } from '../helpers/server';
import { gql, ok } from '../helpers/graphql';
import { createModerator, createPractitioner } from '../helpers/factories';
import type { TestUser } from '../helpers/factories';
import { connectWs } from '../helpers/ws';
import { createDraft, publishPost, submitAndApprove } from '../helpers/posts';
import { fromGlobalId } from '../../src/common/relay/global-id';

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

interface Received {
  events: {
    data?: Record<string, { id: string; title?: string; body?: string }>;
    errors?: { extensions?: { code?: string } }[];
  }[];
  errors: unknown[];
  client: Client;
}

/** Subscribes over a real WebSocket and collects what arrives. */
async function subscribe(
  user: TestUser | null,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<Received> {
  const ws = connectWs(server, user?.accessToken ?? null);
  clients.push(ws.client);
  await ws.connected;
  const received: Received = { events: [], errors: [], client: ws.client };
  ws.client.subscribe(
    { query, variables },
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

const POST_PUBLISHED = `subscription { postPublished { id title author { id } } }`;

/** `follower` follows the practitioner `target`. */
async function follow(follower: TestUser, target: TestUser): Promise<void> {
  ok(
    await gql(
      server,
      `mutation($t: ID!) { follow(input: { targetId: $t }) { practitioner { id } network { id } } }`,
      { t: target.id },
      { token: follower.accessToken },
    ),
  );
}

async function createGroup(owner: TestUser, name: string): Promise<string> {
  return ok(
    await gql(
      server,
      `mutation($i: CreateWorkingGroupInput!) { createWorkingGroup(input: $i) { network { id } } }`,
      { i: { name, joinPolicy: 'OPEN' } },
      { token: owner.accessToken },
    ),
  ).createWorkingGroup.network.id;
}

describe('postPublished', () => {
  it('reaches a follower after the approval; a non-follower receives nothing', async () => {
    const [author, follower, other] = await Promise.all([
      createPractitioner(server),
      createPractitioner(server),
      createPractitioner(server),
    ]);
    await follow(follower, author);
    const forFollower = await subscribe(follower, POST_PUBLISHED);
    const forOther = await subscribe(other, POST_PUBLISHED);
    const { id } = await createDraft(server, author, { title: 'Live one' });
    await submitAndApprove(server, author, moderator, id);
    // Delivery latency is measured by the benchmark (fan-out p99), not here: a loaded CI machine is slow.
    expect(await waitFor(() => forFollower.events.length > 0, 10_000)).toBe(true);
    expect(forFollower.events[0].data?.postPublished).toEqual({
      id,
      title: 'Live one',
      author: { id: author.id },
    });
    await new Promise((r) => setTimeout(r, 300));
    expect(forOther.events).toEqual([]);
    expect(forFollower.events).toHaveLength(1);
  });

  it('does not wait behind a slow consumer still busy with an earlier event (the live lane)', async () => {
    const [author, follower] = await Promise.all([createPractitioner(server), createPractitioner(server)]);
    await follow(follower, author);
    // A consumer of published posts that holds this author's first post until the test lets it go (as a
    // home-timeline fan-out to many readers holds the dispatcher for most of a second).
    const held = new Set<string>();
    const handled: string[] = [];
    let release = () => undefined as void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    server.services.outbox.addConsumer({
      name: 'test-slow-consumer',
      types: ['post.published'],
      async handle(events) {
        for (const e of events) {
          const postId = (e.payload as { postId: string }).postId;
          if (held.has(postId)) await gate;
          handled.push(postId);
        }
      },
    });
    const live = await subscribe(follower, `subscription { postPublished { id } }`);
    const approve = async (title: string): Promise<string> => {
      const { id } = await createDraft(server, author, { title });
      held.add(fromGlobalId(id).id);
      await submitAndApprove(server, author, moderator, id);
      return id;
    };
    try {
      const first = await approve('Held by a slow consumer');
      const second = await approve('Approved while it is held');
      // Both live messages arrive while the slow consumer still holds the first event.
      expect(await waitFor(() => live.events.length === 2, 10_000)).toBe(true);
      expect(live.events.map((e) => e.data?.postPublished.id)).toEqual([first, second]);
      expect(handled).toEqual([]);
    } finally {
      release();
    }
    // The other consumers still see every event, in commit order, once.
    await server.services.outbox.drain();
    expect(handled).toEqual([...held]);
    await new Promise((r) => setTimeout(r, 200));
    expect(live.events).toHaveLength(2);
  });

  it('delivers a NETWORKS post to members of the network only, not to followers of the author outside it', async () => {
    const [owner, member, authorFollower] = await Promise.all([
      createPractitioner(server),
      createPractitioner(server),
      createPractitioner(server),
    ]);
    const group = await createGroup(owner, 'Live circle');
    ok(
      await gql(
        server,
        `mutation($n: ID!) { joinNetwork(input: { networkId: $n }) { network { id } } }`,
        { n: group },
        { token: member.accessToken },
      ),
    );
    await follow(authorFollower, owner);
    const forMember = await subscribe(member, POST_PUBLISHED);
    const forFollower = await subscribe(authorFollower, POST_PUBLISHED);
    const id = await publishPost(server, owner, moderator, {
      title: 'Members only',
      visibility: 'NETWORKS',
      networkIds: [group],
    });
    expect(await waitFor(() => forMember.events.length > 0, 1000)).toBe(true);
    expect(forMember.events[0].data?.postPublished.id).toBe(id);
    await new Promise((r) => setTimeout(r, 300));
    expect(forFollower.events).toEqual([]);
  });

  it('works out the audience with a constant number of SQL statements whatever the number of subscribers', async () => {
    const author = await createPractitioner(server);
    const followers = await Promise.all(Array.from({ length: 8 }, () => createPractitioner(server)));
    for (const f of followers) await follow(f, author);
    const subs = await Promise.all(
      followers.map((f) => subscribe(f, `subscription { postPublished { id } }`)),
    );
    const { id } = await createDraft(server, author);
    ok(
      await gql(
        server,
        `mutation($id: ID!) { submitPost(input: { id: $id }) { post { status } } }`,
        { id },
        { token: author.accessToken },
      ),
    );
    const before = server.database.counter.count;
    ok(
      await gql(
        server,
        `mutation($id: ID!) { reviewPost(input: { id: $id, decision: APPROVE }) { post { status } } }`,
        { id },
        { token: moderator.accessToken },
      ),
    );
    expect(await waitFor(() => subs.every((s) => s.events.length === 1), 2000)).toBe(true);
    // The approval also notifies the author, asynchronously: count that statement in both measurements.
    await server.services.notifications.drain();
    const withEight = server.database.counter.count - before;
    // Six subscribers leave; the same approval costs the same number of statements for the remaining two.
    await Promise.all(subs.slice(2).map((s) => s.client.dispose()));
    await new Promise((r) => setTimeout(r, 200));
    const other = await createDraft(server, author);
    ok(
      await gql(
        server,
        `mutation($id: ID!) { submitPost(input: { id: $id }) { post { status } } }`,
        { id: other.id },
        { token: author.accessToken },
      ),
    );
    for (const s of subs) s.events.length = 0;
    const b2 = server.database.counter.count;
    ok(
      await gql(
        server,
        `mutation($id: ID!) { reviewPost(input: { id: $id, decision: APPROVE }) { post { status } } }`,
        { id: other.id },
        { token: moderator.accessToken },
      ),
    );
    expect(await waitFor(() => subs.slice(0, 2).every((s) => s.events.length === 1), 2000)).toBe(true);
    await server.services.notifications.drain();
    expect(server.database.counter.count - b2).toBe(withEight);
    // 15 before moderation: the review now also appends to the moderation log and writes a notification;
    // 18 since the read guard checks the payload (the reviewer's memberships and blocks); 19 with the
    // fan-out into the audience's home timelines (one INSERT…SELECT in the review's transaction); 20 since
    // the mutation's payload reads the reviewer's network scope after the writes instead of reusing the one
    // read with the session (Apollo's copy of the context had made renewLoaders a no-op over HTTP); 23 since
    // the home-timeline fan-out runs after the commit, in the outbox consumer's own transaction (BEGIN, the
    // mark of its events, the INSERT…SELECT, COMMIT instead of one statement in the review's transaction).
    expect(withEight).toBeLessThan(24);
  });

  it('refuses anonymous subscribers with UNAUTHENTICATED', async () => {
    const anon = await subscribe(null, POST_PUBLISHED);
    await waitFor(() => anon.errors.length + anon.events.length > 0, 1000);
    const codesSeen = JSON.stringify([...anon.errors, ...anon.events]);
    expect(codesSeen).toContain('UNAUTHENTICATED');
  });
});

describe('commentAdded', () => {
  it('pushes new comments of a post to its readers; a draft cannot be subscribed to', async () => {
    const [author, reader] = await Promise.all([createPractitioner(server), createPractitioner(server)]);
    const postId = await publishPost(server, author, moderator);
    const otherPost = await publishPost(server, author, moderator);
    const sub = await subscribe(reader, `subscription($p: ID!) { commentAdded(postId: $p) { id body } }`, {
      p: postId,
    });
    ok(
      await gql(
        server,
        `mutation($p: ID!) { addComment(input: { postId: $p, body: "elsewhere" }) { comment { id } } }`,
        { p: otherPost },
        { token: author.accessToken },
      ),
    );
    const added = ok(
      await gql(
        server,
        `mutation($p: ID!) { addComment(input: { postId: $p, body: "Live comment" }) { comment { id } } }`,
        { p: postId },
        { token: author.accessToken },
      ),
    ).addComment.comment;
    expect(await waitFor(() => sub.events.length > 0, 1000)).toBe(true);
    await new Promise((r) => setTimeout(r, 200));
    expect(sub.events.map((e) => e.data?.commentAdded)).toEqual([{ id: added.id, body: 'Live comment' }]);
    const draft = await createDraft(server, author);
    const denied = await subscribe(reader, `subscription($p: ID!) { commentAdded(postId: $p) { id } }`, {
      p: draft.id,
    });
    await waitFor(() => denied.errors.length + denied.events.length > 0, 1000);
    expect(JSON.stringify([...denied.errors, ...denied.events])).toContain('NOT_FOUND');
  });
});
