import { boundString, sanitizeForLog } from '../../src/app/logging';

describe('sanitizeForLog', () => {
  it('blanks hashes, tokens, e-mail addresses and phone numbers in free text, not stack paths or versions', () => {
    const hash = '$argon2id$v=19$m=65536,t=3,p=4$c2FsdHNhbHQ$aGFzaGhhc2hoYXNo';
    const text = boundString(
      `row (${hash}, a.b@example.org, +227 20 72 31 99) Bearer abc.def eyJhbGciOi.eyJzdWIi.c2ln ` +
        'at f (/app/node_modules/@escape.tech/graphql-armor/x.js:1:2) pkg@1.2.3',
    );
    expect(text).toBe(
      'row ([hash], [email], [phone]) Bearer [token] [token] ' +
        'at f (/app/node_modules/@escape.tech/graphql-armor/x.js:1:2) pkg@1.2.3',
    );
    expect(text).not.toMatch(/c2FsdHNhbHQ|aGFzaGhh/);
  });

  it('redacts secret keys at any depth, drops statement parameters, and bounds strings and lists', () => {
    const err = Object.assign(new Error('insert failed'), {
      query: 'INSERT INTO practitioner VALUES ($1, $2)',
      parameters: ['a@b.example', '$argon2id$v=19$x'],
      driverError: { code: '23514', detail: 'Failing row contains (a@b.example)', constraint: 'c' },
    });
    const out = sanitizeForLog({
      err,
      input: { nested: { Password: 'p', refresh_token: 'r', email: 'e', phone: 'x' } },
      operationName: 'Z'.repeat(1000),
      list: Array.from({ length: 100 }, (_, i) => i),
    }) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(out.err).toMatchObject({
      type: 'Error',
      message: 'insert failed',
      code: '23514',
      constraint: 'c',
    });
    expect(out.err.sql).toBe('INSERT INTO practitioner VALUES ($1, $2)');
    expect(JSON.stringify(out.err)).not.toMatch(/a@b|argon2|Failing row/);
    expect(out.input.nested).toEqual({
      Password: '[redacted]',
      refresh_token: '[redacted]',
      email: '[redacted]',
      phone: '[redacted]',
    });
    expect(out.operationName).toBe(`${'Z'.repeat(100)}…[1000 chars]`);
    expect(out.list).toHaveLength(41);
  });
});
