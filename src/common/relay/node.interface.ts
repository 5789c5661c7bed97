import { Field, ID, InterfaceType } from 'type-graphql';
import { nodeTypeNameOf } from './node-registry';

@InterfaceType('Node', {
  description: 'An object with a globally unique, opaque ID that `node(id:)` can fetch again.',
  resolveType: (value: object) => nodeTypeNameOf(value),
})
export abstract class Node {
  @Field(() => ID, { description: 'Opaque global identifier; do not parse it.' })
  id: string;
}
