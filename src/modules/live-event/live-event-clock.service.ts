import { query, raw, sql } from '../../common/db/sql';
import { columnViewer } from '../../common/auth/policy';
import { toGlobalId } from '../../common/relay/global-id';
import { NotificationType } from '../notification-type';
import type { Tx, UnitOfWork } from '../../platform/unit-of-work/unit-of-work';
import type { DomainEvent } from '../../platform/unit-of-work/events';
import type { OutboxConsumer } from '../../platform/outbox/outbox.dispatcher';
import { JOIN_URL_LEAD_MS, liveEventReadSql } from './live-event.policy';

/** Reminders go out this many hours before the start. */
export const REMINDER_LEAD_HOURS = [24, 1] as const;
/** An event left LIVE ends by itself this long after its scheduled end. */
export const AUTO_END_GRACE_MS = 2 * 60 * 60 * 1000;

const HOUR_MS = 60 * 60 * 1000;

/** What a `live-event.changed` event says changed (live `liveEventChanged` subscribers get the event). */
export type LiveEventChange =
  'SCHEDULED' | 'STARTED' | 'ENDED' | 'CANCELLED' | 'TIMES' | 'JOIN_URL' | 'JOIN_URL_SHOWN';

/**
 * Records, for later, what happens before the start: a reminder per lead time whose moment is still ahead
 * (one already passed is not sent), and a `liveEventChanged` push when the join URL starts being shown (15
 * minutes before the start). Called when an event is scheduled and when a SCHEDULED event's start moves.
 * Each reminder carries the start it was computed for, so that a reminder for a start that has moved since
 * does nothing (a push for an old start only sends the event as it is again).
 */
export function scheduleBeforeStart(tx: Tx, event: { id: string; startsAt: Date }): void {
  const now = Date.now();
  const shown = new Date(event.startsAt.getTime() - JOIN_URL_LEAD_MS);
  if (shown.getTime() > now)
    tx.record(
      'live-event.changed',
      { liveEventId: event.id, change: 'JOIN_URL_SHOWN' },
      { availableAt: shown },
    );
  for (const leadHours of REMINDER_LEAD_HOURS) {
    const at = new Date(event.startsAt.getTime() - leadHours * HOUR_MS);
    if (at.getTime() <= now) continue;
    tx.record(
      'live-event.reminder-due',
      { liveEventId: event.id, leadHours, startsAt: event.startsAt.toISOString() },
      { availableAt: at },
    );
  }
}

/** Records, for later, the automatic end of an event that has just started (its end plus the grace). */
export function scheduleAutoEnd(tx: Tx, event: { id: string; endsAt: Date }): void {
  tx.record(
    'live-event.end-due',
    { liveEventId: event.id, endsAt: event.endsAt.toISOString() },
    { availableAt: new Date(event.endsAt.getTime() + AUTO_END_GRACE_MS) },
  );
}

const REMINDER_TYPE: Record<number, NotificationType> = {
  24: NotificationType.LIVE_EVENT_REMINDER_24H,
  1: NotificationType.LIVE_EVENT_REMINDER_1H,
};

/**
 * The live-event clock: reminders and automatic ends, handed over by the outbox when they fall due (delayed
 * events, on whichever instance polls first). Both are idempotent whatever the number of deliveries: a
 * reminder writes one `live_event_reminder` row per person (its key: event, person, lead, start; `ON CONFLICT
 * DO NOTHING RETURNING`) and records the notifications of exactly the rows it wrote, in the same transaction;
 * an end only ends an event still LIVE with the same scheduled end.
 */
export class LiveEventClockService {
  constructor(private readonly uow: UnitOfWork) {}

  /**
   * Reminds the approved participants, organisers and speakers once, by notification and by e-mail (the
   * `live-event-reminder` message); returns how many were reminded. Each person is reminded only if the event
   * policy lets them see the event at this moment (liveEventReadSql, with each person as the viewer: not a
   * member of its networks any more, blocked by or blocking the organiser, verification withdrawn, event
   * hidden by a moderator...) and they are not suspended.
   */
  async remind(event: DomainEvent<'live-event.reminder-due'>['payload']): Promise<number> {
    const { liveEventId, leadHours, startsAt } = event;
    const type = REMINDER_TYPE[leadHours];
    if (!type) return 0;
    return this.uow.run(async (tx) => {
      // The event row is share-locked: a concurrent reschedule or cancellation commits first, then is seen.
      const sent = await query<{ practitionerId: string; title: string; timeZone: string }>(
        tx.manager,
        sql`WITH e AS (
              SELECT * FROM live_event
               WHERE id = ${liveEventId}::uuid AND "status" IN ('SCHEDULED', 'LIVE')
                 AND "startsAt" = ${startsAt}::timestamptz
               FOR SHARE
            ), people AS (
              SELECT r."practitionerId" FROM live_event_registration r JOIN e ON r."eventId" = e.id
               WHERE r."status" = 'APPROVED'
              UNION
              SELECT s."practitionerId" FROM live_event_speaker s JOIN e ON s."eventId" = e.id
            ), allowed AS (
              SELECT v."id" AS "practitionerId" FROM people p
                JOIN practitioner v ON v."id" = p."practitionerId"
                CROSS JOIN e
               WHERE (v."suspendedUntil" IS NULL OR v."suspendedUntil" <= now())
                 AND ${raw(liveEventReadSql(columnViewer('v'), 'e'))}
            ), sent AS (
              INSERT INTO live_event_reminder ("eventId", "practitionerId", "leadHours", "startsAt")
              SELECT ${liveEventId}::uuid, a."practitionerId", ${leadHours}, ${startsAt}::timestamptz FROM allowed a
              ON CONFLICT DO NOTHING
              RETURNING "practitionerId"
            )
            SELECT sent."practitionerId", e."title", e."timeZone" FROM sent CROSS JOIN e`,
      );
      if (sent.length) {
        tx.record('notification.requested', {
          notifications: sent.map((s) => ({
            type,
            recipientId: s.practitionerId,
            actorId: null,
            subjectType: 'LiveEvent',
            subjectId: liveEventId,
          })),
        });
        // The start is written in the event's time zone (the organiser's: practitioners store none).
        const params = {
          title: sent[0].title,
          startsAt,
          timeZone: sent[0].timeZone,
          leadHours: String(leadHours),
          path: `/live-events/${encodeURIComponent(toGlobalId('LiveEvent', liveEventId))}`,
        };
        for (const s of sent)
          tx.record('mail.requested', {
            template: 'live-event-reminder',
            recipientId: s.practitionerId,
            params,
          });
      }
      return sent.length;
    });
  }

  /** Ends the event if it is still LIVE with this scheduled end; returns whether it did. */
  async autoEnd(event: DomainEvent<'live-event.end-due'>['payload']): Promise<boolean> {
    const { liveEventId, endsAt } = event;
    return this.uow.run(async (tx) => {
      const ended = await query<{ id: string }>(
        tx.manager,
        sql`WITH ended AS (
              UPDATE live_event SET "status" = 'ENDED', "sequence" = "sequence" + 1, "updatedAt" = now()
               WHERE id = ${liveEventId}::uuid AND "status" = 'LIVE' AND "endsAt" = ${endsAt}::timestamptz
              RETURNING id)
            SELECT id FROM ended`,
      );
      if (ended.length) tx.record('live-event.changed', { liveEventId, change: 'ENDED' });
      return ended.length > 0;
    });
  }
}

/** The outbox consumer of the clock's delayed events. */
export function liveEventClockConsumer(clock: LiveEventClockService): OutboxConsumer {
  return {
    name: 'live-event-clock',
    types: ['live-event.reminder-due', 'live-event.end-due'],
    async handle(events: DomainEvent[]) {
      for (const event of events) {
        if (event.type === 'live-event.reminder-due')
          await clock.remind((event as DomainEvent<'live-event.reminder-due'>).payload);
        else if (event.type === 'live-event.end-due')
          await clock.autoEnd((event as DomainEvent<'live-event.end-due'>).payload);
      }
    },
  };
}
