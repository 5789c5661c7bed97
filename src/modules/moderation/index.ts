import { defineModule } from '../../platform/module/module-manifest';
import type { UnitOfWork } from '../../platform/unit-of-work/unit-of-work';
import type { IdempotencyService } from '../../platform/idempotency/idempotency.service';
import type { ContentKinds } from '../content';
import { ModerationAssignmentEntity, ModerationLogEntity, ReportEntity } from './moderation.entity';
import { ReportService } from './moderation-report.service';
import { ModerationQueueService } from './moderation-queue.service';
import { ReportDecisionService } from './moderation-decision.service';
import { SuspensionService } from './moderation-suspension.service';
import { ModerationLogService } from './moderation-log.service';
import { ReportResolver, reportNode } from './moderation-report.resolver';
import { ModerationQueueResolver, moderationItemNode } from './moderation-queue.resolver';
import { ModerationLogResolver, moderationLogEntryNode } from './moderation-log.resolver';
import { PractitionerSuspensionResolver } from './moderation-suspension.resolver';
import { createModerationLoaders } from './moderation.loaders';

export const moderationModule = defineModule({
  name: 'moderation',
  entities: [ReportEntity, ModerationLogEntity, ModerationAssignmentEntity],
  // The content kinds are registered by the content modules (some listed after this one) before any request.
  services: (
    s: { uow: UnitOfWork; idempotency: IdempotencyService; contentKinds: ContentKinds },
    { dataSource },
  ) => ({
    reports: new ReportService(dataSource, s.idempotency, s.contentKinds),
    moderationQueue: new ModerationQueueService(dataSource, s.contentKinds),
    moderationDecisions: new ReportDecisionService(dataSource, s.uow, s.contentKinds),
    suspensions: new SuspensionService(dataSource, s.uow),
    moderationLog: new ModerationLogService(dataSource),
  }),
  resolvers: [
    { resolver: ReportResolver, create: (s) => new ReportResolver(s.reports, s.moderationDecisions) },
    { resolver: ModerationQueueResolver, create: (s) => new ModerationQueueResolver(s.moderationQueue) },
    { resolver: ModerationLogResolver, create: (s) => new ModerationLogResolver(s.moderationLog) },
    {
      resolver: PractitionerSuspensionResolver,
      create: (s) => new PractitionerSuspensionResolver(s.suspensions),
    },
  ],
  loaders: (viewer, s, { dataSource }) => ({
    moderation: createModerationLoaders(dataSource, viewer, s.moderationQueue),
  }),
  contextServices: (s) => ({
    reports: s.reports,
    moderationLog: s.moderationLog,
  }),
  nodes: [reportNode, moderationLogEntryNode, moderationItemNode],
});
