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
import { LiveEventRegistrationService, liveEventSeatsConsumer } from './live-event-registration.service';
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
import {
  LiveEventQuestionCommentHiddenResolver,
  LiveEventQuestionHiddenResolver,
} from './live-event-question-moderation.resolver';
import {
  liveEventQuestionCommentContentKind,
  liveEventQuestionContentKind,
} from './live-event-question.kind';
import type { PostService } from '../post';
import { LiveEventMaterialsService } from './live-event-materials.service';
import { createLiveEventMaterialLoaders } from './live-event-materials.loaders';
import {
  LiveEventAttendanceResolver,
  LiveEventMaterialsResolver,
  LiveEventRecordingResolver,
  LiveEventTranscriptResolver,
  liveEventRecordingNode,
  liveEventTranscriptNode,
} from './live-event-materials.resolver';
import {
  LiveEventAttendanceEntity,
  LiveEventRecordingEntity,
  LiveEventSummaryEntity,
  LiveEventTranscriptEntity,
} from './live-event-materials.entity';
import { LiveEventClockService, liveEventClockConsumer } from './live-event-clock.service';
import { LiveEventLiveResolver } from './live-event-live.resolver';
import {
  LiveEventQuestionCommentEntity,
  LiveEventQuestionEntity,
  LiveEventQuestionSettingsEntity,
  LiveEventQuestionUpvoteEntity,
} from './live-event-question.entity';
import { LiveEventQuestionService } from './live-event-question.service';
import {
  LiveEventQuestionResolver,
  LiveEventQuestionsFieldResolver,
  liveEventQuestionNode,
} from './live-event-question.resolver';
import { createLiveEventQuestionLoaders } from './live-event-question.loaders';
import {
  LiveEventQuestionCommentResolver,
  LiveEventQuestionCommentsFieldResolver,
  liveEventQuestionCommentNode,
} from './live-event-question-comment.resolver';

import { LiveEventQuestionDeliveries } from './live-event-question-delivery';
import { VersionFieldResolver } from '../content';
import type { ContentVersionService } from '../content';
import { LiveEvent } from './live-event.types';

/** Language versions of LiveEvent (the `version` field, from the content kernel). */
const LiveEventVersionField = VersionFieldResolver(LiveEvent, 'LiveEvent');

declare module '../../common/context' {
  interface ContextServices {
    liveEventQuestionDeliveries: LiveEventQuestionDeliveries;
  }
}

interface LiveEventNeeds {
  catalog: ReferenceCatalog;
  uow: UnitOfWork;
  idempotency: IdempotencyService;
  contentKinds: ContentKinds;
  posts: PostService;
  contentVersions: ContentVersionService;
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
    LiveEventRecordingEntity,
    LiveEventTranscriptEntity,
    LiveEventSummaryEntity,
    LiveEventAttendanceEntity,
    LiveEventReminderEntity,
    LiveEventQuestionEntity,
    LiveEventQuestionUpvoteEntity,
    LiveEventQuestionSettingsEntity,
    LiveEventQuestionCommentEntity,
  ],
  services: (s: LiveEventNeeds, { dataSource }) => {
    s.contentKinds.register(liveEventContentKind);
    s.contentKinds.register(liveEventQuestionContentKind);
    s.contentKinds.register(liveEventQuestionCommentContentKind);
    const liveEvents = new LiveEventService(dataSource, s.catalog, s.uow, s.idempotency);
    return {
      liveEvents,
      liveEventMaterials: new LiveEventMaterialsService(
        dataSource,
        s.uow,
        s.idempotency,
        liveEvents,
        s.posts,
      ),
      liveEventRegistrations: new LiveEventRegistrationService(dataSource, s.uow, s.idempotency, liveEvents),
      liveEventCalendars: new LiveEventCalendarService(dataSource),
      liveEventClock: new LiveEventClockService(s.uow),
      liveEventQuestions: new LiveEventQuestionService(dataSource, s.uow, s.idempotency, liveEvents),
      liveEventQuestionDeliveries: new LiveEventQuestionDeliveries(dataSource),
    };
  },
  outboxConsumers: (s) => [
    liveEventClockConsumer(s.liveEventClock),
    liveEventSeatsConsumer(s.liveEventRegistrations),
  ],
  contextServices: (s) => ({ liveEventQuestionDeliveries: s.liveEventQuestionDeliveries }),
  resolvers: [
    { resolver: LiveEventVersionField, create: (s) => new LiveEventVersionField(s.contentVersions) },
    {
      resolver: LiveEventResolver,
      create: (s) =>
        new LiveEventResolver(s.liveEvents, s.liveEventRegistrations, s.catalog, s.liveEventMaterials),
    },
    LiveEventSpeakerResolver,
    LiveEventRegistrationResolver,
    {
      resolver: LiveEventCalendarResolver,
      create: (s) => new LiveEventCalendarResolver(s.liveEventCalendars),
    },
    {
      resolver: LiveEventMaterialsResolver,
      create: (s) => new LiveEventMaterialsResolver(s.liveEventMaterials),
    },
    LiveEventRecordingResolver,
    LiveEventTranscriptResolver,
    LiveEventAttendanceResolver,
    LiveEventLiveResolver,
    {
      resolver: LiveEventQuestionResolver,
      create: (s) => new LiveEventQuestionResolver(s.liveEventQuestions),
    },
    {
      resolver: LiveEventQuestionsFieldResolver,
      create: (s) => new LiveEventQuestionsFieldResolver(s.liveEventQuestions),
    },
    {
      resolver: LiveEventQuestionCommentResolver,
      create: (s) => new LiveEventQuestionCommentResolver(s.liveEventQuestions),
    },
    {
      resolver: LiveEventQuestionCommentsFieldResolver,
      create: (s) => new LiveEventQuestionCommentsFieldResolver(s.liveEventQuestions),
    },
    LiveEventQuestionHiddenResolver,
    LiveEventQuestionCommentHiddenResolver,
  ],
  loaders: (viewer, _s, { dataSource }) => ({
    liveEvent: createLiveEventLoaders(dataSource, viewer),
    liveEventMaterials: createLiveEventMaterialLoaders(dataSource),
    liveEventQuestion: createLiveEventQuestionLoaders(dataSource, viewer),
  }),
  nodes: [
    liveEventNode,
    liveEventRegistrationNode,
    liveEventRecordingNode,
    liveEventTranscriptNode,
    liveEventQuestionNode,
    liveEventQuestionCommentNode,
  ],
});

// Used by other modules through this index (kept by scripts/codemods/module-imports.mjs).
export { seedDemoCourseLiveSession } from './live-event-course-demo';
export { seedDemoLiveEvents } from './live-event-demo';
export { listedLiveEventSql, liveEventReadSql } from './live-event.policy';
export { LiveEvent } from './live-event.types';
