import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Node } from '../../common/relay/node.interface';
import { Connection } from '../../common/relay/connection';
import { Language } from '../../common/i18n/language';
import { LiveEventQuestionCommentEntity, LiveEventQuestionEntity } from './live-event-question.entity';
import { LiveEventEntity } from './live-event.entity';
import { LiveEvent } from './live-event.types';
import {
  LiveEventQuestionAnswerMode,
  LiveEventQuestionChange,
  LiveEventQuestionStatus,
} from './live-event-question.enums';

@ObjectType('LiveEventQuestion', {
  implements: Node,
  description:
    'A question asked during a live event. PUBLISHED ones are seen by everybody who may see the event; ' +
    'PENDING and DISMISSED ones by its asker and the question moderators only.',
})
export class LiveEventQuestion extends Node {
  @Field(() => Language, { description: 'The language it was asked in.' })
  language: string;

  @Field(() => LiveEventQuestionStatus, { description: 'Where it stands.' })
  status: LiveEventQuestionStatus;

  @Field({
    description: 'Whether its asker is hidden from other participants (never from question moderators).',
  })
  isAnonymous: boolean;

  @Field({ description: 'Pinned by a question moderator (listed first).' })
  isPinned: boolean;

  @Field(() => Int, { description: 'How many practitioners upvoted it.' })
  upvoteCount: number;

  @Field(() => Date, { nullable: true, description: 'When it was first published.' })
  publishedAt: Date | null;

  @Field(() => Date, { nullable: true, description: 'When it was answered; null while unanswered.' })
  answeredAt: Date | null;

  @Field(() => LiveEventQuestionAnswerMode, { nullable: true, description: 'How it was answered.' })
  answerMode: LiveEventQuestionAnswerMode | null;

  @Field({ description: 'When it was asked.' })
  createdAt: Date;

  @Field({ description: 'When it last changed (status, pin, answer, upvotes).' })
  updatedAt: Date;
}

export const LiveEventQuestionConnection = Connection(LiveEventQuestion, 'LiveEventQuestion');

function QuestionPayload(name: string, what: string) {
  @ObjectType(name, { description: what })
  class Payload {
    @Field(() => LiveEventQuestion, { description: 'The question as it is now.' })
    question: LiveEventQuestionEntity;
  }
  return Payload;
}
export const AskLiveEventQuestionPayload = QuestionPayload(
  'AskLiveEventQuestionPayload',
  'The question asked (PENDING with moderation on, else PUBLISHED).',
);
export const UpvoteLiveEventQuestionPayload = QuestionPayload(
  'UpvoteLiveEventQuestionPayload',
  'The question upvoted (once per practitioner).',
);
export const RemoveLiveEventQuestionUpvotePayload = QuestionPayload(
  'RemoveLiveEventQuestionUpvotePayload',
  'The question whose upvote was taken back.',
);
export const PublishLiveEventQuestionPayload = QuestionPayload(
  'PublishLiveEventQuestionPayload',
  'The question published.',
);
export const PinLiveEventQuestionPayload = QuestionPayload(
  'PinLiveEventQuestionPayload',
  'The question pinned.',
);
export const UnpinLiveEventQuestionPayload = QuestionPayload(
  'UnpinLiveEventQuestionPayload',
  'The question unpinned.',
);
export const AnswerLiveEventQuestionPayload = QuestionPayload(
  'AnswerLiveEventQuestionPayload',
  'The question answered.',
);
export const DismissLiveEventQuestionPayload = QuestionPayload(
  'DismissLiveEventQuestionPayload',
  'The question dismissed.',
);
export const RestoreLiveEventQuestionPayload = QuestionPayload(
  'RestoreLiveEventQuestionPayload',
  'The question restored.',
);

@ObjectType('SetLiveEventQuestionSettingsPayload', { description: 'The event with its question settings.' })
export class SetLiveEventQuestionSettingsPayload {
  @Field(() => LiveEvent, { description: 'The event (`questionsOpen`, `questionsModerated`).' })
  liveEvent: LiveEventEntity;
}

/** One `liveEventQuestionChanged` message, as the subscription hands it to its resolver. */
export interface QuestionChangeMessage {
  change: LiveEventQuestionChange;
  questionId: string;
  question: LiveEventQuestionEntity | null;
}

@ObjectType('LiveEventQuestionChangedPayload', {
  description: 'Something happened to a question of the event you follow.',
})
export class LiveEventQuestionChangedPayload {
  @Field(() => LiveEventQuestionChange, { description: 'What happened.' })
  change: LiveEventQuestionChange;

  @Field(() => ID, { description: 'The question’s global id (also when `question` is null).' })
  questionId: string;

  @Field(() => LiveEventQuestion, {
    nullable: true,
    description: 'The question as it is now; null when you may no longer read it (dismissed): remove it.',
  })
  question: LiveEventQuestionEntity | null;
}

@ObjectType('LiveQuestionComment', {
  implements: Node,
  description: 'A comment on a question; seen by whoever may read the question.',
})
export class LiveEventQuestionComment extends Node {
  @Field({ description: 'When it was written.' })
  createdAt: Date;
}

export const LiveEventQuestionCommentConnection = Connection(LiveEventQuestionComment, 'LiveQuestionComment');

@ObjectType('CommentOnLiveEventQuestionPayload', { description: 'The comment added.' })
export class CommentOnLiveEventQuestionPayload {
  @Field(() => LiveEventQuestionComment, { description: 'The new comment.' })
  comment: LiveEventQuestionCommentEntity;
}
