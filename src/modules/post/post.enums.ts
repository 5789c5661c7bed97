import { registerEnumType } from 'type-graphql';

export enum PostStatus {
  DRAFT = 'DRAFT',
  PENDING_REVIEW = 'PENDING_REVIEW',
  CHANGES_REQUESTED = 'CHANGES_REQUESTED',
  PUBLISHED = 'PUBLISHED',
  REJECTED = 'REJECTED',
  ARCHIVED = 'ARCHIVED',
}
registerEnumType(PostStatus, {
  name: 'PostStatus',
  description: 'Where a good-practice post stands in its review lifecycle.',
  valuesConfig: {
    DRAFT: { description: 'Being written; visible to its author only.' },
    PENDING_REVIEW: { description: 'Submitted; awaiting a moderator.' },
    CHANGES_REQUESTED: { description: 'A moderator asked for changes; the author may edit and resubmit.' },
    PUBLISHED: { description: 'Approved and visible to its audience.' },
    REJECTED: { description: 'Refused by a moderator; final.' },
    ARCHIVED: { description: 'Withdrawn by its author; no longer listed.' },
  },
});

export enum PostVisibility {
  COMMUNITY = 'COMMUNITY',
  NETWORKS = 'NETWORKS',
}
registerEnumType(PostVisibility, {
  name: 'PostVisibility',
  description: 'Who may read a published post.',
  valuesConfig: {
    COMMUNITY: { description: 'Every member of the community.' },
    NETWORKS: { description: 'Only members of the networks the post is shared with.' },
  },
});

/** Re-exported: the decision enum is shared by every reviewed kind (see modules/content/review.workflow.ts). */
export { ReviewDecision } from '../content';

/** Every recorded step of a post's lifecycle. */
export enum PostAction {
  SUBMIT = 'SUBMIT',
  APPROVE = 'APPROVE',
  REQUEST_CHANGES = 'REQUEST_CHANGES',
  REJECT = 'REJECT',
  ARCHIVE = 'ARCHIVE',
  FEATURE = 'FEATURE',
  UNFEATURE = 'UNFEATURE',
}
registerEnumType(PostAction, {
  name: 'PostAction',
  description: 'A recorded step in a post’s lifecycle.',
  valuesConfig: {
    SUBMIT: { description: 'The author submitted it for review.' },
    APPROVE: { description: 'A moderator approved and published it.' },
    REQUEST_CHANGES: { description: 'A moderator asked for changes.' },
    REJECT: { description: 'A moderator rejected it.' },
    ARCHIVE: { description: 'The author archived it.' },
    FEATURE: { description: 'A moderator featured it.' },
    UNFEATURE: { description: 'A moderator stopped featuring it.' },
  },
});
