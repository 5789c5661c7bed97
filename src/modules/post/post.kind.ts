import type { EntityManager } from 'typeorm';
import type { ContentKind } from '../content';
import { loadContentFacts, setHiddenAt } from '../content';
import { PostEntity } from './post.entity';
import { postNetworkIds } from './post-rows';
import { canReviewPost, postReviewerSql } from './post.policy';

/** Posts as the content kernel and moderation see them: reviewed in the queue, by network moderators too. */
export const postContentKind: ContentKind = {
  targetType: 'POST',
  nodeType: 'Post',
  notFound: 'Post',
  load: (manager, id) => loadContentFacts(manager, PostEntity, id),
  setHidden: (manager, id, hidden) => setHiddenAt(manager, PostEntity, id, hidden),
  review: { queueKind: 'POST_REVIEW', table: 'post' },
  networkReview: {
    async reviews(manager, viewer, id, scope) {
      const post = await manager.findOne(PostEntity, {
        select: { id: true, visibility: true },
        where: { id },
      });
      if (!post) return false;
      return canReviewPost(viewer, post, await postNetworkIds(manager, post.id), scope);
    },
    async reviewsLoaded(loaders, viewer, id) {
      const post = await loaders.post.byId.load(id);
      if (!post) return false;
      const [networkIds, scope] = await Promise.all([
        loaders.post.networkIds.load(post.id),
        loaders.post.viewerScope(),
      ]);
      return canReviewPost(viewer, post, networkIds, scope);
    },
    reviewerSql: (v, idSql) =>
      `EXISTS (SELECT 1 FROM post sp WHERE sp."id" = ${idSql} AND ${postReviewerSql(v, 'sp')})`,
    inNetworksSql: (networkIds, idSql) =>
      `EXISTS (SELECT 1 FROM post_network f WHERE f."networkId" = ANY(${networkIds}::uuid[]) AND f."postId" = ${idSql})`,
  },
};

/**
 * The counters a post keeps of what other modules write (comments), adjusted in the caller's transaction by
 * the module that changes what they count.
 */
export const postCounters = {
  /** One comment more (1) or fewer (-1) that readers see. */
  async comments(manager: EntityManager, postId: string, delta: 1 | -1): Promise<void> {
    await manager[delta > 0 ? 'increment' : 'decrement'](PostEntity, { id: postId }, 'commentCount', 1);
  },
};
