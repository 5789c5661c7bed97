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
 * One export of a member's data (`requestDataExport`): PENDING until the outbox consumer has built its zip
 * archive, then READY with the archive stored in this row (bytea: every instance can serve it, no object
 * store needed) until `expiresAt`, then EXPIRED (the hourly sweep empties `archive`). The download token is
 * stored twice, never in clear: hashed (`tokenHash`, the lookup of GET /exports/<token>.zip) and sealed with
 * a key derived from the server's secret (`sealedToken`, so that `myDataExports` can show its owner the link).
 */
@Entity('data_export')
@Index('data_export_practitioner_idx', ['practitionerId', 'requestedAt', 'id'])
@Index('data_export_one_pending', ['practitionerId'], { unique: true, where: `"status" = 'PENDING'` })
@Index('data_export_expires_idx', ['expiresAt'])
export class DataExportEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  practitionerId: string;

  @ManyToOne(() => PractitionerEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'practitionerId' })
  practitioner?: PractitionerEntity;

  /** A DataExportStatus. */
  @Column({ type: 'varchar', length: 20, default: 'PENDING' })
  status: string;

  @CreateDateColumn({ type: 'timestamptz' })
  requestedAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  readyAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  expiresAt: Date | null;

  @Column({ type: 'varchar', length: 64, nullable: true, unique: true })
  tokenHash: string | null;

  @Column({ type: 'text', nullable: true })
  sealedToken: string | null;

  @Column({ type: 'integer', nullable: true })
  sizeBytes: number | null;

  /** The zip archive while READY; null before and after. Never selected by lists (see the service). */
  @Column({ type: 'bytea', nullable: true, select: false })
  archive: Buffer | null;
}
