import { Field, ObjectType } from 'type-graphql';
import type { NetworkEntity, NetworkMemberEntity } from './network.entity';
import { Network, NetworkMembership } from './network.types';

@ObjectType({ description: 'The result of `joinNetwork`.' })
export class JoinNetworkPayload {
  @Field(() => Network, { description: 'The network, with your membership (or request) in it.' })
  network: NetworkEntity;
}

@ObjectType({ description: 'The result of `leaveNetwork`.' })
export class LeaveNetworkPayload {
  @Field(() => Network, { description: 'The network, without you.' })
  network: NetworkEntity;
}

@ObjectType({ description: 'The result of `approveNetworkRequest`.' })
export class ApproveNetworkRequestPayload {
  @Field(() => NetworkMembership, { description: 'The new member’s membership (ACTIVE).' })
  membership: NetworkMemberEntity;
}

@ObjectType({ description: 'The result of `declineNetworkRequest`.' })
export class DeclineNetworkRequestPayload {
  @Field(() => Network, { description: 'The network, without the request.' })
  network: NetworkEntity;
}

@ObjectType({ description: 'The result of `inviteToNetwork`.' })
export class InviteToNetworkPayload {
  @Field(() => NetworkMembership, {
    description: 'The invitation (INVITED), or the membership when they had asked to join (ACTIVE).',
  })
  membership: NetworkMemberEntity;
}

@ObjectType({ description: 'The result of `declineNetworkInvitation`.' })
export class DeclineNetworkInvitationPayload {
  @Field(() => Network, { description: 'The network, without your invitation.' })
  network: NetworkEntity;
}

@ObjectType({ description: 'The result of `removeNetworkMember`.' })
export class RemoveNetworkMemberPayload {
  @Field(() => Network, { description: 'The network, without the member.' })
  network: NetworkEntity;
}

@ObjectType({ description: 'The result of `setNetworkRole`.' })
export class SetNetworkRolePayload {
  @Field(() => NetworkMembership, { description: 'The membership, with its new role.' })
  membership: NetworkMemberEntity;
}

@ObjectType({ description: 'The result of `createWorkingGroup`.' })
export class CreateWorkingGroupPayload {
  @Field(() => Network, { description: 'The new working group (you are its OWNER).' })
  network: NetworkEntity;
}

@ObjectType({ description: 'The result of `updateNetwork`.' })
export class UpdateNetworkPayload {
  @Field(() => Network, { description: 'The network as it now is.' })
  network: NetworkEntity;
}

@ObjectType({ description: 'The result of `setNetworkCountries`.' })
export class SetNetworkCountriesPayload {
  @Field(() => Network, { description: 'The network, with its new member countries.' })
  network: NetworkEntity;
}
