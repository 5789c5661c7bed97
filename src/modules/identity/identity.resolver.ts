import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import type { Context } from '../../common/context';
import { RateLimit } from '../../common/rate-limit/rate-limit.decorator';
import { Public } from '../../common/auth/auth-checker';
import { BadUserInputError } from '../../common/errors/errors';
import { IdentityService } from './identity.service';
import type { LoginOutcome, RegisterOutcome, Session } from './identity.service';
import { LoginInput, LogoutInput, RefreshSessionInput, RegisterInput } from './identity.inputs';
import { clientOf } from './client-info';
import { LoginPayload, LogoutPayload, RefreshSessionPayload, RegisterPayload } from './identity.types';

function checkTokenArg(token: string): void {
  if (token.length === 0 || token.length > 200) {
    throw new BadUserInputError('refreshToken is malformed.', [
      { field: 'refreshToken', message: 'must be 1 to 200 characters' },
    ]);
  }
}

@Resolver()
export class IdentityResolver {
  constructor(private readonly identity: IdentityService) {}

  @Public()
  @RateLimit('register')
  @Mutation(() => RegisterPayload, {
    description:
      'Creates an account (PENDING until vetted); sign in with `login` next. The answer is the same (and ' +
      'takes about as long) when the address already has an account, in which case nothing is written: ' +
      'registering reveals nobody’s membership. Invalid input is BAD_USER_INPUT; RATE_LIMITED after too ' +
      'many registrations from one IP.',
  })
  register(
    @Arg('input', () => RegisterInput, { description: 'The new account.' }) input: RegisterInput,
  ): Promise<RegisterOutcome> {
    return this.identity.register(input);
  }

  @Public()
  @Mutation(() => LoginPayload, {
    description:
      'Signs in. For an account with two-factor sign-in, opens no session: the answer has ' +
      '`secondFactorRequired` and a `challenge` for `completeLogin`. A wrong password and an unknown e-mail get the same UNAUTHENTICATED error. RATE_LIMITED ' +
      '(with `extensions.retryAfterSeconds`) after too many failures in a row for one e-mail from one IP, ' +
      'many more failures for one e-mail from anywhere, or too many attempts from one IP.',
  })
  async login(
    @Arg('input', () => LoginInput, { description: 'E-mail and password.' }) input: LoginInput,
    @Ctx() ctx: Context,
  ): Promise<LoginOutcome> {
    const subject = { account: `email:${input.email.trim().toLowerCase()}`, ip: ctx.clientIp };
    await ctx.rateLimiter.consume('login', subject);
    const session = await this.identity.login(input, clientOf(ctx));
    // The budgets per address count failures: a success forgets this client's and gives back its point.
    await ctx.rateLimiter.succeeded('login', subject);
    return session;
  }

  @Public()
  @Mutation(() => RefreshSessionPayload, {
    description:
      'Trades a refresh token for new tokens (rotation). Reusing a rotated token ends the whole session.',
  })
  refreshSession(
    @Arg('input', () => RefreshSessionInput, { description: 'The refresh token.' })
    { refreshToken }: RefreshSessionInput,
    @Ctx() ctx: Context,
  ): Promise<Session> {
    checkTokenArg(refreshToken);
    return this.identity.refresh(refreshToken, clientOf(ctx));
  }

  @Public()
  @Mutation(() => LogoutPayload, {
    description:
      'Ends the session of this refresh token (`sessionEnded` says whether a live session was ended).',
  })
  async logout(
    @Arg('input', () => LogoutInput, { description: 'The refresh token.' }) { refreshToken }: LogoutInput,
    @Ctx() ctx: Context,
  ): Promise<LogoutPayload> {
    checkTokenArg(refreshToken);
    return { sessionEnded: await this.identity.logout(refreshToken, clientOf(ctx)) };
  }
}
