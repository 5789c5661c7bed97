import Redis from 'ioredis';
import type { Logger } from 'pino';

/**
 * The Redis connections of one instance (REDIS_URL): one for commands (rate limits, publishing) and one
 * for subscribing (a subscribed connection can run no other command).
 */
export class RedisConnections {
  readonly commands: Redis;
  readonly subscriber: Redis;

  /** Prepended to every key and channel (REDIS_PREFIX), so deployments can share one Redis. */
  constructor(
    url: string,
    log: Logger,
    readonly prefix = 'praxis:',
  ) {
    const options = {
      lazyConnect: false,
      maxRetriesPerRequest: 2, // a command fails (rate limits fall back to memory) instead of queueing forever
      connectTimeout: 5000,
    };
    this.commands = new Redis(url, { ...options, connectionName: 'praxis' });
    this.subscriber = new Redis(url, { ...options, connectionName: 'praxis-sub' });
    for (const [name, client] of [
      ['commands', this.commands],
      ['subscriber', this.subscriber],
    ] as const) {
      client.on('error', (err: Error) => log.warn({ err: err.message, connection: name }, 'redis error'));
    }
  }

  /** Resolves once both connections are ready (start-up fails clearly when Redis is unreachable). */
  async ready(timeoutMs = 10000): Promise<void> {
    const wait = (client: Redis) =>
      client.status === 'ready'
        ? Promise.resolve()
        : new Promise<void>((resolve, reject) => {
            const timer = setTimeout(
              () => reject(new Error(`Redis not reachable within ${timeoutMs} ms`)),
              timeoutMs,
            );
            client.once('ready', () => {
              clearTimeout(timer);
              resolve();
            });
          });
    await Promise.all([wait(this.commands), wait(this.subscriber)]);
  }

  async close(): Promise<void> {
    await Promise.all([
      this.commands.quit().catch(() => this.commands.disconnect()),
      this.subscriber.quit().catch(() => this.subscriber.disconnect()),
    ]);
  }
}
