import type { DataSource } from 'typeorm';
import { In } from 'typeorm';
import type { Viewer } from '../../common/auth/viewer';
import { BadUserInputError, ConflictError, NotFoundError } from '../../common/errors/errors';
import { toGlobalId } from '../../common/relay/global-id';
import { checkUrl } from '../../common/validation/values';
import { query, sql } from '../../common/db/sql';
import { NETWORK_TYPE } from '../network';
import type { PostEntity, PostService } from '../post';
import { PostVisibility } from '../post';
import type { UnitOfWork } from '../../platform/unit-of-work/unit-of-work';
import type { IdempotencyService } from '../../platform/idempotency/idempotency.service';
import { LiveEventEntity, LiveEventRegistrationEntity } from './live-event.entity';
import { LiveEventStatus, LiveEventVisibility, RegistrationStatus } from './live-event.enums';
import type { LiveEventService } from './live-event.service';
import {
  LiveEventAttendanceEntity,
  LiveEventRecordingEntity,
  LiveEventSummaryEntity,
  LiveEventTranscriptEntity,
  MATERIAL_LIMITS,
} from './live-event-materials.entity';

export const LIVE_EVENT_RECORDING_TYPE = 'LiveEventRecording';
export const LIVE_EVENT_TRANSCRIPT_TYPE = 'LiveEventTranscript';
const LIVE_EVENT_TYPE = 'LiveEvent';
/** The most recordings one event keeps. */
export const MAX_RECORDINGS = 30;

/** Statuses after which recordings, transcripts, a summary and attendance may be kept. */
const UNDER_WAY_OR_OVER: readonly LiveEventStatus[] = [LiveEventStatus.LIVE, LiveEventStatus.ENDED];

function requireStarted(event: LiveEventEntity, what: string): void {
  if (!UNDER_WAY_OR_OVER.includes(event.status))
    throw new ConflictError(`${what} only once the event is LIVE or ENDED (it is ${event.status}).`);
}

function checkText(value: string, field: string, max: number, required: boolean): string {
  if (required && !value.trim())
    throw new BadUserInputError(`${field} cannot be blank.`, [{ field, message: 'cannot be blank' }]);
  if (value.length > max)
    throw new BadUserInputError(`${field} is too long (${max} characters at most).`, [
      { field, message: `must be at most ${max} characters` },
    ]);
  return value;
}

function checkRecordingUrl(value: string): string {
  const url = checkUrl(value, 'url', MATERIAL_LIMITS.url);
  if (!url.startsWith('https://'))
    throw new BadUserInputError('url must be an https URL.', [{ field: 'url', message: 'must use https' }]);
  return url;
}

export interface RecordingResult {
  recording: LiveEventRecordingEntity;
  liveEvent: LiveEventEntity;
}
export interface TranscriptResult {
  transcript: LiveEventTranscriptEntity;
  liveEvent: LiveEventEntity;
}
export interface AttendanceResult {
  registrations: LiveEventRegistrationEntity[];
  liveEvent: LiveEventEntity;
}

/**
 * After the event (issue 13): recordings and transcripts per language, the organisers' summary and the
 * good-practice post made of it, and attendance. Every write runs under the event's row lock, by its
 * organisers (and global moderators), once the event is LIVE or ENDED.
 */
export class LiveEventMaterialsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly idempotency: IdempotencyService,
    private readonly events: LiveEventService,
    private readonly posts: PostService,
  ) {}

  async addRecording(
    viewer: Viewer,
    eventId: string,
    input: { language: string; url: string; title?: string | null; durationSeconds?: number | null },
    idempotencyKey?: string | null,
  ): Promise<RecordingResult> {
    const load = (id: string) => this.recording(id);
    const create = await this.idempotency.begin(
      viewer.id,
      'addLiveEventRecording',
      idempotencyKey,
      { eventId, ...input },
      load,
    );
    if (create.earlier) return this.withEvent(create.earlier);
    const url = checkRecordingUrl(input.url);
    const title = input.title?.trim()
      ? checkText(input.title.trim(), 'title', MATERIAL_LIMITS.title, true)
      : null;
    if (input.durationSeconds != null && !(input.durationSeconds > 0))
      throw new BadUserInputError('durationSeconds must be positive.', [
        { field: 'durationSeconds', message: 'must be positive' },
      ]);
    const { result } = await create.run(async (manager) => {
      const { event } = await this.events.lockVisible(manager, viewer, eventId, true);
      requireStarted(event, 'Recordings can be added');
      const repo = manager.getRepository(LiveEventRecordingEntity);
      if ((await repo.countBy({ eventId })) >= MAX_RECORDINGS)
        throw new ConflictError(`An event keeps ${MAX_RECORDINGS} recordings at most; remove one first.`);
      const recording = await repo.save(
        repo.create({
          eventId,
          language: input.language,
          url,
          title,
          durationSeconds: input.durationSeconds ?? null,
        }),
      );
      return recording;
    });
    return this.withEvent(result);
  }

  async removeRecording(viewer: Viewer, id: string): Promise<{ liveEvent: LiveEventEntity }> {
    const found = await this.dataSource.getRepository(LiveEventRecordingEntity).findOneBy({ id });
    if (!found) throw new NotFoundError('Recording');
    return this.uow.run(async ({ manager }) => {
      const { event } = await this.events.lockVisible(manager, viewer, found.eventId, true);
      requireStarted(event, 'Recordings can be removed');
      const { affected } = await manager.delete(LiveEventRecordingEntity, { id });
      if (!affected) throw new NotFoundError('Recording');
      return { liveEvent: event };
    });
  }

  /** Creates or replaces the transcript in `language`. */
  async setTranscript(
    viewer: Viewer,
    eventId: string,
    language: string,
    body: string,
  ): Promise<TranscriptResult> {
    checkText(body, 'body', MATERIAL_LIMITS.transcript, true);
    return this.uow.run(async ({ manager }) => {
      const { event } = await this.events.lockVisible(manager, viewer, eventId, true);
      requireStarted(event, 'Transcripts can be set');
      const repo = manager.getRepository(LiveEventTranscriptEntity);
      // Under the event's row lock: no concurrent write of the same (event, language).
      const existing = await repo.findOneBy({ eventId, language });
      const transcript = existing ?? repo.create({ eventId, language });
      transcript.body = body;
      transcript.updatedAt = new Date();
      return { transcript: await repo.save(transcript), liveEvent: event };
    });
  }

  async removeTranscript(viewer: Viewer, id: string): Promise<{ liveEvent: LiveEventEntity }> {
    const found = await this.dataSource.getRepository(LiveEventTranscriptEntity).findOneBy({ id });
    if (!found) throw new NotFoundError('Transcript');
    return this.uow.run(async ({ manager }) => {
      const { event } = await this.events.lockVisible(manager, viewer, found.eventId, true);
      requireStarted(event, 'Transcripts can be removed');
      const { affected } = await manager.delete(LiveEventTranscriptEntity, { id });
      if (!affected) throw new NotFoundError('Transcript');
      return { liveEvent: event };
    });
  }

  async setSummary(viewer: Viewer, eventId: string, body: string): Promise<LiveEventEntity> {
    checkText(body, 'summary', MATERIAL_LIMITS.summary, true);
    return this.uow.run(async ({ manager }) => {
      const { event } = await this.events.lockVisible(manager, viewer, eventId, true);
      requireStarted(event, 'A summary can be written');
      const repo = manager.getRepository(LiveEventSummaryEntity);
      const existing = await repo.findOneBy({ eventId });
      if (existing?.postId)
        throw new ConflictError('The summary was published as a post already; edit the post instead.');
      await repo.save(repo.create({ eventId, body, postId: null, updatedAt: new Date() }));
      return event;
    });
  }

  /**
   * Makes the summary a good-practice post by the viewer, in the event's visibility (its networks for a
   * NETWORKS event), submitted for review like any post; once per event.
   */
  async publishSummary(
    viewer: Viewer,
    eventId: string,
    idempotencyKey?: string | null,
  ): Promise<{ liveEvent: LiveEventEntity; post: PostEntity }> {
    const load = (postId: string) => this.posts.readableWithScope(viewer, postId).then((r) => r.post!);
    const create = await this.idempotency.begin(
      viewer.id,
      'publishLiveEventSummary',
      idempotencyKey,
      { eventId },
      load,
    );
    const withEvent = async (post: PostEntity) => ({
      post,
      liveEvent: await this.dataSource.getRepository(LiveEventEntity).findOneByOrFail({ id: eventId }),
    });
    if (create.earlier) return withEvent(create.earlier);
    const { result } = await create.run(async (manager) => {
      const { event, networkIds } = await this.events.lockVisible(manager, viewer, eventId, true);
      requireStarted(event, 'A summary can be published');
      const summary = await manager.getRepository(LiveEventSummaryEntity).findOneBy({ eventId });
      if (!summary) throw new ConflictError('Write the summary first (setLiveEventSummary).');
      if (summary.postId) throw new ConflictError('The summary was published already.');
      const post = await this.posts.createForReview(
        manager,
        viewer,
        postFromSummary(event, summary, networkIds),
      );
      summary.postId = post.id;
      await manager.getRepository(LiveEventSummaryEntity).save(summary);
      return post;
    });
    return withEvent(result);
  }

  /**
   * Records whether APPROVED participants attended (by registration or practitioner ids; LIVE or ENDED
   * events). An unknown id or a registration that is not APPROVED refuses the whole request.
   */
  async recordAttendance(
    viewer: Viewer,
    eventId: string,
    registrationIds: string[],
    practitionerIds: string[],
    attended: boolean,
  ): Promise<AttendanceResult> {
    if (!registrationIds.length && !practitionerIds.length)
      throw new BadUserInputError('Name at least one registration or practitioner.', [
        { field: 'registrationIds', message: 'registrationIds or practitionerIds must not be empty' },
      ]);
    return this.uow.run(async (tx) => {
      const { manager } = tx;
      const { event } = await this.events.lockVisible(manager, viewer, eventId, true);
      requireStarted(event, 'Attendance can be recorded');
      const repo = manager.getRepository(LiveEventRegistrationEntity);
      const rows = await repo.find({
        where: [
          ...(registrationIds.length ? [{ eventId, id: In(registrationIds) }] : []),
          ...(practitionerIds.length ? [{ eventId, practitionerId: In(practitionerIds) }] : []),
        ],
        order: { createdAt: 'ASC', id: 'ASC' },
      });
      const foundIds = new Set(rows.map((r) => r.id));
      const foundPeople = new Set(rows.map((r) => r.practitionerId));
      if (
        registrationIds.some((id) => !foundIds.has(id)) ||
        practitionerIds.some((id) => !foundPeople.has(id))
      )
        throw new NotFoundError('One of the registrations');
      const notApproved = rows.filter((r) => r.status !== RegistrationStatus.APPROVED);
      if (notApproved.length)
        throw new ConflictError('Attendance is recorded for APPROVED participants only.');
      const existing = await manager
        .getRepository(LiveEventAttendanceEntity)
        .findBy({ registrationId: In(rows.map((r) => r.id)) });
      const before = new Map(existing.map((a) => [a.registrationId, a]));
      const now = new Date();
      await manager.getRepository(LiveEventAttendanceEntity).save(
        rows.map((r) => ({
          registrationId: r.id,
          eventId,
          attended,
          attendedAt: attended ? (before.get(r.id)?.attendedAt ?? now) : null,
          recordedById: viewer.id,
        })),
      );
      const newlyAttended = rows.filter((r) => attended && !before.get(r.id)?.attended);
      if (newlyAttended.length)
        tx.record('live-event.attended', {
          liveEventId: eventId,
          practitionerIds: newlyAttended.map((r) => r.practitionerId),
        });
      return { registrations: rows, liveEvent: event };
    });
  }

  /**
   * Records that an APPROVED participant attended when they read the join URL of a LIVE event; writes
   * nothing when attendance is recorded already (either way). A first write records `live-event.attended`
   * in the same transaction.
   */
  async attendOnJoin(registration: LiveEventRegistrationEntity): Promise<void> {
    await this.uow.run(async (tx) => {
      const inserted = await query<{ registrationId: string }>(
        tx.manager,
        sql`INSERT INTO live_event_attendance ("registrationId", "eventId", "attended", "attendedAt", "recordedById")
            VALUES (${registration.id}::uuid, ${registration.eventId}::uuid, TRUE, now(), NULL)
            ON CONFLICT DO NOTHING RETURNING "registrationId"`,
      );
      if (inserted.length)
        tx.record('live-event.attended', {
          liveEventId: registration.eventId,
          practitionerIds: [registration.practitionerId],
        });
    });
  }

  private async recording(id: string): Promise<LiveEventRecordingEntity> {
    return this.dataSource.getRepository(LiveEventRecordingEntity).findOneByOrFail({ id });
  }

  private async withEvent(recording: LiveEventRecordingEntity): Promise<RecordingResult> {
    const liveEvent = await this.dataSource
      .getRepository(LiveEventEntity)
      .findOneByOrFail({ id: recording.eventId });
    return { recording, liveEvent };
  }
}

/** The post a summary becomes: the event's title, areas, countries, language and audience; its body names the event. */
function postFromSummary(event: LiveEventEntity, summary: LiveEventSummaryEntity, networkIds: string[]) {
  const eventId = toGlobalId(LIVE_EVENT_TYPE, event.id);
  // The API has no web address of its own: the body names the event by its global id (node(id:) reads it).
  const link = `\n\n---\n\nFrom the live event “${event.title}” (live event id \`${eventId}\`).`;
  return {
    title: event.title,
    summary: event.summary,
    body: (summary.body + link).slice(0, 50_000),
    language: event.language,
    countryCodes: event.countryCodes,
    thematicAreaCodes: event.thematicAreaCodes,
    visibility:
      event.visibility === LiveEventVisibility.NETWORKS ? PostVisibility.NETWORKS : PostVisibility.COMMUNITY,
    networkIds: networkIds.map((id) => toGlobalId(NETWORK_TYPE, id)),
  };
}
