import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { PractitionerEntity } from '../practitioner';
import { PostEntity } from '../post';

export const COMMENT_MAX_LENGTH = 5000;

/** A comment on a published post, or a reply to one (one level deep). Deleted comments keep their place. */
@Entity('comment')
@Index('comment_thread_idx', ['postId', 'createdAt', 'id'])
@Index('comment_replies_idx', ['parentId', 'createdAt', 'id'])
@Check('comment_body_len', `char_length("body") BETWEEN 1 AND ${COMMENT_MAX_LENGTH}`)
export class CommentEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  postId: string;

  @ManyToOne(() => PostEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'postId' })
  post?: PostEntity;

  @Column({ type: 'uuid' })
  authorId: string;

  @ManyToOne(() => PractitionerEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'authorId' })
  author?: PractitionerEntity;

  @Column({ type: 'uuid', nullable: true })
  parentId: string | null;

  @ManyToOne(() => CommentEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'parentId' })
  parent?: CommentEntity;

  @Column({ type: 'text' })
  body: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  editedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  deletedAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  deletedById: string | null;

  /** Hidden by a moderator: gone for everyone but its author and moderators. */
  @Column({ type: 'timestamptz', nullable: true })
  hiddenAt: Date | null;
}
