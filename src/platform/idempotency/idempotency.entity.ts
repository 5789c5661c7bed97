import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
} from 'typeorm';

/**
 * A client-supplied idempotency key, unique per account: the first request under it records what it
 * created; a retry with the same key gets that record back instead of creating another.
 */
@Entity('idempotency_key')
@Index('idempotency_key_created_idx', ['createdAt'])
@Check('idempotency_key_length', `char_length("key") BETWEEN 1 AND 100`)
export class IdempotencyKeyEntity {
  @PrimaryColumn({ type: 'uuid' })
  practitionerId: string;

  @PrimaryColumn({ type: 'varchar', length: 100 })
  key: string;

  /** The mutation that used the key (`createPost`, `addComment`, `requestContact`). */
  @Column({ type: 'varchar', length: 40 })
  operation: string;

  /** SHA-256 of the request's arguments: the same key with other arguments is refused. */
  @Column({ type: 'char', length: 64 })
  requestHash: string;

  /** The id of the record the first request created (set in the same transaction as the claim). */
  @Column({ type: 'uuid', nullable: true })
  resultId: string | null;

  // Named, not imported: the platform does not depend on a domain module (the foreign key is the same).
  @ManyToOne('PractitionerEntity', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'practitionerId' })
  practitioner?: object;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
