import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { PractitionerEntity } from '../practitioner';
import { CountryEntity } from '../reference';
import { InstrumentEntity } from '../instrument';
import {
  LegalDevelopmentAction,
  LegalDevelopmentKind,
  LegalDevelopmentStatus,
} from './legal-development.enums';
import { ContentChecks, ContentColumns, ReviewStepColumns } from '../content';

const STATUS_LIST = Object.values(LegalDevelopmentStatus)
  .map((s) => `'${s}'`)
  .join(', ');

export const LEGAL_DEVELOPMENT_LIMITS = {
  title: 300,
  summary: 2000,
  body: 50000,
  jurisdictionBody: 200,
  citation: 500,
  url: 2000,
  note: 1000,
} as const;

/** A new law, treaty action, court decision, policy or UN resolution, reviewed like posts. */
@Entity('legal_development')
@Index('legal_development_date_idx', ['effectiveDate', 'id'], { where: `"status" = 'PUBLISHED'` })
@Index('legal_development_published_idx', ['publishedAt', 'id'], { where: `"status" = 'PUBLISHED'` })
@Index('legal_development_country_idx', ['jurisdictionCountryCode', 'effectiveDate', 'id'], {
  where: `"status" = 'PUBLISHED'`,
})
@Index('legal_development_status_idx', ['status', 'updatedAt'])
@Index('legal_development_author_idx', ['authorId', 'updatedAt'])
@Index('legal_development_thematic_area_codes_idx', { synchronize: false })
@ContentChecks('legal_development', LEGAL_DEVELOPMENT_LIMITS)
@Check(
  'legal_development_jurisdiction',
  `("jurisdictionCountryCode" IS NULL) <> ("jurisdictionBody" IS NULL)`,
)
@Check('legal_development_published_at', `("status" = 'PUBLISHED') = ("publishedAt" IS NOT NULL)`)
export class LegalDevelopmentEntity extends ContentColumns(LEGAL_DEVELOPMENT_LIMITS) {
  @Column({ type: 'enum', enum: LegalDevelopmentKind, enumName: 'legal_development_kind' })
  kind: LegalDevelopmentKind;

  /** The country it concerns; null when the jurisdiction is an international or regional body. */
  @Column({ type: 'char', length: 2, nullable: true })
  jurisdictionCountryCode: string | null;

  @ManyToOne(() => CountryEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'jurisdictionCountryCode' })
  jurisdictionCountry?: CountryEntity;

  /** An international or regional body (e.g. "UN Security Council", "African Union"); null for a country. */
  @Column({ type: 'varchar', length: LEGAL_DEVELOPMENT_LIMITS.jurisdictionBody, nullable: true })
  jurisdictionBody: string | null;

  /** When it took effect or was decided (YYYY-MM-DD). */
  @Column({ type: 'date' })
  effectiveDate: string;

  @Column({ type: 'varchar', length: LEGAL_DEVELOPMENT_LIMITS.citation, default: '' })
  citation: string;

  @Column({ type: 'varchar', length: LEGAL_DEVELOPMENT_LIMITS.url, nullable: true })
  sourceUrl: string | null;

  /** Null if the author's account was deleted (the development stays: it is a public fact). */
  @Column({ type: 'uuid', nullable: true })
  authorId: string | null;

  @ManyToOne(() => PractitionerEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'authorId' })
  author?: PractitionerEntity;

  @Column({
    type: 'enum',
    enum: LegalDevelopmentStatus,
    enumName: 'legal_development_status',
  })
  status: LegalDevelopmentStatus;

  @Column({ type: 'boolean', default: false })
  isDemo: boolean;
}

/** The instruments a legal development relates to. */
@Entity('legal_development_instrument')
@Index('legal_development_instrument_instrument_idx', ['instrumentId', 'legalDevelopmentId'])
export class LegalDevelopmentInstrumentEntity {
  @PrimaryColumn({ type: 'uuid' })
  legalDevelopmentId: string;

  @PrimaryColumn({ type: 'uuid' })
  instrumentId: string;

  @ManyToOne(() => LegalDevelopmentEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'legalDevelopmentId' })
  legalDevelopment?: LegalDevelopmentEntity;

  @ManyToOne(() => InstrumentEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'instrumentId' })
  instrument?: InstrumentEntity;
}

/** Every step of a legal development's review: who, when, from which status to which, the note. Append-only. */
@Entity('legal_development_transition')
@Index('legal_development_transition_idx', ['legalDevelopmentId', 'createdAt'])
@Check(
  'legal_development_transition_statuses',
  `("fromStatus" IS NULL OR "fromStatus" IN (${STATUS_LIST})) AND "toStatus" IN (${STATUS_LIST})`,
)
export class LegalDevelopmentTransitionEntity extends ReviewStepColumns(LEGAL_DEVELOPMENT_LIMITS.note) {
  @Column({ type: 'uuid' })
  legalDevelopmentId: string;

  @ManyToOne(() => LegalDevelopmentEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'legalDevelopmentId' })
  legalDevelopment?: LegalDevelopmentEntity;

  @Column({ type: 'enum', enum: LegalDevelopmentAction, enumName: 'legal_development_action' })
  action: LegalDevelopmentAction;

  /** Null for the first step (the proposal or direct publication). */
  @Column({ type: 'varchar', length: 20, nullable: true })
  fromStatus: LegalDevelopmentStatus | null;

  @Column({ type: 'varchar', length: 20 })
  toStatus: LegalDevelopmentStatus;
}
