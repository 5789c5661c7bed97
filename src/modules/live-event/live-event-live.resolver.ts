import { Arg, Authorized, Ctx, ID, Resolver, Root, Subscription } from 'type-graphql';
import { filter, pipe } from '../../common/pubsub/async-iterables';
import type { Context } from '../../common/context';
import { COMMUNITY } from '../../common/auth/role';
import { isVerified } from '../../common/auth/policy';
import { ForbiddenError, NotFoundError, UnauthenticatedError } from '../../common/errors/errors';
import { fromGlobalIdOf } from '../../common/relay/global-id';
import type { Topics } from '../../common/pubsub/pubsub';
import type { LiveEventEntity } from './live-event.entity';
import { LiveEvent } from './live-event.types';
import { canReadLiveEvent, LIVE_EVENT_TYPE } from './live-event.resolver';

type ChangeEvent = Topics['LIVE_EVENT_CHANGED'][0];

/** Live updates of one event (`liveEventChanged`). */
@Resolver(() => LiveEvent)
export class LiveEventLiveResolver {
  @Authorized(COMMUNITY)
  @Subscription(() => LiveEvent, {
    description:
      'The event each time its status changes (scheduled, started, ended, also by the clock, cancelled), its ' +
      'times move or its join URL changes, and when its join URL starts being shown (15 minutes before the ' +
      'start), as you may see it at that moment (`joinUrl` keeps its rule). ' +
      'NOT_FOUND if you cannot see it when subscribing; nothing is delivered while you cannot.',
    subscribe: async ({ args, context }) => {
      const ctx = context as Context;
      if (!ctx.viewer) throw new UnauthenticatedError();
      if (!isVerified(ctx.viewer)) throw new ForbiddenError('Only verified members follow live events.');
      const id = fromGlobalIdOf(LIVE_EVENT_TYPE, args.eventId as string, 'eventId');
      const event = await ctx.loaders.liveEvent.byId.load(id);
      if (!event || !(await canReadLiveEvent(ctx, event))) throw new NotFoundError('Live event');
      // Each delivery is loaded afresh and checked again against the event's read policy by the schema's
      // read guard (visibility, memberships, blocks and hiding as they are at that moment).
      return pipe(
        ctx.pubSub.subscribe('LIVE_EVENT_CHANGED'),
        filter((change: ChangeEvent) => change.liveEventId === id),
      );
    },
  })
  async liveEventChanged(
    @Root() change: ChangeEvent,
    @Ctx() ctx: Context,
    @Arg('eventId', () => ID, { description: 'The event to follow.' }) _eventId: string,
  ): Promise<LiveEventEntity> {
    const event = await ctx.loaders.liveEvent.byId.load(change.liveEventId);
    if (!event) throw new NotFoundError('Live event');
    return event;
  }
}
