import type { DataSource } from 'typeorm';
import type { Config } from '../config/config';
import type { ReferenceCatalog } from '../modules/reference/reference.catalog';
import { PractitionerService } from '../modules/practitioner/practitioner.service';
import { IdentityService } from '../modules/identity/identity.service';
import { NetworkService } from '../modules/network/network.service';
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
import { ModerationService } from '../modules/moderation/moderation.service';
import { BlockService } from '../modules/block/block.service';
import { InstrumentService } from '../modules/instrument/instrument.service';
import { TreatyService } from '../modules/instrument/treaty.service';
import { LegalDevelopmentService } from '../modules/legal-development/legal-development.service';
import { CentralAuthorityService } from '../modules/central-authority/central-authority.service';

/** The application's services, built once per server. */
export interface Services {
  catalog: ReferenceCatalog;
  practitioners: PractitionerService;
  identity: IdentityService;
  networks: NetworkService;
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
  moderation: ModerationService;
  blocks: BlockService;
  instruments: InstrumentService;
  legalDevelopments: LegalDevelopmentService;
  treaties: TreatyService;
  centralAuthorities: CentralAuthorityService;
}

export function createServices(
  dataSource: DataSource,
  catalog: ReferenceCatalog,
  config: Config,
  redis: RedisConnections | null = null,
): Services {
  const realtime = new ConnectionRegistry(redis);
  // One store of idempotency keys for every create that takes one (and for the server's hourly pruning).
  const idempotency = new IdempotencyService(dataSource);
  const pubSub = createAppPubSub(redis);
  // Notifications are queued by the services after their transactions commit, and written asynchronously.
  const notifications = new NotificationService(dataSource, pubSub);
  const practitioners = new PractitionerService(dataSource, catalog, notifications, realtime);
  const identity = new IdentityService(dataSource, practitioners, {
    jwtSecret: config.jwtSecret,
    accessTokenTtlSeconds: config.accessTokenTtlSeconds,
    sessionMaxLifetimeDays: config.sessionMaxLifetimeDays,
    sessionIdleTimeoutDays: config.sessionIdleTimeoutDays,
  });
  identity.onSessionEnded = (practitionerId, sessionId) => realtime.closeSession(practitionerId, sessionId);
  const networks = new NetworkService(dataSource, catalog, practitioners, idempotency, notifications);
  // Verified members belong to their country's network: joined in the transaction that verifies or moves them.
  practitioners.addListener({
    onVerified: (manager, p) => networks.joinCountryNetwork(manager, p.id, p.countryCode),
    onCountryChanged: (manager, p) => networks.joinCountryNetwork(manager, p.id, p.countryCode),
  });
  const follows = new FollowService(dataSource, practitioners, networks);
  const contacts = new ContactService(dataSource, practitioners, idempotency, notifications);
  const posts = new PostService(dataSource, catalog, pubSub, idempotency, notifications);
  const comments = new CommentService(dataSource, posts, pubSub, idempotency, notifications);
  const rateLimiter = new RateLimiter(config.rateLimits, redis?.commands ?? null, redis?.prefix);
  const instruments = new InstrumentService(dataSource);
  const legalDevelopments = new LegalDevelopmentService(
    dataSource,
    catalog,
    instruments,
    pubSub,
    idempotency,
    (id) => notifications.legalDevelopmentPublishedById(id),
  );
  const treaties = new TreatyService(dataSource, catalog, instruments, legalDevelopments);
  const feed = new FeedService(dataSource, posts, legalDevelopments);
  const centralAuthorities = new CentralAuthorityService(dataSource, catalog);
  const moderation = new ModerationService(dataSource, realtime, idempotency, notifications);
  const blocks = new BlockService(dataSource, practitioners, networks);
  return {
    catalog,
    practitioners,
    identity,
    networks,
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
    moderation,
    blocks,
    instruments,
    legalDevelopments,
    treaties,
    centralAuthorities,
  };
}
