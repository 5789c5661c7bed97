import {
  Check,
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
import {
  ModerationAction,
  ModerationLogAction,
  ReportReason,
  ReportStatus,
  TargetType,
} from './moderation.enums';

export const REPORT_DETAILS_MAX = 2000;
export const MODERATION_NOTE_MAX = 1000;

const TARGETS = Object.values(TargetType)
  .map((t) => `'${t}'`)
  .join(', ');

/** A practitioner's report of a post, comment, legal development or practitioner. */
@Entity('report')
// One open report per reporter and target (a second one is a CONFLICT); resolved ones may be followed by new ones.
@Index('report_open_unique', ['reporterId', 'targetType', 'targetId'], {
  unique: true,
  where: `"status" = 'OPEN'`,
})
@Index('report_target_idx', ['targetType', 'targetId', 'status'])
@Index('report_open_idx', ['createdAt', 'id'], { where: `"status" = 'OPEN'` })
@Check('report_target_type', `"targetType" IN (${TARGETS})`)
@Check('report_details_len', `"details" IS NULL OR char_length("details") <= ${REPORT_DETAILS_MAX}`)
export class ReportEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  reporterId: string;

  @ManyToOne(() => PractitionerEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'reporterId' })
  reporter?: PractitionerEntity;

  @Column({ type: 'varchar', length: 20 })
  targetType: TargetType;

  @Column({ type: 'uuid' })
  targetId: string;

  @Column({ type: 'enum', enum: ReportReason, enumName: 'report_reason' })
  reason: ReportReason;

  @Column({ type: 'text', nullable: true })
  details: string | null;

  @Column({ type: 'enum', enum: ReportStatus, enumName: 'report_status', default: ReportStatus.OPEN })
  status: ReportStatus;

  @Column({ type: 'enum', enum: ModerationAction, enumName: 'moderation_action', nullable: true })
  resolution: ModerationAction | null;

  @Column({ type: 'varchar', length: MODERATION_NOTE_MAX, nullable: true })
  resolutionNote: string | null;

  @Column({ type: 'uuid', nullable: true })
  resolvedById: string | null;

  @ManyToOne(() => PractitionerEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'resolvedById' })
  resolvedBy?: PractitionerEntity;

  @Column({ type: 'timestamptz', nullable: true })
  resolvedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

/**
 * The moderation log: one row per moderation or role decision. Append-only: no code path updates or
 * deletes it, and a trigger (migration ModerationLogAppendOnly) refuses UPDATE and DELETE in the database.
 * No foreign keys on purpose: a cascade would have to edit or delete rows.
 */
@Entity('moderation_log')
@Index('moderation_log_time_idx', ['createdAt', 'id'])
@Index('moderation_log_actor_idx', ['actorId', 'createdAt', 'id'])
@Index('moderation_log_target_idx', ['targetId', 'createdAt', 'id'])
@Index('moderation_log_burst_idx', ['burstOfId', 'createdAt', 'id'], { where: `"burstOfId" IS NOT NULL` })
@Check('moderation_log_target_type', `"targetType" IN (${TARGETS})`)
export class ModerationLogEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  actorId: string;

  @Column({ type: 'enum', enum: ModerationLogAction, enumName: 'moderation_log_action' })
  action: ModerationLogAction;

  @Column({ type: 'varchar', length: 20 })
  targetType: TargetType;

  @Column({ type: 'uuid' })
  targetId: string;

  /** The report whose resolution this was, if any. */
  @Column({ type: 'uuid', nullable: true })
  reportId: string | null;

  @Column({ type: 'varchar', length: MODERATION_NOTE_MAX, nullable: true })
  note: string | null;

  /** Extra facts of the decision, e.g. `{ "from": "MEMBER", "to": "MODERATOR" }` or `{ "until": … }`. */
  @Column({ type: 'jsonb', nullable: true })
  details: Record<string, string | null> | null;

  /**
   * A repeat (the same actor changing the same target's role again soon after): the first entry of its
   * burst, which the log shows with the burst's count and final details. Set on insert, never changed.
   */
  @Column({ type: 'uuid', nullable: true })
  burstOfId: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  /** Read with the log (not columns): the repeats folded into this entry, the last one's time and details. */
  repeats?: number;
  lastAt?: Date;
  finalDetails?: Record<string, string | null> | null;
}

/** Who has taken a moderation-queue item (keyed by the item's key, e.g. `POST_REVIEW:<uuid>`). */
@Entity('moderation_assignment')
export class ModerationAssignmentEntity {
  @PrimaryColumn({ type: 'varchar', length: 120 })
  itemKey: string;

  @Column({ type: 'uuid' })
  assigneeId: string;

  @ManyToOne(() => PractitionerEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'assigneeId' })
  assignee?: PractitionerEntity;

  @CreateDateColumn({ type: 'timestamptz' })
  assignedAt: Date;
}
