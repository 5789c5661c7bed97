import type { DataSource } from 'typeorm';
import type { Logger } from 'pino';
import type { Config } from '../../config/config';
import type { Viewer } from '../../common/auth/viewer';
import type { PrefetchedViewerFacts } from '../../common/auth/viewer-facts';
import type { ContextServices, Loaders } from '../../common/context';
import type { NodeDeclaration } from '../../common/relay/node-registry';
import type { ReadAheadDeclaration } from '../../common/relay/read-ahead';
import type { OutboxConsumer } from '../outbox/outbox.dispatcher';

/** What every services factory may use besides other modules' services. */
export interface ModuleEnvironment {
  dataSource: DataSource;
  config: Config;
  log: Logger;
}

/** A resolver class type-graphql instantiates through the app's container. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type ResolverClass = abstract new (...args: any[]) => object;

/**
 * A resolver of the module: a class built without arguments (it exists even without services, for printing
 * the schema), or a class and how to build it from the services.
 */
export type ResolverDeclaration<S> =
  (new () => object) | { resolver: ResolverClass; create(services: S): object };

/**
 * Everything the app needs to know about one module, declared in the module's `index.ts`. `Needs` are the
 * services (of the platform or of modules listed before this one) the module builds on; `Provides` is its
 * part of the app's `Services`. Declaring has no side effect: the app registers and builds what is listed.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface ModuleManifest<Needs = {}, Provides = {}> {
  /** The module's folder name (used in error messages). */
  name: string;
  /** TypeORM entities (the DataSource's entity list). */
  entities?: readonly (abstract new (...args: never[]) => object)[];
  /** Builds this module's services, once per server, from the services it needs. */
  services?(needs: Needs, env: ModuleEnvironment): Provides;
  /** Resolver classes (queries, mutations, subscriptions, field resolvers extending other types). */
  resolvers?: readonly ResolverDeclaration<Needs & Provides>[];
  /** The module's per-request DataLoaders (its entries of `Context['loaders']`), built for every operation. */
  loaders?(
    viewer: Viewer | null,
    services: Needs & Provides,
    env: {
      dataSource: DataSource;
      /** The viewer's facts read with the session (the lean read path), when this request has them. */
      prefetched?: PrefetchedViewerFacts | null;
    },
  ): Partial<Loaders>;
  /** The services subscription handlers reach through `ctx.services` (they have no resolver instance). */
  contextServices?(services: Needs & Provides): Partial<ContextServices>;
  /** Node types: their global ids decode, `node(id:)` fetches them, the read guard applies their policy. */
  nodes?: readonly NodeDeclaration[];
  /**
   * Nested fields this module resolves on another module's Node type that can be folded into that record's
   * statement when `node(id:)` fetches it (common/relay/read-ahead.ts).
   */
  readAheads?: readonly ReadAheadDeclaration[];
  /** Outbox consumers, added to the dispatcher after the platform's own. */
  outboxConsumers?(services: Needs & Provides, env: ModuleEnvironment): OutboxConsumer[];
}

/** Declares a module (typing helper: infers `Needs` and `Provides`). */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export function defineModule<Needs = {}, Provides = {}>(
  manifest: ModuleManifest<Needs, Provides>,
): ModuleManifest<Needs, Provides> {
  return manifest;
}
