import type { EntityManager } from 'typeorm';
import { policyScope, query, sql } from '../../common/db/sql';
import type { Viewer } from '../../common/auth/viewer';
import { publicationReadSql } from '../publication';
import type { LessonEntity } from './course.entity';
import { CompletionRule, LessonKind } from './course.enums';
import { AppError } from '../../common/errors/errors';
import { ErrorCode } from '../../common/errors/error-code';

/** FORBIDDEN with a stable `extensions.reason`. */
export class LessonKindForbiddenError extends AppError {
  constructor(message: string, reason: string) {
    super(ErrorCode.FORBIDDEN, message, { reason });
  }
}

/** Whether the learner attended the lesson's live event (its attendance recorded as attended). */
export async function attendedLiveSession(
  manager: EntityManager,
  lesson: LessonEntity,
  practitionerId: string,
): Promise<boolean> {
  if (!lesson.liveEventId) return false;
  const rows = await query<{ one: number }>(
    manager,
    sql`SELECT 1 AS one FROM live_event_attendance a
        JOIN live_event_registration r ON r.id = a."registrationId"
        WHERE a."eventId" = ${lesson.liveEventId}::uuid AND r."practitionerId" = ${practitionerId}::uuid
          AND a."attended"`,
  );
  return rows.length > 0;
}

/** Whether the viewer may see the RESOURCE lesson's publication (true when none is set). */
export async function canSeeResource(
  manager: EntityManager,
  lesson: LessonEntity,
  viewer: Viewer,
): Promise<boolean> {
  if (!lesson.publicationId) return true;
  const rows = await query<{ one: number }>(
    manager,
    sql`SELECT 1 AS one FROM publication p
         WHERE p.id = ${lesson.publicationId}::uuid AND ${policyScope(viewer, (v) => publicationReadSql(v, 'p'))}`,
  );
  return rows.length > 0;
}

/**
 * Whether `viewLesson` (VIEW) or `markLessonDone` (DONE) completes an open lesson for its learner:
 * PAGE and RESOURCE lessons by their rule (VIEWED: either; MARKED_DONE: DONE only), a RESOURCE lesson whose
 * publication the learner may not see (its visibility is narrower than the course's) being FORBIDDEN
 * RESOURCE_NOT_VISIBLE either way (nothing recorded); LIVE_SESSION lessons
 * when the learner's attendance of the live event is recorded (DONE without it: FORBIDDEN NOT_ATTENDED);
 * QUIZ and ACTIVITY lessons never (DONE: FORBIDDEN NOT_MARKABLE; `submitQuizAttempt`, `submitActivity`).
 */
export async function completesOnProgress(
  manager: EntityManager,
  lesson: LessonEntity,
  viewer: Viewer,
  mode: 'VIEW' | 'DONE',
): Promise<boolean> {
  switch (lesson.kind) {
    case LessonKind.RESOURCE:
      if (!(await canSeeResource(manager, lesson, viewer)))
        throw new LessonKindForbiddenError(
          'You may not see the publication of this lesson (it is shared more narrowly than the course); ' +
            'ask a facilitator.',
          'RESOURCE_NOT_VISIBLE',
        );
      return mode === 'DONE' || lesson.completionRule === CompletionRule.VIEWED;
    case LessonKind.PAGE:
      return mode === 'DONE' || lesson.completionRule === CompletionRule.VIEWED;
    case LessonKind.LIVE_SESSION: {
      const attended = await attendedLiveSession(manager, lesson, viewer.id);
      if (!attended && mode === 'DONE')
        throw new LessonKindForbiddenError(
          'Your attendance of this live session is not recorded.',
          'NOT_ATTENDED',
        );
      return attended;
    }
    default:
      if (mode === 'DONE')
        throw new LessonKindForbiddenError(
          `A ${lesson.kind} lesson is completed by ${lesson.kind === LessonKind.QUIZ ? 'submitQuizAttempt' : 'submitActivity'}.`,
          'NOT_MARKABLE',
        );
      return false;
  }
}
