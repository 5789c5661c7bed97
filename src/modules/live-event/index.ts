import { defineModule } from '../../platform/module/module-manifest';
import type { UnitOfWork } from '../../platform/unit-of-work/unit-of-work';
import type { IdempotencyService } from '../../platform/idempotency/idempotency.service';
import type { ReferenceCatalog } from '../reference';
import type { ContentKinds } from '../content';
import {
  LiveEventCalendarFeedEntity,
  LiveEventEntity,
  LiveEventReminderEntity,
  LiveEventNetworkEntity,
  LiveEventRegistrationEntity,
  LiveEventSpeakerEntity,
} from './live-event.entity';
import { LiveEventService } from './live-event.service';
import { LiveEventRegistrationService } from './live-event-registration.service';
import {
  LiveEventRegistrationResolver,
  LiveEventResolver,
  LiveEventSpeakerResolver,
  liveEventNode,
  liveEventRegistrationNode,
} from './live-event.resolver';
import { createLiveEventLoaders } from './live-event.loaders';
import { LiveEventCalendarService } from './live-event-calendar.service';
import { LiveEventCalendarResolver } from './live-event-calendar.resolver';
import { liveEventContentKind } from './live-event.kind';
import { LiveEventClockService, liveEventClockConsumer } from './live-event-clock.service';
import { LiveEventLiveResolver } from './live-event-live.resolver';

interface LiveEventNeeds {
  catalog: ReferenceCatalog;
  uow: UnitOfWork;
  idempotency: IdempotencyService;
  contentKinds: ContentKinds;
}

/**
 * Live events (issue 13): events as a content kind, who may see and run them, registration with capacity and
 * a waiting list, the filtered list, and calendars (an iCalendar file per event, members' private feeds).
 */
export const liveEventModule = defineModule({
  name: 'live-event',
  entities: [
    LiveEventEntity,
    LiveEventNetworkEntity,
    LiveEventSpeakerEntity,
    LiveEventRegistrationEntity,
    LiveEventCalendarFeedEntity,
    LiveEventReminderEntity,
  ],
  services: (s: LiveEventNeeds, { dataSource }) => {
    s.contentKinds.register(liveEventContentKind);
    const liveEvents = new LiveEventService(dataSource, s.catalog, s.uow, s.idempotency);
    return {
      liveEvents,
      liveEventRegistrations: new LiveEventRegistrationService(dataSource, s.uow, s.idempotency, liveEvents),
      liveEventCalendars: new LiveEventCalendarService(dataSource),
      liveEventClock: new LiveEventClockService(s.uow),
    };
  },
  outboxConsumers: (s) => [liveEventClockConsumer(s.liveEventClock)],
  resolvers: [
    {
      resolver: LiveEventResolver,
      create: (s) => new LiveEventResolver(s.liveEvents, s.liveEventRegistrations, s.catalog),
    },
    LiveEventSpeakerResolver,
    LiveEventRegistrationResolver,
    {
      resolver: LiveEventCalendarResolver,
      create: (s) => new LiveEventCalendarResolver(s.liveEventCalendars),
    },
    LiveEventLiveResolver,
  ],
  loaders: (viewer, _s, { dataSource }) => ({ liveEvent: createLiveEventLoaders(dataSource, viewer) }),
  nodes: [liveEventNode, liveEventRegistrationNode],
});
