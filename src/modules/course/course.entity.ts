import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  PrimaryGeneratedColumn,
  Unique,
  UpdateDateColumn,
} from 'typeorm';
import { PractitionerEntity } from '../practitioner';
import { NetworkEntity } from '../network';
import { ContentChecks, ContentColumns } from '../content';
import { CompletionRule, CourseStatus, EnrollmentPolicy, EnrollmentStatus, LessonKind } from './course.enums';

/** Text bounds of a course (`body` holds the Markdown description, `language` its main language). */
export const COURSE_LIMITS = { title: 200, summary: 1000, body: 20000 } as const;
/** Text bounds of modules and lessons. */
export const LESSON_LIMITS = { title: 200, body: 50000 } as const;

/**
 * A course: a content type of the kernel (title, `body` = the Markdown description, `language`, thematic
 * areas, hiding). Cohort dates, or self-paced when both are null.
 */
@Entity('course')
@Index('course_created_idx', ['createdAt', 'id'])
@ContentChecks('course', COURSE_LIMITS)
@Check('course_places', `"enrolledCount" >= 0 AND ("capacity" IS NULL OR "enrolledCount" <= "capacity")`)
@Check('course_dates', `"endsAt" IS NULL OR "startsAt" IS NULL OR "endsAt" > "startsAt"`)
export class CourseEntity extends ContentColumns(COURSE_LIMITS) {
  @Column({ type: 'uuid' })
  authorId: string;

  @ManyToOne(() => PractitionerEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'authorId' })
  author?: PractitionerEntity;

  @Column({ type: 'enum', enum: CourseStatus, enumName: 'course_status', default: CourseStatus.DRAFT })
  status: CourseStatus;

  /** Languages the course is offered in (ISO 639-1). */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  languages: string[];

  /** Cohort start; null with endsAt null: self-paced. */
  @Column({ type: 'timestamptz', nullable: true })
  startsAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  endsAt: Date | null;

  @Column({
    type: 'enum',
    enum: EnrollmentPolicy,
    enumName: 'course_enrollment_policy',
    default: EnrollmentPolicy.OPEN,
  })
  enrollmentPolicy: EnrollmentPolicy;

  /** Places; null: unlimited. */
  @Column({ type: 'int', nullable: true })
  capacity: number | null;

  /** APPROVED enrolments; kept in step under the course's row lock. */
  @Column({ type: 'int', default: 0 })
  enrolledCount: number;

  /** Lessons of the course (the denominator of progress); kept in step under the course's row lock. */
  @Column({ type: 'int', default: 0 })
  lessonCount: number;

  /** The cohort's discussion network (a WORKING_GROUP created on publication; approved learners join it). */
  @Column({ type: 'uuid', nullable: true })
  networkId: string | null;

  @ManyToOne(() => NetworkEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'networkId' })
  network?: NetworkEntity;
}

/** The facilitators of a course (its author among them). */
@Entity('course_facilitator')
@Index('course_facilitator_practitioner_idx', ['practitionerId'])
export class CourseFacilitatorEntity {
  @PrimaryColumn({ type: 'uuid' })
  courseId: string;

  @PrimaryColumn({ type: 'uuid' })
  practitionerId: string;

  @ManyToOne(() => CourseEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'courseId' })
  course?: CourseEntity;

  @ManyToOne(() => PractitionerEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'practitionerId' })
  practitioner?: PractitionerEntity;

  @Column({ type: 'int', default: 0 })
  position: number;
}

/** An ordered module of a course. */
@Entity('course_module')
@Index('course_module_course_idx', ['courseId', 'position'])
@Check('course_module_title_len', `char_length("title") BETWEEN 1 AND ${LESSON_LIMITS.title}`)
export class CourseModuleEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  courseId: string;

  @ManyToOne(() => CourseEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'courseId' })
  course?: CourseEntity;

  @Column({ type: 'int' })
  position: number;

  @Column({ type: 'varchar', length: LESSON_LIMITS.title })
  title: string;

  /** Closed to learners before this instant; null: open as soon as its prerequisites are completed. */
  @Column({ type: 'timestamptz', nullable: true })
  unlockAt: Date | null;

  /** Its lessons are completed in order. */
  @Column({ type: 'boolean', default: false })
  sequential: boolean;

  /** Modules of the same course to complete first. */
  @Column({ type: 'uuid', array: true, default: () => "'{}'" })
  prerequisiteIds: string[];

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

/**
 * An ordered lesson of a module. PAGE lessons carry a Markdown body in their original `language`; its other
 * languages are versions of the content kernel (kind 'Lesson').
 */
@Entity('course_lesson')
@Index('course_lesson_module_idx', ['moduleId', 'position'])
@Index('course_lesson_course_idx', ['courseId'])
@Check('course_lesson_title_len', `char_length("title") BETWEEN 1 AND ${LESSON_LIMITS.title}`)
@Check('course_lesson_language', `"language" IN ('ar', 'zh', 'en', 'fr', 'ru', 'es')`)
export class LessonEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  moduleId: string;

  @ManyToOne(() => CourseModuleEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'moduleId' })
  module?: CourseModuleEntity;

  @Column({ type: 'uuid' })
  courseId: string;

  @ManyToOne(() => CourseEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'courseId' })
  course?: CourseEntity;

  @Column({ type: 'int' })
  position: number;

  @Column({ type: 'varchar', length: LESSON_LIMITS.title })
  title: string;

  @Column({ type: 'enum', enum: LessonKind, enumName: 'course_lesson_kind' })
  kind: LessonKind;

  @Column({ type: 'enum', enum: CompletionRule, enumName: 'course_completion_rule' })
  completionRule: CompletionRule;

  /** The original's language (the course's when the lesson has no body). */
  @Column({ type: 'varchar', length: 2 })
  language: string;

  /** The original Markdown body; null for a lesson without one. */
  @Column({ type: 'text', nullable: true })
  body: string | null;

  /** LIVE_SESSION lessons: the live event whose attendance completes it. */
  @Column({ type: 'uuid', nullable: true })
  liveEventId: string | null;

  /** RESOURCE lessons: the publication of the library it points to. */
  @Column({ type: 'uuid', nullable: true })
  publicationId: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

/** One learner's enrolment in a course, with their progress (kept in step with their completions). */
@Entity('course_enrollment')
@Unique('course_enrollment_once', ['courseId', 'practitionerId'])
@Index('course_enrollment_learner_idx', ['practitionerId', 'createdAt', 'id'])
@Check('course_enrollment_done', `"doneCount" >= 0`)
export class CourseEnrollmentEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  courseId: string;

  @ManyToOne(() => CourseEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'courseId' })
  course?: CourseEntity;

  @Column({ type: 'uuid' })
  practitionerId: string;

  @ManyToOne(() => PractitionerEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'practitionerId' })
  practitioner?: PractitionerEntity;

  @Column({ type: 'enum', enum: EnrollmentStatus, enumName: 'course_enrollment_status' })
  status: EnrollmentStatus;

  /** Lessons completed. */
  @Column({ type: 'int', default: 0 })
  doneCount: number;

  @Column({ type: 'timestamptz', nullable: true })
  lastActivityAt: Date | null;

  /** When every lesson was completed (once; `course.completed` is recorded then). */
  @Column({ type: 'timestamptz', nullable: true })
  completedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

/** A lesson a learner completed. */
@Entity('course_lesson_completion')
export class LessonCompletionEntity {
  @PrimaryColumn({ type: 'uuid' })
  enrollmentId: string;

  @PrimaryColumn({ type: 'uuid' })
  lessonId: string;

  @ManyToOne(() => CourseEnrollmentEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'enrollmentId' })
  enrollment?: CourseEnrollmentEntity;

  @ManyToOne(() => LessonEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'lessonId' })
  lesson?: LessonEntity;

  @CreateDateColumn({ type: 'timestamptz' })
  completedAt: Date;
}
