import { Arg, Authorized, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
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
import {
  BlockPractitionerInput,
  MuteNetworkInput,
  MutePractitionerInput,
  UnblockPractitionerInput,
  UnmuteNetworkInput,
  UnmutePractitionerInput,
} from './block.inputs';
import {
  BlockPractitionerPayload,
  MuteNetworkPayload,
  MutePractitionerPayload,
  UnblockPractitionerPayload,
  UnmuteNetworkPayload,
  UnmutePractitionerPayload,
} from './block.payloads';

declare module '../../common/context' {
  interface ContextServices {
    blocks: BlockService;
  }
}

@Resolver()
export class BlockResolver {
  constructor(private readonly service: BlockService) {}

  @Authorized(COMMUNITY)
  @Mutation(() => BlockPractitionerPayload, {
    description:
      'Blocks a practitioner: neither of you sees the other’s posts and comments, neither can follow or ask ' +
      'the other for contact, and follows, contacts and pending contact requests between you end. Idempotent.',
  })
  async blockPractitioner(
    @CurrentViewer() viewer: Viewer,
    @Arg('input', () => BlockPractitionerInput, { description: 'The practitioner.' })
    { practitionerId }: BlockPractitionerInput,
  ): Promise<BlockPractitionerPayload> {
    return {
      practitioner: await this.service.block(
        viewer,
        fromGlobalIdOf(PRACTITIONER_TYPE, practitionerId, 'practitionerId'),
      ),
    };
  }

  @Authorized(COMMUNITY)
  @Mutation(() => UnblockPractitionerPayload, {
    description: 'Lifts your block (ended follows and contacts are not restored). Idempotent.',
  })
  async unblockPractitioner(
    @CurrentViewer() viewer: Viewer,
    @Arg('input', () => UnblockPractitionerInput, { description: 'The practitioner.' })
    { practitionerId }: UnblockPractitionerInput,
  ): Promise<UnblockPractitionerPayload> {
    return {
      practitioner: await this.service.unblock(
        viewer,
        fromGlobalIdOf(PRACTITIONER_TYPE, practitionerId, 'practitionerId'),
      ),
    };
  }

  @Authorized(COMMUNITY)
  @Mutation(() => MutePractitionerPayload, {
    description:
      'Mutes a practitioner: their posts leave your home feed and live feed, and they cause you no notifications. ' +
      'They are not told and still see your content. Idempotent.',
  })
  async mutePractitioner(
    @CurrentViewer() viewer: Viewer,
    @Arg('input', () => MutePractitionerInput, { description: 'The practitioner.' })
    { practitionerId }: MutePractitionerInput,
  ): Promise<MutePractitionerPayload> {
    return {
      practitioner: await this.service.mutePractitioner(
        viewer,
        fromGlobalIdOf(PRACTITIONER_TYPE, practitionerId, 'practitionerId'),
        true,
      ),
    };
  }

  @Authorized(COMMUNITY)
  @Mutation(() => UnmutePractitionerPayload, { description: 'Unmutes a practitioner. Idempotent.' })
  async unmutePractitioner(
    @CurrentViewer() viewer: Viewer,
    @Arg('input', () => UnmutePractitionerInput, { description: 'The practitioner.' })
    { practitionerId }: UnmutePractitionerInput,
  ): Promise<UnmutePractitionerPayload> {
    return {
      practitioner: await this.service.mutePractitioner(
        viewer,
        fromGlobalIdOf(PRACTITIONER_TYPE, practitionerId, 'practitionerId'),
        false,
      ),
    };
  }

  @Authorized(COMMUNITY)
  @Mutation(() => MuteNetworkPayload, {
    description:
      'Mutes a network: posts shared with it leave your home feed and live feed, and its events cause you no ' +
      'notifications. Idempotent.',
  })
  async muteNetwork(
    @CurrentViewer() viewer: Viewer,
    @Ctx() ctx: Context,
    @Arg('input', () => MuteNetworkInput, { description: 'The network.' })
    { networkId }: MuteNetworkInput,
  ): Promise<MuteNetworkPayload> {
    const id = fromGlobalIdOf(NETWORK_TYPE, networkId, 'networkId');
    await this.service.muteNetwork(viewer, id, true);
    return { network: await this.loadNetwork(ctx, id) };
  }

  @Authorized(COMMUNITY)
  @Mutation(() => UnmuteNetworkPayload, { description: 'Unmutes a network. Idempotent.' })
  async unmuteNetwork(
    @CurrentViewer() viewer: Viewer,
    @Ctx() ctx: Context,
    @Arg('input', () => UnmuteNetworkInput, { description: 'The network.' })
    { networkId }: UnmuteNetworkInput,
  ): Promise<UnmuteNetworkPayload> {
    const id = fromGlobalIdOf(NETWORK_TYPE, networkId, 'networkId');
    await this.service.muteNetwork(viewer, id, false);
    return { network: await this.loadNetwork(ctx, id) };
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
