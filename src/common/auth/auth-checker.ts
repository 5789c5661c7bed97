import type { AuthCheckerInterface, ResolverData } from 'type-graphql';
import type { Context } from '../context';
import { ForbiddenError, UnauthenticatedError } from '../errors/errors';
import { COMMUNITY, OWN_DATA, Role, VerificationStatus } from './role';

/**
 * Coarse authorization for `@Authorized()`: no roles means "signed in" (one's own account: profile,
 * notifications); COMMUNITY means "a verified member"; roles mean "a verified member with one of them".
 * ADMIN holds every role. Fine-grained rules live in each module's policy (`<feature>.policy.ts`).
 */
export class AuthChecker implements AuthCheckerInterface<Context> {
  check({ context, info }: ResolverData<Context>, roles: string[]): boolean {
    const viewer = context.viewer;
    if (!viewer) throw new UnauthenticatedError();
    // A suspended practitioner may still read, but every authorized write is refused.
    // OWN_DATA (taking one's own data, e.g. requestDataExport) stays open to suspended accounts.
    if (roles.length === 1 && roles[0] === OWN_DATA) return true;
    if (viewer.suspended && info.operation.operation === 'mutation')
      throw new ForbiddenError('Your account is suspended: you cannot make changes.');
    if (roles.length === 0) return true;
    if (viewer.verification !== VerificationStatus.VERIFIED)
      throw new ForbiddenError(
        'This is for verified members of the community; your account is not verified.',
      );
    const required = roles.filter((r) => r !== COMMUNITY);
    if (required.length === 0 || viewer.role === Role.ADMIN || required.includes(viewer.role)) return true;
    throw new ForbiddenError(`This requires the role ${required.join(' or ')}.`);
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
