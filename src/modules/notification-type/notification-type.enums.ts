import { registerEnumType } from 'type-graphql';

export enum NotificationType {
  COMMENT_ON_YOUR_POST = 'COMMENT_ON_YOUR_POST',
  REPLY_TO_YOUR_COMMENT = 'REPLY_TO_YOUR_COMMENT',
  POST_ENDORSED = 'POST_ENDORSED',
  POST_REVIEWED = 'POST_REVIEWED',
  CONTACT_REQUEST = 'CONTACT_REQUEST',
  CONTACT_ACCEPTED = 'CONTACT_ACCEPTED',
  NETWORK_JOIN_REQUEST = 'NETWORK_JOIN_REQUEST',
  NETWORK_INVITATION = 'NETWORK_INVITATION',
  VERIFICATION_DECIDED = 'VERIFICATION_DECIDED',
  LEGAL_DEVELOPMENT_IN_FOLLOWED_COUNTRY = 'LEGAL_DEVELOPMENT_IN_FOLLOWED_COUNTRY',
  MODERATION_ACTION_ON_YOUR_CONTENT = 'MODERATION_ACTION_ON_YOUR_CONTENT',
  LIVE_EVENT_INVITATION = 'LIVE_EVENT_INVITATION',
  LIVE_EVENT_REGISTRATION_DECIDED = 'LIVE_EVENT_REGISTRATION_DECIDED',
  LIVE_EVENT_PROMOTED = 'LIVE_EVENT_PROMOTED',
  LIVE_EVENT_CANCELLED = 'LIVE_EVENT_CANCELLED',
  LIVE_EVENT_CHANGED = 'LIVE_EVENT_CHANGED',
  LIVE_EVENT_REMINDER_24H = 'LIVE_EVENT_REMINDER_24H',
  LIVE_EVENT_REMINDER_1H = 'LIVE_EVENT_REMINDER_1H',
  LIVE_EVENT_QUESTION_ANSWERED = 'LIVE_EVENT_QUESTION_ANSWERED',
  DATA_EXPORT_READY = 'DATA_EXPORT_READY',
  COURSE_INVITATION = 'COURSE_INVITATION',
  COURSE_ENROLLMENT_DECIDED = 'COURSE_ENROLLMENT_DECIDED',
  COURSE_ACTIVITY_FEEDBACK = 'COURSE_ACTIVITY_FEEDBACK',
  COURSE_ENROLLMENT_REQUESTED = 'COURSE_ENROLLMENT_REQUESTED',
  SAVED_SEARCH_MATCHED = 'SAVED_SEARCH_MATCHED',
}
registerEnumType(NotificationType, {
  name: 'NotificationType',
  description: 'What a notification is about; each type can be switched off in the preferences.',
  valuesConfig: {
    COMMENT_ON_YOUR_POST: { description: 'Someone commented on your post (subject: the comment).' },
    REPLY_TO_YOUR_COMMENT: { description: 'Someone replied to your comment (subject: the reply).' },
    POST_ENDORSED: { description: 'Someone endorsed your post (subject: the post).' },
    POST_REVIEWED: {
      description: 'A moderator reviewed your post (subject: the post; `decision` and `note` say how).',
    },
    CONTACT_REQUEST: { description: 'Someone asked to become your contact (subject: the request).' },
    CONTACT_ACCEPTED: { description: 'Someone accepted your contact request (subject: the practitioner).' },
    NETWORK_JOIN_REQUEST: {
      description: 'Someone asked to join a network you own or moderate (subject: the network).',
    },
    NETWORK_INVITATION: { description: 'You were invited to a network (subject: the network).' },
    VERIFICATION_DECIDED: {
      description: 'A moderator decided on your vetting (`decision`: APPROVE or REJECT; `note`).',
    },
    LEGAL_DEVELOPMENT_IN_FOLLOWED_COUNTRY: {
      description: 'A legal development was published in a country you follow (subject: the development).',
    },
    MODERATION_ACTION_ON_YOUR_CONTENT: {
      description:
        'A moderator acted on your content or account (`decision`: the ModerationAction; `note`: why).',
    },
    LIVE_EVENT_INVITATION: { description: 'An organiser invited you to a live event (subject: the event).' },
    LIVE_EVENT_REGISTRATION_DECIDED: {
      description:
        'An organiser decided on your registration (subject: the event; `decision`: APPROVE or DECLINE).',
    },
    LIVE_EVENT_PROMOTED: {
      description: 'A seat freed and you moved from the waiting list to APPROVED (subject: the event).',
    },
    LIVE_EVENT_CANCELLED: {
      description: 'A live event you registered for was cancelled (subject: the event).',
    },
    LIVE_EVENT_CHANGED: {
      description:
        'A SCHEDULED live event you registered for moved (start, end, time zone) or got a new join URL (subject: the event).',
    },
    LIVE_EVENT_REMINDER_24H: {
      description: 'A live event you take part in starts in 24 hours (subject: the event).',
    },
    LIVE_EVENT_REMINDER_1H: {
      description: 'A live event you take part in starts in an hour (subject: the event).',
    },
    LIVE_EVENT_QUESTION_ANSWERED: {
      description:
        'A question you asked at a live event was answered (subject: the question; `decision`: LIVE or WRITTEN).',
    },
    DATA_EXPORT_READY: {
      description: 'The export of your data you asked for is ready to download (subject: the DataExport).',
    },
    COURSE_INVITATION: { description: 'A facilitator invited you to a course (subject: the course).' },
    COURSE_ENROLLMENT_DECIDED: {
      description:
        'A facilitator decided on your enrolment (subject: the course; `decision`: APPROVED or DECLINED).',
    },
    COURSE_ACTIVITY_FEEDBACK: {
      description: 'A facilitator gave feedback on your activity submission (subject: the submission).',
    },
    COURSE_ENROLLMENT_REQUESTED: {
      description:
        'A member asked to enrol in an APPROVAL course you facilitate (subject: the CourseEnrollment, PENDING).',
    },
    SAVED_SEARCH_MATCHED: {
      description:
        'New content you may open matches one of your saved searches (subject: the SavedSearch; `decision`: ' +
        'how many new results, a whole number; at most one per saved search per interval, an hour by default).',
    },
  },
});
