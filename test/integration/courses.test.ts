import { startTestServer } from '../helpers/server';
import type { TestServer } from '../helpers/server';
import { codes, gql, ok } from '../helpers/graphql';
import type { GraphQLResponse } from '../helpers/graphql';
import { createModerator, createPending, createPractitioner } from '../helpers/factories';
import type { TestUser } from '../helpers/factories';
import { connectWs } from '../helpers/ws';
import { notificationsDelivered } from '../helpers/moderation';
import { Role } from '../../src/common/auth/role';
import { fromGlobalId } from '../../src/common/relay/global-id';

let server: TestServer;
let expert: TestUser;
let cofacilitator: TestUser;
let member: TestUser;
let other: TestUser;
let moderator: TestUser;
let pending: TestUser;
beforeAll(async () => {
  server = await startTestServer();
  [expert, cofacilitator, member, other, moderator, pending] = await Promise.all([
    createPractitioner(server, { role: Role.EXPERT, displayName: 'Expert' }),
    createPractitioner(server, { role: Role.EXPERT, displayName: 'Co-facilitator' }),
    createPractitioner(server, { displayName: 'Learner' }),
    createPractitioner(server, { displayName: 'Other' }),
    createModerator(server),
    createPending(server),
  ]);
});
afterAll(() => server.stop());

const reason = (res: GraphQLResponse<unknown>) => res.errors?.[0]?.extensions?.reason;
let seq = 0;

async function run(user: TestUser, query: string, vars: Record<string, unknown> = {}) {
  return gql(server, query, vars, { token: user.accessToken });
}

async function mutate(user: TestUser, name: string, input: Record<string, unknown>, select: string) {
  const type = name[0].toUpperCase() + name.slice(1);
  return run(user, `mutation($i: ${type}Input!) { ${name}(input: $i) { ${select} } }`, { i: input });
}

async function createCourse(user: TestUser = expert, overrides: Record<string, unknown> = {}) {
  return mutate(
    user,
    'createCourse',
    {
      title: `International cooperation in criminal matters ${++seq}`,
      description: 'Module 3 of the **Counter-Terrorism Legal Training Curriculum**.',
      language: 'EN',
      languages: ['EN', 'FR'],
      ...overrides,
    },
    'course { id status title descriptionHtml selfPaced enrollmentPolicy capacity enrolledCount lessonCount languages facilitators { id } }',
  );
}

async function publishedCourse(overrides: Record<string, unknown> = {}): Promise<string> {
  const id = ok(await createCourse(expert, overrides)).createCourse.course.id as string;
  ok(await mutate(expert, 'publishCourse', { id }, 'course { id status }'));
  return id;
}

async function addModule(courseId: string, overrides: Record<string, unknown> = {}): Promise<string> {
  const res = await mutate(
    expert,
    'createCourseModule',
    { courseId, title: 'Extradition', ...overrides },
    'module { id }',
  );
  return ok(res).createCourseModule.module.id as string;
}

async function addLesson(moduleId: string, overrides: Record<string, unknown> = {}): Promise<string> {
  const res = await mutate(
    expert,
    'createLesson',
    {
      moduleId,
      title: 'Aut dedere aut judicare',
      bodies: [{ language: 'EN', body: '# Extradite or prosecute' }],
      ...overrides,
    },
    'lesson { id }',
  );
  return ok(res).createLesson.lesson.id as string;
}

const enroll = (user: TestUser, courseId: string, idempotencyKey?: string) =>
  mutate(
    user,
    'enrollInCourse',
    { courseId, idempotencyKey },
    'enrollment { id status progress { done total percent } }',
  );

const PROGRESS = 'enrollment { id progress { done total percent lastActivityAt completedAt } }';
const view = (user: TestUser, lessonId: string) =>
  mutate(user, 'viewLesson', { lessonId }, `lesson { id } ${PROGRESS}`);
const done = (user: TestUser, lessonId: string) =>
  mutate(user, 'markLessonDone', { lessonId }, `lesson { id } ${PROGRESS}`);

describe('courses', () => {
  it('createCourse: experts and moderators create DRAFT courses; members and unverified accounts cannot', async () => {
    const created = ok(await createCourse(expert, { facilitatorIds: [cofacilitator.id], capacity: 20 }))
      .createCourse.course;
    expect(created).toMatchObject({
      status: 'DRAFT',
      selfPaced: true,
      enrollmentPolicy: 'OPEN',
      capacity: 20,
    });
    expect(created.descriptionHtml).toContain('<strong>Counter-Terrorism Legal Training Curriculum</strong>');
    expect(created.facilitators.map((f: { id: string }) => f.id)).toEqual([expert.id, cofacilitator.id]);
    ok(await createCourse(moderator));
    expect(codes(await createCourse(member))).toEqual(['FORBIDDEN']);
    expect(codes(await createCourse(pending))).toEqual(['FORBIDDEN']);
    const dates = await createCourse(expert, { startsAt: new Date().toISOString() });
    expect(codes(dates)).toEqual(['BAD_USER_INPUT']);
    const key = `course-${seq}`;
    const a = ok(await createCourse(expert, { title: 'Retry', idempotencyKey: key })).createCourse.course.id;
    const b = ok(await createCourse(expert, { title: 'Retry', idempotencyKey: key })).createCourse.course.id;
    expect(a).toBe(b);
  });

  it('drafts are seen by facilitators and moderators only; published courses by members, never by unverified accounts', async () => {
    const id = ok(await createCourse(expert, { facilitatorIds: [cofacilitator.id] })).createCourse.course.id;
    const read = async (user: TestUser) => {
      const res = await run(user, `query($id: ID!) { course(id: $id) { id } node(id: $id) { id } }`, { id });
      return res;
    };
    for (const user of [expert, cofacilitator, moderator]) expect(ok(await read(user)).course?.id).toBe(id);
    expect(ok(await read(member))).toEqual({ course: null, node: null });
    expect(codes(await mutate(member, 'publishCourse', { id }, 'course { id }'))).toEqual(['NOT_FOUND']);
    expect(codes(await mutate(cofacilitator, 'publishCourse', { id }, 'course { id }'))).toEqual([]);
    expect(ok(await read(member)).course?.id).toBe(id);
    expect(codes(await read(pending))).toContain('FORBIDDEN');
    expect(codes(await mutate(expert, 'publishCourse', { id }, 'course { id }'))).toEqual(['CONFLICT']);
    const list = async (user: TestUser) =>
      ok(await run(user, `{ courses(first: 100) { edges { node { id } } } }`)).courses.edges.map(
        (e: { node: { id: string } }) => e.node.id,
      );
    expect(await list(member)).toContain(id);
    const draft = ok(await createCourse(expert)).createCourse.course.id;
    expect(await list(member)).not.toContain(draft);
    expect(await list(expert)).toContain(draft);
  });

  it('outline: facilitators add, edit, reorder and delete modules and lessons; others cannot', async () => {
    const courseId = await publishedCourse();
    const m1 = await addModule(courseId, { title: 'Extradition' });
    const m2 = await addModule(courseId, { title: 'Mutual legal assistance', prerequisiteIds: [m1] });
    const l1 = await addLesson(m1, { title: 'Principles' });
    const l2 = await addLesson(m1, { title: 'Refusal grounds', completionRule: 'MARKED_DONE' });
    await addLesson(m2, { title: 'Quiz', kind: 'QUIZ', completionRule: 'QUIZ_PASSED', bodies: [] });
    expect(
      codes(await mutate(member, 'createCourseModule', { courseId, title: 'X' }, 'module { id }')),
    ).toEqual(['FORBIDDEN']);
    expect(
      codes(await mutate(member, 'createLesson', { moduleId: m1, title: 'X' }, 'lesson { id }')),
    ).toEqual(['FORBIDDEN']);
    expect(
      codes(
        await mutate(
          expert,
          'createLesson',
          { moduleId: m1, title: 'Q', kind: 'QUIZ', bodies: [] },
          'lesson { id }',
        ),
      ),
    ).toEqual(['BAD_USER_INPUT']);
    const elsewhere = await addModule(await publishedCourse());
    expect(
      codes(
        await mutate(expert, 'updateCourseModule', { id: m1, prerequisiteIds: [elsewhere] }, 'module { id }'),
      ),
    ).toEqual(['BAD_USER_INPUT']);
    expect(
      codes(await mutate(expert, 'reorderLessons', { moduleId: m1, lessonIds: [l2] }, 'module { id }')),
    ).toEqual(['BAD_USER_INPUT']);
    ok(await mutate(expert, 'reorderLessons', { moduleId: m1, lessonIds: [l2, l1] }, 'module { id }'));
    ok(await mutate(expert, 'reorderCourseModules', { courseId, moduleIds: [m2, m1] }, 'course { id }'));
    ok(await mutate(expert, 'updateLesson', { id: l1, title: 'Principles (2)' }, 'lesson { id title }'));
    const outline = ok(
      await run(
        member,
        `query($id: ID!) { course(id: $id) { lessonCount modules { id title position prerequisites { id }
           lessons { id title kind completionRule position } } } }`,
        { id: courseId },
      ),
    ).course;
    expect(outline.lessonCount).toBe(3);
    expect(outline.modules.map((m: { id: string }) => m.id)).toEqual([m2, m1]);
    expect(outline.modules[0].prerequisites).toEqual([{ id: m1 }]);
    expect(outline.modules[1].lessons.map((l: { title: string }) => l.title)).toEqual([
      'Refusal grounds',
      'Principles (2)',
    ]);
    expect(codes(await mutate(member, 'deleteLesson', { id: l1 }, 'module { id }'))).toEqual(['FORBIDDEN']);
    ok(await mutate(expert, 'deleteLesson', { id: l1 }, 'module { id }'));
    ok(await mutate(expert, 'deleteCourseModule', { id: m1 }, 'course { id }'));
    const after = ok(
      await run(
        member,
        `query($id: ID!) { course(id: $id) { lessonCount modules { id prerequisites { id } } } }`,
        {
          id: courseId,
        },
      ),
    ).course;
    expect(after).toEqual({ lessonCount: 1, modules: [{ id: m2, prerequisites: [] }] });
  });

  it('enrolment OPEN: approves while places remain, never beyond the capacity under concurrency', async () => {
    const courseId = await publishedCourse({ capacity: 2 });
    const learners = await Promise.all(
      Array.from({ length: 5 }, (_, i) => createPractitioner(server, { displayName: `Learner ${i}` })),
    );
    const results = await Promise.all(learners.map((l) => enroll(l, courseId)));
    const approved = results.filter((r) => !r.errors);
    expect(approved).toHaveLength(2);
    for (const r of results.filter((x) => x.errors)) {
      expect(codes(r)).toEqual(['CONFLICT']);
      expect(reason(r)).toBe('COURSE_FULL');
    }
    const course = ok(
      await run(expert, `query($id: ID!) { course(id: $id) { enrolledCount } }`, { id: courseId }),
    ).course;
    expect(course.enrolledCount).toBe(2);
    const winner = learners[results.findIndex((r) => !r.errors)];
    expect(reason(await enroll(winner, courseId))).toBe('ALREADY_ENROLLED');
    ok(await mutate(winner, 'withdrawFromCourse', { courseId }, 'enrollment { id status }'));
    expect(codes(await mutate(winner, 'withdrawFromCourse', { courseId }, 'enrollment { id }'))).toEqual([
      'NOT_FOUND',
    ]);
    const loser = learners[results.findIndex((r) => !!r.errors)];
    expect(ok(await enroll(loser, courseId)).enrollInCourse.enrollment.status).toBe('APPROVED');
    const draft = ok(await createCourse(expert)).createCourse.course.id;
    expect(codes(await enroll(member, draft))).toEqual(['NOT_FOUND']);
    expect(codes(await enroll(pending, courseId))).toEqual(['FORBIDDEN']);
  });

  it('enrolment APPROVAL and INVITE_ONLY: facilitators approve, decline and invite; learners are told', async () => {
    const courseId = await publishedCourse({ enrollmentPolicy: 'APPROVAL', capacity: 1 });
    const a = await createPractitioner(server);
    const b = await createPractitioner(server);
    const ea = ok(await enroll(a, courseId)).enrollInCourse.enrollment;
    const eb = ok(await enroll(b, courseId)).enrollInCourse.enrollment;
    expect([ea.status, eb.status]).toEqual(['PENDING', 'PENDING']);
    const decide = (user: TestUser, op: string, enrollmentId: string) =>
      mutate(user, op, { enrollmentId }, 'enrollment { id status }');
    expect(codes(await decide(a, 'approveCourseEnrollment', ea.id))).toEqual(['FORBIDDEN']);
    expect(codes(await decide(other, 'approveCourseEnrollment', ea.id))).toEqual(['NOT_FOUND']);
    expect(
      ok(await decide(expert, 'approveCourseEnrollment', ea.id)).approveCourseEnrollment.enrollment.status,
    ).toBe('APPROVED');
    expect(reason(await decide(expert, 'approveCourseEnrollment', eb.id))).toBe('COURSE_FULL');
    expect(
      ok(await decide(moderator, 'declineCourseEnrollment', eb.id)).declineCourseEnrollment.enrollment.status,
    ).toBe('DECLINED');
    expect(codes(await decide(expert, 'declineCourseEnrollment', eb.id))).toEqual(['CONFLICT']);
    expect(reason(await enroll(b, courseId))).toBe('DECLINED');
    // Notifications are written by the outbox after the commit: wait for them before reading.
    const notes = async (user: TestUser) => {
      await notificationsDelivered(server);
      return ok(
        await run(user, `{ notifications(first: 10) { edges { node { type decision } } } }`),
      ).notifications.edges.map(
        (e: { node: { type: string; decision: string } }) => `${e.node.type}:${e.node.decision}`,
      );
    };
    expect(await notes(a)).toContain('COURSE_ENROLLMENT_DECIDED:APPROVED');
    expect(await notes(b)).toContain('COURSE_ENROLLMENT_DECIDED:DECLINED');

    const closed = await publishedCourse({ enrollmentPolicy: 'INVITE_ONLY' });
    expect(reason(await enroll(a, closed))).toBe('NOT_INVITED');
    const invite = (user: TestUser, practitionerId: string) =>
      mutate(user, 'inviteToCourse', { courseId: closed, practitionerId }, 'enrollment { id status }');
    expect(codes(await invite(member, a.id))).toEqual(['FORBIDDEN']);
    expect(codes(await invite(expert, pending.id))).toEqual(['NOT_FOUND']);
    expect(ok(await invite(expert, a.id)).inviteToCourse.enrollment.status).toBe('INVITED');
    expect(codes(await invite(expert, a.id))).toEqual(['CONFLICT']);
    expect(await notes(a)).toContain('COURSE_INVITATION:null');
    expect(ok(await enroll(a, closed)).enrollInCourse.enrollment.status).toBe('APPROVED');
  });

  it('progress: module states, locked lessons FORBIDDEN with a reason, counts in step, course.completed once', async () => {
    const courseId = await publishedCourse();
    const mA = await addModule(courseId, { title: 'Extradition', sequential: true });
    const mB = await addModule(courseId, { title: 'MLA', prerequisiteIds: [mA] });
    const mC = await addModule(courseId, {
      title: 'Central authority',
      unlockAt: new Date(Date.now() + 86_400_000).toISOString(),
    });
    const a1 = await addLesson(mA, {
      bodies: [
        { language: 'EN', body: 'English' },
        { language: 'FR', body: 'Français' },
      ],
    });
    const a2 = await addLesson(mA, { completionRule: 'MARKED_DONE' });
    const b1 = await addLesson(mB);
    const c1 = await addLesson(mC);
    const learner = await createPractitioner(server);
    const states = async (user: TestUser) =>
      ok(
        await run(
          user,
          `query($id: ID!) { course(id: $id) { modules { progress { state reason done total } } } }`,
          {
            id: courseId,
          },
        ),
      ).course.modules.map((m: { progress: { state: string; reason: string | null } }) =>
        m.progress.reason ? `${m.progress.state}:${m.progress.reason}` : m.progress.state,
      );
    expect(await states(learner)).toEqual([
      'LOCKED:NOT_ENROLLED',
      'LOCKED:NOT_ENROLLED',
      'LOCKED:NOT_ENROLLED',
    ]);
    expect(reason(await view(learner, a1))).toBe('NOT_ENROLLED');
    const body = (user: TestUser, id: string, language = 'FR') =>
      run(user, `query($id: ID!, $l: Language) { node(id: $id) { ... on Lesson { body(language: $l) } } }`, {
        id,
        l: language,
      });
    expect(reason(await body(learner, a1))).toBe('NOT_ENROLLED');
    expect(ok(await body(expert, a1)).node.body).toBe('Français');
    ok(await enroll(learner, courseId));
    expect(await states(learner)).toEqual([
      'UNLOCKED',
      'LOCKED:PREREQUISITE_INCOMPLETE',
      'LOCKED:MODULE_LOCKED',
    ]);
    expect(reason(await view(learner, b1))).toBe('PREREQUISITE_INCOMPLETE');
    expect(reason(await done(learner, c1))).toBe('MODULE_LOCKED');
    expect(reason(await done(learner, a2))).toBe('PREVIOUS_LESSON_INCOMPLETE');
    expect(reason(await body(learner, a2))).toBe('PREVIOUS_LESSON_INCOMPLETE');
    expect(ok(await body(learner, a1)).node.body).toBe('Français');
    expect(ok(await body(learner, a1, 'ZH')).node.body).toBe('English');
    const p1 = ok(await view(learner, a1)).viewLesson.enrollment.progress;
    expect(p1).toMatchObject({ done: 1, total: 4, percent: 25, completedAt: null });
    expect(p1.lastActivityAt).not.toBeNull();
    expect(await states(learner)).toEqual([
      'STARTED',
      'LOCKED:PREREQUISITE_INCOMPLETE',
      'LOCKED:MODULE_LOCKED',
    ]);
    // Viewing a MARKED_DONE lesson does not complete it; marking it done does, once.
    expect(ok(await view(learner, a2)).viewLesson.enrollment.progress.done).toBe(1);
    expect(ok(await done(learner, a2)).markLessonDone.enrollment.progress.done).toBe(2);
    expect(ok(await done(learner, a2)).markLessonDone.enrollment.progress.done).toBe(2);
    expect(await states(learner)).toEqual(['COMPLETED', 'UNLOCKED', 'LOCKED:MODULE_LOCKED']);
    ok(await view(learner, b1));
    // The third module opens at its date: a facilitator moves it to the past.
    ok(await mutate(expert, 'updateCourseModule', { id: mC, unlockAt: null }, 'module { id }'));
    const completedEvents = async () =>
      (
        await server.database.dataSource.query(
          `SELECT count(*)::int AS n FROM outbox_event WHERE type = 'course.completed' AND payload->>'courseId' = $1`,
          [fromGlobalId(courseId).id],
        )
      )[0].n as number;
    expect(await completedEvents()).toBe(0);
    const last = await Promise.all([done(learner, c1), done(learner, c1)]);
    for (const r of last) expect(r.errors).toBeUndefined();
    const final = ok(
      await run(
        learner,
        `{ myCourses(first: 10) { edges { node { course { id } progress { done total percent completedAt } } } } }`,
      ),
    ).myCourses.edges.find((e: { node: { course: { id: string } } }) => e.node.course.id === courseId).node
      .progress;
    expect(final).toMatchObject({ done: 4, total: 4, percent: 100 });
    expect(final.completedAt).not.toBeNull();
    expect(await completedEvents()).toBe(1);
    // Non-PAGE kinds are not yet completable.
    const quiz = await addLesson(mC, { kind: 'QUIZ', completionRule: 'QUIZ_PASSED', bodies: [] });
    expect(reason(await done(learner, quiz))).toBe('NOT_MARKABLE');
    expect(ok(await view(learner, quiz)).viewLesson.enrollment.progress).toMatchObject({ done: 4, total: 5 });
  });

  it('enrolments are seen by their learner and the facilitators only, on every path', async () => {
    const courseId = await publishedCourse({ facilitatorIds: [cofacilitator.id] });
    const m = await addModule(courseId);
    const l = await addLesson(m);
    const learner = await createPractitioner(server);
    const enrollmentId = ok(await enroll(learner, courseId)).enrollInCourse.enrollment.id;
    ok(await view(learner, l));
    const cohort = (user: TestUser) =>
      run(
        user,
        `query($id: ID!) { course(id: $id) { enrollments(first: 10) { edges { node { id learner { id } progress { done percent } } } } } }`,
        { id: courseId },
      );
    const seen = ok(await cohort(cofacilitator)).course.enrollments.edges;
    expect(seen).toEqual([
      { node: { id: enrollmentId, learner: { id: learner.id }, progress: { done: 1, percent: 100 } } },
    ]);
    expect(codes(await cohort(learner))).toEqual(['FORBIDDEN']);
    const node = (user: TestUser) =>
      run(user, `query($id: ID!) { node(id: $id) { id } }`, { id: enrollmentId });
    expect(ok(await node(learner)).node).toEqual({ id: enrollmentId });
    expect(ok(await node(expert)).node).toEqual({ id: enrollmentId });
    expect(ok(await node(other)).node).toBeNull();
    expect((await node(pending)).data?.node ?? null).toBeNull();
    const viewerEnrollment = ok(
      await run(other, `query($id: ID!) { course(id: $id) { viewerEnrollment { id } } }`, { id: courseId }),
    ).course;
    expect(viewerEnrollment).toEqual({ viewerEnrollment: null });
  });

  it('publication opens the cohort’s discussion network (a WORKING_GROUP); approved learners join it', async () => {
    const draft = ok(
      await createCourse(expert, { enrollmentPolicy: 'APPROVAL', facilitatorIds: [cofacilitator.id] }),
    ).createCourse.course.id;
    const NET = `query($id: ID!) { course(id: $id) { network { id kind memberCount viewerMembership { role status } } } }`;
    expect(ok(await run(expert, NET, { id: draft })).course.network).toBeNull();
    ok(await mutate(expert, 'publishCourse', { id: draft }, 'course { id }'));
    const net = ok(await run(expert, NET, { id: draft })).course.network;
    expect(net).toMatchObject({ kind: 'WORKING_GROUP', memberCount: 2, viewerMembership: { role: 'OWNER' } });
    const learner = await createPractitioner(server);
    const e = ok(await enroll(learner, draft)).enrollInCourse.enrollment;
    expect(ok(await run(learner, NET, { id: draft })).course.network.viewerMembership).toBeNull();
    ok(await mutate(expert, 'approveCourseEnrollment', { enrollmentId: e.id }, 'enrollment { id }'));
    expect(ok(await run(learner, NET, { id: draft })).course.network).toMatchObject({
      memberCount: 3,
      viewerMembership: { role: 'MEMBER', status: 'ACTIVE' },
    });
  });

  it('enrollmentProgressChanged pushes your own progress to your other devices, nobody else’s', async () => {
    const courseId = await publishedCourse();
    const m = await addModule(courseId);
    const l1 = await addLesson(m);
    const l2 = await addLesson(m);
    const [me, neighbour] = await Promise.all([createPractitioner(server), createPractitioner(server)]);
    ok(await enroll(me, courseId));
    ok(await enroll(neighbour, courseId));
    const ws = connectWs(server, me.accessToken);
    await ws.connected;
    const got: { id: string; done: number }[] = [];
    ws.client.subscribe(
      { query: `subscription { enrollmentProgressChanged { id progress { done } } }` },
      {
        next: (v) => {
          const e = (v.data as { enrollmentProgressChanged: { id: string; progress: { done: number } } })
            .enrollmentProgressChanged;
          got.push({ id: e.id, done: e.progress.done });
        },
        error: () => undefined,
        complete: () => undefined,
      },
    );
    await new Promise((r) => setTimeout(r, 200));
    ok(await view(neighbour, l1));
    const mine = ok(await view(me, l1)).viewLesson.enrollment.id;
    ok(await view(me, l2));
    const until = Date.now() + 5000;
    while (got.length < 2 && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
    await ws.client.dispose();
    expect(got).toEqual([
      { id: mine, done: 1 },
      { id: mine, done: 2 },
    ]);
    // An unverified account is refused (FORBIDDEN): it never receives a record.
    const refused = connectWs(server, pending.accessToken);
    const delivered: unknown[] = [];
    const outcome = await new Promise<string>((resolve) => {
      refused.client.subscribe(
        { query: `subscription { enrollmentProgressChanged { id } }` },
        {
          next: (v) => delivered.push(v),
          error: (e) => resolve(JSON.stringify(e)),
          complete: () => resolve('complete'),
        },
      );
      void refused.closed.then((code) => resolve(`closed ${code}`));
    });
    await refused.client.dispose();
    expect(outcome).toBeTruthy();
    expect(delivered.every((v) => !(v as { data?: unknown }).data)).toBe(true);
    expect(JSON.stringify(delivered)).toContain('FORBIDDEN');
  });

  it('myCourses(first: 50) with progress and an outline of 10 × 10 run a constant number of statements', async () => {
    const learner = await createPractitioner(server);
    // The fewest statements of three runs: the outbox dispatch of the writes just made may land inside one
    // run's window (seen once on PostgreSQL: 10, then 8 for the same query), never below the request's own.
    const count = async (query: string, vars: Record<string, unknown> = {}) => {
      const counts: number[] = [];
      for (let i = 0; i < 3; i++) {
        const before = server.database.counter.count;
        ok(await run(learner, query, vars));
        counts.push(server.database.counter.count - before);
      }
      return Math.min(...counts);
    };
    const MINE = `{ myCourses(first: 50) { edges { node { id status progress { done total percent lastActivityAt }
      course { id title modules { id progress { state } } } } } } }`;
    const courseIds: string[] = [];
    const enrolMore = async (n: number) => {
      for (let i = 0; i < n; i++) {
        const id = await publishedCourse();
        const m = await addModule(id);
        const lesson = await addLesson(m);
        ok(await enroll(learner, id));
        ok(await view(learner, lesson));
        courseIds.push(id);
      }
    };
    await enrolMore(2);
    const small = await count(MINE);
    await enrolMore(6);
    expect(await count(MINE)).toBe(small);

    const OUTLINE = `query($id: ID!) { course(id: $id) { modules { id title progress { state reason done total }
      prerequisites { id } lessons { id title kind completed lockReason body } } } }`;
    const outline = async (modules: number, lessons: number) => {
      const id = await publishedCourse();
      let previous: string | null = null;
      for (let i = 0; i < modules; i++) {
        const m: string = await addModule(id, { prerequisiteIds: previous ? [previous] : [] });
        for (let j = 0; j < lessons; j++) await addLesson(m);
        previous = m;
      }
      ok(await enroll(learner, id));
      return id;
    };
    const two = await outline(2, 2);
    const ten = await outline(10, 10);
    // Lessons of locked modules answer FORBIDDEN on `body`: counted all the same.
    const countAll = async (id: string) => {
      const counts: number[] = [];
      for (let i = 0; i < 3; i++) {
        const before = server.database.counter.count;
        await run(learner, OUTLINE, { id });
        counts.push(server.database.counter.count - before);
      }
      return Math.min(...counts);
    };
    expect(await countAll(ten)).toBe(await countAll(two));
  });
});
