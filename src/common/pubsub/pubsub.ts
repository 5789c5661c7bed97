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

type TopicName = Extract<keyof Topics, string>;
type Payload<K extends TopicName> = Topics[K][0];

/** The event bus as the rest of the code sees it: publish an event of a topic, or subscribe to a topic. */
export interface AppPubSub {
  publish<K extends TopicName>(topic: K, payload: Payload<K>): void;
  subscribe<K extends TopicName>(topic: K): AsyncIterableIterator<Payload<K>>;
}

/** The subset of EventTarget the bus dispatches through: in process, or @graphql-yoga/redis-event-target. */
interface EventBus {
  addEventListener(topic: string, listener: (event: CustomEvent) => void): void;
  removeEventListener(topic: string, listener: (event: CustomEvent) => void): void;
  dispatchEvent(event: CustomEvent): boolean;
}

/**
 * Events a subscriber has not taken yet before its subscription is ended with an error (graphql-ws then
 * sends it and the client subscribes again), as @repeaterjs/repeater did with its default of 1,024.
 */
export const MAX_PENDING_EVENTS = 1024;

/**
 * One subscriber's queue of a topic's events: a plain async iterator (next / return / throw). Much lighter
 * than a Repeater per subscriber (issue 17, fan-out: the Repeaters of the subscription stack were 14 % of
 * the fan-out's CPU and about 15 bound functions and 40 closures per subscribed connection).
 */
class Subscription<T> implements AsyncIterableIterator<T> {
  private readonly queue: T[] = [];
  private waiting: ((result: IteratorResult<T>) => void) | null = null;
  private failWaiting: ((error: Error) => void) | null = null;
  private failure: Error | null = null;
  private ended = false;

  constructor(private readonly release: (s: Subscription<T>) => void) {}

  push(value: T): void {
    if (this.ended) return;
    if (this.waiting) {
      const resolve = this.waiting;
      this.waiting = this.failWaiting = null;
      resolve({ value, done: false });
    } else if (this.queue.length >= MAX_PENDING_EVENTS) {
      this.failure = new Error(`More than ${MAX_PENDING_EVENTS} events were waiting for this subscriber`);
      this.end();
    } else this.queue.push(value);
  }

  next(): Promise<IteratorResult<T>> {
    if (this.queue.length) return Promise.resolve({ value: this.queue.shift() as T, done: false });
    if (this.failure) {
      const error = this.failure;
      this.failure = null;
      return Promise.reject(error);
    }
    if (this.ended) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve, reject) => {
      this.waiting = resolve;
      this.failWaiting = reject;
    });
  }

  return(): Promise<IteratorResult<T>> {
    this.queue.length = 0;
    this.failure = null;
    this.end();
    return Promise.resolve({ value: undefined, done: true });
  }

  throw(error?: unknown): Promise<IteratorResult<T>> {
    this.return();
    return Promise.reject(error instanceof Error ? error : new Error(String(error)));
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  private end(): void {
    if (this.ended) return;
    this.ended = true;
    this.release(this);
    if (this.waiting) {
      const [resolve, reject, failure] = [this.waiting, this.failWaiting!, this.failure];
      this.waiting = this.failWaiting = null;
      if (failure) {
        this.failure = null;
        reject(failure);
      } else resolve({ value: undefined, done: true });
    }
  }
}

/**
 * The bus over an event target: one listener per topic on the target for the whole instance (so Redis
 * keeps one channel subscription per topic), fanned out here to that topic's subscribers. Every
 * subscriber of an instance receives the same payload object (shared-execution.ts keys on it).
 */
function busOver(target: EventBus): AppPubSub {
  const subscribers = new Map<string, Set<Subscription<unknown>>>();
  const listeners = new Map<string, (event: CustomEvent) => void>();
  return {
    publish(topic, payload) {
      target.dispatchEvent(new CustomEvent(topic, { detail: payload }));
    },
    subscribe<K extends TopicName>(topic: K): AsyncIterableIterator<Payload<K>> {
      let set = subscribers.get(topic);
      if (!set) {
        const members = new Set<Subscription<unknown>>();
        const listener = (event: CustomEvent) => {
          for (const s of members) s.push(event.detail);
        };
        subscribers.set(topic, (set = members));
        listeners.set(topic, listener);
        target.addEventListener(topic, listener);
      }
      const members = set;
      const subscription = new Subscription<unknown>((s) => {
        members.delete(s);
        if (members.size || subscribers.get(topic) !== members) return;
        subscribers.delete(topic);
        target.removeEventListener(topic, listeners.get(topic)!);
        listeners.delete(topic);
      });
      members.add(subscription);
      return subscription as AsyncIterableIterator<Payload<K>>;
    },
  };
}

/**
 * The event bus: in process for one instance; with REDIS_URL, events go through Redis channels so that a
 * subscriber on any instance receives what any other instance publishes.
 */
export function createAppPubSub(redis: RedisConnections | null = null): AppPubSub {
  if (!redis) return busOver(new EventTarget() as unknown as EventBus);
  const target = createRedisEventTarget({ publishClient: redis.commands, subscribeClient: redis.subscriber });
  // Channels carry the deployment's prefix so that two deployments sharing one Redis never see each other's events.
  const channel = (topic: string) => `${redis.prefix}${topic}`;
  type Listener = Parameters<typeof target.addEventListener>[1];
  return busOver({
    addEventListener: (topic, listener) => target.addEventListener(channel(topic), listener as Listener),
    removeEventListener: (topic, listener) =>
      target.removeEventListener(channel(topic), listener as Listener),
    dispatchEvent: (event) =>
      target.dispatchEvent(new CustomEvent(channel(event.type), { detail: event.detail })),
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
