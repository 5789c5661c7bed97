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
        'Hide the reported content from everyone but its author and moderators (not for practitioners).',
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

// The log's vocabulary lives with its writer (modules that record decisions do not depend on moderation).
export { ModerationLogAction, TargetType } from '../moderation-log';
