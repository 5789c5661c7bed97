import type { DataSource, EntityManager } from 'typeorm';
import type { Viewer } from '../../common/auth/viewer';
import { isVerified } from '../../common/auth/policy';
import { AppError, ConflictError, NotFoundError } from '../../common/errors/errors';
import { ErrorCode } from '../../common/errors/error-code';
import type { Page, PageArgs } from '../../common/relay/pagination';
import { policyScope, sql, together } from '../../common/db/sql';
import { Keyset, entityPage } from '../../common/relay/keyset';
import { PractitionerEntity } from '../practitioner';
import { NotificationType } from '../notification-type';
import type { UnitOfWork, Tx } from '../../platform/unit-of-work/unit-of-work';
import type { IdempotencyService } from '../../platform/idempotency/idempotency.service';
import {
  CourseEnrollmentEntity,
  CourseEntity,
  CourseModuleEntity,
  LessonCompletionEntity,
  LessonEntity,
} from './course.entity';
import { CourseStatus, EnrollmentPolicy, EnrollmentStatus, LockReason } from './course.enums';
import {
  canManageCourse,
  canViewCourse,
  courseReadSql,
  lessonLockReason,
  moduleStates,
} from './course.policy';
import type { ModuleFacts } from './course.policy';
import { COURSE_ENROLLMENT_TYPE, facilitatorIdsOf } from './course.service';
import { joinCohortNetwork, leaveCohortNetwork } from './course-network';
import { recordLessonActivity } from './course-completion';
import { completesOnProgress } from './course-kinds.rules';
import type { CourseService } from './course.service';

/** A FORBIDDEN error with a stable `extensions.reason` (LockReason values, COURSE_FULL, NOT_INVITED...). */
export class CourseForbiddenError extends AppError {
  constructor(message: string, reason: string) {
    super(ErrorCode.FORBIDDEN, message, { reason });
  }
}

/** A CONFLICT error with a stable `extensions.reason`. */
export class CourseConflictError extends AppError {
  constructor(message: string, reason: string) {
    super(ErrorCode.CONFLICT, message, { reason });
  }
}

const LOCK_MESSAGES: Record<LockReason, string> = {
  [LockReason.NOT_ENROLLED]: 'You are not an approved learner of this course.',
  [LockReason.MODULE_LOCKED]: 'This module is not open yet (see its unlockAt).',
  [LockReason.PREREQUISITE_INCOMPLETE]: 'Complete this module’s prerequisite modules first.',
  [LockReason.PREVIOUS_LESSON_INCOMPLETE]: 'Complete the earlier lessons of this sequential module first.',
};

export function lockedError(reason: LockReason): CourseForbiddenError {
  return new CourseForbiddenError(LOCK_MESSAGES[reason], reason);
}

/** The learner's newest enrolments first. */
export const MY_ENROLLMENT_ORDER = new Keyset<CourseEnrollmentEntity>(
  [
    { column: 'e."createdAt"', kind: 'timestamp' },
    { column: 'e."id"', kind: 'uuid' },
  ],
  'DESC',
  (e) => [e.createdAt.toISOString(), e.id],
);

/** A cohort, oldest enrolment first. */
export const COHORT_ORDER = new Keyset<CourseEnrollmentEntity>(
  [
    { column: 'e."createdAt"', kind: 'timestamp' },
    { column: 'e."id"', kind: 'uuid' },
  ],
  'ASC',
  (e) => [e.createdAt.toISOString(), e.id],
);

const ACTIVE: readonly EnrollmentStatus[] = [
  EnrollmentStatus.INVITED,
  EnrollmentStatus.PENDING,
  EnrollmentStatus.APPROVED,
];

/** What the outline of one course looks like to the state computation (read in the caller's transaction). */
export async function outlineFacts(
  manager: EntityManager,
  courseId: string,
): Promise<(ModuleFacts & { sequential: boolean })[]> {
  const [modules, lessons] = await together(
    manager,
    () => manager.getRepository(CourseModuleEntity).find({ where: { courseId }, order: { position: 'ASC' } }),
    () => manager.getRepository(LessonEntity).find({ where: { courseId }, order: { position: 'ASC' } }),
  );
  return modules.map((m) => ({
    id: m.id,
    unlockAt: m.unlockAt,
    sequential: m.sequential,
    prerequisiteIds: m.prerequisiteIds,
    lessonIds: lessons.filter((l) => l.moduleId === m.id).map((l) => l.id),
  }));
}

export interface EnrollmentResult {
  enrollment: CourseEnrollmentEntity;
}

export interface LessonProgressResult {
  lesson: LessonEntity;
  enrollment: CourseEnrollmentEntity | null;
}

/**
 * Enrolment (enrol, withdraw, approve, decline, invite; places never exceed the capacity: every change of
 * an APPROVED enrolment happens under the course's row lock) and progress (lessons completed, in the same
 * transaction as the enrolment's counts; `course.completed` once at 100 %).
 */
export class CourseEnrollmentService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly idempotency: IdempotencyService,
    private readonly courses: CourseService,
  ) {}

  /** An approved learner takes a place (course row locked) and joins the cohort's network. */
  private async takePlace(manager: EntityManager, course: CourseEntity, learnerId: string): Promise<void> {
    if (course.capacity != null && course.enrolledCount >= course.capacity)
      throw new CourseConflictError('The course is full.', 'COURSE_FULL');
    course.enrolledCount += 1;
    await manager.update(CourseEntity, { id: course.id }, { enrolledCount: course.enrolledCount });
    await joinCohortNetwork(manager, course, learnerId);
  }

  private async freePlace(manager: EntityManager, course: CourseEntity): Promise<void> {
    course.enrolledCount -= 1;
    await manager.update(CourseEntity, { id: course.id }, { enrolledCount: course.enrolledCount });
  }

  /**
   * Enrols the viewer in a PUBLISHED course they may see (or accepts their invitation): OPEN courses approve
   * while places remain (CONFLICT COURSE_FULL after), APPROVAL courses keep the enrolment PENDING,
   * INVITE_ONLY courses admit invited members only (FORBIDDEN NOT_INVITED).
   */
  async enroll(viewer: Viewer, courseId: string, idempotencyKey?: string | null): Promise<EnrollmentResult> {
    const load = (id: string) =>
      this.dataSource.getRepository(CourseEnrollmentEntity).findOneByOrFail({ id });
    const create = await this.idempotency.begin(
      viewer.id,
      'enrollInCourse',
      idempotencyKey,
      { courseId },
      load,
    );
    if (create.earlier) return { enrollment: create.earlier };
    const { result } = await create.run(async (manager, tx) => {
      const { course, facilitatorIds } = await this.courses.lockVisible(manager, viewer, courseId, false);
      if (course.status !== CourseStatus.PUBLISHED)
        throw new ConflictError('Only a published course takes enrolments.');
      const repo = manager.getRepository(CourseEnrollmentEntity);
      const existing = await repo.findOneBy({ courseId, practitionerId: viewer.id });
      if (existing?.status === EnrollmentStatus.APPROVED || existing?.status === EnrollmentStatus.PENDING)
        throw new CourseConflictError('You are enrolled already.', 'ALREADY_ENROLLED');
      if (existing?.status === EnrollmentStatus.DECLINED)
        throw new CourseForbiddenError('Your enrolment was declined.', 'DECLINED');
      const invited = existing?.status === EnrollmentStatus.INVITED;
      let status: EnrollmentStatus;
      if (invited || course.enrollmentPolicy === EnrollmentPolicy.OPEN) {
        await this.takePlace(manager, course, viewer.id);
        status = EnrollmentStatus.APPROVED;
      } else if (course.enrollmentPolicy === EnrollmentPolicy.APPROVAL) status = EnrollmentStatus.PENDING;
      else throw new CourseForbiddenError('This course admits invited members only.', 'NOT_INVITED');
      const row = existing ?? repo.create({ courseId, practitionerId: viewer.id });
      row.status = status;
      const saved = await repo.save(row);
      if (status === EnrollmentStatus.PENDING) notifyRequest(tx, facilitatorIds, viewer.id, saved.id);
      return saved;
    });
    return { enrollment: result };
  }

  /** Withdraws the viewer's enrolment or invitation; an approved one frees its place. */
  async withdraw(viewer: Viewer, courseId: string): Promise<EnrollmentResult> {
    return this.uow.run(async ({ manager }) => {
      const { course } = await this.courses.lockVisible(manager, viewer, courseId, false);
      const repo = manager.getRepository(CourseEnrollmentEntity);
      const row = await repo.findOneBy({ courseId, practitionerId: viewer.id });
      if (!row || !ACTIVE.includes(row.status)) throw new NotFoundError('Enrolment');
      if (row.status === EnrollmentStatus.APPROVED) {
        await this.freePlace(manager, course);
        await leaveCohortNetwork(manager, course, viewer.id);
      }
      row.status = EnrollmentStatus.WITHDRAWN;
      return { enrollment: await repo.save(row) };
    });
  }

  /**
   * Locks the enrolment's course and checks the viewer runs it: its learner gets FORBIDDEN, anyone else who
   * cannot see the enrolment NOT_FOUND.
   */
  private async lockDecision(manager: EntityManager, viewer: Viewer, enrollmentId: string) {
    const row = await manager.getRepository(CourseEnrollmentEntity).findOneBy({ id: enrollmentId });
    if (!row) throw new NotFoundError('Enrolment');
    const course = await manager
      .getRepository(CourseEntity)
      .findOne({ where: { id: row.courseId }, lock: { mode: 'pessimistic_write' } });
    const facilitatorIds = await facilitatorIdsOf(manager, row.courseId);
    if (!course || !canManageCourse(viewer, course, facilitatorIds)) {
      if (course && row.practitionerId === viewer.id && canViewCourse(viewer, course, facilitatorIds))
        throw new CourseForbiddenError(
          'Only the course’s facilitators decide on enrolments.',
          'NOT_FACILITATOR',
        );
      throw new NotFoundError('Enrolment');
    }
    const fresh = await manager
      .getRepository(CourseEnrollmentEntity)
      .findOneOrFail({ where: { id: enrollmentId }, lock: { mode: 'pessimistic_write' } });
    return { row: fresh, course };
  }

  /** Approves a PENDING enrolment (facilitators and moderators) while places remain. */
  async approve(viewer: Viewer, enrollmentId: string): Promise<EnrollmentResult> {
    return this.uow.run(async (tx) => {
      const { manager } = tx;
      const { row, course } = await this.lockDecision(manager, viewer, enrollmentId);
      if (row.status !== EnrollmentStatus.PENDING)
        throw new ConflictError(`A ${row.status} enrolment cannot be approved.`);
      await this.takePlace(manager, course, row.practitionerId);
      row.status = EnrollmentStatus.APPROVED;
      await manager.getRepository(CourseEnrollmentEntity).save(row);
      notify(
        tx,
        NotificationType.COURSE_ENROLLMENT_DECIDED,
        row.practitionerId,
        viewer.id,
        course.id,
        'APPROVED',
      );
      return { enrollment: row };
    });
  }

  /** Declines a PENDING enrolment or withdraws an invitation (facilitators and moderators). */
  async decline(viewer: Viewer, enrollmentId: string): Promise<EnrollmentResult> {
    return this.uow.run(async (tx) => {
      const { manager } = tx;
      const { row, course } = await this.lockDecision(manager, viewer, enrollmentId);
      if (row.status !== EnrollmentStatus.PENDING && row.status !== EnrollmentStatus.INVITED)
        throw new ConflictError(`A ${row.status} enrolment cannot be declined.`);
      row.status = EnrollmentStatus.DECLINED;
      await manager.getRepository(CourseEnrollmentEntity).save(row);
      notify(
        tx,
        NotificationType.COURSE_ENROLLMENT_DECIDED,
        row.practitionerId,
        viewer.id,
        course.id,
        'DECLINED',
      );
      return { enrollment: row };
    });
  }

  /** Invites a verified member (facilitators and moderators); they accept with `enrollInCourse`. */
  async invite(
    viewer: Viewer,
    courseId: string,
    practitionerId: string,
    idempotencyKey?: string | null,
  ): Promise<EnrollmentResult> {
    const load = (id: string) =>
      this.dataSource.getRepository(CourseEnrollmentEntity).findOneByOrFail({ id });
    const args = { courseId, practitionerId };
    const create = await this.idempotency.begin(viewer.id, 'inviteToCourse', idempotencyKey, args, load);
    if (create.earlier) return { enrollment: create.earlier };
    const { result } = await create.run(async (manager, tx) => {
      const { course } = await this.courses.lockVisible(manager, viewer, courseId, true);
      const invitee = await manager.getRepository(PractitionerEntity).findOneBy({ id: practitionerId });
      if (!invitee || invitee.verification !== ('VERIFIED' as never)) throw new NotFoundError('Practitioner');
      const repo = manager.getRepository(CourseEnrollmentEntity);
      const existing = await repo.findOneBy({ courseId, practitionerId });
      if (existing && ACTIVE.includes(existing.status))
        throw new CourseConflictError(`They are ${existing.status} already.`, 'ALREADY_ENROLLED');
      const row = existing ?? repo.create({ courseId, practitionerId });
      row.status = EnrollmentStatus.INVITED;
      const saved = await repo.save(row);
      notify(tx, NotificationType.COURSE_INVITATION, practitionerId, viewer.id, course.id, null);
      return saved;
    });
    return { enrollment: result };
  }

  /**
   * The enrolment of an accepted e-mail invitation, in the caller's transaction (course row locked), as
   * `enrollInCourse` after an invitation: a place while places remain (and the cohort network); a full course
   * keeps it PENDING on its waiting list (facilitators approve it when a place frees); an unpublished course
   * keeps it INVITED (the learner enrols once it is published). An active enrolment stays as it is.
   */
  async admitInvited(
    manager: EntityManager,
    courseId: string,
    practitionerId: string,
  ): Promise<CourseEnrollmentEntity> {
    const course = await manager
      .getRepository(CourseEntity)
      .findOneOrFail({ where: { id: courseId }, lock: { mode: 'pessimistic_write' } });
    const repo = manager.getRepository(CourseEnrollmentEntity);
    const existing = await repo.findOneBy({ courseId, practitionerId });
    if (existing?.status === EnrollmentStatus.APPROVED || existing?.status === EnrollmentStatus.PENDING)
      return existing;
    const row = existing ?? repo.create({ courseId, practitionerId });
    if (course.status !== CourseStatus.PUBLISHED) row.status = EnrollmentStatus.INVITED;
    else if (course.capacity != null && course.enrolledCount >= course.capacity)
      row.status = EnrollmentStatus.PENDING;
    else {
      await this.takePlace(manager, course, practitionerId);
      row.status = EnrollmentStatus.APPROVED;
    }
    return repo.save(row);
  }

  /**
   * Reads (`mode` VIEW) or marks done (DONE) a lesson. The viewer must be an APPROVED learner (facilitators
   * and moderators may read without one, nothing is recorded then) and the lesson open to them (FORBIDDEN
   * with the LockReason). What completes each kind: `completesOnProgress` (course-kinds.rules). The enrolment's counts change in the
   * same transaction; at 100 % `course.completed` is recorded, once.
   */
  async progress(viewer: Viewer, lessonId: string, mode: 'VIEW' | 'DONE'): Promise<LessonProgressResult> {
    return this.uow.run(async (tx) => {
      const { manager } = tx;
      const lesson = await manager.getRepository(LessonEntity).findOneBy({ id: lessonId });
      if (!lesson) throw new NotFoundError('Lesson');
      const course = await manager.getRepository(CourseEntity).findOneByOrFail({ id: lesson.courseId });
      const facilitatorIds = await facilitatorIdsOf(manager, course.id);
      if (!canViewCourse(viewer, course, facilitatorIds)) throw new NotFoundError('Lesson');
      const enrollment = await manager.getRepository(CourseEnrollmentEntity).findOne({
        where: { courseId: course.id, practitionerId: viewer.id, status: EnrollmentStatus.APPROVED },
        lock: { mode: 'pessimistic_write' },
      });
      if (!enrollment) {
        if (mode === 'VIEW' && canManageCourse(viewer, course, facilitatorIds))
          return { lesson, enrollment: null };
        throw lockedError(LockReason.NOT_ENROLLED);
      }
      const completed = new Set(
        (await manager.getRepository(LessonCompletionEntity).findBy({ enrollmentId: enrollment.id })).map(
          (c) => c.lessonId,
        ),
      );
      const modules = await outlineFacts(manager, course.id);
      const module = modules.find((m) => m.id === lesson.moduleId)!;
      const state = moduleStates(modules, true, completed).get(module.id)!;
      const reason = lessonLockReason(module, state, lesson.id, completed);
      if (reason) throw lockedError(reason);
      const completes = await completesOnProgress(manager, lesson, viewer, mode);
      await recordLessonActivity(tx, { course, enrollment, completed }, lesson.id, completes);
      return { lesson, enrollment };
    });
  }

  /** The viewer's enrolments (INVITED, PENDING, APPROVED) in courses they may see, newest first. */
  mine(viewer: Viewer, args: PageArgs): Promise<Page<CourseEnrollmentEntity>> {
    const conditions = [
      sql`e."practitionerId" = ${viewer.id}::uuid`,
      sql`e."status"::text = ANY(${[...ACTIVE]}::text[])`,
      policyScope(
        viewer,
        (v) => `EXISTS (SELECT 1 FROM course c WHERE c.id = e."courseId" AND ${courseReadSql(v, 'c')})`,
      ),
    ];
    const qb = this.dataSource.getRepository(CourseEnrollmentEntity).createQueryBuilder('e');
    return entityPage(qb, MY_ENROLLMENT_ORDER, MY_ENROLLMENT_ORDER.window(args), conditions);
  }

  /** A course's enrolments (for those who run it), oldest first, optionally of one status. */
  cohort(
    courseId: string,
    status: EnrollmentStatus | null,
    args: PageArgs,
  ): Promise<Page<CourseEnrollmentEntity>> {
    const conditions = [sql`e."courseId" = ${courseId}::uuid`];
    if (status) conditions.push(sql`e."status"::text = ${status}`);
    const qb = this.dataSource.getRepository(CourseEnrollmentEntity).createQueryBuilder('e');
    return entityPage(qb, COHORT_ORDER, COHORT_ORDER.window(args), conditions);
  }
}

function notify(
  tx: Tx,
  type: NotificationType,
  recipientId: string,
  actorId: string,
  courseId: string,
  decision: string | null,
): void {
  tx.record('notification.requested', {
    notifications: [{ type, recipientId, actorId, subjectType: 'Course', subjectId: courseId, decision }],
  });
}

/**
 * A PENDING request on an APPROVAL course: each facilitator is told (COURSE_ENROLLMENT_REQUESTED, subject: the
 * enrolment, which they may read and decide on); the notification rules apply (preferences, blocks, mutes).
 */
function notifyRequest(
  tx: Tx,
  facilitatorIds: readonly string[],
  learnerId: string,
  enrollmentId: string,
): void {
  tx.record('notification.requested', {
    notifications: facilitatorIds.map((recipientId) => ({
      type: NotificationType.COURSE_ENROLLMENT_REQUESTED,
      recipientId,
      actorId: learnerId,
      subjectType: COURSE_ENROLLMENT_TYPE,
      subjectId: enrollmentId,
      decision: null,
    })),
  });
}

/** Whether an enrolment is an approved learner's (the only ones whose progress counts). */
export function isLearner(viewer: Viewer | null, e: CourseEnrollmentEntity | null): boolean {
  return isVerified(viewer) && e?.status === EnrollmentStatus.APPROVED;
}
