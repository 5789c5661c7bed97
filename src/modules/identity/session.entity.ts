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

/** A sign-in session: one family of rotating refresh tokens. Revoking it ends every token of the family. */
@Entity('auth_session')
@Index('auth_session_practitioner_idx', ['practitionerId'])
export class SessionEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  practitionerId: string;

  @ManyToOne(() => PractitionerEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'practitionerId' })
  practitioner?: PractitionerEntity;

  /** Sign-in: the session ends SESSION_MAX_LIFETIME_DAYS later, however often it is refreshed. */
  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  /** The last sign-in or refresh: the session ends when not refreshed for SESSION_IDLE_TIMEOUT_DAYS. */
  @Column({ type: 'timestamptz', default: () => 'now()' })
  refreshedAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  revokedAt: Date | null;

  @Column({ type: 'varchar', length: 40, nullable: true })
  revokedReason: string | null;
}

/** One refresh token of a session; only its SHA-256 is stored. `usedAt` is set when it is rotated. */
@Entity('refresh_token')
@Index('refresh_token_hash_key', ['tokenHash'], { unique: true })
@Index('refresh_token_session_idx', ['sessionId'])
export class RefreshTokenEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  sessionId: string;

  @ManyToOne(() => SessionEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'sessionId' })
  session?: SessionEntity;

  @Column({ type: 'char', length: 64 })
  tokenHash: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz' })
  expiresAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  usedAt: Date | null;
}
