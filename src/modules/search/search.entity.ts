import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * One searchable record in one language (today one row per record: its original language; language
 * versions will add rows). The text is what the record's provider says, normalised for its language
 * (search-text.ts); visibility is never stored here: every search joins the record's own read policy.
 */
@Entity('search_document')
// GIN indexes (full text, trigrams) are written by the migration; TypeORM cannot declare them.
@Index('search_document_tsv_idx', { synchronize: false })
@Index('search_document_names_trgm_idx', { synchronize: false })
@Index('search_document_record_idx', ['recordId'])
export class SearchDocumentEntity {
  @PrimaryColumn({ type: 'varchar', length: 40, primaryKeyConstraintName: 'search_document_pk' })
  type: string;

  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'search_document_pk' })
  recordId: string;

  /** ISO 639-1 code of the text, '' for language-neutral records (names, reference data). */
  @PrimaryColumn({ type: 'varchar', length: 2, default: '', primaryKeyConstraintName: 'search_document_pk' })
  language: string;

  /** The title as written (highlights are cut from it). */
  @Column({ type: 'text', default: '' })
  title: string;

  /** The searchable text as written (summary and body, or a profile's text). */
  @Column({ type: 'text', default: '' })
  body: string;

  /** Names matched by prefix and trigram (practitioners, networks, authorities), normalised; else null. */
  @Column({ type: 'text', nullable: true })
  names: string | null;

  @Column({ type: 'tsvector', select: false })
  tsv: string;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  countryCodes: string[];

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  thematicAreaCodes: string[];

  @Column({ type: 'uuid', array: true, default: () => "'{}'" })
  networkIds: string[];

  /** The record's date for the `from`/`to` filter (publication, start, creation). */
  @Column({ type: 'timestamptz', nullable: true })
  date: Date | null;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  indexedAt: Date;
}

/** A record whose text changed since it was indexed: marked by a trigger in the writer's transaction. */
@Entity('search_dirty')
export class SearchDirtyEntity {
  @PrimaryColumn({ type: 'varchar', length: 40, primaryKeyConstraintName: 'search_dirty_pk' })
  type: string;

  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'search_dirty_pk' })
  recordId: string;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  markedAt: Date;
}
