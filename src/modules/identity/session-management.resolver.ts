import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../common/context';
import { CurrentViewer } from '../../common/auth/current-viewer';
import type { Viewer } from '../../common/auth/viewer';
import { RateLimit } from '../../common/rate-limit/rate-limit.decorator';
import { fromGlobalIdOf, toGlobalId } from '../../common/relay/global-id';
import { nodeType } from '../../common/relay/node-registry';
import { BidirectionalConnectionArgs } from '../../common/relay/pagination';
import type { Page } from '../../common/relay/pagination';
import { clientOf } from './client-info';
import { SessionEntity } from './session.entity';
import { canViewSession, SessionManagementService } from './session-management.service';
import {
  EndOtherSessionsPayload,
  EndSessionInput,
  EndSessionPayload,
  Session,
  SESSION_TYPE,
  SessionConnection,
} from './session-management.types';

/** The Node declaration of `Session` (listed in the module manifest): its owner alone reads it. */
export const sessionNode = nodeType<SessionEntity>(SESSION_TYPE, {
  isTypeOf: (value) => value instanceof SessionEntity,
  byId: (ctx, id) => ctx.loaders.identity.sessionById.load(id),
  canRead: (ctx, s) => canViewSession(ctx.viewer, s),
});

@Resolver(() => Session)
export class SessionManagementResolver {
  constructor(private readonly sessions: SessionManagementService) {}

  @Authorized()
  @Query(() => SessionConnection, {
    description:
      'Your open sessions (devices and browsers signed in), newest sign-in first; `isCurrent` marks ' +
      'the one making this request.',
  })
  mySessions(
    @CurrentViewer() viewer: Viewer,
    @Args() args: BidirectionalConnectionArgs,
  ): Promise<Page<SessionEntity>> {
    return this.sessions.list(viewer, args);
  }

  @Authorized()
  @RateLimit('session')
  @Mutation(() => EndSessionPayload, {
    description:
      'Ends one of your sessions (this one too, like `logout`): its refresh token stops working and its ' +
      'WebSockets close (4401) on every instance. NOT_FOUND for an ID that is not one of your open ' +
      'sessions; RATE_LIMITED after too many.',
  })
  async endSession(
    @CurrentViewer() viewer: Viewer,
    @Arg('input', () => EndSessionInput, { description: 'The session.' }) input: EndSessionInput,
    @Ctx() ctx: Context,
  ): Promise<EndSessionPayload> {
    const id = fromGlobalIdOf(SESSION_TYPE, input.sessionId, 'sessionId');
    return { session: await this.sessions.endSession(viewer, id, clientOf(ctx)) };
  }

  @Authorized()
  @RateLimit('session')
  @Mutation(() => EndOtherSessionsPayload, {
    description:
      'Ends every session of yours but the one making this request (their refresh tokens stop working, ' +
      'their WebSockets close with 4401). RATE_LIMITED after too many.',
  })
  async endOtherSessions(
    @CurrentViewer() viewer: Viewer,
    @Ctx() ctx: Context,
  ): Promise<EndOtherSessionsPayload> {
    return { endedCount: await this.sessions.endOtherSessions(viewer, clientOf(ctx)) };
  }

  @FieldResolver(() => ID, { description: 'Opaque global identifier.' })
  id(@Root() session: SessionEntity): string {
    return toGlobalId(SESSION_TYPE, session.id);
  }

  @FieldResolver(() => Boolean, { description: 'Whether this is the session making the request.' })
  isCurrent(@Root() session: SessionEntity, @Ctx() ctx: Context): boolean {
    return ctx.viewer?.sessionId === session.id;
  }

  @FieldResolver(() => Date, {
    nullable: true,
    description: 'When it ended (sign-out, `endSession`, …); null while it is open.',
  })
  endedAt(@Root() session: SessionEntity): Date | null {
    return session.revokedAt;
  }
}
