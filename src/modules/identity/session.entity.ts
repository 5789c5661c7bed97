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

  /** The client's name from its User-Agent at the last sign-in or refresh ("Firefox on Windows"); never the header. */
  @Column({ type: 'varchar', length: 100, nullable: true })
  clientName: string | null;

  /** The network of the client's address at the last sign-in or refresh (/24 or /48); never the address. */
  @Column({ type: 'varchar', length: 64, nullable: true })
  ipPrefix: string | null;

  /** The last use of the session (sign-in, refresh, or a request with its access token; to within minutes). */
  @Column({ type: 'timestamptz', default: () => 'now()' })
  lastUsedAt: Date;
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
