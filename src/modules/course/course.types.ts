import { Field, Float, Int, ObjectType } from 'type-graphql';
import { Node } from '../../common/relay/node.interface';
import { Connection } from '../../common/relay/connection';
import { PLAIN_TEXT_NOTE } from '../../common/markdown/render-markdown';
import { COURSE_LIMITS } from './course.entity';
import {
  CompletionRule,
  CourseStatus,
  EnrollmentPolicy,
  EnrollmentStatus,
  LessonKind,
  LockReason,
  ModuleState,
} from './course.enums';

@ObjectType('Course', {
  implements: Node,
  description:
    'A course: ordered modules of ordered lessons, with enrolment and progress. Drafts are seen by its ' +
    'facilitators and moderators; published courses by every member.',
})
export class Course extends Node {
  @Field({ description: `Title (up to ${COURSE_LIMITS.title} characters).` })
  title: string;

  @Field({ description: `Short summary. ${PLAIN_TEXT_NOTE}` })
  summary: string;

  @Field(() => CourseStatus, { description: 'Where it stands.' })
  status: CourseStatus;

  @Field(() => Date, { nullable: true, description: 'Cohort start; null with `endsAt` null: self-paced.' })
  startsAt: Date | null;

  @Field(() => Date, { nullable: true, description: 'Cohort end.' })
  endsAt: Date | null;

  @Field(() => EnrollmentPolicy, { description: 'How learners get a place.' })
  enrollmentPolicy: EnrollmentPolicy;

  @Field(() => Int, { nullable: true, description: 'Places; null: unlimited.' })
  capacity: number | null;

  @Field(() => Int, { description: 'Approved learners (places taken).' })
  enrolledCount: number;

  @Field(() => Int, { description: 'Lessons in the course.' })
  lessonCount: number;

  @Field(() => Date, { nullable: true, description: 'When it was published.' })
  publishedAt: Date | null;

  @Field({ description: 'When it was created.' })
  createdAt: Date;
}
export const CourseConnection = Connection(Course, 'Course');

@ObjectType('CourseModule', { implements: Node, description: 'An ordered module of a course.' })
export class CourseModule extends Node {
  @Field({ description: 'Title.' })
  title: string;

  @Field(() => Int, { description: 'Its place in the course (0 first).' })
  position: number;

  @Field(() => Date, { nullable: true, description: 'Closed to learners before this instant.' })
  unlockAt: Date | null;

  @Field({ description: 'Its lessons are completed in order.' })
  sequential: boolean;
}

@ObjectType('Lesson', {
  implements: Node,
  description: 'An ordered lesson of a module. Its title is part of the outline; its body opens to learners.',
})
export class Lesson extends Node {
  @Field({ description: 'Title.' })
  title: string;

  @Field(() => Int, { description: 'Its place in the module (0 first).' })
  position: number;

  @Field(() => LessonKind, { description: 'What it is.' })
  kind: LessonKind;

  @Field(() => CompletionRule, { description: 'What completes it.' })
  completionRule: CompletionRule;
}

@ObjectType('CourseProgress', { description: 'A learner’s progress in a course.' })
export class CourseProgress {
  @Field(() => Int, { description: 'Lessons completed.' })
  done: number;

  @Field(() => Int, { description: 'Lessons in the course.' })
  total: number;

  @Field(() => Float, { description: 'done / total × 100 (0 to 100; 0 for a course without lessons).' })
  percent: number;

  @Field(() => Date, { nullable: true, description: 'The last lesson read or completed.' })
  lastActivityAt: Date | null;

  @Field(() => Date, { nullable: true, description: 'When every lesson was completed.' })
  completedAt: Date | null;
}

@ObjectType('CourseEnrollment', {
  implements: Node,
  description: 'One learner’s enrolment in a course: seen by the learner and by those who run the course.',
})
export class CourseEnrollment extends Node {
  @Field(() => EnrollmentStatus, { description: 'Where it stands.' })
  status: EnrollmentStatus;

  @Field({ description: 'When it was made (or the invitation sent).' })
  createdAt: Date;
}
export const CourseEnrollmentConnection = Connection(CourseEnrollment, 'CourseEnrollment');

@ObjectType('ModuleProgressState', { description: 'Where a module stands for you.' })
export class ModuleProgressState {
  @Field(() => ModuleState, { description: 'LOCKED, UNLOCKED, STARTED or COMPLETED.' })
  state: ModuleState;

  @Field(() => LockReason, { nullable: true, description: 'Why it is LOCKED; null otherwise.' })
  reason: LockReason | null;

  @Field(() => Int, { description: 'Its lessons you completed.' })
  done: number;

  @Field(() => Int, { description: 'Its lessons.' })
  total: number;
}
