import { registerEnumType } from 'type-graphql';

export enum ReportReason {
  SPAM = 'SPAM',
  INACCURATE = 'INACCURATE',
  INAPPROPRIATE = 'INAPPROPRIATE',
  CONFIDENTIAL_INFORMATION = 'CONFIDENTIAL_INFORMATION',
  IMPERSONATION = 'IMPERSONATION',
  OTHER = 'OTHER',
}
registerEnumType(ReportReason, {
  name: 'ReportReason',
  description: 'Why something is reported to the moderators.',
  valuesConfig: {
    SPAM: { description: 'Advertising, repeated or off-topic content.' },
    INACCURATE: { description: 'Wrong or misleading as to the law or the facts.' },
    INAPPROPRIATE: { description: 'Unprofessional, abusive or offensive.' },
    CONFIDENTIAL_INFORMATION: {
      description: 'Discloses case details, personal data or anything that must not be shared.',
    },
    IMPERSONATION: { description: 'The account pretends to be someone, or some office, it is not.' },
    OTHER: { description: 'Anything else; explain in `details`.' },
  },
});

/** What a report (or a log entry) is about; stored with the target's local id. */
export enum TargetType {
  POST = 'POST',
  COMMENT = 'COMMENT',
  LEGAL_DEVELOPMENT = 'LEGAL_DEVELOPMENT',
  PRACTITIONER = 'PRACTITIONER',
  NETWORK = 'NETWORK',
}

export enum ReportStatus {
  OPEN = 'OPEN',
  RESOLVED = 'RESOLVED',
}
registerEnumType(ReportStatus, {
  name: 'ReportStatus',
  description: 'Whether a moderator has decided on a report.',
  valuesConfig: {
    OPEN: { description: 'Awaiting a moderator.' },
    RESOLVED: { description: 'Decided (see `resolution`).' },
  },
});

export enum ModerationAction {
  DISMISS = 'DISMISS',
  HIDE_CONTENT = 'HIDE_CONTENT',
  RESTORE_CONTENT = 'RESTORE_CONTENT',
  WARN_AUTHOR = 'WARN_AUTHOR',
  SUSPEND_AUTHOR = 'SUSPEND_AUTHOR',
}
registerEnumType(ModerationAction, {
  name: 'ModerationAction',
  description: 'A moderator’s decision on a report.',
  valuesConfig: {
    DISMISS: { description: 'Nothing to do: the content stays as it is.' },
    HIDE_CONTENT: {
      description:
        'Hide the reported post or comment from everyone but its author and moderators (not for practitioners).',
    },
    RESTORE_CONTENT: { description: 'Show hidden content again.' },
    WARN_AUTHOR: { description: 'Warn the author (they are notified with the note); the content stays.' },
    SUSPEND_AUTHOR: {
      description:
        'Suspend the author (or the reported practitioner) until `suspendUntil`, or indefinitely (global moderators).',
    },
  },
});

export enum ModerationItemKind {
  POST_REVIEW = 'POST_REVIEW',
  LEGAL_DEVELOPMENT_REVIEW = 'LEGAL_DEVELOPMENT_REVIEW',
  REPORT = 'REPORT',
  VERIFICATION = 'VERIFICATION',
}
registerEnumType(ModerationItemKind, {
  name: 'ModerationItemKind',
  description: 'What kind of decision a moderation-queue item awaits.',
  valuesConfig: {
    POST_REVIEW: { description: 'A post pending review (`reviewPost`).' },
    LEGAL_DEVELOPMENT_REVIEW: {
      description: 'A legal development pending review (`reviewLegalDevelopment`).',
    },
    REPORT: { description: 'Open reports on one target, grouped (`resolveReport`).' },
    VERIFICATION: { description: 'A practitioner awaiting vetting (`verifyPractitioner`).' },
  },
});

export enum ModerationItemStatus {
  UNASSIGNED = 'UNASSIGNED',
  ASSIGNED = 'ASSIGNED',
}
registerEnumType(ModerationItemStatus, {
  name: 'ModerationItemStatus',
  description: 'Whether a queue item has been taken by a moderator.',
  valuesConfig: {
    UNASSIGNED: { description: 'Nobody has taken it.' },
    ASSIGNED: { description: 'A moderator has taken it (`assignModerationItem`).' },
  },
});

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
  },
});
