import type { Context } from '../../common/context';
import { ForbiddenError } from '../../common/errors/errors';
import type { VersionedContent } from '../content';
import type { LessonEntity } from './course.entity';
import { managesCourse, readableCourse, viewerLessonLock } from './course-access';
import { lockedError } from './course-enrollment.service';

/**
 * A lesson's text as the content kernel reads it, for the viewer: refused as `Lesson.body` is (FORBIDDEN,
 * with the LockReason, when the lesson is closed to a learner; facilitators and moderators always read it).
 */
export async function lessonText(ctx: Context, lesson: LessonEntity): Promise<VersionedContent> {
  const course = await readableCourse(ctx, lesson.courseId);
  if (!course) throw new ForbiddenError('You cannot see this course.');
  if (!(await managesCourse(ctx, course))) {
    const reason = await viewerLessonLock(ctx, lesson);
    if (reason) throw lockedError(reason);
  }
  return {
    id: lesson.id,
    title: lesson.title,
    summary: '',
    body: lesson.body ?? '',
    language: lesson.language,
    authorId: null,
  };
}

/** Whether the viewer reviews translations of the lesson: its course's facilitators (and moderators). */
export async function reviewsLesson(ctx: Context, lessonId: string): Promise<boolean> {
  const lesson = await ctx.loaders.course.lessonById.load(lessonId);
  const course = lesson && (await readableCourse(ctx, lesson.courseId));
  return !!course && managesCourse(ctx, course);
}
