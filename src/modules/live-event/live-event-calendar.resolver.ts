import { Authorized, Ctx, Field, FieldResolver, Mutation, ObjectType, Resolver, Root } from 'type-graphql';
import type { Context } from '../../common/context';
import { CurrentViewer } from '../../common/auth/current-viewer';
import type { Viewer } from '../../common/auth/viewer';
import { COMMUNITY } from '../../common/auth/role';
import { visibleAuthor } from '../content';
import { LiveEventEntity } from './live-event.entity';
import { LiveEventStatus } from './live-event.enums';
import { LiveEvent } from './live-event.types';
import { renderCalendar } from './live-event.calendar';
import { calendarFeedPath, LiveEventCalendarService } from './live-event-calendar.service';

@ObjectType('ResetCalendarFeedPayload', { description: 'Your calendar feed, with its new private URL.' })
export class ResetCalendarFeedPayload {
  @Field(() => String, {
    description:
      'The feed’s private URL, relative to the API’s origin (`/calendar/<token>.ics`): shown only now (only ' +
      'a hash of its token is stored). Anyone who has it reads the feed; reset it if it leaks.',
  })
  url: string;
}

/** Calendars: the iCalendar text of one event, and the member's private feed. */
@Resolver(() => LiveEvent)
export class LiveEventCalendarResolver {
  constructor(private readonly calendars: LiveEventCalendarService) {}

  @FieldResolver(() => String, {
    description:
      'The event as an iCalendar (RFC 5545) file: UID stable across edits, SEQUENCE raised by each change, ' +
      'DTSTART/DTEND in the event’s time zone with its VTIMEZONE; METHOD:CANCEL and STATUS:CANCELLED once ' +
      'cancelled, METHOD:PUBLISH otherwise. Never contains the join URL.',
  })
  async icalendar(@Root() e: LiveEventEntity, @Ctx() ctx: Context): Promise<string> {
    const organizer = await visibleAuthor(ctx, e.authorId);
    return renderCalendar([{ event: e, organizerName: organizer?.displayName ?? null }], {
      cancel: e.status === LiveEventStatus.CANCELLED,
    });
  }

  @Authorized(COMMUNITY)
  @Mutation(() => ResetCalendarFeedPayload, {
    description:
      'Creates your private calendar feed of the live events you registered for, or gives it a new URL ' +
      '(the previous one stops working at once).',
  })
  async resetCalendarFeed(@CurrentViewer() viewer: Viewer): Promise<ResetCalendarFeedPayload> {
    return { url: calendarFeedPath(await this.calendars.resetFeed(viewer)) };
  }
}
