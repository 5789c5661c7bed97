import { startTestServer } from '../helpers/server';
import type { TestServer } from '../helpers/server';
import { codes, gql, ok } from '../helpers/graphql';
import { createModerator, createPractitioner } from '../helpers/factories';
import type { TestUser } from '../helpers/factories';
import { fileReport, resolveRaw } from '../helpers/moderation';
import { connectWs } from '../helpers/ws';
import type { WsHandle } from '../helpers/ws';
import { Role } from '../../src/common/auth/role';

/**
 * Reports about an event's questions and question comments decided by the event's question moderators (its
 * author, ORGANIZER and MODERATOR speakers) for that event only, besides global moderators; and comments
 * hidden or restored by moderation pushed to `liveEventQuestionChanged` (COMMENT_HIDDEN, COMMENT_UNHIDDEN).
 */

const HOUR = 3600_000;
let server: TestServer;
let organiser: TestUser;
let otherOrganiser: TestUser;
let chair: TestUser;
let speaker: TestUser;
let alice: TestUser;
let bob: TestUser;
let carol: TestUser;
let dave: TestUser;
let moderator: TestUser;
const sockets: WsHandle[] = [];

beforeAll(async () => {
  server = await startTestServer();
  [organiser, otherOrganiser, chair, speaker, alice, bob, carol, dave, moderator] = await Promise.all([
    createPractitioner(server, { role: Role.EXPERT }),
    createPractitioner(server, { role: Role.EXPERT }),
    createPractitioner(server),
    createPractitioner(server),
    createPractitioner(server),
    createPractitioner(server),
    createPractitioner(server),
    createPractitioner(server),
    createModerator(server),
  ]);
});
afterAll(async () => {
  for (const s of sockets) await s.client.dispose();
  await server.stop();
});

async function mutate(user: TestUser, op: string, input: Record<string, unknown>, fields: string) {
  const name = op[0].toUpperCase() + op.slice(1);
  return ok(
    await gql(
      server,
      `mutation($i: ${name}Input!) { ${op}(input: $i) { ${fields} } }`,
      { i: input },
      { token: user.accessToken },
    ),
  )[op];
}

let seq = 0;
/** A SCHEDULED event by `by`; with `chair` as MODERATOR and `speaker` as SPEAKER when `roles`. */
async function scheduledEvent(by: TestUser, roles: boolean): Promise<string> {
  const startsAt = new Date(Date.now() + 24 * HOUR + ++seq * 60_000);
  const id = (
    await mutate(
      by,
      'createLiveEvent',
      {
        title: `Nuclear terrorism conventions ${seq}`,
        floorLanguage: 'EN',
        startsAt: startsAt.toISOString(),
        endsAt: new Date(startsAt.getTime() + HOUR).toISOString(),
        timeZone: 'Europe/Vienna',
        capacity: 100,
        speakers: roles
          ? [
              { practitionerId: chair.id, role: 'MODERATOR' },
              { practitionerId: speaker.id, role: 'SPEAKER' },
            ]
          : [],
      },
      'liveEvent { id }',
    )
  ).liveEvent.id as string;
  await mutate(by, 'scheduleLiveEvent', { id }, 'liveEvent { id }');
  for (const u of [alice, bob, carol, dave])
    await mutate(u, 'registerForLiveEvent', { liveEventId: id }, 'registration { status }');
  return id;
}

/** A published question by alice (published by `publisher`, a question moderator of the event). */
async function question(eventId: string, publisher: TestUser, body = 'Why does it matter to all States?') {
  const id = (
    await mutate(
      alice,
      'askLiveEventQuestion',
      { liveEventId: eventId, body, language: 'EN' },
      'question { id }',
    )
  ).question.id as string;
  await mutate(publisher, 'publishLiveEventQuestion', { questionId: id }, 'question { id }');
  return id;
}

async function comment(user: TestUser, questionId: string, body = 'Because materials travel.') {
  return (await mutate(user, 'commentOnLiveEventQuestion', { questionId, body }, 'comment { id }')).comment
    .id as string;
}

const QUEUE = `query { moderationQueue(first: 100, filter: { kinds: [REPORT] }) { edges { node { subject { id } } } } }`;

async function queueSubjects(user: TestUser) {
  const res = await gql(server, QUEUE, {}, { token: user.accessToken });
  if (res.errors) return codes(res);
  return ok(res).moderationQueue.edges.map(
    (e: { node: { subject: { id: string } | null } }) => e.node.subject?.id,
  );
}

async function isQuestionVisible(user: TestUser, id: string): Promise<boolean> {
  const res = ok(
    await gql(server, `query($id: ID!) { node(id: $id) { id } }`, { id }, { token: user.accessToken }),
  );
  return res.node !== null;
}

describe('question moderators decide reports about their event’s questions and comments', () => {
  it('the chair (MODERATOR) and the organiser see them in the queue and hide or restore them; a global moderator still can', async () => {
    const eventId = await scheduledEvent(organiser, true);
    const q = await question(eventId, chair);
    const c = await comment(bob, q);
    const rq = await fileReport(server, carol, q, 'SPAM', 'Advertising.');
    const rc = await fileReport(server, carol, c, 'SPAM', 'Advertising.');
    for (const user of [chair, organiser]) {
      const subjects = await queueSubjects(user);
      expect(subjects).toEqual(expect.arrayContaining([q, c]));
    }
    const hid = ok(await resolveRaw(server, chair, rq, 'HIDE_CONTENT', 'Off topic.'));
    expect(hid.resolveReport.report).toMatchObject({ status: 'RESOLVED', resolution: 'HIDE_CONTENT' });
    expect(await isQuestionVisible(bob, q)).toBe(false);
    expect(await isQuestionVisible(chair, q)).toBe(true);
    ok(await resolveRaw(server, organiser, rc, 'HIDE_CONTENT', 'Off topic.'));
    // Restored by the chair (an event moderator's hide; reported by the organiser, who still sees it), then a
    // global moderator still decides.
    const again = await fileReport(server, organiser, q, 'OTHER', 'It was fine.');
    ok(await resolveRaw(server, chair, again, 'RESTORE_CONTENT', 'Fine after all.'));
    expect(await isQuestionVisible(bob, q)).toBe(true);
    const byGlobal = await fileReport(server, carol, q, 'SPAM', 'Again.');
    ok(await resolveRaw(server, moderator, byGlobal, 'HIDE_CONTENT'));
    expect(await isQuestionVisible(bob, q)).toBe(false);
  });

  it('refused: another event’s questions (NOT_FOUND, not in the queue), a SPEAKER or participant (FORBIDDEN), suspending the author', async () => {
    const mine = await scheduledEvent(organiser, true);
    const theirs = await scheduledEvent(otherOrganiser, false);
    const qMine = await question(mine, chair, 'Is cooperation satisfactory?');
    const qTheirs = await question(theirs, otherOrganiser, 'And extradition?');
    const rMine = await fileReport(server, carol, qMine, 'SPAM', 'Advertising.');
    const rTheirs = await fileReport(server, carol, qTheirs, 'SPAM', 'Advertising.');
    expect(await queueSubjects(chair)).not.toContain(qTheirs);
    expect(codes(await resolveRaw(server, chair, rTheirs, 'HIDE_CONTENT'))).toEqual(['NOT_FOUND']);
    expect(await queueSubjects(otherOrganiser)).not.toContain(qMine);
    expect(codes(await resolveRaw(server, otherOrganiser, rMine, 'HIDE_CONTENT'))).toEqual(['NOT_FOUND']);
    for (const user of [speaker, bob]) {
      expect(await queueSubjects(user)).toEqual(['FORBIDDEN']);
      expect(codes(await resolveRaw(server, user, rMine, 'HIDE_CONTENT'))).toEqual(['FORBIDDEN']);
    }
    const suspend = await resolveRaw(
      server,
      chair,
      rMine,
      'SUSPEND_AUTHOR',
      'No.',
      new Date(Date.now() + HOUR).toISOString(),
    );
    expect(codes(suspend)).toEqual(['FORBIDDEN']);
    expect(await isQuestionVisible(bob, qMine)).toBe(true);
    expect(await isQuestionVisible(bob, qTheirs)).toBe(true);
  });
});

interface Message {
  change: string;
  questionId: string;
  question: { id: string; comments: { edges: { node: { id: string; isHidden: boolean } }[] } } | null;
}

async function follow(user: TestUser, eventId: string) {
  const ws = connectWs(server, user.accessToken);
  sockets.push(ws);
  await ws.connected;
  const messages: Message[] = [];
  ws.client.subscribe<{ liveEventQuestionChanged: Message }>(
    {
      query: `subscription($e: ID!) { liveEventQuestionChanged(eventId: $e) {
        change questionId question { id comments(first: 10) { edges { node { id isHidden } } } } } }`,
      variables: { e: eventId },
    },
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
const settle = () => new Promise((r) => setTimeout(r, 300));

describe('comments hidden and restored by moderation are pushed on liveEventQuestionChanged', () => {
  it('COMMENT_HIDDEN and COMMENT_UNHIDDEN carry the question under its rules; a viewer who may no longer see the event gets nothing', async () => {
    const eventId = await scheduledEvent(organiser, true);
    const q = await question(eventId, chair);
    const c = await comment(bob, q);
    const [toAlice, toChair, toDave] = [
      await follow(alice, eventId),
      await follow(chair, eventId),
      await follow(dave, eventId),
    ];
    await settle();
    // The organiser blocks dave: he may no longer see the event.
    ok(
      await gql(
        server,
        `mutation($id: ID!) { blockPractitioner(input: { practitionerId: $id }) { practitioner { id } } }`,
        { id: dave.id },
        { token: organiser.accessToken },
      ),
    );
    ok(await resolveRaw(server, chair, await fileReport(server, carol, c, 'SPAM', 'Ads.'), 'HIDE_CONTENT'));
    await until(() => toAlice.length === 1 && toChair.length === 1);
    expect(toAlice).toEqual([
      { change: 'COMMENT_HIDDEN', questionId: q, question: { id: q, comments: { edges: [] } } },
    ]);
    expect(toChair[0]).toMatchObject({ change: 'COMMENT_HIDDEN', questionId: q });
    expect(toChair[0].question?.comments.edges).toEqual([{ node: { id: c, isHidden: true } }]);
    ok(
      await resolveRaw(
        server,
        moderator,
        await fileReport(server, chair, c, 'OTHER', 'Fine.'),
        'RESTORE_CONTENT',
      ),
    );
    await until(() => toAlice.length === 2 && toChair.length === 2);
    expect(toAlice[1]).toMatchObject({ change: 'COMMENT_UNHIDDEN', questionId: q });
    expect(toAlice[1].question?.comments.edges).toEqual([{ node: { id: c, isHidden: false } }]);
    await settle();
    expect(toDave).toEqual([]);
  });
});
