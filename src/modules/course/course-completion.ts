import type { EntityManager } from 'typeorm';
import type { Tx } from '../../platform/unit-of-work/unit-of-work';
import { CourseEnrollmentEntity, CourseEntity, LessonCompletionEntity } from './course.entity';

/** Where a learner's activity on a lesson is recorded (their enrolment row locked by the caller). */
export interface LearnerProgress {
  course: CourseEntity;
  enrollment: CourseEnrollmentEntity;
  completed: Set<string>;
}

/**
 * Records the learner's activity on a lesson in the caller's transaction: when `completes`, the lesson is
 * completed once (the enrolment's count moves with it; at 100 % `course.completed` is recorded, once), and
 * `course.progress-changed` is recorded. Returns whether the lesson was newly completed.
 */
export async function recordLessonActivity(
  tx: Tx,
  open: LearnerProgress,
  lessonId: string,
  completes: boolean,
): Promise<boolean> {
  const { manager } = tx;
  const { course, enrollment, completed } = open;
  const now = new Date();
  let added = false;
  if (completes && !completed.has(lessonId)) {
    await manager.insert(LessonCompletionEntity, { enrollmentId: enrollment.id, lessonId });
    completed.add(lessonId);
    added = true;
    enrollment.doneCount += 1;
    const lessonCount = (await manager.getRepository(CourseEntity).findOneByOrFail({ id: course.id }))
      .lessonCount;
    if (enrollment.doneCount >= lessonCount && !enrollment.completedAt) {
      enrollment.completedAt = now;
      tx.record('course.completed', {
        courseId: course.id,
        enrollmentId: enrollment.id,
        practitionerId: enrollment.practitionerId,
      });
    }
  }
  enrollment.lastActivityAt = now;
  await manager.getRepository(CourseEnrollmentEntity).save(enrollment);
  tx.record('course.progress-changed', {
    courseId: course.id,
    enrollmentId: enrollment.id,
    practitionerId: enrollment.practitionerId,
  });
  return added;
}

/** The lessons an enrolment completed. */
export async function completionsOf(manager: EntityManager, enrollmentId: string): Promise<Set<string>> {
  const rows = await manager.getRepository(LessonCompletionEntity).findBy({ enrollmentId });
  return new Set(rows.map((c) => c.lessonId));
}
