/**
 * Something to tell one practitioner (the payload of `notification.requested`). The platform does not know
 * the domain's kinds of notification: the notification module narrows `type` to its `NotificationType`
 * (`NotificationEvent` in src/modules/notification/notifier.ts), which producers use.
 */
export interface NotificationRequest {
  type: string;
  recipientId: string;
  /** Who caused it; never notified of their own acts, and never reaches who blocked or muted them. */
  actorId: string | null;
  /** Node type name (e.g. `Post`) and local id of what it is about. */
  subjectType?: string | null;
  subjectId?: string | null;
  decision?: string | null;
  note?: string | null;
  /** The network it happened in, if any (muting the network silences it). */
  networkId?: string | null;
}

/**
 * The catalogue of domain events: every event a unit of work may record, by type, with its payload.
 * Payloads are JSON (ids and small values, never records): they are stored in `outbox_event.payload` and
 * read back by a dispatcher, possibly on another instance, possibly after a restart.
 * docs/outbox.md lists who consumes each one.
 */
export interface DomainEvents {
  /** Notifications to write (the notification rules decide which are written: preferences, blocks, mutes, repeats). */
  'notification.requested': { notifications: NotificationRequest[] };
  /** A post became PUBLISHED (live `postPublished` subscriptions). */
  'post.published': { postId: string };
  /** A comment was added to a post (live `commentAdded` subscriptions). */
  'comment.added': { commentId: string; postId: string; authorId: string };
  /** A legal development became PUBLISHED (live subscriptions; followers of its country are notified). */
  'legal-development.published': { legalDevelopmentId: string };
  /**
   * A published legal development's jurisdiction or thematic areas were edited: it enters the home timelines
   * of the readers it now reaches, in the editing transaction (no consumer after the commit).
   */
  'legal-development.audience-changed': { legalDevelopmentId: string };
  /** A verification decision changed what the practitioner may do: their open sockets are closed (4412). */
  'practitioner.verified': { practitionerId: string; verification: string };
  /** An admin changed a practitioner's role: their open sockets are closed (4412). */
  'practitioner.role-changed': { practitionerId: string; from: string; to: string };
  /** A practitioner was suspended: their open sockets are closed (4403). */
  'practitioner.suspended': { practitionerId: string };
  /**
   * An account was deleted (its registrations are gone with it): live events whose seats it freed promote
   * their waiting lists.
   */
  'practitioner.deleted': { practitionerId: string };
  /** A session ended (logout, refresh-token reuse, lifetime): its open sockets are closed (4401). */
  'session.ended': { practitionerId: string; sessionId: string };
  /**
   * A live event changed in a way its followers see (status, times, join URL): live `liveEventChanged`
   * subscriptions. `change` says what (SCHEDULED, STARTED, ENDED, CANCELLED, TIMES, JOIN_URL, and
   * JOIN_URL_SHOWN, recorded delayed to 15 minutes before the start).
   */
  'live-event.changed': { liveEventId: string; change: string };
  /**
   * Recorded for later (`availableAt` = the start minus `leadHours`): remind the event's participants, unless
   * it is no longer SCHEDULED or LIVE or its start is no longer `startsAt` (ISO instant).
   */
  'live-event.reminder-due': { liveEventId: string; leadHours: number; startsAt: string };
  /**
   * Recorded for later (`availableAt` = the end plus the grace period): end the event if it is still LIVE
   * with this `endsAt` (ISO instant).
   */
  'live-event.end-due': { liveEventId: string; endsAt: string };
  /**
   * A message to send to one practitioner (the mail module renders and sends it). `template` names it,
   * `to` overrides the account's address (a new address being confirmed), `sealedToken` is the link's
   * token encrypted with a key derived from the server's secret (only its hash is stored elsewhere).
   */
  'mail.requested': {
    template: string;
    /** The account written to; null for a message to an address alone (`course-invitation`: `to`, params). */
    recipientId: string | null;
    to?: string | null;
    sealedToken?: string | null;
    /**
     * What the template writes besides the recipient's name (`live-event-reminder`: title, startsAt,
     * timeZone, leadHours, and `path`, the page linked as `<MAIL_LINK_BASE><path>`).
     */
    params?: Record<string, string> | null;
  };
  /**
   * A live-event question was asked or changed (live `liveEventQuestionChanged` subscriptions); `change` is a
   * LiveEventQuestionChange, `wasPublished` whether it was PUBLISHED before the change.
   */
  'live-event-question.changed': {
    questionId: string;
    eventId: string;
    change: string;
    wasPublished: boolean;
  };
  /** A member asked for an export of their data (`requestDataExport`): the account-export consumer builds it. */
  'data-export.requested': { exportId: string };
  /** A learner's progress in a course changed (live `enrollmentProgressChanged`, to that learner only). */
  'course.progress-changed': { courseId: string; enrollmentId: string; practitionerId: string };
  /** An enrolment reached 100 % (once per enrolment); certificates will be issued from it. */
  'course.completed': { courseId: string; enrollmentId: string; practitionerId: string };
  /** A machine translation was asked for (`requestTranslation`): the translation consumer calls the engine. */
  'translation.requested': { requestId: string; kind: string; contentId: string; language: string };
  /**
   * Attendance of a live event became `attended` for these practitioners (recorded by an organiser, or on
   * reading the join URL while LIVE), in the same transaction: LIVE_SESSION lessons pointing at the event
   * are completed for those of them who are approved learners (course module).
   */
  'live-event.attended': { liveEventId: string; practitionerIds: string[] };
  /**
   * Records (`type`: the Node type name) that entered their listed state (published and visible) with a
   * search indexer's pass, first indexing included: saved searches are matched against them (the
   * saved-search consumer, which also records the part of a batch beyond its bound again).
   */
  'search.indexed': { records: { type: string; recordId: string }[] };
  /**
   * Recorded for later (`availableAt` = the end of the saved search's notification interval): tell its owner
   * of the matches found since the last message, counted in one message.
   */
  'saved-search.digest-due': { savedSearchId: string };
  /**
   * Stored files that no row references any more (a library version's file replaced or removed, a
   * publication deleted), in the same transaction: the storage consumer removes them after the commit.
   */
  'storage.files-released': { keys: string[] };
}

export type EventType = keyof DomainEvents;

/** One recorded event: `id` is the event id (the outbox row's primary key), unique and stable across retries. */
export interface DomainEvent<K extends EventType = EventType> {
  id: string;
  type: K;
  payload: DomainEvents[K];
}
