import { registerEnumType } from 'type-graphql';

export enum LegalDevelopmentKind {
  LEGISLATION = 'LEGISLATION',
  TREATY_ACTION = 'TREATY_ACTION',
  COURT_DECISION = 'COURT_DECISION',
  POLICY = 'POLICY',
  UN_RESOLUTION = 'UN_RESOLUTION',
  OTHER = 'OTHER',
}
registerEnumType(LegalDevelopmentKind, {
  name: 'LegalDevelopmentKind',
  description: 'What kind of legal development it is.',
  valuesConfig: {
    LEGISLATION: { description: 'A new or amended law or regulation.' },
    TREATY_ACTION: {
      description:
        'A signature, ratification, accession, ... of an instrument (published by `recordTreatyAction`).',
    },
    COURT_DECISION: { description: 'A court decision.' },
    POLICY: { description: 'A policy, strategy or guideline.' },
    UN_RESOLUTION: { description: 'A resolution of a UN body, e.g. the Security Council.' },
    OTHER: { description: 'Anything else.' },
  },
});

/** Kinds whose date is when something happened (decided, adopted, deposited): it cannot be in the future. */
export const PAST_DATED_KINDS: readonly LegalDevelopmentKind[] = [
  LegalDevelopmentKind.TREATY_ACTION,
  LegalDevelopmentKind.COURT_DECISION,
  LegalDevelopmentKind.UN_RESOLUTION,
];

export enum LegalDevelopmentStatus {
  PENDING_REVIEW = 'PENDING_REVIEW',
  CHANGES_REQUESTED = 'CHANGES_REQUESTED',
  PUBLISHED = 'PUBLISHED',
  REJECTED = 'REJECTED',
}
registerEnumType(LegalDevelopmentStatus, {
  name: 'LegalDevelopmentStatus',
  description: 'Where a legal development stands in review (the same rules as posts).',
  valuesConfig: {
    PENDING_REVIEW: { description: 'Proposed; awaiting a moderator.' },
    CHANGES_REQUESTED: {
      description: 'A moderator asked for changes; the author edits it, which submits it again.',
    },
    PUBLISHED: { description: 'Approved (or published directly by an expert or moderator): visible to all.' },
    REJECTED: { description: 'Refused by a moderator; final.' },
  },
});

export enum LegalDevelopmentAction {
  SUBMIT = 'SUBMIT',
  PUBLISH = 'PUBLISH',
  APPROVE = 'APPROVE',
  REQUEST_CHANGES = 'REQUEST_CHANGES',
  REJECT = 'REJECT',
}
registerEnumType(LegalDevelopmentAction, {
  name: 'LegalDevelopmentAction',
  description: 'A recorded step in a legal development’s lifecycle.',
  valuesConfig: {
    SUBMIT: { description: 'Proposed for review, or edited after changes were requested.' },
    PUBLISH: { description: 'Published directly by an expert or moderator (or by a treaty action).' },
    APPROVE: { description: 'A moderator approved and published it.' },
    REQUEST_CHANGES: { description: 'A moderator asked for changes.' },
    REJECT: { description: 'A moderator rejected it.' },
  },
});
