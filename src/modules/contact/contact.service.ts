import type { DataSource, EntityManager } from 'typeorm';
import { VerificationStatus } from '../../common/auth/role';
import type { Viewer } from '../../common/auth/viewer';
import {
  AppError,
  BadUserInputError,
  ConflictError,
  ForbiddenError,
  NotFoundError,
} from '../../common/errors/errors';
import { ErrorCode } from '../../common/errors/error-code';
import { policyScope, query, raw, sql } from '../../common/db/sql';
import { isoMicros } from '../../common/relay/batched-connection';
import { Keyset } from '../../common/relay/keyset';
import { mapPage } from '../../common/relay/pagination';
import type { Page, PageArgs } from '../../common/relay/pagination';
import { toGlobalId } from '../../common/relay/global-id';
import { canViewPractitioner, canWriteContent, visiblePractitioners } from '../practitioner';
import type { PractitionerService } from '../practitioner';
import { ContactEntity, ContactRequestEntity } from './contact.entity';
import { lockContactPair } from './contact-rows';
import { ContactRequestDirection, ContactRequestStatus } from './contact.enums';
import { MAX_CONTACT_MESSAGE } from './contact.inputs';
import { canViewContactRequest, contactRequestReadSql } from './contact.policy';
import { CONTACT_REQUEST_TYPE } from './contact.types';
import type { IdempotencyService } from '../../platform/idempotency/idempotency.service';
import { isBlockedBetween } from '../block';
import { NotificationType } from '../notification-type';
import type { UnitOfWork } from '../../platform/unit-of-work/unit-of-work';

/** One contact of a page: who, since when, and the keyset values. */
export interface ContactRow {
  contactId: string;
  since: Date;
  cursorAt: string;
}

/** The viewer's contacts: most recent first. */
const CONTACTS_ORDER = new Keyset<ContactRow>(
  [
    { column: 'c."since"', kind: 'timestamp' },
    { column: 'c."contactId"', kind: 'uuid' },
  ],
  'DESC',
  (r) => [r.cursorAt, r.contactId],
);

/** Pending contact requests: newest first. */
const CONTACT_REQUESTS_ORDER = new Keyset<ContactRequestEntity & { cursorAt: string }>(
  [
    { column: 'r."createdAt"', kind: 'timestamp' },
    { column: 'r."id"', kind: 'uuid' },
  ],
  'DESC',
  (r) => [r.cursorAt, r.id],
);

/**
 * Contacts: requests, answers, the contact list. A request to someone who already asked you is refused
 * (CONFLICT, with the id of their request in `extensions.requestId`) rather than silently accepting theirs:
 * accepting is the addressee's explicit act, and their message deserves to be read.
 */
export class ContactService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly practitioners: PractitionerService,
    private readonly idempotency: IdempotencyService,
    /** Answers that tell the requester record `notification.requested` in a unit of work. */
    private readonly uow: UnitOfWork,
  ) {}

  /** With an idempotency key, a retry returns the request the first call created and writes nothing. */
  async request(
    viewer: Viewer,
    addresseeId: string,
    message: string | null | undefined,
    idempotencyKey?: string | null,
  ): Promise<ContactRequestEntity> {
    const load = (id: string) => this.dataSource.getRepository(ContactRequestEntity).findOneByOrFail({ id });
    const args = { addresseeId, message: message ?? null };
    const create = await this.idempotency.begin(viewer.id, 'requestContact', idempotencyKey, args, load);
    if (create.earlier) return create.earlier;
    if (!canWriteContent(viewer)) throw new ForbiddenError('Only verified members request contacts.');
    if (addresseeId === viewer.id) {
      throw new BadUserInputError('You cannot be your own contact.', [
        { field: 'practitionerId', message: 'must be someone else' },
      ]);
    }
    const note = message?.trim() || null;
    if (note && [...note].length > MAX_CONTACT_MESSAGE) {
      throw new BadUserInputError('message is too long (1,000 characters at most).', [
        { field: 'message', message: `must be at most ${MAX_CONTACT_MESSAGE} characters long` },
      ]);
    }
    const { result } = await create.run(async (manager, { record }) => {
      await lockContactPair(manager, viewer.id, addresseeId);
      const addressee = await this.practitioners.findById(addresseeId, manager);
      if (!addressee || !canViewPractitioner(viewer, addressee)) throw new NotFoundError('Practitioner');
      if (addressee.verification !== VerificationStatus.VERIFIED)
        throw new ConflictError('Only verified practitioners can become contacts.');
      if (await isBlockedBetween(manager, viewer.id, addresseeId))
        throw new ForbiddenError(
          'You cannot ask this practitioner for contact: one of you blocked the other.',
        );
      if (await manager.existsBy(ContactEntity, { practitionerId: viewer.id, contactId: addresseeId }))
        throw new ConflictError('You are already contacts.');
      const repo = manager.getRepository(ContactRequestEntity);
      const pending = await repo.findOne({
        where: [
          { requesterId: viewer.id, addresseeId, status: ContactRequestStatus.PENDING },
          { requesterId: addresseeId, addresseeId: viewer.id, status: ContactRequestStatus.PENDING },
        ],
      });
      if (pending?.requesterId === viewer.id) throw new ConflictError('You already asked this practitioner.');
      if (pending) {
        throw new AppError(ErrorCode.CONFLICT, 'This practitioner already asked you: answer their request.', {
          requestId: toGlobalId(CONTACT_REQUEST_TYPE, pending.id),
        });
      }
      const saved = await repo.save(repo.create({ requesterId: viewer.id, addresseeId, message: note }));
      // Recorded with the request: a replayed call (rolled back) tells no one a second time.
      record('notification.requested', {
        notifications: [
          {
            type: NotificationType.CONTACT_REQUEST,
            recipientId: addresseeId,
            actorId: viewer.id,
            subjectType: CONTACT_REQUEST_TYPE,
            subjectId: saved.id,
          },
        ],
      });
      return saved;
    });
    return result;
  }

  /** The addressee accepts (verified members only) or declines a pending request. */
  async respond(viewer: Viewer, requestId: string, accept: boolean): Promise<ContactRequestEntity> {
    if (accept && !canWriteContent(viewer))
      throw new ForbiddenError('Only verified members accept contacts.');
    return this.uow.run(async ({ manager, record }) => {
      const request = await this.lockRequest(manager, viewer, requestId);
      if (request.addresseeId !== viewer.id)
        throw new ForbiddenError('Only the addressee answers a contact request.');
      this.requirePending(request);
      if (accept && (await isBlockedBetween(manager, request.requesterId, request.addresseeId)))
        throw new ForbiddenError('You cannot accept: one of you blocked the other.');
      request.status = accept ? ContactRequestStatus.ACCEPTED : ContactRequestStatus.DECLINED;
      request.respondedAt = new Date();
      if (accept) {
        await manager
          .createQueryBuilder()
          .insert()
          .into(ContactEntity)
          .values([
            { practitionerId: request.requesterId, contactId: request.addresseeId },
            { practitionerId: request.addresseeId, contactId: request.requesterId },
          ])
          .orIgnore()
          .updateEntity(false)
          .execute();
      }
      if (accept)
        record('notification.requested', {
          notifications: [
            {
              type: NotificationType.CONTACT_ACCEPTED,
              recipientId: request.requesterId,
              actorId: viewer.id,
              subjectType: 'Practitioner',
              subjectId: viewer.id,
            },
          ],
        });
      return manager.getRepository(ContactRequestEntity).save(request);
    });
  }

  /** The requester withdraws a pending request. */
  cancel(viewer: Viewer, requestId: string): Promise<ContactRequestEntity> {
    return this.dataSource.transaction(async (manager) => {
      const request = await this.lockRequest(manager, viewer, requestId);
      if (request.requesterId !== viewer.id)
        throw new ForbiddenError('Only the requester cancels a contact request.');
      this.requirePending(request);
      request.status = ContactRequestStatus.CANCELLED;
      request.respondedAt = new Date();
      return manager.getRepository(ContactRequestEntity).save(request);
    });
  }

  /** Ends a contact, for both sides; a no-op when not contacts. */
  async remove(viewer: Viewer, practitionerId: string): Promise<true> {
    if (practitionerId === viewer.id) {
      throw new BadUserInputError('You are not your own contact.', [
        { field: 'practitionerId', message: 'must be someone else' },
      ]);
    }
    const removed = await this.dataSource.transaction(async (manager) => {
      await lockContactPair(manager, viewer.id, practitionerId);
      const result = await manager.delete(ContactEntity, [
        { practitionerId: viewer.id, contactId: practitionerId },
        { practitionerId, contactId: viewer.id },
      ]);
      return result.affected ?? 0;
    });
    if (!removed && !(await this.practitioners.findById(practitionerId)))
      throw new NotFoundError('Practitioner');
    return true;
  }

  /** The viewer's contacts, most recent first (keyset on since, contactId). */
  async contacts(viewer: Viewer, page: PageArgs): Promise<Page<ContactRow>> {
    const w = CONTACTS_ORDER.window(page);
    const rows = await query<ContactRow>(
      this.dataSource,
      sql`SELECT c."contactId", c."since", ${raw(isoMicros('c."since"'))} AS "cursorAt"
          FROM contact c JOIN practitioner p ON p.id = c."contactId"
          WHERE c."practitionerId" = ${viewer.id} AND ${visiblePractitioners(viewer, 'p')} ${w.andAfter}
          ORDER BY ${w.orderBy} ${w.limit}`,
    );
    return w.page(rows);
  }

  /** The viewer's pending requests, incoming or outgoing, newest first (keyset on createdAt, id). */
  async pendingRequests(
    viewer: Viewer,
    direction: ContactRequestDirection,
    page: PageArgs,
  ): Promise<Page<ContactRequestEntity>> {
    const [mine, other] =
      direction === ContactRequestDirection.INCOMING
        ? ['addresseeId', 'requesterId']
        : ['requesterId', 'addresseeId'];
    const w = CONTACT_REQUESTS_ORDER.window(page);
    const rows = await query<ContactRequestEntity & { cursorAt: string }>(
      this.dataSource,
      sql`SELECT r.*, ${raw(isoMicros('r."createdAt"'))} AS "cursorAt"
          FROM contact_request r JOIN practitioner p ON p.id = r.${raw(`"${other}"`)}
          WHERE r.${raw(`"${mine}"`)} = ${viewer.id} AND r."status" = ${ContactRequestStatus.PENDING}
            AND ${policyScope(viewer, (v) => contactRequestReadSql(v, 'r'))}
            AND ${visiblePractitioners(viewer, 'p')} ${w.andAfter}
          ORDER BY ${w.orderBy} ${w.limit}`,
    );
    const repo = this.dataSource.getRepository(ContactRequestEntity);
    return mapPage(w.page(rows), (r) => repo.create(r));
  }

  private async lockRequest(
    manager: EntityManager,
    viewer: Viewer,
    id: string,
  ): Promise<ContactRequestEntity> {
    const request = await manager
      .getRepository(ContactRequestEntity)
      .findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!request || !canViewContactRequest(viewer, request)) throw new NotFoundError('Contact request');
    return request;
  }

  private requirePending(request: ContactRequestEntity): void {
    if (request.status !== ContactRequestStatus.PENDING)
      throw new ConflictError(`This request is already ${request.status}.`);
  }
}
