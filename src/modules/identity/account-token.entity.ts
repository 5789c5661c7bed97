import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { PractitionerEntity } from '../practitioner';

/** What a token sent by e-mail is for. */
export type AccountTokenPurpose = 'email-confirmation' | 'password-reset';

/**
 * A single-use token sent in a message (confirming an address, resetting a password). Only its SHA-256 is
 * stored; `usedAt` is set by the one request that consumes it.
 */
@Entity('account_token')
@Index('account_token_hash_key', ['tokenHash'], { unique: true })
@Index('account_token_practitioner_idx', ['practitionerId', 'purpose'])
export class AccountTokenEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  practitionerId: string;

  @ManyToOne(() => PractitionerEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'practitionerId' })
  practitioner?: PractitionerEntity;

  @Column({ type: 'varchar', length: 30 })
  purpose: AccountTokenPurpose;

  @Column({ type: 'char', length: 64 })
  tokenHash: string;

  /** The address being confirmed (a new one, on a change of address); null for a reset. */
  @Column({ type: 'varchar', length: 254, nullable: true })
  email: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz' })
  expiresAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  usedAt: Date | null;
}
