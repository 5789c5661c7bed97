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
  Subscription,
} from 'type-graphql';
import { filter, pipe } from '../../common/pubsub/async-iterables';
import type { Context } from '../../common/context';
import { CurrentViewer } from '../../common/auth/current-viewer';
import type { Viewer } from '../../common/auth/viewer';
import { COMMUNITY } from '../../common/auth/role';
import { isVerified } from '../../common/auth/policy';
import { ForbiddenError, NotFoundError, UnauthenticatedError } from '../../common/errors/errors';
import { BidirectionalConnectionArgs } from '../../common/relay/pagination';
import type { Page } from '../../common/relay/pagination';
import { fromGlobalIdOf, toGlobalId } from '../../common/relay/global-id';
import { nodeType } from '../../common/relay/node-registry';
import { RateLimit } from '../../common/rate-limit/rate-limit.decorator';
import { Practitioner } from '../practitioner';
import type { PractitionerEntity } from '../practitioner';
import { visibleAuthor } from '../content';
import { CourseEnrollmentEntity, CourseEntity, LessonEntity } from './course.entity';
import { EnrollmentStatus } from './course.enums';
import {
  ApproveCourseEnrollmentInput,
  DeclineCourseEnrollmentInput,
  EnrollInCourseInput,
  MarkLessonDoneInput,
  ViewLessonInput,
  WithdrawFromCourseInput,
} from './course.inputs';
import { COURSE_ENROLLMENT_TYPE, COURSE_TYPE, LESSON_TYPE } from './course.service';
import { CourseEnrollmentService } from './course-enrollment.service';
import type { EnrollmentResult, LessonProgressResult } from './course-enrollment.service';
import { Course, CourseEnrollment, CourseEnrollmentConnection, CourseProgress, Lesson } from './course.types';
import { canViewEnrollment } from './course.policy';
import { managesCourse } from './course-access';

declare module '../../common/pubsub/pubsub' {
  interface Topics {
    ENROLLMENT_PROGRESS_CHANGED: [{ enrollmentId: string; practitionerId: string }];
  }
}

/** An enrolment: its learner, or those who run the course (who must see the course). */
export async function canReadEnrollment(ctx: Context, e: CourseEnrollmentEntity): Promise<boolean> {
  if (!isVerified(ctx.viewer)) return false;
  if (e.practitionerId === ctx.viewer.id) return canViewEnrollment(ctx.viewer, e, false);
  const course = await ctx.loaders.course.byId.load(e.courseId);
  return !!course && canViewEnrollment(ctx.viewer, e, await managesCourse(ctx, course));
}

export const courseEnrollmentNode = nodeType<CourseEnrollmentEntity>(COURSE_ENROLLMENT_TYPE, {
  isTypeOf: (value) => value instanceof CourseEnrollmentEntity,
  byId: (ctx, id) => ctx.loaders.course.enrollmentById.load(id),
  canRead: canReadEnrollment,
});

function EnrollmentPayload(name: string, what: string) {
  @ObjectType(name, { description: what })
  class Payload {
    @Field(() => CourseEnrollment, { description: 'The enrolment as it is now.' })
    enrollment: CourseEnrollmentEntity;
  }
  return Payload;
}
export const EnrollInCoursePayload = EnrollmentPayload(
  'EnrollInCoursePayload',
  'The enrolment made (APPROVED or PENDING).',
);
export const WithdrawFromCoursePayload = EnrollmentPayload(
  'WithdrawFromCoursePayload',
  'The enrolment withdrawn.',
);
export const ApproveCourseEnrollmentPayload = EnrollmentPayload(
  'ApproveCourseEnrollmentPayload',
  'The enrolment approved.',
);
export const DeclineCourseEnrollmentPayload = EnrollmentPayload(
  'DeclineCourseEnrollmentPayload',
  'The enrolment declined.',
);

function ProgressPayload(name: string, what: string) {
  @ObjectType(name, { description: what })
  class Payload {
    @Field(() => Lesson, { description: 'The lesson.' })
    lesson: LessonEntity;

    @Field(() => CourseEnrollment, {
      nullable: true,
      description:
        'Your enrolment with its progress as it is now; null for facilitators reading without one.',
    })
    enrollment: CourseEnrollmentEntity | null;
  }
  return Payload;
}
export const ViewLessonPayload = ProgressPayload('ViewLessonPayload', 'The lesson read.');
export const MarkLessonDonePayload = ProgressPayload('MarkLessonDonePayload', 'The lesson marked done.');

@Resolver(() => CourseEnrollment)
export class CourseEnrollmentResolver {
  constructor(private readonly service: CourseEnrollmentService) {}

  @Authorized(COMMUNITY)
  @RateLimit('reaction')
  @Mutation(() => EnrollInCoursePayload, {
    description:
      'Enrols you in a PUBLISHED course you may see, or accepts your invitation: OPEN courses approve while ' +
      'places remain (CONFLICT, reason COURSE_FULL, after); APPROVAL courses keep you PENDING until a ' +
      'facilitator decides; INVITE_ONLY courses admit invited members only (FORBIDDEN, reason NOT_INVITED).',
  })
  enrollInCourse(
    @CurrentViewer() viewer: Viewer,
    @Arg('input', () => EnrollInCourseInput, { description: 'The course.' }) input: EnrollInCourseInput,
  ): Promise<EnrollmentResult> {
    const id = fromGlobalIdOf(COURSE_TYPE, input.courseId, 'courseId');
    return this.service.enroll(viewer, id, input.idempotencyKey);
  }

  @Authorized(COMMUNITY)
  @Mutation(() => WithdrawFromCoursePayload, {
    description: 'Withdraws your enrolment or invitation (an approved one frees its place).',
  })
  withdrawFromCourse(
    @CurrentViewer() viewer: Viewer,
    @Arg('input', () => WithdrawFromCourseInput, { description: 'The course.' })
    input: WithdrawFromCourseInput,
  ): Promise<EnrollmentResult> {
    return this.service.withdraw(viewer, fromGlobalIdOf(COURSE_TYPE, input.courseId, 'courseId'));
  }

  @Authorized(COMMUNITY)
  @Mutation(() => ApproveCourseEnrollmentPayload, {
    description:
      'Approves a PENDING enrolment (facilitators and moderators) while places remain (CONFLICT COURSE_FULL).',
  })
  approveCourseEnrollment(
    @CurrentViewer() viewer: Viewer,
    @Arg('input', () => ApproveCourseEnrollmentInput, { description: 'The enrolment.' })
    input: ApproveCourseEnrollmentInput,
  ): Promise<EnrollmentResult> {
    return this.service.approve(
      viewer,
      fromGlobalIdOf(COURSE_ENROLLMENT_TYPE, input.enrollmentId, 'enrollmentId'),
    );
  }

  @Authorized(COMMUNITY)
  @Mutation(() => DeclineCourseEnrollmentPayload, {
    description: 'Declines a PENDING enrolment or an invitation (facilitators and moderators).',
  })
  declineCourseEnrollment(
    @CurrentViewer() viewer: Viewer,
    @Arg('input', () => DeclineCourseEnrollmentInput, { description: 'The enrolment.' })
    input: DeclineCourseEnrollmentInput,
  ): Promise<EnrollmentResult> {
    return this.service.decline(
      viewer,
      fromGlobalIdOf(COURSE_ENROLLMENT_TYPE, input.enrollmentId, 'enrollmentId'),
    );
  }

  @Authorized(COMMUNITY)
  @Mutation(() => ViewLessonPayload, {
    description:
      'Reads a lesson as a learner: completes it when its rule is VIEWED (PAGE lessons), and records the ' +
      'activity. FORBIDDEN with `extensions.reason` (NOT_ENROLLED, MODULE_LOCKED, PREREQUISITE_INCOMPLETE, ' +
      'PREVIOUS_LESSON_INCOMPLETE) when it is closed to you; RESOURCE_NOT_VISIBLE for a RESOURCE lesson whose ' +
      'publication you may not see (nothing is recorded). Facilitators and moderators may read without ' +
      'enrolment (nothing is recorded).',
  })
  viewLesson(
    @CurrentViewer() viewer: Viewer,
    @Arg('input', () => ViewLessonInput, { description: 'The lesson.' }) input: ViewLessonInput,
  ): Promise<LessonProgressResult> {
    return this.service.progress(viewer, fromGlobalIdOf(LESSON_TYPE, input.lessonId, 'lessonId'), 'VIEW');
  }

  @Authorized(COMMUNITY)
  @Mutation(() => MarkLessonDonePayload, {
    description:
      'Marks a PAGE or RESOURCE lesson done (VIEWED or MARKED_DONE rule), or a LIVE_SESSION lesson whose ' +
      'attendance is recorded (FORBIDDEN NOT_ATTENDED otherwise). Same FORBIDDEN reasons as `viewLesson`; ' +
      'QUIZ and ACTIVITY lessons: FORBIDDEN, reason NOT_MARKABLE (`submitQuizAttempt`, `submitActivity`).',
  })
  markLessonDone(
    @CurrentViewer() viewer: Viewer,
    @Arg('input', () => MarkLessonDoneInput, { description: 'The lesson.' }) input: MarkLessonDoneInput,
  ): Promise<LessonProgressResult> {
    return this.service.progress(viewer, fromGlobalIdOf(LESSON_TYPE, input.lessonId, 'lessonId'), 'DONE');
  }

  @Authorized(COMMUNITY)
  @Query(() => CourseEnrollmentConnection, {
    description:
      'Your enrolments (INVITED, PENDING, APPROVED), newest first, each with its course and progress.',
  })
  myCourses(
    @CurrentViewer() viewer: Viewer,
    @Args() args: BidirectionalConnectionArgs,
  ): Promise<Page<CourseEnrollmentEntity>> {
    return this.service.mine(viewer, args);
  }

  @Authorized(COMMUNITY)
  @Subscription(() => CourseEnrollment, {
    description:
      'Your own enrolments each time their progress changes (from any of your devices). Only yours: nobody ' +
      'else’s progress is ever delivered.',
    subscribe: async ({ context }) => {
      const ctx = context as Context;
      if (!ctx.viewer) throw new UnauthenticatedError();
      if (!isVerified(ctx.viewer)) throw new ForbiddenError('Only verified members follow their progress.');
      const viewerId = ctx.viewer.id;
      return pipe(
        ctx.pubSub.subscribe('ENROLLMENT_PROGRESS_CHANGED'),
        filter((change: { practitionerId: string }) => change.practitionerId === viewerId),
      );
    },
  })
  async enrollmentProgressChanged(
    @Root() change: { enrollmentId: string },
    @Ctx() ctx: Context,
  ): Promise<CourseEnrollmentEntity> {
    ctx.loaders.course.enrollmentById.clear(change.enrollmentId);
    const e = await ctx.loaders.course.enrollmentById.load(change.enrollmentId);
    if (!e) throw new NotFoundError('Enrolment');
    return e;
  }

  @FieldResolver(() => ID, { description: 'Opaque global identifier.' })
  id(@Root() e: CourseEnrollmentEntity): string {
    return toGlobalId(COURSE_ENROLLMENT_TYPE, e.id);
  }

  @FieldResolver(() => Course, { description: 'The course.' })
  async course(@Root() e: CourseEnrollmentEntity, @Ctx() ctx: Context): Promise<CourseEntity> {
    return (await ctx.loaders.course.byId.load(e.courseId))!;
  }

  @FieldResolver(() => Practitioner, {
    nullable: true,
    description: 'The learner; null if their profile is not visible to you.',
  })
  learner(@Root() e: CourseEnrollmentEntity, @Ctx() ctx: Context): Promise<PractitionerEntity | null> {
    return visibleAuthor(ctx, e.practitionerId);
  }

  @FieldResolver(() => CourseProgress, { description: 'Lessons completed of the course’s lessons.' })
  async progress(@Root() e: CourseEnrollmentEntity, @Ctx() ctx: Context): Promise<CourseProgress> {
    const course = await ctx.loaders.course.byId.load(e.courseId);
    const total = course?.lessonCount ?? 0;
    const done = Math.min(e.doneCount, total);
    return {
      done,
      total,
      percent: total ? Math.round((done / total) * 10000) / 100 : 0,
      lastActivityAt: e.lastActivityAt,
      completedAt: e.completedAt,
    };
  }
}

@Resolver(() => Course)
export class CourseEnrollmentFieldsResolver {
  constructor(private readonly service: CourseEnrollmentService) {}

  @FieldResolver(() => CourseEnrollment, {
    nullable: true,
    description: 'Your own enrolment; null when none.',
  })
  viewerEnrollment(@Root() c: CourseEntity, @Ctx() ctx: Context): Promise<CourseEnrollmentEntity | null> {
    return ctx.loaders.course.viewerEnrollment.load(c.id);
  }

  @Authorized(COMMUNITY)
  @FieldResolver(() => CourseEnrollmentConnection, {
    description:
      'Its enrolments with each learner’s progress, oldest first, optionally of one status: for its ' +
      'facilitators and moderators only (FORBIDDEN otherwise).',
  })
  async enrollments(
    @Root() c: CourseEntity,
    @Ctx() ctx: Context,
    @Args() args: BidirectionalConnectionArgs,
    @Arg('status', () => EnrollmentStatus, { nullable: true, description: 'Only this status.' })
    status: EnrollmentStatus | null,
  ): Promise<Page<CourseEnrollmentEntity>> {
    if (!(await managesCourse(ctx, c)))
      throw new ForbiddenError('Only the course’s facilitators and moderators see its learners.');
    return this.service.cohort(c.id, status, args);
  }
}
