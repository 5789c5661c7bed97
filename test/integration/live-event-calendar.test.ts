import { startTestServer } from '../helpers/server';
import type { TestServer } from '../helpers/server';
import { codes, gql, ok } from '../helpers/graphql';
import { createModerator, createPending, createPractitioner } from '../helpers/factories';
import type { TestUser } from '../helpers/factories';
import { fileReport, resolveRaw } from '../helpers/moderation';
import { Role } from '../../src/common/auth/role';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const ICAL = require('ical.js');

let server: TestServer;
let expert: TestUser;
let member: TestUser;
let moderator: TestUser;
let pending: TestUser;
beforeAll(async () => {
  server = await startTestServer();
  [expert, member, moderator, pending] = await Promise.all([
    createPractitioner(server, { role: Role.EXPERT, displayName: 'Nuclear-terrorism expert' }),
    createPractitioner(server, { displayName: 'Member' }),
    createModerator(server),
    createPending(server),
  ]);
});
afterAll(() => server.stop());

const HOUR = 3600_000;
let seq = 0;

function eventInput(overrides: Record<string, unknown> = {}) {
  // Whole minutes: iCalendar times have whole seconds.
  const startsAt = new Date(Math.floor(Date.now() / 60_000) * 60_000 + 48 * HOUR + ++seq * 60_000);
  return {
    title: `Mutual legal assistance ${seq}`,
    description: 'Is **extradition** satisfactory?\nSecond line; with, commas.',
    floorLanguage: 'EN',
    startsAt: startsAt.toISOString(),
    endsAt: new Date(startsAt.getTime() + 2 * HOUR).toISOString(),
    timeZone: 'Africa/Niamey',
    capacity: 50,
    joinUrl: 'https://meet.example.org/secret-room',
    ...overrides,
  };
}

async function create(user: TestUser, overrides: Record<string, unknown> = {}): Promise<string> {
  const res = await gql(
    server,
    `mutation($i: CreateLiveEventInput!) { createLiveEvent(input: $i) { liveEvent { id } } }`,
    { i: eventInput(overrides) },
    { token: user.accessToken },
  );
  return ok(res).createLiveEvent.liveEvent.id as string;
}

async function lifecycle(user: TestUser, op: string, id: string) {
  const name = op[0].toUpperCase() + op.slice(1);
  return ok(
    await gql(
      server,
      `mutation($i: ${name}Input!) { ${op}(input: $i) { liveEvent { id status } } }`,
      { i: { id } },
      { token: user.accessToken },
    ),
  );
}

async function scheduled(user: TestUser = expert, overrides: Record<string, unknown> = {}): Promise<string> {
  const id = await create(user, overrides);
  await lifecycle(user, 'scheduleLiveEvent', id);
  return id;
}

async function register(user: TestUser, liveEventId: string): Promise<string> {
  const res = await gql(
    server,
    `mutation($i: RegisterForLiveEventInput!) { registerForLiveEvent(input: $i) { registration { status } } }`,
    { i: { liveEventId } },
    { token: user.accessToken },
  );
  return ok(res).registerForLiveEvent.registration.status as string;
}

async function update(user: TestUser, id: string, changes: Record<string, unknown>) {
  return ok(
    await gql(
      server,
      `mutation($i: UpdateLiveEventInput!) { updateLiveEvent(input: $i) { liveEvent { id } } }`,
      { i: { id, ...changes } },
      { token: user.accessToken },
    ),
  );
}

/** The event's `icalendar` field as `user` sees it (null when the event is not visible). */
async function icalendar(user: TestUser, id: string): Promise<string | null> {
  const res = ok(
    await gql(
      server,
      `query($id: ID!) { liveEvent(id: $id) { icalendar } node(id: $id) { ... on LiveEvent { icalendar } } }`,
      { id },
      { token: user.accessToken },
    ),
  );
  // The same text by both paths, but for DTSTAMP (the time each was written: they may fall in two seconds).
  const unstamped = (text: string | null) => text?.replace(/^DTSTAMP:\d{8}T\d{6}Z\r?$/gm, 'DTSTAMP') ?? null;
  expect(unstamped(res.node?.icalendar ?? null)).toEqual(unstamped(res.liveEvent?.icalendar ?? null));
  return res.liveEvent?.icalendar ?? null;
}

async function eventTimes(user: TestUser, id: string): Promise<{ startsAt: string; endsAt: string }> {
  const res = await gql(
    server,
    `query($id: ID!) { liveEvent(id: $id) { startsAt endsAt } }`,
    { id },
    {
      token: user.accessToken,
    },
  );
  return ok(res).liveEvent;
}

/** Parses with ical.js, registering the file's own VTIMEZONEs (and only those) to resolve TZID. */
function parse(text: string) {
  const root = new ICAL.Component(ICAL.parse(text));
  ICAL.TimezoneService.reset();
  for (const vtz of root.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(vtz);
  const events = root.getAllSubcomponents('vevent').map((c: unknown) => new ICAL.Event(c));
  return { root, events };
}

function prop(component: { getFirstPropertyValue(n: string): unknown }, name: string): unknown {
  return component.getFirstPropertyValue(name);
}

async function resetFeed(user: TestUser): Promise<string> {
  const res = await gql(server, `mutation { resetCalendarFeed { url } }`, {}, { token: user.accessToken });
  return ok(res).resetCalendarFeed.url as string;
}

function feed(path: string): Promise<Response> {
  return fetch(new URL(path, new URL(server.url).origin));
}

async function feedUids(path: string): Promise<string[]> {
  const res = await feed(path);
  expect(res.status).toBe(200);
  const { events } = parse(await res.text());
  return events.map((e: { uid: string }) => e.uid);
}

const uidOf = (globalId: string) => {
  const raw = Buffer.from(globalId, 'base64').toString('utf8');
  return `${raw.slice(raw.indexOf(':') + 1)}@praxis.invalid`;
};

describe('LiveEvent.icalendar', () => {
  it('one VEVENT in the event’s zone, with its VTIMEZONE, stable UID, DTSTAMP in UTC, no join URL', async () => {
    const id = await scheduled();
    const text = (await icalendar(member, id))!;
    expect(text).not.toContain('secret-room');
    expect(text).toContain('DTSTART;TZID=Africa/Niamey:');
    expect(text).toMatch(/\r\nDTSTAMP:\d{8}T\d{6}Z\r\n/);
    const { root, events } = parse(text);
    expect(prop(root, 'method')).toBe('PUBLISH');
    expect(
      root
        .getAllSubcomponents('vtimezone')
        .map((z: { getFirstPropertyValue(n: string): string }) => z.getFirstPropertyValue('tzid')),
    ).toEqual(['Africa/Niamey']);
    expect(events).toHaveLength(1);
    const [e] = events;
    expect(e.uid).toBe(uidOf(id));
    expect(e.sequence).toBe(1); // created (0), scheduled (1)
    expect(e.summary).toMatch(/^Mutual legal assistance/);
    expect(e.description).toBe('Is **extradition** satisfactory?\nSecond line; with, commas.'); // the Markdown source
    expect(prop(e.component, 'status')).toBe('CONFIRMED');
    expect(e.organizer).toBe('mailto:no-reply@praxis.invalid');
    expect(e.component.getFirstProperty('organizer').getParameter('cn')).toBe('Nuclear-terrorism expert');
    expect(e.component.getFirstProperty('url')).toBeNull();
    const times = await eventTimes(member, id);
    expect(e.startDate.toJSDate().toISOString()).toBe(times.startsAt);
    expect(e.endDate.toJSDate().toISOString()).toBe(times.endsAt);
  });

  it('times stay right across the daylight-saving change (Europe/Vienna, America/New_York)', async () => {
    const cases = [
      // Spans the change: 00:30 CET to 04:30 CEST on the last Sunday of March 2027.
      { timeZone: 'Europe/Vienna', startsAt: '2027-03-27T23:30:00.000Z', endsAt: '2027-03-28T02:30:00.000Z' },
      // Follows it: 10:00 CEST the day after.
      { timeZone: 'Europe/Vienna', startsAt: '2027-03-29T08:00:00.000Z', endsAt: '2027-03-29T09:30:00.000Z' },
      // Before the change (EST) ending after it (EDT), second Sunday of March 2027.
      {
        timeZone: 'America/New_York',
        startsAt: '2027-03-14T06:30:00.000Z',
        endsAt: '2027-03-14T08:30:00.000Z',
      },
      // In November, after the return to EST.
      {
        timeZone: 'America/New_York',
        startsAt: '2027-11-08T15:00:00.000Z',
        endsAt: '2027-11-08T16:00:00.000Z',
      },
    ];
    for (const c of cases) {
      const id = await scheduled(expert, c);
      const text = (await icalendar(member, id))!;
      const { root, events } = parse(text);
      const zones = root.getAllSubcomponents('vtimezone');
      expect(
        zones.map((z: { getFirstPropertyValue(n: string): string }) => z.getFirstPropertyValue('tzid')),
      ).toEqual([c.timeZone]);
      expect(zones[0].getAllSubcomponents('daylight')).toHaveLength(1);
      expect(zones[0].getAllSubcomponents('standard')).toHaveLength(1);
      const [e] = events;
      expect(e.startDate.zone.tzid).toBe(c.timeZone);
      expect(e.startDate.toJSDate().toISOString()).toBe(c.startsAt);
      expect(e.endDate.toJSDate().toISOString()).toBe(c.endsAt);
    }
    // The wall times written are those of the zone at each instant (CET before, CEST after).
    const spanning = await scheduled(expert, cases[0]);
    const text = (await icalendar(member, spanning))!;
    expect(text).toContain('DTSTART;TZID=Europe/Vienna:20270328T003000');
    expect(text).toContain('DTEND;TZID=Europe/Vienna:20270328T043000');
  });

  it('UID stays, SEQUENCE rises with each change; cancellation gives METHOD:CANCEL and STATUS:CANCELLED', async () => {
    const id = await create(expert);
    const seqOf = async () => parse((await icalendar(expert, id))!).events[0];
    const draft = await seqOf();
    expect(draft.sequence).toBe(0);
    expect(prop(draft.component, 'status')).toBe('TENTATIVE');
    await update(expert, id, { title: 'Retitled' });
    expect((await seqOf()).sequence).toBe(1);
    await lifecycle(expert, 'scheduleLiveEvent', id);
    expect((await seqOf()).sequence).toBe(2);
    await update(expert, id, { timeZone: 'Europe/Vienna' });
    await update(expert, id, { description: 'New description' });
    const edited = await seqOf();
    expect(edited.sequence).toBe(4);
    expect(edited.uid).toBe(uidOf(id));
    expect(edited.startDate.zone.tzid).toBe('Europe/Vienna');
    await lifecycle(expert, 'cancelLiveEvent', id);
    const text = (await icalendar(member, id))!;
    const { root, events } = parse(text);
    expect(prop(root, 'method')).toBe('CANCEL');
    expect(prop(events[0].component, 'status')).toBe('CANCELLED');
    expect(events[0].sequence).toBe(5);
    expect(events[0].uid).toBe(uidOf(id));
  });

  it('is visible exactly like the event: nothing for those who may not see it', async () => {
    const draft = await create(expert);
    expect(await icalendar(member, draft)).toBeNull(); // a DRAFT: organisers and moderators only
    expect(await icalendar(moderator, draft)).toContain('BEGIN:VEVENT');
    const id = await scheduled();
    const unverified = await gql(
      server,
      `query($id: ID!) { liveEvent(id: $id) { icalendar } }`,
      { id },
      {
        token: pending.accessToken,
      },
    );
    expect(codes(unverified)).toEqual(['FORBIDDEN']);
    const anonymous = await gql(server, `query($id: ID!) { liveEvent(id: $id) { icalendar } }`, { id });
    expect(codes(anonymous)).toEqual(['UNAUTHENTICATED']);
  });
});

describe('calendar feeds', () => {
  it('lists the owner’s APPROVED, WAITING and PENDING registrations only, with their status', async () => {
    const owner = await createPractitioner(server);
    const approved = await scheduled();
    const waiting = await scheduled(expert, { capacity: 1 });
    const pendingEvent = await scheduled(expert, { registrationPolicy: 'APPROVAL' });
    const withdrawn = await scheduled();
    const notMine = await scheduled();
    await register(await createPractitioner(server), waiting); // takes the only seat
    expect(await register(owner, approved)).toBe('APPROVED');
    expect(await register(owner, waiting)).toBe('WAITING');
    expect(await register(owner, pendingEvent)).toBe('PENDING');
    await register(owner, withdrawn);
    ok(
      await gql(
        server,
        `mutation($i: WithdrawFromLiveEventInput!) { withdrawFromLiveEvent(input: $i) { registration { status } } }`,
        { i: { liveEventId: withdrawn } },
        { token: owner.accessToken },
      ),
    );
    await register(member, notMine);

    const path = await resetFeed(owner);
    expect(path).toMatch(/^\/calendar\/[A-Za-z0-9_-]{43}\.ics$/);
    const res = await feed(path);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    const text = await res.text();
    expect(text).not.toContain('secret-room');
    const { root, events } = parse(text);
    expect(prop(root, 'method')).toBe('PUBLISH');
    const byUid = new Map(events.map((e: { uid: string; component: unknown }) => [e.uid, e.component]));
    expect([...byUid.keys()].sort()).toEqual([approved, waiting, pendingEvent].map(uidOf).sort());
    expect(prop(byUid.get(uidOf(waiting)) as never, 'x-praxis-registration')).toBe('WAITING');
    expect(prop(byUid.get(uidOf(pendingEvent)) as never, 'x-praxis-registration')).toBe('PENDING');
    expect(prop(byUid.get(uidOf(approved)) as never, 'x-praxis-registration')).toBe('APPROVED');

    // A cancelled event stays, with STATUS:CANCELLED and a higher SEQUENCE.
    await lifecycle(expert, 'cancelLiveEvent', approved);
    const after = parse(await (await feed(path)).text()).events.find(
      (e: { uid: string }) => e.uid === uidOf(approved),
    );
    expect(prop(after.component, 'status')).toBe('CANCELLED');
    expect(after.sequence).toBe(2);
  });

  it('rotates the token: the old URL is 404, the new one works; unknown tokens are a bare 404', async () => {
    const owner = await createPractitioner(server);
    const id = await scheduled();
    await register(owner, id);
    const first = await resetFeed(owner);
    expect(await feedUids(first)).toEqual([uidOf(id)]);
    const second = await resetFeed(owner);
    expect(second).not.toBe(first);
    expect((await feed(first)).status).toBe(404);
    expect(await feedUids(second)).toEqual([uidOf(id)]);
    for (const bad of [
      '/calendar/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA.ics',
      '/calendar/nonsense.ics',
      second.replace('.ics', ''),
    ]) {
      const res = await feed(bad);
      expect(res.status).toBe(404);
      expect(await res.text()).toBe('Not found');
    }
    const anonymous = await gql(server, `mutation { resetCalendarFeed { url } }`, {});
    expect(codes(anonymous)).toEqual(['UNAUTHENTICATED']);
  });

  it('leaves out events the owner may no longer see (blocked, hidden), and everything while the owner is suspended', async () => {
    const organiser = await createPractitioner(server, { role: Role.EXPERT });
    const owner = await createPractitioner(server);
    const blockedOut = await scheduled(organiser);
    const kept = await scheduled();
    await register(owner, blockedOut);
    await register(owner, kept);
    const path = await resetFeed(owner);
    expect((await feedUids(path)).sort()).toEqual([blockedOut, kept].map(uidOf).sort());

    // The organiser blocks the owner: the event is no longer visible to them, nor in their feed.
    ok(
      await gql(
        server,
        `mutation($id: ID!) { blockPractitioner(input: { practitionerId: $id }) { practitioner { id } } }`,
        { id: owner.id },
        { token: organiser.accessToken },
      ),
    );
    expect(await icalendar(owner, blockedOut)).toBeNull();
    expect(await feedUids(path)).toEqual([uidOf(kept)]);

    // Hidden by a moderator: left out too; restored: back.
    const report = await fileReport(server, member, kept, 'SPAM', 'Advertising.');
    ok(await resolveRaw(server, moderator, report, 'HIDE_CONTENT'));
    expect(await feedUids(path)).toEqual([]);
    const again = await fileReport(
      server,
      await createModerator(server),
      kept,
      'OTHER',
      'Hidden by mistake.',
    );
    ok(await resolveRaw(server, moderator, again, 'RESTORE_CONTENT'));
    expect(await feedUids(path)).toEqual([uidOf(kept)]);

    // Suspended: an empty calendar (the URL itself stays valid).
    ok(
      await gql(
        server,
        `mutation($id: ID!) { suspendPractitioner(input: { id: $id, until: null, reason: "Shared case files." }) { practitioner { id } } }`,
        { id: owner.id },
        { token: moderator.accessToken },
      ),
    );
    expect(await feedUids(path)).toEqual([]);
    ok(
      await gql(
        server,
        `mutation($id: ID!) { unsuspendPractitioner(input: { id: $id, note: "Appeal accepted." }) { practitioner { id } } }`,
        { id: owner.id },
        { token: moderator.accessToken },
      ),
    );
    expect(await feedUids(path)).toEqual([uidOf(kept)]);
  });

  it('unverified members get no feed; a member whose verification is withdrawn gets an empty one', async () => {
    expect(
      codes(await gql(server, `mutation { resetCalendarFeed { url } }`, {}, { token: pending.accessToken })),
    ).toEqual(['FORBIDDEN']);
    const owner = await createPractitioner(server);
    const id = await scheduled();
    await register(owner, id);
    const path = await resetFeed(owner);
    expect(await feedUids(path)).toEqual([uidOf(id)]);
    ok(
      await gql(
        server,
        `mutation($id: ID!) { verifyPractitioner(input: { id: $id, decision: REJECT, note: "Not a practitioner." }) { practitioner { id } } }`,
        { id: owner.id },
        { token: moderator.accessToken },
      ),
    );
    expect(await feedUids(path)).toEqual([]);
  });
});

describe('calendar feed rate limit', () => {
  let strict: TestServer;
  beforeAll(async () => {
    strict = await startTestServer({
      TRUST_PROXY: 'loopback',
      RATE_LIMIT_CALENDAR_PER_ACCOUNT: '2/3600',
      RATE_LIMIT_CALENDAR_PER_IP: '4/3600',
    });
  });
  afterAll(() => strict.stop());

  const get = (path: string, ip: string) =>
    fetch(new URL(path, new URL(strict.url).origin), { headers: { 'X-Forwarded-For': ip } });

  it('answers 429 with Retry-After past the per-token budget, and past the per-IP budget for any token', async () => {
    const owner = await createPractitioner(strict);
    const res = await gql(strict, `mutation { resetCalendarFeed { url } }`, {}, { token: owner.accessToken });
    const url = ok(res).resetCalendarFeed.url as string;
    expect((await get(url, '10.9.0.1')).status).toBe(200);
    expect((await get(url, '10.9.0.2')).status).toBe(200);
    const limited = await get(url, '10.9.0.3'); // the token's budget is spent, whatever the address
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await limited.text()).toBe('Too many requests');
    // per IP: unknown tokens spend the address's budget too (no free probing)
    const ip = '10.9.1.1';
    for (let i = 0; i < 4; i++) {
      expect((await get(`/calendar/${'B'.repeat(42)}${i}.ics`, ip)).status).toBe(404);
    }
    expect((await get(`/calendar/${'C'.repeat(43)}.ics`, ip)).status).toBe(429);
  });
});
