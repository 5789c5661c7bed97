import { startTestServer } from '../helpers/server';
import type { TestServer } from '../helpers/server';
import { gql, ok } from '../helpers/graphql';
import { createModerator, createPractitioner } from '../helpers/factories';
import type { TestUser } from '../helpers/factories';
import { connectWs } from '../helpers/ws';
import type { WsHandle } from '../helpers/ws';
import { Role } from '../../src/common/auth/role';

// Question deliveries executed once per group of subscribers who see the same (issue 13, Performance;
// GROUP_SHARED_FIELDS in src/common/realtime/shared-execution.ts): each subscriber must still receive
// exactly what a per-subscriber execution would give them (pending questions, anonymity, viewer fields),
// and whether they receive it at all is still decided for each of them at each delivery.
const HOUR = 3600_000;
let server: TestServer;
let organiser: TestUser;
let chair: TestUser;
let asker: TestUser;
let p1: TestUser;
let p2: TestUser;
let p3: TestUser;
let globalModerator: TestUser;
const sockets: WsHandle[] = [];

beforeAll(async () => {
  server = await startTestServer();
  [organiser, chair, asker, p1, p2, p3, globalModerator] = await Promise.all([
    createPractitioner(server, { role: Role.EXPERT }),
    createPractitioner(server),
    createPractitioner(server, { displayName: 'Awa Ndiaye' }),
    createPractitioner(server),
    createPractitioner(server),
    createPractitioner(server),
    createModerator(server),
  ]);
}, 120_000);
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

async function scheduledEvent(registered: TestUser[]): Promise<string> {
  const startsAt = new Date(Date.now() + 24 * HOUR);
  const id = (
    await mutate(
      organiser,
      'createLiveEvent',
      {
        title: 'Beneficial ownership registers',
        description: 'Questions welcome',
        floorLanguage: 'EN',
        interpretationLanguages: [],
        startsAt: startsAt.toISOString(),
        endsAt: new Date(startsAt.getTime() + HOUR).toISOString(),
        timeZone: 'Africa/Abidjan',
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

// Only group-shared fields: executed once per group.
const SHARED = `subscription($e: ID!) { liveEventQuestionChanged(eventId: $e) {
  change questionId question { id status upvoteCount viewerIsAuthor author { id displayName } } } }`;
// viewerHasUpvoted is the viewer's own: executed for each subscriber.
const OWN = `subscription($e: ID!) { liveEventQuestionChanged(eventId: $e) {
  change questionId question { id status viewerHasUpvoted author { id } } } }`;

interface Message {
  change: string;
  questionId: string;
  question: {
    id: string;
    status: string;
    upvoteCount?: number;
    viewerIsAuthor?: boolean;
    viewerHasUpvoted?: boolean;
    author: { id: string; displayName?: string } | null;
  } | null;
}

async function follow(user: TestUser, eventId: string, query = SHARED): Promise<Message[]> {
  const ws = connectWs(server, user.accessToken);
  sockets.push(ws);
  await ws.connected;
  const messages: Message[] = [];
  ws.client.subscribe<{ liveEventQuestionChanged: Message }>(
    { query, variables: { e: eventId } },
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

async function until(check: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check() && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
}
const settle = (ms = 300) => new Promise((r) => setTimeout(r, ms));
const of = (inbox: Message[], change: string) => inbox.filter((m) => m.change === change);

describe('liveEventQuestionChanged executed once per group of subscribers', () => {
  it('keeps pending questions, anonymity and viewer fields per viewer, and access per delivery', async () => {
    const eventId = await scheduledEvent([asker, p1, p2, p3]);
    const [toChair, toModerator, toOrganiser, toAsker, toP1, toP2, toP3, ownP1, ownP3] = await Promise.all([
      follow(chair, eventId),
      follow(globalModerator, eventId),
      follow(organiser, eventId),
      follow(asker, eventId),
      follow(p1, eventId),
      follow(p2, eventId),
      follow(p3, eventId),
      follow(p1, eventId, OWN),
      follow(p3, eventId, OWN),
    ]);
    await settle();

    const q = (
      await mutate(
        asker,
        'askLiveEventQuestion',
        { liveEventId: eventId, body: 'Who may consult the register?', language: 'FR', isAnonymous: true },
        'question { id }',
      )
    ).question.id as string;
    await until(() => [toChair, toModerator, toOrganiser, toAsker].every((i) => i.length === 1));
    await settle();
    // Pending: the question moderators and the asker only, each with the asker shown.
    const who = { id: asker.id, displayName: 'Awa Ndiaye' };
    for (const inbox of [toChair, toModerator, toOrganiser])
      expect(inbox).toEqual([
        {
          change: 'ASKED',
          questionId: q,
          question: { id: q, status: 'PENDING', upvoteCount: 0, viewerIsAuthor: false, author: who },
        },
      ]);
    expect(toAsker[0].question).toMatchObject({ status: 'PENDING', viewerIsAuthor: true, author: who });
    for (const inbox of [toP1, toP2, toP3, ownP1, ownP3]) expect(inbox).toEqual([]);

    await mutate(chair, 'publishLiveEventQuestion', { questionId: q }, 'question { id }');
    const all = [toChair, toModerator, toOrganiser, toAsker, toP1, toP2, toP3, ownP1, ownP3];
    await until(() => all.every((i) => of(i, 'PUBLISHED').length === 1));
    // Anonymous once published: participants (one shared execution) do not see who asked.
    for (const inbox of [toP1, toP2, toP3])
      expect(of(inbox, 'PUBLISHED')[0].question).toEqual({
        id: q,
        status: 'PUBLISHED',
        upvoteCount: 0,
        viewerIsAuthor: false,
        author: null,
      });
    for (const inbox of [toChair, toModerator, toOrganiser])
      expect(of(inbox, 'PUBLISHED')[0].question).toMatchObject({ viewerIsAuthor: false, author: who });
    expect(of(toAsker, 'PUBLISHED')[0].question).toMatchObject({ viewerIsAuthor: true, author: who });

    // Viewer fields outside the groups: each subscriber's own.
    await mutate(p1, 'upvoteLiveEventQuestion', { questionId: q }, 'question { id }');
    await until(() => all.every((i) => of(i, 'UPVOTED').length >= 1));
    expect(of(ownP1, 'UPVOTED').at(-1)!.question).toMatchObject({ viewerHasUpvoted: true, author: null });
    expect(of(ownP3, 'UPVOTED').at(-1)!.question).toMatchObject({ viewerHasUpvoted: false, author: null });
    for (const inbox of [toP1, toP2, toP3, toAsker, toChair])
      expect(of(inbox, 'UPVOTED').at(-1)!.question?.upvoteCount).toBe(1);

    // Still decided per subscriber at each delivery: p2 withdraws and receives nothing more.
    await mutate(p2, 'withdrawFromLiveEvent', { liveEventId: eventId }, 'registration { status }');
    await mutate(chair, 'pinLiveEventQuestion', { questionId: q }, 'question { id }');
    await until(() => of(toP1, 'PINNED').length === 1 && of(toP3, 'PINNED').length === 1);
    await settle(500);
    expect(of(toP2, 'PINNED')).toEqual([]);
    expect(of(toP1, 'PINNED')[0].question).toMatchObject({ author: null, viewerIsAuthor: false });

    // A dismissal reaches participants as a removal, moderators with the question.
    await mutate(
      chair,
      'dismissLiveEventQuestion',
      { questionId: q, reason: 'Off topic' },
      'question { id }',
    );
    await until(() => of(toP1, 'DISMISSED').length === 1 && of(toChair, 'DISMISSED').length === 1);
    expect(of(toP1, 'DISMISSED')[0]).toEqual({ change: 'DISMISSED', questionId: q, question: null });
    expect(of(toChair, 'DISMISSED')[0].question).toMatchObject({ status: 'DISMISSED', author: who });
  });
});
