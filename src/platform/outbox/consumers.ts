import type { AppPubSub } from '../../common/pubsub/pubsub';
import type { ConnectionRegistry } from '../../common/realtime/connection-registry';
import type { DomainEvent } from '../unit-of-work/events';
import type { OutboxConsumer } from './outbox.dispatcher';

/**
 * Live subscription messages (through Redis when several instances run). The event id travels as the
 * message's `eventId`: the instances' subscribers share the loading of one event by it. At least once.
 */
export function liveEventsConsumer(pubSub: AppPubSub): OutboxConsumer {
  return {
    name: 'live-events',
    types: [
      'post.published',
      'comment.added',
      'legal-development.published',
      'live-event.changed',
      'live-event-question.changed',
    ],
    handle(events: DomainEvent[]) {
      for (const event of events) publishLive(pubSub, event);
    },
  };
}

function publishLive(pubSub: AppPubSub, event: DomainEvent): void {
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
      pubSub.publish('LIVE_EVENT_QUESTION_CHANGED', { eventId, questionId, change, wasPublished });
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
