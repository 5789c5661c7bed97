import type { EntityManager } from 'typeorm';
import { LiveEventEntity, LiveEventRegistrationEntity, LiveEventSpeakerEntity } from './live-event.entity';
import {
  LiveEventStatus,
  LiveEventVisibility,
  RegistrationPolicy,
  RegistrationStatus,
  SpeakerRole,
} from './live-event.enums';
import {
  LiveEventAttendanceEntity,
  LiveEventRecordingEntity,
  LiveEventTranscriptEntity,
} from './live-event-materials.entity';
import {
  LiveEventQuestionCommentEntity,
  LiveEventQuestionEntity,
  LiveEventQuestionUpvoteEntity,
} from './live-event-question.entity';
import { LiveEventQuestionAnswerMode, LiveEventQuestionStatus } from './live-event-question.enums';

const DAY = 24 * 3600_000;

/** Who the demo events are given to (ids of demo accounts). */
export interface LiveEventDemoPeople {
  /** Organises both events (an expert). */
  organizerId: string;
  /** Chairs them (a moderator). */
  moderatorId: string;
  /** Registered members, in order: the first ones get the seats, the last waits. */
  participantIds: string[];
}

/** The demo events are at whole hours, so that calendars look tidy. */
function atHour(ms: number): Date {
  const d = new Date(ms);
  d.setUTCMinutes(0, 0, 0);
  return d;
}

async function insertEvent(
  manager: EntityManager,
  people: LiveEventDemoPeople,
  fields: Partial<LiveEventEntity>,
): Promise<LiveEventEntity> {
  const event = await manager.getRepository(LiveEventEntity).save(
    manager.create(LiveEventEntity, {
      authorId: people.organizerId,
      language: 'en',
      interpretationLanguages: ['fr', 'ar'],
      timeZone: 'Africa/Niamey',
      visibility: LiveEventVisibility.COMMUNITY,
      registrationPolicy: RegistrationPolicy.OPEN,
      countryCodes: ['NE'],
      thematicAreaCodes: ['INTERNATIONAL_COOPERATION'],
      joinUrl: 'https://video.demo.praxis.example/room',
      ...fields,
    }),
  );
  await manager.insert(LiveEventSpeakerEntity, [
    { eventId: event.id, practitionerId: people.organizerId, role: SpeakerRole.ORGANIZER, position: 0 },
    { eventId: event.id, practitionerId: people.moderatorId, role: SpeakerRole.MODERATOR, position: 1 },
  ]);
  return event;
}

/**
 * Questions on the upcoming demo event, asked by its approved participants (`askers`, at least one): a
 * published one upvoted by the others and the chair, a pinned one, an anonymous one, a pending one, and one
 * answered in writing by the chair, with a comment.
 */
async function seedDemoQuestions(
  manager: EntityManager,
  eventId: string,
  moderatorId: string,
  askers: string[],
  now: number,
): Promise<void> {
  const asker = (i: number) => askers[i % askers.length];
  const at = (minutesAgo: number) => new Date(now - minutesAgo * 60_000);
  const question = (
    minutesAgo: number,
    authorId: string,
    body: string,
    fields: Partial<LiveEventQuestionEntity> = {},
  ) =>
    manager.create(LiveEventQuestionEntity, {
      eventId,
      authorId,
      isAnonymous: false,
      language: 'en',
      body: `${body} *(demo)*`,
      status: LiveEventQuestionStatus.PUBLISHED,
      dismissReason: null,
      isPinned: false,
      upvoteCount: 0,
      publishedAt: at(minutesAgo - 5),
      answeredAt: null,
      answerMode: null,
      answer: null,
      answeredById: null,
      createdAt: at(minutesAgo),
      updatedAt: at(minutesAgo - 5),
      hiddenAt: null,
      ...fields,
    });
  const voters = [...askers.slice(1), moderatorId];
  const [upvoted, , , , answered] = await manager.getRepository(LiveEventQuestionEntity).save([
    question(
      300,
      asker(0),
      'How long does an extradition request take in your country, from the request to the surrender?',
      { upvoteCount: voters.length },
    ),
    question(240, asker(1), 'Which central authority handles **mutual legal assistance** requests?', {
      isPinned: true,
    }),
    question(180, asker(2), 'Can evidence obtained abroad by videoconference be used at trial?', {
      isAnonymous: true,
      language: 'fr',
    }),
    question(60, asker(0), 'Is dual criminality still required for terrorist offences?', {
      status: LiveEventQuestionStatus.PENDING,
      publishedAt: null,
      updatedAt: at(60),
    }),
    question(120, asker(1), 'Where can we find the model request forms?', {
      answeredAt: at(90),
      answerMode: LiveEventQuestionAnswerMode.WRITTEN,
      answer: 'The demo central authority publishes them on its page (fictitious). *(demo)*',
      answeredById: moderatorId,
      updatedAt: at(90),
    }),
  ]);
  await manager.insert(
    LiveEventQuestionUpvoteEntity,
    voters.map((practitionerId) => ({ questionId: upvoted.id, practitionerId })),
  );
  await manager.insert(LiveEventQuestionCommentEntity, {
    questionId: answered.id,
    authorId: asker(2),
    body: 'The forms exist in French and Arabic too. *(demo)*',
    createdAt: at(80),
    hiddenAt: null,
  });
}

/**
 * The demo community's two live events (clearly fictitious, "(demo)" in their titles), written in the
 * demo seed's transaction, which runs once on an empty database:
 * - an upcoming one (SCHEDULED, OPEN, capacity filled by the first participants, the last one waiting);
 * - a past one (ENDED) with recordings, transcripts in English and French, and attendance.
 */
export async function seedDemoLiveEvents(manager: EntityManager, people: LiveEventDemoPeople): Promise<void> {
  const now = Date.now();
  const seats = people.participantIds.slice(0, -1);
  const waiting = people.participantIds.slice(-1);

  const upcomingStart = atHour(now + 7 * DAY);
  const upcoming = await insertEvent(manager, people, {
    title: 'Extradition and mutual legal assistance: is cooperation satisfactory? (demo)',
    summary: 'A fictitious live event of the demo community: practitioners debate with an expert.',
    body:
      'Criminal-justice and law-enforcement officers compare how **mutual legal assistance** and ' +
      '**extradition** requests fare in practice. *Demo content.*',
    status: LiveEventStatus.SCHEDULED,
    startsAt: upcomingStart,
    endsAt: new Date(upcomingStart.getTime() + 2 * 3600_000),
    capacity: seats.length,
    registeredCount: seats.length,
    waitingCount: waiting.length,
    sequence: 1, // scheduled
  });
  await manager.insert(LiveEventRegistrationEntity, [
    ...seats.map((practitionerId) => ({
      eventId: upcoming.id,
      practitionerId,
      status: RegistrationStatus.APPROVED,
      queuedAt: null,
    })),
    ...waiting.map((practitionerId) => ({
      eventId: upcoming.id,
      practitionerId,
      status: RegistrationStatus.WAITING,
      queuedAt: new Date(now),
    })),
  ]);
  // DEMO QUESTIONS (live-event questions, issue 13): the upcoming event's questions.
  await seedDemoQuestions(manager, upcoming.id, people.moderatorId, seats, now);

  const pastStart = atHour(now - 14 * DAY);
  const past = await insertEvent(manager, people, {
    title: 'Why the legal framework against nuclear terrorism matters to every State (demo)',
    summary: 'A fictitious past live event of the demo community, with its recording and transcripts.',
    body: 'Nuclear and non-nuclear States discussed the **legal framework** against nuclear terrorism. *Demo content.*',
    thematicAreaCodes: ['CBRN_TERRORISM'],
    status: LiveEventStatus.ENDED,
    startsAt: pastStart,
    endsAt: new Date(pastStart.getTime() + 90 * 60_000),
    capacity: 50,
    registeredCount: people.participantIds.length,
    waitingCount: 0,
    sequence: 3, // scheduled, started, ended
  });
  const registrations = await manager.getRepository(LiveEventRegistrationEntity).save(
    people.participantIds.map((practitionerId) =>
      manager.create(LiveEventRegistrationEntity, {
        eventId: past.id,
        practitionerId,
        status: RegistrationStatus.APPROVED,
        queuedAt: null,
      }),
    ),
  );
  await manager.insert(LiveEventRecordingEntity, [
    {
      eventId: past.id,
      language: 'en',
      url: 'https://media.demo.praxis.example/nuclear-terrorism-en.mp4',
      title: 'Floor (English) (demo)',
      durationSeconds: 90 * 60,
    },
    {
      eventId: past.id,
      language: 'fr',
      url: 'https://media.demo.praxis.example/nuclear-terrorism-fr.mp4',
      title: 'Interprétation (français) (demo)',
      durationSeconds: 90 * 60,
    },
  ]);
  await manager.insert(LiveEventTranscriptEntity, [
    {
      eventId: past.id,
      language: 'en',
      body: '**Moderator:** Welcome to this demo debate.\n\n**Expert:** The framework binds every State party. *(demo)*',
    },
    {
      eventId: past.id,
      language: 'fr',
      body: '**Modératrice :** Bienvenue à ce débat de démonstration.\n\n**Experte :** Le cadre lie chaque État partie. *(démo)*',
    },
  ]);
  await manager.insert(
    LiveEventAttendanceEntity,
    registrations.map((r, i) => ({
      registrationId: r.id,
      eventId: past.id,
      attended: i < registrations.length - 1, // the last one did not come
      attendedAt: i < registrations.length - 1 ? new Date(pastStart.getTime() + 5 * 60_000) : null,
      recordedById: people.organizerId,
    })),
  );
}
