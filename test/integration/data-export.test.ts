import { strFromU8, unzipSync } from 'fflate';
import { startTestServer } from '../helpers/server';
import type { TestServer } from '../helpers/server';
import { codes, gql, ok } from '../helpers/graphql';
import { createModerator, createPending, createPractitioner } from '../helpers/factories';
import type { TestUser } from '../helpers/factories';
import { createDraft, publishPost } from '../helpers/posts';
import { addComment, notificationsDelivered } from '../helpers/moderation';
import { connectWs, wsExecute } from '../helpers/ws';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.stop());

const REQUEST = `mutation($k: String) { requestDataExport(input: { idempotencyKey: $k }) { dataExport { id status requestedAt downloadUrl } } }`;
const MINE = `query { myDataExports(first: 10) { edges { node { id status requestedAt readyAt expiresAt sizeBytes downloadUrl } } } }`;
const NODE = `query($id: ID!) { node(id: $id) { id ... on DataExport { status } } }`;
const INBOX = `query { notifications(first: 50) { edges { node { type subject { id ... on DataExport { status } } } } } }`;
const EVENTS = `query { mySecurityEvents(first: 50) { edges { node { kind } } } }`;

interface ExportView {
  id: string;
  status: string;
  readyAt: string | null;
  expiresAt: string | null;
  sizeBytes: number | null;
  downloadUrl: string | null;
}

const origin = () => new URL(server.url).origin;
const get = (path: string, headers: Record<string, string> = {}) =>
  fetch(new URL(path, origin()), { headers });

async function requestExport(user: TestUser, key?: string): Promise<string> {
  return ok(await gql(server, REQUEST, { k: key ?? null }, { token: user.accessToken })).requestDataExport
    .dataExport.id;
}

async function myExports(user: TestUser): Promise<ExportView[]> {
  return ok(await gql(server, MINE, {}, { token: user.accessToken })).myDataExports.edges.map(
    (e: { node: ExportView }) => e.node,
  );
}

/** Requests an export and waits for it to be built (the outbox consumer runs after the commit). */
async function readyExport(user: TestUser): Promise<ExportView> {
  const id = await requestExport(user);
  await notificationsDelivered(server);
  // On embedded PGlite a large build holds the event loop for seconds: let the server's keep-alive close of
  // the idle client socket arrive before the next request, which would otherwise race it ("other side closed").
  await new Promise((resolve) => setTimeout(resolve, 200));
  const found = (await myExports(user)).find((e) => e.id === id);
  expect(found?.status).toBe('READY');
  return found as ExportView;
}

async function download(url: string, headers: Record<string, string> = {}) {
  const res = await get(url, headers);
  return { res, files: res.status === 200 ? unzipSync(new Uint8Array(await res.arrayBuffer())) : null };
}

const json = (files: Record<string, Uint8Array>, name: string) => JSON.parse(strFromU8(files[name]));

describe('requestDataExport', () => {
  it('builds one zip of JSON files with a README, says so by notification and in the security log', async () => {
    const moderator = await createModerator(server);
    const me = await createPractitioner(server, {
      displayName: 'Aminata Export',
      profile: { bio: 'Prosecutor in Niamey.', phone: '+227 20 00 00 00' },
    });
    const friend = await createPractitioner(server, {
      displayName: 'Karim Contact',
      profile: { phone: '+33 1 00 00 00 00' },
    });
    const pest = await createPractitioner(server, { displayName: 'Blocked Person' });
    const postId = await publishPost(server, me, moderator, { title: 'Exported post about seizures' });
    await createDraft(server, me, { title: 'An unsent draft' });
    await addComment(server, me, postId, 'A comment I wrote.');
    const theirs = await publishPost(server, friend, moderator, { title: 'Someone else post' });
    await addComment(server, friend, theirs, 'Their own comment, not mine.');
    const contact = ok(
      await gql(
        server,
        `mutation($id: ID!) { requestContact(input: { practitionerId: $id, message: "Hello from the export test" }) { contactRequest { id } } }`,
        { id: friend.id },
        { token: me.accessToken },
      ),
    ).requestContact.contactRequest.id;
    ok(
      await gql(
        server,
        `mutation($id: ID!) { respondToContactRequest(input: { requestId: $id, accept: true }) { contactRequest { id } } }`,
        { id: contact },
        { token: friend.accessToken },
      ),
    );
    ok(
      await gql(
        server,
        `mutation($id: ID!) { follow(input: { targetId: $id }) { practitioner { id } } }`,
        { id: friend.id },
        { token: me.accessToken },
      ),
    );
    ok(
      await gql(
        server,
        `mutation($id: ID!) { blockPractitioner(input: { practitionerId: $id }) { practitioner { id } } }`,
        { id: pest.id },
        { token: me.accessToken },
      ),
    );

    const requested = ok(await gql(server, REQUEST, {}, { token: me.accessToken })).requestDataExport
      .dataExport;
    expect(requested).toMatchObject({ status: 'PENDING', downloadUrl: null });
    await notificationsDelivered(server);

    // The notification arrives, its subject the export (READY).
    const inbox = ok(await gql(server, INBOX, {}, { token: me.accessToken })).notifications.edges.map(
      (e: { node: unknown }) => e.node,
    );
    expect(inbox).toContainEqual({
      type: 'DATA_EXPORT_READY',
      subject: { id: requested.id, status: 'READY' },
    });
    const [listed] = await myExports(me);
    expect(listed).toMatchObject({ id: requested.id, status: 'READY' });
    expect(listed.downloadUrl).toMatch(/^\/exports\/[A-Za-z0-9_-]{43}\.zip$/);
    expect(listed.sizeBytes).toBeGreaterThan(0);
    const days = (Date.parse(listed.expiresAt as string) - Date.parse(listed.readyAt as string)) / 86400_000;
    expect(days).toBeCloseTo(7, 3);
    const kinds = ok(await gql(server, EVENTS, {}, { token: me.accessToken })).mySecurityEvents.edges.map(
      (e: { node: { kind: string } }) => e.node.kind,
    );
    expect(kinds).toContain('DATA_EXPORTED');

    const { res, files } = await download(listed.downloadUrl as string);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/zip');
    expect(res.headers.get('content-disposition')).toMatch(
      /^attachment; filename="praxis-data-export-\d{4}-\d{2}-\d{2}\.zip"$/,
    );
    expect(res.headers.get('cache-control')).toBe('private, no-store');
    const names = Object.keys(files as object).sort();
    expect(names).toEqual(
      [
        'README.md',
        'profile.json',
        'posts.json',
        'post-history.json',
        'comments.json',
        'endorsements-and-bookmarks.json',
        'legal-developments.json',
        'live-events.json',
        'live-event-registrations.json',
        'live-event-questions.json',
        'contacts.json',
        'follows.json',
        'blocks-and-mutes.json',
        'network-memberships.json',
        'notifications.json',
        'sessions.json',
        'security-log.json',
        'two-factor.json',
        'moderation.json',
      ].sort(),
    );
    const f = files as Record<string, Uint8Array>;
    const readme = strFromU8(f['README.md']);
    for (const name of names.filter((n) => n !== 'README.md')) expect(readme).toContain(`\`${name}\``);

    const profile = json(f, 'profile.json');
    expect(profile).toMatchObject({
      email: me.email,
      displayName: 'Aminata Export',
      bio: 'Prosecutor in Niamey.',
      phone: '+227 20 00 00 00',
    });
    expect(profile).not.toHaveProperty('passwordHash');
    const titles = json(f, 'posts.json').map((p: { title: string }) => p.title);
    expect(titles.sort()).toEqual(['An unsent draft', 'Exported post about seizures']);
    expect(json(f, 'post-history.json').map((t: { action: string }) => t.action)).toEqual(
      expect.arrayContaining(['SUBMIT']),
    );
    expect(json(f, 'comments.json').map((c: { body: string }) => c.body)).toEqual(['A comment I wrote.']);
    // Other members by public name only: never their e-mail or phone.
    const contacts = json(f, 'contacts.json');
    expect(contacts.contacts).toEqual([{ name: 'Karim Contact', since: expect.any(String) }]);
    expect(contacts.requestsSent).toEqual([
      expect.objectContaining({
        to: 'Karim Contact',
        message: 'Hello from the export test',
        status: 'ACCEPTED',
      }),
    ]);
    const everything = names.map((n) => strFromU8(f[n])).join('\n');
    expect(everything).not.toContain(friend.email);
    expect(everything).not.toContain('+33 1 00 00 00 00');
    expect(everything).not.toContain('Their own comment');
    expect(everything).not.toMatch(/tokenHash|passwordHash/);
    expect(json(f, 'follows.json').practitioners).toEqual([
      { name: 'Karim Contact', createdAt: expect.any(String) },
    ]);
    expect(json(f, 'blocks-and-mutes.json').blocked).toEqual([
      { name: 'Blocked Person', createdAt: expect.any(String) },
    ]);
    expect(json(f, 'sessions.json').length).toBeGreaterThan(0);
    expect(json(f, 'security-log.json').map((e: { kind: string }) => e.kind)).toContain('SIGNED_IN');
    expect(json(f, 'two-factor.json')).toEqual({ enabled: false, enabledAt: null, recoveryCodesLeft: 0 });
    expect(Array.isArray(json(f, 'network-memberships.json'))).toBe(true);
  });

  it('replays an idempotency key: the same export, nothing new', async () => {
    const me = await createPractitioner(server);
    const first = await requestExport(me, 'export-key-1');
    expect(await requestExport(me, 'export-key-1')).toBe(first);
    await notificationsDelivered(server);
    expect(await requestExport(me, 'export-key-1')).toBe(first);
    await notificationsDelivered(server);
    expect((await myExports(me)).map((e) => e.id)).toEqual([first]);
  });

  it('exports a member with 1,000 posts and 1,000 comments in well under a minute', async () => {
    const moderator = await createModerator(server);
    const me = await createPractitioner(server);
    const postId = await publishPost(server, me, moderator, { title: 'Seed post' });
    await addComment(server, me, postId, 'Seed comment.');
    const { dataSource } = server.database;
    // In chunks: one long statement on the embedded database holds the event loop past HTTP keep-alive.
    for (let chunk = 0; chunk < 9; chunk++) {
      await dataSource.query(
        `INSERT INTO post SELECT (jsonb_populate_record(NULL::post, to_jsonb(p) || jsonb_build_object(
         'id', gen_random_uuid(), 'title', 'Bulk post ' || g, 'body', repeat('Evidence. ', 200)))).*
       FROM post p, generate_series(1, 111) g WHERE p."authorId" = $1 AND p."title" = 'Seed post'`,
        [me.localId],
      );
      await dataSource.query(
        `INSERT INTO comment SELECT (jsonb_populate_record(NULL::comment, to_jsonb(c) || jsonb_build_object(
         'id', gen_random_uuid(), 'body', 'Bulk comment ' || g))).*
       FROM comment c, generate_series(1, 111) g WHERE c."authorId" = $1 AND c."body" = 'Seed comment.'`,
        [me.localId],
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 200)); // the keep-alive race, as in readyExport
    const started = Date.now();
    const ready = await readyExport(me);
    const ms = Date.now() - started;
    process.stdout.write(
      `data export of 1,000 posts and 1,000 comments: ${ms} ms, ${ready.sizeBytes} bytes\n`,
    );
    expect(ms).toBeLessThan(60_000);
    const { files } = await download(ready.downloadUrl as string);
    const f = files as Record<string, Uint8Array>;
    expect(json(f, 'posts.json')).toHaveLength(1000);
    expect(json(f, 'comments.json')).toHaveLength(1000);
  });

  it('answers CONFLICT while an export is PENDING', async () => {
    const me = await createPractitioner(server);
    await server.database.dataSource.query(
      `INSERT INTO data_export ("practitionerId", "status") VALUES ($1, 'PENDING')`,
      [me.localId],
    );
    const res = await gql(server, REQUEST, {}, { token: me.accessToken });
    expect(codes(res)).toEqual(['CONFLICT']);
    // A PENDING export over an hour old no longer blocks (its building was given up): FAILED.
    await server.database.dataSource.query(
      `UPDATE data_export SET "requestedAt" = now() - interval '2 hours' WHERE "practitionerId" = $1`,
      [me.localId],
    );
    await requestExport(me);
    await notificationsDelivered(server);
    expect((await myExports(me)).map((e) => e.status)).toEqual(['READY', 'FAILED']);
  });

  it('is open to pending and suspended accounts; signed-out callers are UNAUTHENTICATED', async () => {
    const pending = await createPending(server);
    await readyExport(pending);
    const suspended = await createPractitioner(server, {
      profile: { suspendedUntil: new Date(Date.now() + 86400_000), suspensionReason: 'Test.' },
    });
    await readyExport(suspended);
    // Suspended accounts still cannot change anything else.
    const other = await gql(
      server,
      `mutation { endOtherSessions { endedCount } }`,
      {},
      {
        token: suspended.accessToken,
      },
    );
    expect(codes(other)).toEqual(['FORBIDDEN']);
    expect(codes(await gql(server, REQUEST, {}))).toEqual(['UNAUTHENTICATED']);
    expect(codes(await gql(server, MINE, {}))).toEqual(['UNAUTHENTICATED']);
  });

  it('works over WebSocket too', async () => {
    const me = await createPractitioner(server);
    const ws = connectWs(server, me.accessToken);
    try {
      await ws.connected;
      const res = await wsExecute<{ requestDataExport: { dataExport: { status: string } } }>(
        ws.client,
        REQUEST,
        {},
      );
      expect(res.errors).toBeUndefined();
      expect(res.data?.requestDataExport.dataExport.status).toBe('PENDING');
      const mine = await wsExecute<{ myDataExports: { edges: unknown[] } }>(ws.client, MINE);
      expect(mine.data?.myDataExports.edges).toHaveLength(1);
    } finally {
      await ws.client.dispose();
    }
    await notificationsDelivered(server);
    expect((await myExports(me))[0].status).toBe('READY');
  });
});

describe('downloads', () => {
  it('someone else sees nothing of an export: not in their list, null through node, 404 with their token', async () => {
    const owner = await createPractitioner(server);
    const other = await createPractitioner(server);
    const ready = await readyExport(owner);
    expect(await myExports(other)).toEqual([]);
    expect(ok(await gql(server, NODE, { id: ready.id }, { token: other.accessToken })).node).toBeNull();
    expect(ok(await gql(server, NODE, { id: ready.id }, { token: owner.accessToken })).node).toEqual({
      id: ready.id,
      status: 'READY',
    });
    // The link signed in as someone else: 404, the archive is not sent.
    const asOther = await download(ready.downloadUrl as string, {
      authorization: `Bearer ${other.accessToken}`,
    });
    expect(asOther.res.status).toBe(404);
    const bad = await download(ready.downloadUrl as string, { authorization: 'Bearer not-a-token' });
    expect(bad.res.status).toBe(404);
    const asOwner = await download(ready.downloadUrl as string, {
      authorization: `Bearer ${owner.accessToken}`,
    });
    expect(asOwner.res.status).toBe(200);
    expect(json(asOwner.files as Record<string, Uint8Array>, 'profile.json').email).toBe(owner.email);
    // Unknown and malformed tokens: 404.
    for (const path of [`/exports/${'A'.repeat(43)}.zip`, '/exports/nonsense.zip', '/exports/x']) {
      expect((await get(path)).status).toBe(404);
    }
  });

  it('an expired link is 404, and the sweep deletes the archive', async () => {
    const me = await createPractitioner(server);
    const ready = await readyExport(me);
    await server.database.dataSource.query(
      `UPDATE data_export SET "expiresAt" = now() - interval '1 second' WHERE "practitionerId" = $1`,
      [me.localId],
    );
    expect((await get(ready.downloadUrl as string)).status).toBe(404);
    const [expired] = await myExports(me);
    expect(expired).toMatchObject({ status: 'EXPIRED', downloadUrl: null });
    expect(await server.services.dataExports.sweep()).toBeGreaterThanOrEqual(1);
    const rows = await server.database.dataSource.query(
      `SELECT "status", "archive", "tokenHash" FROM data_export WHERE "practitionerId" = $1`,
      [me.localId],
    );
    expect(rows).toEqual([{ status: 'EXPIRED', archive: null, tokenHash: null }]);
    expect((await get(ready.downloadUrl as string)).status).toBe(404);
  });
});

describe('rate limits', () => {
  let strict: TestServer;
  beforeAll(async () => {
    strict = await startTestServer({
      TRUST_PROXY: 'loopback',
      RATE_LIMIT_EXPORT_PER_ACCOUNT: '2/86400',
      RATE_LIMIT_DOWNLOAD_PER_ACCOUNT: '2/3600',
      RATE_LIMIT_DOWNLOAD_PER_IP: '4/3600',
    });
  });
  afterAll(() => strict.stop());

  it('limits requests per account, and downloads per token and per IP (429 with Retry-After)', async () => {
    const me = await createPractitioner(strict);
    const ask = () => gql(strict, REQUEST, {}, { token: me.accessToken });
    ok(await ask());
    await strict.services.notifications.drain();
    const second = await ask();
    expect(second.errors).toBeUndefined();
    await strict.services.notifications.drain();
    const third = await ask();
    expect(codes(third)).toEqual(['RATE_LIMITED']);
    const list = ok(await gql(strict, MINE, {}, { token: me.accessToken })).myDataExports.edges;
    expect(list).toHaveLength(2);
    const url = list[0].node.downloadUrl as string;
    const fetchFrom = (path: string, ip: string) =>
      fetch(new URL(path, new URL(strict.url).origin), { headers: { 'X-Forwarded-For': ip } });
    expect((await fetchFrom(url, '10.8.0.1')).status).toBe(200);
    expect((await fetchFrom(url, '10.8.0.2')).status).toBe(200);
    const limited = await fetchFrom(url, '10.8.0.3');
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    const ip = '10.8.1.1';
    for (let i = 0; i < 4; i++)
      expect((await fetchFrom(`/exports/${'B'.repeat(42)}${i}.zip`, ip)).status).toBe(404);
    expect((await fetchFrom(`/exports/${'C'.repeat(43)}.zip`, ip)).status).toBe(429);
  });
});
