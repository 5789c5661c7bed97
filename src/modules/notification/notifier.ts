import type { NotificationType } from './notification.enums';

/** Something to tell one practitioner; turned into a notification after the triggering transaction commits. */
export interface NotificationEvent {
  type: NotificationType;
  recipientId: string;
  /** Who caused it; never notified of their own acts, and never reaches who blocked or muted them. */
  actorId: string | null;
  /** Node type name (e.g. `Post`) and local id of what it is about. */
  subjectType?: string | null;
  subjectId?: string | null;
  decision?: string | null;
  note?: string | null;
  /** The network it happened in, if any (muting the network silences it). */
  networkId?: string | null;
}

/**
 * Where services hand notification events, AFTER their transaction has committed. `notify` returns at once:
 * the events are written and delivered asynchronously, so a burst never slows the mutation that caused it.
 */
export interface Notifier {
  notify(...events: NotificationEvent[]): void;
}

/** For services built without notifications (e.g. scripts). */
export const NO_NOTIFIER: Notifier = { notify: () => undefined };
