import { startTestServer } from '../helpers/server';
import type { TestServer } from '../helpers/server';
import { codes, gql, ok } from '../helpers/graphql';
import type { GraphQLResponse } from '../helpers/graphql';
import { createPending, createPractitioner } from '../helpers/factories';
import type { TestUser } from '../helpers/factories';
import { addMember, createWorkingGroup } from '../helpers/networks';
import { Role } from '../../src/common/auth/role';

let server: TestServer;
let expert: TestUser;
let learner: TestUser;
let second: TestUser;
let outsider: TestUser;
let pending: TestUser;
beforeAll(async () => {
  server = await startTestServer();
  [expert, learner, second, outsider, pending] = await Promise.all([
    createPractitioner(server, { role: Role.EXPERT, displayName: 'Facilitator' }),
    createPractitioner(server, { displayName: 'Learner' }),
    createPractitioner(server, { displayName: 'Second learner' }),
    createPractitioner(server, { displayName: 'Outsider' }),
    createPending(server),
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

/** A published course with one module (sequential if asked); returns the ids. */
async function course(sequential = false): Promise<{ courseId: string; moduleId: string }> {
  const c = ok(
    await mutate(
      expert,
      'createCourse',
      { title: `Mutual legal assistance ${++seq}`, description: 'Module 3.', language: 'EN' },
      'course { id }',
    ),
  ).createCourse.course.id as string;
  const m = ok(
    await mutate(expert, 'createCourseModule', { courseId: c, title: 'MLA', sequential }, 'module { id }'),
  ).createCourseModule.module.id as string;
  return { courseId: c, moduleId: m };
}

async function lesson(moduleId: string, kind: string, completionRule: string): Promise<string> {
  const res = await mutate(
    expert,
    'createLesson',
    { moduleId, title: `${kind} ${++seq}`, kind, completionRule, bodies: [] },
    'lesson { id }',
  );
  return ok(res).createLesson.lesson.id as string;
}

const publish = async (courseId: string) =>
  ok(await mutate(expert, 'publishCourse', { id: courseId }, 'course { id }'));
const enroll = async (user: TestUser, courseId: string) =>
  ok(await mutate(user, 'enrollInCourse', { courseId }, 'enrollment { status }'));

const QUIZ = `quiz { passMark maxAttempts attemptsLeft passed answersRevealed
  attempts { number score passed } questions { id prompt multiple choices { id text correct } } }`;
const readQuiz = (user: TestUser, id: string) =>
  run(user, `query($id: ID!) { node(id: $id) { ... on Lesson { completed ${QUIZ} } } }`, { id });

const QUESTIONS = [
  {
    prompt: 'Which principle obliges a State to extradite or prosecute?',
    choices: [{ text: 'Aut dedere aut judicare', correct: true }, { text: 'Ne bis in idem' }],
  },
  {
    prompt: 'Which are forms of mutual legal assistance?',
    multiple: true,
    choices: [
      { text: 'Taking evidence', correct: true },
      { text: 'Freezing assets', correct: true },
      { text: 'Extradition' },
    ],
  },
];

const attempt = (user: TestUser, lessonId: string, answers: unknown[], idempotencyKey?: string) =>
  mutate(
    user,
    'submitQuizAttempt',
    { lessonId, answers, idempotencyKey },
    'attempt { number score passed } lesson { completed } enrollment { progress { done total } }',
  );

describe('course lesson kinds', () => {
  it('QUIZ: set by facilitators, scored on the server, passed once, attempts bounded, answers hidden until then', async () => {
    const { courseId, moduleId } = await course();
    const quizId = await lesson(moduleId, 'QUIZ', 'QUIZ_PASSED');
    await lesson(moduleId, 'PAGE', 'MARKED_DONE');
    const set = (user: TestUser, questions: unknown[], extra: Record<string, unknown> = {}) =>
      mutate(
        user,
        'setLessonQuiz',
        { lessonId: quizId, passMark: 100, maxAttempts: 2, questions, ...extra },
        `lesson { ${QUIZ} }`,
      );
    // shape checks
    const twoRight = [
      {
        prompt: 'Q',
        choices: [
          { text: 'a', correct: true },
          { text: 'b', correct: true },
        ],
      },
    ];
    expect(codes(await set(expert, twoRight))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await set(expert, [{ prompt: 'Q', choices: [{ text: 'a', correct: true }] }]))).toEqual([
      'BAD_USER_INPUT',
    ]);
    expect(codes(await set(expert, []))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await set(expert, QUESTIONS, { passMark: 0 }))).toEqual(['BAD_USER_INPUT']);
    // before publication a learner cannot see the course; after, a member still cannot set the quiz
    expect(codes(await set(learner, QUESTIONS))).toEqual(['NOT_FOUND']);
    await publish(courseId);
    expect(codes(await set(learner, QUESTIONS))).toEqual(['FORBIDDEN']);
    // a quiz with no questions yet
    await enroll(learner, courseId);
    expect(reason(await attempt(learner, quizId, []))).toBe('QUIZ_NOT_READY');
    const quiz = ok(await set(expert, QUESTIONS)).setLessonQuiz.lesson.quiz;
    expect(quiz.questions[1].choices.map((c: { correct: boolean }) => c.correct)).toEqual([
      true,
      true,
      false,
    ]);
    const [q1, q2] = quiz.questions as { id: string; choices: { id: string }[] }[];

    // a learner sees no correctness before passing
    const seen = ok(await readQuiz(learner, quizId)).node.quiz;
    expect(seen).toMatchObject({
      passMark: 100,
      maxAttempts: 2,
      attemptsLeft: 2,
      passed: false,
      answersRevealed: false,
    });
    expect(
      seen.questions.flatMap((q: { choices: { correct: unknown }[] }) => q.choices.map((c) => c.correct)),
    ).toEqual([null, null, null, null, null]);
    // not enrolled, unverified, markLessonDone
    expect(reason(await attempt(outsider, quizId, []))).toBe('NOT_ENROLLED');
    expect(codes(await attempt(pending, quizId, []))).toEqual(['FORBIDDEN']);
    expect((await readQuiz(pending, quizId)).data?.node ?? null).toBeNull();
    expect(reason(await mutate(learner, 'markLessonDone', { lessonId: quizId }, 'lesson { id }'))).toBe(
      'NOT_MARKABLE',
    );
    // bad answers are refused without using an attempt
    const wrongChoice = [{ questionId: q1.id, choiceIds: [q2.choices[0].id] }];
    expect(codes(await attempt(learner, quizId, wrongChoice))).toEqual(['BAD_USER_INPUT']);
    const two = [{ questionId: q1.id, choiceIds: [q1.choices[0].id, q1.choices[1].id] }];
    expect(codes(await attempt(learner, quizId, two))).toEqual(['BAD_USER_INPUT']);
    // attempt 1: question 2 half right counts as wrong: 50 %
    const half = [
      { questionId: q1.id, choiceIds: [q1.choices[0].id] },
      { questionId: q2.id, choiceIds: [q2.choices[0].id] },
    ];
    const first = ok(await attempt(learner, quizId, half, 'quiz-a1')).submitQuizAttempt;
    expect(first).toMatchObject({
      attempt: { number: 1, score: 50, passed: false },
      lesson: { completed: false },
    });
    expect(first.enrollment.progress).toEqual({ done: 0, total: 2 });
    // a retry with the same key replays the attempt (no attempt used)
    expect(ok(await attempt(learner, quizId, half, 'quiz-a1')).submitQuizAttempt.attempt.number).toBe(1);
    expect(ok(await readQuiz(learner, quizId)).node.quiz).toMatchObject({
      attemptsLeft: 1,
      answersRevealed: false,
    });
    // attempt 2: all right
    const right = [
      { questionId: q1.id, choiceIds: [q1.choices[0].id] },
      { questionId: q2.id, choiceIds: [q2.choices[1].id, q2.choices[0].id] },
    ];
    const second2 = ok(await attempt(learner, quizId, right)).submitQuizAttempt;
    expect(second2).toMatchObject({
      attempt: { number: 2, score: 100, passed: true },
      lesson: { completed: true },
    });
    expect(second2.enrollment.progress).toEqual({ done: 1, total: 2 });
    const after = ok(await readQuiz(learner, quizId)).node;
    expect(after.completed).toBe(true);
    expect(after.quiz).toMatchObject({ passed: true, attemptsLeft: 0, answersRevealed: true });
    expect(after.quiz.questions[0].choices[0].correct).toBe(true);
    expect(reason(await attempt(learner, quizId, right))).toBe('ALREADY_PASSED');

    // another learner fails twice: attempts exhausted, answers revealed
    await enroll(second, courseId);
    expect(ok(await readQuiz(second, quizId)).node.quiz.answersRevealed).toBe(false);
    ok(await attempt(second, quizId, half));
    expect(ok(await attempt(second, quizId, [])).submitQuizAttempt.attempt).toMatchObject({
      number: 2,
      score: 0,
    });
    const exhausted = await attempt(second, quizId, right);
    expect(codes(exhausted)).toEqual(['FORBIDDEN']);
    expect(reason(exhausted)).toBe('ATTEMPTS_EXHAUSTED');
    expect(exhausted.errors?.[0]?.message).toMatch(/all 2 attempts/);
    expect(ok(await readQuiz(second, quizId)).node.quiz).toMatchObject({
      answersRevealed: true,
      attemptsLeft: 0,
    });
  });

  it('QUIZ: a locked lesson is refused with its reason (attempt and quiz field)', async () => {
    const { courseId, moduleId } = await course(true);
    const page = await lesson(moduleId, 'PAGE', 'MARKED_DONE');
    const quizId = await lesson(moduleId, 'QUIZ', 'QUIZ_PASSED');
    ok(
      await mutate(
        expert,
        'setLessonQuiz',
        { lessonId: quizId, passMark: 50, maxAttempts: 1, questions: QUESTIONS.slice(0, 1) },
        'lesson { id }',
      ),
    );
    await publish(courseId);
    await enroll(learner, courseId);
    const locked = await attempt(learner, quizId, []);
    expect(codes(locked)).toEqual(['FORBIDDEN']);
    expect(reason(locked)).toBe('PREVIOUS_LESSON_INCOMPLETE');
    expect(reason(await readQuiz(learner, quizId))).toBe('PREVIOUS_LESSON_INCOMPLETE');
    // the facilitator reads it with the answers
    expect(ok(await readQuiz(expert, quizId)).node.quiz.answersRevealed).toBe(true);
    ok(await mutate(learner, 'markLessonDone', { lessonId: page }, 'lesson { id }'));
    const q = ok(await readQuiz(learner, quizId)).node.quiz.questions[0];
    const passed = ok(await attempt(learner, quizId, [{ questionId: q.id, choiceIds: [q.choices[0].id] }]));
    expect(passed.submitQuizAttempt.enrollment.progress).toEqual({ done: 2, total: 2 });
  });
  it('ACTIVITY: learners submit (SUBMITTED), facilitators list and give feedback, nobody else sees a submission', async () => {
    const { courseId, moduleId } = await course();
    const activity = await lesson(moduleId, 'ACTIVITY', 'SUBMITTED');
    await publish(courseId);
    await enroll(learner, courseId);
    await enroll(second, courseId);
    const SUB = 'submission { id body bodyHtml feedback feedbackAt learner { id } lesson { id } }';
    const submit = (user: TestUser, body: string, lessonId = activity) =>
      mutate(user, 'submitActivity', { lessonId, body }, `${SUB} enrollment { progress { done total } }`);
    // refusals: not enrolled, unverified, blank, too long, markLessonDone
    expect(reason(await submit(outsider, 'Mine'))).toBe('NOT_ENROLLED');
    expect(codes(await submit(pending, 'Mine'))).toEqual(['FORBIDDEN']);
    expect(codes(await submit(learner, '   '))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await submit(learner, 'x'.repeat(10001)))).toEqual(['BAD_USER_INPUT']);
    expect(reason(await mutate(learner, 'markLessonDone', { lessonId: activity }, 'lesson { id }'))).toBe(
      'NOT_MARKABLE',
    );
    // submitting completes the lesson; resubmitting replaces the text (same submission)
    const first = ok(
      await submit(learner, 'A request for **mutual legal assistance** to Niger.'),
    ).submitActivity;
    expect(first.submission.bodyHtml).toContain('<strong>mutual legal assistance</strong>');
    expect(first.submission.learner.id).toBe(learner.id);
    expect(first.enrollment.progress).toEqual({ done: 1, total: 1 });
    const again = ok(await submit(learner, 'A better request.')).submitActivity;
    expect(again.submission.id).toBe(first.submission.id);
    expect(again.enrollment.progress).toEqual({ done: 1, total: 1 });
    const subId = first.submission.id as string;
    ok(await submit(second, 'My own request.'));

    // the learner reads it on every path; another learner, an outsider and an unverified account never
    const viaNode = (user: TestUser) =>
      run(user, `query($id: ID!) { node(id: $id) { ... on ActivitySubmission { id body } } }`, { id: subId });
    const viaLesson = (user: TestUser) =>
      run(user, `query($id: ID!) { node(id: $id) { ... on Lesson { mySubmission { id body } } } }`, {
        id: activity,
      });
    const listed = (user: TestUser) =>
      run(
        user,
        `query($id: ID!) { node(id: $id) { ... on Lesson { submissions(first: 10) { edges { node { id body learner { id } } } } } } }`,
        { id: activity },
      );
    expect(ok(await viaNode(learner)).node).toEqual({ id: subId, body: 'A better request.' });
    expect(ok(await viaLesson(learner)).node.mySubmission.id).toBe(subId);
    expect(ok(await viaNode(second)).node).toBeNull();
    expect(ok(await viaLesson(second)).node.mySubmission.id).not.toBe(subId);
    expect(ok(await viaNode(outsider)).node).toBeNull();
    expect(ok(await viaLesson(outsider)).node.mySubmission).toBeNull();
    expect((await viaNode(pending)).data?.node ?? null).toBeNull();
    expect(codes(await listed(learner))).toEqual(['FORBIDDEN']);
    expect(codes(await listed(outsider))).toEqual(['FORBIDDEN']);
    // the facilitator lists the cohort's and reads each
    const cohort = ok(await listed(expert)).node.submissions.edges.map(
      (e: { node: { id: string } }) => e.node.id,
    );
    expect(cohort).toHaveLength(2);
    expect(cohort[0]).toBe(subId);
    expect(ok(await viaNode(expert)).node.id).toBe(subId);

    // feedback: the facilitator only; the learner is notified; no resubmission after it
    const feedback = (user: TestUser, text: string) =>
      mutate(user, 'giveActivityFeedback', { submissionId: subId, feedback: text }, SUB);
    const own = await feedback(learner, 'Self-praise');
    expect(codes(own)).toEqual(['FORBIDDEN']);
    expect(reason(own)).toBe('NOT_FACILITATOR');
    expect(codes(await feedback(second, 'Nice'))).toEqual(['NOT_FOUND']);
    expect(codes(await feedback(outsider, 'Nice'))).toEqual(['NOT_FOUND']);
    expect(codes(await feedback(expert, '  '))).toEqual(['BAD_USER_INPUT']);
    const given = ok(await feedback(expert, 'Cite the treaty basis.')).giveActivityFeedback.submission;
    expect(given.feedback).toBe('Cite the treaty basis.');
    expect(given.feedbackAt).toBeTruthy();
    const notes = async (user: TestUser) => {
      for (let i = 0; i < 50; i++) {
        const res = ok(
          await run(user, `{ notifications(first: 10) { edges { node { type subject { id } } } } }`),
        ).notifications.edges.map((e: { node: { type: string; subject: { id: string } | null } }) => e.node);
        if (res.length) return res;
        await new Promise((r) => setTimeout(r, 100));
      }
      return [];
    };
    expect(await notes(learner)).toContainEqual({ type: 'COURSE_ACTIVITY_FEEDBACK', subject: { id: subId } });
    const late = await submit(learner, 'Too late');
    expect(codes(late)).toEqual(['CONFLICT']);
    expect(reason(late)).toBe('FEEDBACK_GIVEN');
    expect(ok(await viaNode(learner)).node.body).toBe('A better request.');
  });

  it('LIVE_SESSION: completed once the learner’s attendance of the live event is recorded', async () => {
    const { courseId, moduleId } = await course();
    const session = await lesson(moduleId, 'LIVE_SESSION', 'ATTENDED');
    const startsAt = new Date(Date.now() + 10 * 60_000 + ++seq * 1000);
    const event = ok(
      await mutate(
        expert,
        'createLiveEvent',
        {
          title: `Live session ${seq}`,
          floorLanguage: 'EN',
          startsAt: startsAt.toISOString(),
          endsAt: new Date(startsAt.getTime() + 3_600_000).toISOString(),
          timeZone: 'Europe/Vienna',
          capacity: 10,
          joinUrl: 'https://video.example.org/room-1',
        },
        'liveEvent { id }',
      ),
    ).createLiveEvent.liveEvent.id as string;
    ok(await mutate(expert, 'scheduleLiveEvent', { id: event }, 'liveEvent { id }'));
    // only facilitators point it; the target must be a live event
    expect(
      codes(
        await mutate(learner, 'setLessonTarget', { lessonId: session, targetId: event }, 'lesson { id }'),
      ),
    ).toEqual(['NOT_FOUND']);
    expect(
      codes(
        await mutate(expert, 'setLessonTarget', { lessonId: session, targetId: courseId }, 'lesson { id }'),
      ),
    ).toEqual(['BAD_USER_INPUT']);
    ok(await mutate(expert, 'setLessonTarget', { lessonId: session, targetId: event }, 'lesson { id }'));
    await publish(courseId);
    await enroll(learner, courseId);
    const target = await run(
      learner,
      `query($id: ID!) { node(id: $id) { ... on Lesson { target { id ... on LiveEvent { title } } } } }`,
      { id: session },
    );
    expect(ok(target).node.target.id).toBe(event);
    const registration = ok(
      await mutate(learner, 'registerForLiveEvent', { liveEventId: event }, 'registration { id }'),
    ).registerForLiveEvent.registration.id as string;
    // not attended yet: viewing completes nothing, marking done is refused with the reason
    const early = await mutate(learner, 'markLessonDone', { lessonId: session }, 'lesson { completed }');
    expect(reason(early)).toBe('NOT_ATTENDED');
    const viewed = ok(await mutate(learner, 'viewLesson', { lessonId: session }, 'lesson { completed }'));
    expect(viewed.viewLesson.lesson.completed).toBe(false);
    ok(await mutate(expert, 'startLiveEvent', { id: event }, 'liveEvent { id }'));
    ok(await mutate(expert, 'endLiveEvent', { id: event }, 'liveEvent { id }'));
    ok(
      await mutate(
        expert,
        'recordLiveEventAttendance',
        { liveEventId: event, registrationIds: [registration], attended: true },
        'liveEvent { id }',
      ),
    );
    const done = ok(
      await mutate(
        learner,
        'viewLesson',
        { lessonId: session },
        'lesson { completed } enrollment { progress { done total completedAt } }',
      ),
    ).viewLesson;
    expect(done.lesson.completed).toBe(true);
    expect(done.enrollment.progress).toMatchObject({ done: 1, total: 1 });
    expect(done.enrollment.progress.completedAt).toBeTruthy();
    // once only
    const twice = ok(
      await mutate(learner, 'markLessonDone', { lessonId: session }, 'enrollment { progress { done } }'),
    );
    expect(twice.markLessonDone.enrollment.progress.done).toBe(1);
  });

  it('RESOURCE: points to a publication shown only to those who may see it; completed by its rule', async () => {
    const { courseId, moduleId } = await course();
    const resource = await lesson(moduleId, 'RESOURCE', 'VIEWED');
    const hidden = await lesson(moduleId, 'RESOURCE', 'MARKED_DONE');
    const pub = (visibility: string, networkIds: string[] = []) =>
      mutate(
        expert,
        'createPublication',
        {
          kind: 'HANDBOOK',
          title: `Manual on MLA ${++seq}`,
          language: 'EN',
          year: 2012,
          visibility,
          networkIds,
        },
        'publication { id }',
      );
    const open = ok(await pub('COMMUNITY')).createPublication.publication.id as string;
    const group = await createWorkingGroup(server, expert);
    const closed = ok(await pub('NETWORKS', [group])).createPublication.publication.id as string;
    ok(await mutate(expert, 'setLessonTarget', { lessonId: resource, targetId: open }, 'lesson { id }'));
    ok(await mutate(expert, 'setLessonTarget', { lessonId: hidden, targetId: closed }, 'lesson { id }'));
    await publish(courseId);
    await enroll(learner, courseId);
    const target = async (user: TestUser, id: string) =>
      ok(
        await run(
          user,
          `query($id: ID!) { node(id: $id) { ... on Lesson { target { id ... on Publication { title } } } } }`,
          {
            id,
          },
        ),
      ).node.target;
    expect((await target(learner, resource)).id).toBe(open);
    expect(await target(learner, hidden)).toBeNull();
    expect((await target(expert, hidden)).id).toBe(closed);
    const viewed = ok(await mutate(learner, 'viewLesson', { lessonId: resource }, 'lesson { completed }'));
    expect(viewed.viewLesson.lesson.completed).toBe(true);
    // the learner may not see the publication: neither reading nor marking completes it (FORBIDDEN, reason)
    const notVisible = await mutate(learner, 'viewLesson', { lessonId: hidden }, 'lesson { completed }');
    expect(codes(notVisible)).toEqual(['FORBIDDEN']);
    expect(reason(notVisible)).toBe('RESOURCE_NOT_VISIBLE');
    const refused = await mutate(learner, 'markLessonDone', { lessonId: hidden }, 'lesson { completed }');
    expect(reason(refused)).toBe('RESOURCE_NOT_VISIBLE');
    const progress = async () =>
      ok(
        await run(
          learner,
          `query($id: ID!) { course(id: $id) { viewerEnrollment { progress { done total } } } }`,
          {
            id: courseId,
          },
        ),
      ).course.viewerEnrollment.progress;
    expect(await progress()).toEqual({ done: 1, total: 2 });
    // once the publication is shared with the learner (they join its network), marking it done completes it
    await addMember(server, group, learner, expert);
    const marked = ok(
      await mutate(learner, 'markLessonDone', { lessonId: hidden }, 'enrollment { progress { done total } }'),
    );
    expect(marked.markLessonDone.enrollment.progress).toEqual({ done: 2, total: 2 });
  });
  it('QUIZ: concurrent attempts never exceed maxAttempts, and a pass completes the lesson once', async () => {
    const { courseId, moduleId } = await course();
    const quizId = await lesson(moduleId, 'QUIZ', 'QUIZ_PASSED');
    await lesson(moduleId, 'PAGE', 'VIEWED');
    const setQuiz = await mutate(
      expert,
      'setLessonQuiz',
      { lessonId: quizId, passMark: 50, maxAttempts: 2, questions: QUESTIONS.slice(0, 1) },
      `lesson { ${QUIZ} }`,
    );
    const q = ok(setQuiz).setLessonQuiz.lesson.quiz.questions[0];
    await publish(courseId);
    const [a, b] = await Promise.all([
      createPractitioner(server, { displayName: 'Racer A' }),
      createPractitioner(server, { displayName: 'Racer B' }),
    ]);
    await enroll(a, courseId);
    await enroll(b, courseId);
    const wrong = [{ questionId: q.id, choiceIds: [q.choices[1].id] }];
    const failures = await Promise.all([1, 2, 3, 4].map(() => attempt(a, quizId, wrong)));
    expect(failures.filter((r) => !r.errors).length).toBe(2);
    expect(failures.filter((r) => reason(r) === 'ATTEMPTS_EXHAUSTED').length).toBe(2);
    const right = [{ questionId: q.id, choiceIds: [q.choices[0].id] }];
    const passes = await Promise.all([1, 2, 3].map(() => attempt(b, quizId, right)));
    expect(passes.filter((r) => !r.errors).length).toBe(1);
    expect(passes.filter((r) => reason(r) === 'ALREADY_PASSED').length).toBe(2);
    const progress = ok(
      await run(b, `query($id: ID!) { course(id: $id) { viewerEnrollment { progress { done total } } } }`, {
        id: courseId,
      }),
    ).course.viewerEnrollment.progress;
    expect(progress).toEqual({ done: 1, total: 2 });
  });
  it('an outline with every kind (quiz, submissions, targets) runs a constant number of statements', async () => {
    const reader = await createPractitioner(server, { displayName: 'Counted' });
    const publication = ok(
      await mutate(
        expert,
        'createPublication',
        { kind: 'DIGEST', title: `Digest ${++seq}`, language: 'EN', year: 2015 },
        'publication { id }',
      ),
    ).createPublication.publication.id as string;
    const outline = async (modules: number) => {
      const { courseId, moduleId } = await course();
      for (let i = 0; i < modules; i++) {
        const m =
          i === 0
            ? moduleId
            : (ok(await mutate(expert, 'createCourseModule', { courseId, title: `M${i}` }, 'module { id }'))
                .createCourseModule.module.id as string);
        const quiz = await lesson(m, 'QUIZ', 'QUIZ_PASSED');
        ok(
          await mutate(
            expert,
            'setLessonQuiz',
            { lessonId: quiz, passMark: 50, maxAttempts: 2, questions: QUESTIONS },
            'lesson { id }',
          ),
        );
        await lesson(m, 'ACTIVITY', 'SUBMITTED');
        const resource = await lesson(m, 'RESOURCE', 'VIEWED');
        ok(
          await mutate(
            expert,
            'setLessonTarget',
            { lessonId: resource, targetId: publication },
            'lesson { id }',
          ),
        );
      }
      await publish(courseId);
      await enroll(reader, courseId);
      return courseId;
    };
    const OUTLINE = `query($id: ID!) { course(id: $id) { modules { id lessons { id kind completed
      quiz { passMark attemptsLeft passed attempts { score } }
      mySubmission { id } target { id } } } } }`;
    const count = async (id: string) => {
      const before = server.database.counter.count;
      ok(await run(reader, OUTLINE, { id }));
      return server.database.counter.count - before;
    };
    const small = await outline(2);
    const large = await outline(6);
    expect(await count(large)).toBe(await count(small));
  });
});
