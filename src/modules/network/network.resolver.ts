import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../common/context';
import { CurrentViewer } from '../../common/auth/current-viewer';
import type { Viewer } from '../../common/auth/viewer';
import { COMMUNITY, Role } from '../../common/auth/role';
import { ForbiddenError, NotFoundError } from '../../common/errors/errors';
import { BidirectionalConnectionArgs } from '../../common/relay/pagination';
import type { Page } from '../../common/relay/pagination';
import { UUID_PATTERN, fromGlobalIdOf, toGlobalId } from '../../common/relay/global-id';
import { loadReadable, nodeType } from '../../common/relay/node-registry';
import { resolvePage } from '../../common/relay/batched-connection';
import { Country, Region, ThematicArea } from '../reference';
import type { ReferenceCatalog } from '../reference';
import type { CountryEntity, RegionEntity, ThematicAreaEntity } from '../reference';
import { PractitionerEntity } from '../practitioner';
import { Practitioner } from '../practitioner';
import { PRACTITIONER_TYPE } from '../practitioner';
import { NetworkEntity, NetworkMemberEntity } from './network.entity';
import { MembershipStatus, NetworkKind } from './network.enums';
import {
  ApproveNetworkRequestInput,
  CreateWorkingGroupInput,
  DeclineNetworkInvitationInput,
  DeclineNetworkRequestInput,
  InviteToNetworkInput,
  JoinNetworkInput,
  LeaveNetworkInput,
  NetworkFilter,
  RemoveNetworkMemberInput,
  SetNetworkCountriesInput,
  SetNetworkRoleInput,
  UpdateNetworkInput,
} from './network.inputs';
import {
  ApproveNetworkRequestPayload,
  CreateWorkingGroupPayload,
  DeclineNetworkInvitationPayload,
  DeclineNetworkRequestPayload,
  InviteToNetworkPayload,
  JoinNetworkPayload,
  LeaveNetworkPayload,
  RemoveNetworkMemberPayload,
  SetNetworkCountriesPayload,
  SetNetworkRolePayload,
  UpdateNetworkPayload,
} from './network.payloads';
import type { MemberRow } from './network.loaders';
import { canModerateNetwork, canViewNetwork } from './network.policy';
import type { NetworkQueryService } from './network-query.service';
import type { NetworkMembershipService } from './network-membership.service';
import type { NetworkRoleService } from './network-role.service';
import type { NetworkEditingService } from './network-editing.service';
import type { ReferenceNetworkService } from './network-reference.service';
import {
  NETWORK_MEMBERSHIP_TYPE,
  NETWORK_TYPE,
  Network,
  NetworkConnection,
  NetworkMembership,
  NetworkMembershipConnection,
} from './network.types';
import { RateLimit } from '../../common/rate-limit/rate-limit.decorator';
import { ListSize } from '../../common/limits/list-size';
import { REFERENCE_LIST_BOUNDS } from '../reference';

/** The Node declaration of this type (listed in the module manifest). */
export const networkNode = nodeType<NetworkEntity>(NETWORK_TYPE, {
  isTypeOf: (value) => value instanceof NetworkEntity,
  byId: (ctx, id) => ctx.loaders.network.byId.load(id),
  canRead: (ctx) => canViewNetwork(ctx.viewer),
});

/** A membership's local id: its network and its practitioner (the row's key). */
const membershipKey = (m: { networkId: string; practitionerId: string }) =>
  `${m.networkId}:${m.practitionerId}`;

/**
 * The Node declaration of memberships (listed in the module manifest). Read as `Network.members` lists them:
 * a verified viewer sees active memberships of practitioners they may see; requests and invitations are
 * seen by the network's owners and moderators (and global moderators); everyone sees their own.
 */
export const networkMembershipNode = nodeType<NetworkMemberEntity>(
  NETWORK_MEMBERSHIP_TYPE,
  {
    isTypeOf: (value) => value instanceof NetworkMemberEntity,
    byId: (ctx, key) => ctx.loaders.network.membership.load(key),
    canRead: async (ctx, m) => {
      if (!ctx.viewer || !canViewNetwork(ctx.viewer)) return false;
      if (m.practitionerId === ctx.viewer.id) return true;
      if (!(await loadReadable(ctx, PRACTITIONER_TYPE, m.practitionerId))) return false;
      if (m.status === MembershipStatus.ACTIVE) return true;
      return canModerateNetwork(ctx.viewer, await ctx.loaders.network.viewerMembership.load(m.networkId));
    },
  },
  new RegExp(`^${UUID_PATTERN}:${UUID_PATTERN}$`),
);

const NETWORK_INPUT = { description: 'The network.' } as const;
const MEMBER_INPUT = { description: 'The network and the practitioner.' } as const;
const networkId = (id: string) => fromGlobalIdOf(NETWORK_TYPE, id, 'networkId');
const practitionerId = (id: string) => fromGlobalIdOf(PRACTITIONER_TYPE, id, 'practitionerId');

@Resolver(() => Network)
export class NetworkResolver {
  constructor(
    private readonly queries: NetworkQueryService,
    private readonly membership: NetworkMembershipService,
    private readonly roles: NetworkRoleService,
    private readonly editing: NetworkEditingService,
    private readonly reference: ReferenceNetworkService,
    private readonly catalog: ReferenceCatalog,
  ) {}

  @Authorized(COMMUNITY)
  @Query(() => NetworkConnection, {
    description: 'Networks by name. Signed-in callers only; fetch one with `node(id:)`.',
  })
  networks(
    @CurrentViewer() viewer: Viewer,
    @Args() args: BidirectionalConnectionArgs,
    @Arg('filter', () => NetworkFilter, { nullable: true, description: 'Narrow the list.' })
    filter: NetworkFilter | null,
  ): Promise<Page<NetworkEntity>> {
    return this.queries.list(viewer, filter, args);
  }

  @Authorized(COMMUNITY)
  @RateLimit('membership')
  @Mutation(() => JoinNetworkPayload, {
    description:
      'Joins a network (verified members): at once if OPEN; as a request if REQUEST; by accepting one’s ' +
      'invitation if INVITE (FORBIDDEN without one). Joining again is a no-op.',
  })
  async joinNetwork(
    @CurrentViewer() viewer: Viewer,
    @Arg('input', () => JoinNetworkInput, NETWORK_INPUT) input: JoinNetworkInput,
  ): Promise<JoinNetworkPayload> {
    return { network: await this.membership.join(viewer, networkId(input.networkId)) };
  }

  @Authorized(COMMUNITY)
  @Mutation(() => LeaveNetworkPayload, {
    description:
      'Leaves a network, or withdraws one’s request, or declines one’s invitation; a no-op when none. ' +
      'The last owner cannot leave (CONFLICT).',
  })
  async leaveNetwork(
    @CurrentViewer() viewer: Viewer,
    @Arg('input', () => LeaveNetworkInput, NETWORK_INPUT) input: LeaveNetworkInput,
  ): Promise<LeaveNetworkPayload> {
    return { network: await this.membership.leave(viewer, networkId(input.networkId)) };
  }

  @Authorized(COMMUNITY)
  @RateLimit('membership')
  @Mutation(() => ApproveNetworkRequestPayload, {
    description:
      'Admits a practitioner who asked to join (owners and moderators of the network, global moderators).',
  })
  async approveNetworkRequest(
    @CurrentViewer() viewer: Viewer,
    @Arg('input', () => ApproveNetworkRequestInput, MEMBER_INPUT) input: ApproveNetworkRequestInput,
  ): Promise<ApproveNetworkRequestPayload> {
    const membership = await this.membership.approveRequest(
      viewer,
      networkId(input.networkId),
      practitionerId(input.practitionerId),
    );
    return { membership };
  }

  @Authorized(COMMUNITY)
  @RateLimit('membership')
  @Mutation(() => DeclineNetworkRequestPayload, {
    description: 'Turns down a request to join (owners and moderators of the network, global moderators).',
  })
  async declineNetworkRequest(
    @CurrentViewer() viewer: Viewer,
    @Arg('input', () => DeclineNetworkRequestInput, MEMBER_INPUT) input: DeclineNetworkRequestInput,
  ): Promise<DeclineNetworkRequestPayload> {
    const network = await this.membership.declineRequest(
      viewer,
      networkId(input.networkId),
      practitionerId(input.practitionerId),
    );
    return { network };
  }

  @Authorized(COMMUNITY)
  @RateLimit('membership')
  @Mutation(() => InviteToNetworkPayload, {
    description:
      'Invites a verified practitioner (owners and moderators of the network, global moderators); ' +
      'inviting someone who asked to join admits them.',
  })
  async inviteToNetwork(
    @CurrentViewer() viewer: Viewer,
    @Arg('input', () => InviteToNetworkInput, MEMBER_INPUT) input: InviteToNetworkInput,
  ): Promise<InviteToNetworkPayload> {
    const membership = await this.membership.invite(
      viewer,
      networkId(input.networkId),
      practitionerId(input.practitionerId),
    );
    return { membership };
  }

  @Authorized(COMMUNITY)
  @Mutation(() => DeclineNetworkInvitationPayload, {
    description: 'Turns down one’s invitation to a network.',
  })
  async declineNetworkInvitation(
    @CurrentViewer() viewer: Viewer,
    @Arg('input', () => DeclineNetworkInvitationInput, NETWORK_INPUT) input: DeclineNetworkInvitationInput,
  ): Promise<DeclineNetworkInvitationPayload> {
    return { network: await this.membership.declineInvitation(viewer, networkId(input.networkId)) };
  }

  @Authorized(COMMUNITY)
  @RateLimit('membership')
  @Mutation(() => RemoveNetworkMemberPayload, {
    description:
      'Removes a member from a network or withdraws their invitation (owners and moderators of the network, ' +
      'global moderators). Owners and network moderators are removed only by an owner or an admin; the last ' +
      'owner cannot be removed; to leave yourself use leaveNetwork.',
  })
  async removeNetworkMember(
    @CurrentViewer() viewer: Viewer,
    @Arg('input', () => RemoveNetworkMemberInput, MEMBER_INPUT) input: RemoveNetworkMemberInput,
  ): Promise<RemoveNetworkMemberPayload> {
    const network = await this.membership.removeMember(
      viewer,
      networkId(input.networkId),
      practitionerId(input.practitionerId),
    );
    return { network };
  }

  @Authorized(COMMUNITY)
  @RateLimit('role')
  @Mutation(() => SetNetworkRolePayload, {
    description: 'Gives an active member a role (owners of the network, admins). The last owner keeps OWNER.',
  })
  async setNetworkRole(
    @CurrentViewer() viewer: Viewer,
    @Arg('input', () => SetNetworkRoleInput, { description: 'The network, the member and the role.' })
    input: SetNetworkRoleInput,
  ): Promise<SetNetworkRolePayload> {
    const membership = await this.roles.setRole(
      viewer,
      networkId(input.networkId),
      practitionerId(input.practitionerId),
      input.role,
    );
    return { membership };
  }

  @Authorized(COMMUNITY)
  @RateLimit('network')
  @Mutation(() => CreateWorkingGroupPayload, {
    description: 'Creates a working group (verified members); you become its OWNER.',
  })
  async createWorkingGroup(
    @CurrentViewer() viewer: Viewer,
    @Arg('input', () => CreateWorkingGroupInput, { description: 'The new group.' })
    { idempotencyKey, ...group }: CreateWorkingGroupInput,
  ): Promise<CreateWorkingGroupPayload> {
    return { network: await this.editing.createWorkingGroup(viewer, group, idempotencyKey) };
  }

  @Authorized(COMMUNITY)
  @RateLimit('network')
  @Mutation(() => UpdateNetworkPayload, {
    description: 'Changes a network’s name, description or join policy (owners of the network, admins).',
  })
  async updateNetwork(
    @CurrentViewer() viewer: Viewer,
    @Arg('input', () => UpdateNetworkInput, { description: 'The network and the fields to change.' })
    { id, ...changes }: UpdateNetworkInput,
  ): Promise<UpdateNetworkPayload> {
    return { network: await this.editing.update(viewer, fromGlobalIdOf(NETWORK_TYPE, id), changes) };
  }

  @Authorized(Role.ADMIN)
  @RateLimit('network')
  @Mutation(() => SetNetworkCountriesPayload, {
    description:
      'Sets the member countries of a REGIONAL network (admins). For a network that mirrors an M49 area, ' +
      'the list replaces the M49 one.',
  })
  async setNetworkCountries(
    @CurrentViewer() viewer: Viewer,
    @Arg('input', () => SetNetworkCountriesInput, { description: 'The network and its countries.' })
    input: SetNetworkCountriesInput,
  ): Promise<SetNetworkCountriesPayload> {
    return {
      network: await this.reference.setCountries(viewer, networkId(input.networkId), input.countryCodes),
    };
  }

  @FieldResolver(() => ID, { description: 'Opaque global identifier.' })
  id(@Root() n: NetworkEntity): string {
    return toGlobalId(NETWORK_TYPE, n.id);
  }

  @FieldResolver(() => Country, {
    nullable: true,
    description: 'The country of a COUNTRY network; null otherwise.',
  })
  country(@Root() n: NetworkEntity): CountryEntity | null {
    return n.countryCode ? this.catalog.country(n.countryCode) : null;
  }

  @ListSize(REFERENCE_LIST_BOUNDS.countries)
  @FieldResolver(() => [Country], {
    description:
      'The countries of a REGIONAL network, sorted by name (those of its M49 area unless admins set them); ' +
      'empty for other kinds.',
  })
  async memberCountries(@Root() n: NetworkEntity, @Ctx() ctx: Context): Promise<CountryEntity[]> {
    if (n.kind !== NetworkKind.REGIONAL) return [];
    const stored = await ctx.loaders.network.countryCodes.load(n.id);
    const codes = new Set(this.reference.memberCountryCodes(n, stored));
    return this.catalog.sortedCountries(ctx.language, (c) => codes.has(c.code));
  }

  @FieldResolver(() => Region, {
    nullable: true,
    description: 'The UN M49 area a REGIONAL network mirrors; null for named groupings and other kinds.',
  })
  region(@Root() n: NetworkEntity): RegionEntity | null {
    return n.regionCode ? this.catalog.region(n.regionCode) : null;
  }

  @FieldResolver(() => ThematicArea, {
    nullable: true,
    description: 'The thematic area of a THEMATIC network; null otherwise.',
  })
  thematicArea(@Root() n: NetworkEntity): ThematicAreaEntity | null {
    return n.thematicAreaCode ? this.catalog.thematicArea(n.thematicAreaCode) : null;
  }

  @Authorized(COMMUNITY)
  @FieldResolver(() => NetworkMembershipConnection, {
    description:
      'Memberships of the given status, oldest first. Pending requests and invitations are listed to the ' +
      'network’s owners and moderators and to global moderators only (FORBIDDEN otherwise).',
  })
  async members(
    @Root() n: NetworkEntity,
    @Ctx() ctx: Context,
    @Args() args: BidirectionalConnectionArgs,
    @Arg('status', () => MembershipStatus, {
      defaultValue: MembershipStatus.ACTIVE,
      description: 'ACTIVE members (default), REQUESTED or INVITED.',
    })
    status: MembershipStatus,
  ): Promise<Page<MemberRow>> {
    if (status !== MembershipStatus.ACTIVE) {
      const mine = await ctx.loaders.network.viewerMembership.load(n.id);
      if (!canModerateNetwork(ctx.viewer, mine))
        throw new ForbiddenError('Only the network’s owners and moderators see pending memberships.');
    }
    return ctx.loaders.network.members(status).load({ parentId: n.id, ...args });
  }

  @FieldResolver(() => NetworkMembership, {
    nullable: true,
    description: 'Your membership, request or invitation; null when none.',
  })
  viewerMembership(@Root() n: NetworkEntity, @Ctx() ctx: Context): Promise<NetworkMemberEntity | null> {
    return ctx.loaders.network.viewerMembership.load(n.id);
  }

  @FieldResolver(() => Boolean, {
    description: 'Whether you may approve requests and invite (an owner or moderator of it, or a moderator).',
  })
  async viewerCanModerate(@Root() n: NetworkEntity, @Ctx() ctx: Context): Promise<boolean> {
    return canModerateNetwork(ctx.viewer, await ctx.loaders.network.viewerMembership.load(n.id));
  }
}

@Resolver(() => NetworkMembership)
export class NetworkMembershipResolver {
  @FieldResolver(() => ID, { description: 'Opaque global identifier.' })
  id(@Root() m: NetworkMemberEntity): string {
    return toGlobalId(NETWORK_MEMBERSHIP_TYPE, membershipKey(m));
  }

  @FieldResolver(() => Practitioner, { description: 'The member (or requester, or invitee).' })
  async practitioner(@Root() m: NetworkMemberEntity, @Ctx() ctx: Context): Promise<PractitionerEntity> {
    const p = await ctx.loaders.practitioner.byId.load(m.practitionerId);
    if (!p) throw new NotFoundError('Practitioner');
    return p;
  }

  @FieldResolver(() => Network, { description: 'The network.' })
  async network(@Root() m: NetworkMemberEntity, @Ctx() ctx: Context): Promise<NetworkEntity> {
    const n = await ctx.loaders.network.byId.load(m.networkId);
    if (!n) throw new NotFoundError('Network');
    return n;
  }

  @FieldResolver(() => Date, {
    description: 'When the member joined; for a request or invitation, when it was made.',
  })
  since(@Root() m: NetworkMemberEntity): Date {
    return m.joinedAt ?? m.createdAt;
  }
}

/** `Practitioner.networks`: the networks a practitioner belongs to. */
@Resolver(() => Practitioner)
export class PractitionerNetworksResolver {
  @Authorized(COMMUNITY)
  @FieldResolver(() => NetworkConnection, {
    description: 'The networks this practitioner is a member of, by name.',
  })
  async networks(
    @Root() p: PractitionerEntity,
    @Ctx() ctx: Context,
    @Args() args: BidirectionalConnectionArgs,
  ): Promise<Page<NetworkEntity>> {
    const page = await ctx.loaders.network.practitionerNetworks.load({ parentId: p.id, ...args });
    return resolvePage(page, (rows) => ctx.loaders.network.byId.loadMany(rows.map((r) => r.networkId)));
  }
}
