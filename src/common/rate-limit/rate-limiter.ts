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
   * Spends one point of `action` for the client (its IP, and the account together with the IP), then, only
   * if those allow the attempt, for the account itself; throws RATE_LIMITED with the seconds to wait when a
   * budget is spent. A refused client never spends the account's own budget, so for sign-in (where the
   * account is the address tried, not the caller) nobody locks an owner out from one IP. A subject without
   * account or IP is only limited on what it has.
   */
  async consume(action: RateLimitedAction, subject: RateLimitSubject): Promise<void> {
    const { account, ip } = subject;
    await this.spend([
      [this.limiters.get(`${action}:perIp`), ip],
      [this.limiters.get(`${action}:perAccountAndIp`), account && ip ? pairKey(account, ip) : null],
    ]);
    await this.spend([[this.limiters.get(`${action}:perAccount`), account]]);
  }

  /**
   * A consumed attempt succeeded (a sign-in): the failures in a row from this client are forgotten, and the
   * point spent on the account's own budget is given back (it counts failures only).
   */
  async succeeded(action: RateLimitedAction, subject: RateLimitSubject): Promise<void> {
    const { account, ip } = subject;
    if (!account) return;
    const pair = this.limiters.get(`${action}:perAccountAndIp`);
    if (pair && ip) await pair.delete(pairKey(account, ip));
    await this.limiters.get(`${action}:perAccount`)?.reward(account, 1);
  }

  private async spend(
    budgets: [RateLimiterAbstract | undefined, string | null | undefined][],
  ): Promise<void> {
    const results = await Promise.allSettled(
      budgets.flatMap(([limiter, key]) => (limiter && key ? [limiter.consume(key)] : [])),
    );
    let waitMs = 0;
    for (const r of results) {
      if (r.status === 'fulfilled') continue;
      if (r.reason instanceof RateLimiterRes) waitMs = Math.max(waitMs, r.reason.msBeforeNext);
      else throw r.reason; // a store error with no fallback: let formatError mask it
    }
    if (waitMs > 0) throw new RateLimitedError(Math.max(1, Math.ceil(waitMs / 1000)));
  }
}

/** The key of an (account, IP) pair. */
function pairKey(account: string, ip: string): string {
  return `${ip}|${account}`;
}
