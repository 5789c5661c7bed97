/**
 * The subscription baseline of the fan-out section (issue 17: "heap per subscribed connection ≤ 1.5× a bare
 * graphql-ws server with the same subscription"): graphql-ws over `ws` with graphql-js, the `postPublished`
 * subscription of bench/queries.ts on a minimal schema, and the smallest event stream per subscriber (an
 * async generator over a plain queue; Node's `events.on` would hold a 2,048-slot queue per subscriber and
 * tripled the baseline's heap). No authentication, no limits, no visibility rules: what any graphql-ws
 * server holds per subscribed socket at the least.
 */
import { buildSchema } from 'graphql';
import { WebSocketServer } from 'ws';
import { useServer } from 'graphql-ws/use/ws';

const SDL = `
  type Query { ok: Boolean }
  type Subscription { postPublished: Post }
  type Post { id: ID! title: String! publishedAt: String author: Practitioner }
  type Practitioner { id: ID! displayName: String! }
`;

export function createBareGraphqlWs(): { wss: WebSocketServer; publish(post: unknown): void } {
  const schema = buildSchema(SDL);
  const listeners = new Set<(post: unknown) => void>();
  const wss = new WebSocketServer({ noServer: true });
  useServer(
    {
      schema,
      roots: {
        subscription: {
          // graphql-js calls the root value's field as the subscribe function when the schema has none.
          postPublished: async function* () {
            const queue: unknown[] = [];
            let wake: (() => void) | null = null;
            const listener = (post: unknown) => {
              queue.push(post);
              wake?.();
            };
            listeners.add(listener);
            try {
              for (;;) {
                while (queue.length) yield { postPublished: queue.shift() };
                await new Promise<void>((resolve) => (wake = resolve));
                wake = null;
              }
            } finally {
              listeners.delete(listener);
            }
          },
        },
      },
    },
    wss,
  );
  return {
    wss,
    publish: (post) => {
      for (const listener of listeners) listener(post);
    },
  };
}
