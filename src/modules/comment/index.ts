import { defineModule } from '../../platform/module/module-manifest';
import type { IdempotencyService } from '../../platform/idempotency/idempotency.service';
import type { PostService } from '../post';
import type { ContentKinds } from '../content';
import { CommentEntity } from './comment.entity';
import { commentContentKind } from './comment.kind';
import { CommentService } from './comment.service';
import {
  CommentResolver,
  PostCommentsResolver,
  commentNode,
  postCommentsReadAhead,
} from './comment.resolver';
import { CommentHtmlResolver } from './comment-html.resolver';
import { createCommentLoaders } from './comment.loaders';
import { CommentAddedDeliveries } from './comment-added-deliveries';

declare module '../../common/context' {
  interface ContextServices {
    commentAddedDeliveries: CommentAddedDeliveries;
  }
}

export const commentModule = defineModule({
  name: 'comment',
  entities: [CommentEntity],
  services: (
    s: { posts: PostService; idempotency: IdempotencyService; contentKinds: ContentKinds },
    { dataSource },
  ) => {
    s.contentKinds.register(commentContentKind);
    return {
      comments: new CommentService(dataSource, s.posts, s.idempotency),
      commentAddedDeliveries: new CommentAddedDeliveries(dataSource),
    };
  },
  resolvers: [
    { resolver: CommentResolver, create: (s) => new CommentResolver(s.comments) },
    PostCommentsResolver,
    CommentHtmlResolver,
  ],
  loaders: (viewer, _s, { dataSource }) => ({ comment: createCommentLoaders(dataSource, viewer) }),
  nodes: [commentNode],
  readAheads: [postCommentsReadAhead],
  contextServices: (s) => ({ commentAddedDeliveries: s.commentAddedDeliveries }),
});

// Used by other modules through this index (kept by scripts/codemods/module-imports.mjs).
export { commentReadSql, listedCommentSql } from './comment.policy';
export { Comment } from './comment.types';
