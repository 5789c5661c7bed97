import { ArgsType, Field, ID } from 'type-graphql';
import { IsOptional, MaxLength } from 'class-validator';
import { MultiLine } from '../../common/validation/text';

export const MAX_CONTACT_MESSAGE = 1000;

@ArgsType()
export class RequestContactArgs {
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
}
