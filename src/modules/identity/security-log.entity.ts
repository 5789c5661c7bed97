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

/**
 * One entry of a member's security log: what happened to the account (sign-ins, failures, ended sessions,
 * password and factor changes, exports), when, and from which client (its name and network, never its
 * address). Kept SECURITY_LOG_RETENTION_DAYS, then pruned.
 */
@Entity('security_event')
@Index('security_event_practitioner_at_idx', ['practitionerId', 'at', 'id'])
@Index('security_event_at_idx', ['at'])
export class SecurityEventEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  practitionerId: string;

  @ManyToOne(() => PractitionerEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'practitionerId' })
  practitioner?: PractitionerEntity;

  /** A SecurityEventKind. */
  @Column({ type: 'varchar', length: 40 })
  kind: string;

  @CreateDateColumn({ type: 'timestamptz' })
  at: Date;

  /** The session concerned, when there is one (no foreign key: the log outlives sessions). */
  @Column({ type: 'uuid', nullable: true })
  sessionId: string | null;

  @Column({ type: 'varchar', length: 100, nullable: true })
  clientName: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  ipPrefix: string | null;

  /** Small facts of the event (e.g. how many sessions ended); never secrets. */
  @Column({ type: 'jsonb', nullable: true })
  details: Record<string, string | number | boolean> | null;
}
