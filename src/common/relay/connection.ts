import type { ClassType } from 'type-graphql';
import { Field, ObjectType } from 'type-graphql';
import { PageInfo } from './pagination';
import { ListSize } from '../limits/list-size';

/** Builds the `XEdge` and `XConnection` object types for a node type (Relay cursor connections). */
export function Connection<TNode extends object>(nodeType: ClassType<TNode> | object, name: string) {
  @ObjectType(`${name}Edge`, { description: `One ${name} in a page, with its cursor.` })
  class Edge {
    @Field({
      description:
        'Pass as `after` to continue after this item (or as `before`, where the connection pages backward).',
    })
    cursor: string;

    @Field(() => nodeType, { description: `The ${name}.` })
    node: TNode;
  }

  @ObjectType(`${name}Connection`, { description: `A page of ${name} items.` })
  class ConnectionType {
    @ListSize('page') // priced by the connection's `first`
    @Field(() => [Edge], { description: 'The items of this page, in order.' })
    edges: Edge[];

    @Field(() => PageInfo, { description: 'Whether more items follow, and from where.' })
    pageInfo: PageInfo;
  }
  return ConnectionType;
}
