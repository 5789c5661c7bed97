import type { Client } from 'graphql-ws';
import { startTestServer } from '../helpers/server';
import type { TestServer } from '../helpers/server';
import { codes, gql, ok } from '../helpers/graphql';
import { createModerator, createPractitioner } from '../helpers/factories';
import type { TestUser } from '../helpers/factories';
import { createDraft, publishPost } from '../helpers/posts';
import { addMember, createWorkingGroup } from '../helpers/networks';
import { connectWs } from '../helpers/ws';
import { addComment, notificationsDelivered } from '../helpers/moderation';

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

const m = (user: TestUser, query: string, variables: Record<string, unknown> = {}) =>
  gql(server, query, variables, { token: user.accessToken });
const BLOCK = `mutation($id: ID!) { blockPractitioner(input: { practitionerId: $id }) { practitioner { id viewerHasBlocked } } }`;
const UNBLOCK = `mutation($id: ID!) { unblockPractitioner(input: { practitionerId: $id }) { practitioner { id viewerHasBlocked } } }`;
const FOLLOW = `mutation($id: ID!) { follow(input: { targetId: $id }) { practitioner { id } network { id } } }`;
const REQUEST = `mutation($id: ID!) { requestContact(input: { practitionerId: $id }) { contactRequest { id status } } }`;
const ANSWER = `mutation($id: ID!) { respondToContactRequest(input: { requestId: $id, accept: true }) { contactRequest { id status } } }`;

const idsOf = (conn: { edges: { node: { id?: string } | null }[] } | null | undefined) =>
  (conn?.edges ?? []).map((e) => e.node?.id);

async function sees(viewer: TestUser, postId: string, authorId: string, commentId: string) {
  const d = ok(
    await m(
      viewer,
      `query($p: ID!, $a: ID!, $c: ID!) {
        post: node(id: $p) { id }
        comment: node(id: $c) { id }
        author: node(id: $a) { ... on Practitioner { id posts(first: 50) { edges { node { id } } } } }
        feed(first: 50) { edges { node { ... on Post { id } } } }
        country(code: "NE") { posts(first: 50) { edges { node { id } } } }
      }`,
      { p: postId, a: authorId, c: commentId },
    ),
  );
  return {
    post: d.post?.id === postId,
    comment: d.comment?.id === commentId,
    profile: d.author?.id === authorId,
    authorPosts: idsOf(d.author?.posts).includes(postId),
    feed: idsOf(d.feed).includes(postId),
    countryPosts: idsOf(d.country.posts).includes(postId),
  };
}

async function threadOf(viewer: TestUser, postId: string): Promise<string[]> {
  const d = ok(
    await m(
      viewer,
      `query($p: ID!) { node(id: $p) { ... on Post { comments(first: 50) { edges { node { id } } } } } }`,
      {
        p: postId,
      },
    ),
  );
  return idsOf(d.node?.comments) as string[];
}

describe('blockPractitioner', () => {
  it('ends follows, contacts and pending requests both ways, and prevents new ones', async () => {
    const [a, b, c] = await Promise.all([1, 2, 3].map(() => createPractitioner(server)));
    ok(await m(a, FOLLOW, { id: b.id }));
    ok(await m(b, FOLLOW, { id: a.id }));
    const req = ok(await m(a, REQUEST, { id: b.id })).requestContact.contactRequest;
    ok(await m(b, ANSWER, { id: req.id }));
    const pending = ok(await m(c, REQUEST, { id: a.id })).requestContact.contactRequest;
    expect(ok(await m(a, `{ contacts(first: 10) { edges { node { id } } } }`)).contacts.edges).toHaveLength(
      1,
    );

    const blocked = ok(await m(a, BLOCK, { id: b.id })).blockPractitioner.practitioner;
    expect(blocked).toEqual({ id: b.id, viewerHasBlocked: true });
    ok(await m(a, BLOCK, { id: b.id })); // idempotent

    const FOLLOWS = `query($id: ID!) { node(id: $id) { ... on Practitioner { followers(first: 10) { edges { node { id } } } following(first: 10) { edges { node { id } } } } } }`;
    const ofA = ok(await m(a, FOLLOWS, { id: a.id })).node;
    expect(idsOf(ofA.followers)).not.toContain(b.id);
    expect(idsOf(ofA.following)).not.toContain(b.id);
    expect(ok(await m(a, `{ contacts(first: 10) { edges { node { id } } } }`)).contacts.edges).toEqual([]);
    expect(ok(await m(b, `{ contacts(first: 10) { edges { node { id } } } }`)).contacts.edges).toEqual([]);

    // Neither can follow or ask the other; a third party is unaffected.
    expect(codes(await m(a, FOLLOW, { id: b.id }))).toEqual(['FORBIDDEN']);
    expect(codes(await m(b, FOLLOW, { id: a.id }))).toEqual(['FORBIDDEN']);
    expect(codes(await m(a, REQUEST, { id: b.id }))).toEqual(['FORBIDDEN']);
    expect(codes(await m(b, REQUEST, { id: a.id }))).toEqual(['FORBIDDEN']);
    ok(await m(a, ANSWER, { id: pending.id }));

    // A pending request between them is withdrawn by the block.
    const [d, e] = await Promise.all([createPractitioner(server), createPractitioner(server)]);
    const between = ok(await m(d, REQUEST, { id: e.id })).requestContact.contactRequest;
    ok(await m(e, BLOCK, { id: d.id }));
    expect(codes(await m(e, ANSWER, { id: between.id }))).toEqual(['CONFLICT']);

    // Unblocking allows following again; what ended stays ended.
    expect(ok(await m(a, UNBLOCK, { id: b.id })).unblockPractitioner.practitioner.viewerHasBlocked).toBe(
      false,
    );
    expect(idsOf(ok(await m(a, FOLLOWS, { id: a.id })).node.following)).not.toContain(b.id);
    ok(await m(a, FOLLOW, { id: b.id }));
  });

  it('hides each one’s posts and comments from the other (both ways), not from others', async () => {
    const [a, b, c] = await Promise.all([1, 2, 3].map(() => createPractitioner(server)));
    ok(await m(b, FOLLOW, { id: a.id }));
    ok(await m(a, FOLLOW, { id: b.id }));
    const aPost = await publishPost(server, a, moderator);
    const bPost = await publishPost(server, b, moderator);
    const cPost = await publishPost(server, c, moderator);
    const aComment = await addComment(server, a, cPost, 'From A.');
    const bComment = await addComment(server, b, cPost, 'From B.');
    expect(await sees(b, aPost, a.id, aComment)).toEqual({
      post: true,
      comment: true,
      profile: true,
      authorPosts: true,
      feed: true,
      countryPosts: true,
    });

    ok(await m(b, BLOCK, { id: a.id }));
    const hidden = {
      post: false,
      comment: false,
      profile: true,
      authorPosts: false,
      feed: false,
      countryPosts: false,
    };
    expect(await sees(b, aPost, a.id, aComment)).toEqual(hidden);
    expect(await sees(a, bPost, b.id, bComment)).toEqual(hidden);
    expect(await threadOf(b, cPost)).toEqual([bComment]);
    expect(await threadOf(a, cPost)).toEqual([aComment]);
    expect(await threadOf(c, cPost)).toEqual([aComment, bComment]);
    expect((await sees(c, aPost, a.id, aComment)).post).toBe(true);
    // Nor can they act on it.
    expect(
      codes(
        await m(a, `mutation($id: ID!) { endorsePost(input: { postId: $id }) { post { id } } }`, {
          id: bPost,
        }),
      ),
    ).toEqual(['NOT_FOUND']);
    expect(
      codes(
        await m(
          a,
          `mutation($p: ID!, $c: ID!) { addComment(input: { postId: $p, body: "Hi", parentId: $c }) { comment { id } } }`,
          {
            p: cPost,
            c: bComment,
          },
        ),
      ),
    ).toEqual(['NOT_FOUND']);
    // Moderators keep seeing both.
    ok(await m(moderator, BLOCK, { id: a.id }));
    expect((await sees(moderator, aPost, a.id, aComment)).post).toBe(true);

    ok(await m(b, UNBLOCK, { id: a.id }));
    expect((await sees(b, aPost, a.id, aComment)).post).toBe(true);
    expect(await threadOf(b, cPost)).toEqual([aComment, bComment]);
  });

  it('keeps blocked authors out of live feeds and live comments', async () => {
    const [a, b, c] = await Promise.all([1, 2, 3].map(() => createPractitioner(server)));
    const group = await createWorkingGroup(server, c, 'OPEN');
    await addMember(server, group, a);
    await addMember(server, group, b);
    const cPost = await publishPost(server, c, moderator);
    ok(await m(b, BLOCK, { id: a.id }));

    const ws = connectWs(server, b.accessToken);
    clients.push(ws.client);
    await ws.connected;
    const posts: string[] = [];
    const comments: string[] = [];
    const collect = (query: string, variables: Record<string, unknown>, into: string[], field: string) =>
      ws.client.subscribe(
        { query, variables },
        {
          next: (v) => into.push((v.data as Record<string, { id: string }>)[field].id),
          error: () => undefined,
          complete: () => undefined,
        },
      );
    collect(`subscription { postPublished { id } }`, {}, posts, 'postPublished');
    collect(
      `subscription($p: ID!) { commentAdded(postId: $p) { id } }`,
      { p: cPost },
      comments,
      'commentAdded',
    );
    await new Promise((r) => setTimeout(r, 200)); // let both subscriptions register

    const fromA = await publishPost(server, a, moderator, { networkIds: [group] });
    const fromC = await publishPost(server, c, moderator, { networkIds: [group] });
    const commentA = await addComment(server, a, cPost, 'Blocked one.');
    const commentC = await addComment(server, c, cPost, 'Visible one.');
    const until = Date.now() + 5000;
    while ((!posts.includes(fromC) || !comments.includes(commentC)) && Date.now() < until)
      await new Promise((r) => setTimeout(r, 20));
    // Events reach a subscriber in order: the later control events arrived, so the blocked ones were dropped.
    expect(posts).toEqual([fromC]);
    expect(comments).toEqual([commentC]);
    expect(fromA).toBeTruthy();
    expect(commentA).toBeTruthy();
  });

  it('rejects oneself, unknown or malformed ids and anonymous callers', async () => {
    const a = await createPractitioner(server);
    expect(codes(await m(a, BLOCK, { id: a.id }))).toEqual(['BAD_USER_INPUT']);
    const unknown = Buffer.from('Practitioner:00000000-0000-4000-8000-000000000000').toString('base64url');
    expect(codes(await m(a, BLOCK, { id: unknown }))).toEqual(['NOT_FOUND']);
    expect(codes(await m(a, UNBLOCK, { id: unknown }))).toEqual(['NOT_FOUND']);
    expect(codes(await m(a, BLOCK, { id: 'x' }))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await gql(server, BLOCK, { id: a.id }))).toEqual(['UNAUTHENTICATED']);
  });
});

const MUTE = `mutation($id: ID!) { mutePractitioner(input: { practitionerId: $id }) { practitioner { id viewerHasMuted } } }`;
const UNMUTE = `mutation($id: ID!) { unmutePractitioner(input: { practitionerId: $id }) { practitioner { id viewerHasMuted } } }`;
const MUTE_NET = `mutation($id: ID!) { muteNetwork(input: { networkId: $id }) { network { id viewerHasMuted } } }`;
const UNMUTE_NET = `mutation($id: ID!) { unmuteNetwork(input: { networkId: $id }) { network { id viewerHasMuted } } }`;
const FEED = `{ feed(first: 50) { edges { node { ... on Post { id } } } } }`;
const NOTIFS = `{ notifications(first: 50) { edges { node { type actor { id } } } } }`;

describe('mutePractitioner and muteNetwork', () => {
  it('muting a practitioner hides their posts from the muter’s feed and their acts from the muter’s notifications only', async () => {
    const [muter, muted, other] = await Promise.all([1, 2, 3].map(() => createPractitioner(server)));
    ok(await m(muter, FOLLOW, { id: muted.id }));
    ok(await m(other, FOLLOW, { id: muted.id }));
    const post = await publishPost(server, muted, moderator);
    expect(idsOf(ok(await m(muter, FEED)).feed)).toContain(post);

    expect(ok(await m(muter, MUTE, { id: muted.id })).mutePractitioner.practitioner).toEqual({
      id: muted.id,
      viewerHasMuted: true,
    });
    expect(idsOf(ok(await m(muter, FEED)).feed)).not.toContain(post);
    expect(idsOf(ok(await m(other, FEED)).feed)).toContain(post);
    // Still readable elsewhere: muting is not blocking.
    expect(ok(await m(muter, `query($id: ID!) { node(id: $id) { id } }`, { id: post })).node).toEqual({
      id: post,
    });

    const own = await publishPost(server, muter, moderator);
    ok(
      await m(muted, `mutation($id: ID!) { endorsePost(input: { postId: $id }) { post { id } } }`, {
        id: own,
      }),
    );
    ok(
      await m(other, `mutation($id: ID!) { endorsePost(input: { postId: $id }) { post { id } } }`, {
        id: own,
      }),
    );
    await notificationsDelivered(server);
    const actors = ok(await m(muter, NOTIFS)).notifications.edges.map(
      (e: { node: { actor: { id: string } } }) => e.node.actor?.id,
    );
    expect(actors).toContain(other.id);
    expect(actors).not.toContain(muted.id);
    // The muted practitioner still sees the muter's content.
    expect(ok(await m(muted, `query($id: ID!) { node(id: $id) { id } }`, { id: own })).node).toEqual({
      id: own,
    });

    expect(ok(await m(muter, UNMUTE, { id: muted.id })).unmutePractitioner.practitioner.viewerHasMuted).toBe(
      false,
    );
    expect(idsOf(ok(await m(muter, FEED)).feed)).toContain(post);
  });

  it('muting a network hides its posts from the muter’s feed and its join requests from their notifications', async () => {
    const [owner, member, asker] = await Promise.all([1, 2, 3].map(() => createPractitioner(server)));
    const group = await createWorkingGroup(server, owner, 'REQUEST');
    const other = await createWorkingGroup(server, owner, 'REQUEST');
    await addMember(server, group, member, owner);
    const post = await publishPost(server, member, moderator, { networkIds: [group] });
    expect(idsOf(ok(await m(owner, FEED)).feed)).toContain(post);

    expect(ok(await m(owner, MUTE_NET, { id: group })).muteNetwork.network).toEqual({
      id: group,
      viewerHasMuted: true,
    });
    expect(idsOf(ok(await m(owner, FEED)).feed)).not.toContain(post);
    ok(
      await m(asker, `mutation($n: ID!) { joinNetwork(input: { networkId: $n }) { network { id } } }`, {
        n: group,
      }),
    );
    ok(
      await m(asker, `mutation($n: ID!) { joinNetwork(input: { networkId: $n }) { network { id } } }`, {
        n: other,
      }),
    );
    await notificationsDelivered(server);
    const requests = ok(
      await m(owner, `{ notifications(first: 50) { edges { node { type subject { id } } } } }`),
    ).notifications.edges.filter((e: { node: { type: string } }) => e.node.type === 'NETWORK_JOIN_REQUEST');
    expect(requests.map((e: { node: { subject: { id: string } } }) => e.node.subject.id)).toEqual([other]);

    ok(await m(owner, UNMUTE_NET, { id: group }));
    expect(idsOf(ok(await m(owner, FEED)).feed)).toContain(post);
    const unknown = Buffer.from('Network:00000000-0000-4000-8000-000000000000').toString('base64url');
    expect(codes(await m(owner, MUTE_NET, { id: unknown }))).toEqual(['NOT_FOUND']);
    expect(codes(await m(owner, MUTE, { id: owner.id }))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await gql(server, MUTE_NET, { id: group }))).toEqual(['UNAUTHENTICATED']);
  });

  it('keeps muted authors out of the muter’s live feed', async () => {
    const [muter, muted, control] = await Promise.all([1, 2, 3].map(() => createPractitioner(server)));
    ok(await m(muter, FOLLOW, { id: muted.id }));
    ok(await m(muter, FOLLOW, { id: control.id }));
    ok(await m(muter, MUTE, { id: muted.id }));
    const ws = connectWs(server, muter.accessToken);
    clients.push(ws.client);
    await ws.connected;
    const posts: string[] = [];
    ws.client.subscribe(
      { query: `subscription { postPublished { id } }` },
      {
        next: (v) => posts.push((v.data as { postPublished: { id: string } }).postPublished.id),
        error: () => undefined,
        complete: () => undefined,
      },
    );
    await new Promise((r) => setTimeout(r, 200));
    const draft = await createDraft(server, muted);
    expect(draft.id).toBeTruthy();
    await publishPost(server, muted, moderator);
    const controlPost = await publishPost(server, control, moderator);
    const until = Date.now() + 5000;
    while (!posts.includes(controlPost) && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
    expect(posts).toEqual([controlPost]);
  });
});
