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
  UpdateDateColumn,
} from 'typeorm';
import { PractitionerEntity } from '../practitioner';
import { VersionOrigin, VersionReviewState } from './content-version.enums';

/**
 * A language version of one piece of content (any registered kind): the original stays in the content's own
 * row; this table holds the translations, one per content and language.
 */
@Entity('content_version')
@Check('content_version_language', `"language" IN ('ar', 'zh', 'en', 'fr', 'ru', 'es')`)
@Check('content_version_origin', `"origin" <> 'ORIGINAL'`)
export class ContentVersionEntity {
  /** The content's node type ('Post', 'LegalDevelopment', ...). */
  @PrimaryColumn({ type: 'varchar', length: 40 })
  kind: string;

  @PrimaryColumn({ type: 'uuid' })
  contentId: string;

  @PrimaryColumn({ type: 'varchar', length: 2 })
  language: string;

  @Column({ type: 'text' })
  title: string;

  @Column({ type: 'text', default: '' })
  summary: string;

  @Column({ type: 'text', default: '' })
  body: string;

  @Column({ type: 'enum', enum: VersionOrigin, enumName: 'content_version_origin' })
  origin: VersionOrigin;

  @Column({ type: 'uuid', nullable: true })
  translatorId: string | null;

  @ManyToOne(() => PractitionerEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'translatorId' })
  translator?: PractitionerEntity;

  /** The machine-translation engine, for MACHINE and MACHINE_POST_EDITED versions. */
  @Column({ type: 'varchar', length: 64, nullable: true })
  engine: string | null;

  /** The revision of the original it was made from (`content_revision.revision` then). */
  @Column({ type: 'integer' })
  sourceRevision: number;

  /** Set (in the same transaction, by trigger) when the original's text changes after this was made. */
  @Column({ type: 'boolean', default: false })
  isOutdated: boolean;

  @Column({
    type: 'enum',
    enum: VersionReviewState,
    enumName: 'content_version_review_state',
    default: VersionReviewState.UNREVIEWED,
  })
  reviewState: VersionReviewState;

  @Column({ type: 'uuid', nullable: true })
  reviewerId: string | null;

  @ManyToOne(() => PractitionerEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'reviewerId' })
  reviewer?: PractitionerEntity;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

/** The revision of an original's text: 1 at creation, +1 each time its title, summary or body changes. */
@Entity('content_revision')
export class ContentRevisionEntity {
  @PrimaryColumn({ type: 'varchar', length: 40 })
  kind: string;

  @PrimaryColumn({ type: 'uuid' })
  contentId: string;

  @Column({ type: 'integer', default: 2 })
  revision: number;
}

/** A machine translation asked for (at most two per content and language per day). */
@Entity('translation_request')
@Index('translation_request_content_idx', ['kind', 'contentId', 'language', 'createdAt'])
export class TranslationRequestEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 40 })
  kind: string;

  @Column({ type: 'uuid' })
  contentId: string;

  @Column({ type: 'varchar', length: 2 })
  language: string;

  @Column({ type: 'uuid', nullable: true })
  requesterId: string | null;

  @ManyToOne(() => PractitionerEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'requesterId' })
  requester?: PractitionerEntity;

  /** PENDING, DONE, or REFUSED (the content became network-only, or the engine failed). */
  @Column({ type: 'varchar', length: 16, default: 'PENDING' })
  status: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
