import { Arg, Authorized, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from 'type-graphql';
import type { Context } from '../../common/context';
import { COMMUNITY } from '../../common/auth/role';
import { CurrentViewer } from '../../common/auth/current-viewer';
import type { Viewer } from '../../common/auth/viewer';
import { fromGlobalIdOf } from '../../common/relay/global-id';
import { Practitioner } from '../practitioner';
import type { PractitionerEntity } from '../practitioner';
import { PRACTITIONER_TYPE } from '../practitioner';
import { NETWORK_TYPE, Network } from '../network';
import type { NetworkEntity } from '../network';
import { NotFoundError } from '../../common/errors/errors';
import { BlockService } from './block.service';

declare module '../../common/context' {
  interface ContextServices {
    blocks: BlockService;
  }
}

const PRACTITIONER_ARG = { description: 'The practitioner.' } as const;
const NETWORK_ARG = { description: 'The network.' } as const;

@Resolver()
export class BlockResolver {
  constructor(private readonly service: BlockService) {}

  @Authorized(COMMUNITY)
  @Mutation(() => Practitioner, {
    description:
      'Blocks a practitioner: neither of you sees the other’s posts and comments, neither can follow or ask ' +
      'the other for contact, and follows, contacts and pending contact requests between you end. Idempotent.',
  })
  blockPractitioner(
    @CurrentViewer() viewer: Viewer,
    @Arg('practitionerId', () => ID, PRACTITIONER_ARG) practitionerId: string,
  ): Promise<PractitionerEntity> {
    return this.service.block(viewer, fromGlobalIdOf(PRACTITIONER_TYPE, practitionerId, 'practitionerId'));
  }

  @Authorized(COMMUNITY)
  @Mutation(() => Practitioner, {
    description: 'Lifts your block (ended follows and contacts are not restored). Idempotent.',
  })
  unblockPractitioner(
    @CurrentViewer() viewer: Viewer,
    @Arg('practitionerId', () => ID, PRACTITIONER_ARG) practitionerId: string,
  ): Promise<PractitionerEntity> {
    return this.service.unblock(viewer, fromGlobalIdOf(PRACTITIONER_TYPE, practitionerId, 'practitionerId'));
  }

  @Authorized(COMMUNITY)
  @Mutation(() => Practitioner, {
    description:
      'Mutes a practitioner: their posts leave your home feed and live feed, and they cause you no notifications. ' +
      'They are not told and still see your content. Idempotent.',
  })
  mutePractitioner(
    @CurrentViewer() viewer: Viewer,
    @Arg('practitionerId', () => ID, PRACTITIONER_ARG) practitionerId: string,
  ): Promise<PractitionerEntity> {
    return this.service.mutePractitioner(
      viewer,
      fromGlobalIdOf(PRACTITIONER_TYPE, practitionerId, 'practitionerId'),
      true,
    );
  }

  @Authorized(COMMUNITY)
  @Mutation(() => Practitioner, { description: 'Unmutes a practitioner. Idempotent.' })
  unmutePractitioner(
    @CurrentViewer() viewer: Viewer,
    @Arg('practitionerId', () => ID, PRACTITIONER_ARG) practitionerId: string,
  ): Promise<PractitionerEntity> {
    return this.service.mutePractitioner(
      viewer,
      fromGlobalIdOf(PRACTITIONER_TYPE, practitionerId, 'practitionerId'),
      false,
    );
  }

  @Authorized(COMMUNITY)
  @Mutation(() => Network, {
    description:
      'Mutes a network: posts shared with it leave your home feed and live feed, and its events cause you no ' +
      'notifications. Idempotent.',
  })
  async muteNetwork(
    @CurrentViewer() viewer: Viewer,
    @Ctx() ctx: Context,
    @Arg('networkId', () => ID, NETWORK_ARG) networkId: string,
  ): Promise<NetworkEntity> {
    const id = fromGlobalIdOf(NETWORK_TYPE, networkId, 'networkId');
    await this.service.muteNetwork(viewer, id, true);
    return this.loadNetwork(ctx, id);
  }

  @Authorized(COMMUNITY)
  @Mutation(() => Network, { description: 'Unmutes a network. Idempotent.' })
  async unmuteNetwork(
    @CurrentViewer() viewer: Viewer,
    @Ctx() ctx: Context,
    @Arg('networkId', () => ID, NETWORK_ARG) networkId: string,
  ): Promise<NetworkEntity> {
    const id = fromGlobalIdOf(NETWORK_TYPE, networkId, 'networkId');
    await this.service.muteNetwork(viewer, id, false);
    return this.loadNetwork(ctx, id);
  }

  private async loadNetwork(ctx: Context, id: string): Promise<NetworkEntity> {
    const network = await ctx.loaders.network.byId.load(id);
    if (!network) throw new NotFoundError('Network');
    return network;
  }
}

@Resolver(() => Practitioner)
export class PractitionerBlockResolver {
  @FieldResolver(() => Boolean, { description: 'Whether you blocked this practitioner.' })
  viewerHasBlocked(@Root() p: PractitionerEntity, @Ctx() ctx: Context): Promise<boolean> {
    return ctx.loaders.block.viewerBlocked.load(p.id);
  }

  @FieldResolver(() => Boolean, { description: 'Whether you muted this practitioner.' })
  viewerHasMuted(@Root() p: PractitionerEntity, @Ctx() ctx: Context): Promise<boolean> {
    return ctx.loaders.block.viewerMuted.load(p.id);
  }
}

@Resolver(() => Network)
export class NetworkMuteResolver {
  @FieldResolver(() => Boolean, { description: 'Whether you muted this network.' })
  viewerHasMuted(@Root() n: NetworkEntity, @Ctx() ctx: Context): Promise<boolean> {
    return ctx.loaders.block.viewerMutedNetwork.load(n.id);
  }
}
