import { registerEnumType } from 'type-graphql';

/** What a report (or a log entry) is about; stored with the target's local id (20 characters at most). */
export enum TargetType {
  POST = 'POST',
  COMMENT = 'COMMENT',
  LEGAL_DEVELOPMENT = 'LEGAL_DEVELOPMENT',
  LIVE_EVENT = 'LIVE_EVENT',
  LIVE_EVENT_QUESTION = 'LIVE_EVENT_QUESTION',
  /** A comment on a live-event question (LiveQuestionComment). */
  QUESTION_COMMENT = 'QUESTION_COMMENT',
  COURSE = 'COURSE',
  PUBLICATION = 'PUBLICATION',
  PRACTITIONER = 'PRACTITIONER',
  NETWORK = 'NETWORK',
}

/** Every kind of decision the moderation log records. */
export enum ModerationLogAction {
  VERIFICATION_APPROVED = 'VERIFICATION_APPROVED',
  VERIFICATION_REJECTED = 'VERIFICATION_REJECTED',
  POST_APPROVED = 'POST_APPROVED',
  POST_CHANGES_REQUESTED = 'POST_CHANGES_REQUESTED',
  POST_REJECTED = 'POST_REJECTED',
  POST_FEATURED = 'POST_FEATURED',
  POST_UNFEATURED = 'POST_UNFEATURED',
  REPORT_DISMISSED = 'REPORT_DISMISSED',
  CONTENT_HIDDEN = 'CONTENT_HIDDEN',
  CONTENT_RESTORED = 'CONTENT_RESTORED',
  AUTHOR_WARNED = 'AUTHOR_WARNED',
  PRACTITIONER_SUSPENDED = 'PRACTITIONER_SUSPENDED',
  PRACTITIONER_UNSUSPENDED = 'PRACTITIONER_UNSUSPENDED',
  ROLE_CHANGED = 'ROLE_CHANGED',
  LEGAL_DEVELOPMENT_APPROVED = 'LEGAL_DEVELOPMENT_APPROVED',
  LEGAL_DEVELOPMENT_CHANGES_REQUESTED = 'LEGAL_DEVELOPMENT_CHANGES_REQUESTED',
  LEGAL_DEVELOPMENT_REJECTED = 'LEGAL_DEVELOPMENT_REJECTED',
  COMMENT_DELETED = 'COMMENT_DELETED',
  PRACTITIONER_DELETED = 'PRACTITIONER_DELETED',
}
registerEnumType(ModerationLogAction, {
  name: 'ModerationLogAction',
  description: 'A recorded moderation or role decision.',
  valuesConfig: {
    VERIFICATION_APPROVED: { description: 'A practitioner was vetted and verified.' },
    VERIFICATION_REJECTED: { description: 'A practitioner’s vetting was refused.' },
    POST_APPROVED: { description: 'A post was approved and published.' },
    POST_CHANGES_REQUESTED: { description: 'A post was sent back for changes.' },
    POST_REJECTED: { description: 'A post was rejected.' },
    POST_FEATURED: { description: 'A post was featured.' },
    POST_UNFEATURED: { description: 'A post stopped being featured.' },
    REPORT_DISMISSED: { description: 'Reports were dismissed.' },
    CONTENT_HIDDEN: { description: 'Reported content was hidden.' },
    CONTENT_RESTORED: { description: 'Hidden content was shown again.' },
    AUTHOR_WARNED: { description: 'An author was warned about reported content.' },
    PRACTITIONER_SUSPENDED: { description: 'A practitioner was suspended.' },
    PRACTITIONER_UNSUSPENDED: { description: 'A suspension was lifted.' },
    ROLE_CHANGED: {
      description:
        'A practitioner’s platform role, or role in a network (`details.network`), was changed (`details.from`, `details.to`).',
    },
    LEGAL_DEVELOPMENT_APPROVED: { description: 'A legal development was approved and published.' },
    LEGAL_DEVELOPMENT_CHANGES_REQUESTED: { description: 'A legal development was sent back for changes.' },
    LEGAL_DEVELOPMENT_REJECTED: { description: 'A legal development was rejected.' },
    COMMENT_DELETED: { description: 'A moderator deleted someone else’s comment.' },
    PRACTITIONER_DELETED: { description: 'An admin deleted a practitioner’s account (the note says why).' },
  },
});
