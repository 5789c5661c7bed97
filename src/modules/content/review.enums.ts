import { registerEnumType } from 'type-graphql';

/** A moderator's decision on submitted content; shared by every reviewed kind (posts, legal developments). */
export enum ReviewDecision {
  APPROVE = 'APPROVE',
  REQUEST_CHANGES = 'REQUEST_CHANGES',
  REJECT = 'REJECT',
}
registerEnumType(ReviewDecision, {
  name: 'ReviewDecision',
  description: 'A moderator’s decision on submitted content (a post or a legal development).',
  valuesConfig: {
    APPROVE: { description: 'Publish it.' },
    REQUEST_CHANGES: { description: 'Send it back to the author for changes.' },
    REJECT: { description: 'Refuse it (final).' },
  },
});

/** The longest review note (characters), for every reviewed kind. */
export const REVIEW_NOTE_MAX = 1000;
