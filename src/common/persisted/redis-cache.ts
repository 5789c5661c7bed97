import type Redis from 'ioredis';

/**
 * Apollo's KeyValueCache (@apollo/utils.keyvaluecache) over the instance's Redis connection: what one instance
 * stores (registered persisted queries) every instance sharing the Redis reads. Keys are `prefix + key`; a
 * value lives `ttl` seconds (Apollo's per-call option, else `defaultTtlSeconds`; 0 or null = no expiry).
 */
export class RedisKeyValueCache {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly defaultTtlSeconds: number,
  ) {}

  async get(key: string): Promise<string | undefined> {
    const value = await this.redis.get(this.prefix + key);
    return value ?? undefined;
  }

  async set(key: string, value: string, options?: { ttl?: number | null }): Promise<void> {
    const ttl = options?.ttl === undefined ? this.defaultTtlSeconds : options.ttl;
    if (ttl) await this.redis.set(this.prefix + key, value, 'EX', Math.max(1, Math.ceil(ttl)));
    else await this.redis.set(this.prefix + key, value);
  }

  async delete(key: string): Promise<boolean> {
    return (await this.redis.del(this.prefix + key)) > 0;
  }
}
