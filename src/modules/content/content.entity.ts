import {
  Check,
  Column,
  CreateDateColumn,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { PractitionerEntity } from '../practitioner';

/** The bounds of a content type's text columns (characters). */
export interface ContentLimits {
  title: number;
  summary: number;
  body: number;
}

/**
 * The columns every publishable content type has, written once: the base class of its entity. Each type
 * keeps its own table, its author column (nullability and ON DELETE differ), its status enum and its own
 * columns; `ContentChecks` adds the matching check constraints.
 */
export function ContentColumns(limits: ContentLimits) {
  abstract class Content {
    @PrimaryGeneratedColumn('uuid')
    id: string;

    @Column({ type: 'varchar', length: limits.title })
    title: string;

    @Column({ type: 'varchar', length: limits.summary, default: '' })
    summary: string;

    @Column({ type: 'text', default: '' })
    body: string;

    @Column({ type: 'varchar', length: 2 })
    language: string;

    @Column({ type: 'text', array: true, default: () => "'{}'" })
    thematicAreaCodes: string[];

    @Column({ type: 'timestamptz', nullable: true })
    publishedAt: Date | null;

    @Column({ type: 'timestamptz', nullable: true })
    editedAt: Date | null;

    /** Hidden by a moderator: gone from every path for everyone but its author and moderators. */
    @Column({ type: 'timestamptz', nullable: true })
    hiddenAt: Date | null;

    @CreateDateColumn({ type: 'timestamptz' })
    createdAt: Date;

    @UpdateDateColumn({ type: 'timestamptz' })
    updatedAt: Date;
  }
  return Content;
}

/** The check constraints on ContentColumns, named after the table (`<table>_title_len`, ...). */
export function ContentChecks(table: string, limits: ContentLimits): ClassDecorator {
  return (target) => {
    Check(`${table}_title_len`, `char_length("title") BETWEEN 1 AND ${limits.title}`)(target);
    Check(`${table}_summary_len`, `char_length("summary") <= ${limits.summary}`)(target);
    Check(`${table}_body_len`, `char_length("body") <= ${limits.body}`)(target);
    Check(`${table}_language`, `"language" IN ('ar', 'zh', 'en', 'fr', 'ru', 'es')`)(target);
  };
}

/**
 * The columns every review-history table has (append-only: who, the note, when), written once. Each type
 * keeps its own table, its reference to the content, its action enum and its from/to status columns.
 */
export function ReviewStepColumns(noteMax: number) {
  abstract class ReviewStep {
    @PrimaryGeneratedColumn('uuid')
    id: string;

    @Column({ type: 'uuid', nullable: true })
    actorId: string | null;

    @ManyToOne(() => PractitionerEntity, { onDelete: 'SET NULL' })
    @JoinColumn({ name: 'actorId' })
    actor?: PractitionerEntity;

    @Column({ type: 'varchar', length: noteMax, nullable: true })
    note: string | null;

    @CreateDateColumn({ type: 'timestamptz' })
    createdAt: Date;
  }
  return ReviewStep;
}
