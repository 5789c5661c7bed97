import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import { startTestServer } from '../helpers/server';
import type { TestServer } from '../helpers/server';
import { gql, ok } from '../helpers/graphql';
import { startMailbox, recipients, tokenOf } from '../helpers/mail';
import type { TestMailbox } from '../helpers/mail';
import { query, sql } from '../../src/common/db/sql';

const REGISTER = `mutation($input: RegisterInput!) { register(input: $input) { accepted } }`;
const RESET = `mutation($e: String!) { requestPasswordReset(input: { email: $e }) { accepted } }`;

const registration = (over: Record<string, unknown> = {}) => ({
  email: `m.${Math.random().toString(36).slice(2, 8)}@justice.example`,
  password: 'a sufficiently long passphrase',
  displayName: 'Mariam Sow',
  countryCode: 'NE',
  profession: 'PROSECUTOR',
  ...over,
});

describe('mail over SMTP (a real SMTP server in process)', () => {
  let server: TestServer;
  let mailbox: TestMailbox;
  beforeAll(async () => {
    mailbox = await startMailbox();
    server = await startTestServer({
      SMTP_URL: mailbox.url,
      MAIL_FROM: 'Praxis <no-reply@praxis.test>',
      MAIL_LINK_BASE: 'https://app.praxis.test/',
      OUTBOX_RETRY_BASE_MS: '10',
      OUTBOX_POLL_INTERVAL_MS: '50',
    });
  });
  afterAll(async () => {
    await server.stop();
    await mailbox.stop();
  });

  it('sends the confirmation on registration: plain text and HTML, in the language, with a link', async () => {
    const input = registration({ languages: ['FR', 'EN'] });
    ok(await gql(server, REGISTER, { input }));
    const m = await mailbox.waitFor((x) => recipients(x).includes(input.email));
    expect(m.subject).toBe('Confirmez votre adresse électronique');
    expect(m.from?.text).toContain('no-reply@praxis.test');
    expect(m.text).toMatch(/https:\/\/app\.praxis\.test\/confirm-email\?token=[A-Za-z0-9_-]{43}/);
    expect(m.html).toContain('<html lang="fr"');
    expect(m.html).toContain('https://app.praxis.test/confirm-email?token=');
    expect(m.headers.get('content-language')).toBe('fr');
    // The Message-ID is the event's id: a resend would be recognisable.
    const [event] = await query<{ id: string }>(
      server.database.dataSource,
      sql`SELECT id FROM outbox_event WHERE type = 'mail.requested' AND payload->>'template' = 'confirm-email'
           ORDER BY "createdAt" DESC LIMIT 1`,
    );
    expect(m.messageId).toBe(`<${event.id}@praxis.test>`);
    // The outbox holds the token sealed only; the table holds its hash only.
    const [row] = await query<{ payload: string }>(
      server.database.dataSource,
      sql`SELECT payload::text AS payload FROM outbox_event WHERE id = ${event.id}`,
    );
    expect(row.payload).not.toContain(tokenOf(m));
  });

  it('writes Arabic right to left, and falls back to English for a member without a UN language', async () => {
    const ar = registration({ languages: ['AR'] });
    const none = registration({ languages: [] });
    ok(await gql(server, REGISTER, { input: ar }));
    ok(await gql(server, REGISTER, { input: none }));
    const mAr = await mailbox.waitFor((x) => recipients(x).includes(ar.email));
    expect(mAr.html).toContain('dir="rtl"');
    expect(mAr.subject).toBe('أكِّد عنوان بريدك الإلكتروني');
    const mEn = await mailbox.waitFor((x) => recipients(x).includes(none.email));
    expect(mEn.subject).toBe('Confirm your e-mail address');
  });

  it('retries with backoff when the SMTP server refuses, and sends once', async () => {
    const input = registration();
    ok(await gql(server, REGISTER, { input }));
    await mailbox.waitFor((x) => recipients(x).includes(input.email));
    mailbox.failNext(2);
    ok(await gql(server, RESET, { e: input.email }));
    const m = await mailbox.waitFor(
      (x) => recipients(x).includes(input.email) && x.subject === 'Reset your password',
      10_000,
    );
    expect(m.text).toContain('https://app.praxis.test/reset-password?token=');
    const [event] = await query<{ attempts: number; processed: boolean }>(
      server.database.dataSource,
      sql`SELECT attempts, "processedAt" IS NOT NULL AS processed FROM outbox_event
           WHERE id = ${m.messageId!.replace(/^<|@.*$/g, '')}`,
    );
    expect(event.attempts).toBeGreaterThanOrEqual(3);
    await new Promise((r) => setTimeout(r, 300));
    expect(mailbox.messages.filter((x) => x.messageId === m.messageId)).toHaveLength(1);
  });

  it('does not send again an event already delivered (a retry after a crash that followed the send)', async () => {
    const input = registration();
    ok(await gql(server, REGISTER, { input }));
    const m = await mailbox.waitFor((x) => recipients(x).includes(input.email));
    const eventId = m.messageId!.replace(/^<|@.*$/g, '');
    // As if the instance died after sending and before marking the event processed: it comes again.
    await query(
      server.database.dataSource,
      sql`UPDATE outbox_event SET "processedAt" = NULL, "availableAt" = now(), "consumersDone" = '{}' WHERE id = ${eventId}`,
    );
    await new Promise((r) => setTimeout(r, 400));
    const [row] = await query<{ processed: boolean }>(
      server.database.dataSource,
      sql`SELECT "processedAt" IS NOT NULL AS processed FROM outbox_event WHERE id = ${eventId}`,
    );
    expect(row.processed).toBe(true);
    expect(mailbox.messages.filter((x) => x.messageId === m.messageId)).toHaveLength(1);
  });
});

describe('mail without SMTP: .eml files', () => {
  let server: TestServer;
  let dir: string;
  const lines: string[] = [];
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'praxis-mail-'));
    server = await startTestServer(
      { MAIL_DIR: dir, LOG_LEVEL: 'info' },
      { logs: { write: (line: string) => void lines.push(line) } },
    );
  });
  afterAll(async () => {
    await server.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('writes each message as an .eml file and logs its subject and link', async () => {
    const input = registration({ languages: ['ES'] });
    ok(await gql(server, REGISTER, { input }));
    let files: string[] = [];
    for (let i = 0; i < 100 && !files.length; i++) {
      await new Promise((r) => setTimeout(r, 20));
      files = fs.readdirSync(dir).filter((f) => f.endsWith('.eml'));
    }
    expect(files).toHaveLength(1);
    const m = await simpleParser(fs.readFileSync(path.join(dir, files[0])));
    expect(recipients(m)).toEqual([input.email]);
    expect(m.subject).toBe('Confirme su dirección de correo electrónico');
    expect(m.html).toBeTruthy();
    const logged = lines.map((l) => JSON.parse(l)).find((l) => l.msg === 'mail written (no SMTP_URL)');
    expect(logged.subject).toBe(m.subject);
    expect(logged.links[0]).toBe(`http://localhost:0/confirm-email?token=${tokenOf(m)}`);
  });
});
