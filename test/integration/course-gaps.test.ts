import { startTestServer } from '../helpers/server';
import type { TestServer } from '../helpers/server';
import { codes, gql, ok } from '../helpers/graphql';
import type { GraphQLResponse } from '../helpers/graphql';
import { createPractitioner } from '../helpers/factories';
import type { TestUser } from '../helpers/factories';
import { createWorkingGroup } from '../helpers/networks';
import { Role } from '../../src/common/auth/role';
import { randomUUID } from 'node:crypto';
import { fromGlobalId, toGlobalId } from '../../src/common/relay/global-id';

let server: TestServer;
let expert: TestUser;
let cofacilitator: TestUser;
let otherExpert: TestUser;
let learner: TestUser;
let second: TestUser;
let outsider: TestUser;
beforeAll(async () => {
  server = await startTestServer();
  [expert, cofacilitator, otherExpert, learner, second, outsider] = await Promise.all([
    createPractitioner(server, { role: Role.EXPERT, displayName: 'Facilitator' }),
    createPractitioner(server, { role: Role.EXPERT, displayName: 'Co-facilitator' }),
    createPractitioner(server, { role: Role.EXPERT, displayName: 'Another expert' }),
    createPractitioner(server, { displayName: 'Learner' }),
    createPractitioner(server, { displayName: 'Second learner' }),
    createPractitioner(server, { displayName: 'Outsider' }),
  ]);
});
afterAll(() => server.stop());

const reason = (res: GraphQLResponse<unknown>) => res.errors?.[0]?.extensions?.reason;
let seq = 0;

function run(user: TestUser, query: string, vars: Record<string, unknown> = {}) {
  return gql(server, query, vars, { token: user.accessToken });
}

function mutate(user: TestUser, name: string, input: Record<string, unknown>, select: string) {
  const type = name[0].toUpperCase() + name.slice(1);
  return run(user, `mutation($i: ${type}Input!) { ${name}(input: $i) { ${select} } }`, { i: input });
}

const local = (globalId: string) => fromGlobalId(globalId).id;
const drain = () => server.services.outbox.drain();

/** A course (facilitators: expert and cofacilitator) with one module; returns the ids. */
async function course(
  options: { sequential?: boolean; enrollmentPolicy?: string; capacity?: number } = {},
): Promise<{ courseId: string; moduleId: string }> {
  const courseId = ok(
    await mutate(
      expert,
      'createCourse',
      {
        title: `Extradition in practice ${++seq}`,
        description: 'Module 3.',
        language: 'EN',
        facilitatorIds: [cofacilitator.id],
        enrollmentPolicy: options.enrollmentPolicy ?? 'OPEN',
        capacity: options.capacity ?? null,
      },
      'course { id }',
    ),
  ).createCourse.course.id as string;
  const moduleId = ok(
    await mutate(
      expert,
      'createCourseModule',
      { courseId, title: 'Extradition', sequential: options.sequential ?? false },
      'module { id }',
    ),
  ).createCourseModule.module.id as string;
  return { courseId, moduleId };
}

async function lesson(moduleId: string, kind: string, completionRule: string): Promise<string> {
  const res = await mutate(
    expert,
    'createLesson',
    {
      moduleId,
      title: `${kind} ${++seq}`,
      kind,
      completionRule,
      bodies: kind === 'PAGE' ? [{ language: 'EN', body: 'Read me.' }] : [],
    },
    'lesson { id }',
  );
  return ok(res).createLesson.lesson.id as string;
}

const publish = async (courseId: string) =>
  ok(await mutate(expert, 'publishCourse', { id: courseId }, 'course { id }'));
const enroll = (user: TestUser, courseId: string) =>
  mutate(user, 'enrollInCourse', { courseId }, 'enrollment { id status }');
const target = (user: TestUser, lessonId: string, targetId: string) =>
  mutate(user, 'setLessonTarget', { lessonId, targetId }, 'lesson { id target { id } }');

/** A live event by `author` (SCHEDULED unless `draft`), starting in a few minutes. */
async function liveEvent(
  author: TestUser,
  options: { draft?: boolean; networkIds?: string[]; speakers?: unknown[] } = {},
): Promise<string> {
  const startsAt = new Date(Date.now() + 5 * 60_000 + ++seq * 1000);
  const id = ok(
    await mutate(
      author,
      'createLiveEvent',
      {
        title: `Live session ${seq}`,
        floorLanguage: 'EN',
        startsAt: startsAt.toISOString(),
        endsAt: new Date(startsAt.getTime() + 3_600_000).toISOString(),
        timeZone: 'Africa/Niamey',
        capacity: 20,
        joinUrl: 'https://video.example.org/course-room',
        visibility: options.networkIds ? 'NETWORKS' : 'COMMUNITY',
        networkIds: options.networkIds ?? [],
        speakers: options.speakers ?? [],
      },
      'liveEvent { id }',
    ),
  ).createLiveEvent.liveEvent.id as string;
  if (!options.draft) ok(await mutate(author, 'scheduleLiveEvent', { id }, 'liveEvent { id }'));
  return id;
}

const register = async (user: TestUser, liveEventId: string) =>
  ok(await mutate(user, 'registerForLiveEvent', { liveEventId }, 'registration { id status }'))
    .registerForLiveEvent.registration.id as string;

const completed = async (user: TestUser, lessonId: string) =>
  ok(await run(user, `query($id: ID!) { node(id: $id) { ... on Lesson { completed } } }`, { id: lessonId }))
    .node.completed as boolean;

const progress = async (user: TestUser, courseId: string) =>
  ok(
    await run(
      user,
      `query($id: ID!) { course(id: $id) { enrolledCount viewerEnrollment { progress { done total completedAt } } } }`,
      { id: courseId },
    ),
  ).course;

describe('setLessonTarget', () => {
  it('LIVE_SESSION: only a live event of the course (organised by a facilitator or held for its network)', async () => {
    const { courseId, moduleId } = await course();
    const session = await lesson(moduleId, 'LIVE_SESSION', 'ATTENDED');
    await publish(courseId);
    // someone else's event, open to the community: refused with a reason
    const foreign = await liveEvent(otherExpert);
    const refused = await target(expert, session, foreign);
    expect(codes(refused)).toEqual(['BAD_USER_INPUT']);
    expect(reason(refused)).toBe('NOT_A_COURSE_EVENT');
    expect(refused.errors![0].extensions!.fields).toEqual([
      { field: 'targetId', message: expect.any(String) },
    ]);
    // an event the facilitator may not see (someone else's draft) and an unknown one: NOT_FOUND alike
    const draft = await liveEvent(otherExpert, { draft: true });
    expect(codes(await target(expert, session, draft))).toEqual(['NOT_FOUND']);
    expect(codes(await target(expert, session, toGlobalId('LiveEvent', randomUUID())))).toEqual([
      'NOT_FOUND',
    ]);
    // a co-facilitator's event, an event where a facilitator is an ORGANIZER speaker, and one held for the
    // cohort's network are the course's
    const ofCofacilitator = await liveEvent(cofacilitator);
    expect(ok(await target(expert, session, ofCofacilitator)).setLessonTarget.lesson.target.id).toBe(
      ofCofacilitator,
    );
    const coOrganised = await liveEvent(otherExpert, {
      speakers: [{ practitionerId: expert.id, role: 'ORGANIZER' }],
    });
    ok(await target(expert, session, coOrganised));
    const networkId = ok(
      await run(expert, `query($id: ID!) { course(id: $id) { network { id } } }`, { id: courseId }),
    ).course.network.id as string;
    const forCohort = await liveEvent(otherExpert, { networkIds: [networkId] });
    ok(await target(cofacilitator, session, forCohort));
    // a speaker who is not an organiser does not make it the course's
    const spoken = await liveEvent(otherExpert, {
      speakers: [{ practitionerId: expert.id, role: 'SPEAKER' }],
    });
    expect(reason(await target(expert, session, spoken))).toBe('NOT_A_COURSE_EVENT');
    // a learner cannot point it at all
    expect(codes(await target(learner, session, ofCofacilitator))).toEqual(['FORBIDDEN']);
  });

  it('RESOURCE: only a publication the acting facilitator may see', async () => {
    const { moduleId } = await course();
    const resource = await lesson(moduleId, 'RESOURCE', 'VIEWED');
    const pub = async (author: TestUser, visibility: string, networkIds: string[] = []) =>
      ok(
        await mutate(
          author,
          'createPublication',
          { kind: 'HANDBOOK', title: `Digest ${++seq}`, language: 'EN', year: 2019, visibility, networkIds },
          'publication { id }',
        ),
      ).createPublication.publication.id as string;
    const group = await createWorkingGroup(server, otherExpert);
    const hidden = await pub(otherExpert, 'NETWORKS', [group]);
    expect(codes(await target(expert, resource, hidden))).toEqual(['NOT_FOUND']);
    const open = await pub(otherExpert, 'COMMUNITY');
    expect(ok(await target(expert, resource, open)).setLessonTarget.lesson.target.id).toBe(open);
    // the author of the hidden one sees it, but does not run the course (a draft they cannot see)
    expect(codes(await target(otherExpert, resource, hidden))).toEqual(['NOT_FOUND']);
  });
});

describe('LIVE_SESSION completion from attendance', () => {
  it('attending (join URL while LIVE, or recorded by an organiser) completes the lesson once, up to the certificate', async () => {
    const { courseId, moduleId } = await course();
    const page = await lesson(moduleId, 'PAGE', 'VIEWED');
    const session = await lesson(moduleId, 'LIVE_SESSION', 'ATTENDED');
    const event = await liveEvent(expert);
    ok(await target(expert, session, event));
    await publish(courseId);
    for (const user of [learner, second]) ok(await enroll(user, courseId));
    const [, secondRegistration, outsiderRegistration] = [
      await register(learner, event),
      await register(second, event),
      await register(outsider, event),
    ];
    ok(await mutate(expert, 'startLiveEvent', { id: event }, 'liveEvent { id }'));
    // the learner opens the room: attendance recorded, then the lesson completed by the course's consumer
    const room = ok(await run(learner, `query($id: ID!) { liveEvent(id: $id) { joinUrl } }`, { id: event }));
    expect(room.liveEvent.joinUrl).toBe('https://video.example.org/course-room');
    await drain();
    expect(await completed(learner, session)).toBe(true);
    expect((await progress(learner, courseId)).viewerEnrollment.progress).toMatchObject({
      done: 1,
      total: 2,
    });
    // reading the room again, a redelivered event, and an organiser recording it again change nothing
    ok(await run(learner, `query($id: ID!) { liveEvent(id: $id) { joinUrl } }`, { id: event }));
    await server.database.dataSource.query(
      `INSERT INTO outbox_event (id, type, payload, "availableAt") VALUES (gen_random_uuid(), 'live-event.attended', $1, now())`,
      [JSON.stringify({ liveEventId: fromGlobalId(event).id, practitionerIds: [local(learner.id)] })],
    );
    await drain();
    const [{ n }] = await server.database.dataSource.query(
      `SELECT count(*)::int AS n FROM course_lesson_completion c JOIN course_enrollment e ON e.id = c."enrollmentId"
        WHERE e."practitionerId" = $1 AND c."lessonId" = $2`,
      [local(learner.id), fromGlobalId(session).id],
    );
    expect(n).toBe(1);
    expect((await progress(learner, courseId)).viewerEnrollment.progress.done).toBe(1);
    // an organiser records absence for the second learner: nothing; then attendance: completed
    ok(await mutate(expert, 'endLiveEvent', { id: event }, 'liveEvent { id }'));
    const record = (ids: string[], attended: boolean) =>
      mutate(
        expert,
        'recordLiveEventAttendance',
        { liveEventId: event, registrationIds: ids, attended },
        'liveEvent { id }',
      );
    ok(await record([secondRegistration], false));
    await drain();
    expect(await completed(second, session)).toBe(false);
    ok(await record([secondRegistration, outsiderRegistration], true));
    await drain();
    expect(await completed(second, session)).toBe(true);
    // an attendee who is not a learner of the course gets nothing
    expect(await completed(outsider, session)).toBe(false);
    // the last lesson brings the learner to 100 %: course completed and a certificate, issued once
    ok(await mutate(learner, 'viewLesson', { lessonId: page }, 'lesson { id }'));
    await drain();
    expect((await progress(learner, courseId)).viewerEnrollment.progress.completedAt).toBeTruthy();
    const certificates = ok(
      await run(learner, `{ myCertificates(first: 50) { edges { node { course { id } status } } } }`),
    ).myCertificates.edges.filter((e: { node: { course: { id: string } } }) => e.node.course.id === courseId);
    expect(certificates).toEqual([{ node: { course: { id: courseId }, status: 'VALID' } }]);
  });

  it('a lesson still closed to the learner is not completed by attendance; viewing it once open is', async () => {
    const { courseId, moduleId } = await course({ sequential: true });
    const page = await lesson(moduleId, 'PAGE', 'MARKED_DONE');
    const session = await lesson(moduleId, 'LIVE_SESSION', 'ATTENDED');
    const event = await liveEvent(cofacilitator);
    ok(await target(expert, session, event));
    await publish(courseId);
    const late = await createPractitioner(server, { displayName: 'Late learner' });
    ok(await enroll(late, courseId));
    const registration = await register(late, event);
    ok(await mutate(cofacilitator, 'startLiveEvent', { id: event }, 'liveEvent { id }'));
    ok(
      await mutate(
        cofacilitator,
        'recordLiveEventAttendance',
        { liveEventId: event, registrationIds: [registration], attended: true },
        'liveEvent { id }',
      ),
    );
    await drain();
    expect(await completed(late, session)).toBe(false);
    expect(reason(await mutate(late, 'viewLesson', { lessonId: session }, 'lesson { id }'))).toBe(
      'PREVIOUS_LESSON_INCOMPLETE',
    );
    ok(await mutate(late, 'markLessonDone', { lessonId: page }, 'lesson { id }'));
    const viewed = ok(await mutate(late, 'viewLesson', { lessonId: session }, 'lesson { completed }'));
    expect(viewed.viewLesson.lesson.completed).toBe(true);
  });
});

describe('LIVE_SESSION completion: who does not get it', () => {
  it('an attendee whose verification was withdrawn is not completed (unverified accounts get nothing)', async () => {
    const { courseId, moduleId } = await course();
    const session = await lesson(moduleId, 'LIVE_SESSION', 'ATTENDED');
    const event = await liveEvent(expert);
    ok(await target(expert, session, event));
    await publish(courseId);
    const withdrawn = await createPractitioner(server, { displayName: 'Withdrawn learner' });
    ok(await enroll(withdrawn, courseId));
    const registration = await register(withdrawn, event);
    ok(await mutate(expert, 'startLiveEvent', { id: event }, 'liveEvent { id }'));
    await server.database.dataSource.query(`UPDATE practitioner SET verification = 'PENDING' WHERE id = $1`, [
      local(withdrawn.id),
    ]);
    ok(
      await mutate(
        expert,
        'recordLiveEventAttendance',
        { liveEventId: event, registrationIds: [registration], attended: true },
        'liveEvent { id }',
      ),
    );
    await drain();
    const [{ n }] = await server.database.dataSource.query(
      `SELECT count(*)::int AS n FROM course_lesson_completion c JOIN course_enrollment e ON e.id = c."enrollmentId"
        WHERE e."practitionerId" = $1`,
      [local(withdrawn.id)],
    );
    expect(n).toBe(0);
  });
});

describe('account deletion and courses', () => {
  const deleteAccount = (user: TestUser) =>
    run(user, `mutation($i: DeleteAccountInput!) { deleteAccount(input: $i) { deletedPractitionerId } }`, {
      i: { password: user.password },
    });

  it('a deleted learner frees their place and leaves the approval queue', async () => {
    const full = await course({ capacity: 1 });
    await lesson(full.moduleId, 'PAGE', 'VIEWED');
    await publish(full.courseId);
    const leaving = await createPractitioner(server, { displayName: 'Leaving learner' });
    const waiting = await createPractitioner(server, { displayName: 'Waiting learner' });
    ok(await enroll(leaving, full.courseId));
    expect(reason(await enroll(waiting, full.courseId))).toBe('COURSE_FULL');
    expect((await progress(expert, full.courseId)).enrolledCount).toBe(1);

    const approval = await course({ enrollmentPolicy: 'APPROVAL' });
    await publish(approval.courseId);
    ok(await enroll(leaving, approval.courseId));
    const queue = async () =>
      ok(
        await run(
          expert,
          `query($id: ID!) { course(id: $id) { enrollments(first: 50, status: PENDING) { edges { node { id } } } } }`,
          { id: approval.courseId },
        ),
      ).course.enrollments.edges.length as number;
    expect(await queue()).toBe(1);

    ok(await deleteAccount(leaving));
    expect((await progress(expert, full.courseId)).enrolledCount).toBe(0);
    expect(await queue()).toBe(0);
    const [{ n }] = await server.database.dataSource.query(
      `SELECT count(*)::int AS n FROM course_enrollment WHERE "practitionerId" = $1`,
      [local(leaving.id)],
    );
    expect(n).toBe(0);
    expect(ok(await enroll(waiting, full.courseId)).enrollInCourse.enrollment.status).toBe('APPROVED');
  });
});

describe('enrolment requests', () => {
  const notes = async (user: TestUser) =>
    ok(
      await run(user, `{ notifications(first: 50) { edges { node { type actor { id } subject { id } } } } }`),
    ).notifications.edges.map((e: { node: unknown }) => e.node) as {
      type: string;
      actor: { id: string } | null;
      subject: { id: string } | null;
    }[];
  const requests = async (user: TestUser, subjectId: string) =>
    (await notes(user)).filter(
      (n) => n.type === 'COURSE_ENROLLMENT_REQUESTED' && n.subject?.id === subjectId,
    );

  it('facilitators of an APPROVAL course are told of each request (their preferences respected); the learner of the decision', async () => {
    const { courseId } = await course({ enrollmentPolicy: 'APPROVAL' });
    await publish(courseId);
    const asking = await createPractitioner(server, { displayName: 'Asking learner' });
    const enrollmentId = ok(await enroll(asking, courseId)).enrollInCourse.enrollment.id as string;
    await drain();
    for (const facilitator of [expert, cofacilitator])
      expect(await requests(facilitator, enrollmentId)).toEqual([
        { type: 'COURSE_ENROLLMENT_REQUESTED', actor: { id: asking.id }, subject: { id: enrollmentId } },
      ]);
    expect(await requests(outsider, enrollmentId)).toEqual([]);
    expect((await notes(asking)).filter((n) => n.type === 'COURSE_ENROLLMENT_REQUESTED')).toEqual([]);

    // the co-facilitator switches the type off: the next request reaches the facilitator only
    ok(
      await mutate(
        cofacilitator,
        'updateNotificationPreferences',
        { preferences: [{ type: 'COURSE_ENROLLMENT_REQUESTED', enabled: false }] },
        'preferences { type enabled }',
      ),
    );
    const another = await createPractitioner(server, { displayName: 'Another asking learner' });
    const secondId = ok(await enroll(another, courseId)).enrollInCourse.enrollment.id as string;
    await drain();
    expect(await requests(expert, secondId)).toHaveLength(1);
    expect(await requests(cofacilitator, secondId)).toEqual([]);

    // an OPEN course sends no request
    const open = await course();
    await publish(open.courseId);
    const direct = ok(await enroll(another, open.courseId)).enrollInCourse.enrollment.id as string;
    await drain();
    expect(await requests(expert, direct)).toEqual([]);

    // the decision reaches the learner
    ok(await mutate(cofacilitator, 'approveCourseEnrollment', { enrollmentId }, 'enrollment { status }'));
    ok(await mutate(expert, 'declineCourseEnrollment', { enrollmentId: secondId }, 'enrollment { status }'));
    await drain();
    const decided = async (user: TestUser) =>
      ok(
        await run(user, `{ notifications(first: 50) { edges { node { type decision } } } }`),
      ).notifications.edges.map(
        (e: { node: { type: string; decision: string } }) => `${e.node.type}:${e.node.decision}`,
      );
    expect(await decided(asking)).toContain('COURSE_ENROLLMENT_DECIDED:APPROVED');
    expect(await decided(another)).toContain('COURSE_ENROLLMENT_DECIDED:DECLINED');
  });
});
