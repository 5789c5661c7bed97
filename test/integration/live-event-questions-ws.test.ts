import { startTestServer } from '../helpers/server';
import type { TestServer } from '../helpers/server';
import { gql, ok } from '../helpers/graphql';
import { createModerator, createPending, createPractitioner } from '../helpers/factories';
import type { TestUser } from '../helpers/factories';
import { connectWs } from '../helpers/ws';
import type { WsHandle } from '../helpers/ws';
import { Role } from '../../src/common/auth/role';
import { toGlobalId } from '../../src/common/relay/global-id';

const HOUR = 3600_000;
let server: TestServer;
let organiser: TestUser;
let chair: TestUser;
let alice: TestUser;
let bob: TestUser;
let outsider: TestUser;
let pending: TestUser;
let globalModerator: TestUser;
const sockets: WsHandle[] = [];

beforeAll(async () => {
  server = await startTestServer();
  [organiser, chair, alice, bob, outsider, pending, globalModerator] = await Promise.all([
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

async function mutate(user: TestUser, op: string, input: Record<string, unknown>, fields: string) {
  const name = op[0].toUpperCase() + op.slice(1);
  return ok(
    await gql(
      server,
      `mutation($i: ${name}Input!) { ${op}(input: $i) { ${fields} } }`,
      { i: input },
      {
        token: user.accessToken,
      },
    ),
  )[op];
}

let seq = 0;
async function scheduledEvent(registered: TestUser[]): Promise<string> {
  const startsAt = new Date(Date.now() + 24 * HOUR + ++seq * 60_000);
  const id = (
    await mutate(
      organiser,
      'createLiveEvent',
      {
        title: `Mutual legal assistance ${seq}`,
        description: 'Is cooperation satisfactory?',
        floorLanguage: 'EN',
        interpretationLanguages: [],
        startsAt: startsAt.toISOString(),
        endsAt: new Date(startsAt.getTime() + HOUR).toISOString(),
        timeZone: 'Africa/Niamey',
        capacity: 100,
        speakers: [{ practitionerId: chair.id, role: 'MODERATOR' }],
      },
      'liveEvent { id }',
    )
  ).liveEvent.id as string;
  await mutate(organiser, 'scheduleLiveEvent', { id }, 'liveEvent { id }');
  for (const u of registered)
    await mutate(u, 'registerForLiveEvent', { liveEventId: id }, 'registration { status }');
  return id;
}

interface Message {
  change: string;
  questionId: string;
  question: { id: string; status: string; upvoteCount: number; author: { id: string } | null } | null;
}

const SUBSCRIPTION = `subscription($e: ID!) { liveEventQuestionChanged(eventId: $e) {
  change questionId question { id status upvoteCount author { id } } } }`;

/** Subscribes `user` (or an anonymous socket) to the event's questions; messages and errors are collected. */
async function follow(user: TestUser | null, eventId: string) {
  const ws = connectWs(server, user?.accessToken ?? null);
  sockets.push(ws);
  await ws.connected;
  const messages: Message[] = [];
  const errors: string[] = [];
  ws.client.subscribe<{ liveEventQuestionChanged: Message }>(
    { query: SUBSCRIPTION, variables: { e: eventId } },
    {
      next: (v) => {
        if (v.data) messages.push(v.data.liveEventQuestionChanged);
        for (const e of v.errors ?? []) errors.push(String(e.extensions?.code));
      },
      error: (err) => {
        for (const e of Array.isArray(err) ? err : [err])
          errors.push(String((e as { extensions?: { code?: string } }).extensions?.code));
      },
      complete: () => undefined,
    },
  );
  return { messages, errors };
}

async function until(check: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!check() && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
}

const settle = () => new Promise((r) => setTimeout(r, 200)); // let subscriptions register

describe('liveEventQuestionChanged', () => {
  it('refuses signed-out, unverified, non-participants and unknown events', async () => {
    const eventId = await scheduledEvent([alice]);
    const unknown = toGlobalId('LiveEvent', '00000000-0000-4000-8000-000000000000');
    const cases: [TestUser | null, string, string][] = [
      [null, eventId, 'UNAUTHENTICATED'],
      [pending, eventId, 'FORBIDDEN'],
      [outsider, eventId, 'FORBIDDEN'],
      [alice, unknown, 'NOT_FOUND'],
    ];
    for (const [user, id, code] of cases) {
      const { errors } = await follow(user, id);
      await until(() => errors.length > 0);
      expect(errors).toEqual([code]);
    }
  });

  it('moderators receive pending questions, others published ones; anonymity holds in every payload', async () => {
    const eventId = await scheduledEvent([alice, bob]);
    const [toChair, toBob, toAlice, toModerator] = await Promise.all([
      follow(chair, eventId),
      follow(bob, eventId),
      follow(alice, eventId),
      follow(globalModerator, eventId),
    ]);
    await settle();
    const q = (
      await mutate(
        alice,
        'askLiveEventQuestion',
        { liveEventId: eventId, body: 'Anonymous one', language: 'AR', isAnonymous: true },
        'question { id }',
      )
    ).question.id as string;
    await until(() => toChair.messages.length === 1 && toAlice.messages.length === 1);
    expect(toChair.messages).toEqual([
      {
        change: 'ASKED',
        questionId: q,
        question: { id: q, status: 'PENDING', upvoteCount: 0, author: { id: alice.id } },
      },
    ]);
    expect(toAlice.messages[0].question?.author).toEqual({ id: alice.id }); // the asker sees themself
    await mutate(chair, 'publishLiveEventQuestion', { questionId: q }, 'question { id }');
    await mutate(bob, 'upvoteLiveEventQuestion', { questionId: q }, 'question { id }');
    await mutate(chair, 'pinLiveEventQuestion', { questionId: q }, 'question { id }');
    await mutate(chair, 'answerLiveEventQuestion', { questionId: q, mode: 'LIVE' }, 'question { id }');
    await mutate(
      chair,
      'dismissLiveEventQuestion',
      { questionId: q, reason: 'Answered enough' },
      'question { id }',
    );
    await until(
      () => toBob.messages.length === 5 && toChair.messages.length === 6 && toModerator.messages.length === 6,
    );
    // Bob never saw it pending, and never who asked; the dismissal reaches him as a removal.
    expect(
      toBob.messages.map((m) => [m.change, m.question?.status ?? null, m.question?.author ?? null]),
    ).toEqual([
      ['PUBLISHED', 'PUBLISHED', null],
      ['UPVOTED', 'PUBLISHED', null],
      ['PINNED', 'PUBLISHED', null],
      ['ANSWERED', 'PUBLISHED', null],
      ['DISMISSED', null, null],
    ]);
    expect(toBob.messages[1].question?.upvoteCount).toBe(1);
    expect(toBob.messages[4].questionId).toBe(q);
    expect(toChair.messages.map((m) => m.change)).toEqual([
      'ASKED',
      'PUBLISHED',
      'UPVOTED',
      'PINNED',
      'ANSWERED',
      'DISMISSED',
    ]);
    for (const m of [...toChair.messages, ...toModerator.messages])
      expect(m.question?.author).toEqual({ id: alice.id });
    expect(toChair.messages[5].question?.status).toBe('DISMISSED');
  });

  it('a pending question dismissed is not pushed to others; access is checked again at each delivery', async () => {
    const eventId = await scheduledEvent([alice, bob]);
    const [toChair, toBob] = await Promise.all([follow(chair, eventId), follow(bob, eventId)]);
    await settle();
    const ask = async (body: string) =>
      (
        await mutate(
          alice,
          'askLiveEventQuestion',
          { liveEventId: eventId, body, language: 'EN' },
          'question { id }',
        )
      ).question.id as string;
    const hidden = await ask('Never published');
    await mutate(
      chair,
      'dismissLiveEventQuestion',
      { questionId: hidden, reason: 'Spam' },
      'question { id }',
    );
    const shown = await ask('Published');
    await mutate(chair, 'publishLiveEventQuestion', { questionId: shown }, 'question { id }');
    await until(() => toBob.messages.length === 1 && toChair.messages.length === 4);
    expect(toBob.messages.map((m) => [m.change, m.questionId])).toEqual([['PUBLISHED', shown]]);
    // Bob withdraws: he stops receiving them (the chair, as a control, still does).
    await mutate(bob, 'withdrawFromLiveEvent', { liveEventId: eventId }, 'registration { status }');
    await mutate(alice, 'upvoteLiveEventQuestion', { questionId: shown }, 'question { id }');
    await until(() => toChair.messages.length === 5);
    await settle();
    expect(toChair.messages[4].change).toBe('UPVOTED');
    expect(toBob.messages).toHaveLength(1);
  });

  it('others’ events are not pushed', async () => {
    const [first, second] = [await scheduledEvent([alice]), await scheduledEvent([alice])];
    const toChair = await follow(chair, first);
    await settle();
    await mutate(
      alice,
      'askLiveEventQuestion',
      { liveEventId: second, body: 'Elsewhere', language: 'EN' },
      'question { id }',
    );
    const here = (
      await mutate(
        alice,
        'askLiveEventQuestion',
        { liveEventId: first, body: 'Here', language: 'EN' },
        'question { id }',
      )
    ).question.id;
    await until(() => toChair.messages.length >= 1);
    await settle();
    expect(toChair.messages.map((m) => m.questionId)).toEqual([here]);
  });
});

describe('upvote bursts', () => {
  it('are pushed as at most one message at once and one at the end of each window, ending on the stored count', async () => {
    const voters = await Promise.all(Array.from({ length: 8 }, () => createPractitioner(server)));
    const eventId = await scheduledEvent(voters);
    const q = (
      await mutate(
        voters[1],
        'askLiveEventQuestion',
        { liveEventId: eventId, body: 'Does dual criminality block the request?', language: 'FR' },
        'question { id }',
      )
    ).question.id as string;
    await mutate(chair, 'publishLiveEventQuestion', { questionId: q }, 'question { id }');
    const watcher = await follow(voters[0], eventId);
    await settle();
    await Promise.all(
      voters.map((v) => mutate(v, 'upvoteLiveEventQuestion', { questionId: q }, 'question { id }')),
    );
    const upvoted = () => watcher.messages.filter((m) => m.change === 'UPVOTED');
    await until(() => upvoted().at(-1)?.question?.upvoteCount === 8);
    await new Promise((r) => setTimeout(r, 800)); // two windows more: nothing else arrives
    const counts = upvoted().map((m) => m.question?.upvoteCount);
    expect(counts.at(-1)).toBe(8);
    // 8 upvotes within a window or two: the first at once, then one per window end (not one per upvote).
    expect(counts.length).toBeGreaterThanOrEqual(1);
    expect(counts.length).toBeLessThan(8);
  });
});
