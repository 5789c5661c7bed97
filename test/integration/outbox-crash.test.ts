import path from 'node:path';
import { Role } from '../../src/common/auth/role';
import { startTestServer } from '../helpers/server';
import { buildServer, ROOT, startServerProcess } from '../helpers/process';
import type { ServerProcess } from '../helpers/process';
import type { TestServer } from '../helpers/server';
import { createPractitioner } from '../helpers/factories';
import type { TestUser } from '../helpers/factories';
import { gql, ok } from '../helpers/graphql';
import { countryNetworkId } from '../helpers/networks';
import { legalInput } from '../helpers/legal';

/**
 * Issue 11: a process killed with SIGKILL right after a mutation returns, then restarted, still creates every
 * notification of that mutation, exactly once.
 *
 * PostgreSQL only. The embedded PGlite database lives inside one process: the test could not reach it while
 * the server runs (to set up users and to read the outbox), and a PGlite directory is not meant to survive
 * its process being killed mid-write, so a restart on it would test PGlite's recovery rather than the outbox.
 */
const pgBase = process.env.TEST_DATABASE_URL;
if (!pgBase)
  console.warn(
    'outbox-crash.test.ts: SKIPPED on PGlite (the embedded database lives inside the killed process); set TEST_DATABASE_URL.',
  );
const describeIf = pgBase ? describe : describe.skip;

// A build directory of its own: process.test.ts builds into .test-build and may run at the same time.
const BUILD = path.join(ROOT, '.test-build-outbox');

type Started = ServerProcess;

/** Starts the compiled server as a real process on `databaseUrl` and waits for "ready". */
const startProcess = (databaseUrl: string, env: Record<string, string>): Promise<Started> =>
  startServerProcess(BUILD, { NODE_ENV: 'test', DATABASE_URL: databaseUrl, ...env });

const INBOX = `{ notifications(first: 50) { edges { node { type subject { id } } } } }`;

async function inbox(
  server: { url: string },
  user: TestUser,
): Promise<{ type: string; subject: { id: string } }[]> {
  const res = ok(await gql(server, INBOX, {}, { token: user.accessToken }));
  return res.notifications.edges.map((e: { node: { type: string; subject: { id: string } } }) => e.node);
}

describeIf('a server killed right after a mutation (PostgreSQL)', () => {
  let setup: TestServer;
  const children: Started[] = [];

  beforeAll(async () => {
    buildServer(BUILD);
    // Users and follows are made through an in-process instance on the same database (its poll is rare
    // in tests: it does not dispatch what the killed process left).
    setup = await startTestServer();
  }, 180_000);
  afterAll(async () => {
    for (const c of children) c.child.kill('SIGKILL');
    await setup?.stop();
  });

  it('still creates every notification of that mutation after a restart, exactly once', async () => {
    const databaseUrl = setup.config.database.kind === 'postgres' ? setup.config.database.url : '';
    const expert = await createPractitioner(setup, { role: Role.EXPERT, countryCode: 'ML' });
    const followers = await Promise.all([1, 2, 3, 4].map(() => createPractitioner(setup)));
    const ne = await countryNetworkId(setup, followers[0], 'NE');
    for (const f of followers)
      ok(
        await gql(
          setup,
          `mutation($id: ID!) { follow(input: { targetId: $id }) { practitioner { id } network { id } } }`,
          { id: ne },
          { token: f.accessToken },
        ),
      );

    // OUTBOX_TEST_POLL_ONLY (honoured only with NODE_ENV=test): this process leaves what it commits to the
    // polls, and it polls only at start: nothing of the mutation can be delivered before the kill.
    const first = await startProcess(databaseUrl, {
      OUTBOX_TEST_POLL_ONLY: 'true',
      OUTBOX_POLL_INTERVAL_MS: '600000',
    });
    children.push(first);
    const published = ok(
      await gql(
        first,
        `mutation($i: ProposeLegalDevelopmentInput!) { proposeLegalDevelopment(input: $i) { legalDevelopment { id status } } }`,
        { i: legalInput({ countryCode: 'NE' }) },
        { token: expert.accessToken },
      ),
    ).proposeLegalDevelopment.legalDevelopment;
    first.child.kill('SIGKILL');
    await first.exited;
    expect(published.status).toBe('PUBLISHED');
    for (const f of followers) expect(await inbox(setup, f)).toEqual([]);

    const second = await startProcess(databaseUrl, {});
    children.push(second);
    const expected = { type: 'LEGAL_DEVELOPMENT_IN_FOLLOWED_COUNTRY', subject: { id: published.id } };
    const deadline = Date.now() + 10_000;
    let all: { type: string; subject: { id: string } }[][] = [];
    while (Date.now() < deadline) {
      all = await Promise.all(followers.map((f) => inbox(second, f)));
      if (all.every((n) => n.length > 0)) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    for (const notifications of all) expect(notifications).toEqual([expected]);
    // The event is processed: another restart delivers nothing more.
    second.child.kill('SIGKILL');
    await second.exited;
    const third = await startProcess(databaseUrl, {});
    children.push(third);
    const [row] = await setup.database.dataSource.query(
      `SELECT count(*)::int AS n FROM outbox_event WHERE "processedAt" IS NULL`,
    );
    expect(row.n).toBe(0);
    for (const f of followers) expect(await inbox(third, f)).toEqual([expected]);
  }, 60_000);
});
