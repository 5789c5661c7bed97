import { Check, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { PractitionerEntity } from '../practitioner';
import { NetworkEntity } from '../network';

/** One practitioner blocking another: neither sees the other's posts and comments, nor follows or contacts them. */
@Entity('practitioner_block')
@Index('practitioner_block_blocked_idx', ['blockedId', 'blockerId'])
@Check('practitioner_block_not_self', `"blockerId" <> "blockedId"`)
export class PractitionerBlockEntity {
  @PrimaryColumn({ type: 'uuid' })
  blockerId: string;

  @PrimaryColumn({ type: 'uuid' })
  blockedId: string;

  @ManyToOne(() => PractitionerEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'blockerId' })
  blocker?: PractitionerEntity;

  @ManyToOne(() => PractitionerEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'blockedId' })
  blocked?: PractitionerEntity;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

/** A practitioner muting another: hidden from the muter's feeds and notifications only. */
@Entity('practitioner_mute')
@Check('practitioner_mute_not_self', `"muterId" <> "mutedId"`)
export class PractitionerMuteEntity {
  @PrimaryColumn({ type: 'uuid' })
  muterId: string;

  @PrimaryColumn({ type: 'uuid' })
  mutedId: string;

  @ManyToOne(() => PractitionerEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'muterId' })
  muter?: PractitionerEntity;

  @ManyToOne(() => PractitionerEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'mutedId' })
  muted?: PractitionerEntity;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

/** A practitioner muting a network: its posts leave the muter's feeds, its events their notifications. */
@Entity('network_mute')
export class NetworkMuteEntity {
  @PrimaryColumn({ type: 'uuid' })
  muterId: string;

  @PrimaryColumn({ type: 'uuid' })
  networkId: string;

  @ManyToOne(() => PractitionerEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'muterId' })
  muter?: PractitionerEntity;

  @ManyToOne(() => NetworkEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'networkId' })
  network?: NetworkEntity;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
