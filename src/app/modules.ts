import type { ModuleManifest } from '../platform/module/module-manifest';
import { referenceModule } from '../modules/reference';
import { contentModule } from '../modules/content';
import { moderationLogModule } from '../modules/moderation-log';
import { notificationTypeModule } from '../modules/notification-type';
import { practitionerModule } from '../modules/practitioner';
import { identityModule } from '../modules/identity';
import { networkModule } from '../modules/network';
import { followModule } from '../modules/follow';
import { contactModule } from '../modules/contact';
import { postModule } from '../modules/post';
import { commentModule } from '../modules/comment';
import { moderationModule } from '../modules/moderation';
import { blockModule } from '../modules/block';
import { notificationModule } from '../modules/notification';
import { instrumentModule } from '../modules/instrument';
import { legalDevelopmentModule } from '../modules/legal-development';
import { feedModule } from '../modules/feed';
import { centralAuthorityModule } from '../modules/central-authority';
import { liveEventModule } from '../modules/live-event';
import { publicationModule } from '../modules/publication';
import { searchModule } from '../modules/search';
import { courseModule } from '../modules/course';
import { certificateModule } from '../modules/certificate';
import { accountExportModule } from '../modules/account-export';
import { mailModule } from '../modules/mail';
import { idempotencyPlatform } from '../platform/idempotency';
import { nodePlatform } from '../platform/node';

/** Cross-cutting pieces of the platform that have tables or resolvers of their own (not domain modules). */
export const PLATFORM = [idempotencyPlatform, nodePlatform] as const;

/**
 * Every domain module of the application, the one list `app/` and `db/entities.ts` loop over (after `PLATFORM`). A module's services
 * factory may use the services of the modules before it: dependencies first (createServices refuses a
 * factory that reads a service not built yet).
 */
export const MODULES = [
  referenceModule,
  moderationLogModule,
  contentModule,
  notificationTypeModule,
  practitionerModule,
  identityModule,
  networkModule,
  blockModule,
  contactModule,
  followModule,
  postModule,
  commentModule,
  moderationModule,
  notificationModule,
  instrumentModule,
  legalDevelopmentModule,
  feedModule,
  centralAuthorityModule,
  liveEventModule,
  publicationModule,
  mailModule,
  accountExportModule,
  courseModule,
  certificateModule,
  searchModule,
] as const;

type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void
  ? I
  : never;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type ProvidesOf<M> = M extends ModuleManifest<any, infer P> ? P : never;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type NeedsOf<M> = M extends ModuleManifest<infer N, any> ? N : never;

/** The services the modules provide, each module's part together. */
export type ModuleServices = UnionToIntersection<ProvidesOf<(typeof MODULES)[number]>>;
/** The services the modules need, together (the app's `Services` must include them all). */
export type ModuleNeeds = UnionToIntersection<NeedsOf<(typeof MODULES)[number]>>;

/** The platform's manifests, then the modules', as the app loops over them (each typed at declaration). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const MANIFESTS: readonly ModuleManifest<any, any>[] = [...PLATFORM, ...MODULES];
