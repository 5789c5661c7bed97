import { startTestServer } from '../helpers/server';
import type { TestServer } from '../helpers/server';
import { codes, gql, ok } from '../helpers/graphql';
import { createModerator, createPending, createPractitioner } from '../helpers/factories';
import type { TestUser } from '../helpers/factories';
import { fileReport, notificationsDelivered, reportRaw, resolveRaw } from '../helpers/moderation';
import { connectWs } from '../helpers/ws';
import type { WsHandle } from '../helpers/ws';
import { Role } from '../../src/common/auth/role';

/**
 * Reporting and hiding live-event questions and their comments (content kinds LIVE_EVENT_QUESTION and
 * QUESTION_COMMENT), and comments pushed to `liveEventQuestionChanged` (COMMENTED).
 */

const HOUR = 3600_000;
let server: TestServer;
let organiser: TestUser;
let chair: TestUser;
let alice: TestUser;
let bob: TestUser;
let carol: TestUser;
let pending: TestUser;
let moderator: TestUser;
const sockets: WsHandle[] = [];

beforeAll(async () => {
  server = await startTestServer();
  [organiser, chair, alice, bob, carol, pending, moderator] = await Promise.all([
    createPractitioner(server, { role: Role.EXPERT }),
    createPractitioner(server),
    createPractitioner(server),
    createPractitioner(server),
    createPractitioner(server),
    createPending(server),
    createModerator(server),
  ]);
});
afterAll(async () => {
  for (const s of sockets) await s.client.dispose();
  await server.stop();
});

function mutateRaw(user: TestUser, op: string, input: Record<string, unknown>, fields: string) {
  const name = op[0].toUpperCase() + op.slice(1);
  return gql(
    server,
    `mutation($i: ${name}Input!) { ${op}(input: $i) { ${fields} } }`,
    { i: input },
    {
      token: user.accessToken,
    },
  );
}

async function mutate(user: TestUser, op: string, input: Record<string, unknown>, fields: string) {
  return ok(await mutateRaw(user, op, input, fields))[op];
}

let seq = 0;
/** A SCHEDULED event by the organiser (chair: MODERATOR speaker) with alice, bob and carol APPROVED. */
async function scheduledEvent(): Promise<string> {
  const startsAt = new Date(Date.now() + 24 * HOUR + ++seq * 60_000);
  const id = (
    await mutate(
      organiser,
      'createLiveEvent',
      {
        title: `Extradition between officers ${seq}`,
        description: 'Is cooperation satisfactory?',
        floorLanguage: 'EN',
        interpretationLanguages: [],
        startsAt: startsAt.toISOString(),
        endsAt: new Date(startsAt.getTime() + HOUR).toISOString(),
        timeZone: 'Asia/Manila',
        capacity: 100,
        speakers: [{ practitionerId: chair.id, role: 'MODERATOR' }],
      },
      'liveEvent { id }',
    )
  ).liveEvent.id as string;
  await mutate(organiser, 'scheduleLiveEvent', { id }, 'liveEvent { id }');
  for (const u of [alice, bob, carol])
    await mutate(u, 'registerForLiveEvent', { liveEventId: id }, 'registration { status }');
  return id;
}

/** A question by alice, published by the chair unless `publish` is false. */
async function question(eventId: string, extra: Record<string, unknown> = {}, publish = true) {
  const id = (
    await mutate(
      alice,
      'askLiveEventQuestion',
      { liveEventId: eventId, body: 'Does the transfer need consent?', language: 'EN', ...extra },
      'question { id }',
    )
  ).question.id as string;
  if (publish) await mutate(chair, 'publishLiveEventQuestion', { questionId: id }, 'question { id }');
  return id;
}

async function comment(user: TestUser, questionId: string, body = 'Bilateral treaties differ.') {
  return (await mutate(user, 'commentOnLiveEventQuestion', { questionId, body }, 'comment { id isHidden }'))
    .comment.id as string;
}

/** What `user` sees of a question on each read path: the event's list, node, and its comments' ids. */
async function questionPaths(user: TestUser, eventId: string, questionId: string) {
  const res = ok(
    await gql(
      server,
      `query($e: ID!, $q: ID!) {
        liveEvent(id: $e) { questions(first: 50) { edges { node { id } } } }
        node(id: $q) { id ... on LiveEventQuestion { isHidden comments(first: 10) { edges { node { id } } } } } }`,
      { e: eventId, q: questionId },
      { token: user.accessToken },
    ),
  );
  return {
    inList: res.liveEvent.questions.edges.some((e: { node: { id: string } }) => e.node.id === questionId),
    node: res.node as { id: string; isHidden: boolean } | null,
  };
}

/** What `user` sees of a comment: its node, and whether the question's comments list it. */
async function commentPaths(user: TestUser, questionId: string, commentId: string) {
  const res = ok(
    await gql(
      server,
      `query($q: ID!, $c: ID!) {
        question: node(id: $q) { ... on LiveEventQuestion { comments(first: 10) { edges { node { id isHidden } } } } }
        comment: node(id: $c) { id ... on LiveQuestionComment { isHidden question { id } } } }`,
      { q: questionId, c: commentId },
      { token: user.accessToken },
    ),
  );
  const listed = (res.question?.comments.edges ?? []) as { node: { id: string; isHidden: boolean } }[];
  return {
    inList: listed.some((e) => e.node.id === commentId),
    node: res.comment as { id: string; isHidden: boolean } | null,
  };
}

interface Message {
  change: string;
  questionId: string;
  question: {
    id: string;
    isHidden: boolean;
    author: { id: string } | null;
    comments: { edges: { node: { id: string } }[] };
  } | null;
}

const SUBSCRIPTION = `subscription($e: ID!) { liveEventQuestionChanged(eventId: $e) {
  change questionId question { id isHidden author { id } comments(first: 10) { edges { node { id } } } } } }`;

async function follow(user: TestUser, eventId: string) {
  const ws = connectWs(server, user.accessToken);
  sockets.push(ws);
  await ws.connected;
  const messages: Message[] = [];
  ws.client.subscribe<{ liveEventQuestionChanged: Message }>(
    { query: SUBSCRIPTION, variables: { e: eventId } },
    {
      next: (v) => {
        if (v.data) messages.push(v.data.liveEventQuestionChanged);
      },
      error: () => undefined,
      complete: () => undefined,
    },
  );
  return messages;
}

async function until(check: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!check() && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
}
const settle = () => new Promise((r) => setTimeout(r, 200));

const QUEUE = `query { moderationQueue(first: 100, filter: { kinds: [REPORT] }) {
  edges { node { kind reportCount subject { id } } } } }`;
const LOG = `query { moderationLog(first: 100) { edges { node { action targetId target { id } } } } }`;

describe('reporting and hiding a live-event question', () => {
  it('report → queue → hide: gone for participants on every path, seen by its asker and moderators; restore', async () => {
    const eventId = await scheduledEvent();
    const q = await question(eventId);
    const bobsComment = await comment(bob, q);
    const [toBob, toChair] = [await follow(bob, eventId), await follow(chair, eventId)];
    await settle();

    // Bob reports it; it waits in the global moderators' queue.
    const reportId = await fileReport(server, bob, q, 'INAPPROPRIATE', 'Names a witness.');
    const queue = ok(await gql(server, QUEUE, {}, { token: moderator.accessToken })).moderationQueue.edges;
    expect(queue.map((e: { node: unknown }) => e.node)).toContainEqual({
      kind: 'REPORT',
      reportCount: 1,
      subject: { id: q },
    });

    ok(await resolveRaw(server, moderator, reportId, 'HIDE_CONTENT', 'A witness is named.'));
    expect(await questionPaths(bob, eventId, q)).toEqual({ inList: false, node: null });
    expect(await questionPaths(carol, eventId, q)).toEqual({ inList: false, node: null });
    expect(await commentPaths(bob, q, bobsComment)).toEqual({ inList: false, node: null });
    // Its asker and the question moderators still see it, marked hidden.
    for (const u of [alice, chair, organiser, moderator])
      expect(await questionPaths(u, eventId, q)).toMatchObject({ inList: true, node: { isHidden: true } });
    // Mutation payloads: participants cannot reach it; moderators cannot upvote or comment on it.
    expect(
      codes(await mutateRaw(bob, 'upvoteLiveEventQuestion', { questionId: q }, 'question { id }')),
    ).toEqual(['NOT_FOUND']);
    expect(
      codes(
        await mutateRaw(carol, 'commentOnLiveEventQuestion', { questionId: q, body: 'Hm' }, 'comment { id }'),
      ),
    ).toEqual(['NOT_FOUND']);
    expect(
      codes(
        await mutateRaw(chair, 'commentOnLiveEventQuestion', { questionId: q, body: 'Hm' }, 'comment { id }'),
      ),
    ).toEqual(['CONFLICT']);
    expect(codes(await reportRaw(server, carol, q, 'SPAM'))).toEqual(['NOT_FOUND']);

    // Subscription: a removal for bob, the hidden question for the chair.
    await until(() => toBob.length === 1 && toChair.length === 1);
    expect(toBob).toEqual([{ change: 'HIDDEN', questionId: q, question: null }]);
    expect(toChair[0]).toMatchObject({ change: 'HIDDEN', question: { id: q, isHidden: true } });

    // The asker is told, without naming the moderator; the log records it.
    await notificationsDelivered(server);
    const notified = ok(
      await gql(
        server,
        `{ notifications(first: 20) { edges { node { type decision note subject { id } actor { id } } } } }`,
        {},
        { token: alice.accessToken },
      ),
    ).notifications.edges.map((e: { node: unknown }) => e.node);
    expect(notified).toContainEqual({
      type: 'MODERATION_ACTION_ON_YOUR_CONTENT',
      decision: 'HIDE_CONTENT',
      note: 'A witness is named.',
      subject: { id: q },
      actor: null,
    });
    const logged = ok(await gql(server, LOG, {}, { token: moderator.accessToken })).moderationLog.edges.map(
      (e: { node: { action: string; target: { id: string } | null } }) => e.node,
    );
    expect(logged.filter((e: { target: { id: string } | null }) => e.target?.id === q)).toEqual([
      expect.objectContaining({ action: 'CONTENT_HIDDEN', target: { id: q } }),
    ]);

    // The chair (a question moderator, who still sees it) reports it again; a global moderator restores it.
    const again = await fileReport(server, chair, q, 'OTHER', 'The name was a pseudonym.');
    ok(await resolveRaw(server, moderator, again, 'RESTORE_CONTENT', 'Pseudonym.'));
    expect(await questionPaths(bob, eventId, q)).toMatchObject({
      inList: true,
      node: { id: q, isHidden: false },
    });
    expect(await commentPaths(bob, q, bobsComment)).toMatchObject({
      inList: true,
      node: { id: bobsComment },
    });
    await until(() => toBob.length === 2);
    expect(toBob[1]).toMatchObject({ change: 'UNHIDDEN', question: { id: q, isHidden: false } });
  });

  it('refuses what the reporter cannot see, their own question, the unverified, and hiding twice', async () => {
    const eventId = await scheduledEvent();
    const waiting = await question(eventId, {}, false);
    expect(codes(await reportRaw(server, bob, waiting, 'SPAM'))).toEqual(['NOT_FOUND']);
    expect(codes(await reportRaw(server, alice, waiting, 'SPAM'))).toEqual(['BAD_USER_INPUT']);
    const q = await question(eventId);
    expect(codes(await reportRaw(server, pending, q, 'SPAM'))).toEqual(['FORBIDDEN']);
    const first = await fileReport(server, bob, q);
    // Participants decide nothing (the event's question moderators do: live-event-question-reports.test.ts).
    expect(codes(await resolveRaw(server, carol, first, 'HIDE_CONTENT'))).toEqual(['FORBIDDEN']);
    expect(codes(await resolveRaw(server, alice, first, 'HIDE_CONTENT'))).toEqual(['FORBIDDEN']);
    ok(await resolveRaw(server, moderator, first, 'HIDE_CONTENT'));
    const second = await fileReport(server, chair, q);
    expect(codes(await resolveRaw(server, moderator, second, 'HIDE_CONTENT'))).toEqual(['CONFLICT']);
  });

  it('a hidden pending question is not pushed to participants as a removal', async () => {
    const eventId = await scheduledEvent();
    const toBob = await follow(bob, eventId);
    const toChair = await follow(chair, eventId);
    await settle();
    const waiting = await question(eventId, {}, false);
    ok(await resolveRaw(server, moderator, await fileReport(server, chair, waiting), 'HIDE_CONTENT'));
    await until(() => toChair.length === 2);
    await settle();
    expect(toChair.map((m) => m.change)).toEqual(['ASKED', 'HIDDEN']);
    expect(toBob).toEqual([]);
  });
});

describe('reporting and hiding a comment on a question', () => {
  it('hidden: gone for other participants, seen by its author and the question moderators; restored', async () => {
    const eventId = await scheduledEvent();
    const q = await question(eventId);
    const c = await comment(bob, q, 'Write to me privately.');
    ok(await resolveRaw(server, moderator, await fileReport(server, carol, c, 'SPAM'), 'HIDE_CONTENT'));
    for (const u of [alice, carol])
      expect(await commentPaths(u, q, c)).toEqual({ inList: false, node: null });
    for (const u of [bob, chair, moderator])
      expect(await commentPaths(u, q, c)).toMatchObject({ inList: true, node: { id: c, isHidden: true } });
    await notificationsDelivered(server);
    const notified = ok(
      await gql(
        server,
        `{ notifications(first: 20) { edges { node { type subject { id } } } } }`,
        {},
        {
          token: bob.accessToken,
        },
      ),
    ).notifications.edges.map((e: { node: unknown }) => e.node);
    expect(notified).toContainEqual({ type: 'MODERATION_ACTION_ON_YOUR_CONTENT', subject: { id: c } });
    ok(
      await resolveRaw(
        server,
        moderator,
        await fileReport(server, chair, c, 'OTHER', 'Fine.'),
        'RESTORE_CONTENT',
      ),
    );
    expect(await commentPaths(carol, q, c)).toMatchObject({ inList: true, node: { id: c, isHidden: false } });
    expect(codes(await reportRaw(server, bob, c, 'SPAM'))).toEqual(['BAD_USER_INPUT']);
  });
});

describe('comments pushed to liveEventQuestionChanged', () => {
  it('COMMENTED carries the question (anonymous stays anonymous), checked at each delivery', async () => {
    const eventId = await scheduledEvent();
    const q = await question(eventId, { isAnonymous: true });
    const [toBob, toChair, toAlice] = [
      await follow(bob, eventId),
      await follow(chair, eventId),
      await follow(alice, eventId),
    ];
    await settle();
    const c = await comment(carol, q);
    await until(() => toBob.length === 1 && toChair.length === 1 && toAlice.length === 1);
    expect(toBob).toEqual([
      {
        change: 'COMMENTED',
        questionId: q,
        question: { id: q, isHidden: false, author: null, comments: { edges: [{ node: { id: c } }] } },
      },
    ]);
    expect(toChair[0].question?.author).toEqual({ id: alice.id });
    expect(toAlice[0].question?.author).toEqual({ id: alice.id });
    // Bob withdraws: later comments no longer reach him (the chair, as a control, still gets them).
    await mutate(bob, 'withdrawFromLiveEvent', { liveEventId: eventId }, 'registration { status }');
    await comment(carol, q, 'And multilateral ones.');
    await until(() => toChair.length === 2);
    await settle();
    expect(toChair[1].change).toBe('COMMENTED');
    expect(toBob).toHaveLength(1);
  });
});
