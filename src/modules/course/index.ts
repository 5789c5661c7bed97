import { defineModule } from '../../platform/module/module-manifest';
import type { UnitOfWork } from '../../platform/unit-of-work/unit-of-work';
import type { IdempotencyService } from '../../platform/idempotency/idempotency.service';
import type { AppPubSub } from '../../common/pubsub/pubsub';
import type { ReferenceCatalog } from '../reference';
import {
  CourseEnrollmentEntity,
  CourseEntity,
  CourseFacilitatorEntity,
  CourseModuleEntity,
  LessonCompletionEntity,
  LessonEntity,
} from './course.entity';
import { ActivitySubmissionEntity, QuizAttemptEntity, QuizEntity } from './course-kinds.entity';
import { CourseService } from './course.service';
import { CourseEnrollmentService } from './course-enrollment.service';
import { createCourseLoaders } from './course.loaders';
import {
  CourseModuleResolver,
  CourseResolver,
  LessonResolver,
  courseModuleNode,
  courseNode,
  lessonNode,
} from './course.resolver';
import {
  CourseEnrollmentFieldsResolver,
  CourseEnrollmentResolver,
  courseEnrollmentNode,
} from './course-enrollment.resolver';
import { CourseInvitationEntity } from './course-invitation.entity';
import { CourseInvitationService } from './course-invitation.service';
import { createCourseInvitationLoaders } from './course-invitation.loaders';
import {
  CourseInvitationResolver,
  CourseInvitationsFieldResolver,
  PractitionerCourseNominationsResolver,
  courseInvitationNode,
} from './course-invitation.resolver';
import type { PractitionerService } from '../practitioner';
import { courseProgressConsumer } from './course-progress.consumer';
import { courseAttendanceConsumer } from './course-attendance.consumer';
import { CourseKindsService } from './course-kinds.service';
import { createCourseKindLoaders } from './course-kinds.loaders';
import {
  ActivitySubmissionResolver,
  LessonKindsResolver,
  activitySubmissionNode,
} from './course-kinds.resolver';
import { VersionFieldResolver } from '../content';
import type { ContentVersionService } from '../content';
import { Course, Lesson } from './course.types';
import { LESSON_VERSION_KIND } from './lesson-text';
import { lessonText, reviewsLesson } from './lesson-versions';
import { courseContentKind } from './course.kind';
import type { ContentKinds } from '../content';

/** Language versions of Course (the `version` field, from the content kernel). */
const CourseVersionField = VersionFieldResolver(Course, 'Course');
/** Language versions of Lesson: its text is closed to learners who have not reached it (lesson-text.ts). */
const LessonVersionField = VersionFieldResolver(Lesson, LESSON_VERSION_KIND);

interface CourseNeeds {
  catalog: ReferenceCatalog;
  uow: UnitOfWork;
  idempotency: IdempotencyService;
  pubSub: AppPubSub;
  contentVersions: ContentVersionService;
  contentKinds: ContentKinds;
  practitioners: PractitionerService;
}

/**
 * Courses (issue 14): courses as a content kind, ordered modules and lessons, enrolment with capacity, and
 * per-learner progress (module states, completions, `course.completed`).
 */
export const courseModule = defineModule({
  name: 'course',
  entities: [
    CourseEntity,
    CourseFacilitatorEntity,
    CourseModuleEntity,
    LessonEntity,
    CourseEnrollmentEntity,
    LessonCompletionEntity,
    QuizEntity,
    QuizAttemptEntity,
    ActivitySubmissionEntity,
    CourseInvitationEntity,
  ],
  services: (s: CourseNeeds, { dataSource, config }) => {
    s.contentKinds.register(courseContentKind);
    // Lessons are versioned content but not a content kind of moderation (they are their course's): their
    // translations are reviewed by the course's facilitators (and moderators) before other readers see them.
    s.contentVersions.registerRules(LESSON_VERSION_KIND, {
      text: (ctx, record) => lessonText(ctx, record as LessonEntity),
      reviews: reviewsLesson,
      review: true,
    });
    const courses = new CourseService(dataSource, s.catalog, s.uow, s.idempotency, s.contentVersions);
    const courseEnrollments = new CourseEnrollmentService(dataSource, s.uow, s.idempotency, courses);
    const courseInvitations = new CourseInvitationService(
      dataSource,
      s.uow,
      s.idempotency,
      courses,
      courseEnrollments,
      s.practitioners,
      config.jwtSecret,
    );
    // Vetting decides on nominations: verifying enrols the accepted invitations, rejecting removes them.
    s.practitioners.addListener(courseInvitations.listener());
    return {
      courses,
      courseEnrollments,
      courseInvitations,
      courseKinds: new CourseKindsService(dataSource, s.uow, s.idempotency, courses),
    };
  },
  outboxConsumers: (s, { dataSource }) => [
    courseProgressConsumer(s.pubSub),
    courseAttendanceConsumer(dataSource, s.uow),
  ],
  resolvers: [
    { resolver: CourseVersionField, create: (s) => new CourseVersionField(s.contentVersions) },
    { resolver: LessonVersionField, create: (s) => new LessonVersionField(s.contentVersions) },
    { resolver: CourseResolver, create: (s) => new CourseResolver(s.courses, s.catalog) },
    { resolver: CourseModuleResolver, create: (s) => new CourseModuleResolver(s.courses) },
    { resolver: LessonResolver, create: (s) => new LessonResolver(s.courses) },
    {
      resolver: CourseEnrollmentResolver,
      create: (s) => new CourseEnrollmentResolver(s.courseEnrollments),
    },
    {
      resolver: CourseEnrollmentFieldsResolver,
      create: (s) => new CourseEnrollmentFieldsResolver(s.courseEnrollments),
    },
    {
      resolver: CourseInvitationResolver,
      create: (s) => new CourseInvitationResolver(s.courseInvitations, s.courseEnrollments),
    },
    {
      resolver: CourseInvitationsFieldResolver,
      create: (s) => new CourseInvitationsFieldResolver(s.courseInvitations),
    },
    PractitionerCourseNominationsResolver,
    { resolver: LessonKindsResolver, create: (s) => new LessonKindsResolver(s.courseKinds) },
    { resolver: ActivitySubmissionResolver, create: () => new ActivitySubmissionResolver() },
  ],
  loaders: (viewer, _s, { dataSource }) => ({
    course: createCourseLoaders(dataSource, viewer),
    courseKinds: createCourseKindLoaders(dataSource, viewer),
    courseInvitation: createCourseInvitationLoaders(dataSource),
  }),
  nodes: [
    courseNode,
    courseModuleNode,
    lessonNode,
    courseEnrollmentNode,
    activitySubmissionNode,
    courseInvitationNode,
  ],
});

// Used by other modules through this index (kept by scripts/codemods/module-imports.mjs).
export { managesCourse } from './course-access';
export { seedDemoCourse } from './course-demo';
export { CourseEnrollmentEntity, CourseEntity } from './course.entity';
export { canManageCourse, courseReadSql, listedCourseSql } from './course.policy';
export { COURSE_TYPE, facilitatorIdsOf } from './course.service';
export { Course } from './course.types';
