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
import { NotificationType } from '../notification-type';

/** Something that happened that one practitioner should know about. */
@Entity('notification')
@Index('notification_recipient_idx', ['recipientId', 'createdAt', 'id'])
@Index('notification_unread_idx', ['recipientId'], { where: `"readAt" IS NULL` })
export class NotificationEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  recipientId: string;

  @ManyToOne(() => PractitionerEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'recipientId' })
  recipient?: PractitionerEntity;

  @Column({ type: 'enum', enum: NotificationType, enumName: 'notification_type' })
  type: NotificationType;

  /** Who caused it (null for the platform). */
  @Column({ type: 'uuid', nullable: true })
  actorId: string | null;

  @ManyToOne(() => PractitionerEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'actorId' })
  actor?: PractitionerEntity;

  /** The Node type name of the subject (e.g. `Post`) and its local id. */
  @Column({ type: 'varchar', length: 40, nullable: true })
  subjectType: string | null;

  @Column({ type: 'uuid', nullable: true })
  subjectId: string | null;

  @Column({ type: 'varchar', length: 40, nullable: true })
  decision: string | null;

  @Column({ type: 'varchar', length: 1000, nullable: true })
  note: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  readAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

/** A notification type a practitioner switched off (absent = on). */
@Entity('notification_preference')
export class NotificationPreferenceEntity {
  @PrimaryColumn({ type: 'uuid' })
  practitionerId: string;

  // varchar rather than the notification_type enum: TypeORM would create that enum type twice.
  @PrimaryColumn({ type: 'varchar', length: 60 })
  type: NotificationType;

  @ManyToOne(() => PractitionerEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'practitionerId' })
  practitioner?: PractitionerEntity;

  @Column({ type: 'boolean' })
  enabled: boolean;
}
