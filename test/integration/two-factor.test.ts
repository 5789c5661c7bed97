import { Secret, TOTP } from 'otpauth';
import { startTestServer } from '../helpers/server';
import type { TestServer } from '../helpers/server';
import { codes, gql, ok } from '../helpers/graphql';
import type { GraphQLResponse } from '../helpers/graphql';
import { createModerator, createPractitioner } from '../helpers/factories';
import type { TestUser } from '../helpers/factories';
import { connectWs, wsExecute } from '../helpers/ws';
import { recipients, startMailbox } from '../helpers/mail';
import type { TestMailbox } from '../helpers/mail';
import { query, sql } from '../../src/common/db/sql';

const BEGIN = `mutation($p: String!) { beginTwoFactorEnrollment(input: { currentPassword: $p }) { secret otpauthUri } }`;
const CONFIRM = `mutation($c: String!) { confirmTwoFactorEnrollment(input: { code: $c }) { recoveryCodes practitioner { id twoFactorEnabled recoveryCodesLeft } } }`;
const DISABLE = `mutation($c: String!, $p: String!) { disableTwoFactor(input: { code: $c, currentPassword: $p }) { practitioner { twoFactorEnabled recoveryCodesLeft } } }`;
const REGENERATE = `mutation($c: String!) { regenerateRecoveryCodes(input: { code: $c }) { recoveryCodes practitioner { recoveryCodesLeft } } }`;
const LOGIN = `mutation($e: String!, $p: String!) { login(input: { email: $e, password: $p }) {
  accessToken refreshToken expiresAt practitioner { id } secondFactorRequired challenge challengeExpiresAt twoFactorEnrollmentRequired } }`;
const COMPLETE = `mutation($ch: String!, $c: String!) { completeLogin(input: { challenge: $ch, code: $c }) { accessToken refreshToken expiresAt practitioner { id } } }`;
const ME = `{ me { id twoFactorEnabled recoveryCodesLeft } }`;
const SECURITY = `{ mySecurityEvents(first: 50) { edges { node { kind } } } }`;
const SESSIONS = `{ mySessions(first: 5) { edges { node { id } } } }`;

const STEP_MS = 30_000;
const reason = (res: GraphQLResponse<unknown>) => res.errors?.[0]?.extensions?.reason;

/** A code of the secret `steps` time steps from now (the server accepts one step either side). */
function code(secret: string, steps = 0): string {
  const totp = new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30, algorithm: 'SHA1' });
  return totp.generate({ timestamp: Date.now() + steps * STEP_MS });
}

/** Waits out the last seconds of a time step, so that codes made for -1, 0, +1 stay valid while used. */
async function awayFromStepEdge(): Promise<void> {
  const into = Date.now() % STEP_MS;
  if (into > STEP_MS - 4000) await new Promise((r) => setTimeout(r, STEP_MS - into + 200));
}

async function securityKinds(server: TestServer, token: string): Promise<string[]> {
  const data = ok(await gql(server, SECURITY, {}, { token }));
  return data.mySecurityEvents.edges.map((e: { node: { kind: string } }) => e.node.kind);
}

/** Turns two-factor sign-in on for a user (with the code of the step before now); its secret and codes. */
async function enrol(
  server: TestServer,
  user: TestUser,
): Promise<{ secret: string; recoveryCodes: string[] }> {
  const begun = ok(await gql(server, BEGIN, { p: user.password }, { token: user.accessToken }));
  const secret = begun.beginTwoFactorEnrollment.secret;
  const confirmed = ok(await gql(server, CONFIRM, { c: code(secret, -1) }, { token: user.accessToken }));
  return { secret, recoveryCodes: confirmed.confirmTwoFactorEnrollment.recoveryCodes };
}

async function challengeOf(server: TestServer, user: TestUser): Promise<string> {
  const res = ok(await gql(server, LOGIN, { e: user.email, p: user.password }));
  expect(res.login.secondFactorRequired).toBe(true);
  return res.login.challenge;
}

describe('two-factor sign-in', () => {
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

  it('enrols with a real TOTP code: the secret is shown once and stored sealed, ten recovery codes stored hashed', async () => {
    await awayFromStepEdge();
    const user = await createPractitioner(server, { languages: ['EN'] });
    const other = await createPractitioner(server);
    const wrongPassword = await gql(
      server,
      BEGIN,
      { p: 'not my password at all' },
      { token: user.accessToken },
    );
    expect(codes(wrongPassword)).toEqual(['BAD_USER_INPUT']);
    expect(reason(wrongPassword)).toBe('WRONG_PASSWORD');
    expect(codes(await gql(server, BEGIN, { p: user.password }))).toEqual(['UNAUTHENTICATED']);
    const noEnrolment = await gql(server, CONFIRM, { c: '123456' }, { token: user.accessToken });
    expect(reason(noEnrolment)).toBe('NO_PENDING_ENROLLMENT');

    const begun = ok(await gql(server, BEGIN, { p: user.password }, { token: user.accessToken }));
    const { secret, otpauthUri } = begun.beginTwoFactorEnrollment;
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(otpauthUri).toMatch(/^otpauth:\/\/totp\/Praxis:/);
    expect(otpauthUri).toContain(`secret=${secret}`);
    const wrong = await gql(server, CONFIRM, { c: code(secret, 5) }, { token: user.accessToken });
    expect(codes(wrong)).toEqual(['BAD_USER_INPUT']);
    expect(reason(wrong)).toBe('WRONG_CODE');
    expect(ok(await gql(server, ME, {}, { token: user.accessToken })).me.twoFactorEnabled).toBe(false);

    const confirmed = ok(await gql(server, CONFIRM, { c: code(secret) }, { token: user.accessToken }));
    const { recoveryCodes, practitioner } = confirmed.confirmTwoFactorEnrollment;
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
    for (const c of recoveryCodes) expect(c).toMatch(/^[a-z2-9]{5}-[a-z2-9]{5}$/);
    expect(practitioner).toEqual({ id: user.id, twoFactorEnabled: true, recoveryCodesLeft: 10 });

    // Neither the secret nor a code is in the database as given.
    const db = server.database.dataSource;
    const [row] = await query<{ sealedSecret: string; pendingSealedSecret: string | null }>(
      db,
      sql`SELECT "sealedSecret", "pendingSealedSecret" FROM two_factor WHERE "practitionerId" = ${user.localId}`,
    );
    expect(row.pendingSealedSecret).toBeNull();
    expect(row.sealedSecret).not.toContain(secret);
    const stored = await query<{ codeHash: string }>(
      db,
      sql`SELECT "codeHash" FROM two_factor_recovery_code WHERE "practitionerId" = ${user.localId}`,
    );
    expect(stored).toHaveLength(10);
    for (const c of recoveryCodes)
      expect(stored.some((s) => s.codeHash.includes(c.replace('-', '')))).toBe(false);

    // Already on: enrolling again is a conflict; others do not see the fields.
    expect(codes(await gql(server, BEGIN, { p: user.password }, { token: user.accessToken }))).toEqual([
      'CONFLICT',
    ]);
    const seen = ok(
      await gql(
        server,
        `query($id: ID!) { node(id: $id) { ... on Practitioner { twoFactorEnabled recoveryCodesLeft } } }`,
        { id: user.id },
        { token: other.accessToken },
      ),
    );
    expect(seen.node).toEqual({ twoFactorEnabled: null, recoveryCodesLeft: null });
    expect(await securityKinds(server, user.accessToken)).toContain('SECOND_FACTOR_ENABLED');
  });

  it('signs in in two steps; the tokens work over HTTP and WebSocket; a challenge and a code work once', async () => {
    await awayFromStepEdge();
    const user = await createPractitioner(server);
    const { secret } = await enrol(server, user);

    // A wrong password gives no challenge.
    const bad = await gql(server, LOGIN, { e: user.email, p: 'a wrong password here' });
    expect(codes(bad)).toEqual(['UNAUTHENTICATED']);
    expect(bad.data).toBeNull();

    const first = ok(await gql(server, LOGIN, { e: user.email, p: user.password })).login;
    expect(first).toMatchObject({
      accessToken: null,
      refreshToken: null,
      expiresAt: null,
      practitioner: null,
      secondFactorRequired: true,
      twoFactorEnrollmentRequired: false,
    });
    expect(first.challenge).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const ttl = new Date(first.challengeExpiresAt).getTime() - Date.now();
    expect(ttl).toBeGreaterThan(4 * 60_000);
    expect(ttl).toBeLessThanOrEqual(5 * 60_000 + 2000);

    const wrong = await gql(server, COMPLETE, { ch: first.challenge, c: code(secret, 3) });
    expect(codes(wrong)).toEqual(['UNAUTHENTICATED']);
    expect(reason(wrong)).toBe('WRONG_CODE');
    const forged = await gql(server, COMPLETE, { ch: 'x'.repeat(43), c: code(secret) });
    expect(reason(forged)).toBe('INVALID_CHALLENGE');

    const now = code(secret);
    const done = ok(await gql(server, COMPLETE, { ch: first.challenge, c: now })).completeLogin;
    expect(done.practitioner.id).toBe(user.id);
    expect(ok(await gql(server, ME, {}, { token: done.accessToken })).me.id).toBe(user.id);
    const ws = connectWs(server, done.accessToken);
    await ws.connected;
    const overWs = await wsExecute<{ me: { id: string } }>(ws.client, `{ me { id } }`);
    expect(overWs.data?.me.id).toBe(user.id);
    await ws.client.dispose();
    // The refresh token rotates like one from `login`.
    ok(
      await gql(
        server,
        `mutation($t: String!) { refreshSession(input: { refreshToken: $t }) { accessToken } }`,
        {
          t: done.refreshToken,
        },
      ),
    );

    // The challenge is used up.
    const again = await gql(server, COMPLETE, { ch: first.challenge, c: code(secret, 1) });
    expect(reason(again)).toBe('INVALID_CHALLENGE');
    // The same code, on a new challenge, within its window: a replay, refused.
    const second = await challengeOf(server, user);
    const replay = await gql(server, COMPLETE, { ch: second, c: now });
    expect(codes(replay)).toEqual(['UNAUTHENTICATED']);
    expect(reason(replay)).toBe('WRONG_CODE');
    // The next step's code still works.
    ok(await gql(server, COMPLETE, { ch: second, c: code(secret, 1) }));

    const kinds = await securityKinds(server, done.accessToken);
    expect(kinds.filter((k) => k === 'SECOND_FACTOR_FAILED')).toHaveLength(2);
    expect(kinds.filter((k) => k === 'SIGNED_IN').length).toBeGreaterThanOrEqual(3);
    expect(kinds).toContain('SIGN_IN_FAILED');
  });

  it('refuses an expired challenge, and ends one after five wrong codes', async () => {
    const user = await createPractitioner(server);
    const { secret } = await enrol(server, user);
    const expired = await challengeOf(server, user);
    await query(
      server.database.dataSource,
      sql`UPDATE login_challenge SET "expiresAt" = now() - interval '1 second' WHERE "practitionerId" = ${user.localId}`,
    );
    const late = await gql(server, COMPLETE, { ch: expired, c: code(secret) });
    expect(codes(late)).toEqual(['UNAUTHENTICATED']);
    expect(reason(late)).toBe('INVALID_CHALLENGE');

    const challenge = await challengeOf(server, user);
    const reasons: unknown[] = [];
    for (let i = 0; i < 5; i++)
      reasons.push(reason(await gql(server, COMPLETE, { ch: challenge, c: '000000' })));
    expect(reasons).toEqual(['WRONG_CODE', 'WRONG_CODE', 'WRONG_CODE', 'WRONG_CODE', 'INVALID_CHALLENGE']);
    // Ended: even the right code is refused now.
    expect(reason(await gql(server, COMPLETE, { ch: challenge, c: code(secret) }))).toBe('INVALID_CHALLENGE');
    // A new sign-in works.
    ok(await gql(server, COMPLETE, { ch: await challengeOf(server, user), c: code(secret) }));
  });

  it('accepts a recovery code once, tells the account by e-mail, and can replace the codes', async () => {
    await awayFromStepEdge();
    const user = await createPractitioner(server, { languages: ['EN'] });
    const { secret, recoveryCodes } = await enrol(server, user);
    const used = recoveryCodes[3].toUpperCase().replace('-', ' ');
    const done = ok(
      await gql(server, COMPLETE, { ch: await challengeOf(server, user), c: used }),
    ).completeLogin;
    const token = done.accessToken;
    expect(ok(await gql(server, ME, {}, { token })).me.recoveryCodesLeft).toBe(9);
    const reuse = await gql(server, COMPLETE, { ch: await challengeOf(server, user), c: recoveryCodes[3] });
    expect(reason(reuse)).toBe('WRONG_CODE');
    await mailbox.waitFor(
      (m) => recipients(m).includes(user.email) && m.subject === 'A recovery code was used',
    );
    expect(await securityKinds(server, token)).toContain('RECOVERY_CODE_USED');

    // New codes need a TOTP code (a recovery code is not enough); the old codes stop working.
    const byRecovery = await gql(server, REGENERATE, { c: recoveryCodes[4] }, { token });
    expect(reason(byRecovery)).toBe('WRONG_CODE');
    const regenerated = ok(
      await gql(server, REGENERATE, { c: code(secret) }, { token }),
    ).regenerateRecoveryCodes;
    expect(regenerated.recoveryCodes).toHaveLength(10);
    expect(regenerated.practitioner.recoveryCodesLeft).toBe(10);
    expect(
      reason(await gql(server, COMPLETE, { ch: await challengeOf(server, user), c: recoveryCodes[5] })),
    ).toBe('WRONG_CODE');
    ok(await gql(server, COMPLETE, { ch: await challengeOf(server, user), c: regenerated.recoveryCodes[0] }));
    expect(await securityKinds(server, token)).toContain('RECOVERY_CODES_REGENERATED');
  });

  it('disables with the password and a fresh code; the account is told; login gives tokens again', async () => {
    await awayFromStepEdge();
    const user = await createPractitioner(server, { languages: ['EN'] });
    const { secret } = await enrol(server, user);
    const token = user.accessToken;
    const wrongPassword = await gql(
      server,
      DISABLE,
      { c: code(secret), p: 'wrong password value' },
      { token },
    );
    expect(reason(wrongPassword)).toBe('WRONG_PASSWORD');
    const wrongCode = await gql(server, DISABLE, { c: code(secret, 4), p: user.password }, { token });
    expect(reason(wrongCode)).toBe('WRONG_CODE');
    // The code used to enrol (the step before now) cannot be used again.
    const replayed = await gql(server, DISABLE, { c: code(secret, -1), p: user.password }, { token });
    expect(reason(replayed)).toBe('WRONG_CODE');
    const off = ok(
      await gql(server, DISABLE, { c: code(secret), p: user.password }, { token }),
    ).disableTwoFactor;
    expect(off.practitioner).toEqual({ twoFactorEnabled: false, recoveryCodesLeft: 0 });
    await mailbox.waitFor(
      (m) => recipients(m).includes(user.email) && m.subject === 'Two-factor sign-in was turned off',
    );
    const login = ok(await gql(server, LOGIN, { e: user.email, p: user.password })).login;
    expect(login.secondFactorRequired).toBe(false);
    expect(login.challenge).toBeNull();
    expect(login.accessToken).toEqual(expect.any(String));
    expect(await securityKinds(server, token)).toContain('SECOND_FACTOR_DISABLED');
    const again = await gql(server, DISABLE, { c: code(secret, 1), p: user.password }, { token });
    expect(reason(again)).toBe('NOT_ENABLED');
    const regenerate = await gql(server, REGENERATE, { c: code(secret, 1) }, { token });
    expect(reason(regenerate)).toBe('NOT_ENABLED');
  });
});

describe('two factors required of staff, and the rate limit on codes', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({
      REQUIRE_TWO_FACTOR_FOR_STAFF: 'true',
      RATE_LIMIT_FACTOR_PER_ACCOUNT: '4/900',
    });
  });
  afterAll(() => server.stop());

  it('lets a moderator without two factors only enrol, over HTTP and WebSocket; members are not concerned', async () => {
    await awayFromStepEdge();
    const moderator = await createModerator(server);
    const member = await createPractitioner(server);
    const login = ok(await gql(server, LOGIN, { e: moderator.email, p: moderator.password })).login;
    expect(login.twoFactorEnrollmentRequired).toBe(true);
    expect(login.secondFactorRequired).toBe(false);
    const memberLogin = ok(await gql(server, LOGIN, { e: member.email, p: member.password })).login;
    expect(memberLogin.twoFactorEnrollmentRequired).toBe(false);
    ok(await gql(server, SESSIONS, {}, { token: member.accessToken }));

    const token = moderator.accessToken;
    for (const op of [
      SESSIONS,
      `{ moderationQueue(first: 1) { edges { cursor } } }`,
      `{ countries { code } }`,
    ]) {
      const refused = await gql(server, op, {}, { token });
      expect(codes(refused)).toEqual(['FORBIDDEN']);
      expect(reason(refused)).toBe('TWO_FACTOR_REQUIRED');
    }
    expect(ok(await gql(server, ME, {}, { token })).me.twoFactorEnabled).toBe(false);
    const ws = connectWs(server, token);
    await ws.connected;
    const overWs = await wsExecute(ws.client, SESSIONS);
    expect(overWs.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((overWs.errors?.[0]?.extensions as Record<string, unknown>).reason).toBe('TWO_FACTOR_REQUIRED');

    await enrol(server, moderator);
    // Enrolled: the same session may now do the rest, and sign-in asks for the second factor.
    ok(await gql(server, SESSIONS, {}, { token }));
    expect((await wsExecute(ws.client, SESSIONS)).errors).toBeUndefined();
    await ws.client.dispose();
    const next = ok(await gql(server, LOGIN, { e: moderator.email, p: moderator.password })).login;
    expect(next.secondFactorRequired).toBe(true);
    expect(next.twoFactorEnrollmentRequired).toBe(false);
  });

  it('limits wrong codes per account across challenges (RATE_LIMITED before the fifth)', async () => {
    const user = await createPractitioner(server);
    const { secret } = await enrol(server, user);
    const results: (string | undefined)[] = [];
    for (let i = 0; i < 5; i++) {
      const challenge = await challengeOf(server, user);
      results.push(codes(await gql(server, COMPLETE, { ch: challenge, c: '999999' }))[0]);
    }
    expect(results).toEqual([
      'UNAUTHENTICATED',
      'UNAUTHENTICATED',
      'UNAUTHENTICATED',
      'UNAUTHENTICATED',
      'RATE_LIMITED',
    ]);
    const limited = await gql(server, COMPLETE, { ch: await challengeOf(server, user), c: code(secret) });
    expect(codes(limited)).toEqual(['RATE_LIMITED']);
    expect(limited.errors?.[0]?.extensions?.retryAfterSeconds).toEqual(expect.any(Number));
  });
});
