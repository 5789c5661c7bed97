import { clientOf } from './client-info';
import { Arg, Authorized, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import type { Context } from '../../common/context';
import { Public } from '../../common/auth/auth-checker';
import { CurrentViewer } from '../../common/auth/current-viewer';
import type { Viewer } from '../../common/auth/viewer';
import { MODERATION_ROLES } from '../../common/auth/role';
import { RateLimit } from '../../common/rate-limit/rate-limit.decorator';
import { Practitioner } from '../practitioner';
import type { PractitionerEntity } from '../practitioner';
import {
  ChangePasswordInput,
  ConfirmEmailInput,
  RequestEmailChangeInput,
  RequestPasswordResetInput,
  ResetPasswordInput,
} from './account.inputs';
import {
  ChangePasswordPayload,
  ConfirmEmailPayload,
  RequestEmailChangePayload,
  RequestPasswordResetPayload,
  ResendEmailConfirmationPayload,
  ResetPasswordPayload,
} from './account.payloads';
import type { EmailConfirmationService } from './email-confirmation.service';
import type { PasswordService } from './password.service';

/** E-mail confirmation, change of address, password reset and change (docs/api.md, "Accounts"). */
@Resolver()
export class AccountResolver {
  constructor(
    private readonly confirmation: EmailConfirmationService,
    private readonly passwords: PasswordService,
  ) {}

  @Public()
  @RateLimit('token')
  @Mutation(() => ConfirmEmailPayload, {
    description:
      'Confirms an e-mail address with the token of the link sent to it (single-use, 48 hours). After a ' +
      '`requestEmailChange`, the new address becomes the account’s. A forged, expired or used token is ' +
      'BAD_USER_INPUT (`reason` INVALID_TOKEN); CONFLICT when another account took the new address meanwhile.',
  })
  confirmEmail(
    @Arg('input', () => ConfirmEmailInput, { description: 'The token.' }) input: ConfirmEmailInput,
  ): Promise<ConfirmEmailPayload> {
    return this.confirmation.confirm(input.token);
  }

  @Authorized()
  @RateLimit('mail')
  @Mutation(() => ResendEmailConfirmationPayload, {
    description:
      'Sends the link that confirms your address again (signed-in accounts, verified or not): a new link, ' +
      'valid 48 hours; earlier ones stop working (a pending change of address included). When your address ' +
      'is confirmed already nothing is sent and `sent` is false. No input: it acts on your own account. ' +
      'RATE_LIMITED after too many (the `mail` budget).',
  })
  resendEmailConfirmation(@CurrentViewer() viewer: Viewer): Promise<ResendEmailConfirmationPayload> {
    return this.confirmation.resend(viewer);
  }

  @Authorized()
  @RateLimit('mail')
  @Mutation(() => RequestEmailChangePayload, {
    description:
      'Asks to change your address: a link is sent to the new one, which becomes yours once confirmed. ' +
      'A wrong current password is BAD_USER_INPUT (`reason` WRONG_PASSWORD). The answer is the same when ' +
      'the new address belongs to another account (then nothing is sent).',
  })
  requestEmailChange(
    @CurrentViewer() viewer: Viewer,
    @Arg('input', () => RequestEmailChangeInput, { description: 'The new address and your password.' })
    input: RequestEmailChangeInput,
  ): Promise<RequestEmailChangePayload> {
    return this.confirmation.requestChange(viewer, input.newEmail, input.currentPassword);
  }

  @Public()
  @Mutation(() => RequestPasswordResetPayload, {
    description:
      'Sends a password-reset link (single-use, 30 minutes) if the address has an account. The answer is ' +
      'identical, and takes about as long, whether or not it has one. RATE_LIMITED after too many requests ' +
      'for one address or from one IP.',
  })
  async requestPasswordReset(
    @Arg('input', () => RequestPasswordResetInput, { description: 'The address.' })
    input: RequestPasswordResetInput,
    @Ctx() ctx: Context,
  ): Promise<RequestPasswordResetPayload> {
    await ctx.rateLimiter.consume('mail', {
      account: `email:${input.email.trim().toLowerCase()}`,
      ip: ctx.clientIp,
    });
    return this.passwords.requestReset(input.email);
  }

  @Public()
  @RateLimit('token')
  @Mutation(() => ResetPasswordPayload, {
    description:
      'Sets a new password with the token of a reset link: every session of the account ends and its open ' +
      'WebSockets close. A forged, expired or used token is BAD_USER_INPUT (`reason` INVALID_TOKEN); a ' +
      'password that breaks the rules is BAD_USER_INPUT with its `reason` (TOO_SHORT, TOO_LONG, COMMON, ' +
      'CONTAINS_EMAIL).',
  })
  resetPassword(
    @Arg('input', () => ResetPasswordInput, { description: 'The token and the new password.' })
    input: ResetPasswordInput,
    @Ctx() ctx: Context,
  ): Promise<ResetPasswordPayload> {
    return this.passwords.reset(input.token, input.newPassword, clientOf(ctx));
  }

  @Authorized()
  @RateLimit('password')
  @Mutation(() => ChangePasswordPayload, {
    description:
      'Changes your password; your other sessions end (this one stays). A wrong current password is ' +
      'BAD_USER_INPUT (`reason` WRONG_PASSWORD); the new one follows the rules of `resetPassword`.',
  })
  changePassword(
    @CurrentViewer() viewer: Viewer,
    @Arg('input', () => ChangePasswordInput, { description: 'The current and the new password.' })
    input: ChangePasswordInput,
    @Ctx() ctx: Context,
  ): Promise<ChangePasswordPayload> {
    return this.passwords.change(viewer, input.currentPassword, input.newPassword, clientOf(ctx));
  }
}

/** `Practitioner.emailConfirmed`: for the practitioner and for moderators (who vet only confirmed accounts). */
@Resolver(() => Practitioner)
export class PractitionerEmailConfirmationResolver {
  @FieldResolver(() => Boolean, {
    nullable: true,
    description:
      'Whether the practitioner confirmed their e-mail address; null unless you are this practitioner, a ' +
      'moderator or an admin. Moderators can approve only confirmed accounts.',
  })
  emailConfirmed(@Root() p: PractitionerEntity, @Ctx() ctx: Context): boolean | null {
    const v = ctx.viewer;
    if (!v || (v.id !== p.id && !MODERATION_ROLES.includes(v.role))) return null;
    return p.emailConfirmedAt !== null && p.emailConfirmedAt !== undefined;
  }
}
