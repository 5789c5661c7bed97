import type { ApolloServerPlugin } from '@apollo/server';
import type { Context } from '../common/context';

/**
 * The viewer's facts read with the session (ContextFactory.viewerAndFactsFor) serve queries only: before a
 * mutation (or anything but a query) runs, its context renews its loaders, which drops them, so that its
 * payload reads the facts as they are after its writes.
 */
export function prefetchedFactsPlugin(): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, contextValue }) {
          if (operation?.operation !== 'query') contextValue.renewLoaders();
        },
      };
    },
  };
}
