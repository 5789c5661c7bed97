import type { ApolloServerPlugin, GraphQLRequestListener } from '@apollo/server';
import type { Context } from '../common/context';

/**
 * The viewer's facts around a write. Those read with the session (ContextFactory.viewerAndFactsFor) serve
 * queries only: before a mutation (or anything but a query) runs, its context renews its loaders, which drops
 * them, so that its payload reads the facts as they are after its writes. And a mutation's answer leaves once
 * this instance has dropped the viewer snapshots its writes changed (`settle`: ViewerSnapshots.settle), so
 * that the client's next request sees them.
 */
export function prefetchedFactsPlugin(settle: () => Promise<void>): ApolloServerPlugin<Context> {
  // One listener for every request: it keeps no state of its own.
  const listener: GraphQLRequestListener<Context> = {
    async didResolveOperation({ operation, contextValue }) {
      if (operation?.operation !== 'query') contextValue.renewLoaders();
    },
    async willSendResponse({ operation }) {
      if (operation?.operation === 'mutation') await settle();
    },
  };
  return {
    async requestDidStart() {
      return listener;
    },
  };
}
