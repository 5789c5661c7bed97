import type { DataSource } from 'typeorm';
import { accountViewer } from '../../common/auth/viewer';
import type { Viewer } from '../../common/auth/viewer';
import { ConflictError, ForbiddenError, NotFoundError } from '../../common/errors/errors';
import type { Page, PageArgs } from '../../common/relay/pagination';
import { query, sql } from '../../common/db/sql';
import type { OutboxConsumer } from '../../platform/outbox/outbox.dispatcher';
import { Keyset, entityPage } from '../../common/relay/keyset';
import { PractitionerEntity } from '../practitioner';
import { loadViewerNetworkScope } from '../network';
import { canViewLiveEvent } from './live-event.policy';
import { NotificationType } from '../notification-type';
import type { Tx, UnitOfWork } from '../../platform/unit-of-work/unit-of-work';
import type { IdempotencyService } from '../../platform/idempotency/idempotency.service';
import { LiveEventEntity, LiveEventRegistrationEntity } from './live-event.entity';
import { LiveEventStatus, RegistrationPolicy, RegistrationStatus } from './live-event.enums';
import { promoteWaiting } from './live-event.service';
import type { LiveEventService } from './live-event.service';

/** A registration and its event after a change (a mutation's payload). */
export interface RegistrationResult {
  registration: LiveEventRegistrationEntity;
  liveEvent: LiveEventEntity;
}

/** Participants oldest first (by registration time, then id). */
export const PARTICIPANT_ORDER = new Keyset<LiveEventRegistrationEntity>(
  [
    { column: 'r."createdAt"', kind: 'timestamp' },
    { column: 'r."id"', kind: 'uuid' },
  ],
  'ASC',
  (r) => [r.createdAt.toISOString(), r.id],
);

/**
 * Registrations: register (or accept an invitation), withdraw, approve, decline, invite. Every change runs
 * under the event's row lock (SELECT … FOR UPDATE), so that the seat counts and the waiting list stay exact
 * under concurrent requests: never above capacity; a freed seat goes to the first waiting person in the same
 * transaction.
 */
export class LiveEventRegistrationService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly idempotency: IdempotencyService,
    private readonly events: LiveEventService,
  ) {}

  /** Moves a registration to `to`, keeping the event's counters in step. */
  private async setStatus(
    tx: Tx,
    event: LiveEventEntity,
    registration: LiveEventRegistrationEntity,
    to: RegistrationStatus,
  ): Promise<void> {
    const from = registration.status;
    if (from === RegistrationStatus.APPROVED) event.registeredCount -= 1;
    if (from === RegistrationStatus.WAITING) event.waitingCount -= 1;
    if (to === RegistrationStatus.APPROVED) event.registeredCount += 1;
    if (to === RegistrationStatus.WAITING) event.waitingCount += 1;
    registration.status = to;
    registration.queuedAt = to === RegistrationStatus.WAITING ? new Date() : null;
    registration.updatedAt = new Date();
    await tx.manager.getRepository(LiveEventRegistrationEntity).save(registration);
    await tx.manager.update(
      LiveEventEntity,
      { id: event.id },
      { registeredCount: event.registeredCount, waitingCount: event.waitingCount },
    );
  }

  /** A seat if one remains, else the waiting list. */
  private seatOrWait(event: LiveEventEntity): RegistrationStatus {
    return event.registeredCount < event.capacity ? RegistrationStatus.APPROVED : RegistrationStatus.WAITING;
  }

  private static requireOpen(event: LiveEventEntity): void {
    if (event.status !== LiveEventStatus.SCHEDULED && event.status !== LiveEventStatus.LIVE)
      throw new ConflictError(`Registration is closed: the event is ${event.status}.`);
  }

  async register(
    viewer: Viewer,
    eventId: string,
    idempotencyKey?: string | null,
  ): Promise<RegistrationResult> {
    const load = (id: string) =>
      this.dataSource.getRepository(LiveEventRegistrationEntity).findOneByOrFail({ id });
    const create = await this.idempotency.begin(
      viewer.id,
      'registerForLiveEvent',
      idempotencyKey,
      { eventId },
      load,
    );
    if (create.earlier) return this.withEvent(create.earlier);
    const { result } = await create.run(async (manager, tx) => {
      const { event } = await this.events.lockVisible(manager, viewer, eventId, false);
      LiveEventRegistrationService.requireOpen(event);
      const repo = manager.getRepository(LiveEventRegistrationEntity);
      let registration = await repo.findOneBy({ eventId, practitionerId: viewer.id });
      const status = registration?.status ?? null;
      if (
        status === RegistrationStatus.APPROVED ||
        status === RegistrationStatus.PENDING ||
        status === RegistrationStatus.WAITING
      )
        throw new ConflictError(`You are registered already (${status}).`);
      // A declined (or withdrawn) registration registers again like a new one: the registration policy
      // decides (APPROVAL: back to PENDING for the organisers to decide again).
      let to: RegistrationStatus;
      if (status === RegistrationStatus.INVITED) to = this.seatOrWait(event);
      else if (event.registrationPolicy === RegistrationPolicy.INVITE_ONLY)
        throw new ForbiddenError('This event is by invitation only.');
      else if (event.registrationPolicy === RegistrationPolicy.APPROVAL) to = RegistrationStatus.PENDING;
      else to = this.seatOrWait(event);
      registration ??= repo.create({
        eventId,
        practitionerId: viewer.id,
        status: RegistrationStatus.WITHDRAWN,
        queuedAt: null,
        createdAt: new Date(),
      });
      await this.setStatus(tx, event, registration, to);
      return registration;
    });
    return this.withEvent(result);
  }

  /**
   * Gives freed seats to the waiting lists of the events that have both (after an account's deletion removed
   * its registrations, outside this module): each event under its row lock, first come first served, with the
   * usual LIVE_EVENT_PROMOTED notifications. Returns how many people were promoted.
   */
  async promoteFreedSeats(): Promise<number> {
    const candidates = await query<{ id: string }>(
      this.dataSource,
      sql`SELECT id FROM live_event
           WHERE "waitingCount" > 0 AND "registeredCount" < capacity AND status IN ('SCHEDULED', 'LIVE')`,
    );
    let promoted = 0;
    for (const { id } of candidates) {
      promoted += await this.uow.run(async (tx) => {
        const event = await tx.manager
          .getRepository(LiveEventEntity)
          .findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
        return event ? promoteWaiting(tx, event) : 0;
      });
    }
    return promoted;
  }

  async withdraw(viewer: Viewer, eventId: string): Promise<RegistrationResult> {
    return this.uow.run(async (tx) => {
      const { event } = await this.events.lockVisible(tx.manager, viewer, eventId, false);
      const registration = await tx.manager
        .getRepository(LiveEventRegistrationEntity)
        .findOneBy({ eventId, practitionerId: viewer.id });
      if (!registration) throw new NotFoundError('Registration');
      if (
        registration.status === RegistrationStatus.WITHDRAWN ||
        registration.status === RegistrationStatus.DECLINED
      )
        throw new ConflictError(`Your registration is ${registration.status} already.`);
      if (event.status === LiveEventStatus.ENDED || event.status === LiveEventStatus.CANCELLED)
        throw new ConflictError(`The event is ${event.status}.`);
      await this.setStatus(tx, event, registration, RegistrationStatus.WITHDRAWN);
      await promoteWaiting(tx, event);
      return { registration, liveEvent: event };
    });
  }

  /** An organiser's decision on a registration (the registration id); locks its event first. */
  private async decide(
    viewer: Viewer,
    registrationId: string,
    work: (tx: Tx, event: LiveEventEntity, registration: LiveEventRegistrationEntity) => Promise<void>,
  ): Promise<RegistrationResult> {
    const found = await this.dataSource
      .getRepository(LiveEventRegistrationEntity)
      .findOneBy({ id: registrationId });
    if (!found) throw new NotFoundError('Registration');
    return this.uow.run(async (tx) => {
      const { event } = await this.events.lockVisible(tx.manager, viewer, found.eventId, true);
      const registration = await tx.manager
        .getRepository(LiveEventRegistrationEntity)
        .findOneByOrFail({ id: registrationId });
      if (event.status === LiveEventStatus.ENDED || event.status === LiveEventStatus.CANCELLED)
        throw new ConflictError(`The event is ${event.status}.`);
      await work(tx, event, registration);
      return { registration, liveEvent: event };
    });
  }

  approve(viewer: Viewer, registrationId: string): Promise<RegistrationResult> {
    return this.decide(viewer, registrationId, async (tx, event, registration) => {
      if (
        registration.status !== RegistrationStatus.PENDING &&
        registration.status !== RegistrationStatus.WAITING
      )
        throw new ConflictError(`A ${registration.status} registration cannot be approved.`);
      if (event.registeredCount >= event.capacity) {
        if (registration.status === RegistrationStatus.WAITING)
          throw new ConflictError('The event is full: no seat to give.');
        await this.setStatus(tx, event, registration, RegistrationStatus.WAITING);
        return;
      }
      await this.setStatus(tx, event, registration, RegistrationStatus.APPROVED);
      tx.record('notification.requested', {
        notifications: [
          {
            type: NotificationType.LIVE_EVENT_REGISTRATION_DECIDED,
            recipientId: registration.practitionerId,
            actorId: null,
            subjectType: 'LiveEvent',
            subjectId: event.id,
            decision: 'APPROVE',
          },
        ],
      });
    });
  }

  decline(viewer: Viewer, registrationId: string): Promise<RegistrationResult> {
    return this.decide(viewer, registrationId, async (tx, event, registration) => {
      if (
        registration.status === RegistrationStatus.DECLINED ||
        registration.status === RegistrationStatus.WITHDRAWN
      )
        throw new ConflictError(`A ${registration.status} registration cannot be declined.`);
      const freed = registration.status === RegistrationStatus.APPROVED;
      await this.setStatus(tx, event, registration, RegistrationStatus.DECLINED);
      tx.record('notification.requested', {
        notifications: [
          {
            type: NotificationType.LIVE_EVENT_REGISTRATION_DECIDED,
            recipientId: registration.practitionerId,
            actorId: null,
            subjectType: 'LiveEvent',
            subjectId: event.id,
            decision: 'DECLINE',
          },
        ],
      });
      if (freed) await promoteWaiting(tx, event);
    });
  }

  async invite(viewer: Viewer, eventId: string, practitionerId: string): Promise<RegistrationResult> {
    const invitee = await this.dataSource.getRepository(PractitionerEntity).findOneBy({ id: practitionerId });
    if (!invitee || invitee.verification !== 'VERIFIED') throw new NotFoundError('Practitioner');
    return this.uow.run(async (tx) => {
      const { event, networkIds, people } = await this.events.lockVisible(tx.manager, viewer, eventId, true);
      LiveEventRegistrationService.requireOpen(event);
      // An invitation is for someone who may see the event (a member of one of its networks, not blocked).
      const guest = accountViewer(invitee);
      const guestScope = await loadViewerNetworkScope(tx.manager, invitee.id)();
      if (!canViewLiveEvent(guest, event, networkIds, people, guestScope))
        throw new ConflictError('They cannot see this event (not a member of its networks, or blocked).');
      const repo = tx.manager.getRepository(LiveEventRegistrationEntity);
      let registration = await repo.findOneBy({ eventId, practitionerId });
      if (
        registration &&
        registration.status !== RegistrationStatus.WITHDRAWN &&
        registration.status !== RegistrationStatus.DECLINED
      )
        throw new ConflictError(`They are ${registration.status} already.`);
      registration ??= repo.create({
        eventId,
        practitionerId,
        status: RegistrationStatus.WITHDRAWN,
        queuedAt: null,
        createdAt: new Date(),
      });
      await this.setStatus(tx, event, registration, RegistrationStatus.INVITED);
      tx.record('notification.requested', {
        notifications: [
          {
            type: NotificationType.LIVE_EVENT_INVITATION,
            recipientId: practitionerId,
            actorId: viewer.id,
            subjectType: 'LiveEvent',
            subjectId: event.id,
          },
        ],
      });
      return { registration, liveEvent: event };
    });
  }

  /** The event of a registration (for the payload). */
  private async withEvent(registration: LiveEventRegistrationEntity): Promise<RegistrationResult> {
    const liveEvent = await this.dataSource
      .getRepository(LiveEventEntity)
      .findOneByOrFail({ id: registration.eventId });
    return { registration, liveEvent };
  }

  /** A page of an event's registrations (organisers only, checked by the caller), optionally of one status. */
  async participants(
    eventId: string,
    status: RegistrationStatus | null | undefined,
    args: PageArgs,
  ): Promise<Page<LiveEventRegistrationEntity>> {
    const qb = this.dataSource.getRepository(LiveEventRegistrationEntity).createQueryBuilder('r');
    const conditions = [sql`r."eventId" = ${eventId}::uuid`];
    if (status) conditions.push(sql`r."status"::text = ${status}`);
    return entityPage(qb, PARTICIPANT_ORDER, PARTICIPANT_ORDER.window(args), conditions);
  }
}

/** After an account's deletion: the events whose seats it held promote their waiting lists. */
export function liveEventSeatsConsumer(registrations: LiveEventRegistrationService): OutboxConsumer {
  return {
    name: 'live-event-seats',
    types: ['practitioner.deleted'],
    async handle() {
      await registrations.promoteFreedSeats();
    },
  };
}
