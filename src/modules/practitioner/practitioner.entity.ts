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
import { CountryEntity } from '../reference';
import { Role, VerificationStatus } from '../../common/auth/role';
import { ContactVisibility, Profession } from './practitioner.enums';

/** A registered member of the community (and the account they sign in with). */
@Entity('practitioner')
@Index('practitioner_email_key', ['emailNormalized'], { unique: true })
@Index('practitioner_directory_idx', ['verification', 'displayName', 'id'])
@Index('practitioner_country_idx', ['countryCode'])
@Index('practitioner_country_directory_idx', ['countryCode', 'displayName', 'id'], {
  where: `"verification" = 'VERIFIED'`,
})
@Index('practitioner_languages_idx', { synchronize: false })
@Index('practitioner_thematic_areas_idx', { synchronize: false })
@Check('practitioner_display_name_len', `char_length("displayName") BETWEEN 1 AND 120`)
@Check('practitioner_bio_len', `"bio" IS NULL OR char_length("bio") <= 4000`)
export class PractitionerEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 254 })
  email: string;

  /** Lower-cased e-mail: unique, so that addresses differing only in case are one account. */
  @Column({ type: 'varchar', length: 254 })
  emailNormalized: string;

  @Column({ type: 'varchar', length: 200 })
  passwordHash: string;

  /** When the owner proved the address is theirs (a link from a message); null = not confirmed. */
  @Column({ type: 'timestamptz', nullable: true })
  emailConfirmedAt: Date | null;

  @Column({ type: 'varchar', length: 120 })
  displayName: string;

  @Column({ type: 'char', length: 2 })
  countryCode: string;

  @ManyToOne(() => CountryEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'countryCode' })
  country?: CountryEntity;

  @Column({ type: 'varchar', length: 200, nullable: true })
  organization: string | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  position: string | null;

  @Column({ type: 'enum', enum: Profession, enumName: 'profession' })
  profession: Profession;

  @Column({ type: 'text', nullable: true })
  bio: string | null;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  languages: string[];

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  thematicAreaCodes: string[];

  @Column({ type: 'varchar', length: 40, nullable: true })
  phone: string | null;

  @Column({
    type: 'enum',
    enum: ContactVisibility,
    enumName: 'contact_visibility',
    default: ContactVisibility.CONTACTS,
  })
  contactVisibility: ContactVisibility;

  @Column({ type: 'enum', enum: Role, enumName: 'role', default: Role.MEMBER })
  role: Role;

  @Column({
    type: 'enum',
    enum: VerificationStatus,
    enumName: 'verification_status',
    default: VerificationStatus.PENDING,
  })
  verification: VerificationStatus;

  @Column({ type: 'timestamptz', nullable: true })
  verifiedAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  verifiedById: string | null;

  @Column({ type: 'varchar', length: 1000, nullable: true })
  verificationNote: string | null;

  /** Suspended until this moment (far future = indefinitely); null when not suspended. Writes are refused meanwhile. */
  @Column({ type: 'timestamptz', nullable: true })
  suspendedUntil: Date | null;

  @Column({ type: 'varchar', length: 1000, nullable: true })
  suspensionReason: string | null;

  /** Marks accounts of the demo community so that nobody mistakes them for real officials. */
  @Column({ type: 'boolean', default: false })
  isDemo: boolean;

  /** When the account was deleted: the row is then a tombstone ("Former member", no personal data). */
  @Column({ type: 'timestamptz', nullable: true })
  deletedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
