import { Field, ObjectType } from 'type-graphql';
import { Practitioner } from '../practitioner';
import type { PractitionerEntity } from '../practitioner';

@ObjectType({
  description:
    'The result of `login`: a signed-in session, its tokens and its practitioner; or, for an account with ' +
    'two-factor sign-in, `secondFactorRequired` and a `challenge` to answer with `completeLogin` (then the ' +
    'tokens and the practitioner are null).',
})
export class LoginPayload {
  @Field(() => String, {
    nullable: true,
    description:
      'Short-lived JWT; send as `Authorization: Bearer <token>` (HTTP) or `connectionParams.authorization` ' +
      '(WebSocket). Null when `secondFactorRequired`.',
  })
  accessToken: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      'Single-use token for `refreshSession`; keep it secret. Reusing a rotated one ends the session. Null ' +
      'when `secondFactorRequired`.',
  })
  refreshToken: string | null;

  @Field(() => Date, {
    nullable: true,
    description: 'When the access token expires; null when `secondFactorRequired`.',
  })
  expiresAt: Date | null;

  @Field(() => Practitioner, {
    nullable: true,
    description: 'The signed-in practitioner; null when `secondFactorRequired`.',
  })
  practitioner: PractitionerEntity | null;

  @Field({
    description:
      'True when the account has two-factor sign-in: no session was opened; answer `challenge` with ' +
      '`completeLogin` and a code from the authenticator app (or a recovery code).',
  })
  secondFactorRequired: boolean;

  @Field(() => String, {
    nullable: true,
    description:
      'The challenge for `completeLogin` (opaque, single-use, bound to this account); null unless ' +
      '`secondFactorRequired`. Five wrong codes end it.',
  })
  challenge: string | null;

  @Field(() => Date, { nullable: true, description: 'When `challenge` expires (5 minutes after `login`).' })
  challengeExpiresAt: Date | null;

  @Field({
    description:
      'True for a moderator or admin without two-factor sign-in when the server requires it of staff: ' +
      'these tokens only allow enrolling (`beginTwoFactorEnrollment`, `confirmTwoFactorEnrollment`) and ' +
      '`me`; everything else is FORBIDDEN with `reason` TWO_FACTOR_REQUIRED.',
  })
  twoFactorEnrollmentRequired: boolean;
}

@ObjectType({
  description: 'The result of `refreshSession`: the session’s new tokens and its practitioner.',
})
export class RefreshSessionPayload {
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

@ObjectType({ description: 'The result of `logout`.' })
export class LogoutPayload {
  @Field({
    description:
      'True if a live session was ended, false if the token was unknown or its session already ended.',
  })
  sessionEnded: boolean;
}

@ObjectType({
  description:
    'The answer to `register`: the same whether or not the address already had an account, so that it ' +
    'reveals nothing about who is registered. Sign in with `login` next.',
})
export class RegisterPayload {
  @Field({
    description:
      'Always true when the input was valid (invalid input is a BAD_USER_INPUT error instead). It does not ' +
      'say that a new account was created: an address that already has one gets the same answer.',
  })
  accepted: boolean;

  @Field({ description: 'What to do next, for people: the same text in every case.' })
  message: string;
}
