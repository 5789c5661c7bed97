import type { ContentKind } from '../content';
import { loadContentFacts, setHiddenAt } from '../content';
import { postContentKind, postCounters } from '../post';
import { CommentEntity } from './comment.entity';

/** SQL: the post of the comment whose id is `idSql`. */
const postOfSql = (idSql: string) => `(SELECT rc."postId" FROM comment rc WHERE rc."id" = ${idSql})`;
const postReview = postContentKind.networkReview!;

/**
 * Comments as moderation sees them: reportable and hideable, not reviewed; whoever reviews their post
 * decides on reports about them.
 */
export const commentContentKind: ContentKind = {
  targetType: 'COMMENT',
  nodeType: 'Comment',
  notFound: 'Comment',
  load: (manager, id) => loadContentFacts(manager, CommentEntity, id),
  async setHidden(manager, id, hidden) {
    if (!(await setHiddenAt(manager, CommentEntity, id, hidden))) return false;
    // commentCount counts the comments readers see: hiding takes one out, restoring puts it back.
    const c = await manager.findOneByOrFail(CommentEntity, { id });
    if (!c.deletedAt) await postCounters.comments(manager, c.postId, hidden ? -1 : 1);
    return true;
  },
  networkReview: {
    async reviews(manager, viewer, id, scope) {
      const c = await manager.findOne(CommentEntity, { select: { id: true, postId: true }, where: { id } });
      return !!c && postReview.reviews(manager, viewer, c.postId, scope);
    },
    async reviewsLoaded(loaders, viewer, id) {
      const c = await loaders.comment.byId.load(id);
      return !!c && postReview.reviewsLoaded(loaders, viewer, c.postId);
    },
    reviewerSql: (v, idSql) => postReview.reviewerSql(v, postOfSql(idSql)),
    inNetworksSql: (networkIds, idSql) => postReview.inNetworksSql(networkIds, postOfSql(idSql)),
  },
};
