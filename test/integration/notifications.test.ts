import crypto from 'node:crypto';
import type { Client } from 'graphql-ws';
import { startTestServer } from '../helpers/server';
import type { TestServer } from '../helpers/server';
import { codes, gql, ok } from '../helpers/graphql';
import { createModerator, createPending, createPractitioner } from '../helpers/factories';
import type { TestUser } from '../helpers/factories';
import { createDraft, publishPost } from '../helpers/posts';
import { countryNetworkId, createWorkingGroup } from '../helpers/networks';
import { connectWs } from '../helpers/ws';
import { NotificationType } from '../../src/modules/notification-type';
import { addComment, fileReport, notificationsDelivered, resolveRaw } from '../helpers/moderation';
import type { NotificationEvent } from '../../src/modules/notification/notifier';
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

const m = (user: TestUser, query: string, variables: Record<string, unknown> = {}) =>
  gql(server, query, variables, { token: user.accessToken });

interface N {
  id: string;
  type: string;
  decision: string | null;
  note: string | null;
  read: boolean;
  actor: { id: string } | null;
  subject: { id: string } | null;
}
const FIELDS = `id type decision note read actor { id } subject { id }`;

async function inbox(user: TestUser, unreadOnly = false): Promise<N[]> {
  await notificationsDelivered(server);
  return ok(
    await m(
      user,
      `query($u: Boolean) { notifications(first: 100, unreadOnly: $u) { edges { node { ${FIELDS} } } } }`,
      {
        u: unreadOnly,
      },
    ),
  ).notifications.edges.map((e: { node: N }) => e.node);
}
const ofType = (list: N[], type: string) => list.filter((n) => n.type === type);

describe('each notification type is created once, for the right recipient, never for the actor', () => {
  it('COMMENT_ON_YOUR_POST and REPLY_TO_YOUR_COMMENT', async () => {
    const [author, commenter, replier] = await Promise.all([1, 2, 3].map(() => createPractitioner(server)));
    const post = await publishPost(server, author, moderator);
    const comment = await addComment(server, commenter, post, 'How did you obtain the bank records?');
    const reply = await addComment(server, replier, post, 'Through an MLA request.', comment);
    const ownReply = await addComment(server, author, post, 'Exactly, via the central authority.', comment);

    const forAuthor = await inbox(author);
    expect(ofType(forAuthor, 'COMMENT_ON_YOUR_POST')).toEqual([
      expect.objectContaining({ actor: { id: replier.id }, subject: { id: reply } }),
      expect.objectContaining({ actor: { id: commenter.id }, subject: { id: comment } }),
    ]);
    expect(ofType(forAuthor, 'REPLY_TO_YOUR_COMMENT')).toEqual([]);
    const forCommenter = await inbox(commenter);
    expect(ofType(forCommenter, 'REPLY_TO_YOUR_COMMENT').map((n) => n.subject?.id)).toEqual([
      ownReply,
      reply,
    ]);
    expect(ofType(forCommenter, 'COMMENT_ON_YOUR_POST')).toEqual([]);
    expect(await inbox(replier)).toEqual([]);
  });

  it('POST_ENDORSED once per endorsement (repeating it is a no-op), POST_REVIEWED with decision and note', async () => {
    const [author, fan] = await Promise.all([createPractitioner(server), createPractitioner(server)]);
    const { id } = await createDraft(server, author);
    ok(await m(author, `mutation($id: ID!) { submitPost(input: { id: $id }) { post { id } } }`, { id }));
    ok(
      await m(
        moderator,
        `mutation($id: ID!) { reviewPost(input: { id: $id, decision: REQUEST_CHANGES, note: "Add the statute." }) { post { id } } }`,
        {
          id,
        },
      ),
    );
    ok(await m(author, `mutation($id: ID!) { submitPost(input: { id: $id }) { post { id } } }`, { id }));
    ok(
      await m(
        moderator,
        `mutation($id: ID!) { reviewPost(input: { id: $id, decision: APPROVE }) { post { id } } }`,
        { id },
      ),
    );
    for (let i = 0; i < 2; i++)
      ok(await m(fan, `mutation($id: ID!) { endorsePost(input: { postId: $id }) { post { id } } }`, { id }));
    const list = await inbox(author);
    expect(ofType(list, 'POST_REVIEWED')).toEqual([
      expect.objectContaining({
        decision: 'APPROVE',
        note: null,
        subject: { id },
        actor: null,
      }),
      expect.objectContaining({ decision: 'REQUEST_CHANGES', note: 'Add the statute.', subject: { id } }),
    ]);
    expect(ofType(list, 'POST_ENDORSED')).toEqual([
      expect.objectContaining({ actor: { id: fan.id }, subject: { id } }),
    ]);
    expect(await inbox(fan)).toEqual([]);
  });

  it('CONTACT_REQUEST and CONTACT_ACCEPTED', async () => {
    const [a, b] = await Promise.all([createPractitioner(server), createPractitioner(server)]);
    const req = ok(
      await m(
        a,
        `mutation($id: ID!) { requestContact(input: { practitionerId: $id }) { contactRequest { id } } }`,
        { id: b.id },
      ),
    ).requestContact.contactRequest;
    ok(
      await m(
        b,
        `mutation($id: ID!) { respondToContactRequest(input: { requestId: $id, accept: true }) { contactRequest { id } } }`,
        {
          id: req.id,
        },
      ),
    );
    expect(await inbox(b)).toEqual([
      expect.objectContaining({ type: 'CONTACT_REQUEST', actor: { id: a.id }, subject: { id: req.id } }),
    ]);
    expect(await inbox(a)).toEqual([
      expect.objectContaining({ type: 'CONTACT_ACCEPTED', actor: { id: b.id }, subject: { id: b.id } }),
    ]);
  });

  it('NETWORK_JOIN_REQUEST to its owners and moderators, NETWORK_INVITATION to the invitee', async () => {
    const [owner, netMod, asker, invitee] = await Promise.all(
      [1, 2, 3, 4].map(() => createPractitioner(server)),
    );
    const group = await createWorkingGroup(server, owner, 'REQUEST');
    ok(
      await m(
        owner,
        `mutation($n: ID!, $p: ID!) { inviteToNetwork(input: { networkId: $n, practitionerId: $p }) { membership { status } } }`,
        { n: group, p: netMod.id },
      ),
    );
    ok(
      await m(netMod, `mutation($n: ID!) { joinNetwork(input: { networkId: $n }) { network { id } } }`, {
        n: group,
      }),
    );
    ok(
      await m(
        owner,
        `mutation($n: ID!, $p: ID!) { setNetworkRole(input: { networkId: $n, practitionerId: $p, role: MODERATOR }) { membership { role } } }`,
        {
          n: group,
          p: netMod.id,
        },
      ),
    );
    ok(
      await m(asker, `mutation($n: ID!) { joinNetwork(input: { networkId: $n }) { network { id } } }`, {
        n: group,
      }),
    );
    ok(
      await m(asker, `mutation($n: ID!) { joinNetwork(input: { networkId: $n }) { network { id } } }`, {
        n: group,
      }),
    ); // no-op
    ok(
      await m(
        owner,
        `mutation($n: ID!, $p: ID!) { inviteToNetwork(input: { networkId: $n, practitionerId: $p }) { membership { status } } }`,
        { n: group, p: invitee.id },
      ),
    );
    ok(
      await m(
        owner,
        `mutation($n: ID!, $p: ID!) { inviteToNetwork(input: { networkId: $n, practitionerId: $p }) { membership { status } } }`,
        { n: group, p: invitee.id },
      ),
    );
    for (const u of [owner, netMod])
      expect(ofType(await inbox(u), 'NETWORK_JOIN_REQUEST')).toEqual([
        expect.objectContaining({ actor: { id: asker.id }, subject: { id: group } }),
      ]);
    expect(await inbox(invitee)).toEqual([
      expect.objectContaining({
        type: 'NETWORK_INVITATION',
        actor: { id: owner.id },
        subject: { id: group },
      }),
    ]);
    expect(await inbox(asker)).toEqual([]);
  });

  it('VERIFICATION_DECIDED and MODERATION_ACTION_ON_YOUR_CONTENT, without naming the moderator', async () => {
    const pending = await createPending(server);
    ok(
      await m(
        moderator,
        `mutation($id: ID!) { verifyPractitioner(input: { id: $id, decision: APPROVE, note: "Welcome." }) { practitioner { id } } }`,
        {
          id: pending.id,
        },
      ),
    );
    expect(await inbox(pending)).toEqual([
      expect.objectContaining({
        type: 'VERIFICATION_DECIDED',
        decision: 'APPROVE',
        note: 'Welcome.',
        actor: null,
      }),
    ]);
    const author = await createPractitioner(server);
    const post = await publishPost(server, author, moderator);
    const report = await fileReport(server, await createPractitioner(server), post);
    ok(await resolveRaw(server, moderator, report, 'HIDE_CONTENT', 'Contains a case file.'));
    expect(ofType(await inbox(author), 'MODERATION_ACTION_ON_YOUR_CONTENT')).toEqual([
      expect.objectContaining({
        decision: 'HIDE_CONTENT',
        note: 'Contains a case file.',
        actor: null,
        subject: { id: post },
      }),
    ]);
    // DISMISS tells nobody.
    const other = await publishPost(server, author, moderator);
    const reporter = await createPractitioner(server);
    ok(await resolveRaw(server, moderator, await fileReport(server, reporter, other), 'DISMISS'));
    expect(ofType(await inbox(author), 'MODERATION_ACTION_ON_YOUR_CONTENT')).toHaveLength(1);
  });

  it('LEGAL_DEVELOPMENT_IN_FOLLOWED_COUNTRY through the producer hook, to followers of the country network', async () => {
    const [follower, bystander, author] = await Promise.all([1, 2, 3].map(() => createPractitioner(server)));
    const ne = await countryNetworkId(server, follower, 'NE');
    ok(
      await m(
        follower,
        `mutation($id: ID!) { follow(input: { targetId: $id }) { practitioner { id } network { id } } }`,
        { id: ne },
      ),
    );
    ok(
      await m(
        author,
        `mutation($id: ID!) { follow(input: { targetId: $id }) { practitioner { id } network { id } } }`,
        { id: ne },
      ),
    );
    await server.services.notifications.legalDevelopmentPublished({
      id: crypto.randomUUID(),
      authorId: author.localId,
      countryCodes: ['NE', 'ML'],
    });
    expect(await inbox(follower)).toEqual([
      expect.objectContaining({ type: 'LEGAL_DEVELOPMENT_IN_FOLLOWED_COUNTRY', actor: { id: author.id } }),
    ]);
    expect(await inbox(bystander)).toEqual([]);
    expect(await inbox(author)).toEqual([]);
  });
});

describe('repeats: once per actor, recipient, kind, subject and decision within an hour', () => {
  const INVITE = `mutation($n: ID!, $p: ID!) { inviteToNetwork(input: { networkId: $n, practitionerId: $p }) { membership { status } } }`;
  const WITHDRAW = `mutation($n: ID!, $p: ID!) { removeNetworkMember(input: { networkId: $n, practitionerId: $p }) { network { id } } }`;
  const ENDORSE = `mutation($id: ID!) { endorsePost(input: { postId: $id }) { post { id } } }`;
  const UNENDORSE = `mutation($id: ID!) { withdrawEndorsement(input: { postId: $id }) { post { id } } }`;

  it('invite-then-withdraw ×20 leaves the invitee one NETWORK_INVITATION; another network is another one', async () => {
    const [owner, victim] = await Promise.all([createPractitioner(server), createPractitioner(server)]);
    const group = await createWorkingGroup(server, owner, 'INVITE');
    for (let i = 0; i < 20; i++) {
      ok(await m(owner, INVITE, { n: group, p: victim.id }));
      ok(await m(owner, WITHDRAW, { n: group, p: victim.id }));
    }
    const other = await createWorkingGroup(server, owner, 'INVITE');
    ok(await m(owner, INVITE, { n: other, p: victim.id }));
    const list = await inbox(victim, true);
    expect(list.map((n) => [n.type, n.subject?.id])).toEqual([
      ['NETWORK_INVITATION', other],
      ['NETWORK_INVITATION', group],
    ]);
  });

  it('endorse-then-withdraw ×15 leaves the author one POST_ENDORSED; after the hour, a new one', async () => {
    const [author, fan] = await Promise.all([createPractitioner(server), createPractitioner(server)]);
    const post = await publishPost(server, author, moderator);
    for (let i = 0; i < 15; i++) {
      ok(await m(fan, ENDORSE, { id: post }));
      ok(await m(fan, UNENDORSE, { id: post }));
    }
    expect(ofType(await inbox(author, true), 'POST_ENDORSED')).toHaveLength(1);
    // An hour later, the same act is news again.
    await server.database.dataSource.query(
      `UPDATE notification SET "createdAt" = "createdAt" - interval '61 minutes' WHERE "recipientId" = $1`,
      [fromGlobalId(author.id).id],
    );
    ok(await m(fan, ENDORSE, { id: post }));
    expect(ofType(await inbox(author, true), 'POST_ENDORSED')).toHaveLength(2);
  });

  it('a second review asking for other changes is news: a different note is a new notification', async () => {
    const author = await createPractitioner(server);
    const { id } = await createDraft(server, author);
    const REVIEW = `mutation($id: ID!, $n: String) { reviewPost(input: { id: $id, decision: REQUEST_CHANGES, note: $n }) { post { id } } }`;
    for (const note of ['Add the statute.', 'Add the statute.', 'Now cite the judgment.']) {
      ok(await m(author, `mutation($id: ID!) { submitPost(input: { id: $id }) { post { id } } }`, { id }));
      ok(await m(moderator, REVIEW, { id, n: note }));
    }
    expect(ofType(await inbox(author), 'POST_REVIEWED').map((n) => n.note)).toEqual([
      'Now cite the judgment.',
      'Add the statute.',
    ]);
  });

  it('request-then-cancel ×10 leaves the addressee one CONTACT_REQUEST (each request is a new subject)', async () => {
    const [asker, victim] = await Promise.all([createPractitioner(server), createPractitioner(server)]);
    for (let i = 0; i < 10; i++) {
      const req = ok(
        await m(
          asker,
          `mutation($id: ID!) { requestContact(input: { practitionerId: $id }) { contactRequest { id } } }`,
          {
            id: victim.id,
          },
        ),
      ).requestContact.contactRequest;
      ok(
        await m(
          asker,
          `mutation($id: ID!) { cancelContactRequest(input: { requestId: $id }) { contactRequest { id } } }`,
          { id: req.id },
        ),
      );
    }
    expect(ofType(await inbox(victim, true), 'CONTACT_REQUEST')).toHaveLength(1);
  });

  it('keeps repeats from different actors, and events queued together in one burst count once', async () => {
    const [author, a, b] = await Promise.all([1, 2, 3].map(() => createPractitioner(server)));
    const post = await publishPost(server, author, moderator);
    ok(await m(a, ENDORSE, { id: post }));
    ok(await m(b, ENDORSE, { id: post }));
    const event: NotificationEvent = {
      type: 'POST_ENDORSED' as NotificationEvent['type'],
      recipientId: fromGlobalId(author.id).id,
      actorId: fromGlobalId(a.id).id,
      subjectType: 'Post',
      subjectId: fromGlobalId(post).id,
    };
    const c = await createPractitioner(server);
    server.services.notifications.notify(
      { ...event, actorId: fromGlobalId(c.id).id },
      { ...event, actorId: fromGlobalId(c.id).id },
    );
    const endorsed = ofType(await inbox(author, true), 'POST_ENDORSED');
    expect(endorsed.map((n) => n.actor?.id).sort()).toEqual([a.id, b.id, c.id].sort());
  });
});

describe('preferences', () => {
  it('are all on by default; a type switched off is not created, the others are', async () => {
    const [author, fan] = await Promise.all([createPractitioner(server), createPractitioner(server)]);
    const prefs = ok(await m(author, `{ notificationPreferences { type enabled } }`)).notificationPreferences;
    expect(prefs).toHaveLength(Object.values(NotificationType).length); // every type, on by default
    expect(prefs.every((p: { enabled: boolean }) => p.enabled)).toBe(true);
    const UPDATE = `mutation($p: [NotificationPreferenceInput!]!) { updateNotificationPreferences(input: { preferences: $p }) { preferences { type enabled } } }`;
    const updated = ok(
      await m(author, UPDATE, {
        p: [
          { type: 'POST_ENDORSED', enabled: true },
          { type: 'POST_ENDORSED', enabled: false },
        ],
      }),
    ).updateNotificationPreferences.preferences;
    expect(updated.find((p: { type: string }) => p.type === 'POST_ENDORSED').enabled).toBe(false);
    const post = await publishPost(server, author, moderator);
    ok(
      await m(fan, `mutation($id: ID!) { endorsePost(input: { postId: $id }) { post { id } } }`, {
        id: post,
      }),
    );
    await addComment(server, fan, post);
    const list = await inbox(author);
    expect(ofType(list, 'POST_ENDORSED')).toEqual([]);
    expect(ofType(list, 'COMMENT_ON_YOUR_POST')).toHaveLength(1);
    ok(await m(author, UPDATE, { p: [{ type: 'POST_ENDORSED', enabled: true }] }));
    ok(
      await m(fan, `mutation($id: ID!) { withdrawEndorsement(input: { postId: $id }) { post { id } } }`, {
        id: post,
      }),
    );
    ok(
      await m(fan, `mutation($id: ID!) { endorsePost(input: { postId: $id }) { post { id } } }`, {
        id: post,
      }),
    );
    expect(ofType(await inbox(author), 'POST_ENDORSED')).toHaveLength(1);
    expect((await m(author, UPDATE, { p: [{ type: 'NOPE', enabled: true }] })).errors).toBeDefined();
    expect(codes(await gql(server, `{ notificationPreferences { type } }`))).toEqual(['UNAUTHENTICATED']);
  });
});

describe('reading and marking', () => {
  it('counts unread ones, marks some or all read, filters unread, pages, and keeps each to its recipient', async () => {
    const [author, fan] = await Promise.all([createPractitioner(server), createPractitioner(server)]);
    const post = await publishPost(server, author, moderator);
    for (let i = 0; i < 4; i++) await addComment(server, fan, post, `Comment ${i}`);
    const all = await inbox(author);
    expect(all).toHaveLength(5); // 4 comments and the review
    const COUNT = `{ unreadNotificationCount }`;
    expect(ok(await m(author, COUNT)).unreadNotificationCount).toBe(5);

    const MARK = `mutation($ids: [ID!]!) { markNotificationsRead(input: { ids: $ids }) { notifications { id read readAt } } }`;
    const marked = ok(await m(author, MARK, { ids: [all[0].id, all[1].id] })).markNotificationsRead
      .notifications;
    expect(marked.map((n: { read: boolean }) => n.read)).toEqual([true, true]);
    expect(ok(await m(author, COUNT)).unreadNotificationCount).toBe(3);
    expect((await inbox(author, true)).map((n) => n.id)).toEqual(all.slice(2).map((n) => n.id));
    expect(codes(await m(fan, MARK, { ids: [all[2].id] }))).toEqual(['NOT_FOUND']);
    expect(codes(await m(author, MARK, { ids: [] }))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await m(author, MARK, { ids: [post] }))).toEqual(['BAD_USER_INPUT']);
    const NODE = `query($id: ID!) { node(id: $id) { ... on Notification { type } } }`;
    expect(ok(await m(author, NODE, { id: all[2].id })).node).toEqual({ type: all[2].type });
    expect(ok(await m(fan, NODE, { id: all[2].id })).node).toBeNull();

    expect(
      ok(await m(author, `mutation { markAllNotificationsRead { count } }`)).markAllNotificationsRead.count,
    ).toBe(3);
    expect(ok(await m(author, COUNT)).unreadNotificationCount).toBe(0);

    const PAGE = `query($a: String) { notifications(first: 2, after: $a) { edges { node { id } } pageInfo { hasNextPage endCursor } } }`;
    const seen: string[] = [];
    let after: string | null = null;
    do {
      const res = await m(author, PAGE, { a: after });
      const page: {
        edges: { node: { id: string } }[];
        pageInfo: { hasNextPage: boolean; endCursor: string };
      } = ok(res).notifications;
      seen.push(...page.edges.map((e) => e.node.id));
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    } while (after);
    expect(seen).toEqual(all.map((n) => n.id));
    expect(codes(await gql(server, `{ unreadNotificationCount }`))).toEqual(['UNAUTHENTICATED']);
  });
});

describe('notificationReceived', () => {
  it('pushes each new notification live to its recipient only', async () => {
    const [author, other, fan] = await Promise.all([1, 2, 3].map(() => createPractitioner(server)));
    const post = await publishPost(server, author, moderator);
    const otherPost = await publishPost(server, other, moderator);
    const received: Record<string, { type: string; actor: { id: string } | null }[]> = {
      author: [],
      other: [],
    };
    for (const [name, user] of [
      ['author', author],
      ['other', other],
    ] as const) {
      const ws = connectWs(server, user.accessToken);
      clients.push(ws.client);
      await ws.connected;
      ws.client.subscribe(
        { query: `subscription { notificationReceived { id type actor { id } } }` },
        {
          next: (v) =>
            received[name].push(
              (v.data as { notificationReceived: { type: string; actor: { id: string } } })
                .notificationReceived,
            ),
          error: () => undefined,
          complete: () => undefined,
        },
      );
    }
    await new Promise((r) => setTimeout(r, 200));
    ok(
      await m(fan, `mutation($id: ID!) { endorsePost(input: { postId: $id }) { post { id } } }`, {
        id: post,
      }),
    );
    ok(
      await m(fan, `mutation($id: ID!) { endorsePost(input: { postId: $id }) { post { id } } }`, {
        id: otherPost,
      }),
    );
    await notificationsDelivered(server);
    const until = Date.now() + 5000;
    while ((received.author.length < 1 || received.other.length < 1) && Date.now() < until)
      await new Promise((r) => setTimeout(r, 20));
    expect(received.author).toEqual([
      expect.objectContaining({ type: 'POST_ENDORSED', actor: { id: fan.id } }),
    ]);
    expect(received.other).toEqual([
      expect.objectContaining({ type: 'POST_ENDORSED', actor: { id: fan.id } }),
    ]);
    const anon = connectWs(server, null);
    clients.push(anon.client);
    await anon.connected;
    const denied = await new Promise<unknown>((resolve) =>
      anon.client.subscribe(
        { query: `subscription { notificationReceived { id } }` },
        { next: resolve, error: resolve, complete: () => resolve('complete') },
      ),
    );
    expect(JSON.stringify(denied)).toContain('UNAUTHENTICATED');
  });
});

type Writer = { write: (batch: NotificationEvent[]) => Promise<void> };

describe('delivery', () => {
  it('a burst of 50 endorsements does not wait for its notifications, and each is created exactly once', async () => {
    const author = await createPractitioner(server);
    const post = await publishPost(server, author, moderator);
    await notificationsDelivered(server);
    const fans = await Promise.all(Array.from({ length: 50 }, () => createPractitioner(server)));
    // Hold every notification write until the mutations have all answered.
    const service = server.services.notifications as unknown as Writer;
    const original = service.write.bind(service);
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    service.write = async (batch) => {
      await gate;
      return original(batch);
    };
    try {
      const results = await Promise.all(
        fans.map((fan) =>
          m(fan, `mutation($id: ID!) { endorsePost(input: { postId: $id }) { post { endorsementCount } } }`, {
            id: post,
          }),
        ),
      );
      results.forEach((r) => ok(r));
      const count = ok(await m(author, `{ unreadNotificationCount }`)).unreadNotificationCount;
      expect(count).toBe(1); // only the review: the endorsements are still queued
    } finally {
      release();
      service.write = original;
    }
    const endorsed = ofType(await inbox(author), 'POST_ENDORSED');
    expect(endorsed).toHaveLength(50);
    expect(new Set(endorsed.map((n) => n.actor!.id))).toEqual(new Set(fans.map((f) => f.id)));
  });

  it('writes what is queued before the server stops', async () => {
    const author = await createPractitioner(server);
    const fan = await createPractitioner(server);
    const post = await publishPost(server, author, moderator);
    await notificationsDelivered(server);
    const service = server.services.notifications as unknown as Writer;
    const original = service.write.bind(service);
    const written: number[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    service.write = async (batch) => {
      await gate;
      await original(batch);
      written.push(batch.length);
    };
    ok(
      await m(fan, `mutation($id: ID!) { endorsePost(input: { postId: $id }) { post { id } } }`, {
        id: post,
      }),
    );
    const stopping = server.stop();
    setTimeout(release, 50);
    await stopping;
    expect(written).toEqual([1]);
  });
});
