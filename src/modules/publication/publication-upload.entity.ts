import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { PractitionerEntity } from '../practitioner';
import { VERSION_LIMITS } from './publication.entity';

/**
 * A file sent to a signed upload URL (`createUploadUrl`), waiting to be attached to a publication version:
 * its bytes are in the file storage under `id` once received (`receivedAt`, with the type found in the
 * content). Attaching it deletes the row (the version then holds the key); unattached ones are swept with
 * their files after UPLOAD_MAX_AGE_SECONDS.
 */
@Entity('publication_upload')
@Index('publication_upload_created_idx', ['createdAt'])
export class PublicationUploadEntity {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ type: 'uuid' })
  ownerId: string;

  @ManyToOne(() => PractitionerEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'ownerId' })
  owner?: PractitionerEntity;

  /** What the upload is for (PUBLICATION_VERSION). */
  @Column({ type: 'varchar', length: 40 })
  purpose: string;

  /** The name the client gave (shown, never used as a path). */
  @Column({ type: 'varchar', length: VERSION_LIMITS.filename })
  fileName: string;

  /** The size the client declared: the PUT may send no more. */
  @Column({ type: 'bigint', transformer: { to: (v) => v, from: (v) => Number(v) } })
  declaredSize: number;

  /** The media type the client declared (the stored type is the one found in the content). */
  @Column({ type: 'varchar', length: 100 })
  declaredType: string;

  @Column({ type: 'timestamptz' })
  expiresAt: Date;

  /** When the PUT started (the URL is single use); null before. */
  @Column({ type: 'timestamptz', nullable: true })
  receivedAt: Date | null;

  /** The type found in the received content; null until the bytes are stored and accepted. */
  @Column({ type: 'varchar', length: 100, nullable: true })
  fileContentType: string | null;

  @Column({
    type: 'bigint',
    nullable: true,
    transformer: { to: (v) => v, from: (v) => (v == null ? v : Number(v)) },
  })
  fileSize: number | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
