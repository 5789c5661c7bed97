import { startTestServer } from '../helpers/server';
import type { TestServer } from '../helpers/server';
import { codes, gql, ok } from '../helpers/graphql';
import { AUTH_FIELDS } from '../helpers/factories';
import { connectWs, wsExecute } from '../helpers/ws';
import { hashRefreshToken } from '../../src/common/auth/tokens';

// The server's own log lines, captured while a full run goes through sign-up, sign-in, refresh, failing
// statements and WebSocket operations at the most verbose levels; no secret or personal datum may appear.
describe.each(['debug', 'trace'])('logs at LOG_LEVEL=%s', (level) => {
  let server: TestServer;
  const lines: string[] = [];
  beforeAll(async () => {
    server = await startTestServer({ LOG_LEVEL: level }, { logs: { write: (line) => lines.push(line) } });
  });
  afterAll(() => server.stop());

  const REGISTER = 'mutation($i: RegisterInput!) { register(input: $i) { accepted } }';
  const LOGIN = `mutation($i: LoginInput!) { login(input: $i) { ${AUTH_FIELDS} } }`;
  const REFRESH = `mutation($t: String!) { refreshSession(input: { refreshToken: $t }) { ${AUTH_FIELDS} } }`;
  const PROFILE =
    'mutation($i: UpdateProfileInput!) { updateProfile(input: $i) { practitioner { id phone } } }';

  it('hold no password, hash, token, e-mail address or phone number, and no line is huge', async () => {
    const tag = `${level}${Date.now().toString(36)}`;
    const email = `log.secret.${tag}@example.org`;
    const password = `Pw-${tag}-correct horse battery`;
    const failingEmail = `log.failing.${tag}@example.org`;
    const failingPassword = `Pw-${tag}-failing staple`;
    const phone = '+227 20 72 31 99';
    const failingPhone = '+227 96 55 44 17';
    const registration = (e: string, p: string) => ({
      i: { email: e, password: p, displayName: 'Log Tester', countryCode: 'NE', profession: 'ACADEMIC' },
    });

    ok(await gql(server, REGISTER, registration(email, password)));
    const login = ok(await gql(server, LOGIN, { i: { email, password } })).login;
    const refreshed = ok(await gql(server, REFRESH, { t: login.refreshToken })).refreshSession;
    const token = refreshed.accessToken as string;
    ok(await gql(server, PROFILE, { i: { phone } }, { token }));

    // Failing statements: an insert during `register`, an update carrying a phone number.
    const db = server.database.dataSource;
    await db.query(
      `ALTER TABLE practitioner ADD CONSTRAINT log_test_email CHECK ("email" <> '${failingEmail}') NOT VALID`,
    );
    await db.query(
      `ALTER TABLE practitioner ADD CONSTRAINT log_test_phone CHECK ("phone" IS NULL OR "phone" <> '${failingPhone}') NOT VALID`,
    );
    try {
      expect(codes(await gql(server, REGISTER, registration(failingEmail, failingPassword)))).toEqual([
        'INTERNAL_SERVER_ERROR',
      ]);
      expect(codes(await gql(server, PROFILE, { i: { phone: failingPhone } }, { token }))).toEqual([
        'INTERNAL_SERVER_ERROR',
      ]);
    } finally {
      await db.query('ALTER TABLE practitioner DROP CONSTRAINT log_test_email');
      await db.query('ALTER TABLE practitioner DROP CONSTRAINT log_test_phone');
    }
    // A failed sign-in, a bad token over HTTP and over WebSocket.
    expect(codes(await gql(server, LOGIN, { i: { email, password: failingPassword } }))).toEqual([
      'UNAUTHENTICATED',
    ]);
    const forgedToken = `forged.${tag}.token`;
    expect(codes(await gql(server, '{ me { id } }', undefined, { token: forgedToken }))).toEqual([
      'UNAUTHENTICATED',
    ]);
    expect(await connectWs(server, forgedToken).closed).toBe(4403);

    // WebSocket: connection_init with the token, an operation, errors.
    const ws = connectWs(server, token);
    await ws.connected;
    const me = await wsExecute<{ me: { email: string } }>(ws.client, '{ me { id email phone } }');
    expect(me.data?.me.email).toBe(email);
    await wsExecute(ws.client, '{ nope }');
    await wsExecute(ws.client, REGISTER, registration(email, password));
    await ws.client.dispose();

    // Client-chosen strings that reach the request log: a long operation name, path and user agent.
    const long = 'Z'.repeat(45_000); // twice in a body under MAX_BODY_BYTES
    await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'U'.repeat(8000) },
      body: JSON.stringify({ query: `query ${long} { __typename }`, operationName: long }),
    });
    await fetch(server.url.replace(/\/graphql$/, `/${'p'.repeat(8000)}`), {
      headers: { 'user-agent': 'U'.repeat(8000) },
    });
    await gql(server, 'mutation($t: String!) { logout(input: { refreshToken: $t }) { sessionEnded } }', {
      t: refreshed.refreshToken,
    });

    const text = lines.join('');
    // The run was logged, failures included (else this test proves nothing).
    expect(text).toContain('unexpected error while executing an operation');
    expect(text).toContain('"msg":"request"');
    if (level === 'trace') expect(text).toContain('"msg":"sql"');
    expect(text).toContain('sql error');

    const secrets = [
      password,
      failingPassword,
      '$argon2',
      email,
      failingEmail,
      phone,
      failingPhone,
      phone.replace(/\s/g, ''),
      login.accessToken,
      login.refreshToken,
      refreshed.accessToken,
      refreshed.refreshToken,
      hashRefreshToken(login.refreshToken),
      hashRefreshToken(refreshed.refreshToken),
      forgedToken,
    ];
    for (const secret of secrets)
      expect({ secret, found: text.includes(secret) }).toEqual({ secret, found: false });
    const longest = Math.max(...text.split('\n').map((l) => l.length));
    expect(longest).toBeLessThan(8192);
  });
});
