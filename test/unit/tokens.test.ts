import jwt from 'jsonwebtoken';
import { signAccessToken, verifyAccessToken } from '../../src/common/auth/tokens';

// Access tokens: verified ones are remembered by their full text for their secret (common/auth/tokens.ts),
// so that a client's next requests skip the HMAC. The answers must stay those of a full verification.

const SECRET = 'unit-secret-unit-secret-unit-secret-0123';
const OTHER = 'other-secret-other-secret-other-secret-01';

afterEach(() => jest.restoreAllMocks());

describe('verifyAccessToken', () => {
  it('answers a valid token’s claims, the same on later calls', () => {
    const { token } = signAccessToken({ sub: 'p1', sid: 's1' }, SECRET, 600);
    const first = verifyAccessToken(token, SECRET);
    expect(first).toEqual({ sub: 'p1', sid: 's1', exp: expect.any(Number) });
    expect(verifyAccessToken(token, SECRET)).toEqual(first);
  });

  it('refuses a remembered token once it expires, from its `exp` second on', () => {
    const { token, expiresAt } = signAccessToken({ sub: 'p2', sid: 's2' }, SECRET, 60);
    expect(verifyAccessToken(token, SECRET)).not.toBeNull();
    const now = jest.spyOn(Date, 'now');
    now.mockReturnValue(expiresAt.getTime() - 1);
    expect(verifyAccessToken(token, SECRET)).not.toBeNull();
    now.mockReturnValue(expiresAt.getTime());
    expect(verifyAccessToken(token, SECRET)).toBeNull();
    // And stays refused (it was dropped, and a full verification refuses it too).
    expect(verifyAccessToken(token, SECRET)).toBeNull();
    now.mockRestore();
    expect(verifyAccessToken(token, SECRET)).not.toBeNull(); // the clock is back: valid again
  });

  it('refuses a token whose text differs from a remembered one, however little', () => {
    const { token } = signAccessToken({ sub: 'p3', sid: 's3' }, SECRET, 600);
    expect(verifyAccessToken(token, SECRET)).not.toBeNull();
    const [header, payload, signature] = token.split('.');
    const flipped = signature[0] === 'A' ? 'B' : 'A';
    expect(verifyAccessToken(`${header}.${payload}.${flipped}${signature.slice(1)}`, SECRET)).toBeNull();
    const claims = Buffer.from(JSON.stringify({ ...(jwt.decode(token) as object), sub: 'p-other' })).toString(
      'base64url',
    );
    expect(verifyAccessToken(`${header}.${claims}.${signature}`, SECRET)).toBeNull();
  });

  it('does not accept a token remembered under another secret', () => {
    const { token } = signAccessToken({ sub: 'p4', sid: 's4' }, SECRET, 600);
    expect(verifyAccessToken(token, SECRET)).not.toBeNull();
    expect(verifyAccessToken(token, OTHER)).toBeNull();
    expect(verifyAccessToken(token, SECRET)).not.toBeNull();
  });

  it('refuses tokens of another issuer or audience, or without a session, as before', () => {
    const base = { sid: 's5' };
    const sign = (payload: object, options: jwt.SignOptions) =>
      jwt.sign(payload, SECRET, { algorithm: 'HS256', subject: 'p5', expiresIn: 600, ...options });
    expect(
      verifyAccessToken(sign(base, { issuer: 'praxis', audience: 'praxis-api' }), SECRET),
    ).not.toBeNull();
    expect(verifyAccessToken(sign(base, { issuer: 'elsewhere', audience: 'praxis-api' }), SECRET)).toBeNull();
    expect(verifyAccessToken(sign(base, { issuer: 'praxis', audience: 'elsewhere' }), SECRET)).toBeNull();
    expect(verifyAccessToken(sign({}, { issuer: 'praxis', audience: 'praxis-api' }), SECRET)).toBeNull();
    expect(verifyAccessToken('not.a.token', SECRET)).toBeNull();
  });
});
