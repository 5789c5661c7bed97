/**
 * The subscription baseline of the fan-out section (issue 17: "heap per subscribed connection ≤ 1.5× a bare
 * graphql-ws server with the same subscription"): graphql-ws over `ws` with graphql-js, the `postPublished`
 * subscription of bench/queries.ts on a minimal schema, and an event stream per subscriber from Node's own
 * `events.on`. No authentication, no limits, no visibility rules: what any graphql-ws server holds per
 * subscribed socket at the least.
 */
import { EventEmitter, on } from 'node:events';
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
  const events = new EventEmitter();
  events.setMaxListeners(0);
  const wss = new WebSocketServer({ noServer: true });
  useServer(
    {
      schema,
      roots: {
        subscription: {
          // graphql-js calls the root value's field as the subscribe function when the schema has none.
          postPublished: async function* () {
            for await (const [post] of on(events, 'post')) yield { postPublished: post };
          },
        },
      },
    },
    wss,
  );
  return { wss, publish: (post) => events.emit('post', post) };
}
