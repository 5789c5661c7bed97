import { Arg } from 'type-graphql';
import { REVIEW_NOTE_MAX, ReviewDecision } from './review.enums';

/** The `decision` argument of every review mutation. */
export function ReviewDecisionArg() {
  return Arg('decision', () => ReviewDecision, { description: 'Approve, request changes or reject.' });
}

/** The `note` argument of every review mutation (mark it multi-line with `@MultiLineArgs('note')`). */
export function ReviewNoteArg() {
  return Arg('note', () => String, {
    nullable: true,
    description: `Shown to the author and kept in the history (up to ${REVIEW_NOTE_MAX.toLocaleString('en')} characters).`,
  });
}
