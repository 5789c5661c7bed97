import { Arg, Authorized, Ctx, FieldResolver, Int, Mutation, Resolver, Root } from 'type-graphql';
import type { Context } from '../../common/context';
import { Public } from '../../common/auth/auth-checker';
import { CurrentViewer } from '../../common/auth/current-viewer';
import type { Viewer } from '../../common/auth/viewer';
import { NotFoundError } from '../../common/errors/errors';
import { RateLimit } from '../../common/rate-limit/rate-limit.decorator';
import { Practitioner } from '../practitioner';
import type { PractitionerEntity } from '../practitioner';
import { clientOf } from './client-info';
import type { IdentityService, Session } from './identity.service';
import {
  BeginTwoFactorEnrollmentInput,
  CompleteLoginInput,
  ConfirmTwoFactorEnrollmentInput,
  DisableTwoFactorInput,
  RegenerateRecoveryCodesInput,
} from './two-factor.inputs';
import {
  BeginTwoFactorEnrollmentPayload,
  CompleteLoginPayload,
  ConfirmTwoFactorEnrollmentPayload,
  DisableTwoFactorPayload,
  RegenerateRecoveryCodesPayload,
} from './two-factor.payloads';
import type { TwoFactorService } from './two-factor.service';

async function me(ctx: Context, viewer: Viewer): Promise<PractitionerEntity> {
  const p = await ctx.loaders.practitioner.byId.load(viewer.id);
  if (!p) throw new NotFoundError('Your account');
  return p;
}

/** Two-factor sign-in: enrolment, disabling, recovery codes, and the second step of `login` (docs/api.md, "Accounts"). */
@Resolver()
export class TwoFactorResolver {
  constructor(
    private readonly twoFactor: TwoFactorService,
    private readonly identity: IdentityService,
  ) {}

  @Authorized()
  @RateLimit('factor')
  @Mutation(() => BeginTwoFactorEnrollmentPayload, {
    description:
      'Starts turning on two-factor sign-in: a new TOTP secret, shown this once (a new call replaces it). ' +
      'Confirm with `confirmTwoFactorEnrollment`. A wrong password is BAD_USER_INPUT (`reason` ' +
      'WRONG_PASSWORD); CONFLICT when two-factor sign-in is already on.',
  })
  beginTwoFactorEnrollment(
    @CurrentViewer() viewer: Viewer,
    @Arg('input', () => BeginTwoFactorEnrollmentInput, { description: 'Your password.' })
    input: BeginTwoFactorEnrollmentInput,
  ): Promise<BeginTwoFactorEnrollmentPayload> {
    return this.twoFactor.begin(viewer, input.currentPassword);
  }

  @Authorized()
  @RateLimit('factor')
  @Mutation(() => ConfirmTwoFactorEnrollmentPayload, {
    description:
      'Turns two-factor sign-in on with a code of the new secret, and returns ten recovery codes shown this ' +
      'once. A wrong code is BAD_USER_INPUT (`reason` WRONG_CODE); without an enrolment begun, `reason` ' +
      'NO_PENDING_ENROLLMENT; CONFLICT when it is already on.',
  })
  async confirmTwoFactorEnrollment(
    @CurrentViewer() viewer: Viewer,
    @Arg('input', () => ConfirmTwoFactorEnrollmentInput, { description: 'The code.' })
    input: ConfirmTwoFactorEnrollmentInput,
    @Ctx() ctx: Context,
  ): Promise<ConfirmTwoFactorEnrollmentPayload> {
    const recoveryCodes = await this.twoFactor.confirm(viewer, input.code, clientOf(ctx));
    return { recoveryCodes, practitioner: await me(ctx, viewer) };
  }

  @Authorized()
  @RateLimit('factor')
  @Mutation(() => DisableTwoFactorPayload, {
    description:
      'Turns two-factor sign-in off, with your password and a fresh code (or a recovery code); the recovery ' +
      'codes are deleted and a message tells the account. BAD_USER_INPUT with `reason` WRONG_PASSWORD, ' +
      'WRONG_CODE (wrong, replayed or used) or NOT_ENABLED.',
  })
  async disableTwoFactor(
    @CurrentViewer() viewer: Viewer,
    @Arg('input', () => DisableTwoFactorInput, { description: 'A code and your password.' })
    input: DisableTwoFactorInput,
    @Ctx() ctx: Context,
  ): Promise<DisableTwoFactorPayload> {
    await this.twoFactor.disable(viewer, input.code, input.currentPassword, clientOf(ctx));
    return { practitioner: await me(ctx, viewer) };
  }

  @Authorized()
  @RateLimit('factor')
  @Mutation(() => RegenerateRecoveryCodesPayload, {
    description:
      'Replaces your recovery codes with ten new ones (shown this once), with a fresh code from the app. ' +
      'BAD_USER_INPUT with `reason` WRONG_CODE or NOT_ENABLED.',
  })
  async regenerateRecoveryCodes(
    @CurrentViewer() viewer: Viewer,
    @Arg('input', () => RegenerateRecoveryCodesInput, { description: 'A code from the app.' })
    input: RegenerateRecoveryCodesInput,
    @Ctx() ctx: Context,
  ): Promise<RegenerateRecoveryCodesPayload> {
    const recoveryCodes = await this.twoFactor.regenerate(viewer, input.code, clientOf(ctx));
    return { recoveryCodes, practitioner: await me(ctx, viewer) };
  }

  @Public()
  @Mutation(() => CompleteLoginPayload, {
    description:
      'The second step of signing in to an account with two-factor sign-in: the `challenge` of `login` and a ' +
      'code from the authenticator app (the current one, or one step before or after; each code works once) ' +
      'or an unused recovery code. Then tokens, as `login` gives them. A wrong code is UNAUTHENTICATED ' +
      '(`reason` WRONG_CODE); an unknown, expired (5 minutes) or used challenge, or the fifth wrong code, ' +
      'is UNAUTHENTICATED (`reason` INVALID_CHALLENGE): sign in again. RATE_LIMITED after too many wrong ' +
      'codes for one account or attempts from one IP.',
  })
  async completeLogin(
    @Arg('input', () => CompleteLoginInput, { description: 'The challenge and a code.' })
    input: CompleteLoginInput,
    @Ctx() ctx: Context,
  ): Promise<Session> {
    const account = await this.twoFactor.challengeAccount(input.challenge);
    const subject = { account: account ? `practitioner:${account}` : null, ip: ctx.clientIp };
    await ctx.rateLimiter.consume('factor', subject);
    const session = await this.identity.completeLogin(input.challenge, input.code, clientOf(ctx));
    // The account's budget counts wrong codes: a success gives its point back.
    await ctx.rateLimiter.succeeded('factor', subject);
    return session;
  }
}

/** `Practitioner.twoFactorEnabled` and `recoveryCodesLeft`: for the practitioner alone. */
@Resolver(() => Practitioner)
export class PractitionerTwoFactorResolver {
  constructor(private readonly twoFactor: TwoFactorService) {}

  @FieldResolver(() => Boolean, {
    nullable: true,
    description: 'Whether you have two-factor sign-in on; null unless you are this practitioner.',
  })
  async twoFactorEnabled(@Root() p: PractitionerEntity, @Ctx() ctx: Context): Promise<boolean | null> {
    if (ctx.viewer?.id !== p.id) return null;
    return (await this.twoFactor.status(p.id)).enabled;
  }

  @FieldResolver(() => Int, {
    nullable: true,
    description:
      'How many unused recovery codes you have (0 without two-factor sign-in); null unless you are this ' +
      'practitioner.',
  })
  async recoveryCodesLeft(@Root() p: PractitionerEntity, @Ctx() ctx: Context): Promise<number | null> {
    if (ctx.viewer?.id !== p.id) return null;
    return (await this.twoFactor.status(p.id)).recoveryCodesLeft;
  }
}
