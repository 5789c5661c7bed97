import { defineModule } from '../../platform/module/module-manifest';
import type { UnitOfWork } from '../../platform/unit-of-work/unit-of-work';
import type { OutboxDispatcher } from '../../platform/outbox/outbox.dispatcher';
import type { AppPubSub } from '../../common/pubsub/pubsub';
import { NotificationEntity, NotificationPreferenceEntity } from './notification.entity';
import { NotificationService, notificationConsumer } from './notification.service';
import { NotificationResolver, notificationNode } from './notification.resolver';
import { createNotificationLoaders } from './notification.loaders';

interface NotificationNeeds {
  pubSub: AppPubSub;
  uow: UnitOfWork;
  outbox: OutboxDispatcher;
}

export const notificationModule = defineModule({
  name: 'notification',
  entities: [NotificationEntity, NotificationPreferenceEntity],
  services: (s: NotificationNeeds, { dataSource, log }) => ({
    notifications: new NotificationService(dataSource, s.pubSub, s.uow, s.outbox, (err) =>
      log.error({ err }, 'recording notifications failed'),
    ),
  }),
  resolvers: [{ resolver: NotificationResolver, create: (s) => new NotificationResolver(s.notifications) }],
  loaders: (_viewer, s) => ({ notification: createNotificationLoaders(s.notifications) }),
  contextServices: (s) => ({ notifications: s.notifications }),
  nodes: [notificationNode],
  outboxConsumers: (s, { dataSource }) => [notificationConsumer(s.notifications, dataSource.manager)],
});

// Used by other modules through this index (kept by scripts/codemods/module-imports.mjs).
export type { NotificationEvent } from './notifier';
