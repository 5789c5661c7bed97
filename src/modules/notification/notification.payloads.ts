import { Field, Int, ObjectType } from 'type-graphql';
import { ListSize } from '../../common/limits/list-size';
import { NotificationType } from '../notification-type';
import type { NotificationEntity } from './notification.entity';
import { Notification, NotificationPreference } from './notification.types';

/** The most notifications one `markNotificationsRead` marks. */
export const MAX_MARKED_READ = 100;
/** How many types of notification there are (one preference each). */
export const NOTIFICATION_TYPES = Object.keys(NotificationType).length;

@ObjectType({ description: 'The result of `markNotificationsRead`.' })
export class MarkNotificationsReadPayload {
  @ListSize({ argument: 'input.ids', max: MAX_MARKED_READ })
  @Field(() => [Notification], { description: 'The notifications, now read.' })
  notifications: NotificationEntity[];

  @Field(() => Int, { description: 'How many of your notifications are still unread.' })
  unreadNotificationCount: number;
}

@ObjectType({ description: 'The result of `markAllNotificationsRead`.' })
export class MarkAllNotificationsReadPayload {
  @Field(() => Int, { description: 'How many notifications were unread and are now read.' })
  count: number;

  @Field(() => Int, {
    description: 'How many of your notifications are unread now (0 unless one arrived meanwhile).',
  })
  unreadNotificationCount: number;
}

@ObjectType({ description: 'The result of `updateNotificationPreferences`.' })
export class UpdateNotificationPreferencesPayload {
  @ListSize(NOTIFICATION_TYPES)
  @Field(() => [NotificationPreference], { description: 'Every type’s setting, as it now is.' })
  preferences: NotificationPreference[];
}
