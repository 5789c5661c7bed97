import {
  Arg,
  Args,
  Authorized,
  Ctx,
  Field,
  FieldResolver,
  ID,
  Mutation,
  ObjectType,
  Query,
  Resolver,
  Root,
} from 'type-graphql';
import type { Context } from '../../common/context';
import { CurrentViewer } from '../../common/auth/current-viewer';
import type { Viewer } from '../../common/auth/viewer';
import { COMMUNITY } from '../../common/auth/role';
import { ForbiddenError } from '../../common/errors/errors';
import { BidirectionalConnectionArgs } from '../../common/relay/pagination';
import type { Page } from '../../common/relay/pagination';
import { fromGlobalIdOf, toGlobalId } from '../../common/relay/global-id';
import { nodeType } from '../../common/relay/node-registry';
import { RateLimit } from '../../common/rate-limit/rate-limit.decorator';
import { RENDERED_HTML_NOTE, renderMarkdownOnce } from '../../common/markdown/render-markdown';
import { Language } from '../../common/i18n/language';
import { ListSize } from '../../common/limits/list-size';
import { ThematicArea } from '../reference';
import type { ReferenceCatalog, ThematicAreaEntity } from '../reference';
import { Practitioner } from '../practitioner';
import { Network } from '../network';
import type { NetworkEntity } from '../network';
import type { PractitionerEntity } from '../practitioner';
import { thematicAreasOf, visibleAuthor } from '../content';
import { CourseEntity, CourseModuleEntity, LessonEntity } from './course.entity';
import {
  COURSE_BOUNDS,
  CourseFilter,
  CreateCourseInput,
  CreateCourseModuleInput,
  CreateLessonInput,
  DeleteCourseModuleInput,
  DeleteLessonInput,
  PublishCourseInput,
  ReorderCourseModulesInput,
  ReorderLessonsInput,
  UpdateCourseInput,
  UpdateCourseModuleInput,
  UpdateLessonInput,
} from './course.inputs';
import { COURSE_MODULE_TYPE, COURSE_TYPE, CourseService, LESSON_TYPE } from './course.service';
import { Course, CourseConnection, CourseModule, Lesson, ModuleProgressState } from './course.types';
import type { ModuleProgress } from './course.policy';
import { LockReason, ModuleState } from './course.enums';
import {
  canReadCourse,
  managesCourse,
  readableCourse,
  viewerLessonLock,
  viewerOutline,
} from './course-access';
import { lockedError } from './course-enrollment.service';
import { LESSON_VERSION_KIND } from './lesson-text';

export const courseNode = nodeType<CourseEntity>(COURSE_TYPE, {
  isTypeOf: (value) => value instanceof CourseEntity,
  byId: (ctx, id) => ctx.loaders.course.byId.load(id),
  canRead: canReadCourse,
});

/** A module or lesson is part of its course's outline: whoever reads the course reads it. */
async function canReadPart(ctx: Context, part: { courseId: string }): Promise<boolean> {
  return !!(await readableCourse(ctx, part.courseId));
}

export const courseModuleNode = nodeType<CourseModuleEntity>(COURSE_MODULE_TYPE, {
  isTypeOf: (value) => value instanceof CourseModuleEntity,
  byId: (ctx, id) => ctx.loaders.course.moduleById.load(id),
  canRead: canReadPart,
});

export const lessonNode = nodeType<LessonEntity>(LESSON_TYPE, {
  isTypeOf: (value) => value instanceof LessonEntity,
  byId: (ctx, id) => ctx.loaders.course.lessonById.load(id),
  canRead: canReadPart,
});

function CoursePayload(name: string, what: string) {
  @ObjectType(name, { description: what })
  class Payload {
    @Field(() => Course, { description: 'The course as it is now.' })
    course: CourseEntity;
  }
  return Payload;
}
export const CreateCoursePayload = CoursePayload('CreateCoursePayload', 'The course created (a DRAFT).');
export const UpdateCoursePayload = CoursePayload('UpdateCoursePayload', 'The course edited.');
export const PublishCoursePayload = CoursePayload('PublishCoursePayload', 'The course published.');
export const ReorderCourseModulesPayload = CoursePayload(
  'ReorderCourseModulesPayload',
  'The course, its modules reordered.',
);
export const DeleteCourseModulePayload = CoursePayload(
  'DeleteCourseModulePayload',
  'The course, without the module.',
);

function ModulePayload(name: string, what: string) {
  @ObjectType(name, { description: what })
  class Payload {
    @Field(() => CourseModule, { description: 'The module as it is now.' })
    module: CourseModuleEntity;
  }
  return Payload;
}
export const CreateCourseModulePayload = ModulePayload('CreateCourseModulePayload', 'The module created.');
export const UpdateCourseModulePayload = ModulePayload('UpdateCourseModulePayload', 'The module edited.');
export const ReorderLessonsPayload = ModulePayload(
  'ReorderLessonsPayload',
  'The module, its lessons reordered.',
);
export const DeleteLessonPayload = ModulePayload('DeleteLessonPayload', 'The module, without the lesson.');

function LessonPayload(name: string, what: string) {
  @ObjectType(name, { description: what })
  class Payload {
    @Field(() => Lesson, { description: 'The lesson as it is now.' })
    lesson: LessonEntity;
  }
  return Payload;
}
export const CreateLessonPayload = LessonPayload('CreateLessonPayload', 'The lesson created.');
export const UpdateLessonPayload = LessonPayload('UpdateLessonPayload', 'The lesson edited.');

@Resolver(() => Course)
export class CourseResolver {
  constructor(
    private readonly service: CourseService,
    private readonly catalog: ReferenceCatalog,
  ) {}

  @Authorized(COMMUNITY)
  @RateLimit('content')
  @Mutation(() => CreateCoursePayload, {
    description: 'Creates a DRAFT course (experts, moderators and admins); you are its first facilitator.',
  })
  async createCourse(
    @CurrentViewer() viewer: Viewer,
    @Arg('input', () => CreateCourseInput, { description: 'The course.' }) input: CreateCourseInput,
  ): Promise<{ course: CourseEntity }> {
    return { course: await this.service.create(viewer, input) };
  }

  @Authorized(COMMUNITY)
  @RateLimit('content')
  @Mutation(() => UpdateCoursePayload, { description: 'Edits a course (its facilitators and moderators).' })
  async updateCourse(
    @CurrentViewer() viewer: Viewer,
    @Arg('input', () => UpdateCourseInput, { description: 'The course and the changes.' })
    input: UpdateCourseInput,
  ): Promise<{ course: CourseEntity }> {
    return { course: await this.service.update(viewer, input, fromGlobalIdOf(COURSE_TYPE, input.id, 'id')) };
  }

  @Authorized(COMMUNITY)
  @Mutation(() => PublishCoursePayload, {
    description: 'Publishes a DRAFT course to the community (its facilitators and moderators).',
  })
  async publishCourse(
    @CurrentViewer() viewer: Viewer,
    @Arg('input', () => PublishCourseInput, { description: 'The course.' }) input: PublishCourseInput,
  ): Promise<{ course: CourseEntity }> {
    return { course: await this.service.publish(viewer, fromGlobalIdOf(COURSE_TYPE, input.id, 'id')) };
  }

  @Authorized(COMMUNITY)
  @Query(() => Course, { nullable: true, description: 'One course; null if it is not visible to you.' })
  course(
    @CurrentViewer() viewer: Viewer,
    @Arg('id', () => ID, { description: 'The course.' }) id: string,
  ): Promise<CourseEntity | null> {
    return this.service.readable(viewer, fromGlobalIdOf(COURSE_TYPE, id));
  }

  @Authorized(COMMUNITY)
  @Query(() => CourseConnection, {
    description: 'Courses you may see, newest first (keyset pages both ways).',
  })
  courses(
    @CurrentViewer() viewer: Viewer,
    @Args() args: BidirectionalConnectionArgs,
    @Arg('filter', () => CourseFilter, { nullable: true, description: 'Which courses.' })
    filter: CourseFilter | null,
  ): Promise<Page<CourseEntity>> {
    return this.service.list(viewer, filter, args);
  }

  @FieldResolver(() => ID, { description: 'Opaque global identifier.' })
  id(@Root() c: CourseEntity): string {
    return toGlobalId(COURSE_TYPE, c.id);
  }

  @FieldResolver(() => String, { description: 'The description (Markdown, up to 20,000 characters).' })
  description(@Root() c: CourseEntity): string {
    return c.body;
  }

  @FieldResolver(() => String, { description: `The description as HTML. ${RENDERED_HTML_NOTE}` })
  descriptionHtml(@Root() c: CourseEntity, @Ctx() ctx: Context): string {
    return renderMarkdownOnce(ctx, c.body);
  }

  @FieldResolver(() => Language, { description: 'Its main language.' })
  language(@Root() c: CourseEntity): string {
    return c.language;
  }

  @ListSize(COURSE_BOUNDS.languages)
  @FieldResolver(() => [Language], { description: 'The languages it is offered in.' })
  languages(@Root() c: CourseEntity): string[] {
    return c.languages;
  }

  @FieldResolver(() => Boolean, { description: 'Self-paced (no cohort dates).' })
  selfPaced(@Root() c: CourseEntity): boolean {
    return !c.startsAt && !c.endsAt;
  }

  @ListSize(COURSE_BOUNDS.thematicAreas)
  @FieldResolver(() => [ThematicArea], { description: 'Thematic areas concerned.' })
  thematicAreas(@Root() c: CourseEntity): ThematicAreaEntity[] {
    return thematicAreasOf(this.catalog, c.thematicAreaCodes);
  }

  @ListSize(COURSE_BOUNDS.facilitators + 1)
  @FieldResolver(() => [Practitioner], {
    description: 'Its facilitators (the author first) whose profiles are visible to you.',
  })
  async facilitators(@Root() c: CourseEntity, @Ctx() ctx: Context): Promise<PractitionerEntity[]> {
    const ids = await ctx.loaders.course.facilitatorIds.load(c.id);
    const people = await Promise.all(ids.map((id) => visibleAuthor(ctx, id)));
    return people.filter((p): p is PractitionerEntity => !!p);
  }

  @FieldResolver(() => Network, {
    nullable: true,
    description:
      'The cohort’s discussion network (a WORKING_GROUP opened on publication, joined by approved learners); ' +
      'null before publication or if it is not visible to you.',
  })
  async network(@Root() c: CourseEntity, @Ctx() ctx: Context): Promise<NetworkEntity | null> {
    return c.networkId ? ctx.loaders.network.byId.load(c.networkId) : null;
  }

  @FieldResolver(() => Boolean, { description: 'Whether you run it (facilitator or moderator).' })
  viewerCanManage(@Root() c: CourseEntity, @Ctx() ctx: Context): Promise<boolean> {
    return managesCourse(ctx, c);
  }

  @ListSize(COURSE_BOUNDS.modules)
  @FieldResolver(() => [CourseModule], { description: 'Its modules, in order (up to 30).' })
  modules(@Root() c: CourseEntity, @Ctx() ctx: Context): Promise<CourseModuleEntity[]> {
    return ctx.loaders.course.modules.load(c.id);
  }
}

@Resolver(() => CourseModule)
export class CourseModuleResolver {
  constructor(private readonly service: CourseService) {}

  @Authorized(COMMUNITY)
  @RateLimit('content')
  @Mutation(() => CreateCourseModulePayload, {
    description: 'Adds a module at the end of a course (its facilitators and moderators).',
  })
  async createCourseModule(
    @CurrentViewer() viewer: Viewer,
    @Arg('input', () => CreateCourseModuleInput, { description: 'The module.' })
    input: CreateCourseModuleInput,
  ): Promise<{ module: CourseModuleEntity }> {
    return { module: await this.service.createModule(viewer, input) };
  }

  @Authorized(COMMUNITY)
  @RateLimit('content')
  @Mutation(() => UpdateCourseModulePayload, { description: 'Edits a module (facilitators and moderators).' })
  async updateCourseModule(
    @CurrentViewer() viewer: Viewer,
    @Arg('input', () => UpdateCourseModuleInput, { description: 'The module and the changes.' })
    input: UpdateCourseModuleInput,
  ): Promise<{ module: CourseModuleEntity }> {
    return { module: await this.service.updateModule(viewer, input) };
  }

  @Authorized(COMMUNITY)
  @Mutation(() => ReorderCourseModulesPayload, {
    description: 'Puts a course’s modules in a new order (facilitators and moderators).',
  })
  async reorderCourseModules(
    @CurrentViewer() viewer: Viewer,
    @Arg('input', () => ReorderCourseModulesInput, { description: 'The course and the order.' })
    input: ReorderCourseModulesInput,
  ): Promise<{ course: CourseEntity }> {
    return { course: await this.service.reorderModules(viewer, input.courseId, input.moduleIds) };
  }

  @Authorized(COMMUNITY)
  @Mutation(() => DeleteCourseModulePayload, {
    description: 'Deletes a module with its lessons (facilitators and moderators); progress is recounted.',
  })
  async deleteCourseModule(
    @CurrentViewer() viewer: Viewer,
    @Arg('input', () => DeleteCourseModuleInput, { description: 'The module.' })
    input: DeleteCourseModuleInput,
  ): Promise<{ course: CourseEntity }> {
    return { course: await this.service.deleteModule(viewer, input.id) };
  }

  @FieldResolver(() => ID, { description: 'Opaque global identifier.' })
  id(@Root() m: CourseModuleEntity): string {
    return toGlobalId(COURSE_MODULE_TYPE, m.id);
  }

  @FieldResolver(() => Course, { description: 'Its course.' })
  async course(@Root() m: CourseModuleEntity, @Ctx() ctx: Context): Promise<CourseEntity> {
    return (await ctx.loaders.course.byId.load(m.courseId))!;
  }

  @ListSize(COURSE_BOUNDS.modules)
  @FieldResolver(() => [CourseModule], { description: 'Modules to complete first.' })
  async prerequisites(@Root() m: CourseModuleEntity, @Ctx() ctx: Context): Promise<CourseModuleEntity[]> {
    const all = await ctx.loaders.course.modules.load(m.courseId);
    return all.filter((o) => m.prerequisiteIds.includes(o.id));
  }

  @ListSize(COURSE_BOUNDS.lessonsPerModule)
  @FieldResolver(() => [Lesson], { description: 'Its lessons, in order (up to 30).' })
  lessons(@Root() m: CourseModuleEntity, @Ctx() ctx: Context): Promise<LessonEntity[]> {
    return ctx.loaders.course.lessonsOfModule.load(m.id);
  }

  @FieldResolver(() => ModuleProgressState, {
    description: 'Where it stands for you as a learner (LOCKED with NOT_ENROLLED when you are not one).',
  })
  async progress(@Root() m: CourseModuleEntity, @Ctx() ctx: Context): Promise<ModuleProgress> {
    const outline = await viewerOutline(ctx, m.courseId);
    return (
      outline.states.get(m.id) ?? {
        state: ModuleState.LOCKED,
        reason: LockReason.MODULE_LOCKED,
        done: 0,
        total: 0,
      }
    );
  }
}

@Resolver(() => Lesson)
export class LessonResolver {
  constructor(private readonly service: CourseService) {}

  @Authorized(COMMUNITY)
  @RateLimit('content')
  @Mutation(() => CreateLessonPayload, {
    description:
      'Adds a lesson at the end of a module (facilitators and moderators). Every kind can be created; only ' +
      'PAGE lessons can be completed for now.',
  })
  async createLesson(
    @CurrentViewer() viewer: Viewer,
    @Arg('input', () => CreateLessonInput, { description: 'The lesson.' }) input: CreateLessonInput,
  ): Promise<{ lesson: LessonEntity }> {
    return { lesson: await this.service.createLesson(viewer, input) };
  }

  @Authorized(COMMUNITY)
  @RateLimit('content')
  @Mutation(() => UpdateLessonPayload, { description: 'Edits a lesson (facilitators and moderators).' })
  async updateLesson(
    @CurrentViewer() viewer: Viewer,
    @Arg('input', () => UpdateLessonInput, { description: 'The lesson and the changes.' })
    input: UpdateLessonInput,
  ): Promise<{ lesson: LessonEntity }> {
    return { lesson: await this.service.updateLesson(viewer, input) };
  }

  @Authorized(COMMUNITY)
  @Mutation(() => ReorderLessonsPayload, {
    description: 'Puts a module’s lessons in a new order (facilitators and moderators).',
  })
  async reorderLessons(
    @CurrentViewer() viewer: Viewer,
    @Arg('input', () => ReorderLessonsInput, { description: 'The module and the order.' })
    input: ReorderLessonsInput,
  ): Promise<{ module: CourseModuleEntity }> {
    return { module: await this.service.reorderLessons(viewer, input.moduleId, input.lessonIds) };
  }

  @Authorized(COMMUNITY)
  @Mutation(() => DeleteLessonPayload, {
    description: 'Deletes a lesson (facilitators and moderators); progress is recounted.',
  })
  async deleteLesson(
    @CurrentViewer() viewer: Viewer,
    @Arg('input', () => DeleteLessonInput, { description: 'The lesson.' }) input: DeleteLessonInput,
  ): Promise<{ module: CourseModuleEntity }> {
    return { module: await this.service.deleteLesson(viewer, input.id) };
  }

  @FieldResolver(() => ID, { description: 'Opaque global identifier.' })
  id(@Root() l: LessonEntity): string {
    return toGlobalId(LESSON_TYPE, l.id);
  }

  @FieldResolver(() => CourseModule, { description: 'Its module.' })
  async module(@Root() l: LessonEntity, @Ctx() ctx: Context): Promise<CourseModuleEntity> {
    return (await ctx.loaders.course.moduleById.load(l.moduleId))!;
  }

  @ListSize(COURSE_BOUNDS.languages)
  @FieldResolver(() => [Language], {
    description: 'The languages its body can be read in (the original and the versions shown to you).',
  })
  async languages(@Root() l: LessonEntity, @Ctx() ctx: Context): Promise<string[]> {
    return [...(await this.bodies(l, ctx)).keys()].sort();
  }

  @FieldResolver(() => Boolean, { description: 'Whether you completed it.' })
  async completed(@Root() l: LessonEntity, @Ctx() ctx: Context): Promise<boolean> {
    return (await ctx.loaders.course.viewerCompletions.load(l.courseId)).has(l.id);
  }

  @FieldResolver(() => LockReason, {
    nullable: true,
    description: 'Why it is closed to you as a learner; null when open.',
  })
  lockReason(@Root() l: LessonEntity, @Ctx() ctx: Context): Promise<LockReason | null> {
    return viewerLessonLock(ctx, l);
  }

  @FieldResolver(() => String, {
    nullable: true,
    description:
      'The Markdown body in `language` (else the course’s language, else the original); null for kinds ' +
      'without a body. FORBIDDEN with `extensions.reason` (a LockReason) when the lesson is closed to you; ' +
      'facilitators and moderators always read it. Reading it here records nothing: use `viewLesson`.',
  })
  body(
    @Root() l: LessonEntity,
    @Ctx() ctx: Context,
    @Arg('language', () => Language, { nullable: true, description: 'The language wanted.' })
    language: Language | null,
  ): Promise<string | null> {
    return this.bodyOf(l, ctx, language);
  }

  @FieldResolver(() => String, {
    nullable: true,
    description: `The body as HTML (same rules). ${RENDERED_HTML_NOTE}`,
  })
  async bodyHtml(
    @Root() l: LessonEntity,
    @Ctx() ctx: Context,
    @Arg('language', () => Language, { nullable: true, description: 'The language wanted.' })
    language: Language | null,
  ): Promise<string | null> {
    const md = await this.bodyOf(l, ctx, language);
    return md === null ? null : renderMarkdownOnce(ctx, md);
  }

  private async bodyOf(l: LessonEntity, ctx: Context, language: Language | null): Promise<string | null> {
    const course = await readableCourse(ctx, l.courseId);
    if (!course) throw new ForbiddenError('You cannot see this course.');
    if (!(await managesCourse(ctx, course))) {
      const reason = await viewerLessonLock(ctx, l);
      if (reason) throw lockedError(reason);
    }
    const bodies = await this.bodies(l, ctx);
    if (!bodies.size) return null;
    const pick = [language, course.language].find((x) => x && bodies.has(x)) ?? l.language;
    return bodies.get(pick) ?? null;
  }

  /** The lesson's body by language: the original and the versions shown to the viewer (none without a body). */
  private async bodies(l: LessonEntity, ctx: Context): Promise<Map<string, string>> {
    if (l.body === null) return new Map();
    const versions = await ctx.services.contentVersions.shown(ctx, LESSON_VERSION_KIND, l.id);
    return new Map([...versions.map((v) => [v.language, v.body] as const), [l.language, l.body] as const]);
  }
}
