import {
  Check,
  Column,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { PractitionerEntity } from '../practitioner';
import { LiveEventEntity } from './live-event.entity';
import { LiveEventQuestionAnswerMode, LiveEventQuestionStatus } from './live-event-question.enums';

/** Text bounds of questions. */
export const LIVE_EVENT_QUESTION_LIMITS = { body: 2000, answer: 10000, dismissReason: 500 } as const;

/**
 * A question asked during a live event (Slido-style Q&A): PENDING until a question moderator publishes it
 * (moderation on), PUBLISHED, or DISMISSED; optionally anonymous to other participants (never to moderators).
 */
@Entity('live_event_question')
@Index('live_event_question_newest_idx', ['eventId', 'createdAt', 'id'])
@Index('live_event_question_top_idx', ['eventId', 'isPinned', 'upvoteCount', 'createdAt', 'id'])
@Index('live_event_question_author_idx', ['authorId'])
@Check('live_event_question_language', `"language" IN ('ar', 'zh', 'en', 'fr', 'ru', 'es')`)
@Check('live_event_question_upvotes', `"upvoteCount" >= 0`)
@Check('live_event_question_body', `char_length("body") BETWEEN 1 AND ${LIVE_EVENT_QUESTION_LIMITS.body}`)
export class LiveEventQuestionEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  eventId: string;

  @ManyToOne(() => LiveEventEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'eventId' })
  event?: LiveEventEntity;

  @Column({ type: 'uuid' })
  authorId: string;

  @ManyToOne(() => PractitionerEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'authorId' })
  author?: PractitionerEntity;

  /** Hidden from other participants (never from question moderators). */
  @Column({ type: 'boolean', default: false })
  isAnonymous: boolean;

  /** ISO 639-1 code of one of the six languages. */
  @Column({ type: 'varchar', length: 2 })
  language: string;

  /** Markdown source. */
  @Column({ type: 'text' })
  body: string;

  @Column({
    type: 'enum',
    enum: LiveEventQuestionStatus,
    enumName: 'live_event_question_status',
  })
  status: LiveEventQuestionStatus;

  /** Why it was dismissed (while DISMISSED). */
  @Column({ type: 'varchar', length: LIVE_EVENT_QUESTION_LIMITS.dismissReason, nullable: true })
  dismissReason: string | null;

  @Column({ type: 'boolean', default: false })
  isPinned: boolean;

  /** Kept in step with live_event_question_upvote under the question's row lock (atomic increments). */
  @Column({ type: 'int', default: 0 })
  upvoteCount: number;

  @Column({ type: 'timestamptz', nullable: true })
  publishedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  answeredAt: Date | null;

  @Column({
    type: 'enum',
    enum: LiveEventQuestionAnswerMode,
    enumName: 'live_event_question_answer_mode',
    nullable: true,
  })
  answerMode: LiveEventQuestionAnswerMode | null;

  /** A written answer (Markdown), for WRITTEN answers. */
  @Column({ type: 'text', nullable: true })
  answer: string | null;

  @Column({ type: 'uuid', nullable: true })
  answeredById: string | null;

  @ManyToOne(() => PractitionerEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'answeredById' })
  answeredBy?: PractitionerEntity;

  /** Set from the application (millisecond precision, like the cursors of the lists). */
  @Column({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz' })
  updatedAt: Date;

  /** Hidden by a moderator (a report's HIDE_CONTENT): gone for everyone but its asker and question moderators. */
  @Column({ type: 'timestamptz', nullable: true })
  hiddenAt: Date | null;
}

/** One practitioner's upvote of a question: at most one each (the primary key). */
@Entity('live_event_question_upvote')
export class LiveEventQuestionUpvoteEntity {
  @PrimaryColumn({ type: 'uuid' })
  questionId: string;

  @PrimaryColumn({ type: 'uuid' })
  practitionerId: string;

  @ManyToOne(() => LiveEventQuestionEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'questionId' })
  question?: LiveEventQuestionEntity;

  @ManyToOne(() => PractitionerEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'practitionerId' })
  practitioner?: PractitionerEntity;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;
}

/** An event's question settings; an event without a row has questions open and moderated. */
@Entity('live_event_question_settings')
export class LiveEventQuestionSettingsEntity {
  @PrimaryColumn({ type: 'uuid' })
  eventId: string;

  @ManyToOne(() => LiveEventEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'eventId' })
  event?: LiveEventEntity;

  @Column({ type: 'boolean', default: true })
  questionsOpen: boolean;

  @Column({ type: 'boolean', default: true })
  moderated: boolean;
}

/** The settings of an event without a row. */
export const DEFAULT_QUESTION_SETTINGS = { questionsOpen: true, moderated: true } as const;

/** Bounds of a comment on a question. */
export const LIVE_EVENT_QUESTION_COMMENT_MAX = 2000;

/** A comment on a question (the discussion under it); seen by whoever may read the question. */
@Entity('live_event_question_comment')
@Index('live_event_question_comment_list_idx', ['questionId', 'createdAt', 'id'])
@Index('live_event_question_comment_author_idx', ['authorId'])
@Check(
  'live_event_question_comment_body',
  `char_length("body") BETWEEN 1 AND ${LIVE_EVENT_QUESTION_COMMENT_MAX}`,
)
export class LiveEventQuestionCommentEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  questionId: string;

  @ManyToOne(() => LiveEventQuestionEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'questionId' })
  question?: LiveEventQuestionEntity;

  @Column({ type: 'uuid' })
  authorId: string;

  @ManyToOne(() => PractitionerEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'authorId' })
  author?: PractitionerEntity;

  /** Markdown source. */
  @Column({ type: 'text' })
  body: string;

  /** Set from the application (millisecond precision, like the cursors of the list). */
  @Column({ type: 'timestamptz' })
  createdAt: Date;

  /** Hidden by a moderator (a report's HIDE_CONTENT): gone for everyone but its author and question moderators. */
  @Column({ type: 'timestamptz', nullable: true })
  hiddenAt: Date | null;
}
