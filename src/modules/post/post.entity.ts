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
import { PractitionerEntity } from '../practitioner';
import { NetworkEntity } from '../network';
import { PostAction, PostStatus, PostVisibility } from './post.enums';
import { ContentChecks, ContentColumns, ReviewStepColumns } from '../content';

const STATUS_LIST = Object.values(PostStatus)
  .map((s) => `'${s}'`)
  .join(', ');

export const POST_LIMITS = { title: 200, summary: 1000, body: 50000, note: 1000 } as const;

/** A good practice shared by a practitioner, curated by moderators. */
@Entity('post')
@Index('post_published_idx', ['publishedAt', 'id'], { where: `"status" = 'PUBLISHED'` })
@Index('post_author_published_idx', ['authorId', 'publishedAt', 'id'], { where: `"status" = 'PUBLISHED'` })
@Index('post_featured_idx', ['featuredAt', 'id'], { where: `"status" = 'PUBLISHED' AND "featured"` })
@Index('post_author_idx', ['authorId', 'updatedAt', 'id'])
@Index('post_status_idx', ['status', 'updatedAt'])
@Index('post_country_codes_idx', { synchronize: false })
@Index('post_thematic_area_codes_idx', { synchronize: false })
@ContentChecks('post', POST_LIMITS)
@Check('post_published_at', `("status" = 'PUBLISHED') = ("publishedAt" IS NOT NULL) OR "status" = 'ARCHIVED'`)
@Check('post_counts', `"endorsementCount" >= 0 AND "commentCount" >= 0`)
export class PostEntity extends ContentColumns(POST_LIMITS) {
  @Column({ type: 'uuid' })
  authorId: string;

  @ManyToOne(() => PractitionerEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'authorId' })
  author?: PractitionerEntity;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  countryCodes: string[];

  @Column({
    type: 'enum',
    enum: PostVisibility,
    enumName: 'post_visibility',
    default: PostVisibility.COMMUNITY,
  })
  visibility: PostVisibility;

  @Column({ type: 'enum', enum: PostStatus, enumName: 'post_status', default: PostStatus.DRAFT })
  status: PostStatus;

  @Column({ type: 'boolean', default: false })
  featured: boolean;

  @Column({ type: 'timestamptz', nullable: true })
  featuredAt: Date | null;

  /** Kept in step with the endorsement table in the same transaction. */
  @Column({ type: 'int', default: 0 })
  endorsementCount: number;

  /** Comments not deleted; kept in step with the comment table in the same transaction. */
  @Column({ type: 'int', default: 0 })
  commentCount: number;
}

/** The networks a post is shared with. */
@Entity('post_network')
@Index('post_network_network_idx', ['networkId', 'postId'])
export class PostNetworkEntity {
  @PrimaryColumn({ type: 'uuid' })
  postId: string;

  @PrimaryColumn({ type: 'uuid' })
  networkId: string;

  @ManyToOne(() => PostEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'postId' })
  post?: PostEntity;

  @ManyToOne(() => NetworkEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'networkId' })
  network?: NetworkEntity;
}

/** Every step of a post's lifecycle: who, when, from which status to which, and the note. Append-only. */
@Entity('post_transition')
@Index('post_transition_post_idx', ['postId', 'createdAt'])
@Check('post_transition_statuses', `"fromStatus" IN (${STATUS_LIST}) AND "toStatus" IN (${STATUS_LIST})`)
export class PostTransitionEntity extends ReviewStepColumns(POST_LIMITS.note) {
  @Column({ type: 'uuid' })
  postId: string;

  @ManyToOne(() => PostEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'postId' })
  post?: PostEntity;

  @Column({ type: 'enum', enum: PostAction, enumName: 'post_action' })
  action: PostAction;

  // varchar + check rather than the post_status enum: TypeORM would create that enum type twice.
  @Column({ type: 'varchar', length: 20 })
  fromStatus: PostStatus;

  @Column({ type: 'varchar', length: 20 })
  toStatus: PostStatus;
}

/** One practitioner's endorsement of a post (at most one each). */
@Entity('post_endorsement')
export class EndorsementEntity {
  @PrimaryColumn({ type: 'uuid' })
  postId: string;

  @PrimaryColumn({ type: 'uuid' })
  practitionerId: string;

  @ManyToOne(() => PostEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'postId' })
  post?: PostEntity;

  @ManyToOne(() => PractitionerEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'practitionerId' })
  practitioner?: PractitionerEntity;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

/** A post a practitioner saved for later. */
@Entity('post_bookmark')
@Index('post_bookmark_list_idx', ['practitionerId', 'createdAt', 'postId'])
export class BookmarkEntity {
  @PrimaryColumn({ type: 'uuid' })
  practitionerId: string;

  @PrimaryColumn({ type: 'uuid' })
  postId: string;

  @ManyToOne(() => PractitionerEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'practitionerId' })
  practitioner?: PractitionerEntity;

  @ManyToOne(() => PostEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'postId' })
  post?: PostEntity;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
