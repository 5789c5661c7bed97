import { Field, InputType } from 'type-graphql';
import { IsEmail, MaxLength } from 'class-validator';

/** Raw bound on password arguments; the rules (12 to 256 characters after NFKC) are checked by the service. */
const PASSWORD_ARG_MAX = 1024;

@InputType({ description: 'The input of `confirmEmail`.' })
export class ConfirmEmailInput {
  @Field({ description: 'The token of the link in the confirmation message.' })
  @MaxLength(200)
  token: string;
}

@InputType({ description: 'The input of `requestEmailChange`.' })
export class RequestEmailChangeInput {
  @Field({ description: 'The new address; it becomes yours when you open the link sent to it.' })
  @IsEmail({}, { message: 'newEmail must be an e-mail address' })
  @MaxLength(254)
  newEmail: string;

  @Field({ description: 'Your current password.' })
  @MaxLength(PASSWORD_ARG_MAX)
  currentPassword: string;
}

@InputType({ description: 'The input of `requestPasswordReset`.' })
export class RequestPasswordResetInput {
  @Field({ description: 'The account’s e-mail address (any case).' })
  @MaxLength(254)
  email: string;
}

@InputType({ description: 'The input of `resetPassword`.' })
export class ResetPasswordInput {
  @Field({ description: 'The token of the link in the reset message.' })
  @MaxLength(200)
  token: string;

  @Field({
    description:
      'The new password: 12 to 256 characters (after Unicode NFKC normalisation), not a common password, ' +
      'not containing the account’s e-mail address.',
  })
  @MaxLength(PASSWORD_ARG_MAX)
  newPassword: string;
}

@InputType({ description: 'The input of `changePassword`.' })
export class ChangePasswordInput {
  @Field({ description: 'Your current password.' })
  @MaxLength(PASSWORD_ARG_MAX)
  currentPassword: string;

  @Field({ description: 'The new password (the same rules as `resetPassword`).' })
  @MaxLength(PASSWORD_ARG_MAX)
  newPassword: string;
}
