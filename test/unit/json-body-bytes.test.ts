import { jsonBodyBytes, stringifyResult } from '../../src/app/graphql-http';

// apolloHandler sends a JSON answer as these bytes: what Apollo's default stringifier would have produced
// (`JSON.stringify(value) + '\n'`) in UTF-8, without concatenating strings first (src/app/graphql-http.ts).
describe('JSON answers as bytes', () => {
  const cases: unknown[] = [
    { data: { a: 1 } },
    { data: { names: ['中国', 'المغرب', 'Россия', 'España', 'emoji 🙂'] } },
    { errors: [{ message: 'lone \ud800 surrogate and \udfff' }] },
    { data: { big: 'x'.repeat(100_000), wide: '漢'.repeat(30_000) } },
    {},
  ];

  it.each(cases.map((value, i) => [i, value]))(
    'case %i: the bytes of Apollo’s default answer',
    (_i, value) => {
      const expected = Buffer.from(`${JSON.stringify(value)}\n`, 'utf8');
      expect(jsonBodyBytes(stringifyResult(value)).equals(expected)).toBe(true);
    },
  );

  it('encodes any string as Buffer.from would, with the newline (lone surrogates included)', () => {
    // 'é' × 1.1 M: past the one-pass limit (1,048,576 UTF-16 units), encoded in two passes; the last: exactly at
    // the limit, ending in a lone surrogate.
    for (const text of [
      '',
      'plain',
      '\ud800',
      'a\udc00b',
      '🙂'.repeat(3000),
      'é'.repeat(1_100_000),
      `${'中'.repeat(1_048_575)}\ud800`,
    ])
      expect(jsonBodyBytes(text).equals(Buffer.from(`${text}\n`, 'utf8'))).toBe(true);
  });
});
