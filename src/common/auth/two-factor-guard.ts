import { defaultFieldResolver } from 'graphql';
import type { GraphQLFieldResolver, GraphQLSchema } from 'graphql';
import type { Context } from '../context';
import { AppError } from '../errors/errors';
import { ErrorCode } from '../errors/error-code';

/**
 * What a moderator or admin without two-factor sign-in may still do while REQUIRE_TWO_FACTOR_FOR_STAFF is
 * on: read their own account, enrol, and sign in or out. Every other root field is refused.
 */
export const TWO_FACTOR_ENROLMENT_OPERATIONS: ReadonlySet<string> = new Set([
  'me',
  'beginTwoFactorEnrollment',
  'confirmTwoFactorEnrollment',
  'login',
  'completeLogin',
  'refreshSession',
  'logout',
]);

export function twoFactorRequiredError(): AppError {
  return new AppError(
    ErrorCode.FORBIDDEN,
    'Moderators and admins must turn on two-factor sign-in first (beginTwoFactorEnrollment, then ' +
      'confirmTwoFactorEnrollment).',
    { reason: 'TWO_FACTOR_REQUIRED' },
  );
}

function guarded<T extends GraphQLFieldResolver<unknown, Context>>(resolver: T): T {
  return ((source, args, ctx, info) => {
    if (ctx?.viewer?.twoFactorRequired) throw twoFactorRequiredError();
    return resolver(source, args, ctx, info);
  }) as T;
}

/**
 * Wraps every root field (queries, mutations, subscriptions, over HTTP and WebSocket alike) but those of
 * TWO_FACTOR_ENROLMENT_OPERATIONS: a viewer flagged `twoFactorRequired` (read from the database with each
 * operation) gets FORBIDDEN with `reason` TWO_FACTOR_REQUIRED.
 */
export function guardTwoFactorEnrolment(schema: GraphQLSchema): GraphQLSchema {
  for (const root of [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()]) {
    if (!root) continue;
    for (const field of Object.values(root.getFields())) {
      if (TWO_FACTOR_ENROLMENT_OPERATIONS.has(field.name)) continue;
      if (root === schema.getSubscriptionType() && field.subscribe)
        field.subscribe = guarded(field.subscribe);
      else field.resolve = guarded(field.resolve ?? defaultFieldResolver);
    }
  }
  return schema;
}
