import { RateLimit } from '../../common/rate-limit/rate-limit.decorator';
import {
  Arg,
  Args,
  Authorized,
  Ctx,
  FieldResolver,
  ID,
  Info,
  Int,
  Mutation,
  Resolver,
  Root,
  Subscription,
} from 'type-graphql';
import { filter, pipe } from '../../common/pubsub/async-iterables';
import type { GraphQLResolveInfo } from 'graphql';
import type { Context } from '../../common/context';
import { Selection } from '../../common/graphql/selection';
import { isLean } from '../../common/db/lean-columns';
import { COMMUNITY } from '../../common/auth/role';
import { CurrentViewer } from '../../common/auth/current-viewer';
import type { Viewer } from '../../common/auth/viewer';
import { NotFoundError } from '../../common/errors/errors';
import { BidirectionalConnectionArgs, pageInfoOf, pageRequest } from '../../common/relay/pagination';
import type { Page, PageArgs } from '../../common/relay/pagination';
import type { ReadAheadDeclaration } from '../../common/relay/read-ahead';
import { fromGlobalIdOf, toGlobalId } from '../../common/relay/global-id';
import { nodeType } from '../../common/relay/node-registry';
import type { Topics } from '../../common/pubsub/pubsub';
import { onReturn } from '../../common/pubsub/on-return';
import { Practitioner } from '../practitioner';
import type { PractitionerEntity } from '../practitioner';
import { canViewPractitioner } from '../practitioner';
import { canViewComment } from './comment.policy';
import { Post } from '../post';
import { visibleAuthorNow } from '../content';
import type { PostEntity } from '../post';
import { loadVisiblePost, POST_TYPE } from '../post';
import { CommentEntity } from './comment.entity';
import { CommentService } from './comment.service';
import { readWithComment } from './comment.loaders';
import type { CommentPageExtras } from './comment.loaders';
import { Comment, CommentConnection } from './comment.types';
import { AddCommentInput, DeleteCommentInput, EditCommentInput } from './comment.inputs';
import { AddCommentPayload, DeleteCommentPayload, EditCommentPayload } from './comment.payloads';
import { markdownSourceNote } from '../../common/markdown/render-markdown';

export const COMMENT_TYPE = 'Comment';

/** canViewComment with the facts this request's loaders hold. */
export async function canReadComment(ctx: Context, comment: CommentEntity): Promise<boolean> {
  const [post, scope] = await Promise.all([
    loadVisiblePost(ctx, comment.postId),
    ctx.loaders.post.viewerScope(),
  ]);
  return canViewComment(ctx.viewer, comment, !!post, scope.blockedIds);
}

export async function loadVisibleComment(ctx: Context, id: string): Promise<CommentEntity | null> {
  const comment = await ctx.loaders.comment.byId.load(id);
  return comment && (await canReadComment(ctx, comment)) ? comment : null;
}

/** The Node declaration of this type (listed in the module manifest). */
export const commentNode = nodeType<CommentEntity>(COMMENT_TYPE, {
  isTypeOf: (value) => value instanceof CommentEntity,
  byId: (ctx, id) => ctx.loaders.comment.byId.load(id),
  canRead: canReadComment,
});

type CommentEvent = Topics['COMMENT_ADDED'][0];

@Resolver(() => Comment)
export class CommentResolver {
  constructor(private readonly comments: CommentService) {}

  @Authorized(COMMUNITY)
  @RateLimit('content')
  @Mutation(() => AddCommentPayload, {
    description:
      'Comments on a published post you can read, or replies to a top-level comment (verified members). ' +
      'RATE_LIMITED when commenting too fast.',
  })
  async addComment(
    @CurrentViewer() viewer: Viewer,
    @Arg('input', () => AddCommentInput, { description: 'The post, the text and the comment it replies to.' })
    { postId, body, parentId, idempotencyKey }: AddCommentInput,
  ): Promise<AddCommentPayload> {
    return {
      comment: await this.comments.add(
        viewer,
        fromGlobalIdOf(POST_TYPE, postId, 'postId'),
        body,
        parentId ? fromGlobalIdOf(COMMENT_TYPE, parentId, 'parentId') : null,
        idempotencyKey,
      ),
    };
  }

  @Authorized(COMMUNITY)
  @RateLimit('content')
  @Mutation(() => EditCommentPayload, { description: 'Edits one’s own comment.' })
  async editComment(
    @CurrentViewer() viewer: Viewer,
    @Arg('input', () => EditCommentInput, { description: 'The comment and its new text.' })
    { id, body }: EditCommentInput,
  ): Promise<EditCommentPayload> {
    return { comment: await this.comments.edit(viewer, fromGlobalIdOf(COMMENT_TYPE, id), body) };
  }

  @Authorized(COMMUNITY)
  @RateLimit('moderation')
  @Mutation(() => DeleteCommentPayload, {
    description: 'Deletes a comment (its author or a moderator); it stays in the thread as deleted.',
  })
  async deleteComment(
    @CurrentViewer() viewer: Viewer,
    @Arg('input', () => DeleteCommentInput, { description: 'The comment.' })
    { id }: DeleteCommentInput,
  ): Promise<DeleteCommentPayload> {
    const comment = await this.comments.delete(viewer, fromGlobalIdOf(COMMENT_TYPE, id));
    return { comment, deletedCommentId: toGlobalId(COMMENT_TYPE, comment.id) };
  }

  @Authorized(COMMUNITY)
  @Subscription(() => Comment, {
    description: 'New comments on a post you can read, as they are added.',
    subscribe: async ({ args, context }) => {
      const ctx = context as Context;
      const postId = fromGlobalIdOf(POST_TYPE, args.postId as string, 'postId');
      if (!(await loadVisiblePost(ctx, postId))) throw new NotFoundError('Post');
      const viewerId = ctx.viewer!.id;
      const deliveries = ctx.services.commentAddedDeliveries;
      // Registered so that each comment's audience is worked out once for the post's subscribers here.
      const release = deliveries.addSubscriber(postId, viewerId);
      // Each delivery is decided at that moment against commentPolicy (post visibility, membership, hiding
      // and blocks as they are now): in the audience read once per event, or on its own for a subscriber
      // that was not yet registered when it was read.
      const events = pipe(
        ctx.pubSub.subscribe('COMMENT_ADDED'),
        filter((event: CommentEvent) => event.postId === postId),
        filter(async (event: CommentEvent) => {
          const facts = await deliveries.factsOf(event);
          if (!facts.comment) return false;
          if (facts.asked.has(viewerId)) return facts.audience.has(viewerId);
          ctx.renewLoaders();
          return !!(await loadVisibleComment(ctx, event.commentId));
        }),
      );
      return onReturn(events, release);
    },
  })
  async commentAdded(
    @Root() event: CommentEvent,
    @Ctx() ctx: Context,
    @Arg('postId', () => ID, { description: 'The post to follow.' }) _postId: string,
  ): Promise<CommentEntity> {
    const { comment, author } = await ctx.services.commentAddedDeliveries.factsOf(event);
    if (!comment) throw new NotFoundError('Comment');
    // Share the records read once for the event with this delivery's (fresh) loaders.
    ctx.loaders.comment.byId.prime(comment.id, comment);
    if (author) ctx.loaders.practitioner.byId.prime(author.id, author);
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
  author(
    @Root() c: CommentEntity,
    @Ctx() ctx: Context,
  ): PractitionerEntity | null | Promise<PractitionerEntity | null> {
    if (c.deletedAt) return null;
    const read = readWithComment(c).author; // read with the page (the lean read path)
    // Some columns only: for this field alone, never for the loader that other paths read whole rows from.
    if (read && isLean(read)) return canViewPractitioner(ctx.viewer, read) ? read : null;
    if (read) ctx.loaders.practitioner.byId.prime(read.id, read);
    return visibleAuthorNow(ctx, c.authorId);
  }

  @FieldResolver(() => Post, {
    description: 'The post it belongs to (whoever may read a comment may read its post).',
  })
  async post(@Root() c: CommentEntity, @Ctx() ctx: Context): Promise<PostEntity> {
    // The schema's read guard applies postPolicy to what this returns (NOT_FOUND if unreadable).
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
    if (c.parentId) return 0;
    return readWithComment(c).replyCount ?? ctx.loaders.comment.replyCount.load(c.id);
  }

  @FieldResolver(() => CommentConnection, { description: 'Replies, oldest first (top-level comments only).' })
  replies(
    @Root() c: CommentEntity,
    @Ctx() ctx: Context,
    @Args() args: BidirectionalConnectionArgs,
  ): Promise<Page<CommentEntity>> | Page<CommentEntity> {
    if (c.parentId) {
      pageRequest(args); // the same refusals as a page of replies
      return { edges: [], pageInfo: pageInfoOf([], false, false) };
    }
    return ctx.loaders.comment.replies.load({ ...args, parentId: c.id });
  }
}

/** `Post.comments`: the thread of a post. */
@Resolver(() => Post)
export class PostCommentsResolver {
  @FieldResolver(() => CommentConnection, {
    description: 'Top-level comments, oldest first; each has its `replies`.',
  })
  comments(
    @Root() post: PostEntity,
    @Ctx() ctx: Context,
    @Args() args: BidirectionalConnectionArgs,
    @Info() info: GraphQLResolveInfo,
  ): Promise<Page<CommentEntity>> {
    // Look-ahead: the authors (the columns their selected fields need) and reply counts the page selects
    // are read with it, in one statement (or were, with the post: postCommentsReadAhead primed the loader).
    const extras = commentPageExtras(Selection.of(info));
    return ctx.loaders.comment.threadsWith(extras).load({ ...args, parentId: post.id });
  }
}

/** What a `Post.comments` selection reads with its page: its authors' selected fields, its reply counts. */
function commentPageExtras(comments: Selection): CommentPageExtras {
  const nodes = comments.child('CommentConnection', 'edges').child('CommentEdge', 'node');
  const author = nodes.child('Comment', 'author');
  return {
    author: author.selected ? author.fieldNames('Practitioner') : null,
    replyCount: nodes.child('Comment', 'replyCount').selected,
  };
}

/**
 * `node(id:)` fetching a post with its `comments`: the first page (as `Post.comments` would read it, with
 * the same extras) is read in the post's statement (common/relay/read-ahead.ts).
 */
export const postCommentsReadAhead: ReadAheadDeclaration = {
  typeName: POST_TYPE,
  field: 'comments',
  plan: (ctx, args, selection) =>
    ctx.loaders.comment.threadReadAhead(commentPageExtras(selection), args as PageArgs),
};
