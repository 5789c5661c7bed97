import type { NotificationRequest } from '../../platform/unit-of-work/events';

/** Something to tell one practitioner: recorded as `notification.requested` in the unit of work of the act. */
export type NotificationEvent = NotificationRequest;

/** Records notification events outside a write's unit of work (scripts, tests). */
export interface Notifier {
  notify(...events: NotificationEvent[]): void;
}
