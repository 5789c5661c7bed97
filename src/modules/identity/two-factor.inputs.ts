import { Field, InputType } from 'type-graphql';
import { MaxLength } from 'class-validator';

/** A code from the authenticator app (6 digits) or a recovery code (`xxxxx-xxxxx`). */
const CODE_MAX = 40;

@InputType({ description: 'The input of `beginTwoFactorEnrollment`.' })
export class BeginTwoFactorEnrollmentInput {
  @Field({ description: 'Your current password.' })
  @MaxLength(1024)
  currentPassword: string;
}

@InputType({ description: 'The input of `confirmTwoFactorEnrollment`.' })
export class ConfirmTwoFactorEnrollmentInput {
  @Field({ description: 'The 6-digit code the authenticator app shows for the new secret.' })
  @MaxLength(CODE_MAX)
  code: string;
}

@InputType({ description: 'The input of `disableTwoFactor`.' })
export class DisableTwoFactorInput {
  @Field({ description: 'A fresh 6-digit code from the authenticator app, or an unused recovery code.' })
  @MaxLength(CODE_MAX)
  code: string;

  @Field({ description: 'Your current password.' })
  @MaxLength(1024)
  currentPassword: string;
}

@InputType({ description: 'The input of `regenerateRecoveryCodes`.' })
export class RegenerateRecoveryCodesInput {
  @Field({ description: 'A fresh 6-digit code from the authenticator app.' })
  @MaxLength(CODE_MAX)
  code: string;
}

@InputType({ description: 'The input of `completeLogin`.' })
export class CompleteLoginInput {
  @Field({ description: 'The `challenge` of the `login` answer.' })
  @MaxLength(200)
  challenge: string;

  @Field({ description: 'A 6-digit code from the authenticator app, or an unused recovery code.' })
  @MaxLength(CODE_MAX)
  code: string;
}
