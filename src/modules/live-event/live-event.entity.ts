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
import { NetworkEntity } from '../network';
import { ContentChecks, ContentColumns } from '../content';
import {
  LiveEventStatus,
  LiveEventVisibility,
  RegistrationPolicy,
  RegistrationStatus,
  SpeakerRole,
} from './live-event.enums';

/** Text bounds of a live event (`body` holds the description, `language` the floor language). */
export const LIVE_EVENT_LIMITS = { title: 200, summary: 1000, body: 20000 } as const;
/** The largest capacity an event may have. */
export const MAX_CAPACITY = 100_000;

/**
 * A live event: practitioners debate with experts in real time. A content type of the kernel (title,
 * `body` = the Markdown description, `language` = the floor language, thematic areas, hiding); the author
 * is its organiser.
 */
@Entity('live_event')
@Index('live_event_starts_idx', ['startsAt', 'id'])
@Index('live_event_author_idx', ['authorId', 'startsAt'])
@ContentChecks('live_event', LIVE_EVENT_LIMITS)
@Check('live_event_times', `"endsAt" > "startsAt"`)
@Check(
  'live_event_seats',
  `"capacity" >= 1 AND "registeredCount" >= 0 AND "registeredCount" <= "capacity" AND "waitingCount" >= 0`,
)
export class LiveEventEntity extends ContentColumns(LIVE_EVENT_LIMITS) {
  /** The organiser who created it. */
  @Column({ type: 'uuid' })
  authorId: string;

  @ManyToOne(() => PractitionerEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'authorId' })
  author?: PractitionerEntity;

  @Column({ type: 'timestamptz' })
  startsAt: Date;

  @Column({ type: 'timestamptz' })
  endsAt: Date;

  /** The organiser's IANA time zone (e.g. Africa/Niamey), for display and calendars. */
  @Column({ type: 'varchar', length: 64 })
  timeZone: string;

  @Column({
    type: 'enum',
    enum: LiveEventStatus,
    enumName: 'live_event_status',
    default: LiveEventStatus.DRAFT,
  })
  status: LiveEventStatus;

  @Column({
    type: 'enum',
    enum: LiveEventVisibility,
    enumName: 'live_event_visibility',
    default: LiveEventVisibility.COMMUNITY,
  })
  visibility: LiveEventVisibility;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  countryCodes: string[];

  /** Languages interpreted from the floor (ISO 639-1 codes of the six UN languages). */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  interpretationLanguages: string[];

  @Column({ type: 'int' })
  capacity: number;

  @Column({
    type: 'enum',
    enum: RegistrationPolicy,
    enumName: 'live_event_registration_policy',
    default: RegistrationPolicy.OPEN,
  })
  registrationPolicy: RegistrationPolicy;

  /** The video room (any provider); shown to organisers, speakers and approved participants near the start. */
  @Column({ type: 'varchar', length: 2000, nullable: true })
  joinUrl: string | null;

  /** APPROVED registrations; kept in step under the event's row lock. */
  @Column({ type: 'int', default: 0 })
  registeredCount: number;

  /** WAITING registrations; kept in step under the event's row lock. */
  @Column({ type: 'int', default: 0 })
  waitingCount: number;

  /**
   * The iCalendar SEQUENCE: 0 at creation, raised in the same transaction by every change a calendar shows
   * (edits, status changes, cancellation).
   */
  @Column({ type: 'int', default: 0 })
  sequence: number;
}

/**
 * A member's private calendar feed (`GET /calendar/<token>.ics`): one per member, only the SHA-256 of its
 * token is stored; resetting it replaces the row (the old URL stops working).
 */
@Entity('live_event_calendar_feed')
@Unique('live_event_calendar_feed_token', ['tokenHash'])
export class LiveEventCalendarFeedEntity {
  @PrimaryColumn({ type: 'uuid' })
  practitionerId: string;

  @ManyToOne(() => PractitionerEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'practitionerId' })
  practitioner?: PractitionerEntity;

  /** SHA-256 (hex) of the token. */
  @Column({ type: 'varchar', length: 64 })
  tokenHash: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

/** The networks a NETWORKS event is held for. */
@Entity('live_event_network')
@Index('live_event_network_network_idx', ['networkId', 'eventId'])
export class LiveEventNetworkEntity {
  @PrimaryColumn({ type: 'uuid' })
  eventId: string;

  @PrimaryColumn({ type: 'uuid' })
  networkId: string;

  @ManyToOne(() => LiveEventEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'eventId' })
  event?: LiveEventEntity;

  @ManyToOne(() => NetworkEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'networkId' })
  network?: NetworkEntity;
}

/** Who speaks at an event, and in which role (the organiser is listed as ORGANIZER). */
@Entity('live_event_speaker')
@Index('live_event_speaker_practitioner_idx', ['practitionerId', 'eventId'])
export class LiveEventSpeakerEntity {
  @PrimaryColumn({ type: 'uuid' })
  eventId: string;

  @PrimaryColumn({ type: 'uuid' })
  practitionerId: string;

  @ManyToOne(() => LiveEventEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'eventId' })
  event?: LiveEventEntity;

  @ManyToOne(() => PractitionerEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'practitionerId' })
  practitioner?: PractitionerEntity;

  @Column({ type: 'enum', enum: SpeakerRole, enumName: 'live_event_speaker_role' })
  role: SpeakerRole;

  /** The order in which speakers are listed. */
  @Column({ type: 'smallint', default: 0 })
  position: number;
}

/** One person's registration for an event (at most one row each; its status changes). */
@Entity('live_event_registration')
@Unique('live_event_registration_once', ['eventId', 'practitionerId'])
@Index('live_event_registration_list_idx', ['eventId', 'createdAt', 'id'])
@Index('live_event_registration_waiting_idx', ['eventId', 'queuedAt', 'id'], {
  where: `"status" = 'WAITING'`,
})
@Index('live_event_registration_practitioner_idx', ['practitionerId', 'eventId'])
export class LiveEventRegistrationEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  eventId: string;

  @ManyToOne(() => LiveEventEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'eventId' })
  event?: LiveEventEntity;

  @Column({ type: 'uuid' })
  practitionerId: string;

  @ManyToOne(() => PractitionerEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'practitionerId' })
  practitioner?: PractitionerEntity;

  @Column({ type: 'enum', enum: RegistrationStatus, enumName: 'live_event_registration_status' })
  status: RegistrationStatus;

  /** When it (last) joined the waiting list: the first waiting is promoted first. */
  @Column({ type: 'timestamptz', nullable: true })
  queuedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

/**
 * A reminder sent: one row per event, person, lead time and start it was computed for. Its key makes each
 * reminder go out once, whichever instance (or redelivery) handles it.
 */
@Entity('live_event_reminder')
export class LiveEventReminderEntity {
  @PrimaryColumn({ type: 'uuid' })
  eventId: string;

  @PrimaryColumn({ type: 'uuid' })
  practitionerId: string;

  /** Hours before the start (24 or 1). */
  @PrimaryColumn({ type: 'smallint' })
  leadHours: number;

  /** The start the reminder was for (a moved event reminds again for its new start). */
  @PrimaryColumn({ type: 'timestamptz' })
  startsAt: Date;

  @ManyToOne(() => LiveEventEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'eventId' })
  event?: LiveEventEntity;

  @ManyToOne(() => PractitionerEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'practitionerId' })
  practitioner?: PractitionerEntity;

  @CreateDateColumn({ type: 'timestamptz' })
  sentAt: Date;
}
