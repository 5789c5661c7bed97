import { startTestServer } from '../helpers/server';
import type { TestServer } from '../helpers/server';
import { codes, gql, ok } from '../helpers/graphql';
import { createPractitioner } from '../helpers/factories';
import { connectWs, wsExecute } from '../helpers/ws';
import { startMailbox, recipients, tokenOf } from '../helpers/mail';
import type { TestMailbox } from '../helpers/mail';
import { query, sql } from '../../src/common/db/sql';

const REGISTER = `mutation($input: RegisterInput!) { register(input: $input) { accepted } }`;
const LOGIN = `mutation($e: String!, $p: String!) { login(input: { email: $e, password: $p }) { accessToken refreshToken } }`;
const REQUEST = `mutation($e: String!) { requestPasswordReset(input: { email: $e }) { accepted message } }`;
const RESET = `mutation($t: String!, $p: String!) { resetPassword(input: { token: $t, newPassword: $p }) { sessionsEnded } }`;
const SECURITY = `query { mySecurityEvents(first: 50) { edges { node { kind } } } }`;
const CHANGE = `mutation($c: String!, $p: String!) { changePassword(input: { currentPassword: $c, newPassword: $p }) { sessionsEnded } }`;
const ME = `{ me { id } }`;
const NEW_PASSWORD = 'a brand new passphrase for 2027';

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

async function resetToken(email: string): Promise<string> {
  const before = mailbox.messages.length;
  ok(await gql(server, REQUEST, { e: email }));
  const m = await mailbox.waitFor(
    (x) =>
      mailbox.messages.indexOf(x) >= before &&
      recipients(x).includes(email) &&
      (x.text ?? '').includes('/reset-password?token='),
  );
  return tokenOf(m);
}

const reason = (res: { errors?: { extensions?: Record<string, unknown> }[] }) =>
  res.errors?.[0]?.extensions?.reason;

describe('password rules', () => {
  const input = (
    password: string,
    email = `r.${Math.random().toString(36).slice(2, 8)}@justice.example`,
  ) => ({
    email,
    password,
    displayName: 'Rules',
    countryCode: 'NE',
    profession: 'JUDGE',
  });

  it('refuses a short, a too long, a common password and one containing the address, with a reason', async () => {
    const cases: [string, string][] = [
      ['short pass', 'TOO_SHORT'],
      ['x'.repeat(257), 'TOO_LONG'],
      ['QWERTY123456', 'COMMON'], // in the list, whatever the case
      ['my own address amina.k@justice.example!', 'CONTAINS_EMAIL'],
    ];
    for (const [password, why] of cases) {
      const res = await gql(server, REGISTER, { input: input(password, 'amina.k@justice.example') });
      expect(codes(res)).toEqual(['BAD_USER_INPUT']);
      expect(reason(res)).toBe(why);
      expect(res.errors![0].extensions!.fields).toEqual([
        expect.objectContaining({ field: 'password', reason: why }),
      ]);
    }
  });

  it('counts characters after NFKC normalisation, and a password typed either way signs in', async () => {
    // 12 full-width letters are 12 ASCII ones after NFKC.
    const fullWidth = 'ｓｔａｐｌｅｄ　ｈｏｒｓｅ';
    const data = input(fullWidth);
    ok(await gql(server, REGISTER, { input: data }));
    ok(await gql(server, LOGIN, { e: data.email, p: 'stapled horse' }));
    ok(await gql(server, LOGIN, { e: data.email, p: fullWidth }));
    expect(reason(await gql(server, REGISTER, { input: input('ａｂｃ') }))).toBe('TOO_SHORT');
  });
});

describe('password reset', () => {
  it('answers identically whether or not the address has an account', async () => {
    const user = await createPractitioner(server);
    const known = ok(await gql(server, REQUEST, { e: user.email })).requestPasswordReset;
    const unknown = ok(await gql(server, REQUEST, { e: 'nobody-here@justice.example' })).requestPasswordReset;
    expect(unknown).toEqual(known);
    await mailbox.waitFor((x) => recipients(x).includes(user.email));
    await new Promise((r) => setTimeout(r, 200));
    expect(mailbox.messages.some((x) => recipients(x).includes('nobody-here@justice.example'))).toBe(false);
  });

  it('sets the new password, ends every session and closes open WebSockets; the token is single-use', async () => {
    const user = await createPractitioner(server);
    const second = ok(await gql(server, LOGIN, { e: user.email, p: user.password })).login;
    const ws = connectWs(server, user.accessToken);
    await ws.connected;
    const token = await resetToken(user.email);
    expect(ok(await gql(server, RESET, { t: token, p: NEW_PASSWORD })).resetPassword.sessionsEnded).toBe(2);
    expect(await ws.closed).toBe(4401);
    expect(codes(await gql(server, ME, {}, { token: user.accessToken }))).toEqual(['UNAUTHENTICATED']);
    expect(codes(await gql(server, ME, {}, { token: second.accessToken }))).toEqual(['UNAUTHENTICATED']);
    expect(codes(await gql(server, LOGIN, { e: user.email, p: user.password }))).toEqual(['UNAUTHENTICATED']);
    const fresh = ok(await gql(server, LOGIN, { e: user.email, p: NEW_PASSWORD })).login;
    expect(await securityKinds(fresh.accessToken)).toContain('PASSWORD_RESET');
    const reused = await gql(server, RESET, { t: token, p: 'yet another passphrase 42' });
    expect(codes(reused)).toEqual(['BAD_USER_INPUT']);
    expect(reason(reused)).toBe('INVALID_TOKEN');
    await mailbox.waitFor(
      (x) => recipients(x).includes(user.email) && x.subject === 'Votre mot de passe a été modifié',
    );
  });

  it('refuses forged and expired tokens, and a new password that breaks the rules (the token stays usable)', async () => {
    const user = await createPractitioner(server);
    expect(reason(await gql(server, RESET, { t: 'A'.repeat(43), p: NEW_PASSWORD }))).toBe('INVALID_TOKEN');
    expect(reason(await gql(server, RESET, { t: 'not a token', p: NEW_PASSWORD }))).toBe('INVALID_TOKEN');
    const token = await resetToken(user.email);
    expect(reason(await gql(server, RESET, { t: token, p: 'password1234' }))).toBe('COMMON');
    await query(
      server.database.dataSource,
      sql`UPDATE account_token SET "expiresAt" = now() - interval '1 second'
           WHERE purpose = 'password-reset' AND "usedAt" IS NULL AND "practitionerId" = ${user.localId}`,
    );
    expect(reason(await gql(server, RESET, { t: token, p: NEW_PASSWORD }))).toBe('INVALID_TOKEN');
    ok(await gql(server, LOGIN, { e: user.email, p: user.password }));
  });

  it('lets only one of two concurrent resets with one token win', async () => {
    const user = await createPractitioner(server);
    const token = await resetToken(user.email);
    const results = await Promise.all([
      gql(server, RESET, { t: token, p: 'first concurrent passphrase' }),
      gql(server, RESET, { t: token, p: 'second concurrent passphrase' }),
    ]);
    const won = results.filter((r) => !r.errors);
    expect(won).toHaveLength(1);
    expect(reason(results.find((r) => r.errors)!)).toBe('INVALID_TOKEN');
    const winner = results[0].errors ? 'second concurrent passphrase' : 'first concurrent passphrase';
    ok(await gql(server, LOGIN, { e: user.email, p: winner }));
  });

  it('is rate-limited per address', async () => {
    const limited = await startTestServer({ RATE_LIMIT_MAIL_PER_ACCOUNT: '2/3600' });
    try {
      for (let i = 0; i < 2; i++) ok(await gql(limited, REQUEST, { e: 'x@justice.example' }));
      expect(codes(await gql(limited, REQUEST, { e: 'X@justice.example' }))).toEqual(['RATE_LIMITED']);
      ok(await gql(limited, REQUEST, { e: 'y@justice.example' }));
    } finally {
      await limited.stop();
    }
  });
});

describe('changePassword', () => {
  it('needs the current password and ends the other sessions only', async () => {
    const user = await createPractitioner(server);
    const other = ok(await gql(server, LOGIN, { e: user.email, p: user.password })).login;
    const otherWs = connectWs(server, other.accessToken);
    await otherWs.connected;
    const wrong = await gql(
      server,
      CHANGE,
      { c: 'not my password at all', p: NEW_PASSWORD },
      { token: user.accessToken },
    );
    expect(codes(wrong)).toEqual(['BAD_USER_INPUT']);
    expect(reason(wrong)).toBe('WRONG_PASSWORD');
    const common = await gql(
      server,
      CHANGE,
      { c: user.password, p: 'Password1234' },
      { token: user.accessToken },
    );
    expect(reason(common)).toBe('COMMON');
    const res = ok(
      await gql(server, CHANGE, { c: user.password, p: NEW_PASSWORD }, { token: user.accessToken }),
    );
    expect(res.changePassword.sessionsEnded).toBe(1);
    expect(await otherWs.closed).toBe(4401);
    ok(await gql(server, ME, {}, { token: user.accessToken }));
    expect(codes(await gql(server, ME, {}, { token: other.accessToken }))).toEqual(['UNAUTHENTICATED']);
    ok(await gql(server, LOGIN, { e: user.email, p: NEW_PASSWORD }));
    // one entry for the change that happened, none for the two refused attempts
    expect((await securityKinds(user.accessToken)).filter((k) => k === 'PASSWORD_CHANGED')).toHaveLength(1);
  });

  it('refuses signed-out callers', async () => {
    expect(codes(await gql(server, CHANGE, { c: 'whatever it is', p: NEW_PASSWORD }))).toEqual([
      'UNAUTHENTICATED',
    ]);
  });
});

describe('over WebSocket', () => {
  it('answers requestPasswordReset as over HTTP, and changePassword keeps the socket of this session open', async () => {
    const user = await createPractitioner(server);
    const ws = connectWs(server, user.accessToken);
    await ws.connected;
    const http = ok(await gql(server, REQUEST, { e: 'nobody-ws@justice.example' })).requestPasswordReset;
    const overWs = await wsExecute<{ requestPasswordReset: unknown }>(ws.client, REQUEST, { e: user.email });
    expect(overWs.data?.requestPasswordReset).toEqual(http);
    const wrong = await wsExecute(ws.client, CHANGE, { c: 'not my password at all', p: NEW_PASSWORD });
    expect(wrong.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const changed = await wsExecute<{ changePassword: { sessionsEnded: number } }>(ws.client, CHANGE, {
      c: user.password,
      p: NEW_PASSWORD,
    });
    expect(changed.data?.changePassword.sessionsEnded).toBe(0);
    expect((await wsExecute<{ me: { id: string } }>(ws.client, ME)).data?.me.id).toBe(user.id);
    await ws.client.dispose();
  });
});

/** The kinds in the caller's security log, newest first. */
async function securityKinds(token: string): Promise<string[]> {
  return ok(await gql(server, SECURITY, {}, { token })).mySecurityEvents.edges.map(
    (e: { node: { kind: string } }) => e.node.kind,
  );
}
