import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import type { Viewer } from '../../common/auth/viewer';
import { AppError, BadUserInputError, NotFoundError } from '../../common/errors/errors';
import { ErrorCode } from '../../common/errors/error-code';
import { fromGlobalIdOf } from '../../common/relay/global-id';
import { policyScope, query, raw, sql } from '../../common/db/sql';
import type { Sql } from '../../common/db/sql';
import { liveEventReadSql } from '../live-event';
import { publicationReadSql } from '../publication';
import type { Page, PageArgs } from '../../common/relay/pagination';
import { Keyset, entityPage } from '../../common/relay/keyset';
import { NotificationType } from '../notification-type';
import type { IdempotencyService } from '../../platform/idempotency/idempotency.service';
import type { UnitOfWork } from '../../platform/unit-of-work/unit-of-work';
import { CourseEnrollmentEntity, CourseEntity, LessonEntity } from './course.entity';
import { EnrollmentStatus, LessonKind, LockReason } from './course.enums';
import { canManageCourse, canViewCourse, lessonLockReason, moduleStates } from './course.policy';
import { LESSON_TYPE, facilitatorIdsOf } from './course.service';
import type { CourseService } from './course.service';
import { lockedError, outlineFacts } from './course-enrollment.service';
import { completionsOf, recordLessonActivity } from './course-completion';
import {
  ACTIVITY_LIMITS,
  ActivitySubmissionEntity,
  QUIZ_LIMITS,
  QuizAttemptEntity,
  QuizEntity,
} from './course-kinds.entity';
import type { QuizQuestionData } from './course-kinds.entity';
import type {
  GiveActivityFeedbackInput,
  SetLessonQuizInput,
  SetLessonTargetInput,
  SubmitActivityInput,
  SubmitQuizAttemptInput,
} from './course-kinds.inputs';

export const ACTIVITY_SUBMISSION_TYPE = 'ActivitySubmission';

/** An error with a stable `extensions.reason`. */
export class LessonError extends AppError {
  constructor(code: ErrorCode, message: string, reason: string) {
    super(code, message, { reason });
  }
}

/** A cohort's submissions, oldest first. */
export const SUBMISSION_ORDER = new Keyset<ActivitySubmissionEntity>(
  [
    { column: 's."createdAt"', kind: 'timestamp' },
    { column: 's."id"', kind: 'uuid' },
  ],
  'ASC',
  (s) => [s.createdAt.toISOString(), s.id],
);

/** A lesson open to an approved learner, read in the caller's transaction (their enrolment row locked). */
export interface OpenLesson {
  lesson: LessonEntity;
  course: CourseEntity;
  enrollment: CourseEnrollmentEntity;
  completed: Set<string>;
}

/**
 * The lesson for its learner: NOT_FOUND when the viewer cannot see the course, FORBIDDEN with a LockReason
 * when they are not an approved learner or the lesson is closed to them. The enrolment row is locked, so a
 * learner's completions and attempts are serialised.
 */
export async function openLessonForLearner(
  manager: EntityManager,
  viewer: Viewer,
  lessonId: string,
): Promise<OpenLesson> {
  const lesson = await manager.getRepository(LessonEntity).findOneBy({ id: lessonId });
  if (!lesson) throw new NotFoundError('Lesson');
  const course = await manager.getRepository(CourseEntity).findOneByOrFail({ id: lesson.courseId });
  if (!canViewCourse(viewer, course, await facilitatorIdsOf(manager, course.id)))
    throw new NotFoundError('Lesson');
  const enrollment = await manager.getRepository(CourseEnrollmentEntity).findOne({
    where: { courseId: course.id, practitionerId: viewer.id, status: EnrollmentStatus.APPROVED },
    lock: { mode: 'pessimistic_write' },
  });
  if (!enrollment) throw lockedError(LockReason.NOT_ENROLLED);
  const completed = await completionsOf(manager, enrollment.id);
  const modules = await outlineFacts(manager, course.id);
  const module = modules.find((m) => m.id === lesson.moduleId)!;
  const state = moduleStates(modules, true, completed).get(module.id)!;
  const reason = lessonLockReason(module, state, lesson.id, completed);
  if (reason) throw lockedError(reason);
  return { lesson, course, enrollment, completed };
}

/** Scores answers: a question counts when the set of choices picked is exactly the set of right ones. */
export function scoreQuiz(questions: QuizQuestionData[], answers: Record<string, string[]>): number {
  if (!questions.length) return 0;
  let right = 0;
  for (const q of questions) {
    const picked = new Set(answers[q.id] ?? []);
    const correct = q.choices.filter((c) => c.correct).map((c) => c.id);
    if (picked.size === correct.length && correct.every((id) => picked.has(id))) right += 1;
  }
  return Math.floor((100 * right) / questions.length);
}

export interface QuizAttemptResult {
  attempt: QuizAttemptEntity;
  lesson: LessonEntity;
  enrollment: CourseEnrollmentEntity;
}

export interface SubmissionResult {
  submission: ActivitySubmissionEntity;
  enrollment: CourseEnrollmentEntity | null;
}

/**
 * The lesson kinds beyond PAGE: quizzes (set by those who run the course, attempts scored here, QUIZ_PASSED
 * when passed), activities (submitted text, SUBMITTED; feedback by those who run the course), and the
 * targets of LIVE_SESSION (a live event) and RESOURCE (a publication) lessons.
 */
export class CourseKindsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly idempotency: IdempotencyService,
    private readonly courses: CourseService,
  ) {}

  /** The lesson of the given kind, its course locked and run by the viewer. */
  private async lockManagedLesson(
    manager: EntityManager,
    viewer: Viewer,
    globalId: string,
    kinds: LessonKind[],
  ) {
    const id = fromGlobalIdOf(LESSON_TYPE, globalId, 'lessonId');
    const lesson = await manager.getRepository(LessonEntity).findOneBy({ id });
    if (!lesson) throw new NotFoundError('Lesson');
    await this.courses.lockVisible(manager, viewer, lesson.courseId, true);
    if (!kinds.includes(lesson.kind))
      throw new BadUserInputError(`This is a ${lesson.kind} lesson.`, [
        { field: 'lessonId', message: `must be a ${kinds.join(' or ')} lesson` },
      ]);
    return lesson;
  }

  /** Sets the quiz of a QUIZ lesson (its questions replaced; earlier attempts keep their score). */
  async setQuiz(viewer: Viewer, input: SetLessonQuizInput): Promise<LessonEntity> {
    if (!input.questions.length)
      throw new BadUserInputError('A quiz has at least one question.', [
        { field: 'questions', message: `1 to ${QUIZ_LIMITS.questions}` },
      ]);
    const questions: QuizQuestionData[] = input.questions.map((q, i) => {
      const field = `questions[${i}]`;
      const prompt = q.prompt.trim();
      if (!prompt)
        throw new BadUserInputError('A question needs a prompt.', [{ field, message: 'blank prompt' }]);
      if (q.choices.length < 2)
        throw new BadUserInputError('A question has at least two choices.', [
          { field, message: '2 choices at least' },
        ]);
      const right = q.choices.filter((c) => c.correct).length;
      if (q.multiple ? right < 1 : right !== 1)
        throw new BadUserInputError(
          q.multiple
            ? 'A multiple-choice question has at least one right choice.'
            : 'A single-choice question has exactly one right choice.',
          [{ field, message: 'right choices' }],
        );
      return {
        id: randomUUID(),
        prompt,
        multiple: q.multiple,
        choices: q.choices.map((c, j) => {
          const text = c.text.trim();
          if (!text)
            throw new BadUserInputError('A choice needs a text.', [
              { field: `${field}.choices[${j}]`, message: 'blank' },
            ]);
          return { id: randomUUID(), text, correct: c.correct };
        }),
      };
    });
    return this.uow.run(async ({ manager }) => {
      const lesson = await this.lockManagedLesson(manager, viewer, input.lessonId, [LessonKind.QUIZ]);
      await manager.getRepository(QuizEntity).save({
        lessonId: lesson.id,
        passMark: input.passMark,
        maxAttempts: input.maxAttempts,
        questions,
      });
      return lesson;
    });
  }

  /**
   * Scores an attempt at the quiz of an open QUIZ lesson (approved learners): the attempt is recorded, and
   * passing completes the lesson in the same transaction. CONFLICT ALREADY_PASSED once passed; FORBIDDEN
   * ATTEMPTS_EXHAUSTED after the last attempt; BAD_USER_INPUT for unknown questions or choices.
   */
  async submitQuizAttempt(viewer: Viewer, input: SubmitQuizAttemptInput): Promise<QuizAttemptResult> {
    const lessonId = fromGlobalIdOf(LESSON_TYPE, input.lessonId, 'lessonId');
    const answers: Record<string, string[]> = {};
    for (const a of input.answers) answers[a.questionId] = [...new Set(a.choiceIds)];
    const load = (id: string) => this.dataSource.getRepository(QuizAttemptEntity).findOneByOrFail({ id });
    const create = await this.idempotency.begin(
      viewer.id,
      'submitQuizAttempt',
      input.idempotencyKey,
      { lessonId, answers },
      load,
    );
    if (create.earlier) return this.attemptResult(create.earlier);
    const { result } = await create.run(async (manager, tx) => {
      const open = await openLessonForLearner(manager, viewer, lessonId);
      if (open.lesson.kind !== LessonKind.QUIZ)
        throw new BadUserInputError(`This is a ${open.lesson.kind} lesson.`, [
          { field: 'lessonId', message: 'must be a QUIZ lesson' },
        ]);
      const quiz = await manager.getRepository(QuizEntity).findOneBy({ lessonId });
      if (!quiz || !quiz.questions.length)
        throw new LessonError(ErrorCode.CONFLICT, 'This quiz has no questions yet.', 'QUIZ_NOT_READY');
      const earlier = await manager
        .getRepository(QuizAttemptEntity)
        .findBy({ lessonId, enrollmentId: open.enrollment.id });
      if (earlier.some((a) => a.passed))
        throw new LessonError(ErrorCode.CONFLICT, 'You passed this quiz already.', 'ALREADY_PASSED');
      if (earlier.length >= quiz.maxAttempts)
        throw new LessonError(
          ErrorCode.FORBIDDEN,
          `You used all ${quiz.maxAttempts} attempts at this quiz.`,
          'ATTEMPTS_EXHAUSTED',
        );
      for (const [questionId, choiceIds] of Object.entries(answers)) {
        const q = quiz.questions.find((x) => x.id === questionId);
        const field = `answers[${questionId}]`;
        if (!q)
          throw new BadUserInputError('No such question in this quiz.', [
            { field, message: 'unknown question' },
          ]);
        if (choiceIds.some((c) => !q.choices.some((x) => x.id === c)))
          throw new BadUserInputError('No such choice for this question.', [
            { field, message: 'unknown choice' },
          ]);
        if (!q.multiple && choiceIds.length > 1)
          throw new BadUserInputError('Pick one choice for a single-choice question.', [
            { field, message: 'one choice' },
          ]);
      }
      const score = scoreQuiz(quiz.questions, answers);
      const passed = score >= quiz.passMark;
      const attempt = await manager.getRepository(QuizAttemptEntity).save(
        manager.create(QuizAttemptEntity, {
          lessonId,
          enrollmentId: open.enrollment.id,
          number: earlier.length + 1,
          answers,
          score,
          passed,
        }),
      );
      await recordLessonActivity(tx, open, lessonId, passed);
      return attempt;
    });
    return this.attemptResult(result);
  }

  private async attemptResult(attempt: QuizAttemptEntity): Promise<QuizAttemptResult> {
    const [lesson, enrollment] = await Promise.all([
      this.dataSource.getRepository(LessonEntity).findOneByOrFail({ id: attempt.lessonId }),
      this.dataSource.getRepository(CourseEnrollmentEntity).findOneByOrFail({ id: attempt.enrollmentId }),
    ]);
    return { attempt, lesson, enrollment };
  }

  /**
   * Submits (or resubmits, until a facilitator gives feedback: then CONFLICT FEEDBACK_GIVEN) the viewer's
   * work on an open ACTIVITY lesson; the first submission completes it (SUBMITTED) in the same transaction.
   */
  async submitActivity(viewer: Viewer, input: SubmitActivityInput): Promise<SubmissionResult> {
    const lessonId = fromGlobalIdOf(LESSON_TYPE, input.lessonId, 'lessonId');
    const body = input.body.trim();
    if (!body || body.length > ACTIVITY_LIMITS.body)
      throw new BadUserInputError('Write 1 to 10,000 characters.', [
        { field: 'body', message: `1 to ${ACTIVITY_LIMITS.body} characters` },
      ]);
    const load = (id: string) =>
      this.dataSource.getRepository(ActivitySubmissionEntity).findOneByOrFail({ id });
    const create = await this.idempotency.begin(
      viewer.id,
      'submitActivity',
      input.idempotencyKey,
      { lessonId, body },
      load,
    );
    if (create.earlier) return { submission: create.earlier, enrollment: null };
    let enrollment: CourseEnrollmentEntity | null = null;
    const { result } = await create.run(async (manager, tx) => {
      const open = await openLessonForLearner(manager, viewer, lessonId);
      if (open.lesson.kind !== LessonKind.ACTIVITY)
        throw new BadUserInputError(`This is a ${open.lesson.kind} lesson.`, [
          { field: 'lessonId', message: 'must be an ACTIVITY lesson' },
        ]);
      const repo = manager.getRepository(ActivitySubmissionEntity);
      const existing = await repo.findOneBy({ lessonId, practitionerId: viewer.id });
      if (existing?.feedbackAt)
        throw new LessonError(
          ErrorCode.CONFLICT,
          'A facilitator gave feedback on your submission already.',
          'FEEDBACK_GIVEN',
        );
      const row =
        existing ??
        repo.create({
          lessonId,
          courseId: open.course.id,
          enrollmentId: open.enrollment.id,
          practitionerId: viewer.id,
        });
      row.body = body;
      row.enrollmentId = open.enrollment.id;
      const saved = await repo.save(row);
      await recordLessonActivity(tx, open, lessonId, true);
      enrollment = open.enrollment;
      return saved;
    });
    return { submission: result, enrollment };
  }

  /** Gives (or replaces) feedback on a submission (those who run its course); its learner is notified. */
  async giveFeedback(viewer: Viewer, input: GiveActivityFeedbackInput): Promise<ActivitySubmissionEntity> {
    const id = fromGlobalIdOf(ACTIVITY_SUBMISSION_TYPE, input.submissionId, 'submissionId');
    const feedback = input.feedback.trim();
    if (!feedback)
      throw new BadUserInputError('Feedback cannot be blank.', [{ field: 'feedback', message: 'blank' }]);
    return this.uow.run(async (tx) => {
      const { manager } = tx;
      const row = await manager.getRepository(ActivitySubmissionEntity).findOneBy({ id });
      if (!row) throw new NotFoundError('ActivitySubmission');
      const course = await manager
        .getRepository(CourseEntity)
        .findOne({ where: { id: row.courseId }, lock: { mode: 'pessimistic_write' } });
      const facilitatorIds = await facilitatorIdsOf(manager, row.courseId);
      if (!course || !canManageCourse(viewer, course, facilitatorIds)) {
        if (course && row.practitionerId === viewer.id)
          throw new LessonError(
            ErrorCode.FORBIDDEN,
            'Only the course’s facilitators give feedback.',
            'NOT_FACILITATOR',
          );
        throw new NotFoundError('ActivitySubmission');
      }
      row.feedback = feedback;
      row.feedbackById = viewer.id;
      row.feedbackAt = new Date();
      const saved = await manager.getRepository(ActivitySubmissionEntity).save(row);
      tx.record('notification.requested', {
        notifications: [
          {
            type: NotificationType.COURSE_ACTIVITY_FEEDBACK,
            recipientId: row.practitionerId,
            actorId: viewer.id,
            subjectType: ACTIVITY_SUBMISSION_TYPE,
            subjectId: row.id,
            decision: null,
          },
        ],
      });
      return saved;
    });
  }

  /** The submissions to an ACTIVITY lesson (the caller checked the viewer runs the course), oldest first. */
  submissions(lessonId: string, args: PageArgs): Promise<Page<ActivitySubmissionEntity>> {
    const qb = this.dataSource.getRepository(ActivitySubmissionEntity).createQueryBuilder('s');
    return entityPage(qb, SUBMISSION_ORDER, SUBMISSION_ORDER.window(args), [
      sql`s."lessonId" = ${lessonId}::uuid`,
    ]);
  }

  /**
   * Points a LIVE_SESSION lesson at a live event of the course, or a RESOURCE lesson at a publication of the
   * library. The target must exist and be visible to the acting facilitator (else NOT_FOUND, as for an
   * unknown id); a live event must belong to the course (`liveEventOfCourseSql`): else BAD_USER_INPUT with
   * `extensions.reason` NOT_A_COURSE_EVENT.
   */
  async setTarget(viewer: Viewer, input: SetLessonTargetInput): Promise<LessonEntity> {
    return this.uow.run(async ({ manager }) => {
      const lesson = await this.lockManagedLesson(manager, viewer, input.lessonId, [
        LessonKind.LIVE_SESSION,
        LessonKind.RESOURCE,
      ]);
      const live = lesson.kind === LessonKind.LIVE_SESSION;
      const targetId = fromGlobalIdOf(live ? 'LiveEvent' : 'Publication', input.targetId, 'targetId');
      if (live) {
        const course = await manager.getRepository(CourseEntity).findOneByOrFail({ id: lesson.courseId });
        const facilitatorIds = await facilitatorIdsOf(manager, course.id);
        const [row] = await query<{ ofCourse: boolean }>(
          manager,
          sql`SELECT ${liveEventOfCourseSql('e', facilitatorIds, course.networkId)} AS "ofCourse"
                FROM live_event e
               WHERE e.id = ${targetId}::uuid AND ${policyScope(viewer, (v) => liveEventReadSql(v, 'e'))}`,
        );
        if (!row) throw new NotFoundError('LiveEvent');
        if (!row.ofCourse)
          throw new TargetError(
            'This live event does not belong to the course: it must be organised by one of its facilitators ' +
              'or held for its cohort’s network.',
            'NOT_A_COURSE_EVENT',
          );
        lesson.liveEventId = targetId;
      } else {
        const rows = await query<{ one: number }>(
          manager,
          sql`SELECT 1 AS one FROM publication p
               WHERE p.id = ${targetId}::uuid AND ${policyScope(viewer, (v) => publicationReadSql(v, 'p'))}`,
        );
        if (!rows.length) throw new NotFoundError('Publication');
        lesson.publicationId = targetId;
      }
      return manager.getRepository(LessonEntity).save(lesson);
    });
  }
}

/** BAD_USER_INPUT on `targetId` with a stable `extensions.reason`. */
export class TargetError extends AppError {
  constructor(message: string, reason: string) {
    super(ErrorCode.BAD_USER_INPUT, message, { reason, fields: [{ field: 'targetId', message }] });
  }
}

/**
 * Whether the live event aliased `e` belongs to a course: its author or one of its ORGANIZER speakers is a
 * facilitator of the course, or it is held for the course's cohort network.
 */
export function liveEventOfCourseSql(
  e: string,
  facilitatorIds: readonly string[],
  networkId: string | null,
): Sql {
  const ids = [...facilitatorIds];
  return sql`(${raw(e)}."authorId" = ANY(${ids}::uuid[])
    OR EXISTS (SELECT 1 FROM live_event_speaker cs WHERE cs."eventId" = ${raw(e)}."id"
                 AND cs."role" = 'ORGANIZER' AND cs."practitionerId" = ANY(${ids}::uuid[]))
    OR EXISTS (SELECT 1 FROM live_event_network cn WHERE cn."eventId" = ${raw(e)}."id"
                 AND cn."networkId" = ${networkId}::uuid))`;
}
