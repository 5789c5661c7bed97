import {
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

/**
 * An account's TOTP factor (RFC 6238). The secret is sealed (AES-256-GCM under a key derived from the
 * server's secret), never returned after enrolment began. `pendingSecret` is the one being enrolled;
 * `enabledAt` says the factor is on. `lastUsedStep` is the last accepted time step: a code is accepted only
 * for a later step, so a code cannot be replayed within its window.
 */
@Entity('two_factor')
export class TwoFactorEntity {
  @PrimaryColumn({ type: 'uuid' })
  practitionerId: string;

  @ManyToOne(() => PractitionerEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'practitionerId' })
  practitioner?: PractitionerEntity;

  /** The enabled secret, sealed; null while only an enrolment is pending. */
  @Column({ type: 'varchar', length: 200, nullable: true })
  sealedSecret: string | null;

  /** The secret of an enrolment begun and not yet confirmed, sealed. */
  @Column({ type: 'varchar', length: 200, nullable: true })
  pendingSealedSecret: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  pendingSince: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  enabledAt: Date | null;

  @Column({ type: 'bigint', nullable: true })
  lastUsedStep: string | null;
}

/** A recovery code: HMAC-SHA256 of the code under the server's secret; single use. */
@Entity('two_factor_recovery_code')
@Index('two_factor_recovery_code_key', ['practitionerId', 'codeHash'], { unique: true })
export class RecoveryCodeEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  practitionerId: string;

  @ManyToOne(() => PractitionerEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'practitionerId' })
  practitioner?: PractitionerEntity;

  @Column({ type: 'char', length: 64 })
  codeHash: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  usedAt: Date | null;
}

/**
 * The second step of a sign-in: an opaque token (SHA-256 stored) bound to the account whose password was
 * right, short-lived and single-use; `failures` wrong codes end it (at LOGIN_CHALLENGE_MAX_FAILURES).
 */
@Entity('login_challenge')
@Index('login_challenge_hash_key', ['tokenHash'], { unique: true })
@Index('login_challenge_practitioner_idx', ['practitionerId'])
export class LoginChallengeEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  practitionerId: string;

  @ManyToOne(() => PractitionerEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'practitionerId' })
  practitioner?: PractitionerEntity;

  @Column({ type: 'char', length: 64 })
  tokenHash: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz' })
  expiresAt: Date;

  /** Set when the challenge was answered, or ended by too many wrong codes. */
  @Column({ type: 'timestamptz', nullable: true })
  endedAt: Date | null;

  @Column({ type: 'int', default: 0 })
  failures: number;
}
