import type { AppPubSub } from '../../common/pubsub/pubsub';
import type { DomainEvent } from '../../platform/unit-of-work/events';
import type { OutboxConsumer } from '../../platform/outbox/outbox.dispatcher';

/** `course.progress-changed` → live `enrollmentProgressChanged` messages (ids only; at least once). */
export function courseProgressConsumer(pubSub: AppPubSub): OutboxConsumer {
  return {
    name: 'course-progress',
    types: ['course.progress-changed'],
    handle(events: DomainEvent[]) {
      for (const event of events) {
        const { enrollmentId, practitionerId } = (event as DomainEvent<'course.progress-changed'>).payload;
        pubSub.publish('ENROLLMENT_PROGRESS_CHANGED', { enrollmentId, practitionerId });
      }
    },
  };
}
