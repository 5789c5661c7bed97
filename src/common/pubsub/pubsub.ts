import { createPubSub } from '@graphql-yoga/subscription';
import type { PubSub } from '@graphql-yoga/subscription';

/**
 * Typed topics. Payloads carry ids only (never records or process-local state), so that the same
 * events can travel through Redis between instances; each subscriber loads what it may see.
 */
export interface Topics {
  [key: string]: [unknown];
  POST_PUBLISHED: [{ eventId: string; postId: string }];
  COMMENT_ADDED: [{ commentId: string; postId: string }];
}

export type AppPubSub = PubSub<Topics>;

/** In-process event bus (one instance); a later step swaps the event target for Redis. */
export function createAppPubSub(): AppPubSub {
  return createPubSub<Topics>();
}
