import { startTestServer } from '../helpers/server';
import type { TestServer } from '../helpers/server';
import { gql } from '../helpers/graphql';
import { createModerator, createPractitioner } from '../helpers/factories';
import { connectWs, wsExecute } from '../helpers/ws';
import { publishPost } from '../helpers/posts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.stop());

async function scrape(): Promise<string> {
  const res = await fetch(server.metricsUrl!);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  return res.text();
}

/** The value of one sample, by metric name and exact labels (in the order prom-client prints them). */
function sample(text: string, name: string, labels = ''): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${name}${labels ? `{${labels}}` : ''} `));
  return line === undefined ? undefined : Number(line.split(' ').pop());
}

describe('GET /metrics', () => {
  it('reports operation durations by name and outcome, HTTP requests, SQL statements and the pool', async () => {
    await gql(server, 'query CountryNE { country(code: "NE") { code } }');
    await gql(server, '{ country(code: "NE") { code } }');
    await gql(server, 'query Broken { nope }');
    await gql(server, 'query Guarded { practitioners { edges { cursor } } }');
    const text = await scrape();
    const op = (labels: string) => sample(text, 'graphql_operation_duration_seconds_count', labels);
    // Labelled by the root field the operation ran, not by the name the client chose.
    expect(op('operation="country",type="query",outcome="ok",transport="http"')).toBe(2);
    expect(op('operation="invalid",type="unknown",outcome="rejected",transport="http"')).toBe(1);
    expect(op('operation="practitioners",type="query",outcome="error",transport="http"')).toBe(1);
    expect(
      sample(text, 'http_request_duration_seconds_count', 'method="POST",route="/graphql",status="200"'),
    ).toBe(3);
    expect(
      sample(text, 'http_request_duration_seconds_count', 'method="POST",route="/graphql",status="400"'),
    ).toBe(1);
    expect(sample(text, 'db_sql_statements_total')).toBeGreaterThan(0);
    expect(sample(text, 'db_sql_statements_total')).toBeLessThanOrEqual(server.database.counter.count);
    expect(sample(text, 'db_pool_connections_total')).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'db_pool_requests_waiting')).toBe(0);
    expect(text).toMatch(/^process_cpu_user_seconds_total \d/m);
    expect(text).toMatch(/^nodejs_heap_size_used_bytes \d/m);
  });

  it('counts open WebSocket connections, running subscriptions and published events', async () => {
    const moderator = await createModerator(server);
    const author = await createPractitioner(server);
    const ws = connectWs(server, author.accessToken);
    await ws.connected;
    const received: unknown[] = [];
    ws.client.subscribe(
      { query: 'subscription OwnPosts { postPublished { id } }' },
      { next: (v) => received.push(v), error: () => undefined, complete: () => undefined },
    );
    await new Promise((r) => setTimeout(r, 150));
    let text = await scrape();
    expect(sample(text, 'websocket_connections_active')).toBe(1);
    expect(sample(text, 'graphql_subscriptions_active')).toBe(1);

    await publishPost(server, author, moderator);
    text = await scrape();
    expect(sample(text, 'pubsub_events_published_total', 'topic="POST_PUBLISHED"')).toBe(1);

    await ws.client.dispose();
    await ws.closed;
    await new Promise((r) => setTimeout(r, 100));
    text = await scrape();
    expect(sample(text, 'websocket_connections_active')).toBe(0);
    expect(sample(text, 'graphql_subscriptions_active')).toBe(0);
  });

  it('keeps one registry per server', async () => {
    const other = await startTestServer();
    try {
      const text = await (await fetch(other.metricsUrl!)).text();
      expect(text).not.toMatch(/operation="country"/);
    } finally {
      await other.stop();
    }
  });

  it('is not served on the public port', async () => {
    const res = await fetch(server.url.replace(/\/graphql$/, '/metrics'));
    expect(res.status).toBe(404);
    expect(await res.text()).not.toMatch(/graphql_operation_duration_seconds/);
    expect(new URL(server.metricsUrl!).port).not.toBe(String(server.port));
  });

  it('takes no label from client-chosen operation names, over HTTP and WebSocket', async () => {
    const labels = (text: string) =>
      new Set(
        [...text.matchAll(/^graphql_operation_duration_seconds_count\{operation="([^"]*)"/gm)].map(
          (m) => m[1],
        ),
      );
    const before = labels(await scrape());
    for (let i = 0; i < 250; i++) {
      const name = `Made${i}x${'y'.repeat(i % 7)}`;
      await gql(server, i % 2 ? `query ${name} { __typename }` : `query ${name} { nope${i} }`);
    }
    const ws = connectWs(server, null);
    await ws.connected;
    for (let i = 0; i < 20; i++)
      await wsExecute(ws.client, `query WsMade${i} { country(code: "NE") { code } }`);
    await wsExecute(ws.client, 'query WsBroken { nope }');
    await ws.client.dispose();
    await gql(server, 'query RealOne { country(code: "NE") { code } }');
    const text = await scrape();
    const after = labels(text);
    expect([...after].filter((l) => /Made|Real|Broken/.test(l))).toEqual([]);
    // Every label is a root field of the schema, or one of the fixed ones.
    const rootFields = new Set([
      ...Object.keys(server.schema.getQueryType()!.getFields()),
      ...Object.keys(server.schema.getMutationType()!.getFields()),
      ...Object.keys(server.schema.getSubscriptionType()!.getFields()),
      '__typename',
      '__schema',
      '__type',
      'multiple',
      'invalid',
    ]);
    expect([...after].filter((l) => !rootFields.has(l))).toEqual([]);
    expect(after.size - before.size).toBeLessThanOrEqual(3);
    const op = (labels: string) => sample(text, 'graphql_operation_duration_seconds_count', labels);
    expect(op('operation="country",type="query",outcome="ok",transport="ws"')).toBe(20);
    expect(op('operation="invalid",type="unknown",outcome="rejected",transport="ws"')).toBe(1);
  });
});
