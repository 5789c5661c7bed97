import type { AppPubSub } from '../../common/pubsub/pubsub';
import type { ConnectionRegistry } from '../../common/realtime/connection-registry';
import type { DomainEvent } from '../unit-of-work/events';
import type { OutboxConsumer } from './outbox.dispatcher';

/** Pushes of upvote counts of one question: at most one per this window, plus one at its end (below). */
export const UPVOTE_PUSH_WINDOW_MS = 250;

/**
 * Live subscription messages (through Redis when several instances run). The event id travels as the
 * message's `eventId`: the instances' subscribers share the loading of one event by it. At least once.
 *
 * Upvotes come in bursts (a room of a thousand upvoting one question within seconds), and each change is
 * pushed to everyone in the room: UPVOTED messages of one question are throttled per instance. The first
 * goes at once; those that follow within `upvoteWindowMs` become one message at the window's end. A
 * delivery reads the question as it is then, so the last message carries the stored count.
 */
export function liveEventsConsumer(
  pubSub: AppPubSub,
  upvoteWindowMs: number = UPVOTE_PUSH_WINDOW_MS,
): OutboxConsumer {
  const upvotes = new Throttle(upvoteWindowMs);
  return {
    name: 'live-events',
    live: true,
    types: [
      'post.published',
      'comment.added',
      'legal-development.published',
      'live-event.changed',
      'live-event-question.changed',
    ],
    handle(events: DomainEvent[]) {
      for (const event of events) publishLive(pubSub, event, upvotes);
    },
  };
}

/** Runs the first call for a key at once, and the calls that follow within the window once, at its end. */
class Throttle {
  private readonly windows = new Map<string, { next: (() => void) | null }>();

  constructor(private readonly ms: number) {}

  run(key: string, fn: () => void): void {
    const open = this.windows.get(key);
    if (open) {
      open.next = fn;
      return;
    }
    fn();
    this.open(key);
  }

  private open(key: string): void {
    const window: { next: (() => void) | null } = { next: null };
    this.windows.set(key, window);
    const timer = setTimeout(() => {
      this.windows.delete(key);
      if (window.next) {
        window.next();
        this.open(key); // what follows the trailing message waits for the next window's end
      }
    }, this.ms);
    timer.unref?.();
  }
}

function publishLive(pubSub: AppPubSub, event: DomainEvent, upvotes: Throttle): void {
  switch (event.type) {
    case 'post.published': {
      const { postId } = (event as DomainEvent<'post.published'>).payload;
      pubSub.publish('POST_PUBLISHED', { eventId: event.id, postId });
      break;
    }
    case 'comment.added': {
      const { commentId, postId, authorId } = (event as DomainEvent<'comment.added'>).payload;
      pubSub.publish('COMMENT_ADDED', { commentId, postId, authorId });
      break;
    }
    case 'legal-development.published': {
      const { legalDevelopmentId } = (event as DomainEvent<'legal-development.published'>).payload;
      pubSub.publish('LEGAL_DEVELOPMENT_PUBLISHED', { eventId: event.id, legalDevelopmentId });
      break;
    }
    case 'live-event.changed': {
      const { liveEventId, change } = (event as DomainEvent<'live-event.changed'>).payload;
      pubSub.publish('LIVE_EVENT_CHANGED', { liveEventId, change });
      break;
    }
    case 'live-event-question.changed': {
      const { questionId, eventId, change, wasPublished } = (
        event as DomainEvent<'live-event-question.changed'>
      ).payload;
      const publish = () =>
        pubSub.publish('LIVE_EVENT_QUESTION_CHANGED', { eventId, questionId, change, wasPublished });
      if (change === 'UPVOTED') upvotes.run(questionId, publish);
      else publish();
      break;
    }
    default:
      break;
  }
}

type Closer = Pick<ConnectionRegistry, 'closeSession' | 'closeConnectionsOf' | 'closeOnAccessChange'>;

/** Close orders for open WebSockets (on every instance, through Redis when configured). At least once. */
export function realtimeCloseConsumer(realtime: Closer): OutboxConsumer {
  return {
    name: 'realtime-close',
    live: true,
    types: ['session.ended', 'practitioner.verified', 'practitioner.role-changed', 'practitioner.suspended'],
    async handle(events: DomainEvent[]) {
      for (const event of events) await close(realtime, event);
    },
  };
}

async function close(realtime: Closer, event: DomainEvent): Promise<void> {
  switch (event.type) {
    case 'session.ended': {
      const { practitionerId, sessionId } = (event as DomainEvent<'session.ended'>).payload;
      await realtime.closeSession(practitionerId, sessionId);
      break;
    }
    case 'practitioner.verified':
      await realtime.closeOnAccessChange(
        (event as DomainEvent<'practitioner.verified'>).payload.practitionerId,
        'Verification changed',
      );
      break;
    case 'practitioner.role-changed':
      await realtime.closeOnAccessChange(
        (event as DomainEvent<'practitioner.role-changed'>).payload.practitionerId,
        'Role changed',
      );
      break;
    case 'practitioner.suspended':
      await realtime.closeConnectionsOf(
        (event as DomainEvent<'practitioner.suspended'>).payload.practitionerId,
        'Account suspended',
      );
      break;
    default:
      break;
  }
}
