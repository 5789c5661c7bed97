import { Field, ID, InputType, Int } from 'type-graphql';
import { ArrayMaxSize, ArrayUnique, IsEmail, IsEnum, IsOptional, Max, MaxLength, Min } from 'class-validator';
import { Language } from '../../common/i18n/language';
import { MultiLine } from '../../common/validation/text';
import { CreateContentFields, UpdateContentFields } from '../content';
import { IDEMPOTENCY_KEY_ARG } from '../../platform/idempotency/idempotency.service';
import { COURSE_LIMITS, LESSON_LIMITS } from './course.entity';
import { CompletionRule, CourseStatus, EnrollmentPolicy, LessonKind } from './course.enums';

/** How many of each list a course may hold. */
export const COURSE_BOUNDS = {
  thematicAreas: 10,
  languages: 6,
  facilitators: 20,
  modules: 30,
  lessonsPerModule: 30,
  capacity: 100_000,
} as const;

const SHAPE = {
  limits: COURSE_LIMITS,
  body: 'Description in Markdown',
  thematicAreas: COURSE_BOUNDS.thematicAreas,
};
const CREATE = CreateContentFields(SHAPE);
const UPDATE = UpdateContentFields({
  ...SHAPE,
  thematicAreasDescription: 'Thematic areas (replaces the list).',
});

@InputType({ description: 'A new course; it starts as a DRAFT and you are its first facilitator.' })
export class CreateCourseInput {
  @CREATE.title
  title: string;

  @CREATE.summary
  summary: string;

  @CREATE.body
  description: string;

  @CREATE.language
  language: Language;

  @CREATE.thematicAreaCodes
  thematicAreaCodes: string[];

  @Field(() => [Language], { nullable: true, defaultValue: [], description: 'Languages it is offered in.' })
  @ArrayMaxSize(COURSE_BOUNDS.languages)
  @ArrayUnique()
  @IsEnum(Language, { each: true })
  languages: Language[];

  @Field(() => [ID], {
    nullable: true,
    defaultValue: [],
    description: 'Other facilitators (verified members).',
  })
  @ArrayMaxSize(COURSE_BOUNDS.facilitators)
  @ArrayUnique()
  facilitatorIds: string[];

  @Field(() => Date, {
    nullable: true,
    description: 'Cohort start; leave both dates out for a self-paced course.',
  })
  startsAt?: Date | null;

  @Field(() => Date, { nullable: true, description: 'Cohort end (after `startsAt`).' })
  endsAt?: Date | null;

  @Field(() => EnrollmentPolicy, {
    nullable: true,
    defaultValue: EnrollmentPolicy.OPEN,
    description: 'How learners get a place.',
  })
  @IsEnum(EnrollmentPolicy)
  enrollmentPolicy: EnrollmentPolicy;

  @Field(() => Int, { nullable: true, description: 'Places (1 to 100,000); null: unlimited.' })
  @IsOptional()
  @Min(1)
  @Max(COURSE_BOUNDS.capacity)
  capacity?: number | null;

  @Field(() => String, IDEMPOTENCY_KEY_ARG)
  @IsOptional()
  idempotencyKey?: string | null;
}

@InputType({ description: 'Changes to a course (its facilitators and moderators); omitted fields are kept.' })
export class UpdateCourseInput {
  @Field(() => ID, { description: 'The course.' })
  id: string;

  @UPDATE.title
  title?: string | null;

  @UPDATE.summary
  summary?: string | null;

  @UPDATE.body
  description?: string | null;

  @UPDATE.thematicAreaCodes
  thematicAreaCodes?: string[] | null;

  @Field(() => EnrollmentPolicy, { nullable: true, description: 'How learners get a place.' })
  @IsOptional()
  @IsEnum(EnrollmentPolicy)
  enrollmentPolicy?: EnrollmentPolicy | null;

  @Field(() => Int, { nullable: true, description: 'Places; not below the approved learners.' })
  @IsOptional()
  @Min(1)
  @Max(COURSE_BOUNDS.capacity)
  capacity?: number | null;
}

@InputType({ description: 'The course to publish.' })
export class PublishCourseInput {
  @Field(() => ID, { description: 'The course (a DRAFT).' })
  id: string;
}

@InputType({ description: 'A new module, added at the end of its course.' })
export class CreateCourseModuleInput {
  @Field(() => ID, { description: 'The course.' })
  courseId: string;

  @Field({ description: `Title (1 to ${LESSON_LIMITS.title} characters).` })
  @MaxLength(LESSON_LIMITS.title)
  title: string;

  @Field(() => Date, { nullable: true, description: 'Closed to learners before this instant.' })
  unlockAt?: Date | null;

  @Field({ nullable: true, defaultValue: false, description: 'Its lessons must be completed in order.' })
  sequential: boolean;

  @Field(() => [ID], {
    nullable: true,
    defaultValue: [],
    description: 'Modules of the same course to complete first.',
  })
  @ArrayMaxSize(COURSE_BOUNDS.modules)
  @ArrayUnique()
  prerequisiteIds: string[];

  @Field(() => String, IDEMPOTENCY_KEY_ARG)
  @IsOptional()
  idempotencyKey?: string | null;
}

@InputType({ description: 'Changes to a module; omitted fields are kept.' })
export class UpdateCourseModuleInput {
  @Field(() => ID, { description: 'The module.' })
  id: string;

  @Field(() => String, { nullable: true, description: 'Title.' })
  @IsOptional()
  @MaxLength(LESSON_LIMITS.title)
  title?: string | null;

  @Field(() => Date, { nullable: true, description: 'Unlock instant (null: no date).' })
  unlockAt?: Date | null;

  @Field(() => Boolean, { nullable: true, description: 'Its lessons must be completed in order.' })
  sequential?: boolean | null;

  @Field(() => [ID], { nullable: true, description: 'Prerequisite modules (replaces the list).' })
  @IsOptional()
  @ArrayMaxSize(COURSE_BOUNDS.modules)
  @ArrayUnique()
  prerequisiteIds?: string[] | null;
}

@InputType({ description: 'The new order of a course’s modules.' })
export class ReorderCourseModulesInput {
  @Field(() => ID, { description: 'The course.' })
  courseId: string;

  @Field(() => [ID], { description: 'Every module of the course, once, in the new order.' })
  @ArrayMaxSize(COURSE_BOUNDS.modules)
  moduleIds: string[];
}

@InputType({ description: 'The module to delete (with its lessons).' })
export class DeleteCourseModuleInput {
  @Field(() => ID, { description: 'The module.' })
  id: string;
}

@InputType({ description: 'The body of a PAGE lesson in one language.' })
export class LessonBodyInput {
  @Field(() => Language, { description: 'Its language.' })
  @IsEnum(Language)
  language: Language;

  @Field({ description: `Markdown (up to ${LESSON_LIMITS.body} characters).` })
  @MaxLength(LESSON_LIMITS.body)
  @MultiLine()
  body: string;
}

@InputType({ description: 'A new lesson, added at the end of its module.' })
export class CreateLessonInput {
  @Field(() => ID, { description: 'The module.' })
  moduleId: string;

  @Field({ description: `Title (1 to ${LESSON_LIMITS.title} characters).` })
  @MaxLength(LESSON_LIMITS.title)
  title: string;

  @Field(() => LessonKind, { nullable: true, defaultValue: LessonKind.PAGE, description: 'What it is.' })
  @IsEnum(LessonKind)
  kind: LessonKind;

  @Field(() => CompletionRule, {
    nullable: true,
    defaultValue: CompletionRule.VIEWED,
    description: 'What completes it (PAGE: VIEWED or MARKED_DONE).',
  })
  @IsEnum(CompletionRule)
  completionRule: CompletionRule;

  @Field(() => [LessonBodyInput], {
    nullable: true,
    defaultValue: [],
    description: 'Bodies by language (PAGE).',
  })
  @ArrayMaxSize(6)
  bodies: LessonBodyInput[];

  @Field(() => String, IDEMPOTENCY_KEY_ARG)
  @IsOptional()
  idempotencyKey?: string | null;
}

@InputType({ description: 'Changes to a lesson; omitted fields are kept.' })
export class UpdateLessonInput {
  @Field(() => ID, { description: 'The lesson.' })
  id: string;

  @Field(() => String, { nullable: true, description: 'Title.' })
  @IsOptional()
  @MaxLength(LESSON_LIMITS.title)
  title?: string | null;

  @Field(() => [LessonBodyInput], {
    nullable: true,
    description:
      'Bodies by language (replaces them all): the course’s language, else the first in alphabetical order, ' +
      'is the original; the others are written as reviewed versions, and versions in languages left out ' +
      'are removed (translations awaiting review stay).',
  })
  @IsOptional()
  @ArrayMaxSize(6)
  bodies?: LessonBodyInput[] | null;

  @Field(() => String, {
    nullable: true,
    description:
      `The original’s Markdown body alone (up to ${LESSON_LIMITS.body} characters; PAGE), in its language ` +
      '(`version` with origin ORIGINAL); its versions are kept and marked outdated. Not with `bodies`.',
  })
  @IsOptional()
  @MaxLength(LESSON_LIMITS.body)
  @MultiLine()
  body?: string | null;
}

@InputType({ description: 'The new order of a module’s lessons.' })
export class ReorderLessonsInput {
  @Field(() => ID, { description: 'The module.' })
  moduleId: string;

  @Field(() => [ID], { description: 'Every lesson of the module, once, in the new order.' })
  @ArrayMaxSize(COURSE_BOUNDS.lessonsPerModule)
  lessonIds: string[];
}

@InputType({ description: 'The lesson to delete.' })
export class DeleteLessonInput {
  @Field(() => ID, { description: 'The lesson.' })
  id: string;
}

@InputType({ description: 'The course to enrol in.' })
export class EnrollInCourseInput {
  @Field(() => ID, { description: 'The course.' })
  courseId: string;

  @Field(() => String, IDEMPOTENCY_KEY_ARG)
  @IsOptional()
  idempotencyKey?: string | null;
}

@InputType({ description: 'The course to withdraw from.' })
export class WithdrawFromCourseInput {
  @Field(() => ID, { description: 'The course.' })
  courseId: string;
}

@InputType({ description: 'The enrolment to approve.' })
export class ApproveCourseEnrollmentInput {
  @Field(() => ID, { description: 'The enrolment (PENDING).' })
  enrollmentId: string;
}

@InputType({ description: 'The enrolment to decline.' })
export class DeclineCourseEnrollmentInput {
  @Field(() => ID, { description: 'The enrolment (PENDING or INVITED).' })
  enrollmentId: string;
}

@InputType({
  description: 'Whom to invite to which course: exactly one of `practitionerId` and `email`.',
})
export class InviteToCourseInput {
  @Field(() => ID, { description: 'The course.' })
  courseId: string;

  @Field(() => ID, {
    nullable: true,
    description: 'A verified member invited (they accept with `enrollInCourse`).',
  })
  @IsOptional()
  practitionerId?: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      'An address invited by e-mail (a `course-invitation` message with a link valid 14 days); the answer is ' +
      'the same whether or not the address has an account.',
  })
  @IsOptional()
  @MaxLength(254)
  @IsEmail({}, { message: 'email must be an e-mail address' })
  email?: string | null;

  @Field(() => String, IDEMPOTENCY_KEY_ARG)
  @IsOptional()
  idempotencyKey?: string | null;
}

@InputType({ description: 'The lesson read.' })
export class ViewLessonInput {
  @Field(() => ID, { description: 'The lesson.' })
  lessonId: string;
}

@InputType({ description: 'The lesson marked done.' })
export class MarkLessonDoneInput {
  @Field(() => ID, { description: 'The lesson.' })
  lessonId: string;
}

@InputType({ description: 'Which courses.' })
export class CourseFilter {
  @Field(() => [String], { nullable: true, description: 'Courses about one of these thematic areas.' })
  @IsOptional()
  @ArrayMaxSize(COURSE_BOUNDS.thematicAreas)
  thematicAreaCodes?: string[] | null;

  @Field(() => Language, { nullable: true, description: 'Courses offered in this language.' })
  @IsOptional()
  @IsEnum(Language)
  language?: Language | null;

  @Field(() => CourseStatus, { nullable: true, description: 'Only this status (drafts: the ones you run).' })
  @IsOptional()
  @IsEnum(CourseStatus)
  status?: CourseStatus | null;
}

@InputType({ description: 'The invitation accepted.' })
export class AcceptCourseInvitationInput {
  @Field({ description: 'The token of the invitation’s link (`/course-invitations/<token>`).' })
  @MaxLength(100)
  token: string;
}

@InputType({ description: 'The invitation revoked.' })
export class RevokeCourseInvitationInput {
  @Field(() => ID, { description: 'The invitation.' })
  id: string;
}
