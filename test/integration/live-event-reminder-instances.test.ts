import { freshPostgresDatabase, startTestServer } from '../helpers/server';
import type { TestServer } from '../helpers/server';
import { gql, ok } from '../helpers/graphql';
import { createPractitioner } from '../helpers/factories';
import type { TestUser } from '../helpers/factories';
import { Role } from '../../src/common/auth/role';
import { fromGlobalId } from '../../src/common/relay/global-id';
import crypto from 'node:crypto';
import Redis from 'ioredis';
import type { Client } from 'graphql-ws';
import { connectWs } from '../helpers/ws';
import { redisSubscribers } from '../helpers/redis';

// Reminders are delayed outbox events: whichever instance polls first when one falls due delivers it, and
// the `live_event_reminder` key keeps it to one per person. Several instances share one database, which
// needs a real PostgreSQL (PGlite is one process's memory).
const pgBase = process.env.TEST_DATABASE_URL ?? process.env.TEST_DATABASE_URL_PG;
if (!pgBase) console.warn('live-event-reminder-instances.test.ts SKIPPED: set TEST_DATABASE_URL to run it.');
const describeIf = pgBase ? describe : describe.skip;

const SECOND = 1000;
const HOUR = 3600 * SECOND;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
// Every instance polls often, so that each one races for the due reminders.
const ENV = { OUTBOX_POLL_INTERVAL_MS: '100' };

async function scheduled(server: TestServer, organiser: TestUser, startsAt: Date): Promise<string> {
  const created = await gql(
    server,
    `mutation($i: CreateLiveEventInput!) { createLiveEvent(input: $i) { liveEvent { id } } }`,
    {
      i: {
        title: 'Nuclear terrorism: why the legal framework matters',
        floorLanguage: 'EN',
        startsAt: startsAt.toISOString(),
        endsAt: new Date(startsAt.getTime() + HOUR).toISOString(),
        timeZone: 'America/New_York',
        capacity: 20,
        registrationPolicy: 'OPEN',
      },
    },
    { token: organiser.accessToken },
  );
  const id = ok(created).createLiveEvent.liveEvent.id as string;
  ok(
    await gql(
      server,
      `mutation($i: ScheduleLiveEventInput!) { scheduleLiveEvent(input: $i) { liveEvent { id } } }`,
      { i: { id } },
      { token: organiser.accessToken },
    ),
  );
  return id;
}

async function registerAll(server: TestServer, users: TestUser[], liveEventId: string): Promise<void> {
  for (const user of users)
    ok(
      await gql(
        server,
        `mutation($i: RegisterForLiveEventInput!) { registerForLiveEvent(input: $i) { registration { status } } }`,
        { i: { liveEventId } },
        { token: user.accessToken },
      ),
    );
}

/** How many 1 h reminders about the event each user has. */
async function reminders(server: TestServer, users: TestUser[], eventId: string): Promise<number[]> {
  return Promise.all(
    users.map(async (user) => {
      const res = ok(
        await gql(
          server,
          `{ notifications(first: 100) { edges { node { type subject { id } } } } }`,
          {},
          { token: user.accessToken },
        ),
      );
      return res.notifications.edges.filter(
        (e: { node: { type: string; subject: { id: string } | null } }) =>
          e.node.type === 'LIVE_EVENT_REMINDER_1H' && e.node.subject?.id === eventId,
      ).length;
    }),
  );
}

async function eventually(check: () => Promise<boolean>, ms = 20 * SECOND): Promise<void> {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('condition not reached in time');
    await sleep(200);
  }
}

describeIf('reminders with several instances on one PostgreSQL', () => {
  let db: { url: string; drop: () => Promise<void> };
  const servers: TestServer[] = [];
  beforeAll(async () => {
    db = await freshPostgresDatabase(pgBase!);
  });
  afterAll(async () => {
    for (const s of servers) await s.stop();
    await db?.drop();
  });
  const start = async (env: Record<string, string> = {}) => {
    const s = await startTestServer({ ...ENV, ...env }, { databaseUrl: db.url });
    servers.push(s);
    return s;
  };

  it('three instances polling one database deliver each reminder exactly once', async () => {
    const [a, b, c] = [await start(), await start(), await start()];
    const organiser = await createPractitioner(a, { role: Role.EXPERT });
    const people = await Promise.all(Array.from({ length: 8 }, () => createPractitioner(b)));
    const id = await scheduled(a, organiser, new Date(Date.now() + HOUR + 3 * SECOND));
    await registerAll(c, people, id);
    const everyone = [organiser, ...people];
    await eventually(async () => (await reminders(a, everyone, id)).every((n) => n > 0));
    await sleep(1500); // every instance keeps polling: nothing more comes
    expect(await reminders(b, everyone, id)).toEqual(everyone.map(() => 1));
    const [row] = await a.database.dataSource.query(
      `SELECT count(*)::int AS n FROM live_event_reminder WHERE "eventId" = $1`,
      [fromGlobalId(id).id],
    );
    expect(row.n).toBe(everyone.length);
    // A redelivery of the same reminder (a lease run out, a retry) writes and notifies nothing more.
    const redelivered = await a.database.dataSource.query(
      `UPDATE outbox_event SET "processedAt" = NULL, "consumersDone" = '{}', "availableAt" = now()
        WHERE type = 'live-event.reminder-due' AND payload->>'liveEventId' = $1 RETURNING id`,
      [fromGlobalId(id).id],
    );
    expect(redelivered[0]).toHaveLength(1); // [rows, count]
    await eventually(async () => {
      const [left] = await a.database.dataSource.query(
        `SELECT count(*)::int AS n FROM outbox_event WHERE "processedAt" IS NULL AND type = 'live-event.reminder-due'`,
      );
      return left.n === 0;
    });
    await sleep(1000);
    expect(await reminders(c, everyone, id)).toEqual(everyone.map(() => 1));
  });

  it('an instance stopped before the reminder falls due loses nothing: a restarted one sends it, once', async () => {
    // Under load the reminder may fall due while the first instance stops, after it claimed the event: a
    // short lease hands that claim to the restarted instance within the wait below (the default is 30 s).
    const LEASE = { OUTBOX_LEASE_SECONDS: '2' };
    const first = await start(LEASE);
    const organiser = await createPractitioner(first, { role: Role.EXPERT });
    const people = await Promise.all(Array.from({ length: 3 }, () => createPractitioner(first)));
    const startsAt = new Date(Date.now() + HOUR + 2 * SECOND);
    const id = await scheduled(first, organiser, startsAt);
    await registerAll(first, people, id);
    await first.stop();
    servers.splice(servers.indexOf(first), 1);
    // Nobody runs while it falls due; then an instance (re)starts.
    await sleep(Math.max(0, startsAt.getTime() - HOUR - Date.now()) + 1000);
    const restarted = await start(LEASE);
    const everyone = [organiser, ...people];
    await eventually(async () => (await reminders(restarted, everyone, id)).every((n) => n > 0));
    // And a second restart does not repeat it.
    const again = await start(LEASE);
    await sleep(1500);
    expect(await reminders(again, everyone, id)).toEqual(everyone.map(() => 1));
  });
});

const redisUrl = process.env.REDIS_URL;
if (pgBase && !redisUrl)
  console.warn(
    'live-event-reminder-instances.test.ts: liveEventChanged across instances SKIPPED (no REDIS_URL).',
  );
const describeRedis = pgBase && redisUrl ? describe : describe.skip;

describeRedis('liveEventChanged across instances (one PostgreSQL, one Redis)', () => {
  const prefix = `praxis-test-${crypto.randomBytes(4).toString('hex')}:`;
  let db: { url: string; drop: () => Promise<void> };
  let a: TestServer;
  let b: TestServer;
  let redis: Redis;
  const clients: Client[] = [];
  beforeAll(async () => {
    db = await freshPostgresDatabase(pgBase!);
    const env = { ...ENV, REDIS_URL: redisUrl!, REDIS_PREFIX: prefix };
    a = await startTestServer(env, { databaseUrl: db.url });
    b = await startTestServer(env, { databaseUrl: db.url });
    redis = new Redis(redisUrl!);
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.dispose()));
    await a?.stop();
    await b?.stop();
    await db?.drop();
    redis?.disconnect();
  });

  it('a subscriber on A is told of an event started through B, and of its automatic end', async () => {
    const organiser = await createPractitioner(a, { role: Role.EXPERT });
    const participant = await createPractitioner(a);
    // Ended 2 hours minus 2 seconds ago: once started, it ends by itself 2 seconds later.
    const id = await scheduled(b, organiser, new Date(Date.now() - 3 * HOUR));
    ok(
      await gql(
        b,
        `mutation($i: UpdateLiveEventInput!) { updateLiveEvent(input: $i) { liveEvent { id } } }`,
        { i: { id, endsAt: new Date(Date.now() - 2 * HOUR + 2 * SECOND).toISOString() } },
        { token: organiser.accessToken },
      ),
    );
    await registerAll(b, [participant], id);
    const ws = connectWs(a, participant.accessToken);
    clients.push(ws.client);
    await ws.connected;
    const statuses: string[] = [];
    const errors: unknown[] = [];
    ws.client.subscribe(
      { query: `subscription($id: ID!) { liveEventChanged(eventId: $id) { status } }`, variables: { id } },
      {
        next: (v) => {
          const data = (v as { data?: { liveEventChanged?: { status: string } } }).data;
          if (data?.liveEventChanged) statuses.push(data.liveEventChanged.status);
          if ((v as { errors?: unknown[] }).errors) errors.push(...(v as { errors: unknown[] }).errors);
        },
        error: (e) => errors.push(e),
        complete: () => undefined,
      },
    );
    await redisSubscribers(redis, `${prefix}LIVE_EVENT_CHANGED`);
    ok(
      await gql(
        b,
        `mutation($i: StartLiveEventInput!) { startLiveEvent(input: $i) { liveEvent { id } } }`,
        { i: { id } },
        { token: organiser.accessToken },
      ),
    );
    await eventually(async () => statuses.length >= 2);
    expect(errors).toEqual([]);
    expect(statuses).toEqual(['LIVE', 'ENDED']);
  });
});
