import { defineModule } from '../../platform/module/module-manifest';
import type { UnitOfWork } from '../../platform/unit-of-work/unit-of-work';
import type { IdempotencyService } from '../../platform/idempotency/idempotency.service';
import type { ReferenceCatalog } from '../reference';
import type { ContentKinds } from '../content';
import { postContentKind } from './post.kind';
import {
  BookmarkEntity,
  EndorsementEntity,
  PostEntity,
  PostNetworkEntity,
  PostTransitionEntity,
} from './post.entity';
import { PostService } from './post.service';
import { PostReviewService } from './post-review.service';
import { PostReactionService } from './post-reaction.service';
import { PostResolver, postNode } from './post.resolver';
import { PostHtmlResolver } from './post-html.resolver';
import { createPostLoaders } from './post.loaders';
import { VersionFieldResolver } from '../content';
import type { ContentVersionService } from '../content';
import { Post } from './post.types';

/** Language versions of Post (the `version` field, from the content kernel). */
const PostVersionField = VersionFieldResolver(Post, 'Post');

interface PostNeeds {
  catalog: ReferenceCatalog;
  uow: UnitOfWork;
  idempotency: IdempotencyService;
  contentKinds: ContentKinds;
  contentVersions: ContentVersionService;
}

export const postModule = defineModule({
  name: 'post',
  entities: [PostEntity, PostNetworkEntity, PostTransitionEntity, EndorsementEntity, BookmarkEntity],
  services: (s: PostNeeds, { dataSource }) => {
    s.contentKinds.register(postContentKind);
    const posts = new PostService(dataSource, s.catalog, s.idempotency);
    return {
      posts,
      postReviews: new PostReviewService(dataSource, s.uow, posts),
      postReactions: new PostReactionService(dataSource, s.uow, posts),
    };
  },
  resolvers: [
    { resolver: PostVersionField, create: (s) => new PostVersionField(s.contentVersions) },
    {
      resolver: PostResolver,
      create: (s) => new PostResolver(s.posts, s.postReviews, s.postReactions, s.catalog),
    },
    PostHtmlResolver,
  ],
  loaders: (viewer, _s, { dataSource, prefetched }) => ({
    post: createPostLoaders(dataSource, viewer, prefetched),
  }),
  nodes: [postNode],
});

// Used by other modules through this index (kept by scripts/codemods/module-imports.mjs).
export {
  findPost,
  postNetworkIds,
  postNetworksJsonSql,
  publishedPostSql,
  sharedWithNetworkSql,
} from './post-rows';
export { POST_COLUMN_NEEDS } from './post.columns';
export { PostEntity } from './post.entity';
export { PostVisibility } from './post.enums';
export { postContentKind, postCounters } from './post.kind';
export type { PostScope } from './post.loaders';
export { keepAuthorReadWith, keepFlagsReadWith, keepNetworksReadWith } from './post.loaders';
export { blockedSql, listedPostSql, postReadSql, readablePostByIdSql } from './post.policy';
export { POST_TYPE, loadVisiblePost } from './post.resolver';
export type { PostService } from './post.service';
export { Post, PostConnection } from './post.types';
