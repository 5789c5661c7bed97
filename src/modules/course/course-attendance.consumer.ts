import type { DataSource } from 'typeorm';
import { columnViewer } from '../../common/auth/policy';
import { query, raw, sql } from '../../common/db/sql';
import type { OutboxConsumer } from '../../platform/outbox/outbox.dispatcher';
import type { DomainEvent } from '../../platform/unit-of-work/events';
import type { UnitOfWork } from '../../platform/unit-of-work/unit-of-work';
import { CourseEnrollmentEntity, CourseEntity, LessonEntity } from './course.entity';
import { EnrollmentStatus } from './course.enums';
import { courseReadSql, lessonLockReason, moduleStates } from './course.policy';
import { completionsOf, recordLessonActivity } from './course-completion';
import { outlineFacts } from './course-enrollment.service';
import { attendedLiveSession } from './course-kinds.rules';

/**
 * Completes, for one approved learner, a LIVE_SESSION lesson whose live event they attended: in one
 * transaction under their enrolment row lock (like `viewLesson`), once (a completed lesson is left alone, so
 * a redelivered event writes nothing). Nothing is written when the lesson is closed to them (a locked module,
 * an earlier lesson of a sequential module): their `viewLesson` completes it once it opens. Returns whether
 * the lesson was newly completed.
 */
export async function completeAttendedLesson(
  uow: UnitOfWork,
  lessonId: string,
  enrollmentId: string,
): Promise<boolean> {
  return uow.run(async (tx) => {
    const { manager } = tx;
    const enrollment = await manager.getRepository(CourseEnrollmentEntity).findOne({
      where: { id: enrollmentId, status: EnrollmentStatus.APPROVED },
      lock: { mode: 'pessimistic_write' },
    });
    const lesson = await manager.getRepository(LessonEntity).findOneBy({ id: lessonId });
    if (!enrollment || !lesson || lesson.courseId !== enrollment.courseId) return false;
    const completed = await completionsOf(manager, enrollment.id);
    if (completed.has(lesson.id)) return false;
    if (!(await attendedLiveSession(manager, lesson, enrollment.practitionerId))) return false;
    const modules = await outlineFacts(manager, lesson.courseId);
    const module = modules.find((m) => m.id === lesson.moduleId);
    if (!module) return false;
    const state = moduleStates(modules, true, completed).get(module.id)!;
    if (lessonLockReason(module, state, lesson.id, completed)) return false;
    const course = await manager.getRepository(CourseEntity).findOneByOrFail({ id: lesson.courseId });
    return recordLessonActivity(tx, { course, enrollment, completed }, lesson.id, true);
  });
}

/**
 * `live-event.attended` → the LIVE_SESSION lessons pointing at the event are completed for those attendees
 * who are approved learners of a course they may see (verified; `courseReadSql`). At least once delivery,
 * exactly once completion (see completeAttendedLesson).
 */
export function courseAttendanceConsumer(dataSource: DataSource, uow: UnitOfWork): OutboxConsumer {
  return {
    name: 'course-live-session',
    types: ['live-event.attended'],
    async handle(events: DomainEvent[]) {
      for (const event of events) {
        const { liveEventId, practitionerIds } = (event as DomainEvent<'live-event.attended'>).payload;
        if (!practitionerIds.length) continue;
        const pairs = await query<{ lessonId: string; enrollmentId: string }>(
          dataSource,
          sql`SELECT l.id AS "lessonId", e.id AS "enrollmentId"
                FROM course_lesson l
                JOIN course c ON c.id = l."courseId"
                JOIN course_enrollment e ON e."courseId" = l."courseId" AND e."status" = 'APPROVED'
                 AND e."practitionerId" = ANY(${practitionerIds}::uuid[])
                JOIN practitioner lp ON lp.id = e."practitionerId"
               WHERE l."liveEventId" = ${liveEventId}::uuid AND l."kind" = 'LIVE_SESSION'
                 AND ${raw(courseReadSql(columnViewer('lp'), 'c'))}
               ORDER BY e.id, l.id`,
        );
        for (const { lessonId, enrollmentId } of pairs)
          await completeAttendedLesson(uow, lessonId, enrollmentId);
      }
    },
  };
}
