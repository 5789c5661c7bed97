import type { NotificationRequest } from '../../platform/unit-of-work/events';
import type { NotificationType } from '../notification-type';

/** Something to tell one practitioner: recorded as `notification.requested` in the unit of work of the act. */
export type NotificationEvent = Omit<NotificationRequest, 'type'> & { type: NotificationType };

/** Records notification events outside a write's unit of work (scripts, tests). */
export interface Notifier {
  notify(...events: NotificationEvent[]): void;
}
