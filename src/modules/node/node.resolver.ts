import { Arg, Ctx, ID, Query, Resolver } from 'type-graphql';
import type { Context } from '../../common/context';
import { Public } from '../../common/auth/auth-checker';
import { BadUserInputError } from '../../common/errors/errors';
import { fromGlobalId } from '../../common/relay/global-id';
import { Node } from '../../common/relay/node.interface';
import { loadReadable } from '../../common/relay/node-registry';

const MAX_NODES = 100;

/** Fetches any object by its global ID, applying the same visibility policy as every other path. */
@Resolver()
export class NodeResolver {
  @Public()
  @Query(() => Node, {
    nullable: true,
    description:
      'Any object by its ID; null when it does not exist or you may not see it. A malformed ID is BAD_USER_INPUT.',
  })
  node(
    @Ctx() ctx: Context,
    @Arg('id', () => ID, { description: 'A global ID.' }) id: string,
  ): Promise<object | null> {
    const { typeName, id: localId } = fromGlobalId(id);
    return loadReadable(ctx, typeName, localId);
  }

  @Public()
  @Query(() => [Node], {
    nullable: 'items',
    description:
      'Several objects by ID (up to 100), in the same order; null for each that does not exist or is hidden.',
  })
  nodes(
    @Ctx() ctx: Context,
    @Arg('ids', () => [ID], { description: 'Global IDs.' }) ids: string[],
  ): Promise<(object | null)[]> {
    if (ids.length > MAX_NODES) {
      throw new BadUserInputError(`At most ${MAX_NODES} IDs at once.`, [
        { field: 'ids', message: `must contain at most ${MAX_NODES} IDs` },
      ]);
    }
    const decoded = ids.map((id, i) => fromGlobalId(id, `ids[${i}]`));
    return Promise.all(decoded.map(({ typeName, id }) => loadReadable(ctx, typeName, id)));
  }
}
