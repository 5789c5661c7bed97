import { BadUserInputError } from '../errors/errors';

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Today's date in UTC, as YYYY-MM-DD. */
export function todayUtc(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}

/**
 * Checks a calendar date written YYYY-MM-DD (a real day: no 2025-02-30). With `notInFuture`, a date after
 * today (UTC, with one day of grace for time zones ahead of UTC) is refused.
 */
export function checkDate(value: string, field: string, options: { notInFuture?: string } = {}): string {
  const m = ISO_DATE.exec(value);
  const date = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : null;
  if (!m || !date || date.toISOString().slice(0, 10) !== value || Number(m[1]) < 1800)
    throw new BadUserInputError(`${field} must be a date written YYYY-MM-DD (e.g. 2024-05-31).`, [
      { field, message: 'must be a valid date written YYYY-MM-DD' },
    ]);
  if (options.notInFuture) {
    const tomorrow = todayUtc(new Date(Date.now() + 24 * 3600 * 1000));
    if (value > tomorrow)
      throw new BadUserInputError(`${field} cannot be in the future: ${options.notInFuture}`, [
        { field, message: 'cannot be in the future' },
      ]);
  }
  return value;
}

/** Checks an absolute http(s) URL of at most `max` characters; returns it trimmed. */
export function checkUrl(value: string, field: string, max = 2000): string {
  const trimmed = value.trim();
  let url: URL | null = null;
  try {
    url = new URL(trimmed);
  } catch {
    url = null;
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || !url.hostname.includes('.'))
    throw new BadUserInputError(
      `${field} must be an absolute http or https URL (e.g. https://example.org/page).`,
      [{ field, message: 'must be an absolute http(s) URL' }],
    );
  if (trimmed.length > max)
    throw new BadUserInputError(`${field} is too long (${max} characters at most).`, [
      { field, message: `must be at most ${max} characters` },
    ]);
  return trimmed;
}

/** Refuses a blank required text. */
export function checkNotBlank(value: string, field: string): string {
  const trimmed = value.trim();
  if (!trimmed)
    throw new BadUserInputError(`${field} cannot be blank.`, [{ field, message: 'cannot be blank' }]);
  return trimmed;
}

/** Refuses an explicit null for fields of a patch input that cannot be cleared. */
export function refuseNulls<T extends object>(input: T, fields: readonly (keyof T & string)[]): void {
  for (const field of fields)
    if (input[field] === null)
      throw new BadUserInputError(`${field} cannot be null.`, [{ field, message: 'cannot be null' }]);
}
