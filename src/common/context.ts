import type { Viewer } from './auth/viewer';
import type { Language } from './i18n/language';
import type { AppPubSub } from './pubsub/pubsub';
import type { RateLimiter } from './rate-limit/rate-limiter';

/**
 * The per-request DataLoaders. Each module adds its own entry by declaration merging in its
 * `<feature>.loaders.ts`, and the context factory in `app/` builds them fresh for every request.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface Loaders {}

/** App-wide services that subscription handlers need (they have no resolver instance); modules add theirs. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface ContextServices {}

/** What every resolver receives: who is calling, in which language, and this request's loaders. */
export interface Context {
  viewer: Viewer | null;
  language: Language;
  loaders: Loaders;
  /**
   * Replaces `loaders` with new ones. A subscription's context lives as long as the subscription: the read
   * guard renews its loaders before checking each delivery, so that nothing cached at subscribe time
   * (memberships, blocks, hidden flags) decides what is delivered later; for every subscription, each
   * event is resolved with new loaders (nothing a delivery loaded stays cached for the next one).
   */
  renewLoaders(): void;
  requestId: string;
  /** The application's event bus (subscriptions subscribe through it). */
  pubSub: AppPubSub;
  services: ContextServices;
  /** Per-account and per-IP budgets (see `@RateLimit`). */
  rateLimiter: RateLimiter;
  /** The caller's IP (behind proxies per TRUST_PROXY), or null when unknown. */
  clientIp: string | null;
  /** The caller's User-Agent header (HTTP request, or the WebSocket's upgrade request), when sent. */
  userAgent?: string | null;
  /** The caller's Accept-Language header as sent (language negotiation of content versions), when sent. */
  acceptLanguage?: string | null;
}
