import type { Viewer } from '../../common/auth/viewer';
import { isGlobalModerator, isVerified } from '../../common/auth/policy';
import type { SqlViewer } from '../../common/auth/policy';
import { Role } from '../../common/auth/role';
import { CourseStatus, LockReason, ModuleState } from './course.enums';

/** The fields of a course the policies look at. */
export interface CourseFacts {
  authorId: string;
  status: CourseStatus;
  hiddenAt?: Date | null;
}

/** Who may create a course: verified experts, moderators and admins (as for live events). */
export function canCreateCourse(viewer: Viewer | null): boolean {
  if (!isVerified(viewer)) return false;
  const moderator: boolean = isGlobalModerator(viewer);
  return moderator || viewer.role === Role.EXPERT;
}

/**
 * Who runs a course (edits it and its outline, decides on enrolments, invites, sees the cohort's progress):
 * its facilitators (the author is one) and global moderators. Verified only.
 */
export function canManageCourse(
  viewer: Viewer | null,
  course: CourseFacts,
  facilitatorIds: readonly string[],
): boolean {
  if (!isVerified(viewer)) return false;
  const moderator: boolean = isGlobalModerator(viewer);
  return moderator || course.authorId === viewer.id || facilitatorIds.includes(viewer.id);
}

/**
 * Who may see a course and its outline (titles of modules and lessons), on every path: verified members
 * only. Its facilitators and global moderators always; everyone else once it is PUBLISHED and not hidden.
 * courseReadSql is the same rule in SQL.
 */
export function canViewCourse(
  viewer: Viewer | null,
  course: CourseFacts,
  facilitatorIds: readonly string[],
): boolean {
  if (!isVerified(viewer)) return false;
  if (canManageCourse(viewer, course, facilitatorIds)) return true;
  return course.status === CourseStatus.PUBLISHED && !course.hiddenAt;
}

/** SQL form of canViewCourse: courses aliased `c` that the viewer `v` may read. */
export function courseReadSql(v: SqlViewer, c: string): string {
  return `(${v.verified} AND (${c}."authorId" = ${v.id} OR ${v.moderator}
    OR EXISTS (SELECT 1 FROM course_facilitator cf WHERE cf."courseId" = ${c}."id" AND cf."practitionerId" = ${v.id})
    OR (${c}."status" = 'PUBLISHED' AND ${c}."hiddenAt" IS NULL)))`;
}

/** SQL: the course aliased `c` is published and not hidden, whoever reads. */
export function listedCourseSql(c: string): string {
  return `(${c}."status" = 'PUBLISHED' AND ${c}."hiddenAt" IS NULL)`;
}

/** An enrolment is seen by its learner and by whoever runs the course. */
export function canViewEnrollment(
  viewer: Viewer | null,
  enrollment: { practitionerId: string },
  managesCourse: boolean,
): boolean {
  if (!isVerified(viewer)) return false;
  return enrollment.practitionerId === viewer.id || managesCourse;
}

/** What the state computation needs of a module. */
export interface ModuleFacts {
  id: string;
  unlockAt: Date | null;
  prerequisiteIds: readonly string[];
  lessonIds: readonly string[];
}

export interface ModuleProgress {
  state: ModuleState;
  reason: LockReason | null;
  done: number;
  total: number;
}

/**
 * The state of each module of one course for one learner: LOCKED when the learner is not an approved
 * learner (NOT_ENROLLED), before its unlock date (MODULE_LOCKED) or while a prerequisite is not COMPLETED
 * (PREREQUISITE_INCOMPLETE); else COMPLETED when all its lessons are, STARTED when some are, UNLOCKED.
 */
export function moduleStates(
  modules: readonly ModuleFacts[],
  enrolled: boolean,
  completed: ReadonlySet<string>,
  now: Date = new Date(),
): Map<string, ModuleProgress> {
  const byId = new Map(modules.map((m) => [m.id, m]));
  const out = new Map<string, ModuleProgress>();
  const visiting = new Set<string>();
  const compute = (m: ModuleFacts): ModuleProgress => {
    const known = out.get(m.id);
    if (known) return known;
    const total = m.lessonIds.length;
    const done = m.lessonIds.filter((id) => completed.has(id)).length;
    let result: ModuleProgress;
    if (!enrolled) result = { state: ModuleState.LOCKED, reason: LockReason.NOT_ENROLLED, done, total };
    else if (m.unlockAt && m.unlockAt.getTime() > now.getTime())
      result = { state: ModuleState.LOCKED, reason: LockReason.MODULE_LOCKED, done, total };
    else {
      visiting.add(m.id);
      const blocked = m.prerequisiteIds.some((id) => {
        const p = byId.get(id);
        if (!p || visiting.has(id)) return false; // deleted or cyclic prerequisites do not lock
        return compute(p).state !== ModuleState.COMPLETED;
      });
      visiting.delete(m.id);
      if (blocked)
        result = { state: ModuleState.LOCKED, reason: LockReason.PREREQUISITE_INCOMPLETE, done, total };
      else if (done === total) result = { state: ModuleState.COMPLETED, reason: null, done, total };
      else
        result = { state: done > 0 ? ModuleState.STARTED : ModuleState.UNLOCKED, reason: null, done, total };
    }
    out.set(m.id, result);
    return result;
  };
  modules.forEach(compute);
  return out;
}

/**
 * Why a lesson is closed to a learner, or null when it is open: its module's reason, or, in a sequential
 * module, an earlier lesson not completed (PREVIOUS_LESSON_INCOMPLETE).
 */
export function lessonLockReason(
  module: ModuleFacts & { sequential: boolean },
  state: ModuleProgress,
  lessonId: string,
  completed: ReadonlySet<string>,
): LockReason | null {
  if (state.state === ModuleState.LOCKED) return state.reason;
  if (!module.sequential) return null;
  const index = module.lessonIds.indexOf(lessonId);
  return module.lessonIds.slice(0, index).every((id) => completed.has(id))
    ? null
    : LockReason.PREVIOUS_LESSON_INCOMPLETE;
}
