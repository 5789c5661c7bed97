import { Field } from 'type-graphql';
import { MultiLine } from '../../common/validation/text';
import { REVIEW_NOTE_MAX, ReviewDecision } from './review.enums';

/** The `decision` field of every review mutation's input. */
export function ReviewDecisionField(): PropertyDecorator {
  return Field(() => ReviewDecision, { description: 'Approve, request changes or reject.' });
}

/** The `note` field of every review mutation's input (multi-line text). */
export function ReviewNoteField(): PropertyDecorator {
  const field = Field(() => String, {
    nullable: true,
    description: `Shown to the author and kept in the history (up to ${REVIEW_NOTE_MAX.toLocaleString('en')} characters).`,
  });
  const multiLine = MultiLine();
  return (target, key) => {
    field(target, key);
    multiLine(target, key);
  };
}
