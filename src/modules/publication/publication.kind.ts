import type { ContentKind } from '../content';
import { loadContentFacts, setHiddenAt } from '../content';
import { PublicationEntity, PublicationNetworkEntity } from './publication.entity';
import { canReviewPublication, publicationReviewerSql } from './publication.policy';

/**
 * Publications of the library as the content kernel and moderation see them: reportable and hideable like
 * other content (no review queue: they are published at once), decided on by global moderators and, for a
 * NETWORKS publication, by the moderators of all its networks. A hidden publication, its versions and their
 * files (`GET /files/<id>`) are seen by its author and reviewers only (publication.policy.ts).
 */
export const publicationContentKind: ContentKind = {
  targetType: 'PUBLICATION',
  nodeType: 'Publication',
  notFound: 'Publication',
  load: (manager, id) => loadContentFacts(manager, PublicationEntity, id),
  setHidden: (manager, id, hidden) => setHiddenAt(manager, PublicationEntity, id, hidden),
  networkReview: {
    async reviews(manager, viewer, id, scope) {
      const p = await manager.findOne(PublicationEntity, {
        select: { id: true, visibility: true },
        where: { id },
      });
      if (!p) return false;
      const networks = await manager.findBy(PublicationNetworkEntity, { publicationId: id });
      return canReviewPublication(
        viewer,
        p,
        networks.map((n) => n.networkId),
        scope,
      );
    },
    async reviewsLoaded(loaders, viewer, id) {
      const p = await loaders.publication.byId.load(id);
      if (!p) return false;
      const [networkIds, scope] = await Promise.all([
        loaders.publication.networkIds.load(p.id),
        loaders.publication.viewerScope(),
      ]);
      return canReviewPublication(viewer, p, networkIds, scope);
    },
    reviewerSql: (v, idSql) =>
      `EXISTS (SELECT 1 FROM publication sp WHERE sp."id" = ${idSql} AND ${publicationReviewerSql(v, 'sp')})`,
    inNetworksSql: (networkIds, idSql) =>
      `EXISTS (SELECT 1 FROM publication_network f WHERE f."networkId" = ANY(${networkIds}::uuid[]) AND f."publicationId" = ${idSql})`,
  },
};
