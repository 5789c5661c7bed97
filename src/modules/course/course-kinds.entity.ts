import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  OneToOne,
  PrimaryColumn,
  PrimaryGeneratedColumn,
  Unique,
  UpdateDateColumn,
} from 'typeorm';
import { PractitionerEntity } from '../practitioner';
import { CourseEnrollmentEntity, LessonEntity } from './course.entity';

/** Bounds of quizzes and activities. */
export const QUIZ_LIMITS = {
  questions: 30,
  choices: 8,
  prompt: 1000,
  choice: 300,
  maxAttempts: 20,
} as const;
export const ACTIVITY_LIMITS = { body: 10000, feedback: 5000 } as const;

/** A choice of a quiz question (`correct` never leaves the server for learners still trying). */
export interface QuizChoiceData {
  id: string;
  text: string;
  correct: boolean;
}

/** A question of a quiz: single choice (one correct choice) or multiple choice (one or more). */
export interface QuizQuestionData {
  id: string;
  prompt: string;
  multiple: boolean;
  choices: QuizChoiceData[];
}

/** The quiz of a QUIZ lesson: its questions, pass mark (percent) and attempts allowed. */
@Entity('course_quiz')
@Check('course_quiz_pass_mark', `"passMark" BETWEEN 1 AND 100`)
@Check('course_quiz_attempts', `"maxAttempts" BETWEEN 1 AND ${QUIZ_LIMITS.maxAttempts}`)
export class QuizEntity {
  @PrimaryColumn({ type: 'uuid' })
  lessonId: string;

  @OneToOne(() => LessonEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'lessonId' })
  lesson?: LessonEntity;

  @Column({ type: 'int' })
  passMark: number;

  @Column({ type: 'int' })
  maxAttempts: number;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  questions: QuizQuestionData[];

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

/** One learner's attempt at a quiz, scored on the server. */
@Entity('course_quiz_attempt')
@Unique('course_quiz_attempt_number', ['lessonId', 'enrollmentId', 'number'])
@Check('course_quiz_attempt_score', `"score" BETWEEN 0 AND 100`)
export class QuizAttemptEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  lessonId: string;

  @ManyToOne(() => LessonEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'lessonId' })
  lesson?: LessonEntity;

  @Column({ type: 'uuid' })
  enrollmentId: string;

  @ManyToOne(() => CourseEnrollmentEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'enrollmentId' })
  enrollment?: CourseEnrollmentEntity;

  /** 1 for the first attempt. */
  @Column({ type: 'int' })
  number: number;

  /** The choices picked, by question id. */
  @Column({ type: 'jsonb' })
  answers: Record<string, string[]>;

  /** Percent of questions answered exactly right. */
  @Column({ type: 'int' })
  score: number;

  @Column({ type: 'boolean' })
  passed: boolean;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

/** A learner's submission to an ACTIVITY lesson, with a facilitator's feedback. */
@Entity('course_activity_submission')
@Unique('course_activity_submission_once', ['lessonId', 'practitionerId'])
@Index('course_activity_submission_lesson_idx', ['lessonId', 'createdAt', 'id'])
@Check('course_activity_submission_body_len', `char_length("body") BETWEEN 1 AND ${ACTIVITY_LIMITS.body}`)
export class ActivitySubmissionEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  lessonId: string;

  @ManyToOne(() => LessonEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'lessonId' })
  lesson?: LessonEntity;

  @Column({ type: 'uuid' })
  courseId: string;

  @Column({ type: 'uuid' })
  enrollmentId: string;

  @ManyToOne(() => CourseEnrollmentEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'enrollmentId' })
  enrollment?: CourseEnrollmentEntity;

  @Column({ type: 'uuid' })
  practitionerId: string;

  @ManyToOne(() => PractitionerEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'practitionerId' })
  practitioner?: PractitionerEntity;

  /** Markdown. */
  @Column({ type: 'text' })
  body: string;

  @Column({ type: 'text', nullable: true })
  feedback: string | null;

  @Column({ type: 'uuid', nullable: true })
  feedbackById: string | null;

  @ManyToOne(() => PractitionerEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'feedbackById' })
  feedbackBy?: PractitionerEntity;

  @Column({ type: 'timestamptz', nullable: true })
  feedbackAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
