import { Field, ID, InputType } from 'type-graphql';
import { MaxLength } from 'class-validator';
import { DELETION_REASON_MAX } from './account-deletion.service';

/** Raw bound on the password argument (the password rules are checked when one is set, not here). */
const PASSWORD_ARG_MAX = 1024;

@InputType({ description: 'The input of `deleteAccount`.' })
export class DeleteAccountInput {
  @Field({ description: 'Your current password.' })
  @MaxLength(PASSWORD_ARG_MAX)
  password: string;

  @Field({
    defaultValue: false,
    description:
      'Also remove your posts and comments (default false: they stay, attributed to "Former member"). ' +
      'Legal developments, treaty actions, central-authority records and live events stay in any case.',
  })
  removeContent: boolean;
}

@InputType({ description: 'The input of `deletePractitioner`.' })
export class DeletePractitionerInput {
  @Field(() => ID, { description: 'The practitioner whose account is deleted.' })
  practitionerId: string;

  @Field({ description: `Why (1 to ${DELETION_REASON_MAX} characters), entered in the moderation log.` })
  @MaxLength(DELETION_REASON_MAX)
  reason: string;

  @Field({
    defaultValue: false,
    description:
      'Also remove their posts and comments (default false: they stay, attributed to "Former member").',
  })
  removeContent: boolean;
}
