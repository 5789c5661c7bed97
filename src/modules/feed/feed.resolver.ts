import {
  Args,
  Authorized,
  Ctx,
  FieldResolver,
  Info,
  ObjectType,
  Field,
  Query,
  Resolver,
  Root,
  Subscription,
  createUnionType,
} from 'type-graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { filter, pipe } from '../../common/pubsub/async-iterables';
import { Selection } from '../../common/graphql/selection';
import { onReturn } from '../../common/pubsub/on-return';
import type { Context } from '../../common/context';
import { COMMUNITY } from '../../common/auth/role';
import { CurrentViewer } from '../../common/auth/current-viewer';
import type { Viewer } from '../../common/auth/viewer';
import { UnauthenticatedError } from '../../common/errors/errors';
import { BidirectionalConnectionArgs, PageInfo } from '../../common/relay/pagination';
import type { Page, PageArgs } from '../../common/relay/pagination';
import type { ReadAheadDeclaration } from '../../common/relay/read-ahead';
import type { Topics } from '../../common/pubsub/pubsub';
import { Post, PostConnection } from '../post';
import { PostEntity } from '../post';
import type { PostScope } from '../post';
import { Network } from '../network';
import type { NetworkEntity } from '../network';
import { Country, ThematicArea } from '../reference';
import type { CountryEntity, ThematicAreaEntity } from '../reference';
import { PRACTITIONER_TYPE, Practitioner } from '../practitioner';
import type { PractitionerEntity } from '../practitioner';
import type { FeedNode, FeedService } from './feed.service';
import { LegalDevelopment } from '../legal-development';
import { LegalDevelopmentEntity } from '../legal-development';
import { ListSize } from '../../common/limits/list-size';

declare module '../../common/context' {
  interface ContextServices {
    feed: FeedService;
  }
}

export const FeedItem = createUnionType({
  name: 'FeedItem',
  description:
    'Something in the home feed: a good-practice post or a legal development (events will join it).',
  types: () => [Post, LegalDevelopment] as const,
  resolveType: (value) =>
    value instanceof PostEntity
      ? 'Post'
      : value instanceof LegalDevelopmentEntity
        ? 'LegalDevelopment'
        : undefined,
});

@ObjectType('FeedEdge', { description: 'One item of the home feed, with its cursor.' })
class FeedEdge {
  @Field({ description: 'Pass as `after` to continue after this item.' })
  cursor: string;

  @Field(() => FeedItem, { description: 'The item.' })
  node: FeedNode;
}

@ObjectType('FeedConnection', { description: 'A page of the home feed, newest first.' })
class FeedConnection {
  @ListSize('page')
  @Field(() => [FeedEdge], { description: 'The items of this page, in order.' })
  edges: FeedEdge[];

  @Field(() => PageInfo, { description: 'Whether more items follow, and from where.' })
  pageInfo: PageInfo;
}

type PostEvent = Topics['POST_PUBLISHED'][0];

@Resolver()
export class FeedResolver {
  constructor(private readonly service: FeedService) {}

  @Authorized(COMMUNITY)
  @Query(() => FeedConnection, {
    description:
      'The viewer’s home feed, newest first: published posts by practitioners they follow, in networks they belong ' +
      'to or follow, and their own; and published legal developments of the countries and thematic areas whose ' +
      'network they belong to or follow, and their own. It goes back about 800 items; a follow, unfollow, ' +
      'membership change, block, mute or hiding shows in the next read.',
  })
  async feed(
    @CurrentViewer() viewer: Viewer,
    @Args() args: BidirectionalConnectionArgs,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ): Promise<Page<FeedNode>> {
    // The posts, their authors and the legal developments are read with the columns the selected fields need
    // (lean reads).
    const posts = Selection.of(info).child('FeedConnection', 'edges').child('FeedEdge', 'node');
    const networks = posts.child('Post', 'networks');
    const read = await this.service.homeFeed(viewer, args, {
      post: posts.fieldNames('Post'),
      author: posts.child('Post', 'author').fieldNames('Practitioner'),
      networks: networks.selected ? networks.fieldNames('Network') : undefined,
      development: posts.fieldNames('LegalDevelopment'),
    });
    // The posts' network ids (their read check), read in the page's statement (the lean read path).
    for (const [id, networkIds] of read.networkIds) ctx.loaders.post.networkIds.prime(id, networkIds);
    return read.page;
  }

  @Authorized(COMMUNITY)
  @Subscription(() => Post, {
    description:
      'Each post, at the moment it is published, that would now appear in your home feed and that you may see.',
    subscribe: ({ context }) => {
      const ctx = context as Context;
      if (!ctx.viewer) throw new UnauthenticatedError();
      const viewerId = ctx.viewer.id;
      const feed = ctx.services.feed;
      // Registered so that each event's audience is worked out for the viewers subscribed here.
      const release = feed.addSubscriber(viewerId);
      const events = pipe(
        ctx.pubSub.subscribe('POST_PUBLISHED'),
        filter(async (event: PostEvent) => {
          const loaded = await feed.publishedEvent(event.eventId, event.postId);
          return !!loaded && loaded.audience.has(viewerId);
        }),
      );
      return onReturn(events, release);
    },
  })
  async postPublished(@Root() event: PostEvent, @Ctx() ctx: Context): Promise<PostEntity> {
    const loaded = await ctx.services.feed.loadedEvent(event.eventId, event.postId);
    // Share the records loaded once for the event with this subscriber's loaders.
    ctx.loaders.post.byId.prime(loaded!.post.id, loaded!.post);
    ctx.loaders.post.networkIds.prime(loaded!.post.id, loaded!.networkIds);
    if (loaded!.author) ctx.loaders.practitioner.byId.prime(loaded!.author.id, loaded!.author);
    return loaded!.post;
  }
}

/**
 * Scoped post lists: the published posts of one network, country, thematic area or author that the viewer
 * may read, newest first. Batched: a list of parents costs one statement per page, whatever its length.
 */
function scopedPosts(
  ctx: Context,
  scope: PostScope,
  parentId: string,
  args: BidirectionalConnectionArgs,
  info: GraphQLResolveInfo,
): Promise<Page<PostEntity>> {
  // The page reads the columns its nodes' selected fields need (lean reads).
  return ctx.loaders.post.pages(scope, postFields(Selection.of(info))).load({ ...args, parentId });
}

/** The Post fields a `posts` connection's selection asks of its nodes. */
function postFields(posts: Selection): Set<string> {
  return posts.child('PostConnection', 'edges').child('PostEdge', 'node').fieldNames('Post');
}

/**
 * `node(id:)` fetching a practitioner with their `posts`: the first page (as `Practitioner.posts` would read
 * it, with the same columns) is read in the practitioner's statement (common/relay/read-ahead.ts).
 */
export const practitionerPostsReadAhead: ReadAheadDeclaration = {
  typeName: PRACTITIONER_TYPE,
  field: 'posts',
  plan: (ctx, args, selection) =>
    ctx.loaders.post.pageReadAhead('author', postFields(selection), args as PageArgs),
};

@Resolver(() => Network)
export class NetworkPostsResolver {
  @Authorized(COMMUNITY)
  @FieldResolver(() => PostConnection, {
    description: 'Published posts shared with this network that you may read.',
  })
  posts(
    @Root() network: NetworkEntity,
    @Ctx() ctx: Context,
    @Args() args: BidirectionalConnectionArgs,
    @Info() info: GraphQLResolveInfo,
  ): Promise<Page<PostEntity>> {
    return scopedPosts(ctx, 'network', network.id, args, info);
  }
}

@Resolver(() => Country)
export class CountryPostsResolver {
  @Authorized(COMMUNITY)
  @FieldResolver(() => PostConnection, {
    description: 'Published posts concerning this country that you may read (verified members).',
  })
  posts(
    @Root() country: CountryEntity,
    @Ctx() ctx: Context,
    @Args() args: BidirectionalConnectionArgs,
    @Info() info: GraphQLResolveInfo,
  ): Promise<Page<PostEntity>> {
    return scopedPosts(ctx, 'country', country.code, args, info);
  }
}

@Resolver(() => ThematicArea)
export class ThematicAreaPostsResolver {
  @Authorized(COMMUNITY)
  @FieldResolver(() => PostConnection, {
    description: 'Published posts in this thematic area that you may read (verified members).',
  })
  posts(
    @Root() area: ThematicAreaEntity,
    @Ctx() ctx: Context,
    @Args() args: BidirectionalConnectionArgs,
    @Info() info: GraphQLResolveInfo,
  ): Promise<Page<PostEntity>> {
    return scopedPosts(ctx, 'thematicArea', area.code, args, info);
  }
}

@Resolver(() => Practitioner)
export class PractitionerPostsResolver {
  @Authorized(COMMUNITY)
  @FieldResolver(() => PostConnection, {
    description: 'Published posts by this practitioner that you may read.',
  })
  posts(
    @Root() author: PractitionerEntity,
    @Ctx() ctx: Context,
    @Args() args: BidirectionalConnectionArgs,
    @Info() info: GraphQLResolveInfo,
  ): Promise<Page<PostEntity>> {
    return scopedPosts(ctx, 'author', author.id, args, info);
  }
}
