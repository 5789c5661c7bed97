import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * One searchable record in one language (today one row per record: its original language; language
 * versions will add rows). The text is what the record's provider says, normalised for its language
 * (search-text.ts). Visibility is not stored as rules: `open` is the record's own read policy answered by the
 * indexer for a member with no role, membership, block or authorship, and `blockParties` the practitioners
 * whose block with a viewer can hide the record; a search takes an open document whose parties are in no
 * block with the viewer as readable and evaluates the read policy on the record's live row for the rest.
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

  /** Every verified member may read the record, unless in a block with one of `blockParties`. */
  @Column({ type: 'boolean', default: false })
  open: boolean;

  /** Practitioners whose block with a viewer can hide the record (its author; a comment's post's author). */
  @Column({ type: 'uuid', array: true, default: () => "'{}'" })
  blockParties: string[];

  /**
   * The record was in its published, visible state when indexed (the provider's `listedSql`): how the
   * indexer tells when a record enters that state (saved searches are matched then).
   */
  @Column({ type: 'boolean', default: false })
  listed: boolean;
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
