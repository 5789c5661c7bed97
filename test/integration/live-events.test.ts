import { startTestServer } from '../helpers/server';
import type { TestServer } from '../helpers/server';
import { codes, gql, ok } from '../helpers/graphql';
import type { GraphQLResponse } from '../helpers/graphql';
import { createModerator, createPending, createPractitioner } from '../helpers/factories';
import type { TestUser } from '../helpers/factories';
import { addMember, createWorkingGroup } from '../helpers/networks';
import { fileReport, resolveRaw } from '../helpers/moderation';
import { connectWs, wsExecute } from '../helpers/ws';
import { Role } from '../../src/common/auth/role';
import { fromGlobalId, toGlobalId } from '../../src/common/relay/global-id';

let server: TestServer;
let expert: TestUser;
let member: TestUser;
let moderator: TestUser;
let pending: TestUser;
beforeAll(async () => {
  server = await startTestServer();
  [expert, member, moderator, pending] = await Promise.all([
    createPractitioner(server, { role: Role.EXPERT, displayName: 'Expert' }),
    createPractitioner(server, { displayName: 'Member' }),
    createModerator(server),
    createPending(server),
  ]);
});
afterAll(() => server.stop());

const EVENT_FIELDS = `id title description descriptionHtml status visibility startsAt endsAt timeZone capacity
  registrationPolicy registeredCount waitingCount floorLanguage interpretationLanguages joinUrl viewerCanManage
  organizer { id } speakers { role practitioner { id } } networks { id } countries { code } thematicAreas { code }
  viewerRegistration { id status }`;
const REG_FIELDS = `registration { id status practitioner { id } } liveEvent { id registeredCount waitingCount }`;

const HOUR = 3600_000;
let seq = 0;

function eventInput(overrides: Record<string, unknown> = {}) {
  const startsAt = new Date(Date.now() + 48 * HOUR + ++seq * 60_000);
  return {
    title: `Extradition between criminal-justice officers ${seq}`,
    description: 'Is **mutual legal assistance** satisfactory?',
    floorLanguage: 'EN',
    interpretationLanguages: ['FR', 'AR'],
    startsAt: startsAt.toISOString(),
    endsAt: new Date(startsAt.getTime() + 2 * HOUR).toISOString(),
    timeZone: 'Africa/Niamey',
    capacity: 50,
    countryCodes: ['NE'],
    ...overrides,
  };
}

async function create(user: TestUser, overrides: Record<string, unknown> = {}) {
  return gql(
    server,
    `mutation($i: CreateLiveEventInput!) { createLiveEvent(input: $i) { liveEvent { ${EVENT_FIELDS} } } }`,
    { i: eventInput(overrides) },
    { token: user.accessToken },
  );
}

async function lifecycle(user: TestUser, op: string, id: string) {
  const name = op[0].toUpperCase() + op.slice(1);
  return gql(
    server,
    `mutation($i: ${name}Input!) { ${op}(input: $i) { liveEvent { id status } } }`,
    { i: { id } },
    { token: user.accessToken },
  );
}

/** Creates an event as `user` and schedules it; returns its id. */
async function scheduled(user: TestUser = expert, overrides: Record<string, unknown> = {}): Promise<string> {
  const id = ok(await create(user, overrides)).createLiveEvent.liveEvent.id as string;
  ok(await lifecycle(user, 'scheduleLiveEvent', id));
  return id;
}

async function register(user: TestUser, liveEventId: string, idempotencyKey?: string) {
  return gql(
    server,
    `mutation($i: RegisterForLiveEventInput!) { registerForLiveEvent(input: $i) { ${REG_FIELDS} } }`,
    { i: { liveEventId, idempotencyKey } },
    { token: user.accessToken },
  );
}

async function regOp(user: TestUser, op: string, input: Record<string, unknown>) {
  const name = op[0].toUpperCase() + op.slice(1);
  return gql(
    server,
    `mutation($i: ${name}Input!) { ${op}(input: $i) { ${REG_FIELDS} } }`,
    { i: input },
    { token: user.accessToken },
  );
}

async function readEvent(user: TestUser, id: string) {
  const res = await gql(
    server,
    `query($id: ID!) { liveEvent(id: $id) { ${EVENT_FIELDS} } node(id: $id) { id ... on LiveEvent { title } } }`,
    { id },
    { token: user.accessToken },
  );
  return ok(res);
}

async function listIds(user: TestUser, filter: Record<string, unknown> = {}, first = 100): Promise<string[]> {
  const res = await gql(
    server,
    `query($f: LiveEventFilter, $first: Int) { liveEvents(filter: $f, first: $first) { edges { node { id } } } }`,
    { f: filter, first },
    { token: user.accessToken },
  );
  return ok(res).liveEvents.edges.map((e: { node: { id: string } }) => e.node.id);
}

function fields(res: GraphQLResponse<unknown>): string[] {
  return (res.errors?.[0]?.extensions?.fields ?? []).map((f) => f.field);
}

/** Notifications of `type` about anything written for `user` (the outbox delivers them after the commit). */
async function notificationsOf(user: TestUser, type: string, expected: number): Promise<number> {
  let n = 0;
  for (let i = 0; i < 50; i++) {
    const rows: { n: string }[] = await server.database.dataSource.query(
      `SELECT count(*)::text AS n FROM notification WHERE "recipientId" = $1 AND "type" = $2`,
      [user.localId, type],
    );
    n = Number(rows[0].n);
    if (n >= expected) return n;
    await new Promise((r) => setTimeout(r, 50));
  }
  return n;
}

describe('creating live events', () => {
  it('an expert creates a DRAFT for the community, with speakers, sanitized HTML and the organiser', async () => {
    const speaker = await createPractitioner(server, { displayName: 'Prison-reform expert' });
    const res = await create(expert, {
      description: 'Transfer of sentenced persons <script>alert(1)</script>',
      speakers: [{ practitionerId: speaker.id, role: 'SPEAKER' }],
      thematicAreaCodes: [],
      joinUrl: 'https://meet.example.org/room-1',
    });
    const e = ok(res).createLiveEvent.liveEvent;
    expect(e).toMatchObject({
      status: 'DRAFT',
      visibility: 'COMMUNITY',
      timeZone: 'Africa/Niamey',
      floorLanguage: 'EN',
      interpretationLanguages: ['FR', 'AR'],
      registeredCount: 0,
      waitingCount: 0,
      viewerCanManage: true,
      organizer: { id: expert.id },
      countries: [{ code: 'NE' }],
      joinUrl: null, // two days ahead: not yet
    });
    expect(e.descriptionHtml).not.toContain('<script');
    expect(e.speakers).toEqual([
      { role: 'ORGANIZER', practitioner: { id: expert.id } },
      { role: 'SPEAKER', practitioner: { id: speaker.id } },
    ]);
  });

  it('moderators create too; members, pending and anonymous callers cannot', async () => {
    ok(await create(moderator));
    expect(codes(await create(member))).toEqual(['FORBIDDEN']);
    expect(codes(await create(pending))).toEqual(['FORBIDDEN']);
    const anonymous = await gql(
      server,
      `mutation($i: CreateLiveEventInput!) { createLiveEvent(input: $i) { liveEvent { id } } }`,
      { i: eventInput() },
    );
    expect(codes(anonymous)).toEqual(['UNAUTHENTICATED']);
  });

  it('a network owner creates events for their own network only', async () => {
    const owner = await createPractitioner(server);
    const group = await createWorkingGroup(server, owner, 'OPEN');
    const other = await createWorkingGroup(server, await createPractitioner(server), 'OPEN');
    const e = ok(await create(owner, { visibility: 'NETWORKS', networkIds: [group] })).createLiveEvent
      .liveEvent;
    expect(e.networks).toEqual([{ id: group }]);
    expect(codes(await create(owner))).toEqual(['FORBIDDEN']); // not for the community
    expect(codes(await create(owner, { visibility: 'NETWORKS', networkIds: [other] }))).toEqual([
      'FORBIDDEN',
    ]);
  });

  it('refuses bad times, time zones, URLs, codes and speakers with the field named', async () => {
    const start = new Date(Date.now() + 5 * HOUR);
    const bad: [Record<string, unknown>, string][] = [
      [{ startsAt: start.toISOString(), endsAt: start.toISOString() }, 'endsAt'],
      [{ timeZone: 'Mars/Olympus_Mons' }, 'timeZone'],
      [{ joinUrl: 'http://meet.example.org/room' }, 'joinUrl'],
      [{ countryCodes: ['QQ'] }, 'countryCodes'],
      [{ thematicAreaCodes: ['NOT_AN_AREA'] }, 'thematicAreaCodes'],
      [{ visibility: 'NETWORKS', networkIds: [] }, 'networkIds'],
      [{ speakers: [{ practitionerId: expert.id, role: 'SPEAKER' }] }, 'speakers'],
      [{ capacity: 0 }, 'capacity'],
    ];
    for (const [overrides, field] of bad) {
      const res = await create(expert, overrides);
      expect(codes(res)).toEqual(['BAD_USER_INPUT']);
      expect(fields(res)).toContain(field);
    }
  });

  it('an idempotency key makes a retry return the first event', async () => {
    const input = eventInput({ idempotencyKey: `create-${seq}` });
    const run = () =>
      gql(
        server,
        `mutation($i: CreateLiveEventInput!) { createLiveEvent(input: $i) { liveEvent { id } } }`,
        { i: input },
        { token: expert.accessToken },
      );
    const [a, b] = await Promise.all([run(), run()]);
    expect(ok(a).createLiveEvent.liveEvent.id).toBe(ok(b).createLiveEvent.liveEvent.id);
  });
});

describe('who sees a live event', () => {
  it('a draft: organiser, speakers and moderators only, on every path', async () => {
    const speaker = await createPractitioner(server);
    const id = ok(await create(expert, { speakers: [{ practitionerId: speaker.id, role: 'MODERATOR' }] }))
      .createLiveEvent.liveEvent.id;
    for (const u of [expert, speaker, moderator]) {
      expect((await readEvent(u, id)).liveEvent.id).toBe(id);
      expect(await listIds(u)).toContain(id);
    }
    const seen = await readEvent(member, id);
    expect(seen).toEqual({ liveEvent: null, node: null });
    expect(await listIds(member)).not.toContain(id);
    // its speaker does not organise it
    expect((await readEvent(speaker, id)).liveEvent.viewerCanManage).toBe(false);
    expect(codes(await lifecycle(speaker, 'scheduleLiveEvent', id))).toEqual(['FORBIDDEN']);
    // a member's mutations on it: NOT_FOUND, as if it did not exist
    expect(codes(await lifecycle(member, 'scheduleLiveEvent', id))).toEqual(['NOT_FOUND']);
    expect(codes(await register(member, id))).toEqual(['NOT_FOUND']);
  });

  it('the same rules over WebSocket: a draft is null for a member, visible to its organiser', async () => {
    const id = ok(await create(expert)).createLiveEvent.liveEvent.id;
    const q = `query($id: ID!) { liveEvent(id: $id) { id } node(id: $id) { id } }`;
    for (const [user, expected] of [
      [member, { liveEvent: null, node: null }],
      [expert, { liveEvent: { id }, node: { id } }],
    ] as const) {
      const ws = connectWs(server, user.accessToken);
      await ws.connected;
      try {
        expect((await wsExecute(ws.client, q, { id })).data).toEqual(expected);
      } finally {
        await ws.client.dispose();
      }
    }
  });

  it('scheduled COMMUNITY events: every verified member; pending accounts nothing', async () => {
    const id = await scheduled();
    expect((await readEvent(member, id)).liveEvent.status).toBe('SCHEDULED');
    expect(await listIds(member)).toContain(id);
    const res = await gql(
      server,
      `query($id: ID!) { liveEvent(id: $id) { id } }`,
      { id },
      { token: pending.accessToken },
    );
    expect(codes(res)).toEqual(['FORBIDDEN']);
    const node = await gql(
      server,
      `query($id: ID!) { node(id: $id) { id } }`,
      { id },
      { token: pending.accessToken },
    );
    expect(node.data?.node ?? null).toBeNull();
  });

  it('NETWORKS events: active members of its networks (and moderators) only', async () => {
    const owner = await createPractitioner(server);
    const insider = await createPractitioner(server);
    const group = await createWorkingGroup(server, owner, 'OPEN');
    await addMember(server, group, insider);
    const id = await scheduled(owner, { visibility: 'NETWORKS', networkIds: [group] });
    expect((await readEvent(insider, id)).liveEvent.id).toBe(id);
    expect((await readEvent(moderator, id)).liveEvent.id).toBe(id);
    expect((await readEvent(member, id)).liveEvent).toBeNull();
    expect(await listIds(member)).not.toContain(id);
    expect(await listIds(insider, { networkIds: [group] })).toEqual([id]);
    // organisers cannot invite someone who may not see it
    const outsider = await createPractitioner(server);
    const invite = await regOp(owner, 'inviteToLiveEvent', { liveEventId: id, practitionerId: outsider.id });
    expect(codes(invite)).toEqual(['CONFLICT']);
    expect(invite.errors?.[0].message).toMatch(/not a member of its networks/);
    // once in one of its networks, they can be invited
    await addMember(server, group, outsider);
    const invited = ok(
      await regOp(owner, 'inviteToLiveEvent', { liveEventId: id, practitionerId: outsider.id }),
    );
    expect(invited.inviteToLiveEvent.registration.status).toBe('INVITED');
    expect(codes(await register(member, id))).toEqual(['NOT_FOUND']);
    ok(await register(insider, id));
  });

  it('nobody in a block with the organiser sees the event (moderators excepted)', async () => {
    const blocked = await createPractitioner(server);
    const id = await scheduled();
    await server.database.dataSource.query(
      `INSERT INTO practitioner_block ("blockerId", "blockedId") VALUES ($1, $2)`,
      [expert.localId, blocked.localId],
    );
    expect((await readEvent(blocked, id)).liveEvent).toBeNull();
    expect(await listIds(blocked)).not.toContain(id);
    expect(codes(await register(blocked, id))).toEqual(['NOT_FOUND']);
  });

  it('a registration is seen by its person and the organisers, not by others', async () => {
    const id = await scheduled();
    const reg = ok(await register(member, id)).registerForLiveEvent.registration.id;
    const q = `query($id: ID!) { node(id: $id) { id ... on LiveEventRegistration { status liveEvent { id } } } }`;
    const other = await createPractitioner(server);
    expect(ok(await gql(server, q, { id: reg }, { token: member.accessToken })).node.status).toBe('APPROVED');
    expect(ok(await gql(server, q, { id: reg }, { token: expert.accessToken })).node.id).toBe(reg);
    expect(ok(await gql(server, q, { id: reg }, { token: other.accessToken })).node).toBeNull();
  });
});

describe('moderation (content kind LIVE_EVENT)', () => {
  it('a member reports an event; a moderator hides it: gone for members, kept for organiser and moderators', async () => {
    const id = await scheduled();
    const reporter = await createPractitioner(server);
    const report = await fileReport(server, reporter, id, 'SPAM', 'Advertising.');
    ok(await resolveRaw(server, moderator, report, 'HIDE_CONTENT'));
    expect((await readEvent(reporter, id)).liveEvent).toBeNull();
    expect(await listIds(reporter)).not.toContain(id);
    expect(codes(await register(reporter, id))).toEqual(['NOT_FOUND']);
    expect((await readEvent(expert, id)).liveEvent.id).toBe(id);
    expect((await readEvent(moderator, id)).liveEvent.id).toBe(id);
    // another moderator still sees it, reports it again, and it is restored
    const second = await createModerator(server);
    const again = await fileReport(server, second, id, 'OTHER', 'Hidden by mistake.');
    ok(await resolveRaw(server, moderator, again, 'RESTORE_CONTENT'));
    expect((await readEvent(reporter, id)).liveEvent.id).toBe(id);
  });
});

describe('running an event', () => {
  it('a co-organiser (speaker with role ORGANIZER) runs it and sees its participants', async () => {
    const co = await createPractitioner(server);
    const id = ok(await create(expert, { speakers: [{ practitionerId: co.id, role: 'ORGANIZER' }] }))
      .createLiveEvent.liveEvent.id;
    expect((await readEvent(co, id)).liveEvent.viewerCanManage).toBe(true);
    ok(await lifecycle(co, 'scheduleLiveEvent', id));
    const reg = ok(await register(member, id)).registerForLiveEvent.registration.id;
    const q = `query($id: ID!) { liveEvent(id: $id) { participants(first: 5) { edges { node { id } } } } }`;
    const seen = ok(await gql(server, q, { id }, { token: co.accessToken })).liveEvent.participants.edges;
    expect(seen).toEqual([{ node: { id: reg } }]);
    ok(await lifecycle(co, 'cancelLiveEvent', id));
  });

  it('the organiser schedules, starts and ends it; wrong steps are CONFLICT; others FORBIDDEN', async () => {
    const id = ok(await create(expert)).createLiveEvent.liveEvent.id;
    expect(codes(await lifecycle(expert, 'startLiveEvent', id))).toEqual(['CONFLICT']);
    expect(ok(await lifecycle(expert, 'scheduleLiveEvent', id)).scheduleLiveEvent.liveEvent.status).toBe(
      'SCHEDULED',
    );
    expect(codes(await lifecycle(member, 'startLiveEvent', id))).toEqual(['FORBIDDEN']);
    expect(ok(await lifecycle(expert, 'startLiveEvent', id)).startLiveEvent.liveEvent.status).toBe('LIVE');
    expect(ok(await lifecycle(expert, 'endLiveEvent', id)).endLiveEvent.liveEvent.status).toBe('ENDED');
    expect(codes(await lifecycle(expert, 'cancelLiveEvent', id))).toEqual(['CONFLICT']);
    expect(codes(await register(member, id))).toEqual(['CONFLICT']); // registration closed
  });

  it('updates: organiser and moderators; members FORBIDDEN; bad values refused', async () => {
    const id = await scheduled();
    const upd = (u: TestUser, changes: Record<string, unknown>) =>
      gql(
        server,
        `mutation($i: UpdateLiveEventInput!) { updateLiveEvent(input: $i) { liveEvent { id title capacity timeZone } } }`,
        { i: { id, ...changes } },
        { token: u.accessToken },
      );
    expect(
      ok(await upd(expert, { title: 'Nuclear terrorism', timeZone: 'Europe/Vienna' })).updateLiveEvent
        .liveEvent,
    ).toMatchObject({ title: 'Nuclear terrorism', timeZone: 'Europe/Vienna' });
    expect(ok(await upd(moderator, { capacity: 10 })).updateLiveEvent.liveEvent.capacity).toBe(10);
    expect(codes(await upd(member, { title: 'x' }))).toEqual(['FORBIDDEN']);
    const badTz = await upd(expert, { timeZone: 'Nowhere/Else' });
    expect(codes(badTz)).toEqual(['BAD_USER_INPUT']);
    expect(fields(badTz)).toEqual(['timeZone']);
    expect(codes(await upd(expert, { endsAt: new Date(Date.now()).toISOString() }))).toEqual([
      'BAD_USER_INPUT',
    ]);
  });

  it('cancelling tells everyone registered', async () => {
    const id = await scheduled();
    const a = await createPractitioner(server);
    ok(await register(a, id));
    ok(await lifecycle(expert, 'cancelLiveEvent', id));
    expect(await notificationsOf(a, 'LIVE_EVENT_CANCELLED', 1)).toBe(1);
    expect((await readEvent(a, id)).liveEvent.status).toBe('CANCELLED');
  });
});

describe('the join URL', () => {
  const soon = () => {
    const startsAt = new Date(Date.now() + 10 * 60_000); // 10 minutes ahead: inside the 15-minute window
    return { startsAt: startsAt.toISOString(), endsAt: new Date(startsAt.getTime() + HOUR).toISOString() };
  };

  it('shown near the start to organisers, speakers and approved participants only', async () => {
    const speaker = await createPractitioner(server);
    const id = await scheduled(expert, {
      ...soon(),
      capacity: 1,
      joinUrl: 'https://meet.example.org/soon',
      speakers: [{ practitionerId: speaker.id, role: 'INTERPRETER' }],
    });
    const approved = await createPractitioner(server);
    const waiting = await createPractitioner(server);
    ok(await register(approved, id));
    expect(ok(await register(waiting, id)).registerForLiveEvent.registration.status).toBe('WAITING');
    for (const u of [expert, speaker, approved])
      expect((await readEvent(u, id)).liveEvent.joinUrl).toBe('https://meet.example.org/soon');
    for (const u of [waiting, member]) expect((await readEvent(u, id)).liveEvent.joinUrl).toBeNull();
    // in the payload too
    const w = ok(
      await gql(
        server,
        `mutation($i: WithdrawFromLiveEventInput!) { withdrawFromLiveEvent(input: $i) { liveEvent { joinUrl } } }`,
        { i: { liveEventId: id } },
        { token: approved.accessToken },
      ),
    );
    expect(w.withdrawFromLiveEvent.liveEvent.joinUrl).toBeNull();
    // the waiting person was promoted and now sees it
    expect((await readEvent(waiting, id)).liveEvent.joinUrl).toBe('https://meet.example.org/soon');
  });

  it('hidden earlier than 15 minutes before the start, after the end and once cancelled', async () => {
    const later = new Date(Date.now() + 20 * 60_000);
    const id = await scheduled(expert, {
      startsAt: later.toISOString(),
      endsAt: new Date(later.getTime() + HOUR).toISOString(),
      joinUrl: 'https://meet.example.org/later',
    });
    expect((await readEvent(expert, id)).liveEvent.joinUrl).toBeNull();
    const past = await scheduled(expert, {
      startsAt: new Date(Date.now() - 2 * HOUR).toISOString(),
      endsAt: new Date(Date.now() - HOUR).toISOString(),
      joinUrl: 'https://meet.example.org/past',
    });
    expect((await readEvent(expert, past)).liveEvent.joinUrl).toBeNull();
    const now = await scheduled(expert, { ...soon(), joinUrl: 'https://meet.example.org/now' });
    expect((await readEvent(expert, now)).liveEvent.joinUrl).toBe('https://meet.example.org/now');
    ok(await lifecycle(expert, 'cancelLiveEvent', now));
    expect((await readEvent(expert, now)).liveEvent.joinUrl).toBeNull();
  });
});

describe('registration', () => {
  it('OPEN: seats then the waiting list; a withdrawal promotes the first waiting person', async () => {
    const id = await scheduled(expert, { capacity: 2 });
    const [a, b, c, d] = await Promise.all([1, 2, 3, 4].map(() => createPractitioner(server)));
    expect(ok(await register(a, id)).registerForLiveEvent.registration.status).toBe('APPROVED');
    expect(ok(await register(b, id)).registerForLiveEvent.registration.status).toBe('APPROVED');
    const third = ok(await register(c, id)).registerForLiveEvent;
    expect(third.registration.status).toBe('WAITING');
    expect(third.liveEvent).toMatchObject({ registeredCount: 2, waitingCount: 1 });
    expect(ok(await register(d, id)).registerForLiveEvent.registration.status).toBe('WAITING');
    expect(codes(await register(a, id))).toEqual(['CONFLICT']); // registered already
    const out = ok(await regOp(a, 'withdrawFromLiveEvent', { liveEventId: id })).withdrawFromLiveEvent;
    expect(out.registration.status).toBe('WITHDRAWN');
    expect(out.liveEvent).toMatchObject({ registeredCount: 2, waitingCount: 1 });
    expect((await readEvent(c, id)).liveEvent.viewerRegistration.status).toBe('APPROVED');
    expect((await readEvent(d, id)).liveEvent.viewerRegistration.status).toBe('WAITING');
    expect(await notificationsOf(c, 'LIVE_EVENT_PROMOTED', 1)).toBe(1);
    expect(codes(await regOp(a, 'withdrawFromLiveEvent', { liveEventId: id }))).toEqual(['CONFLICT']);
    expect(codes(await regOp(member, 'withdrawFromLiveEvent', { liveEventId: id }))).toEqual(['NOT_FOUND']);
    // withdrawn people may register again (at the end of the queue)
    expect(ok(await register(a, id)).registerForLiveEvent.registration.status).toBe('WAITING');
    // more seats: the waiting list is promoted in the same transaction; fewer than the approved: refused
    const upd = (capacity: number) =>
      gql(
        server,
        `mutation($i: UpdateLiveEventInput!) { updateLiveEvent(input: $i) { liveEvent { capacity registeredCount waitingCount } } }`,
        { i: { id, capacity } },
        { token: expert.accessToken },
      );
    const shrink = await upd(1);
    expect(codes(shrink)).toEqual(['BAD_USER_INPUT']);
    expect(fields(shrink)).toEqual(['capacity']);
    expect(ok(await upd(4)).updateLiveEvent.liveEvent).toEqual({
      capacity: 4,
      registeredCount: 4,
      waitingCount: 0,
    });
    expect((await readEvent(d, id)).liveEvent.viewerRegistration.status).toBe('APPROVED');
    expect(await notificationsOf(d, 'LIVE_EVENT_PROMOTED', 1)).toBe(1);
  });

  it('APPROVAL: pending until an organiser approves or declines; a decline frees a seat', async () => {
    const id = await scheduled(expert, { registrationPolicy: 'APPROVAL', capacity: 1 });
    const [a, b] = await Promise.all([createPractitioner(server), createPractitioner(server)]);
    const ra = ok(await register(a, id)).registerForLiveEvent.registration;
    const rb = ok(await register(b, id)).registerForLiveEvent.registration;
    expect([ra.status, rb.status]).toEqual(['PENDING', 'PENDING']);
    expect(codes(await regOp(member, 'approveLiveEventRegistration', { registrationId: ra.id }))).toEqual([
      'FORBIDDEN',
    ]);
    expect(codes(await regOp(a, 'approveLiveEventRegistration', { registrationId: ra.id }))).toEqual([
      'FORBIDDEN',
    ]);
    const approved = ok(await regOp(expert, 'approveLiveEventRegistration', { registrationId: ra.id }));
    expect(approved.approveLiveEventRegistration.registration.status).toBe('APPROVED');
    expect(await notificationsOf(a, 'LIVE_EVENT_REGISTRATION_DECIDED', 1)).toBe(1);
    // full: approving b puts b in the waiting list
    const queued = ok(await regOp(expert, 'approveLiveEventRegistration', { registrationId: rb.id }));
    expect(queued.approveLiveEventRegistration.registration.status).toBe('WAITING');
    expect(codes(await regOp(expert, 'approveLiveEventRegistration', { registrationId: rb.id }))).toEqual([
      'CONFLICT',
    ]);
    // declining a frees the seat: b is promoted in the same transaction
    const declined = ok(await regOp(moderator, 'declineLiveEventRegistration', { registrationId: ra.id }));
    expect(declined.declineLiveEventRegistration.registration.status).toBe('DECLINED');
    expect(declined.declineLiveEventRegistration.liveEvent).toMatchObject({
      registeredCount: 1,
      waitingCount: 0,
    });
    expect((await readEvent(b, id)).liveEvent.viewerRegistration.status).toBe('APPROVED');
    expect(codes(await regOp(expert, 'declineLiveEventRegistration', { registrationId: ra.id }))).toEqual([
      'CONFLICT',
    ]);
    // a declined person may ask again: APPROVAL puts the same registration back to PENDING for a new decision
    const again = ok(await register(a, id)).registerForLiveEvent.registration;
    expect(again).toMatchObject({ id: ra.id, status: 'PENDING' });
    expect(codes(await register(a, id))).toEqual(['CONFLICT']); // pending already
    const redeclined = ok(await regOp(expert, 'declineLiveEventRegistration', { registrationId: ra.id }));
    expect(redeclined.declineLiveEventRegistration.registration.status).toBe('DECLINED');
    const bad = await regOp(expert, 'approveLiveEventRegistration', { registrationId: id });
    expect(codes(bad)).toEqual(['BAD_USER_INPUT']);
  });

  it('INVITE_ONLY: only invited people can register', async () => {
    const id = await scheduled(expert, { registrationPolicy: 'INVITE_ONLY' });
    const guest = await createPractitioner(server);
    expect(codes(await register(guest, id))).toEqual(['FORBIDDEN']);
    expect(
      codes(await regOp(member, 'inviteToLiveEvent', { liveEventId: id, practitionerId: guest.id })),
    ).toEqual(['FORBIDDEN']);
    const inv = ok(await regOp(expert, 'inviteToLiveEvent', { liveEventId: id, practitionerId: guest.id }));
    expect(inv.inviteToLiveEvent.registration.status).toBe('INVITED');
    expect(await notificationsOf(guest, 'LIVE_EVENT_INVITATION', 1)).toBe(1);
    expect(
      codes(await regOp(expert, 'inviteToLiveEvent', { liveEventId: id, practitionerId: guest.id })),
    ).toEqual(['CONFLICT']);
    expect(
      codes(await regOp(expert, 'inviteToLiveEvent', { liveEventId: id, practitionerId: pending.id })),
    ).toEqual(['NOT_FOUND']);
    expect(ok(await register(guest, id)).registerForLiveEvent.registration.status).toBe('APPROVED');
    expect(await listIds(guest, { registered: true })).toEqual([id]);
    expect(await listIds(guest, { registered: false })).not.toContain(id);
  });

  it('a declined registration registers again by the policy: OPEN a seat or the waiting list, INVITE_ONLY refused', async () => {
    const open = await scheduled(expert, { capacity: 1 });
    const [a, b] = await Promise.all([createPractitioner(server), createPractitioner(server)]);
    const ra = ok(await register(a, open)).registerForLiveEvent.registration;
    expect(ra.status).toBe('APPROVED');
    ok(await regOp(expert, 'declineLiveEventRegistration', { registrationId: ra.id }));
    const rb = ok(await register(b, open)).registerForLiveEvent.registration;
    expect(rb.status).toBe('APPROVED'); // the seat a left
    const back = ok(await register(a, open)).registerForLiveEvent;
    expect(back.registration).toMatchObject({ id: ra.id, status: 'WAITING' });
    expect(back.liveEvent).toMatchObject({ registeredCount: 1, waitingCount: 1 });

    const invitation = await scheduled(expert, { registrationPolicy: 'INVITE_ONLY' });
    const guest = await createPractitioner(server);
    const inv = ok(
      await regOp(expert, 'inviteToLiveEvent', { liveEventId: invitation, practitionerId: guest.id }),
    ).inviteToLiveEvent.registration;
    ok(await regOp(expert, 'declineLiveEventRegistration', { registrationId: inv.id }));
    expect(codes(await register(guest, invitation))).toEqual(['FORBIDDEN']); // no longer invited
  });

  it('an idempotency key makes a retried registration return the first one', async () => {
    const id = await scheduled();
    const u = await createPractitioner(server);
    const [a, b] = await Promise.all([register(u, id, 'reg-1'), register(u, id, 'reg-1')]);
    expect(ok(a).registerForLiveEvent.registration.id).toBe(ok(b).registerForLiveEvent.registration.id);
  });

  it('never above capacity: 20 concurrent registrations for 5 seats give 5 approved and 15 waiting', async () => {
    const id = await scheduled(expert, { capacity: 5 });
    const people = await Promise.all(Array.from({ length: 20 }, () => createPractitioner(server)));
    const results = await Promise.all(people.map((p) => register(p, id)));
    const statuses = results.map((r) => ok(r).registerForLiveEvent.registration.status as string);
    expect(statuses.filter((s) => s === 'APPROVED')).toHaveLength(5);
    expect(statuses.filter((s) => s === 'WAITING')).toHaveLength(15);
    const e = (await readEvent(expert, id)).liveEvent;
    expect(e).toMatchObject({ registeredCount: 5, waitingCount: 15 });
    const rows: { status: string; n: string }[] = await server.database.dataSource.query(
      `SELECT r.status::text AS status, count(*)::text AS n FROM live_event_registration r
       WHERE r."eventId" = $1 GROUP BY r.status ORDER BY r.status::text`,
      [fromGlobalId(id).id],
    );
    expect(rows).toEqual([
      { status: 'APPROVED', n: '5' },
      { status: 'WAITING', n: '15' },
    ]);
  });
});

describe('lists', () => {
  it('participants: organisers page both ways by status; others FORBIDDEN', async () => {
    const id = await scheduled(expert, { capacity: 3 });
    const people = [];
    for (let i = 0; i < 5; i++) {
      const p = await createPractitioner(server);
      ok(await register(p, id));
      people.push(p.id);
    }
    const q = `query($id: ID!, $first: Int, $after: String, $last: Int, $before: String, $s: LiveEventRegistrationStatus) {
      liveEvent(id: $id) { participants(first: $first, after: $after, last: $last, before: $before, status: $s) {
        edges { node { practitioner { id } status } } pageInfo { hasNextPage hasPreviousPage endCursor startCursor } } } }`;
    const walk = async (vars: Record<string, unknown>) =>
      ok(await gql(server, q, { id, ...vars }, { token: expert.accessToken })).liveEvent.participants;
    const p1 = await walk({ first: 2 });
    const p2 = await walk({ first: 2, after: p1.pageInfo.endCursor });
    const p3 = await walk({ first: 2, after: p2.pageInfo.endCursor });
    const forward = [...p1.edges, ...p2.edges, ...p3.edges].map(
      (e: { node: { practitioner: { id: string } } }) => e.node.practitioner.id,
    );
    expect(forward).toEqual(people);
    expect(p3.pageInfo.hasNextPage).toBe(false);
    const b1 = await walk({ last: 2 });
    const b2 = await walk({ last: 2, before: b1.pageInfo.startCursor });
    expect(
      [...b2.edges, ...b1.edges].map(
        (e: { node: { practitioner: { id: string } } }) => e.node.practitioner.id,
      ),
    ).toEqual(people.slice(1));
    expect(b2.pageInfo.hasPreviousPage).toBe(true);
    expect((await walk({ first: 10, s: 'WAITING' })).edges).toHaveLength(2);
    const res = await gql(server, q, { id, first: 2 }, { token: member.accessToken });
    expect(codes(res)).toEqual(['FORBIDDEN']);
  });

  it('liveEvents: upcoming first, keyset pages both ways, filters, statements independent of page size', async () => {
    const viewer = await createPractitioner(server);
    const base = Date.now() + 400 * HOUR;
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const startsAt = new Date(base + (5 - i) * HOUR); // created in reverse order of start
      ids.unshift(
        await scheduled(expert, {
          startsAt: startsAt.toISOString(),
          endsAt: new Date(startsAt.getTime() + HOUR).toISOString(),
          thematicAreaCodes: [],
          countryCodes: ['ML'],
        }),
      );
    }
    const filter = { from: new Date(base).toISOString(), countryCodes: ['ML'], status: ['SCHEDULED'] };
    expect(await listIds(viewer, filter)).toEqual(ids);
    const q = `query($f: LiveEventFilter, $first: Int, $after: String, $last: Int, $before: String) {
      liveEvents(filter: $f, first: $first, after: $after, last: $last, before: $before) {
        edges { node { id organizer { id } networks { id } countries { code } speakers { practitioner { id } } } }
        pageInfo { endCursor startCursor hasNextPage hasPreviousPage } } }`;
    const page = async (vars: Record<string, unknown>) => {
      const before = server.database.counter.count;
      const data = ok(await gql(server, q, { f: filter, ...vars }, { token: viewer.accessToken })).liveEvents;
      return { data, statements: server.database.counter.count - before };
    };
    const f1 = await page({ first: 2 });
    const f2 = await page({ first: 2, after: f1.data.pageInfo.endCursor });
    const f3 = await page({ first: 2, after: f2.data.pageInfo.endCursor });
    const forward = [f1, f2, f3].flatMap((p) => p.data.edges.map((e: { node: { id: string } }) => e.node.id));
    expect(forward).toEqual(ids);
    const b1 = await page({ last: 2 });
    const b2 = await page({ last: 2, before: b1.data.pageInfo.startCursor });
    expect([...b2.data.edges, ...b1.data.edges].map((e: { node: { id: string } }) => e.node.id)).toEqual(
      ids.slice(1),
    );
    const big = await page({ first: 5 });
    expect(big.statements).toBe(f1.statements);
    expect(await listIds(viewer, { ...filter, status: ['LIVE'] })).toEqual([]);
    expect(await listIds(viewer, { ...filter, to: new Date(base + 2.5 * HOUR).toISOString() })).toEqual(
      ids.slice(0, 2),
    );
    const bad = await gql(
      server,
      q,
      { f: { thematicAreaCodes: ['NOPE'] }, first: 1 },
      { token: viewer.accessToken },
    );
    expect(codes(bad)).toEqual(['BAD_USER_INPUT']);
  });
});

describe('every live-event operation refuses who may not call it', () => {
  const NO_EVENT = toGlobalId('LiveEvent', '00000000-0000-4000-8000-000000000000');
  const NO_REGISTRATION = toGlobalId('LiveEventRegistration', '00000000-0000-4000-8000-000000000000');
  /** Each mutation with an input naming an event or registration that does not exist. */
  const MUTATIONS: [string, Record<string, unknown>][] = [
    ['updateLiveEvent', { id: NO_EVENT, title: 'A new title' }],
    ['scheduleLiveEvent', { id: NO_EVENT }],
    ['startLiveEvent', { id: NO_EVENT }],
    ['endLiveEvent', { id: NO_EVENT }],
    ['cancelLiveEvent', { id: NO_EVENT }],
    ['registerForLiveEvent', { liveEventId: NO_EVENT }],
    ['withdrawFromLiveEvent', { liveEventId: NO_EVENT }],
    ['approveLiveEventRegistration', { registrationId: NO_REGISTRATION }],
    ['declineLiveEventRegistration', { registrationId: NO_REGISTRATION }],
    ['inviteToLiveEvent', { liveEventId: NO_EVENT, practitionerId: '' }], // the invitee is set in call()
  ];
  const call = (op: string, input: Record<string, unknown>, user: TestUser | null) =>
    gql(
      server,
      `mutation($i: ${op[0].toUpperCase() + op.slice(1)}Input!) { ${op}(input: $i) { __typename } }`,
      { i: op === 'inviteToLiveEvent' ? { ...input, practitionerId: member.id } : input },
      { token: user?.accessToken ?? null },
    );

  it.each(MUTATIONS)(
    '%s: UNAUTHENTICATED signed out, FORBIDDEN unverified, NOT_FOUND for an unknown id',
    async (op, input) => {
      const [anonymous, unverified, unknown] = await Promise.all([
        call(op, input, null),
        call(op, input, pending),
        call(op, input, expert),
      ]);
      expect(codes(anonymous)).toEqual(['UNAUTHENTICATED']);
      expect(codes(unverified)).toEqual(['FORBIDDEN']);
      expect(codes(unknown)).toEqual(['NOT_FOUND']);
    },
  );

  it('queries: signed out UNAUTHENTICATED, unverified FORBIDDEN; an unknown event is null', async () => {
    const read = (user: TestUser | null) =>
      gql(
        server,
        `query($id: ID!) { liveEvent(id: $id) { id } liveEvents(first: 1) { edges { node { id } } } }`,
        { id: NO_EVENT },
        { token: user?.accessToken ?? null },
      );
    expect(codes(await read(null))).toContain('UNAUTHENTICATED');
    expect(codes(await read(pending))).toContain('FORBIDDEN');
    const known = ok(await read(member));
    expect(known.liveEvent).toBeNull();
  });
});
