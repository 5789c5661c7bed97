import type { EntityManager } from 'typeorm';
import { NotFoundError } from '../../common/errors/errors';
import { PractitionerEntity } from '../practitioner';
import type { ContentKinds } from '../content';
import type { Context } from '../../common/context';
import { TargetType } from './moderation.enums';

/** The node types of the targets that are not content (content kinds name their own). */
export const OTHER_NODE_TYPES: Partial<Record<TargetType, string>> = {
  [TargetType.PRACTITIONER]: 'Practitioner',
  [TargetType.NETWORK]: 'Network',
};

/** The GraphQL node type of a stored target type: its content kind's, or a practitioner's or network's. */
export function nodeTypeOf(kinds: ContentKinds, type: TargetType): string {
  return kinds.of(type)?.nodeType ?? OTHER_NODE_TYPES[type]!;
}

/** How a reported node type is stored: a content kind's target type, or PRACTITIONER; undefined otherwise. */
export function reportableType(kinds: ContentKinds, typeName: string): TargetType | undefined {
  if (typeName === OTHER_NODE_TYPES[TargetType.PRACTITIONER]) return TargetType.PRACTITIONER;
  return kinds.all.find((k) => k.nodeType === typeName)?.targetType as TargetType | undefined;
}

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

/**
 * Whether the viewer reviews the reported content under its kind's network review (e.g. a network moderator
 * of a NETWORKS post, or of the post of a comment), through the request's loaders.
 */
export async function reviewsReportedContent(
  ctx: Context,
  target: { targetType: TargetType; targetId: string },
): Promise<boolean> {
  const review = ctx.services.reports.kinds.of(target.targetType)?.networkReview;
  return !!review && !!ctx.viewer && review.reviewsLoaded(ctx.loaders, ctx.viewer, target.targetId);
}
