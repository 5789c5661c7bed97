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
} from 'typeorm';
import { PractitionerEntity } from '../practitioner';
import { NetworkEntity } from '../network';
import { ContentChecks, ContentColumns } from '../content';
import { PublicationKind, PublicationVisibility } from './publication.enums';

/** Text bounds of a publication (`body` holds its description, `language` its main language). */
export const PUBLICATION_LIMITS = { title: 300, summary: 1000, body: 20000 } as const;
/** Bounds of a language version's title, its language tag and its external link. */
export const VERSION_LIMITS = { title: 300, language: 35, url: 2000, filename: 255 } as const;

/**
 * A technical tool of the library (handbook, model law, digest, training module, report): a content type of
 * the kernel (title, summary, `body` = the Markdown description, `language`, thematic areas, hiding), with
 * its UN symbol, ISBN, year and countries. Published when created; its files are its language versions.
 */
@Entity('publication')
@Index('publication_list_idx', ['publishedAt', 'id'])
@Index('publication_year_idx', ['year'])
@ContentChecks('publication', PUBLICATION_LIMITS)
@Check('publication_year', `"year" BETWEEN 1945 AND 2200`)
export class PublicationEntity extends ContentColumns(PUBLICATION_LIMITS) {
  @Column({ type: 'uuid' })
  authorId: string;

  @ManyToOne(() => PractitionerEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'authorId' })
  author?: PractitionerEntity;

  @Column({ type: 'enum', enum: PublicationKind, enumName: 'publication_kind' })
  kind: PublicationKind;

  /** The UN document symbol, e.g. "ST/NAR/…"; null when it has none. */
  @Column({ type: 'varchar', length: 100, nullable: true })
  symbol: string | null;

  /** ISBN-13 (ISBN-10 converted), digits only; null when it has none. */
  @Column({ type: 'varchar', length: 13, nullable: true })
  isbn: string | null;

  @Column({ type: 'int' })
  year: number;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  countryCodes: string[];

  @Column({
    type: 'enum',
    enum: PublicationVisibility,
    enumName: 'publication_visibility',
    default: PublicationVisibility.COMMUNITY,
  })
  visibility: PublicationVisibility;
}

/** The networks a NETWORKS publication is for. */
@Entity('publication_network')
export class PublicationNetworkEntity {
  @PrimaryColumn({ type: 'uuid' })
  publicationId: string;

  @PrimaryColumn({ type: 'uuid' })
  networkId: string;

  @ManyToOne(() => PublicationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'publicationId' })
  publication?: PublicationEntity;

  @ManyToOne(() => NetworkEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'networkId' })
  network?: NetworkEntity;
}

/**
 * One language version of a publication: its own title, whether it is an official UN-language version,
 * and either an uploaded file (its bytes in the file storage under `fileKey`) or an external https link.
 */
@Entity('publication_version')
@Index('publication_version_publication_idx', ['publicationId', 'createdAt', 'id'])
@Check(
  'publication_version_source',
  `("fileContentType" IS NOT NULL AND "fileSize" IS NOT NULL AND "externalUrl" IS NULL)
   OR ("fileContentType" IS NULL AND "fileSize" IS NULL AND "externalUrl" IS NOT NULL)`,
)
export class PublicationVersionEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  publicationId: string;

  @ManyToOne(() => PublicationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'publicationId' })
  publication?: PublicationEntity;

  /** A BCP 47 language tag, canonical case (e.g. "fr", "zh-Hans", "ha-NG"). */
  @Column({ type: 'varchar', length: VERSION_LIMITS.language })
  language: string;

  @Column({ type: 'varchar', length: VERSION_LIMITS.title })
  title: string;

  @Column({ type: 'boolean', default: false })
  isOfficial: boolean;

  /** The media type found in the uploaded file's content; null for a link. */
  @Column({ type: 'varchar', length: 100, nullable: true })
  fileContentType: string | null;

  @Column({
    type: 'bigint',
    nullable: true,
    transformer: { to: (v) => v, from: (v) => (v == null ? v : Number(v)) },
  })
  fileSize: number | null;

  /**
   * Where the file's bytes are in the file storage (a new key each time the file is replaced, so that the
   * old bytes are removed only after the change commits); null for a link.
   */
  @Column({ type: 'uuid', nullable: true })
  fileKey: string | null;

  /** The name the uploader's file had (shown, never used as a path). */
  @Column({ type: 'varchar', length: VERSION_LIMITS.filename, nullable: true })
  fileName: string | null;

  @Column({ type: 'varchar', length: VERSION_LIMITS.url, nullable: true })
  externalUrl: string | null;

  @Column({ type: 'uuid' })
  createdById: string;

  @ManyToOne(() => PractitionerEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'createdById' })
  createdBy?: PractitionerEntity;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
