import { createPubSub } from '@graphql-yoga/subscription';
import type { PubSub } from '@graphql-yoga/subscription';

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
}

export type AppPubSub = PubSub<Topics>;

/** In-process event bus (one instance); a later step swaps the event target for Redis. */
export function createAppPubSub(): AppPubSub {
  return createPubSub<Topics>();
}

/** Calls `onPublish` with the topic of every event published through this instance (for the metrics). */
export function observePublishes(pubSub: AppPubSub, onPublish: (topic: string) => void): void {
  const publish = pubSub.publish.bind(pubSub) as (...args: unknown[]) => void;
  (pubSub as { publish: (...args: unknown[]) => void }).publish = (...args: unknown[]) => {
    onPublish(String(args[0]));
    publish(...args);
  };
}
