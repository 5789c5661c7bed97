import { IDEMPOTENCY_KEY_ARG } from '../idempotency/idempotency.service';
import { RateLimit } from '../../common/rate-limit/rate-limit.decorator';
import {
  Arg,
  Args,
  Authorized,
  Ctx,
  FieldResolver,
  ID,
  Int,
  Mutation,
  Resolver,
  Root,
  Subscription,
} from 'type-graphql';
import { filter, pipe } from '@graphql-yoga/subscription';
import type { Context } from '../../common/context';
import { CurrentViewer } from '../../common/auth/current-viewer';
import type { Viewer } from '../../common/auth/viewer';
import { NotFoundError } from '../../common/errors/errors';
import { ConnectionArgs } from '../../common/relay/pagination';
import type { Page } from '../../common/relay/pagination';
import { fromGlobalIdOf, toGlobalId } from '../../common/relay/global-id';
import { registerNode } from '../../common/relay/node-registry';
import type { Topics } from '../../common/pubsub/pubsub';
import { Practitioner } from '../practitioner/practitioner.types';
import type { PractitionerEntity } from '../practitioner/practitioner.entity';
import { canViewPractitioner, isModerator } from '../practitioner/practitioner.policy';
import { Post } from '../post/post.types';
import type { PostEntity } from '../post/post.entity';
import { loadVisiblePost, POST_TYPE } from '../post/post.resolver';
import { CommentEntity } from './comment.entity';
import { CommentService } from './comment.service';
import { Comment, CommentConnection } from './comment.types';
import { MultiLineArgs } from '../../common/validation/text';
import { markdownSourceNote } from '../../common/markdown/render-markdown';

export const COMMENT_TYPE = 'Comment';

/**
 * A comment is visible when its post is, unless a moderator hid it (then only its author and moderators
 * see it) or its author and the viewer are in a block.
 */
export async function loadVisibleComment(ctx: Context, id: string): Promise<CommentEntity | null> {
  const comment = await ctx.loaders.comment.byId.load(id);
  if (!comment) return null;
  if (!(await loadVisiblePost(ctx, comment.postId))) return null;
  if (comment.authorId === ctx.viewer?.id || isModerator(ctx.viewer)) return comment;
  if (comment.hiddenAt) return null;
  const scope = await ctx.loaders.post.viewerScope();
  return scope.blockedIds?.has(comment.authorId) ? null : comment;
}

registerNode(COMMENT_TYPE, {
  isTypeOf: (value) => value instanceof CommentEntity,
  load: loadVisibleComment,
});

type CommentEvent = Topics['COMMENT_ADDED'][0];

@Resolver(() => Comment)
export class CommentResolver {
  constructor(private readonly comments: CommentService) {}

  @Authorized()
  @RateLimit('content')
  @Mutation(() => Comment, {
    description:
      'Comments on a published post you can read, or replies to a top-level comment (verified members). ' +
      'RATE_LIMITED when commenting too fast.',
  })
  @MultiLineArgs('body')
  addComment(
    @CurrentViewer() viewer: Viewer,
    @Arg('postId', () => ID, { description: 'The post.' }) postId: string,
    @Arg('body', { description: 'The comment (1 to 5,000 characters, Markdown).' }) body: string,
    @Arg('parentId', () => ID, { nullable: true, description: 'The top-level comment this replies to.' })
    parentId: string | null,
    @Arg('idempotencyKey', () => String, IDEMPOTENCY_KEY_ARG) idempotencyKey: string | null,
  ): Promise<CommentEntity> {
    return this.comments.add(
      viewer,
      fromGlobalIdOf(POST_TYPE, postId, 'postId'),
      body,
      parentId ? fromGlobalIdOf(COMMENT_TYPE, parentId, 'parentId') : null,
      idempotencyKey,
    );
  }

  @Authorized()
  @Mutation(() => Comment, { description: 'Edits one’s own comment.' })
  @MultiLineArgs('body')
  editComment(
    @CurrentViewer() viewer: Viewer,
    @Arg('id', () => ID, { description: 'The comment.' }) id: string,
    @Arg('body', { description: 'The new text (1 to 5,000 characters).' }) body: string,
  ): Promise<CommentEntity> {
    return this.comments.edit(viewer, fromGlobalIdOf(COMMENT_TYPE, id), body);
  }

  @Authorized()
  @Mutation(() => Comment, {
    description: 'Deletes a comment (its author or a moderator); it stays in the thread as deleted.',
  })
  deleteComment(
    @CurrentViewer() viewer: Viewer,
    @Arg('id', () => ID, { description: 'The comment.' }) id: string,
  ): Promise<CommentEntity> {
    return this.comments.delete(viewer, fromGlobalIdOf(COMMENT_TYPE, id));
  }

  @Authorized()
  @Subscription(() => Comment, {
    description: 'New comments on a post you can read, as they are added.',
    subscribe: async ({ args, context }) => {
      const ctx = context as Context;
      const postId = fromGlobalIdOf(POST_TYPE, args.postId as string, 'postId');
      if (!(await loadVisiblePost(ctx, postId))) throw new NotFoundError('Post');
      const viewerId = ctx.viewer?.id ?? null;
      return pipe(
        ctx.pubSub.subscribe('COMMENT_ADDED'),
        filter(
          async (event: CommentEvent) =>
            event.postId === postId &&
            // Blocks may start after subscribing: checked per event.
            !(viewerId && (await ctx.services.blocks.isBlockedBetween(viewerId, event.authorId ?? ''))),
        ),
      );
    },
  })
  async commentAdded(
    @Root() event: CommentEvent,
    @Ctx() ctx: Context,
    @Arg('postId', () => ID, { description: 'The post to follow.' }) _postId: string,
  ): Promise<CommentEntity> {
    const comment = await ctx.loaders.comment.byId.load(event.commentId);
    if (!comment) throw new NotFoundError('Comment');
    return comment;
  }

  @FieldResolver(() => ID, { description: 'Opaque global identifier.' })
  id(@Root() c: CommentEntity): string {
    return toGlobalId(COMMENT_TYPE, c.id);
  }

  @FieldResolver(() => String, {
    nullable: true,
    description: `The text (up to 5,000 characters); null once deleted. ${markdownSourceNote('bodyHtml')}`,
  })
  body(@Root() c: CommentEntity): string | null {
    return c.deletedAt ? null : c.body;
  }

  @FieldResolver(() => Boolean, { description: 'Whether it was deleted (it keeps its place in the thread).' })
  isDeleted(@Root() c: CommentEntity): boolean {
    return !!c.deletedAt;
  }

  @FieldResolver(() => Practitioner, {
    nullable: true,
    description: 'The author; null once deleted or when the profile is not visible.',
  })
  async author(@Root() c: CommentEntity, @Ctx() ctx: Context): Promise<PractitionerEntity | null> {
    if (c.deletedAt) return null;
    const author = await ctx.loaders.practitioner.byId.load(c.authorId);
    return author && canViewPractitioner(ctx.viewer, author) ? author : null;
  }

  @FieldResolver(() => Post, { description: 'The post it belongs to.' })
  async post(@Root() c: CommentEntity, @Ctx() ctx: Context): Promise<PostEntity> {
    const post = await ctx.loaders.post.byId.load(c.postId);
    if (!post) throw new NotFoundError('Post');
    return post;
  }

  @FieldResolver(() => Comment, {
    nullable: true,
    description:
      'The comment this replies to; null for top-level comments and when it is not visible to you.',
  })
  parent(@Root() c: CommentEntity, @Ctx() ctx: Context): Promise<CommentEntity | null> | null {
    return c.parentId ? loadVisibleComment(ctx, c.parentId) : null;
  }

  @FieldResolver(() => Int, {
    description: 'Number of replies (top-level comments only), deleted ones included, hidden ones not.',
  })
  replyCount(@Root() c: CommentEntity, @Ctx() ctx: Context): Promise<number> | number {
    return c.parentId ? 0 : ctx.loaders.comment.replyCount.load(c.id);
  }

  @FieldResolver(() => CommentConnection, { description: 'Replies, oldest first (top-level comments only).' })
  replies(
    @Root() c: CommentEntity,
    @CurrentViewer() viewer: Viewer | null,
    @Args() { first, after }: ConnectionArgs,
  ): Promise<Page<CommentEntity>> | Page<CommentEntity> {
    if (c.parentId) return { edges: [], pageInfo: { hasNextPage: false, endCursor: null } };
    return this.comments.list(viewer, c.postId, c.id, first, after);
  }
}

/** `Post.comments`: the thread of a post. */
@Resolver(() => Post)
export class PostCommentsResolver {
  constructor(private readonly service: CommentService) {}

  @FieldResolver(() => CommentConnection, {
    description: 'Top-level comments, oldest first; each has its `replies`.',
  })
  comments(
    @Root() post: PostEntity,
    @CurrentViewer() viewer: Viewer | null,
    @Args() { first, after }: ConnectionArgs,
  ): Promise<Page<CommentEntity>> {
    return this.service.list(viewer, post.id, null, first, after);
  }
}
