/**
 * Regression tests for the holes of the authorization issue that the read policies close: each one was
 * reproduced through the public API before the fix.
 */
import type { Client } from 'graphql-ws';
import { startTestServer } from '../helpers/server';
import type { TestServer } from '../helpers/server';
import { codes, gql, ok } from '../helpers/graphql';
import { createModerator, createPending, createPractitioner } from '../helpers/factories';
import type { TestUser } from '../helpers/factories';
import { connectWs } from '../helpers/ws';
import { createDraft, publishPost } from '../helpers/posts';
import { createWorkingGroup, addMember } from '../helpers/networks';
import { addComment, fileReport, resolveRaw } from '../helpers/moderation';
import { VerificationStatus } from '../../src/common/auth/role';
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
  await server?.stop();
});

const as = (u: TestUser | null) => ({ token: u?.accessToken ?? null });
const waitFor = async (predicate: () => boolean, ms = 3000) => {
  const deadline = Date.now() + ms;
  while (!predicate() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
  return predicate();
};
const row = async (table: string, id: string) =>
  (
    await server.database.dataSource.query(`SELECT * FROM "${table}" WHERE id = $1`, [fromGlobalId(id).id])
  )[0];

interface Live {
  events: { data?: { commentAdded?: { id: string; body: string; post: { body: string } } } }[];
  errors: unknown[];
}

/** Subscribes to commentAdded over a WebSocket and resolves once the server has acknowledged the socket. */
async function watchComments(user: TestUser, postId: string): Promise<Live> {
  const ws = connectWs(server, user.accessToken);
  clients.push(ws.client);
  await ws.connected;
  const live: Live = { events: [], errors: [] };
  ws.client.subscribe(
    {
      query: `subscription($p: ID!) { commentAdded(postId: $p) { id body post { body } } }`,
      variables: { p: postId },
    },
    {
      next: (v) => live.events.push(v as Live['events'][number]),
      error: (e) => live.errors.push(e),
      complete: () => undefined,
    },
  );
  return live;
}

/**
 * Proves subscriptions are live: pings the post with comments until each has received one (graphql-ws does
 * not acknowledge a subscribe message, so the first ping may come before the server registered it).
 */
async function provesLive(author: TestUser, postId: string, live: Live[]): Promise<void> {
  const pings = new Set<string>();
  const reached = () => live.every((l) => l.events.some((e) => pings.has(e.data?.commentAdded?.id ?? '')));
  for (let attempt = 0; attempt < 20 && !reached(); attempt++) {
    pings.add(await addComment(server, author, postId, `ping ${attempt}`));
    await waitFor(reached, 250);
  }
  expect(reached()).toBe(true);
}

describe('hole 2: removeBookmark answers only with posts the viewer may read', () => {
  it('is NOT_FOUND for a draft, a hidden post, a network-only post and a blocker’s post; works for a readable one', async () => {
    const [author, reader, owner] = await Promise.all([
      createPractitioner(server),
      createPractitioner(server),
      createPractitioner(server),
    ]);
    const group = await createWorkingGroup(server, owner, 'OPEN');
    await addMember(server, group, author);
    const draft = (await createDraft(server, author)).id;
    const networkOnly = await publishPost(server, author, moderator, {
      visibility: 'NETWORKS',
      networkIds: [group],
    });
    const hidden = await publishPost(server, author, moderator);
    ok(await resolveRaw(server, moderator, await fileReport(server, reader, hidden), 'HIDE_CONTENT'));
    const blockers = await publishPost(server, owner, moderator);
    ok(
      await gql(
        server,
        `mutation($p: ID!) { blockPractitioner(input: { practitionerId: $p }) { practitioner { id } } }`,
        { p: reader.id },
        as(owner),
      ),
    );
    const REMOVE = `mutation($p: ID!) { removeBookmark(input: { postId: $p }) { post { id title body } } }`;
    for (const id of [draft, networkOnly, hidden, blockers]) {
      const res = await gql(server, REMOVE, { p: id }, as(reader));
      expect(codes(res)).toEqual(['NOT_FOUND']);
      expect(res.data).toBeNull();
    }
    const readable = await publishPost(server, author, moderator);
    ok(
      await gql(
        server,
        `mutation($p: ID!) { bookmarkPost(input: { postId: $p }) { post { id } } }`,
        { p: readable },
        as(reader),
      ),
    );
    expect(ok(await gql(server, REMOVE, { p: readable }, as(reader))).removeBookmark.post.id).toBe(readable);
  });
});

describe('hole 3: commentAdded is checked at every delivery', () => {
  it('stops after the subscriber leaves the post’s network', async () => {
    const [author, owner, leaver] = await Promise.all([
      createPractitioner(server),
      createPractitioner(server),
      createPractitioner(server),
    ]);
    const group = await createWorkingGroup(server, owner, 'OPEN');
    await addMember(server, group, author);
    await addMember(server, group, leaver);
    const post = await publishPost(server, author, moderator, {
      visibility: 'NETWORKS',
      networkIds: [group],
    });
    const [gone, stays] = [await watchComments(leaver, post), await watchComments(owner, post)];
    await provesLive(author, post, [gone, stays]);
    ok(
      await gql(
        server,
        `mutation($n: ID!) { leaveNetwork(input: { networkId: $n }) { network { id } } }`,
        { n: group },
        as(leaver),
      ),
    );
    const after = await addComment(server, author, post, 'after leaving');
    expect(await waitFor(() => stays.events.some((e) => e.data?.commentAdded?.id === after))).toBe(true);
    expect(gone.events.map((e) => e.data?.commentAdded?.id)).not.toContain(after);
    expect(gone.errors).toEqual([]);
  });

  it('stops once a moderator hides the post, and once the author blocks the subscriber', async () => {
    const [author, blockedReader, hiddenReader, other] = await Promise.all([
      createPractitioner(server),
      createPractitioner(server),
      createPractitioner(server),
      createPractitioner(server),
    ]);
    const post = await publishPost(server, author, moderator);
    const [blocked, control] = [
      await watchComments(blockedReader, post),
      await watchComments(moderator, post),
    ];
    await provesLive(author, post, [blocked, control]);
    ok(
      await gql(
        server,
        `mutation($p: ID!) { blockPractitioner(input: { practitionerId: $p }) { practitioner { id } } }`,
        { p: blockedReader.id },
        as(author),
      ),
    );
    const afterBlock = await addComment(server, other, post, 'after the block');
    expect(await waitFor(() => control.events.some((e) => e.data?.commentAdded?.id === afterBlock))).toBe(
      true,
    );
    expect(blocked.events.map((e) => e.data?.commentAdded?.id)).not.toContain(afterBlock);

    const second = await publishPost(server, author, moderator);
    const [hiddenLive, control2] = [
      await watchComments(hiddenReader, second),
      await watchComments(moderator, second),
    ];
    await provesLive(author, second, [hiddenLive, control2]);
    ok(await resolveRaw(server, moderator, await fileReport(server, other, second), 'HIDE_CONTENT'));
    const afterHide = await addComment(server, author, second, 'after hiding');
    expect(await waitFor(() => control2.events.some((e) => e.data?.commentAdded?.id === afterHide))).toBe(
      true,
    );
    expect(hiddenLive.events.map((e) => e.data?.commentAdded?.id)).not.toContain(afterHide);
  });
});

describe('hole 4: Comment.post and comment payloads follow the post’s policy', () => {
  it('refuses a former member editComment, deleteComment and an addComment replay (NOT_FOUND, nothing changed)', async () => {
    const [author, owner, former] = await Promise.all([
      createPractitioner(server),
      createPractitioner(server),
      createPractitioner(server),
    ]);
    const group = await createWorkingGroup(server, owner, 'OPEN');
    await addMember(server, group, author);
    await addMember(server, group, former);
    const post = await publishPost(server, author, moderator, {
      visibility: 'NETWORKS',
      networkIds: [group],
    });
    const ADD = `mutation($p: ID!, $b: String!, $k: String) { addComment(input: { postId: $p, body: $b, idempotencyKey: $k }) { comment { id post { body } } } }`;
    const comment = ok(await gql(server, ADD, { p: post, b: 'mine', k: 'key-1' }, as(former))).addComment
      .comment;
    ok(
      await gql(
        server,
        `mutation($n: ID!) { leaveNetwork(input: { networkId: $n }) { network { id } } }`,
        { n: group },
        as(former),
      ),
    );

    const attempts = [
      gql(
        server,
        `mutation($id: ID!) { editComment(input: { id: $id, body: "edited" }) { comment { id post { body } } } }`,
        { id: comment.id },
        as(former),
      ),
      gql(
        server,
        `mutation($id: ID!) { deleteComment(input: { id: $id }) { comment { id post { body } } } }`,
        { id: comment.id },
        as(former),
      ),
      gql(server, ADD, { p: post, b: 'mine', k: 'key-1' }, as(former)),
    ];
    for (const res of await Promise.all(attempts)) {
      expect(codes(res)).toEqual(['NOT_FOUND']);
      expect(JSON.stringify(res.data)).not.toContain('Steps');
    }
    const stored = await row('comment', comment.id);
    expect(stored).toMatchObject({ body: 'mine', editedAt: null, deletedAt: null });
  });
});

describe('hole 5: only global moderators publish to the whole community', () => {
  it('refuses a working-group owner approving a COMMUNITY post shared with their group; allows a NETWORKS one', async () => {
    const [author, owner] = await Promise.all([createPractitioner(server), createPractitioner(server)]);
    const group = await createWorkingGroup(server, owner, 'OPEN');
    await addMember(server, group, author);
    const SUBMIT = `mutation($id: ID!) { submitPost(input: { id: $id }) { post { status } } }`;
    const REVIEW = `mutation($id: ID!) { reviewPost(input: { id: $id, decision: APPROVE }) { post { id status } } }`;
    const community = (await createDraft(server, author, { visibility: 'COMMUNITY', networkIds: [group] }))
      .id;
    ok(await gql(server, SUBMIT, { id: community }, as(author)));
    expect(codes(await gql(server, REVIEW, { id: community }, as(owner)))).toEqual(['NOT_FOUND']);
    expect((await row('post', community)).status).toBe('PENDING_REVIEW');

    const networks = (await createDraft(server, author, { visibility: 'NETWORKS', networkIds: [group] })).id;
    ok(await gql(server, SUBMIT, { id: networks }, as(author)));
    expect(ok(await gql(server, REVIEW, { id: networks }, as(owner))).reviewPost.post.status).toBe(
      'PUBLISHED',
    );
  });
});

describe('hole 8: contact-request parties go through the profile policy', () => {
  it('gives the addressee a null requester once the requester is no longer verified (no bio, e-mail, phone)', async () => {
    const [requester, addressee] = await Promise.all([
      createPractitioner(server, { profile: { bio: 'Private bio', phone: '+1 555 0100' } }),
      createPractitioner(server),
    ]);
    const req = ok(
      await gql(
        server,
        `mutation($p: ID!) { requestContact(input: { practitionerId: $p }) { contactRequest { id } } }`,
        { p: addressee.id },
        as(requester),
      ),
    ).requestContact.contactRequest;
    await server.database.dataSource.query(`UPDATE practitioner SET verification = $1 WHERE id = $2`, [
      VerificationStatus.REJECTED,
      requester.localId,
    ]);
    const res = await gql(
      server,
      `query($id: ID!) { node(id: $id) { ... on ContactRequest { id requester { id bio email phone } addressee { id } } } }`,
      { id: req.id },
      as(addressee),
    );
    expect(ok(res).node).toEqual({ id: req.id, requester: null, addressee: { id: addressee.id } });
    expect(JSON.stringify(res)).not.toContain('Private bio');
  });
});

describe('accounts that are not verified see nothing of the community', () => {
  it('gives a pending account its own profile, reference data and public legal information only', async () => {
    const [author, pending] = await Promise.all([createPractitioner(server), createPending(server)]);
    const post = await publishPost(server, author, moderator);
    const token = as(pending);
    expect(ok(await gql(server, `{ me { id verification } }`, {}, token)).me).toEqual({
      id: pending.id,
      verification: 'PENDING',
    });
    ok(
      await gql(
        server,
        `{ countries { code } thematicAreas { code } instruments(first: 1) { edges { node { id } } } }`,
        {},
        token,
      ),
    );
    ok(await gql(server, `{ legalDevelopments(first: 1) { edges { node { id } } } }`, {}, token));
    ok(await gql(server, `{ centralAuthorities(countryCode: "NE") { id } }`, {}, token));
    for (const query of [
      `{ feed(first: 5) { edges { cursor } } }`,
      `{ networks(first: 5) { edges { cursor } } }`,
      `{ practitioners(first: 5) { edges { cursor } } }`,
      `{ featuredPosts(first: 5) { edges { cursor } } }`,
      `{ country(code: "NE") { posts(first: 5) { edges { cursor } } } }`,
      `{ me { followers(first: 5) { edges { cursor } } } }`,
    ])
      expect(codes(await gql(server, query, {}, token))).toEqual(['FORBIDDEN']);
    for (const id of [post, author.id])
      expect(
        ok(await gql(server, `query($id: ID!) { node(id: $id) { id } }`, { id }, token)).node,
      ).toBeNull();
  });
});
