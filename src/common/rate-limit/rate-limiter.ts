import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import type Redis from 'ioredis';
import type { RateLimitRule, RateLimitsConfig } from '../../config/config';
import { RateLimitedError } from '../errors/errors';

/** The limited actions (each has budgets in config.rateLimits). */
export type RateLimitedAction = keyof RateLimitsConfig;

/** Who is acting: the account (or, for sign-in, the e-mail tried) and the client IP. */
export interface RateLimitSubject {
  account?: string | null;
  ip?: string | null;
}

function limiterFor(
  name: string,
  rule: RateLimitRule,
  redis: Redis | null,
  prefix: string,
): RateLimiterAbstract {
  const base = { keyPrefix: `${prefix}rl:${name}`, points: rule.points, duration: rule.durationSeconds };
  if (!redis) return new RateLimiterMemory(base);
  // Shared by every instance; if Redis fails, each instance keeps counting in memory meanwhile.
  return new RateLimiterRedis({
    ...base,
    storeClient: redis,
    insuranceLimiter: new RateLimiterMemory(base),
  });
}

/**
 * Per-account and per-IP budgets for abusable actions. In memory (one instance) or in Redis (REDIS_URL),
 * so that every instance sees the same counters.
 */
export class RateLimiter {
  private readonly limiters = new Map<string, RateLimiterAbstract>();

  constructor(config: RateLimitsConfig, redis: Redis | null, prefix = 'praxis:') {
    for (const [action, budgets] of Object.entries(config)) {
      for (const [scope, rule] of Object.entries(budgets as Record<string, RateLimitRule>)) {
        this.limiters.set(`${action}:${scope}`, limiterFor(`${action}:${scope}`, rule, redis, prefix));
      }
    }
  }

  /**
   * Spends one point of `action` for the account and the IP; throws RATE_LIMITED with the seconds to
   * wait when either budget is spent. A subject without account or IP is only limited on what it has.
   */
  async consume(action: RateLimitedAction, subject: RateLimitSubject): Promise<void> {
    const attempts: Promise<unknown>[] = [];
    const perAccount = this.limiters.get(`${action}:perAccount`);
    const perIp = this.limiters.get(`${action}:perIp`);
    if (perAccount && subject.account) attempts.push(perAccount.consume(subject.account));
    if (perIp && subject.ip) attempts.push(perIp.consume(subject.ip));
    const results = await Promise.allSettled(attempts);
    let waitMs = 0;
    for (const r of results) {
      if (r.status === 'fulfilled') continue;
      if (r.reason instanceof RateLimiterRes) waitMs = Math.max(waitMs, r.reason.msBeforeNext);
      else throw r.reason; // a store error with no fallback: let formatError mask it
    }
    if (waitMs > 0) throw new RateLimitedError(Math.max(1, Math.ceil(waitMs / 1000)));
  }

  /** Forgets the per-account count of `action` (e.g. failed sign-ins, after a successful one). */
  async reset(action: RateLimitedAction, account: string): Promise<void> {
    await this.limiters.get(`${action}:perAccount`)?.delete(account);
  }
}
