import { Field, Int, ObjectType } from 'type-graphql';
import { Node } from '../../common/relay/node.interface';
import { Connection } from '../../common/relay/connection';
import { JoinPolicy, MembershipStatus, NetworkKind, NetworkRole } from './network.enums';
import { markdownSourceNote } from '../../common/markdown/render-markdown';

/** The type name in Network global IDs. */
export const NETWORK_TYPE = 'Network';

@ObjectType(NETWORK_TYPE, {
  implements: Node,
  description:
    'A network of practitioners: a country’s, a region’s, a thematic one, or a working group. ' +
    'Visible to every signed-in practitioner.',
})
export class Network extends Node {
  @Field({ description: 'Name of the network (a country network bears the English name of its country).' })
  name: string;

  @Field(() => NetworkKind, { description: 'What the network gathers people around.' })
  kind: NetworkKind;

  @Field(() => String, {
    nullable: true,
    description: `What the network is for. ${markdownSourceNote('descriptionHtml')}`,
  })
  description: string | null;

  @Field(() => JoinPolicy, { description: 'How one becomes a member.' })
  joinPolicy: JoinPolicy;

  @Field(() => Int, { description: 'Number of active members.' })
  memberCount: number;

  @Field({ description: 'When the network was created.' })
  createdAt: Date;
}

export const NetworkConnection = Connection(Network, 'Network');

/** The type name in NetworkMembership global IDs (local id: `networkId:practitionerId`). */
export const NETWORK_MEMBERSHIP_TYPE = 'NetworkMembership';

@ObjectType(NETWORK_MEMBERSHIP_TYPE, {
  implements: Node,
  description:
    'A practitioner’s membership of a network, or their pending request or invitation. Its ID names the network ' +
    'and the practitioner: it stays the same while they are a member, requested or invited.',
})
export class NetworkMembership extends Node {
  @Field(() => NetworkRole, { description: 'Role within the network.' })
  role: NetworkRole;

  @Field(() => MembershipStatus, { description: 'Member, requested or invited.' })
  status: MembershipStatus;
}

export const NetworkMembershipConnection = Connection(NetworkMembership, 'NetworkMembership');
