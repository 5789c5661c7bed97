import type { DataSource, EntityManager } from 'typeorm';
import { In } from 'typeorm';
import type { Viewer } from '../../common/auth/viewer';
import { BadUserInputError, ConflictError, ForbiddenError, NotFoundError } from '../../common/errors/errors';
import { fromGlobalIdOf } from '../../common/relay/global-id';
import type { Page, PageArgs } from '../../common/relay/pagination';
import { policyScope, sql } from '../../common/db/sql';
import type { Sql } from '../../common/db/sql';
import { Keyset, entityPage } from '../../common/relay/keyset';
import { refuseNulls } from '../../common/validation/values';
import type { ReferenceCatalog } from '../reference';
import { PRACTITIONER_TYPE, PractitionerEntity } from '../practitioner';
import { checkThematicAreas } from '../content';
import type { ContentVersionService } from '../content';
import type { UnitOfWork } from '../../platform/unit-of-work/unit-of-work';
import type { IdempotencyService } from '../../platform/idempotency/idempotency.service';
import {
  CourseEntity,
  CourseFacilitatorEntity,
  CourseModuleEntity,
  LESSON_LIMITS,
  LessonEntity,
} from './course.entity';
import { COMPLETABLE_KINDS, CourseStatus, RULES_OF_KIND } from './course.enums';
import { COURSE_BOUNDS } from './course.inputs';
import type {
  CreateCourseInput,
  CreateCourseModuleInput,
  CreateLessonInput,
  LessonBodyInput,
  UpdateCourseInput,
  UpdateCourseModuleInput,
  UpdateLessonInput,
} from './course.inputs';
import { openCohortNetwork } from './course-network';
import { splitBodies, writeLessonBodies } from './lesson-text';
import { canCreateCourse, canManageCourse, canViewCourse, courseReadSql } from './course.policy';

export const COURSE_TYPE = 'Course';
export const COURSE_MODULE_TYPE = 'CourseModule';
export const LESSON_TYPE = 'Lesson';
export const COURSE_ENROLLMENT_TYPE = 'CourseEnrollment';

/** Newest first: by creation, then id. */
export const COURSE_ORDER = new Keyset<CourseEntity>(
  [
    { column: 'c."createdAt"', kind: 'timestamp' },
    { column: 'c."id"', kind: 'uuid' },
  ],
  'DESC',
  (c) => [c.createdAt.toISOString(), c.id],
);

/** Filter of `courses`. */
export interface CourseFilterShape {
  thematicAreaCodes?: string[] | null;
  language?: string | null;
  status?: CourseStatus | null;
}

function blank(field: string): BadUserInputError {
  return new BadUserInputError(`${field} cannot be blank.`, [{ field, message: 'cannot be blank' }]);
}

function checkDates(startsAt: Date | null, endsAt: Date | null): void {
  if (startsAt && endsAt && !(endsAt.getTime() > startsAt.getTime()))
    throw new BadUserInputError('endsAt must be after startsAt.', [
      { field: 'endsAt', message: 'must be after startsAt' },
    ]);
}

function bodiesOf(list: LessonBodyInput[]): Record<string, string> {
  const out: Record<string, string> = {};
  list.forEach((b, i) => {
    if (out[b.language] !== undefined)
      throw new BadUserInputError('Each language has one body.', [
        { field: `bodies[${i}].language`, message: 'listed twice' },
      ]);
    if (b.body.length > LESSON_LIMITS.body)
      throw new BadUserInputError('body is too long.', [{ field: `bodies[${i}].body`, message: 'too long' }]);
    out[b.language] = b.body;
  });
  return out;
}

/** The facilitator ids of one course, read in the caller's transaction. */
export async function facilitatorIdsOf(manager: EntityManager, courseId: string): Promise<string[]> {
  const rows = await manager.getRepository(CourseFacilitatorEntity).findBy({ courseId });
  return rows.map((r) => r.practitionerId);
}

/**
 * Courses and their outline: creating, editing and publishing a course; creating, editing, reordering and
 * deleting its modules and lessons; reading one course and the filtered list. Enrolment and progress are in
 * course-enrollment.service.ts.
 */
export class CourseService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly catalog: ReferenceCatalog,
    private readonly uow: UnitOfWork,
    private readonly idempotency: IdempotencyService,
    private readonly versions: ContentVersionService,
  ) {}

  private async checkFacilitators(authorId: string, globalIds: string[]): Promise<string[]> {
    const ids = globalIds.map((g, i) => fromGlobalIdOf(PRACTITIONER_TYPE, g, `facilitatorIds[${i}]`));
    const others = ids.filter((id) => id !== authorId);
    if (others.length) {
      const found = await this.dataSource
        .getRepository(PractitionerEntity)
        .count({ where: { id: In(others), verification: 'VERIFIED' as never } });
      if (found !== others.length) throw new NotFoundError('One of the facilitators');
    }
    return [authorId, ...others];
  }

  /** With an idempotency key, a retry returns the course the first request created and writes nothing. */
  async create(viewer: Viewer, input: CreateCourseInput): Promise<CourseEntity> {
    const { idempotencyKey, ...args } = input;
    const load = (id: string) => this.dataSource.getRepository(CourseEntity).findOneByOrFail({ id });
    const create = await this.idempotency.begin(viewer.id, 'createCourse', idempotencyKey, args, load);
    if (create.earlier) return create.earlier;
    if (!canCreateCourse(viewer)) throw new ForbiddenError('Experts, moderators and admins create courses.');
    const title = input.title.trim();
    if (!title) throw blank('title');
    checkDates(input.startsAt ?? null, input.endsAt ?? null);
    if (!input.startsAt !== !input.endsAt)
      throw new BadUserInputError('A cohort has both dates; a self-paced course neither.', [
        { field: input.startsAt ? 'endsAt' : 'startsAt', message: 'give both dates or neither' },
      ]);
    const areas = checkThematicAreas(this.catalog, input.thematicAreaCodes ?? [], 'thematicAreaCodes');
    const facilitators = await this.checkFacilitators(viewer.id, input.facilitatorIds ?? []);
    const languages = input.languages?.length ? input.languages : [input.language];
    const { result } = await create.run(async (manager) => {
      const course = await manager.getRepository(CourseEntity).save(
        manager.create(CourseEntity, {
          authorId: viewer.id,
          title,
          summary: input.summary ?? '',
          body: input.description ?? '',
          language: input.language,
          languages,
          thematicAreaCodes: areas,
          startsAt: input.startsAt ?? null,
          endsAt: input.endsAt ?? null,
          enrollmentPolicy: input.enrollmentPolicy,
          capacity: input.capacity ?? null,
          status: CourseStatus.DRAFT,
        }),
      );
      await manager.insert(
        CourseFacilitatorEntity,
        facilitators.map((practitionerId, position) => ({ courseId: course.id, practitionerId, position })),
      );
      return course;
    });
    return result;
  }

  /**
   * Locks the course row (FOR UPDATE) and checks the viewer may see it (NOT_FOUND otherwise) and, with
   * `manage`, run it (FORBIDDEN otherwise).
   */
  async lockVisible(
    manager: EntityManager,
    viewer: Viewer,
    id: string,
    manage: boolean,
  ): Promise<{ course: CourseEntity; facilitatorIds: string[] }> {
    const course = await manager
      .getRepository(CourseEntity)
      .findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!course) throw new NotFoundError('Course');
    const facilitatorIds = await facilitatorIdsOf(manager, id);
    if (!canViewCourse(viewer, course, facilitatorIds)) throw new NotFoundError('Course');
    if (manage && !canManageCourse(viewer, course, facilitatorIds))
      throw new ForbiddenError('Only the course’s facilitators and moderators may do this.');
    return { course, facilitatorIds };
  }

  async readable(viewer: Viewer, id: string): Promise<CourseEntity | null> {
    const course = await this.dataSource.getRepository(CourseEntity).findOneBy({ id });
    if (!course) return null;
    const facilitatorIds = await facilitatorIdsOf(this.dataSource.manager, id);
    return canViewCourse(viewer, course, facilitatorIds) ? course : null;
  }

  async update(viewer: Viewer, input: UpdateCourseInput, id: string): Promise<CourseEntity> {
    refuseNulls(input, ['title', 'summary', 'description', 'thematicAreaCodes', 'enrollmentPolicy']);
    if (input.title !== undefined && !input.title!.trim()) throw blank('title');
    const areas = input.thematicAreaCodes
      ? checkThematicAreas(this.catalog, input.thematicAreaCodes, 'thematicAreaCodes')
      : null;
    return this.uow.run(async ({ manager }) => {
      const { course } = await this.lockVisible(manager, viewer, id, true);
      if (input.capacity != null && input.capacity < course.enrolledCount)
        throw new BadUserInputError(
          `capacity cannot be below the ${course.enrolledCount} approved learners.`,
          [{ field: 'capacity', message: `must be at least ${course.enrolledCount}` }],
        );
      if (input.title != null) course.title = input.title.trim();
      if (input.summary != null) course.summary = input.summary;
      if (input.description != null) course.body = input.description;
      if (areas) course.thematicAreaCodes = areas;
      if (input.enrollmentPolicy != null) course.enrollmentPolicy = input.enrollmentPolicy;
      if (input.capacity !== undefined) course.capacity = input.capacity;
      course.editedAt = new Date();
      return manager.getRepository(CourseEntity).save(course);
    });
  }

  async publish(viewer: Viewer, id: string): Promise<CourseEntity> {
    return this.uow.run(async ({ manager }) => {
      const { course, facilitatorIds } = await this.lockVisible(manager, viewer, id, true);
      if (course.status !== CourseStatus.DRAFT) throw new ConflictError('The course is published already.');
      await openCohortNetwork(manager, course, facilitatorIds);
      course.status = CourseStatus.PUBLISHED;
      course.publishedAt = new Date();
      return manager.getRepository(CourseEntity).save(course);
    });
  }

  /** A keyset page of the courses the viewer may see, newest first, narrowed by the filter. */
  list(
    viewer: Viewer,
    filter: CourseFilterShape | null | undefined,
    args: PageArgs,
  ): Promise<Page<CourseEntity>> {
    const f = filter ?? {};
    const conditions: Sql[] = [policyScope(viewer, (v) => courseReadSql(v, 'c'))];
    if (f.thematicAreaCodes?.length) {
      checkThematicAreas(this.catalog, f.thematicAreaCodes, 'filter.thematicAreaCodes');
      conditions.push(sql`c."thematicAreaCodes" && ${f.thematicAreaCodes}::text[]`);
    }
    if (f.language) conditions.push(sql`${f.language}::text = ANY(c."languages")`);
    if (f.status) conditions.push(sql`c."status"::text = ${f.status}`);
    const qb = this.dataSource.getRepository(CourseEntity).createQueryBuilder('c');
    return entityPage(qb, COURSE_ORDER, COURSE_ORDER.window(args), conditions);
  }

  /** Decodes prerequisite module ids and checks they are other modules of the same course. */
  private async checkPrerequisites(
    manager: EntityManager,
    courseId: string,
    globalIds: string[],
    self: string | null,
  ): Promise<string[]> {
    const ids = globalIds.map((g, i) => fromGlobalIdOf(COURSE_MODULE_TYPE, g, `prerequisiteIds[${i}]`));
    if (self && ids.includes(self))
      throw new BadUserInputError('A module cannot be its own prerequisite.', [
        { field: 'prerequisiteIds', message: 'contains the module itself' },
      ]);
    if (ids.length) {
      const found = await manager.getRepository(CourseModuleEntity).countBy({ id: In(ids), courseId });
      if (found !== ids.length)
        throw new BadUserInputError('Prerequisites are other modules of the same course.', [
          { field: 'prerequisiteIds', message: 'unknown module or another course’s' },
        ]);
    }
    return ids;
  }

  async createModule(viewer: Viewer, input: CreateCourseModuleInput): Promise<CourseModuleEntity> {
    const { idempotencyKey, ...args } = input;
    const courseId = fromGlobalIdOf(COURSE_TYPE, input.courseId, 'courseId');
    const load = (id: string) => this.dataSource.getRepository(CourseModuleEntity).findOneByOrFail({ id });
    const create = await this.idempotency.begin(viewer.id, 'createCourseModule', idempotencyKey, args, load);
    if (create.earlier) return create.earlier;
    const title = input.title.trim();
    if (!title) throw blank('title');
    const { result } = await create.run(async (manager) => {
      await this.lockVisible(manager, viewer, courseId, true);
      const count = await manager.getRepository(CourseModuleEntity).countBy({ courseId });
      if (count >= COURSE_BOUNDS.modules)
        throw new ConflictError(`A course has at most ${COURSE_BOUNDS.modules} modules.`);
      const prerequisiteIds = await this.checkPrerequisites(
        manager,
        courseId,
        input.prerequisiteIds ?? [],
        null,
      );
      return manager.getRepository(CourseModuleEntity).save(
        manager.create(CourseModuleEntity, {
          courseId,
          position: count,
          title,
          unlockAt: input.unlockAt ?? null,
          sequential: input.sequential ?? false,
          prerequisiteIds,
        }),
      );
    });
    return result;
  }

  /** Locks the module's course and checks the viewer runs it. */
  private async lockModule(manager: EntityManager, viewer: Viewer, moduleId: string) {
    const module = await manager.getRepository(CourseModuleEntity).findOneBy({ id: moduleId });
    if (!module) throw new NotFoundError('Module');
    const { course } = await this.lockVisible(manager, viewer, module.courseId, true);
    return { module, course };
  }

  async updateModule(viewer: Viewer, input: UpdateCourseModuleInput): Promise<CourseModuleEntity> {
    refuseNulls(input, ['title', 'sequential', 'prerequisiteIds']);
    const id = fromGlobalIdOf(COURSE_MODULE_TYPE, input.id, 'id');
    if (input.title !== undefined && !input.title!.trim()) throw blank('title');
    return this.uow.run(async ({ manager }) => {
      const { module } = await this.lockModule(manager, viewer, id);
      if (input.prerequisiteIds)
        module.prerequisiteIds = await this.checkPrerequisites(
          manager,
          module.courseId,
          input.prerequisiteIds,
          id,
        );
      if (input.title != null) module.title = input.title.trim();
      if (input.unlockAt !== undefined) module.unlockAt = input.unlockAt;
      if (input.sequential != null) module.sequential = input.sequential;
      return manager.getRepository(CourseModuleEntity).save(module);
    });
  }

  async reorderModules(
    viewer: Viewer,
    courseGlobalId: string,
    moduleGlobalIds: string[],
  ): Promise<CourseEntity> {
    const courseId = fromGlobalIdOf(COURSE_TYPE, courseGlobalId, 'courseId');
    const ids = moduleGlobalIds.map((g, i) => fromGlobalIdOf(COURSE_MODULE_TYPE, g, `moduleIds[${i}]`));
    return this.uow.run(async ({ manager }) => {
      const { course } = await this.lockVisible(manager, viewer, courseId, true);
      const modules = await manager.getRepository(CourseModuleEntity).findBy({ courseId });
      checkPermutation(
        modules.map((m) => m.id),
        ids,
        'moduleIds',
      );
      await reorder(manager, 'course_module', ids);
      return course;
    });
  }

  /** Deletes a module with its lessons; its learners' progress loses those lessons' completions. */
  async deleteModule(viewer: Viewer, globalId: string): Promise<CourseEntity> {
    const id = fromGlobalIdOf(COURSE_MODULE_TYPE, globalId, 'id');
    return this.uow.run(async ({ manager }) => {
      const { course } = await this.lockModule(manager, viewer, id);
      const lessons = await manager.getRepository(LessonEntity).findBy({ moduleId: id });
      await forgetLessons(
        manager,
        course,
        lessons.map((l) => l.id),
      );
      await manager.delete(CourseModuleEntity, { id });
      await manager.query(
        `UPDATE course_module SET "prerequisiteIds" = array_remove("prerequisiteIds", $1::uuid) WHERE "courseId" = $2`,
        [id, course.id],
      );
      const rest = await manager
        .getRepository(CourseModuleEntity)
        .find({ where: { courseId: course.id }, order: { position: 'ASC' } });
      await reorder(
        manager,
        'course_module',
        rest.map((m) => m.id),
      );
      return course;
    });
  }

  private checkLessonShape(kind: CreateLessonInput['kind'], rule: CreateLessonInput['completionRule']): void {
    if (!RULES_OF_KIND[kind].includes(rule))
      throw new BadUserInputError(`A ${kind} lesson is completed by ${RULES_OF_KIND[kind].join(' or ')}.`, [
        { field: 'completionRule', message: `must be one of ${RULES_OF_KIND[kind].join(', ')}` },
      ]);
  }

  async createLesson(viewer: Viewer, input: CreateLessonInput): Promise<LessonEntity> {
    const { idempotencyKey, ...args } = input;
    const moduleId = fromGlobalIdOf(COURSE_MODULE_TYPE, input.moduleId, 'moduleId');
    const load = (id: string) => this.dataSource.getRepository(LessonEntity).findOneByOrFail({ id });
    const create = await this.idempotency.begin(viewer.id, 'createLesson', idempotencyKey, args, load);
    if (create.earlier) return create.earlier;
    const title = input.title.trim();
    if (!title) throw blank('title');
    this.checkLessonShape(input.kind, input.completionRule);
    const bodies = bodiesOf(input.bodies ?? []);
    if (!COMPLETABLE_KINDS.includes(input.kind) && Object.keys(bodies).length)
      throw new BadUserInputError('Only PAGE lessons have bodies.', [
        { field: 'bodies', message: 'PAGE only' },
      ]);
    const { result } = await create.run(async (manager) => {
      const { course } = await this.lockModule(manager, viewer, moduleId);
      const count = await manager.getRepository(LessonEntity).countBy({ moduleId });
      if (count >= COURSE_BOUNDS.lessonsPerModule)
        throw new ConflictError(`A module has at most ${COURSE_BOUNDS.lessonsPerModule} lessons.`);
      const text = splitBodies(bodies, course.language);
      const lesson = await manager.getRepository(LessonEntity).save(
        manager.create(LessonEntity, {
          moduleId,
          courseId: course.id,
          position: count,
          title,
          kind: input.kind,
          completionRule: input.completionRule,
          language: text.language,
          body: text.body,
        }),
      );
      await writeLessonBodies(manager, this.versions, lesson, text.others, viewer.id);
      await manager.increment(CourseEntity, { id: course.id }, 'lessonCount', 1);
      return lesson;
    });
    return result;
  }

  private async lockLesson(manager: EntityManager, viewer: Viewer, lessonId: string) {
    const lesson = await manager.getRepository(LessonEntity).findOneBy({ id: lessonId });
    if (!lesson) throw new NotFoundError('Lesson');
    const { course } = await this.lockVisible(manager, viewer, lesson.courseId, true);
    return { lesson, course };
  }

  async updateLesson(viewer: Viewer, input: UpdateLessonInput): Promise<LessonEntity> {
    refuseNulls(input, ['title', 'bodies', 'body']);
    const id = fromGlobalIdOf(LESSON_TYPE, input.id, 'id');
    if (input.title !== undefined && !input.title!.trim()) throw blank('title');
    if (input.bodies && input.body != null)
      throw new BadUserInputError('Give bodies or body, not both.', [
        { field: 'body', message: 'cannot be given with bodies' },
      ]);
    const bodies = input.bodies ? bodiesOf(input.bodies) : null;
    return this.uow.run(async ({ manager }) => {
      const { lesson, course } = await this.lockLesson(manager, viewer, id);
      if (
        ((bodies && Object.keys(bodies).length) || input.body != null) &&
        !COMPLETABLE_KINDS.includes(lesson.kind)
      )
        throw new BadUserInputError('Only PAGE lessons have bodies.', [
          { field: input.body != null ? 'body' : 'bodies', message: 'PAGE only' },
        ]);
      if (input.title != null) lesson.title = input.title.trim();
      // The original's text changes: the trigger on course_lesson marks its versions outdated (this
      // transaction); `bodies` then writes the other languages again from the same edit.
      const text = bodies ? splitBodies(bodies, course.language) : null;
      if (text) Object.assign(lesson, { language: text.language, body: text.body });
      if (input.body != null) lesson.body = input.body;
      const saved = await manager.getRepository(LessonEntity).save(lesson);
      if (text) await writeLessonBodies(manager, this.versions, saved, text.others, viewer.id);
      return saved;
    });
  }

  async reorderLessons(
    viewer: Viewer,
    moduleGlobalId: string,
    lessonGlobalIds: string[],
  ): Promise<CourseModuleEntity> {
    const moduleId = fromGlobalIdOf(COURSE_MODULE_TYPE, moduleGlobalId, 'moduleId');
    const ids = lessonGlobalIds.map((g, i) => fromGlobalIdOf(LESSON_TYPE, g, `lessonIds[${i}]`));
    return this.uow.run(async ({ manager }) => {
      const { module } = await this.lockModule(manager, viewer, moduleId);
      const lessons = await manager.getRepository(LessonEntity).findBy({ moduleId });
      checkPermutation(
        lessons.map((l) => l.id),
        ids,
        'lessonIds',
      );
      await reorder(manager, 'course_lesson', ids);
      return module;
    });
  }

  async deleteLesson(viewer: Viewer, globalId: string): Promise<CourseModuleEntity> {
    const id = fromGlobalIdOf(LESSON_TYPE, globalId, 'id');
    return this.uow.run(async ({ manager }) => {
      const { lesson, course } = await this.lockLesson(manager, viewer, id);
      await forgetLessons(manager, course, [id]);
      await manager.delete(LessonEntity, { id });
      const rest = await manager
        .getRepository(LessonEntity)
        .find({ where: { moduleId: lesson.moduleId }, order: { position: 'ASC' } });
      await reorder(
        manager,
        'course_lesson',
        rest.map((l) => l.id),
      );
      return manager.getRepository(CourseModuleEntity).findOneByOrFail({ id: lesson.moduleId });
    });
  }
}

function checkPermutation(existing: string[], given: string[], field: string): void {
  const set = new Set(given);
  if (set.size !== given.length || given.length !== existing.length || existing.some((id) => !set.has(id)))
    throw new BadUserInputError(`${field} must list every item once.`, [
      { field, message: 'must list every item of the parent once' },
    ]);
}

/** Writes positions 0..n-1 in the given order (one statement). */
async function reorder(manager: EntityManager, table: 'course_module' | 'course_lesson', ids: string[]) {
  if (!ids.length) return;
  await manager.query(
    `UPDATE ${table} t SET "position" = o.ord - 1
     FROM unnest($1::uuid[]) WITH ORDINALITY AS o(id, ord) WHERE t.id = o.id`,
    [ids],
  );
}

/**
 * Before lessons are deleted (course row locked): the learners who completed them lose those completions
 * from their counts, and the course's lesson count drops.
 */
async function forgetLessons(manager: EntityManager, course: CourseEntity, lessonIds: string[]) {
  if (!lessonIds.length) return;
  await manager.query(
    `UPDATE course_enrollment e SET "doneCount" = e."doneCount" - x.n
     FROM (SELECT "enrollmentId", count(*)::int AS n FROM course_lesson_completion
           WHERE "lessonId" = ANY($1::uuid[]) GROUP BY "enrollmentId") x
     WHERE e.id = x."enrollmentId"`,
    [lessonIds],
  );
  await manager.decrement(CourseEntity, { id: course.id }, 'lessonCount', lessonIds.length);
  course.lessonCount -= lessonIds.length;
}
