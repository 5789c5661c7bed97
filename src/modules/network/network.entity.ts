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
  UpdateDateColumn,
} from 'typeorm';
import { PractitionerEntity } from '../practitioner';
import { CountryEntity } from '../reference';
import { JoinPolicy, MembershipStatus, NetworkKind, NetworkRole } from './network.enums';

/** A network of practitioners: a country's, a region's, a thematic one, or a working group. */
@Entity('network')
@Index('network_country_key', ['countryCode'], { unique: true, where: `"kind" = 'COUNTRY'` })
@Index('network_region_key', ['regionCode'], {
  unique: true,
  where: `"kind" = 'REGIONAL' AND "regionCode" IS NOT NULL`,
})
@Index('network_thematic_key', ['thematicAreaCode'], { unique: true, where: `"kind" = 'THEMATIC'` })
@Index('network_list_idx', ['kind', 'name', 'id'])
@Index('network_name_idx', ['name', 'id'])
@Check('network_name_len', `char_length("name") BETWEEN 1 AND 200`)
@Check('network_description_len', `"description" IS NULL OR char_length("description") <= 4000`)
@Check('network_member_count', `"memberCount" >= 0`)
export class NetworkEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'enum', enum: NetworkKind, enumName: 'network_kind' })
  kind: NetworkKind;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ type: 'text', nullable: true })
  description: string | null;

  /** For COUNTRY networks. */
  @Column({ type: 'char', length: 2, nullable: true })
  countryCode: string | null;

  @ManyToOne(() => CountryEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'countryCode' })
  country?: CountryEntity;

  /** For REGIONAL networks that mirror a UN M49 area; null for named groupings such as the Sahel. */
  @Column({ type: 'char', length: 3, nullable: true })
  regionCode: string | null;

  /** For THEMATIC networks. */
  @Column({ type: 'varchar', length: 64, nullable: true })
  thematicAreaCode: string | null;

  @Column({ type: 'enum', enum: JoinPolicy, enumName: 'join_policy' })
  joinPolicy: JoinPolicy;

  @Column({ type: 'uuid', nullable: true })
  createdById: string | null;

  @ManyToOne(() => PractitionerEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'createdById' })
  createdBy?: PractitionerEntity;

  /** Active members; kept in step with network_member in the same transaction. */
  @Column({ type: 'int', default: 0 })
  memberCount: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

/** The member countries of a REGIONAL network. */
@Entity('network_country')
@Index('network_country_country_idx', ['countryCode'])
export class NetworkCountryEntity {
  @PrimaryColumn({ type: 'uuid' })
  networkId: string;

  @PrimaryColumn({ type: 'char', length: 2 })
  countryCode: string;

  @ManyToOne(() => NetworkEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'networkId' })
  network?: NetworkEntity;

  @ManyToOne(() => CountryEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'countryCode' })
  country?: CountryEntity;
}

/** A practitioner's membership of a network, or a pending request or invitation. */
@Entity('network_member')
@Index('network_member_practitioner_idx', ['practitionerId', 'status'])
@Index('network_member_list_idx', ['networkId', 'status', 'createdAt', 'practitionerId'])
export class NetworkMemberEntity {
  @PrimaryColumn({ type: 'uuid' })
  networkId: string;

  @PrimaryColumn({ type: 'uuid' })
  practitionerId: string;

  @ManyToOne(() => NetworkEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'networkId' })
  network?: NetworkEntity;

  @ManyToOne(() => PractitionerEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'practitionerId' })
  practitioner?: PractitionerEntity;

  @Column({ type: 'enum', enum: NetworkRole, enumName: 'network_role', default: NetworkRole.MEMBER })
  role: NetworkRole;

  @Column({ type: 'enum', enum: MembershipStatus, enumName: 'membership_status' })
  status: MembershipStatus;

  @Column({ type: 'uuid', nullable: true })
  invitedById: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  joinedAt: Date | null;
}
