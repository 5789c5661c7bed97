import type { EntityManager } from 'typeorm';
import { NotFoundError } from '../../common/errors/errors';
import { PractitionerEntity } from '../practitioner/practitioner.entity';
import { PostEntity } from '../post/post.entity';
import { CommentEntity } from '../comment/comment.entity';
import { LegalDevelopmentEntity } from '../legal-development/legal-development.entity';
import { TargetType } from './moderation.enums';

/** Node type names of what can be reported, and how they are stored. */
export const REPORTABLE: Record<string, TargetType> = {
  Post: TargetType.POST,
  Comment: TargetType.COMMENT,
  LegalDevelopment: TargetType.LEGAL_DEVELOPMENT,
  Practitioner: TargetType.PRACTITIONER,
};
export const NODE_TYPE_OF: Record<TargetType, string> = {
  [TargetType.POST]: 'Post',
  [TargetType.COMMENT]: 'Comment',
  [TargetType.LEGAL_DEVELOPMENT]: 'LegalDevelopment',
  [TargetType.PRACTITIONER]: 'Practitioner',
  [TargetType.NETWORK]: 'Network',
};

/** The author of reported content, or the practitioner themselves; NOT_FOUND when it does not exist. */
export async function authorOf(manager: EntityManager, type: TargetType, id: string): Promise<string> {
  if (type === TargetType.PRACTITIONER) {
    if (!(await manager.existsBy(PractitionerEntity, { id }))) throw new NotFoundError('Practitioner');
    return id;
  }
  if (type === TargetType.POST) {
    const post = await manager.findOne(PostEntity, { select: { id: true, authorId: true }, where: { id } });
    if (!post) throw new NotFoundError('Post');
    return post.authorId;
  }
  if (type === TargetType.COMMENT) {
    const c = await manager.findOne(CommentEntity, { select: { id: true, authorId: true }, where: { id } });
    if (!c) throw new NotFoundError('Comment');
    return c.authorId;
  }
  const ld = await manager.findOne(LegalDevelopmentEntity, {
    select: { id: true, authorId: true },
    where: { id },
  });
  if (!ld) throw new NotFoundError('Legal development');
  return ld.authorId ?? ''; // treaty-action developments may have no author
}
