import { Field, Int, ObjectType } from 'type-graphql';
import { Node } from '../../common/relay/node.interface';
import { Connection } from '../../common/relay/connection';
import { JoinPolicy, NetworkKind } from './network.enums';

@ObjectType('Network', {
  implements: Node,
  description: 'A network of practitioners: a country’s, a region’s, a thematic one, or a working group.',
})
export class Network extends Node {
  @Field(() => NetworkKind, { description: 'What the network gathers people around.' })
  kind: NetworkKind;

  @Field(() => String, { nullable: true, description: 'What the network is for (Markdown).' })
  description: string | null;

  @Field(() => JoinPolicy, { description: 'How one becomes a member.' })
  joinPolicy: JoinPolicy;

  @Field(() => Int, { description: 'Number of active members.' })
  memberCount: number;
}

export const NetworkConnection = Connection(Network, 'Network');
