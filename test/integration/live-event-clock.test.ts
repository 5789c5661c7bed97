import { startTestServer } from '../helpers/server';
import type { TestServer } from '../helpers/server';
import { gql, ok } from '../helpers/graphql';
import { createModerator, createPending, createPractitioner } from '../helpers/factories';
import type { TestUser } from '../helpers/factories';
import { connectWs } from '../helpers/ws';
import { fileReport, resolveRaw } from '../helpers/moderation';
import type { Client } from 'graphql-ws';
import { Role } from '../../src/common/auth/role';

// Reminders, "event changed" notifications, ending by the clock and liveEventChanged, with the real clock:
// the outbox polls every 200 ms here, so that delayed events are delivered within a fraction of a second.
let server: TestServer;
let expert: TestUser;
let speaker: TestUser;
let moderator: TestUser;
let pending: TestUser;
const clients: Client[] = [];
beforeAll(async () => {
  server = await startTestServer({ OUTBOX_POLL_INTERVAL_MS: '200' });
  [expert, speaker, moderator, pending] = await Promise.all([
    createPractitioner(server, { role: Role.EXPERT, displayName: 'Expert' }),
    createPractitioner(server, { displayName: 'Speaker' }),
    createModerator(server),
    createPending(server),
  ]);
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.dispose()));
  await server.stop();
});

const SECOND = 1000;
const HOUR = 3600 * SECOND;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Creates and schedules an event by `expert` (with `speaker` as SPEAKER) starting at `startsAt`. */
async function scheduled(startsAt: Date, overrides: Record<string, unknown> = {}): Promise<string> {
  const created = await gql(
    server,
    `mutation($i: CreateLiveEventInput!) { createLiveEvent(input: $i) { liveEvent { id } } }`,
    {
      i: {
        title: 'Transfer of sentenced persons',
        floorLanguage: 'EN',
        startsAt: startsAt.toISOString(),
        endsAt: new Date(startsAt.getTime() + HOUR).toISOString(),
        timeZone: 'Europe/Vienna',
        capacity: 10,
        registrationPolicy: 'OPEN',
        speakers: [{ practitionerId: speaker.id, role: 'SPEAKER' }],
        ...overrides,
      },
    },
    { token: expert.accessToken },
  );
  const id = ok(created).createLiveEvent.liveEvent.id as string;
  ok(await op(expert, 'scheduleLiveEvent', { id }));
  return id;
}

async function op(user: TestUser, name: string, input: Record<string, unknown>) {
  const type = name[0].toUpperCase() + name.slice(1);
  const field = name.includes('Registration') || name.includes('From') || name.startsWith('register');
  return gql(
    server,
    `mutation($i: ${type}Input!) { ${name}(input: $i) { ${field ? 'registration { status }' : 'liveEvent { id status }'} } }`,
    { i: input },
    { token: user.accessToken },
  );
}

/** The notifications of one type about one event that `user` has. */
async function notified(user: TestUser, type: string, eventId: string): Promise<{ createdAt: string }[]> {
  const res = ok(
    await gql(
      server,
      `{ notifications(first: 100) { edges { node { type createdAt subject { id } } } } }`,
      {},
      { token: user.accessToken },
    ),
  );
  return res.notifications.edges
    .map((e: { node: { type: string; createdAt: string; subject: { id: string } | null } }) => e.node)
    .filter(
      (n: { type: string; subject: { id: string } | null }) => n.type === type && n.subject?.id === eventId,
    );
}

/** Waits until `check` holds (polling), up to `ms`. */
async function eventually(check: () => Promise<boolean>, ms = 15 * SECOND): Promise<void> {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('condition not reached in time');
    await sleep(200);
  }
}

async function participants(n: number): Promise<TestUser[]> {
  return Promise.all(Array.from({ length: n }, () => createPractitioner(server)));
}

describe('reminders', () => {
  it('an event starting in 1 h and a few seconds reminds approved participants, organisers and speakers once, 1 h before', async () => {
    const startsAt = new Date(Date.now() + HOUR + 3 * SECOND);
    const id = await scheduled(startsAt);
    const [approved, withdrawn, bystander] = await participants(3);
    ok(await op(approved, 'registerForLiveEvent', { liveEventId: id }));
    ok(await op(withdrawn, 'registerForLiveEvent', { liveEventId: id }));
    ok(await op(withdrawn, 'withdrawFromLiveEvent', { liveEventId: id }));
    // Not yet: the reminder is due at the start minus one hour.
    expect(await notified(approved, 'LIVE_EVENT_REMINDER_1H', id)).toEqual([]);
    for (const user of [approved, expert, speaker])
      await eventually(async () => (await notified(user, 'LIVE_EVENT_REMINDER_1H', id)).length > 0);
    const [reminder] = await notified(approved, 'LIVE_EVENT_REMINDER_1H', id);
    expect(new Date(reminder.createdAt).getTime()).toBeGreaterThanOrEqual(startsAt.getTime() - HOUR);
    await sleep(1500); // polls keep running: nothing more comes
    for (const user of [approved, expert, speaker])
      expect(await notified(user, 'LIVE_EVENT_REMINDER_1H', id)).toHaveLength(1);
    expect(await notified(withdrawn, 'LIVE_EVENT_REMINDER_1H', id)).toEqual([]);
    expect(await notified(bystander, 'LIVE_EVENT_REMINDER_1H', id)).toEqual([]);
    // The 24 h reminder had passed when the event was scheduled: it is not sent.
    expect(await notified(approved, 'LIVE_EVENT_REMINDER_24H', id)).toEqual([]);
  });

  it('a 24 h reminder goes out the same way', async () => {
    const id = await scheduled(new Date(Date.now() + 24 * HOUR + 2 * SECOND));
    const [approved] = await participants(1);
    ok(await op(approved, 'registerForLiveEvent', { liveEventId: id }));
    await eventually(async () => (await notified(approved, 'LIVE_EVENT_REMINDER_24H', id)).length > 0);
    expect(await notified(approved, 'LIVE_EVENT_REMINDER_24H', id)).toHaveLength(1);
  });

  it('a rescheduled event reminds for its new start only, and its registrants are told it changed', async () => {
    const first = new Date(Date.now() + HOUR + 2 * SECOND);
    const id = await scheduled(first);
    const [approved] = await participants(1);
    ok(await op(approved, 'registerForLiveEvent', { liveEventId: id }));
    const moved = new Date(first.getTime() + 4 * SECOND);
    ok(
      await op(expert, 'updateLiveEvent', {
        id,
        startsAt: moved.toISOString(),
        endsAt: new Date(moved.getTime() + HOUR).toISOString(),
      }),
    );
    // Written by the outbox's notification consumer right after the commit (not inside the request).
    await eventually(async () => (await notified(approved, 'LIVE_EVENT_CHANGED', id)).length > 0);
    expect(await notified(approved, 'LIVE_EVENT_CHANGED', id)).toHaveLength(1);
    expect(await notified(expert, 'LIVE_EVENT_CHANGED', id)).toEqual([]); // not the editor
    await sleep(first.getTime() - HOUR - Date.now() + 1000);
    // The reminder for the old start fell due and did nothing.
    expect(await notified(approved, 'LIVE_EVENT_REMINDER_1H', id)).toEqual([]);
    await eventually(async () => (await notified(approved, 'LIVE_EVENT_REMINDER_1H', id)).length > 0);
    const reminders = await notified(approved, 'LIVE_EVENT_REMINDER_1H', id);
    expect(reminders).toHaveLength(1);
    expect(new Date(reminders[0].createdAt).getTime()).toBeGreaterThanOrEqual(moved.getTime() - HOUR);
  });

  it('a cancelled event reminds nobody', async () => {
    const id = await scheduled(new Date(Date.now() + HOUR + 2 * SECOND));
    const [approved] = await participants(1);
    ok(await op(approved, 'registerForLiveEvent', { liveEventId: id }));
    ok(await op(expert, 'cancelLiveEvent', { id }));
    await sleep(3500);
    expect(await notified(approved, 'LIVE_EVENT_CANCELLED', id)).toHaveLength(1);
    expect(await notified(approved, 'LIVE_EVENT_REMINDER_1H', id)).toEqual([]);
    expect(await notified(expert, 'LIVE_EVENT_REMINDER_1H', id)).toEqual([]);
  });

  it('an event hidden by a moderator reminds its organisers and speakers, not its participants', async () => {
    const id = await scheduled(new Date(Date.now() + HOUR + 2 * SECOND));
    const [approved, reporter] = await participants(2);
    ok(await op(approved, 'registerForLiveEvent', { liveEventId: id }));
    const report = await fileReport(server, reporter, id, 'SPAM', 'Advertising.');
    ok(await resolveRaw(server, moderator, report, 'HIDE_CONTENT'));
    await eventually(async () => (await notified(expert, 'LIVE_EVENT_REMINDER_1H', id)).length > 0);
    expect(await notified(speaker, 'LIVE_EVENT_REMINDER_1H', id)).toHaveLength(1);
    const rows = await server.database.dataSource.query(
      `SELECT count(*)::int AS n FROM notification WHERE type = 'LIVE_EVENT_REMINDER_1H' AND "recipientId" = $1`,
      [approved.localId],
    );
    expect(rows[0].n).toBe(0);
  });
});

describe('"event changed" notifications', () => {
  it('a new join URL of a SCHEDULED event is notified to its registrants, not the editor; a title, or a DRAFT’s time zone, is not', async () => {
    const id = await scheduled(new Date(Date.now() + 72 * HOUR));
    const [approved, waiting] = await participants(2);
    ok(await op(approved, 'registerForLiveEvent', { liveEventId: id }));
    ok(await op(waiting, 'registerForLiveEvent', { liveEventId: id }));
    ok(await op(expert, 'updateLiveEvent', { id, title: 'A new title' }));
    expect(await notified(approved, 'LIVE_EVENT_CHANGED', id)).toEqual([]);
    ok(await op(expert, 'updateLiveEvent', { id, joinUrl: 'https://video.example.org/room-2' }));
    for (const user of [approved, waiting]) {
      await eventually(async () => (await notified(user, 'LIVE_EVENT_CHANGED', id)).length > 0);
      expect(await notified(user, 'LIVE_EVENT_CHANGED', id)).toHaveLength(1);
    }
    expect(await notified(expert, 'LIVE_EVENT_CHANGED', id)).toEqual([]);

    const draft = ok(
      await gql(
        server,
        `mutation($i: CreateLiveEventInput!) { createLiveEvent(input: $i) { liveEvent { id } } }`,
        {
          i: {
            title: 'Draft',
            floorLanguage: 'EN',
            startsAt: new Date(Date.now() + 72 * HOUR).toISOString(),
            endsAt: new Date(Date.now() + 73 * HOUR).toISOString(),
            timeZone: 'UTC',
            capacity: 5,
            registrationPolicy: 'OPEN',
            speakers: [{ practitionerId: speaker.id, role: 'SPEAKER' }],
          },
        },
        { token: expert.accessToken },
      ),
    ).createLiveEvent.liveEvent.id as string;
    ok(await op(expert, 'updateLiveEvent', { id: draft, timeZone: 'Asia/Tokyo' }));
    expect(await notified(speaker, 'LIVE_EVENT_CHANGED', draft)).toEqual([]);
  });
});

interface Delivery {
  data?: { liveEventChanged?: { id: string; status: string; startsAt: string; joinUrl: string | null } };
  errors?: { extensions?: { code?: string } }[];
}

/** Subscribes to liveEventChanged as `token`; collects deliveries and errors. */
async function follow(id: string, token: string | null) {
  const ws = connectWs(server, token);
  clients.push(ws.client);
  const events: Delivery[] = [];
  const errors: { extensions?: { code?: string } }[] = [];
  ws.client.subscribe(
    {
      query: `subscription($id: ID!) { liveEventChanged(eventId: $id) { id status startsAt joinUrl } }`,
      variables: { id },
    },
    {
      next: (v) => {
        events.push(v as Delivery);
        for (const e of (v as Delivery).errors ?? []) errors.push(e);
      },
      error: (e) => errors.push(...(Array.isArray(e) ? e : [e as { extensions?: { code?: string } }])),
      complete: () => undefined,
    },
  );
  await ws.connected;
  await sleep(300); // subscribed on the server
  return { events, errors };
}

describe('liveEventChanged', () => {
  it('pushes status changes and a new join URL, joinUrl resolved per subscriber; a blocked viewer gets nothing', async () => {
    // Starts in 10 minutes: the join URL is shown to approved participants and organisers from now on.
    const id = await scheduled(new Date(Date.now() + 10 * 60 * SECOND), {
      joinUrl: 'https://video.example.org/room-1',
    });
    const [approved, bystander, blocked] = await participants(3);
    ok(await op(approved, 'registerForLiveEvent', { liveEventId: id }));
    const [a, b, c, d] = await Promise.all([
      follow(id, approved.accessToken),
      follow(id, bystander.accessToken),
      follow(id, blocked.accessToken),
      follow(id, moderator.accessToken),
    ]);
    // The organiser blocks one subscriber: from now on, that one may not see the event.
    ok(
      await gql(
        server,
        `mutation($id: ID!) { blockPractitioner(input: { practitionerId: $id }) { practitioner { id } } }`,
        { id: blocked.id },
        { token: expert.accessToken },
      ),
    );
    ok(await op(expert, 'updateLiveEvent', { id, joinUrl: 'https://video.example.org/room-2' }));
    ok(await op(expert, 'startLiveEvent', { id }));
    await eventually(async () => a.events.length >= 2 && b.events.length >= 2 && d.events.length >= 2);
    expect(a.errors).toEqual([]);
    expect(a.events.map((e) => e.data?.liveEventChanged?.status)).toEqual(['SCHEDULED', 'LIVE']);
    expect(a.events.map((e) => e.data?.liveEventChanged?.joinUrl)).toEqual([
      'https://video.example.org/room-2',
      'https://video.example.org/room-2',
    ]);
    expect(b.events.map((e) => e.data?.liveEventChanged?.joinUrl)).toEqual([null, null]);
    expect(d.events.map((e) => e.data?.liveEventChanged?.status)).toEqual(['SCHEDULED', 'LIVE']);
    ok(await op(expert, 'cancelLiveEvent', { id }));
    await eventually(async () => a.events.length >= 3);
    expect(a.events[2].data?.liveEventChanged?.status).toBe('CANCELLED');
    expect(a.events[2].data?.liveEventChanged?.joinUrl).toBeNull();
    await sleep(300);
    expect(c.events).toEqual([]);
    expect(c.errors).toEqual([]);
  });

  it('pushes the event when its join URL starts being shown, 15 minutes before the start', async () => {
    const id = await scheduled(new Date(Date.now() + 15 * 60 * SECOND + 2 * SECOND), {
      joinUrl: 'https://video.example.org/room-3',
    });
    const [approved] = await participants(1);
    ok(await op(approved, 'registerForLiveEvent', { liveEventId: id }));
    const sub = await follow(id, approved.accessToken);
    const before = ok(
      await gql(
        server,
        `query($id: ID!) { liveEvent(id: $id) { joinUrl } }`,
        { id },
        { token: approved.accessToken },
      ),
    );
    expect(before.liveEvent.joinUrl).toBeNull();
    await eventually(async () => sub.events.length >= 1);
    expect(sub.errors).toEqual([]);
    expect(sub.events[0].data?.liveEventChanged).toMatchObject({
      status: 'SCHEDULED',
      joinUrl: 'https://video.example.org/room-3',
    });
  });

  it('refuses signed-out (UNAUTHENTICATED), unverified (FORBIDDEN) and an event you cannot see (NOT_FOUND)', async () => {
    const id = await scheduled(new Date(Date.now() + 72 * HOUR));
    const draft = ok(
      await gql(
        server,
        `mutation($i: CreateLiveEventInput!) { createLiveEvent(input: $i) { liveEvent { id } } }`,
        {
          i: {
            title: 'Not yet announced',
            floorLanguage: 'EN',
            startsAt: new Date(Date.now() + 72 * HOUR).toISOString(),
            endsAt: new Date(Date.now() + 73 * HOUR).toISOString(),
            timeZone: 'UTC',
            capacity: 5,
            registrationPolicy: 'OPEN',
          },
        },
        { token: expert.accessToken },
      ),
    ).createLiveEvent.liveEvent.id as string;
    const [member] = await participants(1);
    const anonymous = await follow(id, null);
    const unverified = await follow(id, pending.accessToken);
    const hidden = await follow(draft, member.accessToken);
    await eventually(
      async () => !!anonymous.errors.length && !!unverified.errors.length && !!hidden.errors.length,
    );
    expect(anonymous.errors.map((e) => e.extensions?.code)).toEqual(['UNAUTHENTICATED']);
    expect(unverified.errors.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
    expect(hidden.errors.map((e) => e.extensions?.code)).toEqual(['NOT_FOUND']);
  });
});

describe('ending by the clock', () => {
  it('an event left LIVE ends 2 hours after its scheduled end, and subscribers are told', async () => {
    // Its end was 2 hours minus 3 seconds ago: it ends by itself in 3 seconds once started.
    const startsAt = new Date(Date.now() - 3 * HOUR);
    const id = await scheduled(startsAt, {
      endsAt: new Date(Date.now() - 2 * HOUR + 3 * SECOND).toISOString(),
    });
    const [approved] = await participants(1);
    ok(await op(approved, 'registerForLiveEvent', { liveEventId: id }));
    const sub = await follow(id, approved.accessToken);
    ok(await op(expert, 'startLiveEvent', { id }));
    await eventually(async () => sub.events.length >= 2);
    expect(sub.events.map((e) => e.data?.liveEventChanged?.status)).toEqual(['LIVE', 'ENDED']);
    const read = ok(
      await gql(
        server,
        `query($id: ID!) { liveEvent(id: $id) { status } }`,
        { id },
        { token: approved.accessToken },
      ),
    );
    expect(read.liveEvent.status).toBe('ENDED');
  });

  it('an event ended by its organiser is not ended again', async () => {
    const id = await scheduled(new Date(Date.now() - 3 * HOUR), {
      endsAt: new Date(Date.now() - 2 * HOUR + 2 * SECOND).toISOString(),
    });
    const sub = await follow(id, expert.accessToken);
    ok(await op(expert, 'startLiveEvent', { id }));
    ok(await op(expert, 'endLiveEvent', { id }));
    await sleep(3500);
    expect(sub.events.map((e) => e.data?.liveEventChanged?.status)).toEqual(['LIVE', 'ENDED']);
  });
});
