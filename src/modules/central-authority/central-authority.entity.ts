import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { PractitionerEntity } from '../practitioner';
import { CountryEntity } from '../reference';
import { CentralAuthorityChange, CommunicationChannel, CooperationKind } from './central-authority.enums';

const list = (values: string[]) => values.map((v) => `'${v}'`).join(', ');

export const CENTRAL_AUTHORITY_LIMITS = {
  name: 300,
  legalBasis: 5000,
  address: 1000,
  url: 2000,
  phone: 50,
  email: 320,
  urgentContact: 1000,
} as const;

/** A country's authority that sends and receives requests for one or more kinds of cooperation. */
@Entity('central_authority')
@Index('central_authority_country_idx', ['countryCode', 'name', 'id'])
@Check('central_authority_name_len', `char_length("name") BETWEEN 1 AND ${CENTRAL_AUTHORITY_LIMITS.name}`)
@Check(
  'central_authority_kinds',
  `cardinality("kinds") > 0 AND "kinds" <@ ARRAY[${list(Object.values(CooperationKind))}]::text[]`,
)
@Check(
  'central_authority_channels',
  `"channels" <@ ARRAY[${list(Object.values(CommunicationChannel))}]::text[]`,
)
@Check('central_authority_languages', `"languages" <@ ARRAY['ar', 'zh', 'en', 'fr', 'ru', 'es']::text[]`)
export class CentralAuthorityEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'char', length: 2 })
  countryCode: string;

  @ManyToOne(() => CountryEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'countryCode' })
  country?: CountryEntity;

  @Column({ type: 'varchar', length: CENTRAL_AUTHORITY_LIMITS.name })
  name: string;

  @Column({ type: 'text', array: true })
  kinds: CooperationKind[];

  @Column({ type: 'varchar', length: CENTRAL_AUTHORITY_LIMITS.legalBasis, default: '' })
  legalBasis: string;

  /** Languages requests are accepted in (UN languages, ISO 639-1). */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  languages: string[];

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  channels: CommunicationChannel[];

  @Column({ type: 'varchar', length: CENTRAL_AUTHORITY_LIMITS.address, default: '' })
  address: string;

  @Column({ type: 'varchar', length: CENTRAL_AUTHORITY_LIMITS.url, nullable: true })
  website: string | null;

  /** Restricted: verified members only. */
  @Column({ type: 'varchar', length: CENTRAL_AUTHORITY_LIMITS.phone, nullable: true })
  phone: string | null;

  /** Restricted: verified members only. */
  @Column({ type: 'varchar', length: CENTRAL_AUTHORITY_LIMITS.email, nullable: true })
  email: string | null;

  /** Restricted: verified members only. The urgent (24/7) contact. */
  @Column({ type: 'varchar', length: CENTRAL_AUTHORITY_LIMITS.urgentContact, nullable: true })
  urgentContact: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  lastConfirmedAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  lastConfirmedById: string | null;

  @ManyToOne(() => PractitionerEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'lastConfirmedById' })
  lastConfirmedBy?: PractitionerEntity;

  @Column({ type: 'boolean', default: false })
  isDemo: boolean;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

/** Every change to a directory entry, with the entry as it was after the change. Append-only. */
@Entity('central_authority_revision')
@Index('central_authority_revision_idx', ['centralAuthorityId', 'createdAt'])
@Check('central_authority_revision_change', `"change" IN (${list(Object.values(CentralAuthorityChange))})`)
export class CentralAuthorityRevisionEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  centralAuthorityId: string;

  @ManyToOne(() => CentralAuthorityEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'centralAuthorityId' })
  centralAuthority?: CentralAuthorityEntity;

  @Column({ type: 'uuid', nullable: true })
  actorId: string | null;

  @ManyToOne(() => PractitionerEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'actorId' })
  actor?: PractitionerEntity;

  @Column({ type: 'varchar', length: 10 })
  change: CentralAuthorityChange;

  /** The fields this change set (every field for CREATE; none for CONFIRM). */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  changedFields: string[];

  /** The entry's fields after the change. */
  @Column({ type: 'jsonb' })
  snapshot: Record<string, unknown>;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
