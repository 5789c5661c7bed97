import { Field, ID, InputType } from 'type-graphql';
import { IDEMPOTENCY_KEY_ARG } from '../../platform/idempotency/idempotency.service';
import { IsOptional, MaxLength } from 'class-validator';
import { MultiLine } from '../../common/validation/text';

export const MAX_CONTACT_MESSAGE = 1000;

@InputType({ description: 'The input of `requestContact`.' })
export class RequestContactInput {
  @Field(() => ID, { description: 'The practitioner you want as a contact.' })
  practitionerId: string;

  @Field(() => String, {
    nullable: true,
    description: 'A note to introduce yourself (up to 1,000 characters).',
  })
  @IsOptional()
  @MaxLength(MAX_CONTACT_MESSAGE)
  @MultiLine()
  message?: string | null;

  @Field(() => String, IDEMPOTENCY_KEY_ARG)
  idempotencyKey?: string | null;
}

@InputType({ description: 'The input of `respondToContactRequest`.' })
export class RespondToContactRequestInput {
  @Field(() => ID, { description: 'The contact request.' })
  requestId: string;

  @Field({ description: 'True to accept, false to decline.' })
  accept: boolean;
}

@InputType({ description: 'The input of `cancelContactRequest`.' })
export class CancelContactRequestInput {
  @Field(() => ID, { description: 'The contact request.' })
  requestId: string;
}

@InputType({ description: 'The input of `removeContact`.' })
export class RemoveContactInput {
  @Field(() => ID, { description: 'The contact.' })
  practitionerId: string;
}
