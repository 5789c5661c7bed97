import { startTestServer } from '../helpers/server';
import type { TestServer } from '../helpers/server';
import { codes, gql, ok } from '../helpers/graphql';
import { createModerator, createPending, createPractitioner } from '../helpers/factories';
import { startMailbox, recipients, tokenOf } from '../helpers/mail';
import type { TestMailbox } from '../helpers/mail';
import { query, sql } from '../../src/common/db/sql';

const REGISTER = `mutation($input: RegisterInput!) { register(input: $input) { accepted } }`;
const LOGIN = `mutation($e: String!, $p: String!) { login(input: { email: $e, password: $p }) { accessToken practitioner { id } } }`;
const CONFIRM = `mutation($t: String!) { confirmEmail(input: { token: $t }) { emailConfirmed email } }`;
const CHANGE = `mutation($e: String!, $p: String!) { requestEmailChange(input: { newEmail: $e, currentPassword: $p }) { accepted message } }`;
const VERIFY = `mutation($id: ID!) { verifyPractitioner(input: { id: $id, decision: APPROVE }) { practitioner { id verification } } }`;
const ME = `{ me { id emailConfirmed } }`;
const NODE = `query($id: ID!) { node(id: $id) { ... on Practitioner { id emailConfirmed } } }`;

let server: TestServer;
let mailbox: TestMailbox;
beforeAll(async () => {
  mailbox = await startMailbox();
  server = await startTestServer({ SMTP_URL: mailbox.url });
});
afterAll(async () => {
  await server.stop();
  await mailbox.stop();
});

const reason = (res: { errors?: { extensions?: Record<string, unknown> }[] }) =>
  res.errors?.[0]?.extensions?.reason;

async function registerNew() {
  const input = {
    email: `c.${Math.random().toString(36).slice(2, 8)}@justice.example`,
    password: 'a sufficiently long passphrase',
    displayName: 'Chen Wei',
    countryCode: 'NE',
    profession: 'INVESTIGATOR',
    languages: ['ZH'],
  };
  ok(await gql(server, REGISTER, { input }));
  const m = await mailbox.waitFor((x) => recipients(x).includes(input.email));
  const session = ok(await gql(server, LOGIN, { e: input.email, p: input.password })).login;
  return { ...input, token: tokenOf(m), session, subject: m.subject };
}

describe('confirming the address after registration', () => {
  it('is unconfirmed until the link is used, once', async () => {
    const n = await registerNew();
    expect(n.subject).toBe('请确认您的电子邮件地址');
    const auth = { token: n.session.accessToken };
    expect(ok(await gql(server, ME, {}, auth)).me.emailConfirmed).toBe(false);
    expect(ok(await gql(server, CONFIRM, { t: n.token })).confirmEmail).toEqual({
      emailConfirmed: true,
      email: n.email,
    });
    expect(ok(await gql(server, ME, {}, auth)).me.emailConfirmed).toBe(true);
    const again = await gql(server, CONFIRM, { t: n.token });
    expect(codes(again)).toEqual(['BAD_USER_INPUT']);
    expect(reason(again)).toBe('INVALID_TOKEN');
  });

  it('refuses forged and expired tokens', async () => {
    expect(reason(await gql(server, CONFIRM, { t: 'B'.repeat(43) }))).toBe('INVALID_TOKEN');
    expect(reason(await gql(server, CONFIRM, { t: 'short' }))).toBe('INVALID_TOKEN');
    const n = await registerNew();
    await query(
      server.database.dataSource,
      sql`UPDATE account_token SET "expiresAt" = now() - interval '1 second'
           WHERE "practitionerId" = (SELECT id FROM practitioner WHERE "emailNormalized" = ${n.email})`,
    );
    expect(reason(await gql(server, CONFIRM, { t: n.token }))).toBe('INVALID_TOKEN');
  });
});

describe('vetting needs a confirmed address', () => {
  it('refuses to approve an unconfirmed account (CONFLICT, EMAIL_NOT_CONFIRMED), then approves it once confirmed', async () => {
    const moderator = await createModerator(server);
    const n = await registerNew();
    const id = n.session.practitioner.id;
    const refused = await gql(server, VERIFY, { id }, { token: moderator.accessToken });
    expect(codes(refused)).toEqual(['CONFLICT']);
    expect(reason(refused)).toBe('EMAIL_NOT_CONFIRMED');
    expect(ok(await gql(server, NODE, { id }, { token: moderator.accessToken })).node.emailConfirmed).toBe(
      false,
    );
    ok(await gql(server, CONFIRM, { t: n.token }));
    expect(
      ok(await gql(server, VERIFY, { id }, { token: moderator.accessToken })).verifyPractitioner.practitioner
        .verification,
    ).toBe('VERIFIED');
  });

  it('shows emailConfirmed to the practitioner and moderators only', async () => {
    const member = await createPractitioner(server);
    const other = await createPractitioner(server);
    const moderator = await createModerator(server);
    expect(
      ok(await gql(server, NODE, { id: member.id }, { token: other.accessToken })).node.emailConfirmed,
    ).toBeNull();
    expect(
      ok(await gql(server, NODE, { id: member.id }, { token: moderator.accessToken })).node.emailConfirmed,
    ).toBe(true);
    const pending = await createPending(server);
    expect(codes(await gql(server, NODE, { id: member.id }, { token: pending.accessToken }))).not.toContain(
      'INTERNAL_SERVER_ERROR',
    );
    expect(ok(await gql(server, NODE, { id: member.id }, { token: pending.accessToken })).node).toBeNull();
  });
});

describe('changing the address', () => {
  it('takes effect when the new address is confirmed', async () => {
    const user = await createPractitioner(server);
    const newEmail = `new.${Math.random().toString(36).slice(2, 8)}@justice.example`;
    const res = ok(await gql(server, CHANGE, { e: newEmail, p: user.password }, { token: user.accessToken }));
    expect(res.requestEmailChange.accepted).toBe(true);
    const m = await mailbox.waitFor((x) => recipients(x).includes(newEmail));
    // Not yet: the old address still signs in.
    ok(await gql(server, LOGIN, { e: user.email, p: user.password }));
    expect(ok(await gql(server, CONFIRM, { t: tokenOf(m) })).confirmEmail.email).toBe(newEmail);
    ok(await gql(server, LOGIN, { e: newEmail, p: user.password }));
    expect(codes(await gql(server, LOGIN, { e: user.email, p: user.password }))).toEqual(['UNAUTHENTICATED']);
    const log = ok(
      await gql(
        server,
        `query { mySecurityEvents(first: 50) { edges { node { kind } } } }`,
        {},
        {
          token: user.accessToken,
        },
      ),
    ).mySecurityEvents.edges.map((e: { node: { kind: string } }) => e.node.kind);
    expect(log.filter((k: string) => k === 'EMAIL_CHANGED')).toHaveLength(1);
  });

  it('needs the current password, refuses the same address, and answers a taken address as any other', async () => {
    const user = await createPractitioner(server);
    const other = await createPractitioner(server);
    const wrong = await gql(
      server,
      CHANGE,
      { e: 'fresh@justice.example', p: 'not the password' },
      { token: user.accessToken },
    );
    expect(reason(wrong)).toBe('WRONG_PASSWORD');
    expect(
      reason(
        await gql(
          server,
          CHANGE,
          { e: user.email.toUpperCase(), p: user.password },
          { token: user.accessToken },
        ),
      ),
    ).toBe('SAME_ADDRESS');
    const taken = ok(
      await gql(server, CHANGE, { e: other.email, p: user.password }, { token: user.accessToken }),
    );
    const free = ok(
      await gql(
        server,
        CHANGE,
        { e: 'free-one@justice.example', p: user.password },
        { token: user.accessToken },
      ),
    );
    expect(taken).toEqual(free);
    await mailbox.waitFor((x) => recipients(x).includes('free-one@justice.example'));
    await new Promise((r) => setTimeout(r, 200));
    expect(mailbox.messages.filter((x) => recipients(x).includes(other.email))).toHaveLength(0);
    expect(codes(await gql(server, CHANGE, { e: 'anon@justice.example', p: 'whatever it is' }))).toEqual([
      'UNAUTHENTICATED',
    ]);
  });
});

const RESEND = `mutation { resendEmailConfirmation { sent email } }`;

describe('sending the confirmation link again', () => {
  it('sends a new link to an unconfirmed account (the earlier one stops working), nothing once confirmed', async () => {
    const n = await registerNew();
    const auth = { token: n.session.accessToken };
    expect(ok(await gql(server, RESEND, {}, auth)).resendEmailConfirmation).toEqual({
      sent: true,
      email: n.email,
    });
    const m = await mailbox.waitFor((x) => recipients(x).includes(n.email) && tokenOf(x) !== n.token);
    expect(m.subject).toBe(n.subject); // the same message, in the account's language
    expect(reason(await gql(server, CONFIRM, { t: n.token }))).toBe('INVALID_TOKEN');
    expect(ok(await gql(server, CONFIRM, { t: tokenOf(m) })).confirmEmail.email).toBe(n.email);
    expect(ok(await gql(server, ME, {}, auth)).me.emailConfirmed).toBe(true);
    // Confirmed: nothing to send, and nothing is sent.
    expect(ok(await gql(server, RESEND, {}, auth)).resendEmailConfirmation).toEqual({
      sent: false,
      email: n.email,
    });
    await new Promise((r) => setTimeout(r, 300));
    expect(mailbox.messages.filter((x) => recipients(x).includes(n.email))).toHaveLength(2);
  });

  it('is for signed-in accounts, and spends the mail budget whether or not a link is sent', async () => {
    expect(codes(await gql(server, RESEND, {}))).toEqual(['UNAUTHENTICATED']);
    const limited = await startTestServer({ RATE_LIMIT_MAIL_PER_ACCOUNT: '2/3600', SMTP_URL: mailbox.url });
    try {
      const user = await createPractitioner(limited); // confirmed: nothing is sent
      for (let i = 0; i < 2; i++)
        expect(
          ok(await gql(limited, RESEND, {}, { token: user.accessToken })).resendEmailConfirmation.sent,
        ).toBe(false);
      expect(codes(await gql(limited, RESEND, {}, { token: user.accessToken }))).toEqual(['RATE_LIMITED']);
    } finally {
      await limited.stop();
    }
    // An unverified (pending) account may ask too: it is the one that needs its address confirmed.
    const pending = await createPending(server);
    expect(
      ok(await gql(server, RESEND, {}, { token: pending.accessToken })).resendEmailConfirmation.email,
    ).toBe(pending.email);
  });
});
