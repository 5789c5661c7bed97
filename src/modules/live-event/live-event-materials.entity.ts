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
  Unique,
  UpdateDateColumn,
} from 'typeorm';
import { PractitionerEntity } from '../practitioner';
import { LiveEventEntity, LiveEventRegistrationEntity } from './live-event.entity';

/** Bounds of what is kept after an event. */
export const MATERIAL_LIMITS = { title: 200, url: 2000, transcript: 200_000, summary: 20_000 } as const;

const LANGUAGE_CHECK = `"language" IN ('ar', 'zh', 'en', 'fr', 'ru', 'es')`;

/** A recording of a LIVE or ENDED event in one language (an https URL, any host). */
@Entity('live_event_recording')
@Index('live_event_recording_event_idx', ['eventId', 'createdAt', 'id'])
@Check('live_event_recording_language', LANGUAGE_CHECK)
@Check('live_event_recording_duration', `"durationSeconds" IS NULL OR "durationSeconds" > 0`)
export class LiveEventRecordingEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  eventId: string;

  @ManyToOne(() => LiveEventEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'eventId' })
  event?: LiveEventEntity;

  @Column({ type: 'varchar', length: 2 })
  language: string;

  @Column({ type: 'varchar', length: MATERIAL_LIMITS.url })
  url: string;

  @Column({ type: 'varchar', length: MATERIAL_LIMITS.title, nullable: true })
  title: string | null;

  @Column({ type: 'int', nullable: true })
  durationSeconds: number | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

/** The transcript of an event in one language (at most one per language; setting it again replaces it). */
@Entity('live_event_transcript')
@Unique('live_event_transcript_once', ['eventId', 'language'])
@Check('live_event_transcript_language', LANGUAGE_CHECK)
export class LiveEventTranscriptEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  eventId: string;

  @ManyToOne(() => LiveEventEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'eventId' })
  event?: LiveEventEntity;

  @Column({ type: 'varchar', length: 2 })
  language: string;

  /** Markdown. */
  @Column({ type: 'text' })
  body: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

/** The organisers' summary of an event (Markdown), and the post it became once published. */
@Entity('live_event_summary')
export class LiveEventSummaryEntity {
  @PrimaryColumn({ type: 'uuid' })
  eventId: string;

  @ManyToOne(() => LiveEventEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'eventId' })
  event?: LiveEventEntity;

  @Column({ type: 'text' })
  body: string;

  /** The good-practice post made of it (`publishLiveEventSummary`, once per event). */
  @Column({ type: 'uuid', nullable: true, unique: true })
  postId: string | null;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

/** Whether an APPROVED participant attended (recorded by an organiser, or on reading the join URL while LIVE). */
@Entity('live_event_attendance')
@Index('live_event_attendance_event_idx', ['eventId'], { where: `"attended"` })
export class LiveEventAttendanceEntity {
  @PrimaryColumn({ type: 'uuid' })
  registrationId: string;

  @ManyToOne(() => LiveEventRegistrationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'registrationId' })
  registration?: LiveEventRegistrationEntity;

  @Column({ type: 'uuid' })
  eventId: string;

  @ManyToOne(() => LiveEventEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'eventId' })
  event?: LiveEventEntity;

  @Column({ type: 'boolean' })
  attended: boolean;

  /** When they attended (the first time it was recorded as true); null when recorded as absent. */
  @Column({ type: 'timestamptz', nullable: true })
  attendedAt: Date | null;

  /** Who recorded it; null when recorded on reading the join URL. */
  @Column({ type: 'uuid', nullable: true })
  recordedById: string | null;

  @ManyToOne(() => PractitionerEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'recordedById' })
  recordedBy?: PractitionerEntity;
}
