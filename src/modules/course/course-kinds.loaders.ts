import DataLoader from 'dataloader';
import { In } from 'typeorm';
import type { DataSource } from 'typeorm';
import type { Viewer } from '../../common/auth/viewer';
import { groupBy } from '../../common/relay/batched-connection';
import { query, sql } from '../../common/db/sql';
import { ActivitySubmissionEntity, QuizAttemptEntity, QuizEntity } from './course-kinds.entity';

export interface CourseKindLoaders {
  /** The quiz of each QUIZ lesson, or null. */
  quiz: DataLoader<string, QuizEntity | null>;
  /** The viewer's attempts at each lesson's quiz, in order. */
  viewerAttempts: DataLoader<string, QuizAttemptEntity[]>;
  /** The viewer's submission to each ACTIVITY lesson, or null. */
  viewerSubmission: DataLoader<string, ActivitySubmissionEntity | null>;
  submissionById: DataLoader<string, ActivitySubmissionEntity | null>;
}

declare module '../../common/context' {
  interface Loaders {
    courseKinds: CourseKindLoaders;
  }
}

export function createCourseKindLoaders(dataSource: DataSource, viewer: Viewer | null): CourseKindLoaders {
  const viewerId = viewer?.id ?? null;
  return {
    quiz: new DataLoader(async (lessonIds) => {
      const rows = await dataSource.getRepository(QuizEntity).findBy({ lessonId: In([...lessonIds]) });
      const map = new Map(rows.map((r) => [r.lessonId, r]));
      return lessonIds.map((id) => map.get(id) ?? null);
    }),
    viewerAttempts: new DataLoader(async (lessonIds) => {
      if (!viewerId) return lessonIds.map(() => []);
      const rows = await query<{ id: string }>(
        dataSource,
        sql`SELECT a.id FROM course_quiz_attempt a JOIN course_enrollment e ON e.id = a."enrollmentId"
            WHERE e."practitionerId" = ${viewerId}::uuid AND a."lessonId" = ANY(${[...lessonIds]}::uuid[])`,
      );
      const attempts = rows.length
        ? await dataSource
            .getRepository(QuizAttemptEntity)
            .find({ where: { id: In(rows.map((r) => r.id)) }, order: { number: 'ASC' } })
        : [];
      const map = groupBy(attempts, (a) => a.lessonId);
      return lessonIds.map((id) => map.get(id) ?? []);
    }),
    viewerSubmission: new DataLoader(async (lessonIds) => {
      if (!viewerId) return lessonIds.map(() => null);
      const rows = await dataSource
        .getRepository(ActivitySubmissionEntity)
        .findBy({ practitionerId: viewerId, lessonId: In([...lessonIds]) });
      const map = new Map(rows.map((r) => [r.lessonId, r]));
      return lessonIds.map((id) => map.get(id) ?? null);
    }),
    submissionById: new DataLoader(async (ids) => {
      const rows = await dataSource.getRepository(ActivitySubmissionEntity).findBy({ id: In([...ids]) });
      const map = new Map(rows.map((r) => [r.id, r]));
      return ids.map((id) => map.get(id) ?? null);
    }),
  };
}
