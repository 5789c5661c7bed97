import type { DataSource } from 'typeorm';
import pino from 'pino';
import type { Logger } from 'pino';
import type { Config } from '../config/config';
import type { ReferenceCatalog } from '../modules/reference/reference.catalog';
import { PractitionerService } from '../modules/practitioner/practitioner.service';
import { IdentityService } from '../modules/identity/identity.service';
import { ReferenceNetworkService } from '../modules/network/network-reference.service';
import { NetworkQueryService } from '../modules/network/network-query.service';
import { NetworkMembershipService } from '../modules/network/network-membership.service';
import { NetworkRoleService } from '../modules/network/network-role.service';
import { NetworkEditingService } from '../modules/network/network-editing.service';
import { FollowService } from '../modules/follow/follow.service';
import { ContactService } from '../modules/contact/contact.service';
import { createAppPubSub } from '../common/pubsub/pubsub';
import type { AppPubSub } from '../common/pubsub/pubsub';
import { PostService } from '../modules/post/post.service';
import { CommentService } from '../modules/comment/comment.service';
import { FeedService } from '../modules/feed/feed.service';
import { RateLimiter } from '../common/rate-limit/rate-limiter';
import { IdempotencyService } from '../modules/idempotency/idempotency.service';
import type { RedisConnections } from '../common/redis/redis';
import { ConnectionRegistry } from '../common/realtime/connection-registry';
import { NotificationService } from '../modules/notification/notification.service';
import { ReportService } from '../modules/moderation/moderation-report.service';
import { ModerationQueueService } from '../modules/moderation/moderation-queue.service';
import { ReportDecisionService } from '../modules/moderation/moderation-decision.service';
import { SuspensionService } from '../modules/moderation/moderation-suspension.service';
import { ModerationLogService } from '../modules/moderation/moderation-log.service';
import { BlockService } from '../modules/block/block.service';
import { InstrumentService } from '../modules/instrument/instrument.service';
import { TreatyService } from '../modules/instrument/treaty.service';
import { LegalDevelopmentService } from '../modules/legal-development/legal-development.service';
import { CentralAuthorityService } from '../modules/central-authority/central-authority.service';
import { notificationConsumer } from '../modules/notification/notification.service';
import { UnitOfWork } from '../platform/unit-of-work/unit-of-work';
import { ContentKinds } from '../modules/content/content-kind';
import { postContentKind } from '../modules/post/post.kind';
import { legalDevelopmentContentKind } from '../modules/legal-development/legal-development.kind';
import { commentContentKind } from '../modules/comment/comment.kind';
import { OutboxDispatcher } from '../platform/outbox/outbox.dispatcher';
import { liveEventsConsumer, realtimeCloseConsumer } from '../platform/outbox/consumers';

/** The application's services, built once per server. */
export interface Services {
  catalog: ReferenceCatalog;
  practitioners: PractitionerService;
  identity: IdentityService;
  /** Reference networks (created at start-up, country networks joined on verification, regional countries). */
  referenceNetworks: ReferenceNetworkService;
  networkQueries: NetworkQueryService;
  networkMembership: NetworkMembershipService;
  networkRoles: NetworkRoleService;
  /** Working groups and the editing of networks. */
  networkEditing: NetworkEditingService;
  follows: FollowService;
  contacts: ContactService;
  pubSub: AppPubSub;
  posts: PostService;
  comments: CommentService;
  feed: FeedService;
  rateLimiter: RateLimiter;
  idempotency: IdempotencyService;
  /** Authenticated WebSockets by practitioner/session: logout, suspension and role or verification changes close them (on every instance). */
  realtime: ConnectionRegistry;
  notifications: NotificationService;
  reports: ReportService;
  moderationQueue: ModerationQueueService;
  moderationDecisions: ReportDecisionService;
  suspensions: SuspensionService;
  moderationLog: ModerationLogService;
  blocks: BlockService;
  instruments: InstrumentService;
  legalDevelopments: LegalDevelopmentService;
  treaties: TreatyService;
  centralAuthorities: CentralAuthorityService;
  /** Runs writes in one transaction that records their domain events (docs/outbox.md). */
  uow: UnitOfWork;
  /** This instance's outbox dispatcher: started and stopped by the server. */
  outbox: OutboxDispatcher;
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
  const notifications = new NotificationService(dataSource, pubSub, uow, outbox, (err) =>
    log.error({ err }, 'recording notifications failed'),
  );
  // Consumers: live messages and close orders first (they do not wait on the database), then notifications.
  outbox.addConsumer(liveEventsConsumer(pubSub));
  outbox.addConsumer(realtimeCloseConsumer(realtime));
  outbox.addConsumer(notificationConsumer(notifications, dataSource.manager));
  const practitioners = new PractitionerService(dataSource, catalog, uow);
  const identity = new IdentityService(
    dataSource,
    practitioners,
    {
      jwtSecret: config.jwtSecret,
      accessTokenTtlSeconds: config.accessTokenTtlSeconds,
      sessionMaxLifetimeDays: config.sessionMaxLifetimeDays,
      sessionIdleTimeoutDays: config.sessionIdleTimeoutDays,
    },
    uow,
  );
  const referenceNetworks = new ReferenceNetworkService(dataSource, catalog);
  const networkQueries = new NetworkQueryService(dataSource, catalog, practitioners);
  const networkMembership = new NetworkMembershipService(dataSource, practitioners, uow);
  const networkRoles = new NetworkRoleService(dataSource, practitioners);
  const networkEditing = new NetworkEditingService(dataSource, catalog, idempotency);
  // Verified members belong to their country's network: joined in the transaction that verifies or moves them.
  practitioners.addListener({
    onVerified: (manager, p) => referenceNetworks.joinCountryNetwork(manager, p.id, p.countryCode),
    onCountryChanged: (manager, p) => referenceNetworks.joinCountryNetwork(manager, p.id, p.countryCode),
  });
  const follows = new FollowService(dataSource, practitioners, networkQueries);
  const contacts = new ContactService(dataSource, practitioners, idempotency, uow);
  const posts = new PostService(dataSource, catalog, uow, idempotency);
  const comments = new CommentService(dataSource, posts, idempotency);
  const rateLimiter = new RateLimiter(config.rateLimits, redis?.commands ?? null, redis?.prefix);
  const instruments = new InstrumentService(dataSource);
  const legalDevelopments = new LegalDevelopmentService(dataSource, catalog, instruments, uow, idempotency);
  const treaties = new TreatyService(dataSource, catalog, instruments, legalDevelopments, uow);
  const feed = new FeedService(dataSource, posts, legalDevelopments);
  const centralAuthorities = new CentralAuthorityService(dataSource, catalog);
  // Moderation acts on content by kind (module manifests will carry these).
  const contentKinds = new ContentKinds([postContentKind, legalDevelopmentContentKind, commentContentKind]);
  const reports = new ReportService(dataSource, idempotency, contentKinds);
  const moderationQueue = new ModerationQueueService(dataSource, contentKinds);
  const moderationDecisions = new ReportDecisionService(dataSource, uow, contentKinds);
  const suspensions = new SuspensionService(dataSource, uow);
  const moderationLog = new ModerationLogService(dataSource);
  const blocks = new BlockService(dataSource, practitioners, networkQueries);
  return {
    catalog,
    practitioners,
    identity,
    referenceNetworks,
    networkQueries,
    networkMembership,
    networkRoles,
    networkEditing,
    follows,
    contacts,
    pubSub,
    posts,
    comments,
    feed,
    rateLimiter,
    idempotency,
    realtime,
    notifications,
    reports,
    moderationQueue,
    moderationDecisions,
    suspensions,
    moderationLog,
    blocks,
    instruments,
    legalDevelopments,
    treaties,
    centralAuthorities,
    uow,
    outbox,
  };
}
