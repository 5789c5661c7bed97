import type { EntityManager } from 'typeorm';
import { NotFoundError } from '../../common/errors/errors';
import { PractitionerEntity } from '../practitioner/practitioner.entity';
import type { ContentKinds } from '../content/content-kind';
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

/**
 * The author of reported content (asked of its content kind), or the practitioner themselves; NOT_FOUND when
 * it does not exist. Content without an author (a legal development whose author's account is gone) gives ''.
 */
export async function authorOf(
  manager: EntityManager,
  kinds: ContentKinds,
  type: TargetType,
  id: string,
): Promise<string> {
  const kind = kinds.of(type);
  if (!kind) {
    if (!(await manager.existsBy(PractitionerEntity, { id }))) throw new NotFoundError('Practitioner');
    return id;
  }
  const facts = await kind.load(manager, id);
  if (!facts) throw new NotFoundError(kind.notFound);
  return facts.authorId ?? '';
}
