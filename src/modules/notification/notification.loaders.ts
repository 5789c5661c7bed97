import DataLoader from 'dataloader';
import type { NotificationEntity } from './notification.entity';
import type { NotificationService } from './notification.service';

export interface NotificationLoaders {
  byId: DataLoader<string, NotificationEntity | null>;
}

declare module '../../common/context' {
  interface Loaders {
    notification: NotificationLoaders;
  }
}

export function createNotificationLoaders(service: NotificationService): NotificationLoaders {
  return {
    byId: new DataLoader(async (ids) => {
      const rows = await service.byIds(ids);
      const map = new Map(rows.map((r) => [r.id, r]));
      return ids.map((id) => map.get(id) ?? null);
    }),
  };
}
