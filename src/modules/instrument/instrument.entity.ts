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
import type { LegalDevelopmentEntity } from '../legal-development';
import { InstrumentCategory, TreatyStatusKind } from './instrument.enums';

const STATUS_LIST = Object.values(TreatyStatusKind)
  .map((s) => `'${s}'`)
  .join(', ');

/**
 * The most instruments the catalog holds (it holds about twenty): lists of instruments or of one country's
 * statuses are priced by it, and the treaty matrix takes at most this many.
 */
export const MAX_INSTRUMENTS = 200;

/** The most countries one treaty matrix compares. */
export const MATRIX_MAX_COUNTRIES = 50;

export const INSTRUMENT_LIMITS = {
  shortName: 200,
  title: 1000,
  depositary: 500,
  url: 2000,
  text: 20000,
  note: 1000,
} as const;

/** A treaty or other legal instrument countries sign, ratify or accede to. */
@Entity('instrument')
@Index('instrument_short_name_key', ['shortName'], { unique: true })
@Index('instrument_list_idx', ['yearAdopted', 'shortName', 'id'])
@Index('instrument_category_idx', ['category', 'yearAdopted', 'shortName', 'id'])
@Check('instrument_short_name_len', `char_length("shortName") BETWEEN 1 AND ${INSTRUMENT_LIMITS.shortName}`)
@Check('instrument_title_len', `char_length("title") BETWEEN 1 AND ${INSTRUMENT_LIMITS.title}`)
@Check('instrument_year', `"yearAdopted" BETWEEN 1800 AND 2200`)
export class InstrumentEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: INSTRUMENT_LIMITS.shortName })
  shortName: string;

  @Column({ type: 'varchar', length: INSTRUMENT_LIMITS.title })
  title: string;

  @Column({ type: 'smallint' })
  yearAdopted: number;

  @Column({ type: 'enum', enum: InstrumentCategory, enumName: 'instrument_category' })
  category: InstrumentCategory;

  @Column({ type: 'varchar', length: INSTRUMENT_LIMITS.depositary, default: '' })
  depositary: string;

  @Column({ type: 'varchar', length: INSTRUMENT_LIMITS.url, nullable: true })
  sourceUrl: string | null;

  /** Null for the instruments seeded at start-up. */
  @Column({ type: 'uuid', nullable: true })
  createdById: string | null;

  @ManyToOne(() => PractitionerEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'createdById' })
  createdBy?: PractitionerEntity;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

/** Where one country stands towards one instrument now (the latest recorded action). */
@Entity('treaty_status')
@Index('treaty_status_country_instrument_key', ['countryCode', 'instrumentId'], { unique: true })
@Index('treaty_status_instrument_idx', ['instrumentId', 'countryCode'])
export class TreatyStatusEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'char', length: 2 })
  countryCode: string;

  @ManyToOne(() => CountryEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'countryCode' })
  country?: CountryEntity;

  @Column({ type: 'uuid' })
  instrumentId: string;

  @ManyToOne(() => InstrumentEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'instrumentId' })
  instrument?: InstrumentEntity;

  @Column({ type: 'enum', enum: TreatyStatusKind, enumName: 'treaty_status_kind' })
  status: TreatyStatusKind;

  /** The date of the action (signature, deposit of the instrument of ratification, ...), YYYY-MM-DD. */
  @Column({ type: 'date', nullable: true })
  date: string | null;

  @Column({ type: 'text', default: '' })
  reservations: string;

  @Column({ type: 'text', default: '' })
  declarations: string;

  @Column({ type: 'varchar', length: INSTRUMENT_LIMITS.url, nullable: true })
  sourceUrl: string | null;

  @Column({ type: 'uuid', nullable: true })
  recordedById: string | null;

  @ManyToOne(() => PractitionerEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'recordedById' })
  recordedBy?: PractitionerEntity;

  @Column({ type: 'timestamptz' })
  recordedAt: Date;

  /** Demo data (the demo community); never real status data. */
  @Column({ type: 'boolean', default: false })
  isDemo: boolean;
}

/** Every recorded treaty action, oldest first. Append-only. */
@Entity('treaty_status_history')
@Index('treaty_status_history_idx', ['countryCode', 'instrumentId', 'recordedAt'])
@Check(
  'treaty_status_history_statuses',
  `("fromStatus" IS NULL OR "fromStatus" IN (${STATUS_LIST})) AND "status" IN (${STATUS_LIST})`,
)
export class TreatyStatusHistoryEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'char', length: 2 })
  countryCode: string;

  @ManyToOne(() => CountryEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'countryCode' })
  country?: CountryEntity;

  @Column({ type: 'uuid' })
  instrumentId: string;

  @ManyToOne(() => InstrumentEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'instrumentId' })
  instrument?: InstrumentEntity;

  // varchar + check rather than the treaty_status_kind enum: TypeORM would create that enum type twice.
  @Column({ type: 'varchar', length: 24, nullable: true })
  fromStatus: TreatyStatusKind | null;

  @Column({ type: 'varchar', length: 24 })
  status: TreatyStatusKind;

  @Column({ type: 'date', nullable: true })
  date: string | null;

  @Column({ type: 'text', default: '' })
  reservations: string;

  @Column({ type: 'text', default: '' })
  declarations: string;

  @Column({ type: 'varchar', length: INSTRUMENT_LIMITS.url, nullable: true })
  sourceUrl: string | null;

  @Column({ type: 'varchar', length: INSTRUMENT_LIMITS.note, nullable: true })
  note: string | null;

  @Column({ type: 'uuid', nullable: true })
  recordedById: string | null;

  @ManyToOne(() => PractitionerEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'recordedById' })
  recordedBy?: PractitionerEntity;

  @Column({ type: 'timestamptz' })
  recordedAt: Date;

  /** The TREATY_ACTION legal development published with this action. */
  @Column({ type: 'uuid', nullable: true })
  legalDevelopmentId: string | null;

  // By name: the legal-development entity refers to instruments too (no import cycle).
  @ManyToOne('LegalDevelopmentEntity', { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'legalDevelopmentId' })
  legalDevelopment?: LegalDevelopmentEntity;

  @Column({ type: 'boolean', default: false })
  isDemo: boolean;
}
