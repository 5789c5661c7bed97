import type Redis from 'ioredis';

/** Waits until `count` clients listen on a Redis channel (a subscription is live on some instance). */
export async function redisSubscribers(
  redis: Redis,
  channel: string,
  count = 1,
  timeoutMs = 5000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const [, n] = (await redis.pubsub('NUMSUB', channel)) as [string, number];
    if (Number(n) >= count) return;
    if (Date.now() > deadline) throw new Error(`no Redis subscriber on ${channel}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
