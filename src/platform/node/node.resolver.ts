import { Arg, Ctx, ID, Info, Query, Resolver } from 'type-graphql';
import type { GraphQLResolveInfo } from 'graphql';
import type { Context } from '../../common/context';
import { Public } from '../../common/auth/auth-checker';
import { BadUserInputError } from '../../common/errors/errors';
import { fromGlobalId } from '../../common/relay/global-id';
import type { DecodedId } from '../../common/relay/global-id';
import { Node } from '../../common/relay/node.interface';
import { loadReadable } from '../../common/relay/node-registry';
import { ListSize } from '../../common/limits/list-size';

const MAX_NODES = 100;

/** Fetches any object by its global ID, applying the same visibility policy as every other path. */
@Resolver()
export class NodeResolver {
  @Public()
  @Query(() => Node, {
    nullable: true,
    description:
      'Any object by its ID; null when it does not exist or you may not see it (the same rules as on every ' +
      'other path). A malformed ID, or one of no Node type, is BAD_USER_INPUT.',
  })
  node(
    @Ctx() ctx: Context,
    @Arg('id', () => ID, { description: 'A global ID.' }) id: string,
    @Info() info: GraphQLResolveInfo,
  ): Promise<object | null> {
    const { typeName, id: localId } = fromGlobalId(id);
    return loadReadable(ctx, typeName, localId, info);
  }

  @Public()
  @ListSize({ argument: 'ids', max: MAX_NODES })
  @Query(() => [Node], {
    nullable: 'items',
    description:
      'Several objects by ID (up to 100), in the same order; null for each that does not exist or is hidden. ' +
      'A malformed ID gives null at its position and a BAD_USER_INPUT error whose path ends ' +
      'at that position (`fields`: `ids[i]`); the others are still returned. Over 100 IDs is BAD_USER_INPUT.',
  })
  nodes(
    @Ctx() ctx: Context,
    @Arg('ids', () => [ID], { description: 'Global IDs.' }) ids: string[],
  ): Promise<(object | Error | null)[]> {
    if (ids.length > MAX_NODES) {
      throw new BadUserInputError(`At most ${MAX_NODES} IDs at once.`, [
        { field: 'ids', message: `must contain at most ${MAX_NODES} IDs` },
      ]);
    }
    // One bad ID must not cost the others: its error is returned in its place (GraphQL then reports it
    // at `nodes.i` and nulls that item only).
    return Promise.all(
      ids.map((id, i) => {
        let decoded: DecodedId;
        try {
          decoded = fromGlobalId(id, `ids[${i}]`);
        } catch (error) {
          return error as Error;
        }
        return loadReadable(ctx, decoded.typeName, decoded.id);
      }),
    );
  }
}
