import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * One message sent: the `mail.requested` event it answered. A retried event whose message already left is
 * not sent again (docs/outbox.md, "E-mail").
 */
@Entity('mail_delivery')
export class MailDeliveryEntity {
  @PrimaryColumn({ type: 'uuid' })
  eventId: string;

  @Column({ type: 'varchar', length: 40 })
  template: string;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  deliveredAt: Date;
}
