import ical, { ICalCalendarMethod, ICalEventStatus } from 'ical-generator';
import { DateTime } from 'luxon';
import { tzlib_get_ical_block } from 'timezones-ical-library';
import { LiveEventStatus } from './live-event.enums';
import type { RegistrationStatus } from './live-event.enums';
import type { LiveEventEntity } from './live-event.entity';

/** The domain of every event's UID (`<event uuid>@<domain>`) and of the organiser's no-reply address. */
export const CALENDAR_DOMAIN = 'praxis.invalid';
/** ORGANIZER needs a calendar address (RFC 5545); members' addresses are private, so this one never delivers. */
const NO_REPLY = `no-reply@${CALENDAR_DOMAIN}`;
const PRODUCT = { company: 'Praxis', product: 'Live events', language: 'EN' } as const;

/** One event of a calendar file, with what the caller may show of it. */
export interface CalendarEntry {
  event: LiveEventEntity;
  /** The organiser's display name when the reader may see their profile; left out otherwise. */
  organizerName: string | null;
  /** In a member's feed: their registration's status (X-PRAXIS-REGISTRATION). */
  registration?: RegistrationStatus;
}

/**
 * The VTIMEZONE of an IANA zone (timezones-ical-library), its TZID set to the name asked for: the library
 * answers a linked name with its target's block (Africa/Niamey → Africa/Lagos), and DTSTART's TZID must
 * match. Null when the library does not know the zone.
 */
export function vtimezone(zone: string): string | null {
  const blocks = tzlib_get_ical_block(zone);
  const block = Array.isArray(blocks) ? blocks[0] : null;
  if (!block || !/^TZID:/m.test(block)) return null;
  return block
    .replace(/^TZID:.*$/m, `TZID:${zone}`)
    .replace(/^X-LIC-LOCATION:.*$/m, `X-LIC-LOCATION:${zone}`);
}

/** The stable UID of an event: it never changes, whatever is edited. */
export function calendarUid(eventId: string): string {
  return `${eventId}@${CALENDAR_DOMAIN}`;
}

/** STATUS of the VEVENT: CANCELLED, TENTATIVE for a DRAFT, CONFIRMED otherwise. */
export function calendarStatus(status: LiveEventStatus): ICalEventStatus {
  if (status === LiveEventStatus.CANCELLED) return ICalEventStatus.CANCELLED;
  if (status === LiveEventStatus.DRAFT) return ICalEventStatus.TENTATIVE;
  return ICalEventStatus.CONFIRMED;
}

/**
 * An iCalendar (RFC 5545) text of the given events, built with ical-generator: one VTIMEZONE per zone used
 * (timezones-ical-library), DTSTART/DTEND as wall times with TZID = the event's IANA zone, DTSTAMP in UTC,
 * UID and SEQUENCE of the event, SUMMARY, DESCRIPTION (the Markdown source as plain text), STATUS, ORGANIZER
 * by name. `cancel`: METHOD:CANCEL (a cancelled event's own file); METHOD:PUBLISH otherwise. The join URL
 * is never written.
 */
export function renderCalendar(
  entries: readonly CalendarEntry[],
  options: { cancel?: boolean; name?: string } = {},
): string {
  const calendar = ical({
    prodId: PRODUCT,
    method: options.cancel ? ICalCalendarMethod.CANCEL : ICalCalendarMethod.PUBLISH,
    ...(options.name ? { name: options.name } : {}),
  });
  // No calendar-wide zone (DTSTAMP then stays in UTC); a VTIMEZONE is written for each event's zone.
  calendar.timezone({ name: null, generator: vtimezone });
  const stamp = new Date();
  for (const { event, organizerName, registration } of entries) {
    // A zone the VTIMEZONE library does not know is written in UTC (a TZID needs its VTIMEZONE).
    const zone = vtimezone(event.timeZone) ? event.timeZone : 'UTC';
    calendar.createEvent({
      id: calendarUid(event.id),
      sequence: event.sequence,
      stamp,
      start: DateTime.fromJSDate(event.startsAt, { zone }),
      end: DateTime.fromJSDate(event.endsAt, { zone }),
      ...(zone === 'UTC' ? {} : { timezone: zone }),
      summary: event.title,
      description: event.body || null,
      status: calendarStatus(event.status),
      ...(organizerName ? { organizer: { name: organizerName, email: NO_REPLY } } : {}),
      ...(registration ? { x: [['X-PRAXIS-REGISTRATION', registration]] as [string, string][] } : {}),
    });
  }
  return calendar.toString();
}
