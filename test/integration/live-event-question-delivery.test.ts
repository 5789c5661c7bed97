import { startTestServer } from '../helpers/server';
import type { TestServer } from '../helpers/server';
import { gql, ok } from '../helpers/graphql';
import { createPractitioner } from '../helpers/factories';
import type { TestUser } from '../helpers/factories';
import { connectWs } from '../helpers/ws';
import type { WsHandle } from '../helpers/ws';
import { Role } from '../../src/common/auth/role';

// Question deliveries read their facts once per message for all subscribers (issue 13, Performance): the
// statements of a delivery round do not grow with the number of subscribers, and each subscriber's access
// (registration, blocks) is still decided for them at each delivery.
const HOUR = 3600_000;
let server: TestServer;
let organiser: TestUser;
let participants: TestUser[];
const sockets: WsHandle[] = [];

beforeAll(async () => {
  server = await startTestServer();
  organiser = await createPractitioner(server, { role: Role.EXPERT });
  participants = await Promise.all(Array.from({ length: 10 }, () => createPractitioner(server)));
}, 180_000);
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
        title: `Asset recovery ${seq}`,
        description: 'Questions welcome',
        floorLanguage: 'EN',
        interpretationLanguages: [],
        startsAt: startsAt.toISOString(),
        endsAt: new Date(startsAt.getTime() + HOUR).toISOString(),
        timeZone: 'Africa/Dakar',
        capacity: 100,
      },
      'liveEvent { id }',
    )
  ).liveEvent.id as string;
  await mutate(organiser, 'scheduleLiveEvent', { id }, 'liveEvent { id }');
  for (const u of registered)
    await mutate(u, 'registerForLiveEvent', { liveEventId: id }, 'registration { status }');
  return id;
}

const SUBSCRIPTION = `subscription($e: ID!) { liveEventQuestionChanged(eventId: $e) {
  change questionId question { id status upvoteCount viewerHasUpvoted author { id displayName } } } }`;

interface Message {
  change: string;
  questionId: string;
  question: { id: string; status: string; author: { id: string } | null } | null;
}

async function follow(user: TestUser, eventId: string): Promise<Message[]> {
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

async function until(check: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check() && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
}
const settle = (ms = 300) => new Promise((r) => setTimeout(r, ms));

/** Asks a question as `asker` and publishes it; the statements from the publication to the last delivery. */
async function publishRound(eventId: string, asker: TestUser, inboxes: Message[][]) {
  const q = (
    await mutate(
      asker,
      'askLiveEventQuestion',
      { liveEventId: eventId, body: 'Is the freezing order recognised?', language: 'EN' },
      'question { id }',
    )
  ).question.id as string;
  await settle(); // the ASKED message reaches the organiser (who moderates) first
  const received = () => inboxes.filter((m) => m.some((x) => x.questionId === q && x.change === 'PUBLISHED'));
  const before = server.database.counter.count;
  await mutate(organiser, 'publishLiveEventQuestion', { questionId: q }, 'question { id }');
  await until(() => received().length === inboxes.length);
  await settle(); // nothing more is on its way
  return { q, statements: server.database.counter.count - before, received: received().length };
}

describe('liveEventQuestionChanged deliveries', () => {
  it('cost the same statements for 2 or 10 subscribers, and each receives the question', async () => {
    const few = participants.slice(0, 2);
    const small = await scheduledEvent(few);
    const smallInboxes = await Promise.all(few.map((u) => follow(u, small)));
    const big = await scheduledEvent(participants);
    const bigInboxes = await Promise.all(participants.map((u) => follow(u, big)));
    await settle();

    await publishRound(small, few[0], smallInboxes); // warm-up (first statements of a kind, caches)
    await publishRound(big, participants[0], bigInboxes);
    const two = await publishRound(small, few[1], smallInboxes);
    const ten = await publishRound(big, participants[1], bigInboxes);
    expect(two.received).toBe(2);
    expect(ten.received).toBe(10);
    // Before: about 12 statements per subscriber and delivery (96 more for 8 more subscribers).
    expect(ten.statements - two.statements).toBeLessThan(4);
    // Each subscriber's own payload: the asker and the others see the asker (not anonymous).
    for (const inbox of bigInboxes) {
      const m = inbox.find((x) => x.questionId === ten.q && x.change === 'PUBLISHED')!;
      expect(m.question).toMatchObject({
        id: ten.q,
        status: 'PUBLISHED',
        author: { id: participants[1].id },
      });
    }
  });

  it('still decides per subscriber: a withdrawn participant and one the organiser blocked receive nothing', async () => {
    const [asker, stays, withdraws, blocked] = participants.slice(0, 4);
    const eventId = await scheduledEvent([asker, stays, withdraws, blocked]);
    const [toStays, toWithdraws, toBlocked] = await Promise.all(
      [stays, withdraws, blocked].map((u) => follow(u, eventId)),
    );
    await settle();
    await mutate(withdraws, 'withdrawFromLiveEvent', { liveEventId: eventId }, 'registration { status }');
    await mutate(organiser, 'blockPractitioner', { practitionerId: blocked.id }, '__typename');
    const round = await publishRound(eventId, asker, [toStays]);
    expect(round.received).toBe(1);
    await settle(500);
    expect(toWithdraws.filter((m) => m.questionId === round.q)).toEqual([]);
    expect(toBlocked.filter((m) => m.questionId === round.q)).toEqual([]);
  });
});
