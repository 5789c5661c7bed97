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

/** How the owner of a saved search hears of new matches (`SavedSearchNotify` in the API). */
export const SAVED_SEARCH_NOTIFY = ['IN_APP', 'EMAIL_DIGEST', 'OFF'] as const;

/**
 * A search a practitioner saved (the `search` filter, named), with how they want to hear of new content
 * that matches it. Only its owner ever reads it.
 */
@Entity('saved_search')
@Index('saved_search_owner_idx', ['ownerId', 'createdAt', 'id'])
@Check('saved_search_notify_check', `"notify" IN ('IN_APP', 'EMAIL_DIGEST', 'OFF')`)
export class SavedSearchEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  ownerId: string;

  @ManyToOne(() => PractitionerEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'ownerId' })
  owner?: PractitionerEntity;

  @Column({ type: 'varchar', length: 100 })
  name: string;

  /** The words as typed (normalised at match time, like a search's). */
  @Column({ type: 'varchar', length: 200 })
  query: string;

  /** The words normalised for matching (search-text.ts), as a search normalises them. */
  @Column({ type: 'text' })
  normalizedQuery: string;

  /** `SearchResultType` values; null: every type. */
  @Column({ type: 'text', array: true, nullable: true })
  types: string[] | null;

  @Column({ type: 'text', array: true, nullable: true })
  languages: string[] | null;

  @Column({ type: 'text', array: true, nullable: true })
  countryCodes: string[] | null;

  @Column({ type: 'text', array: true, nullable: true })
  thematicAreaCodes: string[] | null;

  /** Local network ids. */
  @Column({ type: 'uuid', array: true, nullable: true })
  networkIds: string[] | null;

  @Column({ type: 'timestamptz', nullable: true })
  from: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  to: Date | null;

  @Column({ type: 'varchar', length: 12, default: 'IN_APP' })
  notify: (typeof SAVED_SEARCH_NOTIFY)[number];

  /** When the owner was last told of new matches (the throttle: at most one message per interval). */
  @Column({ type: 'timestamptz', nullable: true })
  lastNotifiedAt: Date | null;

  /** When the delayed message of matches found during the interval is due (null: none is scheduled). */
  @Column({ type: 'timestamptz', nullable: true })
  digestDueAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

/**
 * A record found by a saved search: written once per saved search and record (its primary key), so a
 * record is announced at most once whatever happens to it later; `notifiedAt` is set when a message
 * counted it.
 */
@Entity('saved_search_match')
export class SavedSearchMatchEntity {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'saved_search_match_pk' })
  savedSearchId: string;

  @ManyToOne(() => SavedSearchEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'savedSearchId' })
  savedSearch?: SavedSearchEntity;

  @PrimaryColumn({ type: 'varchar', length: 40, primaryKeyConstraintName: 'saved_search_match_pk' })
  type: string;

  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'saved_search_match_pk' })
  recordId: string;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  matchedAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  notifiedAt: Date | null;
}
