import { Field, ID, InputType } from 'type-graphql';
import { IDEMPOTENCY_KEY_ARG } from '../../platform/idempotency/idempotency.service';
import { MultiLine } from '../../common/validation/text';
import { Language } from '../../common/i18n/language';
import { LIVE_EVENT_QUESTION_LIMITS } from './live-event-question.entity';
import { LiveEventQuestionAnswerMode, LiveEventQuestionStatus } from './live-event-question.enums';

@InputType({ description: 'The input of `askLiveEventQuestion`.' })
export class AskLiveEventQuestionInput {
  @Field(() => ID, { description: 'The event.' })
  liveEventId: string;

  @Field({
    description: `The question (1 to ${LIVE_EVENT_QUESTION_LIMITS.body.toLocaleString('en')} characters, Markdown).`,
  })
  @MultiLine()
  body: string;

  @Field(() => Language, { description: 'The language it is asked in.' })
  language: Language;

  @Field(() => Boolean, {
    nullable: true,
    description: 'Hide your name from other participants (never from question moderators). Default false.',
  })
  isAnonymous?: boolean | null;

  @Field(() => String, IDEMPOTENCY_KEY_ARG)
  idempotencyKey?: string | null;
}

function QuestionInput(name: string, what: string) {
  @InputType(name, { description: what })
  class Input {
    @Field(() => ID, { description: 'The question.' })
    questionId: string;
  }
  return Input;
}

export const UpvoteLiveEventQuestionInput = QuestionInput(
  'UpvoteLiveEventQuestionInput',
  'The question to upvote.',
);
export type UpvoteLiveEventQuestionInput = InstanceType<typeof UpvoteLiveEventQuestionInput>;
export const RemoveLiveEventQuestionUpvoteInput = QuestionInput(
  'RemoveLiveEventQuestionUpvoteInput',
  'The question whose upvote you take back.',
);
export type RemoveLiveEventQuestionUpvoteInput = InstanceType<typeof RemoveLiveEventQuestionUpvoteInput>;
export const PublishLiveEventQuestionInput = QuestionInput(
  'PublishLiveEventQuestionInput',
  'The PENDING question to publish.',
);
export type PublishLiveEventQuestionInput = InstanceType<typeof PublishLiveEventQuestionInput>;
export const PinLiveEventQuestionInput = QuestionInput('PinLiveEventQuestionInput', 'The question to pin.');
export type PinLiveEventQuestionInput = InstanceType<typeof PinLiveEventQuestionInput>;
export const UnpinLiveEventQuestionInput = QuestionInput(
  'UnpinLiveEventQuestionInput',
  'The question to unpin.',
);
export type UnpinLiveEventQuestionInput = InstanceType<typeof UnpinLiveEventQuestionInput>;
export const RestoreLiveEventQuestionInput = QuestionInput(
  'RestoreLiveEventQuestionInput',
  'The DISMISSED question to restore.',
);
export type RestoreLiveEventQuestionInput = InstanceType<typeof RestoreLiveEventQuestionInput>;

@InputType({ description: 'The input of `answerLiveEventQuestion`.' })
export class AnswerLiveEventQuestionInput {
  @Field(() => ID, { description: 'The PUBLISHED question.' })
  questionId: string;

  @Field(() => LiveEventQuestionAnswerMode, { description: 'Answered aloud (LIVE) or in writing (WRITTEN).' })
  mode: LiveEventQuestionAnswerMode;

  @Field(() => String, {
    nullable: true,
    description: `The written answer (Markdown, 1 to ${LIVE_EVENT_QUESTION_LIMITS.answer.toLocaleString('en')} characters): required for WRITTEN, optional for LIVE.`,
  })
  @MultiLine()
  answer?: string | null;
}

@InputType({ description: 'The input of `dismissLiveEventQuestion`.' })
export class DismissLiveEventQuestionInput {
  @Field(() => ID, { description: 'The PENDING or PUBLISHED question.' })
  questionId: string;

  @Field({
    description: `Why (1 to ${LIVE_EVENT_QUESTION_LIMITS.dismissReason} characters; the asker sees it).`,
  })
  reason: string;
}

@InputType({ description: 'The input of `setLiveEventQuestionSettings`: the settings to change.' })
export class SetLiveEventQuestionSettingsInput {
  @Field(() => ID, { description: 'The event.' })
  liveEventId: string;

  @Field(() => Boolean, {
    nullable: true,
    description: 'Whether questions may be asked (unchanged when omitted).',
  })
  questionsOpen?: boolean | null;

  @Field(() => Boolean, {
    nullable: true,
    description:
      'Whether new questions wait (PENDING) for a question moderator; off, they are PUBLISHED at once ' +
      '(unchanged when omitted).',
  })
  questionsModerated?: boolean | null;
}

@InputType({ description: 'Which questions to list.' })
export class LiveEventQuestionFilter {
  @Field(() => LiveEventQuestionStatus, {
    nullable: true,
    description: 'Only this status (among those you may see).',
  })
  status?: LiveEventQuestionStatus | null;
}

@InputType({ description: 'The input of `commentOnLiveEventQuestion`.' })
export class CommentOnLiveEventQuestionInput {
  @Field(() => ID, { description: 'The PUBLISHED question.' })
  questionId: string;

  @Field({ description: 'The comment (1 to 2,000 characters, Markdown).' })
  @MultiLine()
  body: string;

  @Field(() => String, IDEMPOTENCY_KEY_ARG)
  idempotencyKey?: string | null;
}
