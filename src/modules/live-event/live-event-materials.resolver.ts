import {
  Arg,
  Authorized,
  Ctx,
  Field,
  FieldResolver,
  ID,
  Int,
  Mutation,
  ObjectType,
  Resolver,
  Root,
} from 'type-graphql';
import type { Context } from '../../common/context';
import { CurrentViewer } from '../../common/auth/current-viewer';
import type { Viewer } from '../../common/auth/viewer';
import { COMMUNITY } from '../../common/auth/role';
import { isVerified } from '../../common/auth/policy';
import { fromGlobalIdOf, toGlobalId } from '../../common/relay/global-id';
import { nodeType } from '../../common/relay/node-registry';
import { RateLimit } from '../../common/rate-limit/rate-limit.decorator';
import {
  RENDERED_HTML_NOTE,
  markdownSourceNote,
  renderMarkdownOnce,
} from '../../common/markdown/render-markdown';
import { Language, LANGUAGES } from '../../common/i18n/language';
import { ListSize } from '../../common/limits/list-size';
import { PRACTITIONER_TYPE } from '../practitioner';
import { Post } from '../post';
import type { PostEntity } from '../post';
import { LiveEventEntity, LiveEventRegistrationEntity } from './live-event.entity';
import { canManageLiveEvent } from './live-event.policy';
import { LiveEvent, LiveEventRegistration } from './live-event.types';
import { canReadLiveEvent, LIVE_EVENT_REGISTRATION_TYPE, LIVE_EVENT_TYPE } from './live-event.resolver';
import { LiveEventRecording, LiveEventTranscript } from './live-event-materials.types';
import { LiveEventRecordingEntity, LiveEventTranscriptEntity } from './live-event-materials.entity';
import {
  MAX_ATTENDANCE_BATCH,
  AddLiveEventRecordingInput,
  PublishLiveEventSummaryInput,
  RecordLiveEventAttendanceInput,
  RemoveLiveEventRecordingInput,
  RemoveLiveEventTranscriptInput,
  SetLiveEventSummaryInput,
  SetLiveEventTranscriptInput,
} from './live-event-materials.inputs';
import {
  MAX_RECORDINGS,
  LIVE_EVENT_RECORDING_TYPE,
  LIVE_EVENT_TRANSCRIPT_TYPE,
  LiveEventMaterialsService,
} from './live-event-materials.service';
import type { AttendanceResult, RecordingResult, TranscriptResult } from './live-event-materials.service';

/** A recording or transcript is read by whoever may read its event. */
async function canReadMaterial(ctx: Context, m: { eventId: string }): Promise<boolean> {
  if (!isVerified(ctx.viewer)) return false;
  const event = await ctx.loaders.liveEvent.byId.load(m.eventId);
  return !!event && canReadLiveEvent(ctx, event);
}

export const liveEventRecordingNode = nodeType<LiveEventRecordingEntity>(LIVE_EVENT_RECORDING_TYPE, {
  isTypeOf: (value) => value instanceof LiveEventRecordingEntity,
  byId: (ctx, id) => ctx.loaders.liveEventMaterials.recordingById.load(id),
  canRead: canReadMaterial,
});

export const liveEventTranscriptNode = nodeType<LiveEventTranscriptEntity>(LIVE_EVENT_TRANSCRIPT_TYPE, {
  isTypeOf: (value) => value instanceof LiveEventTranscriptEntity,
  byId: (ctx, id) => ctx.loaders.liveEventMaterials.transcriptById.load(id),
  canRead: canReadMaterial,
});

/** Whether the viewer organises the event (the event itself is read-guarded where it is reached). */
async function organises(ctx: Context, e: LiveEventEntity): Promise<boolean> {
  return canManageLiveEvent(ctx.viewer, e, { speakers: await ctx.loaders.liveEvent.speakers.load(e.id) });
}

@ObjectType('AddLiveEventRecordingPayload', { description: 'The recording added.' })
export class AddLiveEventRecordingPayload {
  @Field(() => LiveEventRecording, { description: 'The new recording.' })
  recording: LiveEventRecordingEntity;

  @Field(() => LiveEvent, { description: 'Its event.' })
  liveEvent: LiveEventEntity;
}
@ObjectType('RemoveLiveEventRecordingPayload', { description: 'The recording removed.' })
export class RemoveLiveEventRecordingPayload {
  @Field(() => ID, { description: 'The id of the recording removed.' })
  removedRecordingId: string;

  @Field(() => LiveEvent, { description: 'Its event.' })
  liveEvent: LiveEventEntity;
}
@ObjectType('SetLiveEventTranscriptPayload', { description: 'The transcript set.' })
export class SetLiveEventTranscriptPayload {
  @Field(() => LiveEventTranscript, { description: 'The transcript as it is now.' })
  transcript: LiveEventTranscriptEntity;

  @Field(() => LiveEvent, { description: 'Its event.' })
  liveEvent: LiveEventEntity;
}
@ObjectType('RemoveLiveEventTranscriptPayload', { description: 'The transcript removed.' })
export class RemoveLiveEventTranscriptPayload {
  @Field(() => ID, { description: 'The id of the transcript removed.' })
  removedTranscriptId: string;

  @Field(() => LiveEvent, { description: 'Its event.' })
  liveEvent: LiveEventEntity;
}
@ObjectType('SetLiveEventSummaryPayload', { description: 'The summary written.' })
export class SetLiveEventSummaryPayload {
  @Field(() => LiveEvent, { description: 'The event, with its summary.' })
  liveEvent: LiveEventEntity;
}
@ObjectType('PublishLiveEventSummaryPayload', { description: 'The summary made a good-practice post.' })
export class PublishLiveEventSummaryPayload {
  @Field(() => LiveEvent, { description: 'The event (its `summaryPost` set).' })
  liveEvent: LiveEventEntity;

  @Field(() => Post, { description: 'The post, submitted for review (PENDING_REVIEW).' })
  post: PostEntity;
}
@ObjectType('RecordLiveEventAttendancePayload', { description: 'The attendance recorded.' })
export class RecordLiveEventAttendancePayload {
  @ListSize(2 * MAX_ATTENDANCE_BATCH)
  @Field(() => [LiveEventRegistration], { description: 'The registrations concerned, as they are now.' })
  registrations: LiveEventRegistrationEntity[];

  @Field(() => LiveEvent, { description: 'The event (with its `attendeeCount`).' })
  liveEvent: LiveEventEntity;
}

const eventIdOf = (globalId: string) => fromGlobalIdOf(LIVE_EVENT_TYPE, globalId, 'liveEventId');

/** After the event: recordings, transcripts, the summary and its post, attendance (mutations and fields). */
@Resolver(() => LiveEvent)
export class LiveEventMaterialsResolver {
  constructor(private readonly materials: LiveEventMaterialsService) {}

  @Authorized(COMMUNITY)
  @RateLimit('content')
  @Mutation(() => AddLiveEventRecordingPayload, {
    description: 'Adds a recording (https URL) to a LIVE or ENDED event (organisers and moderators).',
  })
  addLiveEventRecording(
    @CurrentViewer() viewer: Viewer,
    @Arg('input', () => AddLiveEventRecordingInput, { description: 'The recording.' })
    input: AddLiveEventRecordingInput,
  ): Promise<RecordingResult> {
    const { liveEventId, idempotencyKey, ...rest } = input;
    return this.materials.addRecording(viewer, eventIdOf(liveEventId), rest, idempotencyKey);
  }

  @Authorized(COMMUNITY)
  @Mutation(() => RemoveLiveEventRecordingPayload, {
    description: 'Removes a recording of a LIVE or ENDED event (organisers and moderators).',
  })
  async removeLiveEventRecording(
    @CurrentViewer() viewer: Viewer,
    @Arg('input', () => RemoveLiveEventRecordingInput, { description: 'The recording.' })
    input: RemoveLiveEventRecordingInput,
  ): Promise<RemoveLiveEventRecordingPayload> {
    const id = fromGlobalIdOf(LIVE_EVENT_RECORDING_TYPE, input.recordingId, 'recordingId');
    const { liveEvent } = await this.materials.removeRecording(viewer, id);
    return { removedRecordingId: input.recordingId, liveEvent };
  }

  @Authorized(COMMUNITY)
  @RateLimit('content')
  @Mutation(() => SetLiveEventTranscriptPayload, {
    description:
      'Sets the transcript of a LIVE or ENDED event in one language, replacing the one there is ' +
      '(organisers and moderators).',
  })
  setLiveEventTranscript(
    @CurrentViewer() viewer: Viewer,
    @Arg('input', () => SetLiveEventTranscriptInput, { description: 'The transcript.' })
    input: SetLiveEventTranscriptInput,
  ): Promise<TranscriptResult> {
    return this.materials.setTranscript(viewer, eventIdOf(input.liveEventId), input.language, input.body);
  }

  @Authorized(COMMUNITY)
  @Mutation(() => RemoveLiveEventTranscriptPayload, {
    description: 'Removes a transcript of a LIVE or ENDED event (organisers and moderators).',
  })
  async removeLiveEventTranscript(
    @CurrentViewer() viewer: Viewer,
    @Arg('input', () => RemoveLiveEventTranscriptInput, { description: 'The transcript.' })
    input: RemoveLiveEventTranscriptInput,
  ): Promise<RemoveLiveEventTranscriptPayload> {
    const id = fromGlobalIdOf(LIVE_EVENT_TRANSCRIPT_TYPE, input.transcriptId, 'transcriptId');
    const { liveEvent } = await this.materials.removeTranscript(viewer, id);
    return { removedTranscriptId: input.transcriptId, liveEvent };
  }

  @Authorized(COMMUNITY)
  @RateLimit('content')
  @Mutation(() => SetLiveEventSummaryPayload, {
    description:
      'Writes (or rewrites) the summary of a LIVE or ENDED event (organisers and moderators), until it is ' +
      'published as a post.',
  })
  async setLiveEventSummary(
    @CurrentViewer() viewer: Viewer,
    @Arg('input', () => SetLiveEventSummaryInput, { description: 'The summary.' })
    input: SetLiveEventSummaryInput,
  ): Promise<SetLiveEventSummaryPayload> {
    return {
      liveEvent: await this.materials.setSummary(viewer, eventIdOf(input.liveEventId), input.summary),
    };
  }

  @Authorized(COMMUNITY)
  @RateLimit('content')
  @Mutation(() => PublishLiveEventSummaryPayload, {
    description:
      'Makes the event’s summary a good-practice post by you, in the event’s audience, submitted for review ' +
      'like any post (organisers and moderators; once per event, CONFLICT after).',
  })
  publishLiveEventSummary(
    @CurrentViewer() viewer: Viewer,
    @Arg('input', () => PublishLiveEventSummaryInput, { description: 'The event.' })
    input: PublishLiveEventSummaryInput,
  ): Promise<PublishLiveEventSummaryPayload> {
    return this.materials.publishSummary(viewer, eventIdOf(input.liveEventId), input.idempotencyKey);
  }

  @Authorized(COMMUNITY)
  @RateLimit('membership')
  @Mutation(() => RecordLiveEventAttendancePayload, {
    description:
      'Records whether APPROVED participants attended a LIVE or ENDED event, by registration or practitioner ' +
      'ids (organisers and moderators).',
  })
  recordLiveEventAttendance(
    @CurrentViewer() viewer: Viewer,
    @Arg('input', () => RecordLiveEventAttendanceInput, { description: 'Who, and whether they attended.' })
    input: RecordLiveEventAttendanceInput,
  ): Promise<AttendanceResult> {
    return this.materials.recordAttendance(
      viewer,
      eventIdOf(input.liveEventId),
      (input.registrationIds ?? []).map((g, i) =>
        fromGlobalIdOf(LIVE_EVENT_REGISTRATION_TYPE, g, `registrationIds[${i}]`),
      ),
      (input.practitionerIds ?? []).map((g, i) =>
        fromGlobalIdOf(PRACTITIONER_TYPE, g, `practitionerIds[${i}]`),
      ),
      input.attended,
    );
  }

  @ListSize(MAX_RECORDINGS)
  @FieldResolver(() => [LiveEventRecording], {
    description: `Its recordings (up to ${MAX_RECORDINGS}), oldest first, optionally in one language.`,
  })
  async recordings(
    @Root() e: LiveEventEntity,
    @Ctx() ctx: Context,
    @Arg('language', () => Language, { nullable: true, description: 'Only this language.' })
    language: Language | null,
  ): Promise<LiveEventRecordingEntity[]> {
    const all = await ctx.loaders.liveEventMaterials.recordings.load(e.id);
    return language ? all.filter((r) => r.language === language) : all;
  }

  @ListSize(LANGUAGES.length)
  @FieldResolver(() => [LiveEventTranscript], {
    description: 'Its transcripts (one per language), optionally in one language.',
  })
  async transcripts(
    @Root() e: LiveEventEntity,
    @Ctx() ctx: Context,
    @Arg('language', () => Language, { nullable: true, description: 'Only this language.' })
    language: Language | null,
  ): Promise<LiveEventTranscriptEntity[]> {
    const all = await ctx.loaders.liveEventMaterials.transcripts.load(e.id);
    return language ? all.filter((t) => t.language === language) : all;
  }

  @FieldResolver(() => String, {
    nullable: true,
    description: `The organisers’ summary of the event; null until written. ${markdownSourceNote('eventSummaryHtml')}`,
  })
  async eventSummary(@Root() e: LiveEventEntity, @Ctx() ctx: Context): Promise<string | null> {
    return (await ctx.loaders.liveEventMaterials.summary.load(e.id))?.body ?? null;
  }

  @FieldResolver(() => String, {
    nullable: true,
    description: `The summary as HTML. ${RENDERED_HTML_NOTE}`,
  })
  async eventSummaryHtml(@Root() e: LiveEventEntity, @Ctx() ctx: Context): Promise<string | null> {
    const summary = await ctx.loaders.liveEventMaterials.summary.load(e.id);
    return summary ? renderMarkdownOnce(ctx, summary.body) : null;
  }

  @FieldResolver(() => Post, {
    nullable: true,
    description:
      'The good-practice post its summary became; null before, or while the post is not visible to you.',
  })
  async summaryPost(@Root() e: LiveEventEntity, @Ctx() ctx: Context): Promise<PostEntity | null> {
    const summary = await ctx.loaders.liveEventMaterials.summary.load(e.id);
    return summary?.postId ? ctx.loaders.liveEventMaterials.post.load(summary.postId) : null;
  }

  @FieldResolver(() => Int, {
    nullable: true,
    description: 'How many participants attended: for its organisers and moderators; null for others.',
  })
  async attendeeCount(@Root() e: LiveEventEntity, @Ctx() ctx: Context): Promise<number | null> {
    if (!(await organises(ctx, e))) return null;
    return ctx.loaders.liveEventMaterials.attendeeCount.load(e.id);
  }
}

@Resolver(() => LiveEventRecording)
export class LiveEventRecordingResolver {
  @FieldResolver(() => ID, { description: 'Opaque global identifier.' })
  id(@Root() r: LiveEventRecordingEntity): string {
    return toGlobalId(LIVE_EVENT_RECORDING_TYPE, r.id);
  }

  @FieldResolver(() => LiveEvent, { description: 'The event.' })
  async liveEvent(@Root() r: LiveEventRecordingEntity, @Ctx() ctx: Context): Promise<LiveEventEntity> {
    return (await ctx.loaders.liveEvent.byId.load(r.eventId))!;
  }
}

@Resolver(() => LiveEventTranscript)
export class LiveEventTranscriptResolver {
  @FieldResolver(() => ID, { description: 'Opaque global identifier.' })
  id(@Root() t: LiveEventTranscriptEntity): string {
    return toGlobalId(LIVE_EVENT_TRANSCRIPT_TYPE, t.id);
  }

  @FieldResolver(() => String, { description: `The transcript as HTML. ${RENDERED_HTML_NOTE}` })
  bodyHtml(@Root() t: LiveEventTranscriptEntity, @Ctx() ctx: Context): string {
    return renderMarkdownOnce(ctx, t.body);
  }

  @FieldResolver(() => LiveEvent, { description: 'The event.' })
  async liveEvent(@Root() t: LiveEventTranscriptEntity, @Ctx() ctx: Context): Promise<LiveEventEntity> {
    return (await ctx.loaders.liveEvent.byId.load(t.eventId))!;
  }
}

/** Attendance on a registration (the registration itself is seen by its person and the organisers). */
@Resolver(() => LiveEventRegistration)
export class LiveEventAttendanceResolver {
  @FieldResolver(() => Boolean, {
    nullable: true,
    description:
      'Whether they attended: null until recorded (by an organiser, or on reading the join URL while LIVE).',
  })
  async attended(@Root() r: LiveEventRegistrationEntity, @Ctx() ctx: Context): Promise<boolean | null> {
    return (await ctx.loaders.liveEventMaterials.attendance.load(r.id))?.attended ?? null;
  }

  @FieldResolver(() => Date, { nullable: true, description: 'When they attended; null unless they did.' })
  async attendedAt(@Root() r: LiveEventRegistrationEntity, @Ctx() ctx: Context): Promise<Date | null> {
    return (await ctx.loaders.liveEventMaterials.attendance.load(r.id))?.attendedAt ?? null;
  }
}
