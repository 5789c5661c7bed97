import type { Client } from 'graphql-ws';
import { freshPostgresDatabase, startTestServer } from '../helpers/server';
import type { TestServer } from '../helpers/server';
import { createModerator, createPractitioner } from '../helpers/factories';
import type { TestUser } from '../helpers/factories';
import { gql, ok } from '../helpers/graphql';
import { connectWs } from '../helpers/ws';
import { publishPost } from '../helpers/posts';
import { addComment } from '../helpers/moderation';
import { fromGlobalId } from '../../src/common/relay/global-id';

/** The outbox through the API: retries, dead events and their metrics, two dispatchers on one database. */

const ENDORSE = `mutation($id: ID!) { endorsePost(input: { postId: $id }) { post { id } } }`;
const REFUSE = `ALTER TABLE notification ADD CONSTRAINT outbox_test_refuse CHECK ("type" <> 'POST_ENDORSED') NOT VALID`;
const ALLOW = `ALTER TABLE notification DROP CONSTRAINT outbox_test_refuse`;

/** `user`'s notifications of one type, with their actor. */
async function notificationsOf(
  server: { url: string },
  user: TestUser,
  type: string,
): Promise<{ actor: { id: string } }[]> {
  const res = ok(
    await gql(
      server,
      `{ notifications(first: 100) { edges { node { type actor { id } } } } }`,
      {},
      { token: user.accessToken },
    ),
  );
  return res.notifications.edges
    .map((e: { node: { type: string; actor: { id: string } } }) => e.node)
    .filter((n: { type: string }) => n.type === type);
}

const endorsements = (server: { url: string }, user: TestUser) =>
  notificationsOf(server, user, 'POST_ENDORSED');
const commentNotifications = (server: { url: string }, user: TestUser) =>
  notificationsOf(server, user, 'COMMENT_ON_YOUR_POST');

async function metric(server: TestServer, name: string): Promise<number> {
  const text = await (await fetch(server.metricsUrl!)).text();
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  return line ? Number(line.split(' ')[1]) : NaN;
}

async function waitFor(check: () => Promise<boolean> | boolean, ms = 10_000): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 25));
  }
  return check();
}

/** Subscribes `user` on `server` (to notificationReceived by default); returns the ids it receives. */
function receive(
  server: TestServer,
  user: TestUser,
  clients: Client[],
  query = `subscription { notificationReceived { id } }`,
  postId?: string,
): { ids: string[]; ready: Promise<void> } {
  const ws = connectWs(server, user.accessToken);
  clients.push(ws.client);
  const ids: string[] = [];
  ws.client.subscribe(
    { query, variables: postId ? { p: postId } : {} },
    {
      next: (v) => ids.push(Object.values(v.data as Record<string, { id: string }>)[0].id),
      error: () => undefined,
      complete: () => undefined,
    },
  );
  return { ids, ready: ws.connected };
}

describe('a failing consumer', () => {
  let server: TestServer;
  const clients: Client[] = [];
  const logs: Record<string, unknown>[] = [];

  beforeAll(async () => {
    server = await startTestServer(
      {
        OUTBOX_POLL_INTERVAL_MS: '25',
        // Ten minutes: no retry comes due while a test holds the consumer failing, however slow the machine;
        // the tests make the backoff elapse themselves (`backoffElapsed`).
        OUTBOX_RETRY_BASE_MS: '600000',
        OUTBOX_MAX_ATTEMPTS: '3',
        LOG_LEVEL: 'warn',
      },
      { logs: { write: (line) => logs.push(JSON.parse(line) as Record<string, unknown>) } },
    );
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.dispose()));
    await server?.stop();
  });

  /** Moves every waiting event's retry time to now, as if its backoff had run out. */
  const backoffElapsed = () =>
    server.database.dataSource.query(
      `UPDATE outbox_event SET "availableAt" = now() WHERE "processedAt" IS NULL`,
    );

  it('is retried with backoff and then succeeds: the notification is written and pushed once', async () => {
    const [author, fan, moderator] = await Promise.all([
      createPractitioner(server),
      createPractitioner(server),
      createModerator(server),
    ]);
    const post = await publishPost(server, author, moderator);
    await server.services.notifications.drain();
    const live = receive(server, author, clients);
    await live.ready;

    await server.database.dataSource.query(REFUSE);
    try {
      ok(await gql(server, ENDORSE, { id: post }, { token: fan.accessToken }));
      await server.services.notifications.drain();
      // The first attempt failed: the event waits for its retry, counted as pending; nothing was written.
      expect(await metric(server, 'outbox_events_pending')).toBe(1);
      expect(await endorsements(server, author)).toEqual([]);
      expect(logs.some((l) => l.level === 40 && l.msg === 'outbox event failed; it will be retried')).toBe(
        true,
      );
      // Its retry waits for the backoff (OUTBOX_RETRY_BASE_MS after the first failure).
      const [waiting] = await server.database.dataSource.query(
        `SELECT attempts, extract(epoch FROM "availableAt" - now()) AS "dueIn" FROM outbox_event
          WHERE "processedAt" IS NULL`,
      );
      expect(waiting.attempts).toBe(1);
      expect(Number(waiting.dueIn)).toBeGreaterThan(500);
    } finally {
      await server.database.dataSource.query(ALLOW);
    }
    await backoffElapsed();
    expect(await waitFor(async () => (await endorsements(server, author)).length > 0)).toBe(true);
    expect(await endorsements(server, author)).toEqual([{ type: 'POST_ENDORSED', actor: { id: fan.id } }]);
    expect(await waitFor(() => live.ids.length > 0)).toBe(true);
    expect(await metric(server, 'outbox_events_pending')).toBe(0);
    expect(await metric(server, 'outbox_events_failed_total')).toBe(0);
    // Later polls find nothing more to do: still one notification, pushed once.
    await new Promise((r) => setTimeout(r, 300));
    expect(await endorsements(server, author)).toHaveLength(1);
    expect(live.ids).toHaveLength(1);
  });

  it('a live consumer that fails in the live lane is retried with the backoff; what succeeded is not repeated', async () => {
    const [author, reader, moderator] = await Promise.all([
      createPractitioner(server),
      createPractitioner(server),
      createModerator(server),
    ]);
    const post = await publishPost(server, author, moderator);
    await server.services.notifications.drain();
    const calls: string[] = [];
    server.services.outbox.addConsumer({
      name: 'test-flaky-live',
      live: true,
      types: ['comment.added'],
      handle(events) {
        for (const e of events) calls.push(e.id);
        if (calls.length === 1) throw new Error('live consumer down');
      },
    });
    const live = receive(
      server,
      reader,
      clients,
      `subscription($p: ID!) { commentAdded(postId: $p) { id } }`,
      post,
    );
    await live.ready;
    await new Promise((r) => setTimeout(r, 150)); // the subscribe message registered
    const comment = await addComment(server, reader, post, 'Reached in the live lane');
    await server.services.outbox.drain();
    // The other live consumer (the message) and the database consumers (the author's notification) succeeded;
    // the event waits for its retry.
    expect(await waitFor(() => live.ids.length === 1)).toBe(true);
    expect(live.ids).toEqual([comment]);
    expect(await commentNotifications(server, author)).toHaveLength(1);
    expect(calls).toHaveLength(1);
    const [waiting] = await server.database.dataSource.query(
      `SELECT attempts, "consumersDone" FROM outbox_event WHERE id = $1`,
      [calls[0]],
    );
    expect(waiting.attempts).toBe(1);
    expect(waiting.consumersDone).toEqual(expect.arrayContaining(['live-events']));
    expect(waiting.consumersDone).not.toContain('test-flaky-live');
    await backoffElapsed();
    expect(await waitFor(() => calls.length === 2)).toBe(true);
    expect(calls).toEqual([calls[0], calls[0]]);
    expect(await waitFor(async () => (await metric(server, 'outbox_events_pending')) === 0)).toBe(true);
    // The retry ran only the consumer that had failed: one message, one notification.
    await new Promise((r) => setTimeout(r, 300));
    expect(live.ids).toEqual([comment]);
    expect(await commentNotifications(server, author)).toHaveLength(1);
  });

  it('is given up after OUTBOX_MAX_ATTEMPTS: outbox_events_failed_total counts it, an error is logged', async () => {
    const [author, fan, moderator] = await Promise.all([
      createPractitioner(server),
      createPractitioner(server),
      createModerator(server),
    ]);
    const post = await publishPost(server, author, moderator);
    await server.services.notifications.drain();
    await server.database.dataSource.query(REFUSE);
    try {
      ok(await gql(server, ENDORSE, { id: post }, { token: fan.accessToken }));
      // Each attempt fails and waits for its backoff; let it elapse until the last attempt has failed.
      expect(
        await waitFor(async () => {
          await backoffElapsed();
          return (await metric(server, 'outbox_events_failed_total')) === 1;
        }),
      ).toBe(true);
    } finally {
      await server.database.dataSource.query(ALLOW);
    }
    expect(await metric(server, 'outbox_events_pending')).toBe(0);
    const dead = logs.find((l) => l.msg === 'outbox event failed for good; it will not be retried');
    expect(dead).toEqual(expect.objectContaining({ level: 50, type: 'notification.requested', attempts: 3 }));
    await new Promise((r) => setTimeout(r, 300));
    expect(await endorsements(server, author)).toEqual([]);
  });
});

const pgBase = process.env.TEST_DATABASE_URL;
// Two instances share one database only on PostgreSQL (an embedded PGlite database belongs to one process).
const describeIfPg = pgBase ? describe : describe.skip;

describeIfPg('two dispatchers on one PostgreSQL database', () => {
  let a: TestServer;
  let b: TestServer;
  let db: { url: string; drop: () => Promise<void> };
  const clients: Client[] = [];

  beforeAll(async () => {
    db = await freshPostgresDatabase(pgBase!);
    // Neither dispatches what it commits: both poll often, one event per claim, so that they compete for rows.
    const env = { OUTBOX_TEST_POLL_ONLY: 'true', OUTBOX_POLL_INTERVAL_MS: '10', OUTBOX_BATCH_SIZE: '1' };
    a = await startTestServer(env, { databaseUrl: db.url });
    b = await startTestServer(env, { databaseUrl: db.url });
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.dispose()));
    await a?.stop();
    await b?.stop();
    await db?.drop();
  });

  it('deliver each event once: every live message is pushed once, every notification written and pushed once', async () => {
    const [author, moderator] = await Promise.all([createPractitioner(a), createModerator(a)]);
    const fans = await Promise.all(Array.from({ length: 24 }, () => createPractitioner(a)));
    const post = await publishPost(a, author, moderator);
    expect(await waitFor(async () => (await metric(a, 'outbox_events_pending')) === 0)).toBe(true);
    // The author listens on both instances (no Redis: each hears only what its own dispatcher publishes).
    // Live messages (commentAdded) have no other guard against a second delivery than the claim.
    const onA = receive(
      a,
      author,
      clients,
      `subscription($p: ID!) { commentAdded(postId: $p) { id } }`,
      post,
    );
    const onB = receive(
      b,
      author,
      clients,
      `subscription($p: ID!) { commentAdded(postId: $p) { id } }`,
      post,
    );
    const notifiedA = receive(a, author, clients);
    const notifiedB = receive(b, author, clients);
    await Promise.all([onA.ready, onB.ready, notifiedA.ready, notifiedB.ready]);
    // A subscription starts after its connection is acknowledged (commentAdded first reads the post): a comment
    // made before would reach nobody (under CI's load it did). Wait until both run on each instance.
    const postId = fromGlobalId(post).id;
    expect(
      await waitFor(
        async () =>
          (await metric(a, 'graphql_subscriptions_active')) === 2 &&
          (await metric(b, 'graphql_subscriptions_active')) === 2 &&
          a.services.commentAddedDeliveries.subscriberCount(postId) === 1 &&
          b.services.commentAddedDeliveries.subscriberCount(postId) === 1,
      ),
    ).toBe(true);
    // Proof that the subscriptions are live: a first comment reaches one of each pair.
    await addComment(a, fans[0], post);
    expect(
      await waitFor(
        () => onA.ids.length + onB.ids.length === 1 && notifiedA.ids.length + notifiedB.ids.length === 1,
      ),
    ).toBe(true);

    const dispatchedBefore = [a.services.outbox.dispatchedEvents, b.services.outbox.dispatchedEvents];
    await Promise.all(fans.slice(1).map((fan, i) => addComment(i % 2 ? a : b, fan, post)));
    expect(await waitFor(async () => (await metric(a, 'outbox_events_pending')) === 0)).toBe(true);
    await new Promise((r) => setTimeout(r, 200)); // more polls on both: nothing is delivered again
    const comments = [...onA.ids, ...onB.ids];
    expect(comments).toHaveLength(fans.length);
    expect(new Set(comments).size).toBe(fans.length);
    const written = await commentNotifications(b, author);
    expect(written).toHaveLength(fans.length);
    expect(new Set(written.map((n) => n.actor.id))).toEqual(new Set(fans.map((f) => f.id)));
    const pushed = [...notifiedA.ids, ...notifiedB.ids];
    expect(pushed).toHaveLength(fans.length);
    expect(new Set(pushed).size).toBe(fans.length);
    // Both dispatchers took part.
    expect(a.services.outbox.dispatchedEvents).toBeGreaterThan(dispatchedBefore[0]);
    expect(b.services.outbox.dispatchedEvents).toBeGreaterThan(dispatchedBefore[1]);
  });
});
