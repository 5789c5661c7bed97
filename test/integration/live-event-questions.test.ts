import { startTestServer } from '../helpers/server';
import type { TestServer } from '../helpers/server';
import { codes, gql, ok } from '../helpers/graphql';
import type { GraphQLResponse } from '../helpers/graphql';
import { createModerator, createPending, createPractitioner } from '../helpers/factories';
import type { TestUser } from '../helpers/factories';
import { Role } from '../../src/common/auth/role';
import { fromGlobalId, toGlobalId } from '../../src/common/relay/global-id';

const HOUR = 3600_000;
let seq = 0;

const Q_FIELDS = `id body bodyHtml language status isAnonymous isPinned upvoteCount viewerHasUpvoted viewerIsAuthor
  dismissReason answeredAt answerMode answer answerHtml answeredBy { id } author { id } publishedAt createdAt
  liveEvent { id }`;

interface Setup {
  server: TestServer;
  organiser: TestUser;
  chair: TestUser;
  speaker: TestUser;
  alice: TestUser;
  bob: TestUser;
  outsider: TestUser;
  globalModerator: TestUser;
  pending: TestUser;
}

async function setup(env: Record<string, string> = {}): Promise<Setup> {
  const server = await startTestServer(env);
  const [organiser, chair, speaker, alice, bob, outsider, globalModerator, pending] = await Promise.all([
    createPractitioner(server, { role: Role.EXPERT, displayName: 'Organiser' }),
    createPractitioner(server, { displayName: 'Chair' }),
    createPractitioner(server, { displayName: 'Speaker' }),
    createPractitioner(server, { displayName: 'Alice' }),
    createPractitioner(server, { displayName: 'Bob' }),
    createPractitioner(server, { displayName: 'Outsider' }),
    createModerator(server),
    createPending(server),
  ]);
  return { server, organiser, chair, speaker, alice, bob, outsider, globalModerator, pending };
}

function eventInput(s: Setup, overrides: Record<string, unknown> = {}) {
  const startsAt = new Date(Date.now() + 48 * HOUR + ++seq * 60_000);
  return {
    title: `Transfer of sentenced persons ${seq}`,
    description: 'With a prison-reform expert.',
    floorLanguage: 'EN',
    interpretationLanguages: ['FR'],
    startsAt: startsAt.toISOString(),
    endsAt: new Date(startsAt.getTime() + 2 * HOUR).toISOString(),
    timeZone: 'Europe/Vienna',
    capacity: 500,
    speakers: [
      { practitionerId: s.chair.id, role: 'MODERATOR' },
      { practitionerId: s.speaker.id, role: 'SPEAKER' },
    ],
    ...overrides,
  };
}

async function mutate(
  s: Setup,
  user: TestUser | null,
  op: string,
  input: Record<string, unknown>,
  fields: string,
) {
  const name = op[0].toUpperCase() + op.slice(1);
  return gql(
    s.server,
    `mutation($i: ${name}Input!) { ${op}(input: $i) { ${fields} } }`,
    { i: input },
    {
      token: user?.accessToken,
    },
  );
}

/** A SCHEDULED event by the organiser (chair: MODERATOR speaker), with `registered` APPROVED. */
async function scheduledEvent(s: Setup, registered: TestUser[], overrides: Record<string, unknown> = {}) {
  const id = ok(await mutate(s, s.organiser, 'createLiveEvent', eventInput(s, overrides), 'liveEvent { id }'))
    .createLiveEvent.liveEvent.id as string;
  ok(await mutate(s, s.organiser, 'scheduleLiveEvent', { id }, 'liveEvent { id }'));
  for (const u of registered)
    ok(await mutate(s, u, 'registerForLiveEvent', { liveEventId: id }, 'registration { status }'));
  return id;
}

function ask(s: Setup, user: TestUser | null, liveEventId: string, extra: Record<string, unknown> = {}) {
  return mutate(
    s,
    user,
    'askLiveEventQuestion',
    { liveEventId, body: 'Why does the **nuclear terrorism** convention matter?', language: 'EN', ...extra },
    `question { ${Q_FIELDS} }`,
  );
}

async function asked(s: Setup, user: TestUser, liveEventId: string, extra: Record<string, unknown> = {}) {
  return ok(await ask(s, user, liveEventId, extra)).askLiveEventQuestion.question;
}

function act(
  s: Setup,
  user: TestUser | null,
  op: string,
  questionId: string,
  extra: Record<string, unknown> = {},
) {
  return mutate(s, user, op, { questionId, ...extra }, `question { ${Q_FIELDS} }`);
}

async function acted(
  s: Setup,
  user: TestUser,
  op: string,
  questionId: string,
  extra: Record<string, unknown> = {},
) {
  return ok(await act(s, user, op, questionId, extra))[op].question;
}

async function list(
  s: Setup,
  user: TestUser,
  eventId: string,
  args = '',
): Promise<{ id: string; status: string; author: { id: string } | null; upvoteCount: number }[]> {
  const res = await gql(
    s.server,
    `query($id: ID!) { liveEvent(id: $id) { questions${args} { edges { node { ${Q_FIELDS} } } pageInfo { hasNextPage endCursor } } } }`,
    { id: eventId },
    { token: user.accessToken },
  );
  return ok(res).liveEvent.questions.edges.map((e: { node: never }) => e.node);
}

async function node(s: Setup, user: TestUser, id: string) {
  const res = await gql(
    s.server,
    `query($id: ID!) { node(id: $id) { id ... on LiveEventQuestion { status author { id } } } }`,
    { id },
    { token: user.accessToken },
  );
  return ok(res).node as { id: string; status: string; author: { id: string } | null } | null;
}

function fields(res: GraphQLResponse<unknown>): string[] {
  return (res.errors?.[0]?.extensions?.fields ?? []).map((f) => f.field);
}

describe('live-event questions', () => {
  let s: Setup;
  beforeAll(async () => {
    s = await setup();
  });
  afterAll(() => s.server.stop());

  describe('askLiveEventQuestion', () => {
    it('an approved participant asks: PENDING under moderation (the default), in a language, rendered', async () => {
      const eventId = await scheduledEvent(s, [s.alice]);
      const q = await asked(s, s.alice, eventId, { language: 'FR' });
      expect(q).toMatchObject({
        status: 'PENDING',
        language: 'FR',
        isAnonymous: false,
        isPinned: false,
        upvoteCount: 0,
        viewerIsAuthor: true,
        author: { id: s.alice.id },
        liveEvent: { id: eventId },
        publishedAt: null,
      });
      expect(q.bodyHtml).toContain('<strong>nuclear terrorism</strong>');
    });

    it('organisers and speakers ask without registering', async () => {
      const eventId = await scheduledEvent(s, []);
      for (const u of [s.organiser, s.chair, s.speaker])
        expect((await asked(s, u, eventId)).status).toBe('PENDING');
    });

    it('with moderation off, questions are PUBLISHED at once', async () => {
      const eventId = await scheduledEvent(s, [s.alice]);
      const set = ok(
        await mutate(
          s,
          s.organiser,
          'setLiveEventQuestionSettings',
          { liveEventId: eventId, questionsModerated: false },
          'liveEvent { id questionsOpen questionsModerated }',
        ),
      ).setLiveEventQuestionSettings.liveEvent;
      expect(set).toEqual({ id: eventId, questionsOpen: true, questionsModerated: false });
      const q = await asked(s, s.alice, eventId);
      expect(q.status).toBe('PUBLISHED');
      expect(q.publishedAt).not.toBeNull();
    });

    it('replays an idempotency key: one question', async () => {
      const eventId = await scheduledEvent(s, [s.alice]);
      const [a, b] = await Promise.all([
        asked(s, s.alice, eventId, { idempotencyKey: 'ask-1' }),
        asked(s, s.alice, eventId, { idempotencyKey: 'ask-1' }),
      ]);
      expect(a.id).toBe(b.id);
      expect(codes(await ask(s, s.alice, eventId, { idempotencyKey: 'ask-1', body: 'Another?' }))).toEqual([
        'CONFLICT',
      ]);
      expect(await list(s, s.alice, eventId)).toHaveLength(1);
    });

    it('refuses signed-out, unverified, unregistered, withdrawn and unknown', async () => {
      const eventId = await scheduledEvent(s, [s.bob]);
      expect(codes(await ask(s, null, eventId))).toEqual(['UNAUTHENTICATED']);
      expect(codes(await ask(s, s.pending, eventId))).toEqual(['FORBIDDEN']);
      expect(codes(await ask(s, s.outsider, eventId))).toEqual(['FORBIDDEN']);
      ok(
        await mutate(s, s.bob, 'withdrawFromLiveEvent', { liveEventId: eventId }, 'registration { status }'),
      );
      expect(codes(await ask(s, s.bob, eventId))).toEqual(['FORBIDDEN']);
      const unknown = toGlobalId('LiveEvent', '00000000-0000-4000-8000-000000000000');
      expect(codes(await ask(s, s.alice, unknown))).toEqual(['NOT_FOUND']);
      expect(codes(await ask(s, s.alice, 'not-an-id'))).toEqual(['BAD_USER_INPUT']);
    });

    it('refuses bad input: blank or too long body, unknown language', async () => {
      const eventId = await scheduledEvent(s, [s.alice]);
      const blank = await ask(s, s.alice, eventId, { body: '   ' });
      expect(codes(blank)).toEqual(['BAD_USER_INPUT']);
      expect(fields(blank)).toEqual(['body']);
      expect(codes(await ask(s, s.alice, eventId, { body: 'x'.repeat(2001) }))).toEqual(['BAD_USER_INPUT']);
      expect(codes(await ask(s, s.alice, eventId, { language: 'DE' }))).toEqual(['BAD_USER_INPUT']);
    });

    it('refuses when questions are closed, and on a DRAFT or ENDED event (CONFLICT)', async () => {
      const eventId = await scheduledEvent(s, [s.alice]);
      ok(
        await mutate(
          s,
          s.organiser,
          'setLiveEventQuestionSettings',
          { liveEventId: eventId, questionsOpen: false },
          'liveEvent { questionsOpen }',
        ),
      );
      expect(codes(await ask(s, s.alice, eventId))).toEqual(['CONFLICT']);
      const draft = ok(await mutate(s, s.organiser, 'createLiveEvent', eventInput(s), 'liveEvent { id }'))
        .createLiveEvent.liveEvent.id;
      expect(codes(await ask(s, s.organiser, draft))).toEqual(['CONFLICT']);
      const live = await scheduledEvent(s, [s.alice]);
      ok(await mutate(s, s.organiser, 'startLiveEvent', { id: live }, 'liveEvent { id }'));
      expect((await asked(s, s.alice, live)).status).toBe('PENDING'); // LIVE: open
      ok(await mutate(s, s.organiser, 'endLiveEvent', { id: live }, 'liveEvent { id }'));
      expect(codes(await ask(s, s.alice, live))).toEqual(['CONFLICT']);
    });
  });

  describe('setLiveEventQuestionSettings', () => {
    it('is for organisers; the MODERATOR speaker, participants and outsiders are refused', async () => {
      const eventId = await scheduledEvent(s, [s.alice]);
      const set = (u: TestUser | null, i: Record<string, unknown> = { questionsOpen: false }) =>
        mutate(
          s,
          u,
          'setLiveEventQuestionSettings',
          { liveEventId: eventId, ...i },
          'liveEvent { questionsOpen }',
        );
      expect(codes(await set(null))).toEqual(['UNAUTHENTICATED']);
      expect(codes(await set(s.pending))).toEqual(['FORBIDDEN']);
      expect(codes(await set(s.alice))).toEqual(['FORBIDDEN']);
      expect(codes(await set(s.chair))).toEqual(['FORBIDDEN']);
      expect(codes(await set(s.organiser, { questionsOpen: null }))).toEqual(['BAD_USER_INPUT']);
      const unknown = toGlobalId('LiveEvent', '00000000-0000-4000-8000-000000000000');
      expect(
        codes(
          await mutate(
            s,
            s.organiser,
            'setLiveEventQuestionSettings',
            { liveEventId: unknown },
            'liveEvent { id }',
          ),
        ),
      ).toEqual(['NOT_FOUND']);
      expect(ok(await set(s.globalModerator)).setLiveEventQuestionSettings.liveEvent.questionsOpen).toBe(
        false,
      );
      expect(
        ok(await set(s.organiser, { questionsOpen: true })).setLiveEventQuestionSettings.liveEvent
          .questionsOpen,
      ).toBe(true);
    });
  });

  describe('who sees which questions', () => {
    let eventId: string;
    let pendingQ: string;
    let publishedQ: string;
    let dismissedQ: string;
    beforeAll(async () => {
      eventId = await scheduledEvent(s, [s.alice, s.bob]);
      pendingQ = (await asked(s, s.alice, eventId, { body: 'Pending one' })).id;
      publishedQ = (await asked(s, s.alice, eventId, { body: 'Published one' })).id;
      dismissedQ = (await asked(s, s.alice, eventId, { body: 'Dismissed one' })).id;
      await acted(s, s.chair, 'publishLiveEventQuestion', publishedQ);
      await acted(s, s.chair, 'dismissLiveEventQuestion', dismissedQ, { reason: 'Off topic' });
    });

    it('everybody who may see the event sees the PUBLISHED ones (list and node)', async () => {
      for (const u of [s.bob, s.outsider]) {
        expect((await list(s, u, eventId)).map((q) => q.id)).toEqual([publishedQ]);
        expect(await node(s, u, pendingQ)).toBeNull();
        expect(await node(s, u, dismissedQ)).toBeNull();
        expect((await node(s, u, publishedQ))?.status).toBe('PUBLISHED');
      }
    });

    it('the asker sees their own pending and dismissed ones (with the reason)', async () => {
      const mine = await list(s, s.alice, eventId, '(orderBy: NEWEST)');
      expect(mine.map((q) => q.id)).toEqual([dismissedQ, publishedQ, pendingQ]);
      expect(mine[0]).toMatchObject({ status: 'DISMISSED', dismissReason: 'Off topic' });
    });

    it('question moderators see all: organiser, MODERATOR speaker, global moderator; not a SPEAKER', async () => {
      for (const u of [s.organiser, s.chair, s.globalModerator])
        expect((await list(s, u, eventId, '(orderBy: NEWEST)')).map((q) => q.id)).toEqual([
          dismissedQ,
          publishedQ,
          pendingQ,
        ]);
      expect((await list(s, s.speaker, eventId)).map((q) => q.id)).toEqual([publishedQ]);
    });

    it('filters by status among what you may see', async () => {
      expect((await list(s, s.chair, eventId, '(filter: { status: PENDING })')).map((q) => q.id)).toEqual([
        pendingQ,
      ]);
      expect(await list(s, s.bob, eventId, '(filter: { status: PENDING })')).toEqual([]);
    });

    it('unverified and signed-out viewers see nothing', async () => {
      const res = await gql(
        s.server,
        `query($id: ID!) { node(id: $id) { id } }`,
        { id: publishedQ },
        { token: s.pending.accessToken },
      );
      expect(res.data?.node ?? null).toBeNull();
      const anon = await gql(s.server, `query($id: ID!) { node(id: $id) { id } }`, { id: publishedQ });
      expect(anon.data?.node ?? null).toBeNull();
    });
  });

  describe('anonymous questions', () => {
    it('hide the asker from everybody but the asker and the question moderators, on every path', async () => {
      const eventId = await scheduledEvent(s, [s.alice, s.bob]);
      const q = await asked(s, s.alice, eventId, { isAnonymous: true });
      expect(q.author).toEqual({ id: s.alice.id }); // the asker sees themself
      const published = await acted(s, s.chair, 'publishLiveEventQuestion', q.id);
      expect(published.author).toEqual({ id: s.alice.id }); // a question moderator sees the asker
      // Another participant: payload, list, node.
      const upvoted = await acted(s, s.bob, 'upvoteLiveEventQuestion', q.id);
      expect(upvoted).toMatchObject({
        isAnonymous: true,
        author: null,
        upvoteCount: 1,
        viewerHasUpvoted: true,
      });
      expect((await list(s, s.bob, eventId))[0].author).toBeNull();
      expect((await node(s, s.bob, q.id))?.author).toBeNull();
      expect((await list(s, s.outsider, eventId))[0].author).toBeNull();
      expect((await list(s, s.speaker, eventId))[0].author).toBeNull();
      for (const u of [s.organiser, s.chair, s.globalModerator, s.alice]) {
        expect((await list(s, u, eventId))[0].author).toEqual({ id: s.alice.id });
        expect((await node(s, u, q.id))?.author).toEqual({ id: s.alice.id });
      }
    });
  });

  describe('moderating questions', () => {
    let eventId: string;
    beforeAll(async () => {
      eventId = await scheduledEvent(s, [s.alice, s.bob]);
    });

    it('publish, pin, unpin, answer, dismiss, restore: success and wrong status', async () => {
      const q = await asked(s, s.alice, eventId);
      expect(codes(await act(s, s.chair, 'pinLiveEventQuestion', q.id))).toEqual(['CONFLICT']); // PENDING
      expect(codes(await act(s, s.chair, 'answerLiveEventQuestion', q.id, { mode: 'LIVE' }))).toEqual([
        'CONFLICT',
      ]);
      expect(codes(await act(s, s.chair, 'restoreLiveEventQuestion', q.id))).toEqual(['CONFLICT']);
      expect((await acted(s, s.chair, 'publishLiveEventQuestion', q.id)).status).toBe('PUBLISHED');
      expect(codes(await act(s, s.chair, 'publishLiveEventQuestion', q.id))).toEqual(['CONFLICT']);
      expect((await acted(s, s.organiser, 'pinLiveEventQuestion', q.id)).isPinned).toBe(true);
      expect(codes(await act(s, s.organiser, 'pinLiveEventQuestion', q.id))).toEqual(['CONFLICT']);
      expect((await acted(s, s.organiser, 'unpinLiveEventQuestion', q.id)).isPinned).toBe(false);
      expect(codes(await act(s, s.organiser, 'unpinLiveEventQuestion', q.id))).toEqual(['CONFLICT']);
      const answered = await acted(s, s.chair, 'answerLiveEventQuestion', q.id, {
        mode: 'WRITTEN',
        answer: 'Because *every* State is exposed.',
      });
      expect(answered).toMatchObject({ answerMode: 'WRITTEN', answeredBy: { id: s.chair.id } });
      expect(answered.answerHtml).toContain('<em>every</em>');
      expect(answered.answeredAt).not.toBeNull();
      const dismissed = await acted(s, s.globalModerator, 'dismissLiveEventQuestion', q.id, {
        reason: 'Duplicate',
      });
      expect(dismissed).toMatchObject({ status: 'DISMISSED', dismissReason: 'Duplicate' });
      expect(codes(await act(s, s.chair, 'dismissLiveEventQuestion', q.id, { reason: 'Again' }))).toEqual([
        'CONFLICT',
      ]);
      const restored = await acted(s, s.chair, 'restoreLiveEventQuestion', q.id);
      expect(restored).toMatchObject({ status: 'PUBLISHED', dismissReason: null });
      // A question never published goes back to PENDING.
      const other = await asked(s, s.bob, eventId);
      await acted(s, s.chair, 'dismissLiveEventQuestion', other.id, { reason: 'Later' });
      expect((await acted(s, s.chair, 'restoreLiveEventQuestion', other.id)).status).toBe('PENDING');
    });

    it('refuses non-moderators (FORBIDDEN), signed-out, unverified, unknown ids and bad input', async () => {
      const q = await asked(s, s.alice, eventId);
      await acted(s, s.chair, 'publishLiveEventQuestion', q.id);
      const ops: [string, Record<string, unknown>][] = [
        ['publishLiveEventQuestion', {}],
        ['pinLiveEventQuestion', {}],
        ['unpinLiveEventQuestion', {}],
        ['answerLiveEventQuestion', { mode: 'LIVE' }],
        ['dismissLiveEventQuestion', { reason: 'No' }],
        ['restoreLiveEventQuestion', {}],
      ];
      const unknown = toGlobalId('LiveEventQuestion', '00000000-0000-4000-8000-000000000000');
      for (const [op, extra] of ops) {
        for (const u of [s.alice, s.bob, s.speaker, s.outsider])
          expect([op, codes(await act(s, u, op, q.id, extra))]).toEqual([op, ['FORBIDDEN']]);
        expect([op, codes(await act(s, null, op, q.id, extra))]).toEqual([op, ['UNAUTHENTICATED']]);
        expect([op, codes(await act(s, s.pending, op, q.id, extra))]).toEqual([op, ['FORBIDDEN']]);
        expect([op, codes(await act(s, s.chair, op, unknown, extra))]).toEqual([op, ['NOT_FOUND']]);
      }
      // A pending question of someone else is NOT_FOUND to who may not see it.
      const hidden = await asked(s, s.bob, eventId);
      expect(codes(await act(s, s.alice, 'publishLiveEventQuestion', hidden.id))).toEqual(['NOT_FOUND']);
      const written = await act(s, s.chair, 'answerLiveEventQuestion', q.id, { mode: 'WRITTEN' });
      expect(codes(written)).toEqual(['BAD_USER_INPUT']);
      expect(fields(written)).toEqual(['answer']);
      expect(codes(await act(s, s.chair, 'dismissLiveEventQuestion', q.id, { reason: ' ' }))).toEqual([
        'BAD_USER_INPUT',
      ]);
      expect(codes(await act(s, s.chair, 'answerLiveEventQuestion', q.id, { mode: 'SUNG' }))).toEqual([
        'BAD_USER_INPUT',
      ]);
    });

    it('answering notifies the asker once (LIVE_EVENT_QUESTION_ANSWERED, subject: the question)', async () => {
      const q = await asked(s, s.bob, eventId);
      await acted(s, s.chair, 'publishLiveEventQuestion', q.id);
      await acted(s, s.chair, 'answerLiveEventQuestion', q.id, { mode: 'LIVE' });
      await acted(s, s.chair, 'answerLiveEventQuestion', q.id, {
        mode: 'WRITTEN',
        answer: 'In writing too.',
      });
      await s.server.services.notifications.drain();
      const res = await gql(
        s.server,
        `{ notifications(first: 20) { edges { node { type decision subject { id } } } } }`,
        {},
        { token: s.bob.accessToken },
      );
      const mine = ok(res)
        .notifications.edges.map((e: { node: { type: string } }) => e.node)
        .filter((n: { type: string }) => n.type === 'LIVE_EVENT_QUESTION_ANSWERED');
      expect(mine).toEqual([
        { type: 'LIVE_EVENT_QUESTION_ANSWERED', decision: 'LIVE', subject: { id: q.id } },
      ]);
    });
  });

  describe('upvotes and order', () => {
    it('50 concurrent upvotes of one question count exactly 50; repeats and removals stay exact', async () => {
      const voters = await Promise.all(Array.from({ length: 50 }, () => createPractitioner(s.server)));
      const eventId = await scheduledEvent(s, [s.alice]);
      for (const v of voters)
        ok(await mutate(s, v, 'registerForLiveEvent', { liveEventId: eventId }, 'registration { status }'));
      const q = await asked(s, s.alice, eventId);
      await acted(s, s.chair, 'publishLiveEventQuestion', q.id);
      const results = await Promise.all(voters.map((v) => act(s, v, 'upvoteLiveEventQuestion', q.id)));
      results.forEach((r) => ok(r));
      // Repeats at once too: still one each.
      await Promise.all(voters.slice(0, 10).map((v) => act(s, v, 'upvoteLiveEventQuestion', q.id)));
      const [row] = await s.server.database.dataSource.query(
        `SELECT "upvoteCount" AS n, (SELECT count(*)::int FROM live_event_question_upvote u WHERE u."questionId" = q.id) AS rows
           FROM live_event_question q WHERE q.id = $1`,
        [fromGlobalId(q.id).id],
      );
      expect(row).toEqual({ n: 50, rows: 50 });
      expect((await list(s, s.alice, eventId))[0].upvoteCount).toBe(50);
      const removed = await acted(s, voters[0], 'removeLiveEventQuestionUpvote', q.id);
      expect(removed).toMatchObject({ upvoteCount: 49, viewerHasUpvoted: false });
      expect((await acted(s, voters[0], 'removeLiveEventQuestionUpvote', q.id)).upvoteCount).toBe(49);
    });

    it('refuses upvotes of pending questions, from non-participants, unverified, signed-out, unknown', async () => {
      const eventId = await scheduledEvent(s, [s.alice, s.bob]);
      const q = await asked(s, s.alice, eventId);
      expect(codes(await act(s, s.bob, 'upvoteLiveEventQuestion', q.id))).toEqual(['NOT_FOUND']); // cannot see it
      expect(codes(await act(s, s.chair, 'upvoteLiveEventQuestion', q.id))).toEqual(['CONFLICT']); // PENDING
      await acted(s, s.chair, 'publishLiveEventQuestion', q.id);
      expect(codes(await act(s, s.outsider, 'upvoteLiveEventQuestion', q.id))).toEqual(['FORBIDDEN']);
      expect(codes(await act(s, s.pending, 'upvoteLiveEventQuestion', q.id))).toEqual(['FORBIDDEN']);
      expect(codes(await act(s, null, 'upvoteLiveEventQuestion', q.id))).toEqual(['UNAUTHENTICATED']);
      expect(codes(await act(s, null, 'removeLiveEventQuestionUpvote', q.id))).toEqual(['UNAUTHENTICATED']);
      expect(codes(await act(s, s.outsider, 'removeLiveEventQuestionUpvote', q.id))).toEqual(['FORBIDDEN']);
      const unknown = toGlobalId('LiveEventQuestion', '00000000-0000-4000-8000-000000000000');
      expect(codes(await act(s, s.bob, 'upvoteLiveEventQuestion', unknown))).toEqual(['NOT_FOUND']);
      expect(codes(await act(s, s.bob, 'upvoteLiveEventQuestion', 'nope'))).toEqual(['BAD_USER_INPUT']);
      ok(await act(s, s.bob, 'upvoteLiveEventQuestion', q.id));
      ok(await mutate(s, s.organiser, 'cancelLiveEvent', { id: eventId }, 'liveEvent { id }'));
      expect(codes(await act(s, s.alice, 'upvoteLiveEventQuestion', q.id))).toEqual(['CONFLICT']);
    });

    it('TOP lists pinned first, then by upvotes, then newest; NEWEST by time; pages both ways', async () => {
      const eventId = await scheduledEvent(s, [s.alice, s.bob]);
      ok(
        await mutate(
          s,
          s.organiser,
          'setLiveEventQuestionSettings',
          { liveEventId: eventId, questionsModerated: false },
          'liveEvent { id }',
        ),
      );
      const a = (await asked(s, s.alice, eventId, { body: 'A' })).id;
      const b = (await asked(s, s.alice, eventId, { body: 'B' })).id;
      const c = (await asked(s, s.alice, eventId, { body: 'C' })).id;
      const d = (await asked(s, s.alice, eventId, { body: 'D' })).id;
      await acted(s, s.bob, 'upvoteLiveEventQuestion', b);
      await acted(s, s.alice, 'upvoteLiveEventQuestion', b);
      await acted(s, s.bob, 'upvoteLiveEventQuestion', c);
      await acted(s, s.chair, 'pinLiveEventQuestion', a);
      const top = [a, b, c, d];
      expect((await list(s, s.outsider, eventId)).map((q) => q.id)).toEqual(top);
      expect((await list(s, s.outsider, eventId, '(orderBy: NEWEST)')).map((q) => q.id)).toEqual([
        d,
        c,
        b,
        a,
      ]);
      // Paging TOP two by two, forward and backward.
      const page = async (args: string) => {
        const res = await gql(
          s.server,
          `query($id: ID!) { liveEvent(id: $id) { questions${args} { edges { node { id } cursor } pageInfo { hasNextPage hasPreviousPage endCursor startCursor } } } }`,
          { id: eventId },
          { token: s.outsider.accessToken },
        );
        return ok(res).liveEvent.questions;
      };
      const p1 = await page('(first: 2)');
      expect(p1.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual([a, b]);
      expect(p1.pageInfo.hasNextPage).toBe(true);
      const p2 = await page(`(first: 2, after: "${p1.pageInfo.endCursor}")`);
      expect(p2.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual([c, d]);
      expect(p2.pageInfo.hasNextPage).toBe(false);
      const back = await page(`(last: 2, before: "${p2.pageInfo.startCursor}")`);
      expect(back.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual([a, b]);
    });
  });
});

describe('comments on questions', () => {
  let s: Setup;
  beforeAll(async () => {
    s = await setup();
  });
  afterAll(() => s.server.stop());

  const C_FIELDS = 'comment { id body bodyHtml author { id } question { id } }';
  const comment = (user: TestUser | null, questionId: string, extra: Record<string, unknown> = {}) =>
    mutate(
      s,
      user,
      'commentOnLiveEventQuestion',
      { questionId, body: 'Agreed, *and* more.', ...extra },
      C_FIELDS,
    );
  const commentsOf = async (user: TestUser, questionId: string) => {
    const res = await gql(
      s.server,
      `query($id: ID!) { node(id: $id) { ... on LiveEventQuestion { comments(first: 10) { edges { node { id body } } } } } }`,
      { id: questionId },
      { token: user.accessToken },
    );
    return ok(res).node?.comments.edges.map((e: { node: { id: string } }) => e.node.id) ?? null;
  };
  const commentNode = async (user: TestUser, id: string) =>
    ok(await gql(s.server, `query($id: ID!) { node(id: $id) { id } }`, { id }, { token: user.accessToken }))
      .node;

  it('participants comment on PUBLISHED questions; whoever may read the question reads them', async () => {
    const eventId = await scheduledEvent(s, [s.alice, s.bob]);
    const q = await asked(s, s.alice, eventId);
    // Pending: not visible to Bob (NOT_FOUND), a CONFLICT for a question moderator.
    expect(codes(await comment(s.bob, q.id))).toEqual(['NOT_FOUND']);
    expect(codes(await comment(s.chair, q.id))).toEqual(['CONFLICT']);
    await acted(s, s.chair, 'publishLiveEventQuestion', q.id);
    const c = ok(await comment(s.bob, q.id, { idempotencyKey: 'c-1' })).commentOnLiveEventQuestion.comment;
    expect(c).toMatchObject({
      body: 'Agreed, *and* more.',
      author: { id: s.bob.id },
      question: { id: q.id },
    });
    expect(c.bodyHtml).toContain('<em>and</em>');
    const again = ok(await comment(s.bob, q.id, { idempotencyKey: 'c-1' })).commentOnLiveEventQuestion
      .comment;
    expect(again.id).toBe(c.id);
    const second = ok(await comment(s.chair, q.id)).commentOnLiveEventQuestion.comment;
    for (const u of [s.outsider, s.alice, s.bob])
      expect(await commentsOf(u, q.id)).toEqual([c.id, second.id]);
    expect(await commentNode(s.outsider, c.id)).toEqual({ id: c.id });
    // Dismissed: the question and its comments are gone for others, kept for moderators and the asker.
    await acted(s, s.chair, 'dismissLiveEventQuestion', q.id, { reason: 'Closed' });
    expect(await commentsOf(s.outsider, q.id)).toBeNull();
    expect(await commentNode(s.outsider, c.id)).toBeNull();
    expect(await commentNode(s.bob, c.id)).toBeNull();
    expect(await commentsOf(s.alice, q.id)).toEqual([c.id, second.id]);
    expect(await commentNode(s.chair, c.id)).toEqual({ id: c.id });
    expect(codes(await comment(s.chair, q.id))).toEqual(['CONFLICT']);
  });

  it('refuses non-participants, unverified, signed-out, unknown ids, bad input and closed events', async () => {
    const eventId = await scheduledEvent(s, [s.alice]);
    const q = await asked(s, s.alice, eventId);
    await acted(s, s.chair, 'publishLiveEventQuestion', q.id);
    expect(codes(await comment(s.outsider, q.id))).toEqual(['FORBIDDEN']);
    expect(codes(await comment(s.pending, q.id))).toEqual(['FORBIDDEN']);
    expect(codes(await comment(null, q.id))).toEqual(['UNAUTHENTICATED']);
    const unknown = toGlobalId('LiveEventQuestion', '00000000-0000-4000-8000-000000000000');
    expect(codes(await comment(s.alice, unknown))).toEqual(['NOT_FOUND']);
    const blank = await comment(s.alice, q.id, { body: ' ' });
    expect(codes(blank)).toEqual(['BAD_USER_INPUT']);
    expect(fields(blank)).toEqual(['body']);
    expect(codes(await comment(s.alice, q.id, { body: 'x'.repeat(2001) }))).toEqual(['BAD_USER_INPUT']);
    ok(await mutate(s, s.organiser, 'cancelLiveEvent', { id: eventId }, 'liveEvent { id }'));
    expect(codes(await comment(s.alice, q.id))).toEqual(['CONFLICT']);
  });
});

describe('live-event question rate limits', () => {
  let s: Setup;
  beforeAll(async () => {
    s = await setup({ RATE_LIMIT_CONTENT_PER_ACCOUNT: '3/60', RATE_LIMIT_REACTION_PER_ACCOUNT: '4/600' });
  });
  afterAll(() => s.server.stop());

  it('asking spends the content budget, upvoting the reaction budget (RATE_LIMITED beyond)', async () => {
    const id = ok(await mutate(s, s.organiser, 'createLiveEvent', eventInput(s), 'liveEvent { id }'))
      .createLiveEvent.liveEvent.id as string;
    ok(await mutate(s, s.organiser, 'scheduleLiveEvent', { id }, 'liveEvent { id }'));
    ok(await mutate(s, s.alice, 'registerForLiveEvent', { liveEventId: id }, 'registration { status }'));
    ok(
      await mutate(
        s,
        s.organiser,
        'setLiveEventQuestionSettings',
        { liveEventId: id, questionsModerated: false },
        'liveEvent { id }',
      ),
    );
    const q1 = await asked(s, s.alice, id);
    await asked(s, s.alice, id);
    await asked(s, s.alice, id);
    expect(codes(await ask(s, s.alice, id))).toEqual(['RATE_LIMITED']);
    // registerForLiveEvent spent one reaction point already.
    ok(await act(s, s.alice, 'upvoteLiveEventQuestion', q1.id));
    ok(await act(s, s.alice, 'removeLiveEventQuestionUpvote', q1.id));
    ok(await act(s, s.alice, 'upvoteLiveEventQuestion', q1.id));
    expect(codes(await act(s, s.alice, 'removeLiveEventQuestionUpvote', q1.id))).toEqual(['RATE_LIMITED']);
  });
});
