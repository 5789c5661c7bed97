import { UseMiddleware } from 'type-graphql';
import type { MiddlewareFn } from 'type-graphql';
import type { Context } from '../context';
import type { RateLimitedAction } from './rate-limiter';

/**
 * Charges one point of `action` to the viewer's account and the client IP before the resolver runs;
 * over budget, the operation fails with RATE_LIMITED (`extensions.retryAfterSeconds`). Put it below
 * `@Authorized()` (authorization runs first, so anonymous callers spend nothing):
 *
 *   @Authorized()
 *   @RateLimit('report')
 *   @Mutation(() => Report, { ... })
 *   reportContent(...) { ... }
 */
export function RateLimit(action: RateLimitedAction): MethodDecorator & PropertyDecorator {
  const middleware: MiddlewareFn<Context> = async ({ context }, next) => {
    await context.rateLimiter.consume(action, { account: context.viewer?.id, ip: context.clientIp });
    return next();
  };
  return UseMiddleware(middleware);
}
