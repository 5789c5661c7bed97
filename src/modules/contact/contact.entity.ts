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
import { ContactRequestStatus } from './contact.enums';

/** A request from one practitioner to another to become contacts. */
@Entity('contact_request')
@Index('contact_request_pending_key', ['requesterId', 'addresseeId'], {
  unique: true,
  where: `"status" = 'PENDING'`,
})
@Index('contact_request_incoming_idx', ['addresseeId', 'status', 'createdAt', 'id'])
@Index('contact_request_outgoing_idx', ['requesterId', 'status', 'createdAt', 'id'])
@Check('contact_request_not_self', `"requesterId" <> "addresseeId"`)
export class ContactRequestEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  requesterId: string;

  @ManyToOne(() => PractitionerEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'requesterId' })
  requester?: PractitionerEntity;

  @Column({ type: 'uuid' })
  addresseeId: string;

  @ManyToOne(() => PractitionerEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'addresseeId' })
  addressee?: PractitionerEntity;

  @Column({ type: 'varchar', length: 1000, nullable: true })
  message: string | null;

  @Column({
    type: 'enum',
    enum: ContactRequestStatus,
    enumName: 'contact_request_status',
    default: ContactRequestStatus.PENDING,
  })
  status: ContactRequestStatus;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  respondedAt: Date | null;
}

/** An accepted contact, stored once in each direction so that "my contacts" is one index range. */
@Entity('contact')
@Index('contact_list_idx', ['practitionerId', 'since', 'contactId'])
@Check('contact_not_self', `"practitionerId" <> "contactId"`)
export class ContactEntity {
  @PrimaryColumn({ type: 'uuid' })
  practitionerId: string;

  @PrimaryColumn({ type: 'uuid' })
  contactId: string;

  @ManyToOne(() => PractitionerEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'practitionerId' })
  practitioner?: PractitionerEntity;

  @ManyToOne(() => PractitionerEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'contactId' })
  contact?: PractitionerEntity;

  @CreateDateColumn({ type: 'timestamptz' })
  since: Date;
}
