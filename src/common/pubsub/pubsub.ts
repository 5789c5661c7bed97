import { createPubSub } from '@graphql-yoga/subscription';
import type { PubSub } from '@graphql-yoga/subscription';
import { createRedisEventTarget } from '@graphql-yoga/redis-event-target';
import type { RedisConnections } from '../redis/redis';

/**
 * Typed topics. Payloads carry ids only (never records or process-local state), so that the same
 * events can travel through Redis between instances; each subscriber loads what it may see.
 */
export interface Topics {
  [key: string]: [unknown];
  POST_PUBLISHED: [{ eventId: string; postId: string }];
  COMMENT_ADDED: [{ commentId: string; postId: string; authorId?: string }];
  NOTIFICATION_RECEIVED: [{ notificationId: string; recipientId: string }];
  LEGAL_DEVELOPMENT_PUBLISHED: [{ eventId: string; legalDevelopmentId: string }];
  LIVE_EVENT_CHANGED: [{ liveEventId: string; change: string }];
  TRANSLATION_READY: [{ kind: string; contentId: string; language: string }];
  LIVE_EVENT_QUESTION_CHANGED: [
    { eventId: string; questionId: string; change: string; wasPublished: boolean },
  ];
}

export type AppPubSub = PubSub<Topics>;

/**
 * The event bus: in process for one instance; with REDIS_URL, events go through Redis channels so that a
 * subscriber on any instance receives what any other instance publishes.
 */
export function createAppPubSub(redis: RedisConnections | null = null): AppPubSub {
  if (!redis) return createPubSub<Topics>();
  const target = createRedisEventTarget({ publishClient: redis.commands, subscribeClient: redis.subscriber });
  // Channels carry the deployment's prefix so that two deployments sharing one Redis never see each other's events.
  const channel = (topic: string) => `${redis.prefix}${topic}`;
  type Listener = Parameters<typeof target.addEventListener>[1];
  return createPubSub<Topics>({
    eventTarget: {
      addEventListener: (topic: string, listener: Listener) =>
        target.addEventListener(channel(topic), listener),
      removeEventListener: (topic: string, listener: Listener) =>
        target.removeEventListener(channel(topic), listener),
      dispatchEvent: (event: CustomEvent) =>
        target.dispatchEvent(new CustomEvent(channel(event.type), { detail: event.detail })),
    } as unknown as NonNullable<Parameters<typeof createPubSub<Topics>>[0]>['eventTarget'],
  });
}

/** Calls `onPublish` with the topic of every event published through this instance (for the metrics). */
export function observePublishes(pubSub: AppPubSub, onPublish: (topic: string) => void): void {
  const publish = pubSub.publish.bind(pubSub) as (...args: unknown[]) => void;
  (pubSub as { publish: (...args: unknown[]) => void }).publish = (...args: unknown[]) => {
    onPublish(String(args[0]));
    publish(...args);
  };
}
