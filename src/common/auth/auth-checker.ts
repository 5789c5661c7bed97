import type { AuthCheckerInterface, ResolverData } from 'type-graphql';
import type { Context } from '../context';
import { ForbiddenError, UnauthenticatedError } from '../errors/errors';
import { Role } from './role';

/**
 * Coarse authorization for `@Authorized()`: no roles means "signed in"; roles mean "has one of them".
 * ADMIN holds every role. Fine-grained rules live in each module's policy functions.
 */
export class AuthChecker implements AuthCheckerInterface<Context> {
  check({ context, info }: ResolverData<Context>, roles: string[]): boolean {
    const viewer = context.viewer;
    if (!viewer) throw new UnauthenticatedError();
    // A suspended practitioner may still read, but every authorized write is refused.
    if (viewer.suspended && info.operation.operation === 'mutation')
      throw new ForbiddenError('Your account is suspended: you cannot make changes.');
    if (roles.length === 0 || viewer.role === Role.ADMIN || roles.includes(viewer.role)) return true;
    throw new ForbiddenError(`This requires the role ${roles.join(' or ')}.`);
  }
}

/** Operations deliberately open to anonymous callers (the schema test requires every mutation to be either this or @Authorized). */
export const PUBLIC_OPERATIONS = new Set<string>();

/** Marks a query or mutation as deliberately public. */
export function Public(): MethodDecorator {
  return (_target, propertyKey) => {
    PUBLIC_OPERATIONS.add(String(propertyKey));
  };
}
