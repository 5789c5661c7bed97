import { Check, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { PractitionerEntity } from '../practitioner';
import { NetworkEntity } from '../network';

/** One practitioner following another: the followee's published posts reach the follower's feed. */
@Entity('practitioner_follow')
@Index('practitioner_follow_followee_idx', ['followeeId', 'createdAt', 'followerId'])
@Index('practitioner_follow_follower_idx', ['followerId', 'createdAt', 'followeeId'])
@Check('practitioner_follow_not_self', `"followerId" <> "followeeId"`)
export class PractitionerFollowEntity {
  @PrimaryColumn({ type: 'uuid' })
  followerId: string;

  @PrimaryColumn({ type: 'uuid' })
  followeeId: string;

  @ManyToOne(() => PractitionerEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'followerId' })
  follower?: PractitionerEntity;

  @ManyToOne(() => PractitionerEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'followeeId' })
  followee?: PractitionerEntity;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

/** A practitioner following a network without being a member: its posts reach their feed. */
@Entity('network_follow')
@Index('network_follow_network_idx', ['networkId'])
export class NetworkFollowEntity {
  @PrimaryColumn({ type: 'uuid' })
  followerId: string;

  @PrimaryColumn({ type: 'uuid' })
  networkId: string;

  @ManyToOne(() => PractitionerEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'followerId' })
  follower?: PractitionerEntity;

  @ManyToOne(() => NetworkEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'networkId' })
  network?: NetworkEntity;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
