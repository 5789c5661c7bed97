import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { PractitionerEntity } from '../practitioner';
import { CourseEnrollmentEntity, CourseEntity } from '../course';

/**
 * A certificate of completion: one per learner and course (`certificate_once`), issued by the outbox
 * consumer of `course.completed`. `code` is the public verification code (160 random bits, Crockford
 * base32 in groups of four); `revokedAt` with its reason once revoked. Deleting the holder's account
 * deletes it (verification then answers as for an unknown code).
 */
@Entity('certificate')
@Index('certificate_once', ['courseId', 'holderId'], { unique: true })
@Index('certificate_code', ['code'], { unique: true })
@Index('certificate_holder_idx', ['holderId', 'issuedAt', 'id'])
export class CertificateEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 64 })
  code: string;

  @Column({ type: 'uuid' })
  courseId: string;

  @ManyToOne(() => CourseEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'courseId' })
  course?: CourseEntity;

  @Column({ type: 'uuid' })
  holderId: string;

  @ManyToOne(() => PractitionerEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'holderId' })
  holder?: PractitionerEntity;

  /** The enrolment whose completion issued it. */
  @Column({ type: 'uuid', nullable: true })
  enrollmentId: string | null;

  @ManyToOne(() => CourseEnrollmentEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'enrollmentId' })
  enrollment?: CourseEnrollmentEntity;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  issuedAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  revokedAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  revokedById: string | null;

  @ManyToOne(() => PractitionerEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'revokedById' })
  revokedBy?: PractitionerEntity;

  @Column({ type: 'varchar', length: 1000, nullable: true })
  revocationReason: string | null;
}
