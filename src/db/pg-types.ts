import pg from 'pg';

/** PostgreSQL's type oid of `timestamp with time zone` (every timestamp column of the schema). */
export const TIMESTAMPTZ_OID = 1184;

/** node-postgres's own parser for it (the `postgres-date` package): every form PostgreSQL may send. */
const parseAnyTimestamptz = pg.types.getTypeParser(TIMESTAMPTZ_OID, 'text') as (text: string) => unknown;

/** Two decimal digits at `i` as a number, or -1 if either is not a digit. */
function twoDigits(text: string, i: number): number {
  const a = text.charCodeAt(i) - 48;
  const b = text.charCodeAt(i + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

/**
 * A `timestamptz` value as node-postgres gives it (a `Date`), read without regular expressions when it has the
 * form a UTC session sends: `YYYY-MM-DD HH:MM:SS[.ffffff]+00`, year 100 to 9999. Anything else (another time
 * zone's offset, BC, infinity, a year of five digits or under 100) goes to node-postgres's own parser, whose
 * answer this one equals on every value (`test/unit/pg-types.test.ts`). About three times faster: the feed's page
 * reads fifty of them.
 */
export function parseTimestamptz(text: string): unknown {
  const n = text.length;
  if (
    n >= 22 &&
    text.charCodeAt(4) === 45 && // -
    text.charCodeAt(7) === 45 &&
    text.charCodeAt(10) === 32 && // space
    text.charCodeAt(13) === 58 && // :
    text.charCodeAt(16) === 58 &&
    text.charCodeAt(n - 3) === 43 && // +00
    text.charCodeAt(n - 2) === 48 &&
    text.charCodeAt(n - 1) === 48
  ) {
    const century = twoDigits(text, 0);
    const year = twoDigits(text, 2);
    const month = twoDigits(text, 5);
    const day = twoDigits(text, 8);
    const hour = twoDigits(text, 11);
    const minute = twoDigits(text, 14);
    const second = twoDigits(text, 17);
    const end = n - 3; // where the fraction, if any, stops
    if (
      century >= 1 &&
      year >= 0 &&
      month >= 0 &&
      day >= 0 &&
      hour >= 0 &&
      minute >= 0 &&
      second >= 0 &&
      (end === 19 || (text.charCodeAt(19) === 46 && end > 20 && end <= 26))
    ) {
      // Milliseconds: the fraction's first three digits (the Date keeps no more), padded.
      let ms = 0;
      let digits = true;
      for (let i = 20; i < end; i++) {
        const c = text.charCodeAt(i) - 48;
        if (c < 0 || c > 9) digits = false;
        else if (i < 23) ms += c * (i === 20 ? 100 : i === 21 ? 10 : 1);
      }
      if (digits) return new Date(Date.UTC(century * 100 + year, month - 1, day, hour, minute, second, ms));
    }
  }
  return parseAnyTimestamptz(text);
}

/**
 * The type parsers of Praxis's PostgreSQL pool (pg's `types` option): node-postgres's, with the faster
 * `timestamptz` reader above. Scoped to the pool: the global registry of the `pg` package is left alone.
 */
export const PG_TYPES = {
  getTypeParser(oid: number, format?: 'text' | 'binary'): unknown {
    if (oid === TIMESTAMPTZ_OID && format !== 'binary') return parseTimestamptz;
    return pg.types.getTypeParser(oid, format ?? 'text');
  },
};
