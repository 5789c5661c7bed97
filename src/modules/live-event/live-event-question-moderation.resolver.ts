import { FieldResolver, Resolver, Root } from 'type-graphql';
import type { LiveEventQuestionCommentEntity, LiveEventQuestionEntity } from './live-event-question.entity';
import { LiveEventQuestion, LiveEventQuestionComment } from './live-event-question.types';

/** `LiveEventQuestion.isHidden` (only its asker and question moderators still read a hidden question). */
@Resolver(() => LiveEventQuestion)
export class LiveEventQuestionHiddenResolver {
  @FieldResolver(() => Boolean, {
    description:
      'Whether a moderator hid it (a report’s HIDE_CONTENT): then only its asker and the question moderators see it.',
  })
  isHidden(@Root() question: LiveEventQuestionEntity): boolean {
    return !!question.hiddenAt;
  }
}

/** `LiveQuestionComment.isHidden` (only its author and question moderators still read a hidden comment). */
@Resolver(() => LiveEventQuestionComment)
export class LiveEventQuestionCommentHiddenResolver {
  @FieldResolver(() => Boolean, {
    description:
      'Whether a moderator hid it (a report’s HIDE_CONTENT): then only its author and the question moderators see it.',
  })
  isHidden(@Root() comment: LiveEventQuestionCommentEntity): boolean {
    return !!comment.hiddenAt;
  }
}
