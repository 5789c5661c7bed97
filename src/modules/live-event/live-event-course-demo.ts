import type { Tx } from '../../platform/unit-of-work/unit-of-work';
import { LiveEventEntity, LiveEventRegistrationEntity, LiveEventSpeakerEntity } from './live-event.entity';
import {
  LiveEventStatus,
  LiveEventVisibility,
  RegistrationPolicy,
  RegistrationStatus,
  SpeakerRole,
} from './live-event.enums';
import { LiveEventAttendanceEntity } from './live-event-materials.entity';

/** Who the demo course's live session is given to (ids of demo accounts). */
export interface CourseLiveSessionDemoPeople {
  /** Organises it (the course's lecturer). */
  organizerId: string;
  /** Registered learners who attended. */
  attendeeIds: string[];
  /** Registered learners who did not come. */
  absentIds: string[];
}

/**
 * The live session of the demo course (ENDED three days ago, at a whole hour): the lecturer answers the
 * learners' questions on requests to other States. Written in the demo seed's unit of work, with
 * `live-event.attended` for its attendees as `recordLiveEventAttendance` records it (so the course's
 * LIVE_SESSION lesson is completed for them by the course module's consumer, the real path); returns the
 * event's id and title, which the course's LIVE_SESSION lesson points at.
 */
export async function seedDemoCourseLiveSession(
  tx: Tx,
  people: CourseLiveSessionDemoPeople,
): Promise<{ id: string; title: string }> {
  const { manager } = tx;
  const start = new Date(Date.now() - 3 * 24 * 3600_000);
  start.setUTCMinutes(0, 0, 0);
  const registered = [...people.attendeeIds, ...people.absentIds];
  const event = await manager.getRepository(LiveEventEntity).save(
    manager.create(LiveEventEntity, {
      authorId: people.organizerId,
      title: 'Module 3 live session: drafting a request to another State (demo)',
      summary: 'The live session of the demo course on international cooperation in criminal matters.',
      body:
        'Learners bring a draft **extradition** or **mutual legal assistance** request; the lecturer reviews ' +
        'what a central authority checks first. *Demo content.*',
      language: 'en',
      interpretationLanguages: ['fr', 'ar'],
      timeZone: 'Africa/Niamey',
      visibility: LiveEventVisibility.COMMUNITY,
      registrationPolicy: RegistrationPolicy.OPEN,
      countryCodes: [],
      thematicAreaCodes: ['INTERNATIONAL_COOPERATION'],
      joinUrl: 'https://video.demo.praxis.example/course-room',
      status: LiveEventStatus.ENDED,
      startsAt: start,
      endsAt: new Date(start.getTime() + 90 * 60_000),
      capacity: 30,
      registeredCount: registered.length,
      waitingCount: 0,
      sequence: 3, // scheduled, started, ended
    }),
  );
  await manager.insert(LiveEventSpeakerEntity, {
    eventId: event.id,
    practitionerId: people.organizerId,
    role: SpeakerRole.ORGANIZER,
    position: 0,
  });
  const registrations = await manager.getRepository(LiveEventRegistrationEntity).save(
    registered.map((practitionerId) =>
      manager.create(LiveEventRegistrationEntity, {
        eventId: event.id,
        practitionerId,
        status: RegistrationStatus.APPROVED,
        queuedAt: null,
      }),
    ),
  );
  await manager.insert(
    LiveEventAttendanceEntity,
    registrations.map((r) => {
      const attended = people.attendeeIds.includes(r.practitionerId);
      return {
        registrationId: r.id,
        eventId: event.id,
        attended,
        attendedAt: attended ? new Date(start.getTime() + 3 * 60_000) : null,
        recordedById: people.organizerId,
      };
    }),
  );
  if (people.attendeeIds.length)
    tx.record('live-event.attended', { liveEventId: event.id, practitionerIds: people.attendeeIds });
  return { id: event.id, title: event.title };
}
