import { Field, Int, ObjectType } from 'type-graphql';

@ObjectType({ description: 'The result of `confirmEmail`.' })
export class ConfirmEmailPayload {
  @Field({ description: 'Always true (an invalid, expired or used token is a BAD_USER_INPUT error).' })
  emailConfirmed: boolean;

  @Field({ description: 'The address now confirmed (the new one, after a change of address).' })
  email: string;
}

@ObjectType({
  description:
    'The result of `requestEmailChange`: the same whether or not the new address belongs to another account.',
})
export class RequestEmailChangePayload {
  @Field({ description: 'Always true when the input was valid.' })
  accepted: boolean;

  @Field({ description: 'What happens next, for people: the same text in every case.' })
  message: string;
}

@ObjectType({
  description:
    'The result of `requestPasswordReset`: identical whether or not the address has an account, so that it ' +
    'reveals nothing about who is registered.',
})
export class RequestPasswordResetPayload {
  @Field({ description: 'Always true when the input was valid.' })
  accepted: boolean;

  @Field({ description: 'What happens next, for people: the same text in every case.' })
  message: string;
}

@ObjectType({ description: 'The result of `resetPassword`: sign in with the new password next.' })
export class ResetPasswordPayload {
  @Field(() => Int, { description: 'How many sessions of the account were ended (all of them).' })
  sessionsEnded: number;
}

@ObjectType({ description: 'The result of `changePassword`: this session stays signed in.' })
export class ChangePasswordPayload {
  @Field(() => Int, { description: 'How many other sessions of the account were ended.' })
  sessionsEnded: number;
}

@ObjectType({ description: 'The result of `resendEmailConfirmation`.' })
export class ResendEmailConfirmationPayload {
  @Field({
    description:
      'Whether a new link was sent: false when your address is confirmed already (nothing to confirm).',
  })
  sent: boolean;

  @Field({ description: 'Your address, where the link was (or would have been) sent.' })
  email: string;
}
