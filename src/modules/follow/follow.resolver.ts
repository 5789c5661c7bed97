import { Arg, Args, Authorized, Ctx, FieldResolver, Int, Mutation, Resolver, Root } from 'type-graphql';
import type { Context } from '../../common/context';
import { COMMUNITY } from '../../common/auth/role';
import { CurrentViewer } from '../../common/auth/current-viewer';
import type { Viewer } from '../../common/auth/viewer';
import { BadUserInputError } from '../../common/errors/errors';
import { resolvePage } from '../../common/relay/batched-connection';
import { fromGlobalId } from '../../common/relay/global-id';
import { BidirectionalConnectionArgs } from '../../common/relay/pagination';
import type { Page } from '../../common/relay/pagination';
import { PractitionerEntity } from '../practitioner';
import { Practitioner, PractitionerConnection } from '../practitioner';
import { PRACTITIONER_TYPE } from '../practitioner';
import { NetworkEntity } from '../network';
import { NETWORK_TYPE, Network, NetworkConnection } from '../network';
import { canViewFollowedNetworks } from './follow.policy';
import { FollowService } from './follow.service';
import type { FollowTarget } from './follow.service';
import { RateLimit } from '../../common/rate-limit/rate-limit.decorator';
import { FollowInput, UnfollowInput } from './follow.inputs';
import { FollowPayload, UnfollowPayload } from './follow.payloads';

function decodeTarget(targetId: string): FollowTarget {
  const { typeName, id } = fromGlobalId(targetId, 'targetId');
  if (typeName === PRACTITIONER_TYPE) return { kind: 'practitioner', id };
  if (typeName === NETWORK_TYPE) return { kind: 'network', id };
  throw new BadUserInputError('targetId is not the ID of a Practitioner or a Network.', [
    { field: 'targetId', message: 'must be the ID of a Practitioner or a Network' },
  ]);
}

/** The followed (or unfollowed) practitioner or network, for the payload (the read guard checks it). */
async function loadTarget(ctx: Context, target: FollowTarget): Promise<FollowPayload> {
  if (target.kind === 'practitioner')
    return { practitioner: await ctx.loaders.practitioner.byId.load(target.id), network: null };
  return { practitioner: null, network: await ctx.loaders.network.byId.load(target.id) };
}

@Resolver()
export class FollowResolver {
  constructor(private readonly service: FollowService) {}

  @Authorized(COMMUNITY)
  @RateLimit('reaction')
  @Mutation(() => FollowPayload, {
    description:
      'Follows a practitioner or a network (verified members): their published posts reach your feed. ' +
      'Idempotent: the same answer whether or not you already followed it. Following yourself is BAD_USER_INPUT.',
  })
  async follow(
    @CurrentViewer() viewer: Viewer,
    @Ctx() ctx: Context,
    @Arg('input', () => FollowInput, { description: 'What to follow.' }) { targetId }: FollowInput,
  ): Promise<FollowPayload> {
    const target = decodeTarget(targetId);
    await this.service.follow(viewer, target);
    return loadTarget(ctx, target);
  }

  @Authorized(COMMUNITY)
  @Mutation(() => UnfollowPayload, {
    description:
      'Stops following a practitioner or a network. Idempotent: the same answer whether or not you followed it.',
  })
  async unfollow(
    @CurrentViewer() viewer: Viewer,
    @Ctx() ctx: Context,
    @Arg('input', () => UnfollowInput, { description: 'What to stop following.' })
    { targetId }: UnfollowInput,
  ): Promise<UnfollowPayload> {
    const target = decodeTarget(targetId);
    await this.service.unfollow(viewer, target);
    return loadTarget(ctx, target);
  }
}

const loadPractitioners = (ctx: Context) => (rows: { id: string }[]) =>
  ctx.loaders.practitioner.byId.loadMany(rows.map((r) => r.id));

/** The social-graph fields of a practitioner. */
@Resolver(() => Practitioner)
export class PractitionerFollowResolver {
  @Authorized(COMMUNITY)
  @FieldResolver(() => PractitionerConnection, {
    description: 'Who follows this practitioner, newest first.',
  })
  async followers(
    @Root() p: PractitionerEntity,
    @Ctx() ctx: Context,
    @Args() args: BidirectionalConnectionArgs,
  ): Promise<Page<PractitionerEntity>> {
    const page = await ctx.loaders.follow.followers.load({ parentId: p.id, ...args });
    return resolvePage(page, loadPractitioners(ctx));
  }

  @Authorized(COMMUNITY)
  @FieldResolver(() => PractitionerConnection, {
    description: 'Whom this practitioner follows, newest first.',
  })
  async following(
    @Root() p: PractitionerEntity,
    @Ctx() ctx: Context,
    @Args() args: BidirectionalConnectionArgs,
  ): Promise<Page<PractitionerEntity>> {
    const page = await ctx.loaders.follow.following.load({ parentId: p.id, ...args });
    return resolvePage(page, loadPractitioners(ctx));
  }

  @FieldResolver(() => Int, { description: 'How many verified members follow this practitioner.' })
  followerCount(@Root() p: PractitionerEntity, @Ctx() ctx: Context): Promise<number> {
    return ctx.loaders.follow.followerCount.load(p.id);
  }

  @FieldResolver(() => Boolean, { description: 'Whether you follow this practitioner.' })
  viewerIsFollowing(@Root() p: PractitionerEntity, @Ctx() ctx: Context): Promise<boolean> {
    return ctx.loaders.follow.viewerFollowsPractitioner.load(p.id);
  }

  @Authorized(COMMUNITY)
  @FieldResolver(() => NetworkConnection, {
    nullable: true,
    description:
      'The networks this practitioner follows, newest first; only you see yours (null for others).',
  })
  async followedNetworks(
    @Root() p: PractitionerEntity,
    @Ctx() ctx: Context,
    @Args() args: BidirectionalConnectionArgs,
  ): Promise<Page<NetworkEntity> | null> {
    if (!canViewFollowedNetworks(ctx.viewer, p.id)) return null;
    const page = await ctx.loaders.follow.followedNetworks.load({ parentId: p.id, ...args });
    return resolvePage(page, (rows) => ctx.loaders.network.byId.loadMany(rows.map((r) => r.id)));
  }
}

@Resolver(() => Network)
export class NetworkFollowResolver {
  @FieldResolver(() => Boolean, { description: 'Whether you follow this network.' })
  viewerIsFollowing(@Root() n: NetworkEntity, @Ctx() ctx: Context): Promise<boolean> {
    return ctx.loaders.follow.viewerFollowsNetwork.load(n.id);
  }
}
