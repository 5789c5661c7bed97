import { Field, ObjectType } from 'type-graphql';
import { ListSize } from '../../common/limits/list-size';
import { Practitioner } from '../practitioner';
import { RECOVERY_CODE_COUNT } from './two-factor';
import type { PractitionerEntity } from '../practitioner';

@ObjectType({
  description:
    'The result of `beginTwoFactorEnrollment`: the new secret, shown this once. Add it to an authenticator ' +
    'app (scan `otpauthUri` as a QR code, or type `secret`), then confirm with a code.',
})
export class BeginTwoFactorEnrollmentPayload {
  @Field({ description: 'The secret in base32 (RFC 4648), for typing into an app.' })
  secret: string;

  @Field({ description: 'The `otpauth://totp/...` URI (SHA-1, 6 digits, 30 seconds), for a QR code.' })
  otpauthUri: string;
}

@ObjectType({
  description: 'The result of `confirmTwoFactorEnrollment`: two-factor sign-in is on.',
})
export class ConfirmTwoFactorEnrollmentPayload {
  @ListSize(RECOVERY_CODE_COUNT)
  @Field(() => [String], {
    description:
      'Ten recovery codes, shown this once (only their hashes are kept). Each works once, in place of a code ' +
      'from the app.',
  })
  recoveryCodes: string[];

  @Field(() => Practitioner, { description: 'Your account.' })
  practitioner: PractitionerEntity;
}

@ObjectType({ description: 'The result of `regenerateRecoveryCodes`: the old codes no longer work.' })
export class RegenerateRecoveryCodesPayload {
  @ListSize(RECOVERY_CODE_COUNT)
  @Field(() => [String], { description: 'Ten new recovery codes, shown this once.' })
  recoveryCodes: string[];

  @Field(() => Practitioner, { description: 'Your account.' })
  practitioner: PractitionerEntity;
}

@ObjectType({ description: 'The result of `disableTwoFactor`: sign-in asks for the password alone again.' })
export class DisableTwoFactorPayload {
  @Field(() => Practitioner, { description: 'Your account.' })
  practitioner: PractitionerEntity;
}

@ObjectType({ description: 'The result of `completeLogin`: a signed-in session, as `login` gives one.' })
export class CompleteLoginPayload {
  @Field({
    description:
      'Short-lived JWT; send as `Authorization: Bearer <token>` (HTTP) or `connectionParams.authorization` (WebSocket).',
  })
  accessToken: string;

  @Field({
    description:
      'Single-use token for `refreshSession`; keep it secret. Reusing a rotated one ends the session.',
  })
  refreshToken: string;

  @Field({ description: 'When the access token expires.' })
  expiresAt: Date;

  @Field(() => Practitioner, { description: 'The signed-in practitioner.' })
  practitioner: PractitionerEntity;
}
