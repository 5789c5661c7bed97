import { Field, ID, InputType } from 'type-graphql';
import { IDEMPOTENCY_KEY_ARG } from '../../platform/idempotency/idempotency.service';
import { MultiLine } from '../../common/validation/text';
import { ModerationAction, ReportReason } from './moderation.enums';

@InputType({ description: 'The input of `assignModerationItem`.' })
export class AssignModerationItemInput {
  @Field(() => ID, { description: 'The queue item.' })
  id: string;

  @Field(() => ID, { nullable: true, description: 'A moderator; yourself when absent.' })
  assigneeId?: string | null;
}

@InputType({ description: 'The input of `report`.' })
export class ReportInput {
  @Field(() => ID, {
    description:
      'The ID of a Post, Comment, LegalDevelopment, LiveEvent, LiveEventQuestion, LiveQuestionComment or Practitioner.',
  })
  targetId: string;

  @Field(() => ReportReason, { description: 'Why.' })
  reason: ReportReason;

  @Field(() => String, { nullable: true, description: 'Explanation (up to 2,000 characters).' })
  @MultiLine()
  details?: string | null;

  @Field(() => String, IDEMPOTENCY_KEY_ARG)
  idempotencyKey?: string | null;
}

@InputType({ description: 'The input of `resolveReport`.' })
export class ResolveReportInput {
  @Field(() => ID, { description: 'The report.' })
  id: string;

  @Field(() => ModerationAction, { description: 'The decision.' })
  action: ModerationAction;

  @Field({ description: 'Why (1 to 1,000 characters); shown to the author with the action.' })
  @MultiLine()
  note: string;

  @Field(() => Date, {
    nullable: true,
    description: 'For SUSPEND_AUTHOR: until when (in the future); indefinitely when absent.',
  })
  suspendUntil?: Date | null;
}

@InputType({ description: 'The input of `suspendPractitioner`.' })
export class SuspendPractitionerInput {
  @Field(() => ID, { description: 'The practitioner.' })
  id: string;

  @Field(() => Date, { nullable: true, description: 'When it ends (in the future).' })
  until?: Date | null;

  @Field({ description: 'Why (1 to 1,000 characters); shown to them.' })
  @MultiLine()
  reason: string;
}

@InputType({ description: 'The input of `unsuspendPractitioner`.' })
export class UnsuspendPractitionerInput {
  @Field(() => ID, { description: 'The practitioner.' })
  id: string;

  @Field(() => String, { nullable: true, description: 'Why (up to 1,000 characters).' })
  @MultiLine()
  note?: string | null;
}
