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
import { CourseEntity } from './course.entity';

/** How long an e-mail invitation to a course works. */
export const COURSE_INVITATION_DAYS = 14;

/**
 * An invitation to a course sent to an e-mail address (`inviteToCourse` with `email`): the link's token is
 * stored hashed. Accepted by the account with that address; when the inviter may not vet, the acceptance is a
 * nomination (accepted, not yet enrolled) until a moderator decides on the account.
 */
@Entity('course_invitation')
@Index('course_invitation_course_idx', ['courseId', 'createdAt', 'id'])
@Index('course_invitation_accepted_idx', ['acceptedById'])
@Index('course_invitation_inviter_idx', ['invitedById'])
export class CourseInvitationEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  courseId: string;

  @ManyToOne(() => CourseEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'courseId' })
  course?: CourseEntity;

  /** The address invited, normalised (trimmed, lower case). */
  @Column({ type: 'text' })
  email: string;

  @Column({ type: 'uuid' })
  invitedById: string;

  @ManyToOne(() => PractitionerEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'invitedById' })
  invitedBy?: PractitionerEntity;

  /** SHA-256 of the link's token (the token itself is only in the message). */
  @Index('course_invitation_token_idx', { unique: true })
  @Column({ type: 'text' })
  tokenHash: string;

  @Column({ type: 'timestamptz' })
  expiresAt: Date;

  @Column({ type: 'uuid', nullable: true })
  acceptedById: string | null;

  @ManyToOne(() => PractitionerEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'acceptedById' })
  acceptedBy?: PractitionerEntity;

  @Column({ type: 'timestamptz', nullable: true })
  acceptedAt: Date | null;

  /** When the accepting account's enrolment was made (at once, or when a moderator verified the account). */
  @Column({ type: 'timestamptz', nullable: true })
  enrolledAt: Date | null;

  /** Revoked by its inviter, a facilitator or a moderator, or its nomination removed by a REJECT. */
  @Column({ type: 'timestamptz', nullable: true })
  revokedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
