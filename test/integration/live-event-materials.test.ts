import { startTestServer } from '../helpers/server';
import type { TestServer } from '../helpers/server';
import { codes, gql, ok } from '../helpers/graphql';
import type { GraphQLResponse } from '../helpers/graphql';
import { createModerator, createPending, createPractitioner } from '../helpers/factories';
import type { TestUser } from '../helpers/factories';
import { addMember, createWorkingGroup } from '../helpers/networks';
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

const HOUR = 3600_000;
let seq = 0;

function eventInput(overrides: Record<string, unknown> = {}) {
  const startsAt = new Date(Date.now() + 5 * 60_000 + ++seq * 1000);
  return {
    title: `Transfer of sentenced persons ${seq}`,
    summary: 'With a prison-reform expert.',
    description: 'Why the **transfer** of sentenced persons matters.',
    floorLanguage: 'EN',
    interpretationLanguages: ['FR'],
    startsAt: startsAt.toISOString(),
    endsAt: new Date(startsAt.getTime() + 2 * HOUR).toISOString(),
    timeZone: 'Europe/Vienna',
    capacity: 10,
    joinUrl: 'https://video.example.org/room-1',
    thematicAreaCodes: [],
    ...overrides,
  };
}

async function op(user: TestUser | null, name: string, input: Record<string, unknown>, selection: string) {
  const type = name[0].toUpperCase() + name.slice(1);
  return gql(
    server,
    `mutation($i: ${type}Input!) { ${name}(input: $i) { ${selection} } }`,
    { i: input },
    user ? { token: user.accessToken } : {},
  );
}

/** An event by `user` moved to `status` (DRAFT, SCHEDULED, LIVE or ENDED); returns its id. */
async function eventIn(
  status: 'DRAFT' | 'SCHEDULED' | 'LIVE' | 'ENDED',
  user: TestUser = expert,
  overrides: Record<string, unknown> = {},
): Promise<string> {
  const id = ok(await op(user, 'createLiveEvent', eventInput(overrides), 'liveEvent { id }')).createLiveEvent
    .liveEvent.id as string;
  const steps = ['scheduleLiveEvent', 'startLiveEvent', 'endLiveEvent'];
  const n = ['DRAFT', 'SCHEDULED', 'LIVE', 'ENDED'].indexOf(status);
  for (const step of steps.slice(0, n)) ok(await op(user, step, { id }, 'liveEvent { status }'));
  return id;
}

async function register(user: TestUser, liveEventId: string): Promise<string> {
  const res = await op(user, 'registerForLiveEvent', { liveEventId }, 'registration { id status }');
  return ok(res).registerForLiveEvent.registration.id as string;
}

const RECORDING = 'recording { id language url title durationSeconds liveEvent { id } } liveEvent { id }';
const TRANSCRIPT = 'transcript { id language body bodyHtml updatedAt } liveEvent { id }';

function addRecording(user: TestUser | null, liveEventId: string, extra: Record<string, unknown> = {}) {
  return op(
    user,
    'addLiveEventRecording',
    { liveEventId, language: 'EN', url: 'https://media.example.org/rec.mp4', ...extra },
    RECORDING,
  );
}

function setTranscript(user: TestUser | null, liveEventId: string, language = 'FR', body = 'Le **débat**.') {
  return op(user, 'setLiveEventTranscript', { liveEventId, language, body }, TRANSCRIPT);
}

async function readMaterials(user: TestUser, id: string) {
  return gql(
    server,
    `query($id: ID!) { liveEvent(id: $id) { id eventSummary eventSummaryHtml attendeeCount
        summaryPost { id status title body }
        recordings { id language url } en: recordings(language: EN) { id } fr: recordings(language: FR) { id }
        transcripts { id language body } frT: transcripts(language: FR) { id } } }`,
    { id },
    { token: user.accessToken },
  );
}

function nodeOf(user: TestUser, id: string) {
  return gql(
    server,
    `query($id: ID!) { node(id: $id) { id ... on LiveEventRecording { url } ... on LiveEventTranscript { body } } }`,
    { id },
    { token: user.accessToken },
  );
}

function fields(res: GraphQLResponse<unknown>): string[] {
  return (res.errors?.[0]?.extensions?.fields ?? []).map((f) => f.field);
}

const unknownEvent = () => toGlobalId('LiveEvent', '00000000-0000-4000-8000-000000000000');

describe('recordings', () => {
  it('an organiser adds recordings to a LIVE or ENDED event; whoever sees the event reads them', async () => {
    const id = await eventIn('LIVE');
    const added = ok(
      await addRecording(expert, id, { title: 'Floor', durationSeconds: 3600 }),
    ).addLiveEventRecording;
    expect(added.recording).toMatchObject({ language: 'EN', title: 'Floor', durationSeconds: 3600 });
    expect(added.recording.liveEvent.id).toBe(id);
    ok(await op(expert, 'endLiveEvent', { id }, 'liveEvent { id }'));
    const fr = ok(await addRecording(moderator, id, { language: 'FR', url: 'https://media.example.org/fr' }))
      .addLiveEventRecording.recording;
    const seen = ok(await readMaterials(member, id)).liveEvent;
    expect(seen.recordings.map((r: { id: string }) => r.id)).toEqual([added.recording.id, fr.id]);
    expect(seen.en).toEqual([{ id: added.recording.id }]);
    expect(seen.fr).toEqual([{ id: fr.id }]);
    expect(ok(await nodeOf(member, fr.id)).node).toEqual({ id: fr.id, url: 'https://media.example.org/fr' });
    // removal
    const removed = ok(
      await op(
        expert,
        'removeLiveEventRecording',
        { recordingId: fr.id },
        'removedRecordingId liveEvent { recordings { id } }',
      ),
    );
    expect(removed.removeLiveEventRecording).toEqual({
      removedRecordingId: fr.id,
      liveEvent: { recordings: [{ id: added.recording.id }] },
    });
    expect(ok(await nodeOf(member, fr.id)).node).toBeNull();
    expect(
      codes(await op(expert, 'removeLiveEventRecording', { recordingId: fr.id }, 'removedRecordingId')),
    ).toEqual(['NOT_FOUND']);
  });

  it('with an idempotency key, a retry returns the first recording', async () => {
    const id = await eventIn('ENDED');
    const a = ok(await addRecording(expert, id, { idempotencyKey: 'rec-1' })).addLiveEventRecording.recording;
    const b = ok(await addRecording(expert, id, { idempotencyKey: 'rec-1' })).addLiveEventRecording.recording;
    expect(b.id).toBe(a.id);
    expect(ok(await readMaterials(expert, id)).liveEvent.recordings).toHaveLength(1);
  });

  it('refuses signed-out, unverified, non-organisers, early events, bad URLs and unknown ids', async () => {
    const id = await eventIn('LIVE');
    expect(codes(await addRecording(null, id))).toEqual(['UNAUTHENTICATED']);
    expect(codes(await addRecording(pending, id))).toEqual(['FORBIDDEN']);
    expect(codes(await addRecording(member, id))).toEqual(['FORBIDDEN']);
    expect(codes(await addRecording(expert, unknownEvent()))).toEqual(['NOT_FOUND']);
    for (const status of ['DRAFT', 'SCHEDULED'] as const)
      expect(codes(await addRecording(expert, await eventIn(status)))).toEqual(['CONFLICT']);
    for (const url of ['http://media.example.org/a', 'javascript:alert(1)', 'not a url']) {
      const res = await addRecording(expert, id, { url });
      expect(codes(res)).toEqual(['BAD_USER_INPUT']);
      expect(fields(res)).toEqual(['url']);
    }
    expect(codes(await addRecording(expert, id, { language: 'DE' }))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await addRecording(expert, id, { durationSeconds: 0 }))).toEqual(['BAD_USER_INPUT']);
    const rec = ok(await addRecording(expert, id)).addLiveEventRecording.recording.id;
    for (const [user, code] of [
      [null, 'UNAUTHENTICATED'],
      [pending, 'FORBIDDEN'],
      [member, 'FORBIDDEN'],
    ] as const)
      expect(
        codes(await op(user, 'removeLiveEventRecording', { recordingId: rec }, 'removedRecordingId')),
      ).toEqual([code]);
    const unknown = toGlobalId('LiveEventRecording', '00000000-0000-4000-8000-000000000000');
    expect(
      codes(await op(expert, 'removeLiveEventRecording', { recordingId: unknown }, 'removedRecordingId')),
    ).toEqual(['NOT_FOUND']);
  });

  it('an event keeps 30 recordings at most', async () => {
    const id = await eventIn('ENDED');
    const eventId = fromGlobalId(id).id;
    await server.database.dataSource.query(
      `INSERT INTO live_event_recording ("eventId", language, url)
       SELECT $1, 'en', 'https://media.example.org/' || n FROM generate_series(1, 29) n`,
      [eventId],
    );
    ok(await addRecording(expert, id)); // the 30th
    expect(codes(await addRecording(expert, id))).toEqual(['CONFLICT']);
    expect(ok(await readMaterials(member, id)).liveEvent.recordings).toHaveLength(30);
  });
});

describe('transcripts', () => {
  it('one per language: setting it again replaces it; Markdown comes with sanitized HTML', async () => {
    const id = await eventIn('ENDED');
    const first = ok(await setTranscript(expert, id, 'FR', 'Le **débat** <script>x</script>'))
      .setLiveEventTranscript.transcript;
    expect(first.bodyHtml).toContain('<strong>débat</strong>');
    expect(first.bodyHtml).not.toContain('<script>');
    const again = ok(await setTranscript(expert, id, 'FR', 'Version 2')).setLiveEventTranscript.transcript;
    expect(again.id).toBe(first.id);
    expect(again.body).toBe('Version 2');
    const en = ok(await setTranscript(moderator, id, 'EN', 'The debate')).setLiveEventTranscript.transcript;
    const seen = ok(await readMaterials(member, id)).liveEvent;
    expect(seen.transcripts.map((t: { language: string }) => t.language).sort()).toEqual(['EN', 'FR']);
    expect(seen.frT).toEqual([{ id: first.id }]);
    expect(ok(await nodeOf(member, en.id)).node).toEqual({ id: en.id, body: 'The debate' });
    const removed = await op(
      expert,
      'removeLiveEventTranscript',
      { transcriptId: en.id },
      'removedTranscriptId',
    );
    expect(ok(removed).removeLiveEventTranscript.removedTranscriptId).toBe(en.id);
    expect(ok(await nodeOf(member, en.id)).node).toBeNull();
  });

  it('refuses signed-out, unverified, non-organisers, early events, blank bodies and unknown ids', async () => {
    const id = await eventIn('LIVE');
    expect(codes(await setTranscript(null, id))).toEqual(['UNAUTHENTICATED']);
    expect(codes(await setTranscript(pending, id))).toEqual(['FORBIDDEN']);
    expect(codes(await setTranscript(member, id))).toEqual(['FORBIDDEN']);
    expect(codes(await setTranscript(expert, unknownEvent()))).toEqual(['NOT_FOUND']);
    expect(codes(await setTranscript(expert, await eventIn('SCHEDULED')))).toEqual(['CONFLICT']);
    expect(codes(await setTranscript(expert, id, 'XX'))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await setTranscript(expert, id, 'FR', '  '))).toEqual(['BAD_USER_INPUT']);
    const t = ok(await setTranscript(expert, id)).setLiveEventTranscript.transcript.id;
    expect(
      codes(await op(member, 'removeLiveEventTranscript', { transcriptId: t }, 'removedTranscriptId')),
    ).toEqual(['FORBIDDEN']);
    expect(
      codes(await op(pending, 'removeLiveEventTranscript', { transcriptId: t }, 'removedTranscriptId')),
    ).toEqual(['FORBIDDEN']);
    const unknown = toGlobalId('LiveEventTranscript', '00000000-0000-4000-8000-000000000000');
    expect(
      codes(await op(expert, 'removeLiveEventTranscript', { transcriptId: unknown }, 'removedTranscriptId')),
    ).toEqual(['NOT_FOUND']);
  });
});

describe('who may read what is kept after the event', () => {
  it('a viewer who may not see the event gets nothing: query, node, nested field, payload', async () => {
    const owner = await createPractitioner(server);
    const insider = await createPractitioner(server);
    const group = await createWorkingGroup(server, owner, 'OPEN');
    await addMember(server, group, insider);
    const id = await eventIn('LIVE', owner, { visibility: 'NETWORKS', networkIds: [group] });
    const regId = await register(insider, id);
    const rec = ok(await addRecording(owner, id)).addLiveEventRecording.recording.id;
    const tr = ok(await setTranscript(owner, id)).setLiveEventTranscript.transcript.id;
    ok(
      await op(
        owner,
        'setLiveEventSummary',
        { liveEventId: id, summary: 'What we learnt' },
        'liveEvent { id }',
      ),
    );
    ok(
      await op(
        owner,
        'recordLiveEventAttendance',
        { liveEventId: id, registrationIds: [regId], attended: true },
        'liveEvent { id }',
      ),
    );
    // the insider sees recordings and transcripts, the outsider (a verified member) nothing
    expect(ok(await readMaterials(insider, id)).liveEvent.recordings).toHaveLength(1);
    expect(ok(await readMaterials(member, id)).liveEvent).toBeNull();
    expect(ok(await nodeOf(member, rec)).node).toBeNull();
    expect(ok(await nodeOf(member, tr)).node).toBeNull();
    expect(ok(await nodeOf(pending, rec)).node ?? null).toBeNull();
    // nested: the recording's event through node
    const nested = await gql(
      server,
      `query($id: ID!) { node(id: $id) { ... on LiveEventRecording { liveEvent { id } } } }`,
      { id: rec },
      { token: insider.accessToken },
    );
    expect(ok(nested).node.liveEvent.id).toBe(id);
    // the insider's own registration shows attendance; the event's attendeeCount is for organisers only
    const mine = await gql(
      server,
      `query($id: ID!) { liveEvent(id: $id) { attendeeCount viewerRegistration { attended attendedAt } } }`,
      { id },
      { token: insider.accessToken },
    );
    expect(ok(mine).liveEvent.attendeeCount).toBeNull();
    expect(ok(mine).liveEvent.viewerRegistration.attended).toBe(true);
    expect(ok(await readMaterials(owner, id)).liveEvent.attendeeCount).toBe(1);
    // the registration through node: not for the outsider
    const reg = await gql(
      server,
      `query($id: ID!) { node(id: $id) { ... on LiveEventRegistration { attended } } }`,
      { id: regId },
      { token: member.accessToken },
    );
    expect(ok(reg).node).toBeNull();
    // payloads: a viewer who may not see the event gets NOT_FOUND from every mutation, no payload
    expect(codes(await addRecording(member, id))).toEqual(['NOT_FOUND']);
    expect(codes(await setTranscript(member, id))).toEqual(['NOT_FOUND']);
    expect(
      codes(await op(member, 'removeLiveEventRecording', { recordingId: rec }, 'liveEvent { id }')),
    ).toEqual(['NOT_FOUND']);
    // unverified accounts see nothing of the community
    expect(codes(await readMaterials(pending, id))).toEqual(['FORBIDDEN']);
    // hidden by a moderator: the insider no longer reads the event nor its materials
    await server.database.dataSource.query(`UPDATE live_event SET "hiddenAt" = now() WHERE id = $1`, [
      fromGlobalId(id).id,
    ]);
    expect(ok(await nodeOf(insider, rec)).node).toBeNull();
    expect(ok(await nodeOf(insider, tr)).node).toBeNull();
    expect(ok(await readMaterials(insider, id)).liveEvent).toBeNull();
    expect(ok(await readMaterials(moderator, id)).liveEvent.recordings).toHaveLength(1);
  });
});

describe('over WebSocket', () => {
  it('the same rules: recordings and transcripts of a NETWORKS event for its members only', async () => {
    const owner = await createPractitioner(server);
    const insider = await createPractitioner(server);
    const group = await createWorkingGroup(server, owner, 'OPEN');
    await addMember(server, group, insider);
    const id = await eventIn('ENDED', owner, { visibility: 'NETWORKS', networkIds: [group] });
    const rec = ok(await addRecording(owner, id)).addLiveEventRecording.recording.id;
    const tr = ok(await setTranscript(owner, id)).setLiveEventTranscript.transcript.id;
    const q = `query($id: ID!, $rec: ID!, $tr: ID!) { liveEvent(id: $id) { recordings { id } transcripts { id } }
      r: node(id: $rec) { id } t: node(id: $tr) { id } }`;
    for (const [user, expected] of [
      [member, { liveEvent: null, r: null, t: null }],
      [
        insider,
        {
          liveEvent: { recordings: [{ id: rec }], transcripts: [{ id: tr }] },
          r: { id: rec },
          t: { id: tr },
        },
      ],
    ] as const) {
      const ws = connectWs(server, user.accessToken);
      await ws.connected;
      try {
        expect((await wsExecute(ws.client, q, { id, rec, tr })).data).toEqual(expected);
      } finally {
        await ws.client.dispose();
      }
    }
  });
});

describe('the summary and its good-practice post', () => {
  it('organisers write it after the start, publish it once as a post that goes through review', async () => {
    const owner = await createPractitioner(server, { role: Role.EXPERT });
    const id = await eventIn('ENDED', owner);
    const set = await op(
      owner,
      'setLiveEventSummary',
      { liveEventId: id, summary: 'We **agreed**.\n\n- on timelines' },
      'liveEvent { eventSummary eventSummaryHtml summaryPost { id } }',
    );
    expect(ok(set).setLiveEventSummary.liveEvent).toEqual({
      eventSummary: 'We **agreed**.\n\n- on timelines', // Markdown keeps its line breaks
      eventSummaryHtml: expect.stringContaining('<li>on timelines</li>'),
      summaryPost: null,
    });
    const publish = () =>
      op(
        owner,
        'publishLiveEventSummary',
        { liveEventId: id, idempotencyKey: 'sum-1' },
        'post { id status title body } liveEvent { summaryPost { id } }',
      );
    const first = ok(await publish()).publishLiveEventSummary;
    expect(first.post.status).toBe('PENDING_REVIEW');
    expect(first.post.body).toContain('We **agreed**.');
    expect(first.post.body).toContain(id);
    expect(first.liveEvent.summaryPost.id).toBe(first.post.id);
    expect(ok(await publish()).publishLiveEventSummary.post.id).toBe(first.post.id); // same key: same post
    expect(codes(await op(owner, 'publishLiveEventSummary', { liveEventId: id }, 'post { id }'))).toEqual([
      'CONFLICT',
    ]);
    expect(
      codes(await op(owner, 'setLiveEventSummary', { liveEventId: id, summary: 'x' }, 'liveEvent { id }')),
    ).toEqual(['CONFLICT']);
    // under review: members see the event but not the post yet; after approval they do
    expect(ok(await readMaterials(member, id)).liveEvent.summaryPost).toBeNull();
    ok(
      await gql(
        server,
        `mutation($i: ReviewPostInput!) { reviewPost(input: $i) { post { status } } }`,
        { i: { id: first.post.id, decision: 'APPROVE' } },
        { token: moderator.accessToken },
      ),
    );
    expect(ok(await readMaterials(member, id)).liveEvent.summaryPost.id).toBe(first.post.id);
  });

  it('two concurrent publications make one post', async () => {
    const id = await eventIn('ENDED');
    ok(await op(expert, 'setLiveEventSummary', { liveEventId: id, summary: 'Once' }, 'liveEvent { id }'));
    const results = await Promise.all(
      [1, 2].map(() => op(expert, 'publishLiveEventSummary', { liveEventId: id }, 'post { id }')),
    );
    expect(results.map((r) => codes(r)[0] ?? 'OK').sort()).toEqual(['CONFLICT', 'OK']);
    const n = await server.database.dataSource.query(
      `SELECT count(*)::int AS n FROM post WHERE body LIKE $1`,
      [`%${id}%`],
    );
    expect(n[0].n).toBe(1);
  });

  it('a NETWORKS event’s summary becomes a post for its networks', async () => {
    const owner = await createPractitioner(server);
    const group = await createWorkingGroup(server, owner, 'OPEN');
    const id = await eventIn('LIVE', owner, { visibility: 'NETWORKS', networkIds: [group] });
    ok(
      await op(
        owner,
        'setLiveEventSummary',
        { liveEventId: id, summary: 'Network notes' },
        'liveEvent { id }',
      ),
    );
    const post = ok(
      await op(
        owner,
        'publishLiveEventSummary',
        { liveEventId: id },
        'post { id visibility networks { id } }',
      ),
    ).publishLiveEventSummary.post;
    expect(post).toMatchObject({ visibility: 'NETWORKS', networks: [{ id: group }] });
  });

  it('refuses signed-out, unverified, non-organisers, early events, blank or missing summaries, unknown ids', async () => {
    const id = await eventIn('LIVE');
    const set = (user: TestUser | null, liveEventId: string, summary = 'Notes') =>
      op(user, 'setLiveEventSummary', { liveEventId, summary }, 'liveEvent { id }');
    const publish = (user: TestUser | null, liveEventId: string) =>
      op(user, 'publishLiveEventSummary', { liveEventId }, 'post { id }');
    expect(codes(await set(null, id))).toEqual(['UNAUTHENTICATED']);
    expect(codes(await set(pending, id))).toEqual(['FORBIDDEN']);
    expect(codes(await set(member, id))).toEqual(['FORBIDDEN']);
    expect(codes(await set(expert, unknownEvent()))).toEqual(['NOT_FOUND']);
    expect(codes(await set(expert, await eventIn('SCHEDULED')))).toEqual(['CONFLICT']);
    expect(codes(await set(expert, id, ' '))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await publish(expert, id))).toEqual(['CONFLICT']); // nothing written yet
    ok(await set(expert, id));
    expect(codes(await publish(null, id))).toEqual(['UNAUTHENTICATED']);
    expect(codes(await publish(pending, id))).toEqual(['FORBIDDEN']);
    expect(codes(await publish(member, id))).toEqual(['FORBIDDEN']);
    expect(codes(await publish(expert, unknownEvent()))).toEqual(['NOT_FOUND']);
  });
});

describe('attendance', () => {
  const SELECTION = 'registrations { id attended attendedAt } liveEvent { attendeeCount }';

  it('organisers record it by registration or practitioner ids; the participant sees their own', async () => {
    const id = await eventIn('SCHEDULED');
    const [a, b] = await Promise.all([createPractitioner(server), createPractitioner(server)]);
    const ra = await register(a, id);
    await register(b, id);
    expect(
      codes(
        await op(
          expert,
          'recordLiveEventAttendance',
          { liveEventId: id, registrationIds: [ra], attended: true },
          SELECTION,
        ),
      ),
    ).toEqual(['CONFLICT']); // not started
    ok(await op(expert, 'startLiveEvent', { id }, 'liveEvent { id }'));
    const one = ok(
      await op(
        expert,
        'recordLiveEventAttendance',
        { liveEventId: id, registrationIds: [ra], attended: true },
        SELECTION,
      ),
    ).recordLiveEventAttendance;
    expect(one.registrations).toEqual([{ id: ra, attended: true, attendedAt: expect.any(String) }]);
    expect(one.liveEvent.attendeeCount).toBe(1);
    const two = ok(
      await op(
        moderator,
        'recordLiveEventAttendance',
        { liveEventId: id, practitionerIds: [a.id, b.id], attended: false },
        SELECTION,
      ),
    ).recordLiveEventAttendance;
    expect(two.registrations.map((r: { attended: boolean }) => r.attended)).toEqual([false, false]);
    expect(two.liveEvent.attendeeCount).toBe(0);
    // a participant who attended then withdrew is no longer counted
    ok(
      await op(
        expert,
        'recordLiveEventAttendance',
        { liveEventId: id, practitionerIds: [b.id], attended: true },
        SELECTION,
      ),
    );
    ok(await op(b, 'withdrawFromLiveEvent', { liveEventId: id }, 'registration { status }'));
    const count = await gql(
      server,
      `query($id: ID!) { liveEvent(id: $id) { attendeeCount } }`,
      { id },
      { token: expert.accessToken },
    );
    expect(ok(count).liveEvent.attendeeCount).toBe(0);
    const own = await gql(
      server,
      `query($id: ID!) { liveEvent(id: $id) { viewerRegistration { attended attendedAt } } }`,
      { id },
      { token: a.accessToken },
    );
    expect(ok(own).liveEvent.viewerRegistration).toEqual({ attended: false, attendedAt: null });
  });

  it('refuses signed-out, unverified, non-organisers, participants not approved and unknown ids', async () => {
    const id = await eventIn('LIVE', expert, { capacity: 1, registrationPolicy: 'OPEN' });
    const [a, b] = await Promise.all([createPractitioner(server), createPractitioner(server)]);
    const ra = await register(a, id);
    const rb = await register(b, id); // WAITING: no seat left
    const record = (user: TestUser | null, input: Record<string, unknown>) =>
      op(user, 'recordLiveEventAttendance', { liveEventId: id, attended: true, ...input }, SELECTION);
    expect(codes(await record(null, { registrationIds: [ra] }))).toEqual(['UNAUTHENTICATED']);
    expect(codes(await record(pending, { registrationIds: [ra] }))).toEqual(['FORBIDDEN']);
    expect(codes(await record(a, { registrationIds: [ra] }))).toEqual(['FORBIDDEN']);
    expect(codes(await record(expert, { registrationIds: [rb] }))).toEqual(['CONFLICT']);
    expect(codes(await record(expert, { practitionerIds: [member.id] }))).toEqual(['NOT_FOUND']);
    expect(codes(await record(expert, {}))).toEqual(['BAD_USER_INPUT']);
    expect(
      codes(
        await op(
          expert,
          'recordLiveEventAttendance',
          { liveEventId: unknownEvent(), registrationIds: [ra], attended: true },
          SELECTION,
        ),
      ),
    ).toEqual(['NOT_FOUND']);
    // attendance on a registration is not shown to another participant
    const other = await gql(
      server,
      `query($id: ID!) { node(id: $id) { ... on LiveEventRegistration { attended } } }`,
      { id: ra },
      { token: b.accessToken },
    );
    expect(ok(other).node).toBeNull();
  });

  it('an approved participant reading the join URL while LIVE is recorded as attending, once', async () => {
    const id = await eventIn('SCHEDULED');
    const a = await createPractitioner(server);
    const ra = await register(a, id);
    const read = () =>
      gql(
        server,
        `query($id: ID!) { liveEvent(id: $id) { joinUrl viewerRegistration { attended attendedAt } } }`,
        { id },
        { token: a.accessToken },
      );
    expect(ok(await read()).liveEvent).toEqual({
      joinUrl: 'https://video.example.org/room-1',
      viewerRegistration: { attended: null, attendedAt: null },
    }); // SCHEDULED: shown, nothing recorded
    ok(await op(expert, 'startLiveEvent', { id }, 'liveEvent { id }'));
    ok(await read());
    const first = ok(await read()).liveEvent.viewerRegistration;
    expect(first.attended).toBe(true);
    ok(await read());
    expect(ok(await read()).liveEvent.viewerRegistration.attendedAt).toBe(first.attendedAt);
    // an organiser's "absent" is not overwritten by reading the URL again
    ok(
      await op(
        expert,
        'recordLiveEventAttendance',
        { liveEventId: id, registrationIds: [ra], attended: false },
        SELECTION,
      ),
    );
    ok(await read());
    expect(ok(await read()).liveEvent.viewerRegistration.attended).toBe(false);
  });
});
