import 'reflect-metadata';
import type { GraphQLSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import type { ClassType, ContainerType, NonEmptyArray } from 'type-graphql';
import { AuthChecker } from '../common/auth/auth-checker';
import { registerNode } from '../common/relay/node-registry';
import { registerReadAhead } from '../common/relay/read-ahead';
import { MANIFESTS } from './modules';
import type { Services } from './services';
import { createAppPubSub } from '../common/pubsub/pubsub';
import { applyReadGuard } from './read-guard';
import { guardTextInput } from '../common/validation/text';
import { guardTwoFactorEnrolment } from '../common/auth/two-factor-guard';

/** Every resolver class of the modules, in the order of the module list. */
export const RESOLVERS = MANIFESTS.flatMap((m) =>
  (m.resolvers ?? []).map((r) => ('resolver' in r ? r.resolver : r)),
);

/** Resolver instances built with their services; type-graphql asks this container for them. */
function containerFor(services: Services | null): ContainerType {
  const instances = new Map<unknown, unknown>();
  for (const m of MANIFESTS)
    for (const r of m.resolvers ?? []) {
      if (!('resolver' in r)) instances.set(r, new r());
      // Without services the schema can only be printed: resolvers that need services are not built.
      else if (services) instances.set(r.resolver, r.create(services));
    }
  const authChecker = new AuthChecker();
  instances.set(AuthChecker, authChecker);
  return {
    get(someClass: unknown) {
      const instance = instances.get(someClass);
      if (!instance)
        throw new Error(`No instance registered for ${String((someClass as { name?: string }).name)}`);
      return instance;
    },
  };
}

/**
 * Registers the modules' Node types and their read policies, and their read-aheads (idempotent: the
 * registries are keyed by type and field name). Importing a module registers nothing; building the schema
 * does, before any operation runs.
 */
export function registerModuleNodes(): void {
  for (const m of MANIFESTS) for (const n of m.nodes ?? []) registerNode(n.typeName, n.fetcher, n.localId);
  for (const m of MANIFESTS) for (const r of m.readAheads ?? []) registerReadAhead(r);
}

/** Builds the one schema served over HTTP and WebSocket. Without services it can only be printed. */
export async function createSchema(services: Services | null): Promise<GraphQLSchema> {
  registerModuleNodes();
  const schema = await buildSchema({
    resolvers: RESOLVERS as unknown as NonEmptyArray<ClassType>,
    container: containerFor(services),
    authChecker: AuthChecker,
    authMode: 'error',
    validate: { forbidUnknownValues: false },
    emitSchemaFile: false,
    // Subscriptions here use explicit `subscribe` functions over this bus; type-graphql requires it be given.
    pubSub: services?.pubSub ?? createAppPubSub(),
  });
  // Bad text (NUL, controls, bidi overrides, lone surrogates) is refused before any resolver runs, and
  // every field that hands out records of a policed type checks them against its read policy.
  // Staff who must enrol in two-factor sign-in first (REQUIRE_TWO_FACTOR_FOR_STAFF) may do nothing else.
  return guardTwoFactorEnrolment(applyReadGuard(guardTextInput(schema)));
}
