import { RateLimit } from '../../common/rate-limit/rate-limit.decorator';
import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../common/context';
import { CurrentViewer } from '../../common/auth/current-viewer';
import type { Viewer } from '../../common/auth/viewer';
import { COMMUNITY, Role } from '../../common/auth/role';
import { BidirectionalConnectionArgs } from '../../common/relay/pagination';
import type { Page } from '../../common/relay/pagination';
import { fromGlobalIdOf, toGlobalId } from '../../common/relay/global-id';
import { nodeType } from '../../common/relay/node-registry';
import { readAheadsFor } from '../../common/relay/read-ahead';
import { Country, ThematicArea } from '../reference';
import type { ReferenceCatalog } from '../reference';
import type { CountryEntity, ThematicAreaEntity } from '../reference';
import { Practitioner, canViewPractitioner } from '../practitioner';
import { isLean } from '../../common/db/lean-columns';
import type { PractitionerEntity } from '../practitioner';
import { Network } from '../network';
import type { NetworkEntity } from '../network';
import { PostEntity } from './post.entity';
import type { PostTransitionEntity } from './post.entity';
import {
  ArchivePostInput,
  BookmarkPostInput,
  CreatePostInput,
  EndorsePostInput,
  FeaturePostInput,
  RemoveBookmarkInput,
  ReviewPostInput,
  SubmitPostInput,
  UnfeaturePostInput,
  UpdatePostInput,
  WithdrawEndorsementInput,
} from './post.inputs';
import {
  ArchivePostPayload,
  BookmarkPostPayload,
  CreatePostPayload,
  EndorsePostPayload,
  FeaturePostPayload,
  RemoveBookmarkPayload,
  ReviewPostPayload,
  SubmitPostPayload,
  UnfeaturePostPayload,
  UpdatePostPayload,
  WithdrawEndorsementPayload,
} from './post.payloads';
import { canReviewPost, canViewPost } from './post.policy';
import { isVerified } from '../../common/auth/policy';
import { PostService } from './post.service';
import { authorReadWith, flagsReadWith, networksReadWith } from './post.loaders';
import { PostReviewService } from './post-review.service';
import { PostReactionService } from './post-reaction.service';
import { Post, PostConnection, PostTransition } from './post.types';
import { ListSize, MAX_HISTORY_ITEMS } from '../../common/limits/list-size';
import { POST_LIST_BOUNDS } from './post.inputs';
import { thematicAreasOf, visibleAuthorNow, visibleHistory } from '../content';

export const POST_TYPE = 'Post';

/** canViewPost with the facts this request's loaders hold (one query each per request, batched). */
export async function canReadPost(ctx: Context, post: PostEntity): Promise<boolean> {
  if (!isVerified(ctx.viewer)) return false;
  const [networkIds, scope] = await Promise.all([
    ctx.loaders.post.networkIds.load(post.id),
    ctx.loaders.post.viewerScope(),
  ]);
  return canViewPost(ctx.viewer, post, networkIds, scope);
}

/** Loads a post for the viewer through the request's loaders, applying canViewPost. */
export async function loadVisiblePost(ctx: Context, id: string): Promise<PostEntity | null> {
  const post = await ctx.loaders.post.byId.load(id);
  return post && (await canReadPost(ctx, post)) ? post : null;
}

/** The Node declaration of this type (listed in the module manifest). */
export const postNode = nodeType<PostEntity>(POST_TYPE, {
  isTypeOf: (value) => value instanceof PostEntity,
  byId: (ctx, id, info) => {
    // node(id:) selecting nested fields that can be read ahead (the first page of comments): one statement.
    const parts = info ? readAheadsFor(ctx, info, POST_TYPE) : [];
    return parts.length ? ctx.loaders.post.byIdWith(id, parts) : ctx.loaders.post.byId.load(id);
  },
  canRead: canReadPost,
});

@Resolver(() => Post)
export class PostResolver {
  constructor(
    private readonly posts: PostService,
    private readonly reviews: PostReviewService,
    private readonly reactions: PostReactionService,
    private readonly catalog: ReferenceCatalog,
  ) {}

  @Authorized(COMMUNITY)
  @RateLimit('content')
  @Mutation(() => CreatePostPayload, {
    description: 'Creates a DRAFT post (verified members). RATE_LIMITED when posting too fast.',
  })
  async createPost(
    @CurrentViewer() viewer: Viewer,
    @Arg('input', () => CreatePostInput, { description: 'The post.' })
    { idempotencyKey, ...post }: CreatePostInput,
  ): Promise<CreatePostPayload> {
    return { post: await this.posts.create(viewer, post, idempotencyKey) };
  }

  @Authorized(COMMUNITY)
  @RateLimit('content')
  @Mutation(() => UpdatePostPayload, { description: 'Edits one’s own DRAFT or CHANGES_REQUESTED post.' })
  async updatePost(
    @CurrentViewer() viewer: Viewer,
    @Arg('input', () => UpdatePostInput, { description: 'The post and the changes.' })
    { id, ...changes }: UpdatePostInput,
  ): Promise<UpdatePostPayload> {
    return { post: await this.posts.update(viewer, fromGlobalIdOf(POST_TYPE, id), changes) };
  }

  @Authorized(COMMUNITY)
  @RateLimit('content')
  @Mutation(() => SubmitPostPayload, {
    description: 'Submits one’s DRAFT or CHANGES_REQUESTED post for review (→ PENDING_REVIEW).',
  })
  async submitPost(
    @CurrentViewer() viewer: Viewer,
    @Arg('input', () => SubmitPostInput, { description: 'The post.' })
    { id }: SubmitPostInput,
  ): Promise<SubmitPostPayload> {
    return { post: await this.posts.submit(viewer, fromGlobalIdOf(POST_TYPE, id)) };
  }

  @Authorized(COMMUNITY)
  @RateLimit('moderation')
  @Mutation(() => ReviewPostPayload, {
    description:
      'Reviews a PENDING_REVIEW post: global moderators, or moderators of every network it is shared with; never one’s own.',
  })
  async reviewPost(
    @CurrentViewer() viewer: Viewer,
    @Arg('input', () => ReviewPostInput, { description: 'The post and the decision.' })
    { id, decision, note }: ReviewPostInput,
  ): Promise<ReviewPostPayload> {
    return { post: await this.reviews.review(viewer, fromGlobalIdOf(POST_TYPE, id), decision, note ?? null) };
  }

  @Authorized(Role.MODERATOR)
  @RateLimit('moderation')
  @Mutation(() => FeaturePostPayload, { description: 'Features a published post (moderators).' })
  async featurePost(
    @CurrentViewer() viewer: Viewer,
    @Arg('input', () => FeaturePostInput, { description: 'The post.' })
    { id }: FeaturePostInput,
  ): Promise<FeaturePostPayload> {
    return { post: await this.reviews.setFeatured(viewer, fromGlobalIdOf(POST_TYPE, id), true) };
  }

  @Authorized(Role.MODERATOR)
  @RateLimit('moderation')
  @Mutation(() => UnfeaturePostPayload, { description: 'Stops featuring a post (moderators).' })
  async unfeaturePost(
    @CurrentViewer() viewer: Viewer,
    @Arg('input', () => UnfeaturePostInput, { description: 'The post.' })
    { id }: UnfeaturePostInput,
  ): Promise<UnfeaturePostPayload> {
    return { post: await this.reviews.setFeatured(viewer, fromGlobalIdOf(POST_TYPE, id), false) };
  }

  @Authorized(COMMUNITY)
  @Mutation(() => ArchivePostPayload, { description: 'Archives one’s own post: it leaves every list.' })
  async archivePost(
    @CurrentViewer() viewer: Viewer,
    @Arg('input', () => ArchivePostInput, { description: 'The post.' })
    { id }: ArchivePostInput,
  ): Promise<ArchivePostPayload> {
    return { post: await this.posts.archive(viewer, fromGlobalIdOf(POST_TYPE, id)) };
  }

  @Authorized(COMMUNITY)
  @RateLimit('reaction')
  @Mutation(() => EndorsePostPayload, {
    description: 'Endorses a published post (once per practitioner; repeating is a no-op).',
  })
  async endorsePost(
    @CurrentViewer() viewer: Viewer,
    @Arg('input', () => EndorsePostInput, { description: 'The post.' })
    { postId }: EndorsePostInput,
  ): Promise<EndorsePostPayload> {
    return { post: await this.reactions.endorse(viewer, fromGlobalIdOf(POST_TYPE, postId, 'postId'), true) };
  }

  @Authorized(COMMUNITY)
  @Mutation(() => WithdrawEndorsementPayload, {
    description: 'Withdraws one’s endorsement (a no-op when there is none).',
  })
  async withdrawEndorsement(
    @CurrentViewer() viewer: Viewer,
    @Arg('input', () => WithdrawEndorsementInput, { description: 'The post.' })
    { postId }: WithdrawEndorsementInput,
  ): Promise<WithdrawEndorsementPayload> {
    return { post: await this.reactions.endorse(viewer, fromGlobalIdOf(POST_TYPE, postId, 'postId'), false) };
  }

  @Authorized(COMMUNITY)
  @Mutation(() => BookmarkPostPayload, {
    description: 'Saves a published post to one’s bookmarks (idempotent).',
  })
  async bookmarkPost(
    @CurrentViewer() viewer: Viewer,
    @Arg('input', () => BookmarkPostInput, { description: 'The post.' })
    { postId }: BookmarkPostInput,
  ): Promise<BookmarkPostPayload> {
    return { post: await this.reactions.bookmark(viewer, fromGlobalIdOf(POST_TYPE, postId, 'postId'), true) };
  }

  @Authorized(COMMUNITY)
  @Mutation(() => RemoveBookmarkPayload, { description: 'Removes a post from one’s bookmarks (idempotent).' })
  async removeBookmark(
    @CurrentViewer() viewer: Viewer,
    @Arg('input', () => RemoveBookmarkInput, { description: 'The post.' })
    { postId }: RemoveBookmarkInput,
  ): Promise<RemoveBookmarkPayload> {
    return {
      post: await this.reactions.bookmark(viewer, fromGlobalIdOf(POST_TYPE, postId, 'postId'), false),
    };
  }

  @Authorized(COMMUNITY)
  @Query(() => PostConnection, {
    description:
      'The viewer’s bookmarked posts, most recently saved first (both ways: `first`/`after` or `last`/`before`).',
  })
  bookmarks(
    @CurrentViewer() viewer: Viewer,
    @Args() args: BidirectionalConnectionArgs,
  ): Promise<Page<PostEntity>> {
    return this.reactions.bookmarks(viewer, args);
  }

  @Authorized(COMMUNITY)
  @Query(() => PostConnection, {
    description: 'Featured posts the viewer may read, most recently featured first.',
  })
  featuredPosts(
    @CurrentViewer() viewer: Viewer,
    @Args() args: BidirectionalConnectionArgs,
  ): Promise<Page<PostEntity>> {
    return this.posts.listFeatured(viewer, args);
  }

  @FieldResolver(() => ID, { description: 'Opaque global identifier.' })
  id(@Root() post: PostEntity): string {
    return toGlobalId(POST_TYPE, post.id);
  }

  @FieldResolver(() => Practitioner, {
    nullable: true,
    description: 'The author; null if their profile is not visible to you.',
  })
  author(
    @Root() post: PostEntity,
    @Ctx() ctx: Context,
  ): PractitionerEntity | null | Promise<PractitionerEntity | null> {
    const read = authorReadWith(post); // read with the post (the lean read path)
    // Some columns only: for this field alone, never for the loader that other paths read whole rows from.
    if (read && isLean(read)) return canViewPractitioner(ctx.viewer, read) ? read : null;
    if (read) ctx.loaders.practitioner.byId.prime(read.id, read);
    return visibleAuthorNow(ctx, post.authorId);
  }

  @ListSize(POST_LIST_BOUNDS.countries)
  @FieldResolver(() => [Country], { description: 'Countries concerned.' })
  countries(@Root() post: PostEntity): CountryEntity[] {
    return post.countryCodes.map((c) => this.catalog.country(c)).filter((c): c is CountryEntity => !!c);
  }

  @ListSize(POST_LIST_BOUNDS.thematicAreas)
  @FieldResolver(() => [ThematicArea], { description: 'Thematic areas concerned.' })
  thematicAreas(@Root() post: PostEntity): ThematicAreaEntity[] {
    return thematicAreasOf(this.catalog, post.thematicAreaCodes);
  }

  @ListSize(POST_LIST_BOUNDS.networks)
  @FieldResolver(() => [Network], { description: 'Networks it is shared with.' })
  networks(@Root() post: PostEntity, @Ctx() ctx: Context): NetworkEntity[] | Promise<NetworkEntity[]> {
    return networksReadWith(post) ?? ctx.loaders.post.networks.load(post.id);
  }

  @FieldResolver(() => Boolean, { description: 'Whether the viewer endorses it.' })
  viewerHasEndorsed(@Root() post: PostEntity, @Ctx() ctx: Context): boolean | Promise<boolean> {
    const kept = flagsReadWith(post);
    return kept ? kept.endorsed : ctx.loaders.post.viewerFlags.load(post.id).then((f) => f.endorsed);
  }

  @FieldResolver(() => Boolean, { description: 'Whether the viewer bookmarked it.' })
  viewerHasBookmarked(@Root() post: PostEntity, @Ctx() ctx: Context): boolean | Promise<boolean> {
    const kept = flagsReadWith(post);
    return kept ? kept.bookmarked : ctx.loaders.post.viewerFlags.load(post.id).then((f) => f.bookmarked);
  }

  @ListSize(MAX_HISTORY_ITEMS)
  @FieldResolver(() => [PostTransition], {
    nullable: true,
    description:
      `Its review history, oldest first (the latest ${MAX_HISTORY_ITEMS}; who decided is not shown; when, what ` +
      'and the note are). Author and its reviewers only; null for others.',
  })
  async history(@Root() post: PostEntity, @Ctx() ctx: Context): Promise<PostTransitionEntity[] | null> {
    return visibleHistory(
      ctx,
      post.authorId,
      async (viewer) => {
        const [networkIds, scope] = await Promise.all([
          ctx.loaders.post.networkIds.load(post.id),
          ctx.loaders.post.viewerScope(),
        ]);
        return canReviewPost(viewer, post, networkIds, scope);
      },
      () => ctx.loaders.post.history.load(post.id),
    );
  }
}
