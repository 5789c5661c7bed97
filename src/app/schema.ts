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
import { PostResolver } from '../modules/post/post.resolver';
import { CommentResolver, PostCommentsResolver } from '../modules/comment/comment.resolver';
import {
  CountryPostsResolver,
  FeedResolver,
  NetworkPostsResolver,
  PractitionerPostsResolver,
  ThematicAreaPostsResolver,
} from '../modules/feed/feed.resolver';
import { ReportResolver } from '../modules/moderation/moderation-report.resolver';
import { ModerationQueueResolver } from '../modules/moderation/moderation-queue.resolver';
import { ModerationLogResolver } from '../modules/moderation/moderation-log.resolver';
import { PractitionerSuspensionResolver } from '../modules/moderation/moderation-suspension.resolver';
import {
  BlockResolver,
  NetworkMuteResolver,
  PractitionerBlockResolver,
} from '../modules/block/block.resolver';
import { NotificationResolver } from '../modules/notification/notification.resolver';
import {
  CountryTreatyStatusesResolver,
  InstrumentResolver,
  TreatyStatusResolver,
} from '../modules/instrument/instrument.resolver';
import {
  CountryLegalDevelopmentsResolver,
  LegalDevelopmentResolver,
} from '../modules/legal-development/legal-development.resolver';
import { CentralAuthorityResolver } from '../modules/central-authority/central-authority.resolver';
import { PostHtmlResolver } from '../modules/post/post-html.resolver';
import { CommentHtmlResolver } from '../modules/comment/comment-html.resolver';
import { LegalDevelopmentHtmlResolver } from '../modules/legal-development/legal-development-html.resolver';
import { NetworkHtmlResolver } from '../modules/network/network-html.resolver';
import { PractitionerHtmlResolver } from '../modules/practitioner/practitioner-html.resolver';
import type { Services } from './services';
import { createAppPubSub } from '../common/pubsub/pubsub';
import { applyReadGuard } from './read-guard';
import { guardTextInput } from '../common/validation/text';

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
  PostResolver,
  CommentResolver,
  PostCommentsResolver,
  FeedResolver,
  NetworkPostsResolver,
  CountryPostsResolver,
  ThematicAreaPostsResolver,
  PractitionerPostsResolver,
  ReportResolver,
  ModerationQueueResolver,
  ModerationLogResolver,
  PractitionerSuspensionResolver,
  BlockResolver,
  PractitionerBlockResolver,
  NetworkMuteResolver,
  NotificationResolver,
  InstrumentResolver,
  TreatyStatusResolver,
  CountryTreatyStatusesResolver,
  LegalDevelopmentResolver,
  CountryLegalDevelopmentsResolver,
  CentralAuthorityResolver,
  PostHtmlResolver,
  CommentHtmlResolver,
  LegalDevelopmentHtmlResolver,
  NetworkHtmlResolver,
  PractitionerHtmlResolver,
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
    instances.set(
      NetworkResolver,
      new NetworkResolver(
        services.networkQueries,
        services.networkMembership,
        services.networkRoles,
        services.networkEditing,
        services.referenceNetworks,
        services.catalog,
      ),
    );
    instances.set(NetworkMembershipResolver, new NetworkMembershipResolver());
    instances.set(PractitionerNetworksResolver, new PractitionerNetworksResolver());
    instances.set(FollowResolver, new FollowResolver(services.follows));
    instances.set(PractitionerFollowResolver, new PractitionerFollowResolver());
    instances.set(NetworkFollowResolver, new NetworkFollowResolver());
    instances.set(ContactResolver, new ContactResolver(services.contacts));
    instances.set(PractitionerContactResolver, new PractitionerContactResolver());
    instances.set(PostResolver, new PostResolver(services.posts, services.catalog));
    instances.set(CommentResolver, new CommentResolver(services.comments));
    instances.set(PostCommentsResolver, new PostCommentsResolver());
    instances.set(FeedResolver, new FeedResolver(services.feed));
    instances.set(NetworkPostsResolver, new NetworkPostsResolver());
    instances.set(CountryPostsResolver, new CountryPostsResolver());
    instances.set(ThematicAreaPostsResolver, new ThematicAreaPostsResolver());
    instances.set(PractitionerPostsResolver, new PractitionerPostsResolver());
    instances.set(ReportResolver, new ReportResolver(services.reports, services.moderationDecisions));
    instances.set(ModerationQueueResolver, new ModerationQueueResolver(services.moderationQueue));
    instances.set(ModerationLogResolver, new ModerationLogResolver(services.moderationLog));
    instances.set(PractitionerSuspensionResolver, new PractitionerSuspensionResolver(services.suspensions));
    instances.set(BlockResolver, new BlockResolver(services.blocks));
    instances.set(PractitionerBlockResolver, new PractitionerBlockResolver());
    instances.set(NetworkMuteResolver, new NetworkMuteResolver());
    instances.set(NotificationResolver, new NotificationResolver(services.notifications));
    instances.set(InstrumentResolver, new InstrumentResolver(services.instruments, services.treaties));
    instances.set(TreatyStatusResolver, new TreatyStatusResolver(services.catalog));
    instances.set(CountryTreatyStatusesResolver, new CountryTreatyStatusesResolver());
    instances.set(
      LegalDevelopmentResolver,
      new LegalDevelopmentResolver(services.legalDevelopments, services.catalog),
    );
    instances.set(
      CentralAuthorityResolver,
      new CentralAuthorityResolver(services.centralAuthorities, services.catalog),
    );
    instances.set(CountryLegalDevelopmentsResolver, new CountryLegalDevelopmentsResolver());
  }
  // Rendering Markdown needs no service: these exist with or without services.
  for (const HtmlResolver of [
    PostHtmlResolver,
    CommentHtmlResolver,
    LegalDevelopmentHtmlResolver,
    NetworkHtmlResolver,
    PractitionerHtmlResolver,
  ])
    instances.set(HtmlResolver, new HtmlResolver());
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
export async function createSchema(services: Services | null): Promise<GraphQLSchema> {
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
  return applyReadGuard(guardTextInput(schema));
}
