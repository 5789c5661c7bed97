import { GraphQLError } from 'graphql';
import type { ApolloServerPlugin } from '@apollo/server';
import { checkCost } from './query-limits';

/**
 * Apollo runs depth/alias/directive rules during validation, but validation rules do not see the
 * variables, so `first: $n` is priced here: after the operation is resolved, before execution.
 */
export function costLimitPlugin(maxCost: number): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, request, operationName }) {
          const error = checkCost(schema, document, request.variables, operationName, maxCost);
          if (error) {
            throw new GraphQLError(error.message, {
              extensions: { ...error.extensions, http: { status: 400 } },
            });
          }
        },
      };
    },
  };
}
