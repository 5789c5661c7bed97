import type { DataSource } from 'typeorm';
import pino from 'pino';
import type { Logger } from 'pino';
import type { Config } from '../config/config';
import type { ReferenceCatalog } from '../modules/reference';
import { createAppPubSub } from '../common/pubsub/pubsub';
import type { AppPubSub } from '../common/pubsub/pubsub';
import { RateLimiter } from '../common/rate-limit/rate-limiter';
import { IdempotencyService } from '../platform/idempotency/idempotency.service';
import type { RedisConnections } from '../common/redis/redis';
import { ConnectionRegistry } from '../common/realtime/connection-registry';
import { UnitOfWork } from '../platform/unit-of-work/unit-of-work';
import { OutboxDispatcher } from '../platform/outbox/outbox.dispatcher';
import { liveEventsConsumer, realtimeCloseConsumer } from '../platform/outbox/consumers';
import type { ModuleEnvironment } from '../platform/module/module-manifest';
import { MANIFESTS } from './modules';
import type { ModuleNeeds, ModuleServices } from './modules';

/** The services of the platform, built by the app before the modules' (which build on them). */
export interface PlatformServices {
  catalog: ReferenceCatalog;
  pubSub: AppPubSub;
  rateLimiter: RateLimiter;
  idempotency: IdempotencyService;
  /** Authenticated WebSockets by practitioner/session: logout, suspension and role or verification changes close them (on every instance). */
  realtime: ConnectionRegistry;
  /** Runs writes in one transaction that records their domain events (docs/outbox.md). */
  uow: UnitOfWork;
  /** This instance's outbox dispatcher: started and stopped by the server. */
  outbox: OutboxDispatcher;
}

/** The application's services, built once per server: the platform's and each module's part (its manifest). */
export type Services = PlatformServices & ModuleServices;

// Every service a module says it needs is one the app provides (a compile error names the missing one).
const everyNeedProvided: (s: Services) => ModuleNeeds = (s) => s;
void everyNeedProvided;

/**
 * The services built so far, for one module's factory: reading one not built yet (a module listed before
 * its dependency) fails at start-up with the names, instead of leaving an undefined dependency.
 */
function builtSoFar(built: Record<string, unknown>, moduleName: string): Record<string, unknown> {
  return new Proxy(built, {
    get(target, key) {
      if (typeof key === 'string' && !(key in target))
        throw new Error(
          `Module ${moduleName} needs the service "${key}", which no module before it provides: ` +
            'list the module that provides it earlier in src/app/modules.ts.',
        );
      return target[key as string];
    },
  });
}

export function createServices(
  dataSource: DataSource,
  catalog: ReferenceCatalog,
  config: Config,
  redis: RedisConnections | null = null,
  log: Logger = pino({ level: 'silent' }),
): Services {
  const realtime = new ConnectionRegistry(redis);
  const pubSub = createAppPubSub(redis);
  // Writes run in units of work: the events they record are stored with them and dispatched after the commit.
  const uow = new UnitOfWork(dataSource, (err) => log.error({ err }, 'after-commit hook failed'));
  const outbox = new OutboxDispatcher(dataSource, config.outbox, log.child({ component: 'outbox' }));
  uow.deliverTo(outbox);
  // One store of idempotency keys for every create that takes one (and for the server's hourly pruning).
  const idempotency = new IdempotencyService(dataSource, uow);
  const rateLimiter = new RateLimiter(config.rateLimits, redis?.commands ?? null, redis?.prefix);
  const platform: PlatformServices = { catalog, pubSub, rateLimiter, idempotency, realtime, uow, outbox };
  const env: ModuleEnvironment = { dataSource, config, log };
  const built: Record<string, unknown> = { ...platform };
  for (const m of MANIFESTS) {
    if (m.services) Object.assign(built, m.services(builtSoFar(built, m.name), env));
  }
  const services = built as unknown as Services;
  // Consumers: live messages and close orders first (marked `live`: they never wait on the database, see the
  // dispatcher's live lane), then the modules'.
  outbox.addConsumer(liveEventsConsumer(pubSub));
  outbox.addConsumer(realtimeCloseConsumer(realtime));
  for (const m of MANIFESTS) for (const c of m.outboxConsumers?.(services, env) ?? []) outbox.addConsumer(c);
  return services;
}
