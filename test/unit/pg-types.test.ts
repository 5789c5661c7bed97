import pg from 'pg';
import { PG_TYPES, TIMESTAMPTZ_OID, parseTimestamptz } from '../../src/db/pg-types';
import { createDataSource } from '../../src/db/data-source';
import pino from 'pino';

// The pool's timestamptz reader (src/db/pg-types.ts) must answer exactly as node-postgres's own parser on every
// text PostgreSQL can send, fast path or not.
const reference = pg.types.getTypeParser(TIMESTAMPTZ_OID, 'text') as (text: string) => unknown;

const same = (a: unknown, b: unknown): boolean =>
  a instanceof Date && b instanceof Date ? Object.is(a.getTime(), b.getTime()) : Object.is(a, b);

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

describe('the timestamptz reader', () => {
  it('reads a UTC session’s timestamps without the general parser, to the millisecond', () => {
    const d = parseTimestamptz('2026-10-31 22:10:08.307123+00') as Date;
    expect(d).toBeInstanceOf(Date);
    expect(d.toISOString()).toBe('2026-10-31T22:10:08.307Z');
    expect((parseTimestamptz('2026-01-02 03:04:05+00') as Date).toISOString()).toBe(
      '2026-01-02T03:04:05.000Z',
    );
    expect((parseTimestamptz('0100-03-01 00:00:00.5+00') as Date).toISOString()).toBe(
      '0100-03-01T00:00:00.500Z',
    );
  });

  it('equals node-postgres’s parser on generated timestamps (every fraction length, many years)', () => {
    let checked = 0;
    for (let i = 0; i < 20_000; i++) {
      const year = [100, 999, 1000, 1969, 1970, 2000, 2026, 2038, 9999][i % 9];
      const text =
        `${pad(year, 4)}-${pad(1 + (i % 12), 2)}-${pad(1 + (i % 31), 2)} ` +
        `${pad(i % 24, 2)}:${pad((i * 7) % 60, 2)}:${pad((i * 13) % 60, 2)}` +
        (i % 7 === 6 ? '' : `.${pad((i * 7919) % 1_000_000, 6).slice(0, 1 + (i % 6))}`) +
        '+00';
      expect(same(parseTimestamptz(text), reference(text))).toBe(true);
      checked++;
    }
    expect(checked).toBe(20_000);
  });

  it.each([
    '2026-10-31 22:10:08.307+01',
    '2026-10-31 22:10:08.307-05:30',
    '2026-10-31 22:10:08+05:45:12',
    '0044-03-15 12:00:00+00 BC',
    '0001-01-01 00:00:00+00',
    '0099-12-31 23:59:59.999+00',
    '12026-10-31 22:10:08+00',
    'infinity',
    '-infinity',
    '2026-10-31 22:10:08.+00',
    '2026-10-31 22:10:08.1234567+00',
    '2026-10-31 22:10:08.12a+00',
    '2026-1x-31 22:10:08+00',
    '2026-02-30 25:61:61+00',
    '2026-10-31',
    'not a timestamp',
  ])('equals node-postgres’s parser on %s', (text) => {
    expect(same(parseTimestamptz(text), reference(text))).toBe(true);
  });

  it('is the pool’s parser for timestamptz only; other types and binary keep node-postgres’s', () => {
    expect(PG_TYPES.getTypeParser(TIMESTAMPTZ_OID, 'text')).toBe(parseTimestamptz);
    expect(PG_TYPES.getTypeParser(TIMESTAMPTZ_OID)).toBe(parseTimestamptz);
    expect(PG_TYPES.getTypeParser(1114, 'text')).toBe(pg.types.getTypeParser(1114));
    expect(PG_TYPES.getTypeParser(20, 'text')).toBe(pg.types.getTypeParser(20));
    expect(PG_TYPES.getTypeParser(TIMESTAMPTZ_OID, 'binary')).toBe(
      pg.types.getTypeParser(TIMESTAMPTZ_OID, 'binary'),
    );
    // The global registry is untouched.
    expect(pg.types.getTypeParser(TIMESTAMPTZ_OID)).toBe(reference);
  });

  it('is given to the PostgreSQL pool', () => {
    const { dataSource } = createDataSource(
      {
        kind: 'postgres',
        url: 'postgres://nobody@127.0.0.1:1/none',
        replicaUrls: [],
        poolSize: 1,
        acquireTimeoutMs: 1000,
        statementTimeoutMs: 0,
        idleTimeoutMs: 1000,
      } as never,
      pino({ level: 'silent' }),
    );
    expect((dataSource.options as { extra?: { types?: unknown } }).extra?.types).toBe(PG_TYPES);
  });
});
