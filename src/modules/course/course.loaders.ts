import DataLoader from 'dataloader';
import { In } from 'typeorm';
import type { DataSource } from 'typeorm';
import { groupBy } from '../../common/relay/batched-connection';
import { query, sql } from '../../common/db/sql';
import type { Viewer } from '../../common/auth/viewer';
import {
  CourseEnrollmentEntity,
  CourseEntity,
  CourseFacilitatorEntity,
  CourseModuleEntity,
  LessonEntity,
} from './course.entity';

export interface CourseLoaders {
  byId: DataLoader<string, CourseEntity | null>;
  moduleById: DataLoader<string, CourseModuleEntity | null>;
  lessonById: DataLoader<string, LessonEntity | null>;
  enrollmentById: DataLoader<string, CourseEnrollmentEntity | null>;
  /** The facilitators of each course, in their order (the author first). */
  facilitatorIds: DataLoader<string, string[]>;
  /** The modules of each course, in order. */
  modules: DataLoader<string, CourseModuleEntity[]>;
  /** The lessons of each module, in order. */
  lessonsOfModule: DataLoader<string, LessonEntity[]>;
  /** The lessons of each course (any order). */
  lessonsOfCourse: DataLoader<string, LessonEntity[]>;
  /** The viewer's own enrolment in each course, or null. */
  viewerEnrollment: DataLoader<string, CourseEnrollmentEntity | null>;
  /** The lessons of each course the viewer completed. */
  viewerCompletions: DataLoader<string, Set<string>>;
}

declare module '../../common/context' {
  interface Loaders {
    course: CourseLoaders;
  }
}

function byIdLoader<E extends { id: string }>(dataSource: DataSource, entity: new () => E) {
  return new DataLoader<string, E | null>(async (ids) => {
    const rows = await dataSource.getRepository(entity).findBy({ id: In([...ids]) } as never);
    const map = new Map(rows.map((r) => [r.id, r]));
    return ids.map((id) => map.get(id) ?? null);
  });
}

export function createCourseLoaders(dataSource: DataSource, viewer: Viewer | null): CourseLoaders {
  const viewerId = viewer?.id ?? null;
  return {
    byId: byIdLoader(dataSource, CourseEntity),
    moduleById: byIdLoader(dataSource, CourseModuleEntity),
    lessonById: byIdLoader(dataSource, LessonEntity),
    enrollmentById: byIdLoader(dataSource, CourseEnrollmentEntity),
    facilitatorIds: new DataLoader(async (courseIds) => {
      const rows = await dataSource.getRepository(CourseFacilitatorEntity).find({
        where: { courseId: In([...courseIds]) },
        order: { position: 'ASC', practitionerId: 'ASC' },
      });
      const map = groupBy(rows, (r) => r.courseId);
      return courseIds.map((id) => (map.get(id) ?? []).map((r) => r.practitionerId));
    }),
    modules: new DataLoader(async (courseIds) => {
      const rows = await dataSource.getRepository(CourseModuleEntity).find({
        where: { courseId: In([...courseIds]) },
        order: { position: 'ASC', id: 'ASC' },
      });
      const map = groupBy(rows, (r) => r.courseId);
      return courseIds.map((id) => map.get(id) ?? []);
    }),
    lessonsOfModule: new DataLoader(async (moduleIds) => {
      const rows = await dataSource.getRepository(LessonEntity).find({
        where: { moduleId: In([...moduleIds]) },
        order: { position: 'ASC', id: 'ASC' },
      });
      const map = groupBy(rows, (r) => r.moduleId);
      return moduleIds.map((id) => map.get(id) ?? []);
    }),
    lessonsOfCourse: new DataLoader(async (courseIds) => {
      const rows = await dataSource.getRepository(LessonEntity).find({
        where: { courseId: In([...courseIds]) },
        order: { position: 'ASC', id: 'ASC' },
      });
      const map = groupBy(rows, (r) => r.courseId);
      return courseIds.map((id) => map.get(id) ?? []);
    }),
    viewerEnrollment: new DataLoader(async (courseIds) => {
      if (!viewerId) return courseIds.map(() => null);
      const rows = await dataSource
        .getRepository(CourseEnrollmentEntity)
        .findBy({ practitionerId: viewerId, courseId: In([...courseIds]) });
      const map = new Map(rows.map((r) => [r.courseId, r]));
      return courseIds.map((id) => map.get(id) ?? null);
    }),
    viewerCompletions: new DataLoader(async (courseIds) => {
      if (!viewerId) return courseIds.map(() => new Set<string>());
      const rows = await query<{ courseId: string; lessonId: string }>(
        dataSource,
        sql`SELECT e."courseId", lc."lessonId" FROM course_lesson_completion lc
            JOIN course_enrollment e ON e.id = lc."enrollmentId"
            WHERE e."practitionerId" = ${viewerId}::uuid AND e."courseId" = ANY(${[...courseIds]}::uuid[])`,
      );
      const map = groupBy(rows, (r) => r.courseId);
      return courseIds.map((id) => new Set((map.get(id) ?? []).map((r) => r.lessonId)));
    }),
  };
}
