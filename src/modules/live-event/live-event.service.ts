import type { DataSource, EntityManager } from 'typeorm';
import { In } from 'typeorm';
import type { Viewer } from '../../common/auth/viewer';
import { BadUserInputError, ConflictError, ForbiddenError, NotFoundError } from '../../common/errors/errors';
import { fromGlobalIdOf } from '../../common/relay/global-id';
import type { Page, PageArgs } from '../../common/relay/pagination';
import { policyScope, query, sql, together } from '../../common/db/sql';
import type { Sql } from '../../common/db/sql';
import { Keyset, entityPage } from '../../common/relay/keyset';
import { checkUrl, refuseNulls } from '../../common/validation/values';
import type { ReferenceCatalog } from '../reference';
import { loadViewerNetworkScope, NETWORK_TYPE, NetworkEntity } from '../network';
import type { ViewerNetworkScope } from '../network';
import { PRACTITIONER_TYPE, PractitionerEntity } from '../practitioner';
import { checkThematicAreas } from '../content';
import { NotificationType } from '../notification-type';
import type { UnitOfWork, Tx } from '../../platform/unit-of-work/unit-of-work';
import type { IdempotencyService } from '../../platform/idempotency/idempotency.service';
import {
  LiveEventEntity,
  LiveEventNetworkEntity,
  LiveEventRegistrationEntity,
  LiveEventSpeakerEntity,
} from './live-event.entity';
import { ACTIVE_REGISTRATION, LiveEventStatus, LiveEventVisibility, SpeakerRole } from './live-event.enums';
import type {
  CreateLiveEventInput,
  LiveEventFilter,
  LiveEventSpeakerInput,
  UpdateLiveEventInput,
} from './live-event.inputs';
import type { LiveEventPeople } from './live-event.policy';
import { scheduleAutoEnd, scheduleBeforeStart } from './live-event-clock.service';
import type { LiveEventChange } from './live-event-clock.service';
import {
  canCreateLiveEvent,
  canManageLiveEvent,
  canViewLiveEvent,
  liveEventReadSql,
} from './live-event.policy';

/** Upcoming first: by start, then id. */
export const LIVE_EVENT_ORDER = new Keyset<LiveEventEntity>(
  [
    { column: 'e."startsAt"', kind: 'timestamp' },
    { column: 'e."id"', kind: 'uuid' },
  ],
  'ASC',
  (e) => [e.startsAt.toISOString(), e.id],
);

/** An IANA time-zone name this runtime knows (checked against Intl). */
export function checkTimeZone(value: string, field = 'timeZone'): string {
  const zones: string[] = (Intl as unknown as { supportedValuesOf(k: string): string[] }).supportedValuesOf(
    'timeZone',
  );
  if (zones.includes(value) || value === 'UTC') return value;
  try {
    // Canonical aliases (e.g. "Europe/Kiev") are accepted by DateTimeFormat though not listed.
    const resolved = new Intl.DateTimeFormat('en', { timeZone: value }).resolvedOptions().timeZone;
    if (value.includes('/') && resolved) return value;
  } catch {
    // not a time zone
  }
  throw new BadUserInputError(`${field} is not an IANA time zone (e.g. "Africa/Niamey").`, [
    { field, message: 'must be an IANA time zone name' },
  ]);
}

function checkTimes(startsAt: Date, endsAt: Date): void {
  if (!(endsAt.getTime() > startsAt.getTime()))
    throw new BadUserInputError('endsAt must be after startsAt.', [
      { field: 'endsAt', message: 'must be after startsAt' },
    ]);
}

function checkJoinUrl(value: string): string {
  const url = checkUrl(value, 'joinUrl');
  if (!url.startsWith('https://'))
    throw new BadUserInputError('joinUrl must be an https URL.', [
      { field: 'joinUrl', message: 'must use https' },
    ]);
  return url;
}

/** The facts the read policy needs of one event, loaded in the caller's transaction. */
export async function loadPeople(
  manager: EntityManager,
  eventId: string,
): Promise<{ networkIds: string[]; people: LiveEventPeople }> {
  const [networks, speakers] = await together(
    manager,
    () => manager.getRepository(LiveEventNetworkEntity).findBy({ eventId }),
    () => manager.getRepository(LiveEventSpeakerEntity).findBy({ eventId }),
  );
  return { networkIds: networks.map((n) => n.networkId), people: { speakers } };
}

/**
 * Live events: creating, editing and running them (schedule, start, end, cancel), and the filtered list.
 * Registrations are in live-event-registration.service.ts.
 */
export class LiveEventService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly catalog: ReferenceCatalog,
    private readonly uow: UnitOfWork,
    private readonly idempotency: IdempotencyService,
  ) {}

  scopeOf(viewer: Viewer, manager: EntityManager = this.dataSource.manager): Promise<ViewerNetworkScope> {
    return loadViewerNetworkScope(manager, viewer.id)();
  }

  private checkCodes(countryCodes?: string[] | null, areas?: string[] | null) {
    const out: { countries?: string[]; areas?: string[] } = {};
    if (countryCodes) {
      const upper = countryCodes.map((c) => c.toUpperCase());
      const unknown = upper.filter((c) => !this.catalog.country(c));
      if (unknown.length)
        throw new BadUserInputError(`Unknown country codes: ${unknown.join(', ')}.`, [
          { field: 'countryCodes', message: `unknown codes ${unknown.join(', ')}` },
        ]);
      out.countries = upper;
    }
    if (areas) out.areas = checkThematicAreas(this.catalog, areas, 'thematicAreaCodes');
    return out;
  }

  private async checkNetworks(globalIds: string[]): Promise<string[]> {
    const ids = globalIds.map((g, i) => fromGlobalIdOf(NETWORK_TYPE, g, `networkIds[${i}]`));
    if (!ids.length) return ids;
    const found = await this.dataSource.getRepository(NetworkEntity).count({ where: { id: In(ids) } });
    if (found !== ids.length) throw new NotFoundError('One of the networks');
    return ids;
  }

  /** The networks the viewer owns (active OWNER memberships). */
  private async ownedNetworkIds(viewer: Viewer): Promise<Set<string>> {
    const rows = await query<{ networkId: string }>(
      this.dataSource,
      sql`SELECT "networkId" FROM network_member
          WHERE "practitionerId" = ${viewer.id} AND "status" = 'ACTIVE' AND "role" = 'OWNER'`,
    );
    return new Set(rows.map((r) => r.networkId));
  }

  private checkVisibility(visibility: LiveEventVisibility, networkIds: string[]): void {
    if (visibility === LiveEventVisibility.NETWORKS && networkIds.length === 0)
      throw new BadUserInputError('A NETWORKS event must be held for at least one network.', [
        { field: 'networkIds', message: 'must not be empty for NETWORKS visibility' },
      ]);
  }

  /** Decodes the speakers and checks they exist and are verified; the author is added as ORGANIZER. */
  private async checkSpeakers(authorId: string, speakers: LiveEventSpeakerInput[]) {
    const list = speakers.map((s, i) => ({
      practitionerId: fromGlobalIdOf(PRACTITIONER_TYPE, s.practitionerId, `speakers[${i}].practitionerId`),
      role: s.role,
    }));
    const ids = list.map((s) => s.practitionerId);
    if (new Set(ids).size !== ids.length || ids.includes(authorId))
      throw new BadUserInputError('Each speaker is listed once (you are listed as ORGANIZER already).', [
        { field: 'speakers', message: 'must list each practitioner once, you excepted' },
      ]);
    if (ids.length) {
      const found = await this.dataSource
        .getRepository(PractitionerEntity)
        .count({ where: { id: In(ids), verification: 'VERIFIED' as never } });
      if (found !== ids.length) throw new NotFoundError('One of the speakers');
    }
    return [{ practitionerId: authorId, role: SpeakerRole.ORGANIZER }, ...list];
  }

  private async writeSpeakers(
    manager: EntityManager,
    eventId: string,
    speakers: { practitionerId: string; role: SpeakerRole }[],
  ): Promise<void> {
    await manager.delete(LiveEventSpeakerEntity, { eventId });
    await manager.insert(
      LiveEventSpeakerEntity,
      speakers.map((s, position) => ({ eventId, ...s, position })),
    );
  }

  /** With an idempotency key, a retry returns the event the first request created and writes nothing. */
  async create(viewer: Viewer, input: CreateLiveEventInput): Promise<LiveEventEntity> {
    const { idempotencyKey, ...args } = input;
    const load = (id: string) => this.dataSource.getRepository(LiveEventEntity).findOneByOrFail({ id });
    const create = await this.idempotency.begin(viewer.id, 'createLiveEvent', idempotencyKey, args, load);
    if (create.earlier) return create.earlier;
    const title = input.title.trim();
    if (!title)
      throw new BadUserInputError('title cannot be blank.', [{ field: 'title', message: 'cannot be blank' }]);
    checkTimes(input.startsAt, input.endsAt);
    const timeZone = checkTimeZone(input.timeZone);
    const joinUrl = input.joinUrl ? checkJoinUrl(input.joinUrl) : null;
    const codes = this.checkCodes(input.countryCodes ?? [], input.thematicAreaCodes ?? []);
    const visibility = input.visibility ?? LiveEventVisibility.COMMUNITY;
    const networkIds = await this.checkNetworks(input.networkIds ?? []);
    this.checkVisibility(visibility, networkIds);
    if (!canCreateLiveEvent(viewer, visibility, networkIds, await this.ownedNetworkIds(viewer)))
      throw new ForbiddenError(
        'Experts, moderators and admins create events for the community; network owners for their own networks.',
      );
    const speakers = await this.checkSpeakers(viewer.id, input.speakers ?? []);
    const { result } = await create.run(async (manager) => {
      const event = await manager.getRepository(LiveEventEntity).save(
        manager.create(LiveEventEntity, {
          authorId: viewer.id,
          title,
          summary: input.summary ?? '',
          body: input.description ?? '',
          language: input.floorLanguage,
          interpretationLanguages: input.interpretationLanguages ?? [],
          thematicAreaCodes: codes.areas ?? [],
          countryCodes: codes.countries ?? [],
          startsAt: input.startsAt,
          endsAt: input.endsAt,
          timeZone,
          visibility,
          status: LiveEventStatus.DRAFT,
          capacity: input.capacity,
          registrationPolicy: input.registrationPolicy,
          joinUrl,
        }),
      );
      if (networkIds.length)
        await manager.insert(
          LiveEventNetworkEntity,
          networkIds.map((networkId) => ({ eventId: event.id, networkId })),
        );
      await this.writeSpeakers(manager, event.id, speakers);
      return event;
    });
    return result;
  }

  /**
   * Locks the event row (FOR UPDATE) and checks the viewer may see it (NOT_FOUND otherwise) and, with
   * `manage`, organise it (FORBIDDEN otherwise).
   */
  async lockVisible(
    manager: EntityManager,
    viewer: Viewer,
    id: string,
    manage: boolean,
  ): Promise<{ event: LiveEventEntity; people: LiveEventPeople; networkIds: string[] }> {
    const event = await manager
      .getRepository(LiveEventEntity)
      .findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!event) throw new NotFoundError('Live event');
    const [{ networkIds, people }, scope] = await together(
      manager,
      () => loadPeople(manager, id),
      () => this.scopeOf(viewer, manager),
    );
    if (!canViewLiveEvent(viewer, event, networkIds, people, scope)) throw new NotFoundError('Live event');
    if (manage && !canManageLiveEvent(viewer, event, people))
      throw new ForbiddenError('Only the event’s organisers and moderators may do this.');
    return { event, people, networkIds };
  }

  async update(viewer: Viewer, input: UpdateLiveEventInput, id: string): Promise<LiveEventEntity> {
    refuseNulls(input, [
      'title',
      'summary',
      'description',
      'floorLanguage',
      'interpretationLanguages',
      'startsAt',
      'endsAt',
      'timeZone',
      'thematicAreaCodes',
      'countryCodes',
      'capacity',
      'registrationPolicy',
      'speakers',
    ]);
    if (input.title !== undefined && !input.title!.trim())
      throw new BadUserInputError('title cannot be blank.', [{ field: 'title', message: 'cannot be blank' }]);
    const timeZone = input.timeZone != null ? checkTimeZone(input.timeZone) : null;
    const joinUrl =
      input.joinUrl === undefined ? undefined : input.joinUrl ? checkJoinUrl(input.joinUrl) : null;
    const codes = this.checkCodes(input.countryCodes, input.thematicAreaCodes);
    return this.uow.run(async (tx) => {
      const { manager } = tx;
      const { event } = await this.lockVisible(manager, viewer, id, true);
      if (event.status !== LiveEventStatus.DRAFT && event.status !== LiveEventStatus.SCHEDULED)
        throw new ConflictError(`A ${event.status} event cannot be edited.`);
      const before = {
        startsAt: event.startsAt.getTime(),
        endsAt: event.endsAt.getTime(),
        timeZone: event.timeZone,
        joinUrl: event.joinUrl,
      };
      const speakers = input.speakers ? await this.checkSpeakers(event.authorId, input.speakers) : null;
      const startsAt = input.startsAt ?? event.startsAt;
      const endsAt = input.endsAt ?? event.endsAt;
      checkTimes(startsAt, endsAt);
      if (input.capacity != null && input.capacity < event.registeredCount)
        throw new BadUserInputError(
          `capacity cannot be below the ${event.registeredCount} approved registrations.`,
          [{ field: 'capacity', message: `must be at least ${event.registeredCount}` }],
        );
      if (input.title != null) event.title = input.title.trim();
      if (input.summary != null) event.summary = input.summary;
      if (input.description != null) event.body = input.description;
      if (input.floorLanguage != null) event.language = input.floorLanguage;
      if (input.interpretationLanguages) event.interpretationLanguages = input.interpretationLanguages;
      if (codes.countries) event.countryCodes = codes.countries;
      if (codes.areas) event.thematicAreaCodes = codes.areas;
      if (timeZone) event.timeZone = timeZone;
      if (input.capacity != null) event.capacity = input.capacity;
      if (input.registrationPolicy != null) event.registrationPolicy = input.registrationPolicy;
      if (joinUrl !== undefined) event.joinUrl = joinUrl;
      event.startsAt = startsAt;
      event.endsAt = endsAt;
      event.editedAt = new Date();
      event.sequence += 1; // under the row lock: every edit is a change calendars show
      await manager.getRepository(LiveEventEntity).save(event);
      if (speakers) await this.writeSpeakers(manager, event.id, speakers);
      if (event.status === LiveEventStatus.SCHEDULED) await announceChanges(tx, viewer, event, before);
      // More seats: the first waiting people are promoted now.
      await promoteWaiting(tx, event);
      return event;
    });
  }

  /** One status change by an organiser: `from` lists the statuses it may leave. */
  async transition(
    viewer: Viewer,
    id: string,
    from: readonly LiveEventStatus[],
    to: LiveEventStatus,
  ): Promise<LiveEventEntity> {
    return this.uow.run(async (tx) => {
      const { manager, record } = tx;
      const { event } = await this.lockVisible(manager, viewer, id, true);
      if (!from.includes(event.status))
        throw new ConflictError(`A ${event.status} event cannot become ${to}.`);
      event.status = to;
      event.sequence += 1; // the calendar's STATUS (and METHOD on cancellation) changes
      await manager.update(LiveEventEntity, { id }, { status: to, sequence: event.sequence });
      record('live-event.changed', { liveEventId: id, change: CHANGE_OF[to] });
      // Reminders for the start; an event left LIVE ends by itself after its end (delayed outbox events).
      if (to === LiveEventStatus.SCHEDULED) scheduleBeforeStart(tx, event);
      if (to === LiveEventStatus.LIVE) scheduleAutoEnd(tx, event);
      if (to === LiveEventStatus.CANCELLED) {
        const registrants = await manager.getRepository(LiveEventRegistrationEntity).find({
          select: { practitionerId: true },
          where: { eventId: id, status: In([...ACTIVE_REGISTRATION]) },
        });
        if (registrants.length)
          record('notification.requested', {
            notifications: registrants.map((r) => ({
              type: NotificationType.LIVE_EVENT_CANCELLED,
              recipientId: r.practitionerId,
              actorId: viewer.id,
              subjectType: 'LiveEvent',
              subjectId: id,
            })),
          });
      }
      return event;
    });
  }

  /** The event if the viewer may see it, else null (mutations turn it into NOT_FOUND). */
  async readable(viewer: Viewer, id: string): Promise<LiveEventEntity | null> {
    const event = await this.dataSource.getRepository(LiveEventEntity).findOneBy({ id });
    if (!event) return null;
    const [{ networkIds, people }, scope] = await Promise.all([
      loadPeople(this.dataSource.manager, id),
      this.scopeOf(viewer),
    ]);
    return canViewLiveEvent(viewer, event, networkIds, people, scope) ? event : null;
  }

  /** A keyset page of the events the viewer may see, upcoming first, narrowed by the filter. */
  async list(
    viewer: Viewer,
    filter: LiveEventFilter | null | undefined,
    args: PageArgs,
  ): Promise<Page<LiveEventEntity>> {
    const f = filter ?? {};
    const conditions: Sql[] = [policyScope(viewer, (v) => liveEventReadSql(v, 'e'))];
    if (f.from) conditions.push(sql`e."endsAt" >= ${f.from.toISOString()}::timestamptz`);
    if (f.to) conditions.push(sql`e."startsAt" < ${f.to.toISOString()}::timestamptz`);
    if (f.status?.length) conditions.push(sql`e."status"::text = ANY(${f.status}::text[])`);
    if (f.thematicAreaCodes?.length) {
      checkThematicAreas(this.catalog, f.thematicAreaCodes, 'filter.thematicAreaCodes');
      conditions.push(sql`e."thematicAreaCodes" && ${f.thematicAreaCodes}::text[]`);
    }
    if (f.countryCodes?.length)
      conditions.push(sql`e."countryCodes" && ${f.countryCodes.map((c) => c.toUpperCase())}::text[]`);
    if (f.networkIds?.length) {
      const ids = f.networkIds.map((g, i) => fromGlobalIdOf(NETWORK_TYPE, g, `filter.networkIds[${i}]`));
      conditions.push(
        sql`EXISTS (SELECT 1 FROM live_event_network fn WHERE fn."eventId" = e."id" AND fn."networkId" = ANY(${ids}::uuid[]))`,
      );
    }
    if (f.registered != null) {
      const mine = sql`EXISTS (SELECT 1 FROM live_event_registration fr WHERE fr."eventId" = e."id"
        AND fr."practitionerId" = ${viewer.id}::uuid AND fr."status" IN ('INVITED', 'PENDING', 'APPROVED', 'WAITING'))`;
      conditions.push(f.registered ? mine : sql`NOT ${mine}`);
    }
    const qb = this.dataSource.getRepository(LiveEventEntity).createQueryBuilder('e');
    return entityPage(qb, LIVE_EVENT_ORDER, LIVE_EVENT_ORDER.window(args), conditions);
  }
}

/** What a status change is called in `live-event.changed`. */
const CHANGE_OF: Record<LiveEventStatus, LiveEventChange> = {
  [LiveEventStatus.DRAFT]: 'TIMES', // never a target
  [LiveEventStatus.SCHEDULED]: 'SCHEDULED',
  [LiveEventStatus.LIVE]: 'STARTED',
  [LiveEventStatus.ENDED]: 'ENDED',
  [LiveEventStatus.CANCELLED]: 'CANCELLED',
};

/**
 * After an edit of a SCHEDULED event (row locked): when its start, end, time zone or join URL changed, its
 * registrants are notified (LIVE_EVENT_CHANGED; never the editor), live subscribers are told, and a moved
 * start gets reminders for the new start (those for the old one do nothing when they fall due).
 */
async function announceChanges(
  tx: Tx,
  viewer: Viewer,
  event: LiveEventEntity,
  before: { startsAt: number; endsAt: number; timeZone: string; joinUrl: string | null },
): Promise<void> {
  const times =
    event.startsAt.getTime() !== before.startsAt ||
    event.endsAt.getTime() !== before.endsAt ||
    event.timeZone !== before.timeZone;
  const joinUrl = event.joinUrl !== before.joinUrl;
  if (!times && !joinUrl) return;
  if (event.startsAt.getTime() !== before.startsAt) scheduleBeforeStart(tx, event);
  tx.record('live-event.changed', { liveEventId: event.id, change: times ? 'TIMES' : 'JOIN_URL' });
  const registrants = await tx.manager.getRepository(LiveEventRegistrationEntity).find({
    select: { practitionerId: true },
    where: { eventId: event.id, status: In([...ACTIVE_REGISTRATION]) },
  });
  if (registrants.length)
    tx.record('notification.requested', {
      notifications: registrants.map((r) => ({
        type: NotificationType.LIVE_EVENT_CHANGED,
        recipientId: r.practitionerId,
        actorId: viewer.id,
        subjectType: 'LiveEvent',
        subjectId: event.id,
      })),
    });
}

/**
 * Fills free seats from the waiting list, first come first served, in the caller's unit of work (the event
 * row is locked); each promoted person is told. Returns how many were promoted.
 */
export async function promoteWaiting(tx: Tx, event: LiveEventEntity): Promise<number> {
  const free = event.capacity - event.registeredCount;
  if (free <= 0 || event.waitingCount <= 0) return 0;
  const promoted = await query<{ practitionerId: string }>(
    tx.manager,
    // A CTE so that the statement reports its rows as a SELECT does (an UPDATE reports [rows, count]).
    sql`WITH promoted AS (
          UPDATE live_event_registration SET "status" = 'APPROVED', "queuedAt" = NULL, "updatedAt" = now()
          WHERE id IN (SELECT id FROM live_event_registration WHERE "eventId" = ${event.id} AND "status" = 'WAITING'
                       ORDER BY "queuedAt", id LIMIT ${free})
          RETURNING "practitionerId", "queuedAt")
        SELECT "practitionerId" FROM promoted`,
  );
  if (!promoted.length) return 0;
  event.registeredCount += promoted.length;
  event.waitingCount -= promoted.length;
  await tx.manager.update(
    LiveEventEntity,
    { id: event.id },
    { registeredCount: event.registeredCount, waitingCount: event.waitingCount },
  );
  tx.record('notification.requested', {
    notifications: promoted.map((p) => ({
      type: NotificationType.LIVE_EVENT_PROMOTED,
      recipientId: p.practitionerId,
      actorId: null,
      subjectType: 'LiveEvent',
      subjectId: event.id,
    })),
  });
  return promoted.length;
}
