import 'reflect-metadata';
import type { GraphQLSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import type { ClassType, ContainerType, NonEmptyArray } from 'type-graphql';
import { AuthChecker } from '../common/auth/auth-checker';
import {
  CountryResolver,
  RegionResolver,
  ThematicAreaResolver,
} from '../modules/reference/reference.resolver';
import { PractitionerResolver } from '../modules/practitioner/practitioner.resolver';
import { IdentityResolver } from '../modules/identity/identity.resolver';
import { NodeResolver } from '../modules/node/node.resolver';
import {
  NetworkMembershipResolver,
  NetworkResolver,
  PractitionerNetworksResolver,
} from '../modules/network/network.resolver';
import {
  FollowResolver,
  NetworkFollowResolver,
  PractitionerFollowResolver,
} from '../modules/follow/follow.resolver';
import { ContactResolver, PractitionerContactResolver } from '../modules/contact/contact.resolver';
import type { Services } from './services';

export const RESOLVERS = [
  NodeResolver,
  CountryResolver,
  RegionResolver,
  ThematicAreaResolver,
  PractitionerResolver,
  IdentityResolver,
  NetworkResolver,
  NetworkMembershipResolver,
  PractitionerNetworksResolver,
  FollowResolver,
  PractitionerFollowResolver,
  NetworkFollowResolver,
  ContactResolver,
  PractitionerContactResolver,
] as const;

/** Resolver instances built with their services; type-graphql asks this container for them. */
function containerFor(services: Services | null): ContainerType {
  const instances = new Map<unknown, unknown>();
  if (services) {
    instances.set(NodeResolver, new NodeResolver());
    instances.set(CountryResolver, new CountryResolver(services.catalog));
    instances.set(RegionResolver, new RegionResolver(services.catalog));
    instances.set(ThematicAreaResolver, new ThematicAreaResolver(services.catalog));
    instances.set(PractitionerResolver, new PractitionerResolver(services.practitioners, services.catalog));
    instances.set(IdentityResolver, new IdentityResolver(services.identity));
    instances.set(NetworkResolver, new NetworkResolver(services.networks, services.catalog));
    instances.set(NetworkMembershipResolver, new NetworkMembershipResolver());
    instances.set(PractitionerNetworksResolver, new PractitionerNetworksResolver());
    instances.set(FollowResolver, new FollowResolver(services.follows));
    instances.set(PractitionerFollowResolver, new PractitionerFollowResolver());
    instances.set(NetworkFollowResolver, new NetworkFollowResolver());
    instances.set(ContactResolver, new ContactResolver(services.contacts));
    instances.set(PractitionerContactResolver, new PractitionerContactResolver());
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

/** Builds the one schema served over HTTP and WebSocket. Without services it can only be printed. */
export function createSchema(services: Services | null): Promise<GraphQLSchema> {
  return buildSchema({
    resolvers: RESOLVERS as unknown as NonEmptyArray<ClassType>,
    container: containerFor(services),
    authChecker: AuthChecker,
    authMode: 'error',
    validate: { forbidUnknownValues: false },
    emitSchemaFile: false,
  });
}
