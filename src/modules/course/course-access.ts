import type { Context } from '../../common/context';
import { isVerified } from '../../common/auth/policy';
import type { CourseEnrollmentEntity, CourseEntity, LessonEntity } from './course.entity';
import { EnrollmentStatus, LockReason } from './course.enums';
import { canManageCourse, canViewCourse, lessonLockReason, moduleStates } from './course.policy';
import type { ModuleFacts, ModuleProgress } from './course.policy';

/** canViewCourse with the facts this request's loaders hold (batched). */
export async function canReadCourse(ctx: Context, course: CourseEntity): Promise<boolean> {
  if (!isVerified(ctx.viewer)) return false;
  return canViewCourse(ctx.viewer, course, await ctx.loaders.course.facilitatorIds.load(course.id));
}

/** Whether the viewer runs the course (facilitator or moderator). */
export async function managesCourse(ctx: Context, course: CourseEntity): Promise<boolean> {
  if (!isVerified(ctx.viewer)) return false;
  return canManageCourse(ctx.viewer, course, await ctx.loaders.course.facilitatorIds.load(course.id));
}

/** A course by id if the viewer may read it. */
export async function readableCourse(ctx: Context, courseId: string): Promise<CourseEntity | null> {
  const course = await ctx.loaders.course.byId.load(courseId);
  return course && (await canReadCourse(ctx, course)) ? course : null;
}

export interface ViewerOutline {
  modules: (ModuleFacts & { sequential: boolean })[];
  states: Map<string, ModuleProgress>;
  completed: Set<string>;
  enrollment: CourseEnrollmentEntity | null;
}

/**
 * The viewer's view of a course's outline (module states, completions), from the request's loaders: a
 * constant number of statements whatever the number of courses, modules and lessons.
 */
export async function viewerOutline(ctx: Context, courseId: string): Promise<ViewerOutline> {
  const [modules, lessons, enrollment, completed] = await Promise.all([
    ctx.loaders.course.modules.load(courseId),
    ctx.loaders.course.lessonsOfCourse.load(courseId),
    ctx.loaders.course.viewerEnrollment.load(courseId),
    ctx.loaders.course.viewerCompletions.load(courseId),
  ]);
  const facts = modules.map((m) => ({
    id: m.id,
    unlockAt: m.unlockAt,
    sequential: m.sequential,
    prerequisiteIds: m.prerequisiteIds,
    lessonIds: lessons.filter((l) => l.moduleId === m.id).map((l) => l.id),
  }));
  const learner = enrollment?.status === EnrollmentStatus.APPROVED;
  return { modules: facts, states: moduleStates(facts, learner, completed), completed, enrollment };
}

/** Why the lesson is closed to the viewer (as a learner), or null when open. */
export async function viewerLessonLock(ctx: Context, lesson: LessonEntity): Promise<LockReason | null> {
  const outline = await viewerOutline(ctx, lesson.courseId);
  const module = outline.modules.find((m) => m.id === lesson.moduleId);
  const state = module && outline.states.get(module.id);
  if (!module || !state) return LockReason.MODULE_LOCKED;
  return lessonLockReason(module, state, lesson.id, outline.completed);
}
