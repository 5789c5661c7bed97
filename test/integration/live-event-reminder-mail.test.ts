import type { ParsedMail } from 'mailparser';
import { startTestServer } from '../helpers/server';
import type { TestServer } from '../helpers/server';
import { gql, ok } from '../helpers/graphql';
import { createModerator, createPractitioner } from '../helpers/factories';
import type { TestUser } from '../helpers/factories';
import { startMailbox, recipients } from '../helpers/mail';
import type { TestMailbox } from '../helpers/mail';
import { addMember, createWorkingGroup } from '../helpers/networks';
import { Role } from '../../src/common/auth/role';

// Reminders by e-mail, and who is reminded: the event policy for each person at the moment the reminder falls
// due. The real clock with a fast outbox; a real SMTP server in process.
let server: TestServer;
let mailbox: TestMailbox;
let expert: TestUser;
let moderator: TestUser;
beforeAll(async () => {
  mailbox = await startMailbox();
  server = await startTestServer({
    SMTP_URL: mailbox.url,
    MAIL_FROM: 'Praxis <no-reply@praxis.test>',
    MAIL_LINK_BASE: 'https://app.praxis.test/',
    OUTBOX_RETRY_BASE_MS: '10',
    OUTBOX_POLL_INTERVAL_MS: '200',
  });
  [expert, moderator] = await Promise.all([
    createPractitioner(server, { role: Role.EXPERT, displayName: 'Expert', languages: ['EN'] }),
    createModerator(server),
  ]);
});
afterAll(async () => {
  await server.stop();
  await mailbox.stop();
});

const SECOND = 1000;
const HOUR = 3600 * SECOND;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function scheduled(startsAt: Date, overrides: Record<string, unknown> = {}): Promise<string> {
  const created = await gql(
    server,
    `mutation($i: CreateLiveEventInput!) { createLiveEvent(input: $i) { liveEvent { id } } }`,
    {
      i: {
        title: 'Mutual legal assistance & extradition',
        floorLanguage: 'EN',
        startsAt: startsAt.toISOString(),
        endsAt: new Date(startsAt.getTime() + HOUR).toISOString(),
        timeZone: 'Asia/Tokyo',
        capacity: 10,
        registrationPolicy: 'OPEN',
        ...overrides,
      },
    },
    { token: expert.accessToken },
  );
  const id = ok(created).createLiveEvent.liveEvent.id as string;
  ok(
    await gql(
      server,
      `mutation($id: ID!) { scheduleLiveEvent(input: { id: $id }) { liveEvent { id } } }`,
      { id },
      { token: expert.accessToken },
    ),
  );
  return id;
}

async function register(user: TestUser, liveEventId: string) {
  ok(
    await gql(
      server,
      `mutation($id: ID!) { registerForLiveEvent(input: { liveEventId: $id }) { registration { status } } }`,
      { id: liveEventId },
      { token: user.accessToken },
    ),
  );
}

async function reminders(user: TestUser, eventId: string): Promise<number> {
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
}

async function eventually(check: () => Promise<boolean>, ms = 15 * SECOND): Promise<void> {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await sleep(100);
  }
}

const mailsTo = (user: TestUser): ParsedMail[] =>
  mailbox.messages.filter((m) => recipients(m).includes(user.email.toLowerCase()));

/** The time of `at` in Asia/Tokyo (UTC+9, no daylight saving) as HH:MM. */
function tokyoTime(at: Date): string {
  const t = new Date(at.getTime() + 9 * HOUR);
  return `${String(t.getUTCHours()).padStart(2, '0')}:${String(t.getUTCMinutes()).padStart(2, '0')}`;
}

describe('reminders by e-mail', () => {
  it('sends each reminded person one message in their language, the start in the event’s time zone, with a link to the event', async () => {
    const startsAt = new Date(Date.now() + HOUR + 3 * SECOND);
    const id = await scheduled(startsAt);
    const [fr, ar, zh] = await Promise.all([
      createPractitioner(server, { languages: ['FR'], displayName: 'Aïssa' }),
      createPractitioner(server, { languages: ['AR'] }),
      createPractitioner(server, { languages: ['ZH'] }),
    ]);
    for (const u of [fr, ar, zh]) await register(u, id);
    const mFr = await mailbox.waitFor((m) => recipients(m).includes(fr.email), 15 * SECOND);
    expect(mFr.subject).toBe('Rappel : Mutual legal assistance & extradition');
    expect(mFr.text).toContain('Bonjour Aïssa,');
    expect(mFr.text).toContain('commence dans 1 heure');
    expect(mFr.text).toContain(tokyoTime(startsAt));
    expect(mFr.text).toContain('(Asia/Tokyo)');
    expect(mFr.text).toContain(`https://app.praxis.test/live-events/${encodeURIComponent(id)}`);
    expect(mFr.html).toContain(`href="https://app.praxis.test/live-events/${encodeURIComponent(id)}"`);
    expect(mFr.html).toContain('Mutual legal assistance &amp; extradition'); // escaped in HTML
    expect(mFr.headers.get('content-language')).toBe('fr');
    const mAr = await mailbox.waitFor((m) => recipients(m).includes(ar.email));
    expect(mAr.html).toContain('dir="rtl"');
    expect(mAr.subject).toBe('تذكير: Mutual legal assistance & extradition');
    const mZh = await mailbox.waitFor((m) => recipients(m).includes(zh.email));
    expect(mZh.subject).toBe('提醒：Mutual legal assistance & extradition');
    expect(mZh.text).toContain('1 小时');
    // The organiser is reminded too (in English).
    const mEn = await mailbox.waitFor(
      (m) => recipients(m).includes(expert.email) && /Mutual/.test(m.subject ?? ''),
    );
    expect(mEn.subject).toBe('Reminder: Mutual legal assistance & extradition');
    expect(mEn.text).toContain('starts in 1 hour');
    // Exactly once: polls keep running and nothing more comes; a redelivered reminder event sends nothing.
    await server.database.dataSource.query(
      `UPDATE outbox_event SET "processedAt" = NULL, "availableAt" = now(), "consumersDone" = '{}'
        WHERE type = 'live-event.reminder-due' AND payload->>'startsAt' = $1`,
      [startsAt.toISOString()],
    );
    await sleep(1500);
    for (const u of [fr, ar, zh]) {
      expect(mailsTo(u)).toHaveLength(1);
      expect(await reminders(u, id)).toBe(1);
    }
  });

  it('does not remind someone who can no longer see the event: left its network, blocked, suspended', async () => {
    const group = await createWorkingGroup(server, expert, 'OPEN');
    const startsAt = new Date(Date.now() + HOUR + 4 * SECOND);
    const id = await scheduled(startsAt, { visibility: 'NETWORKS', networkIds: [group] });
    const [stays, leaves, blocked, blocker, suspended] = await Promise.all(
      Array.from({ length: 5 }, () => createPractitioner(server, { languages: ['EN'] })),
    );
    for (const u of [stays, leaves, blocked, blocker, suspended]) {
      await addMember(server, group, u);
      await register(u, id);
    }
    ok(
      await gql(
        server,
        `mutation($n: ID!) { leaveNetwork(input: { networkId: $n }) { network { id } } }`,
        { n: group },
        { token: leaves.accessToken },
      ),
    );
    const block = `mutation($id: ID!) { blockPractitioner(input: { practitionerId: $id }) { practitioner { id } } }`;
    ok(await gql(server, block, { id: blocked.id }, { token: expert.accessToken })); // the organiser blocks
    ok(await gql(server, block, { id: expert.id }, { token: blocker.accessToken })); // blocks the organiser
    ok(
      await gql(
        server,
        `mutation($i: SuspendPractitionerInput!) { suspendPractitioner(input: $i) { practitioner { id } } }`,
        { i: { id: suspended.id, reason: 'Repeated spam.' } },
        { token: moderator.accessToken },
      ),
    );
    await mailbox.waitFor(
      (m) => recipients(m).includes(stays.email) && /Reminder/.test(m.subject ?? ''),
      15 * SECOND,
    );
    // The notification and the mail are two outbox events, delivered in either order.
    await eventually(async () => (await reminders(stays, id)) === 1);
    await sleep(1000);
    for (const u of [leaves, blocked, blocker, suspended]) {
      expect(await reminders(u, id)).toBe(0);
      expect(mailsTo(u).filter((m) => /Reminder/.test(m.subject ?? ''))).toEqual([]);
    }
    const rows = await server.database.dataSource.query(
      `SELECT count(*)::int AS n FROM live_event_reminder r JOIN live_event e ON e.id = r."eventId"
        WHERE r."startsAt" = $1`,
      [startsAt.toISOString()],
    );
    expect(rows[0].n).toBe(2); // stays and the organiser
  });
});
