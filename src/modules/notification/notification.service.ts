import { In, IsNull } from 'typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { Viewer } from '../../common/auth/viewer';
import type { AppPubSub } from '../../common/pubsub/pubsub';
import type { UnitOfWork } from '../../platform/unit-of-work/unit-of-work';
import { markDone } from '../../platform/outbox/outbox.dispatcher';
import type { OutboxConsumer } from '../../platform/outbox/outbox.dispatcher';
import type { DomainEvent } from '../../platform/unit-of-work/events';
import { NotFoundError } from '../../common/errors/errors';
import { mapPage } from '../../common/relay/pagination';
import type { Page, PageArgs } from '../../common/relay/pagination';
import { empty, fromBind, query, raw, sql } from '../../common/db/sql';
import { blockedBetweenSql, mutesNetworkSql, mutesPractitionerSql } from '../block';
import { countryNetworkIdsSql } from '../network';
import { networkFollowerIdsSql } from '../follow';
import { legalDevelopmentJurisdiction } from '../legal-development';
import { isoMicros } from '../../common/relay/batched-connection';
import { Keyset } from '../../common/relay/keyset';
import { NotificationEntity, NotificationPreferenceEntity } from './notification.entity';
import { NotificationType } from '../notification-type';
import type { NotificationEvent, Notifier } from './notifier';

/**
 * A notification repeating one of the last hour (same actor, recipient, kind, subject, decision and note,
 * read or not) is not written again: invite → withdraw → invite, or endorse → withdraw → endorse, tells once.
 */
export const REPEAT_WINDOW_MINUTES = 60;
/**
 * Kinds whose subject is created anew by each repetition of the act (request → cancel → request makes a new
 * contact request): for the repeat rule, two of them are the same news whatever their subjects.
 */
const SUBJECT_RENEWED: NotificationType[] = [NotificationType.CONTACT_REQUEST];

const NOTIFICATIONS_CONSUMER = 'notifications';

/** A notification to write, with the id of the outbox event that asked for it. */
export type SourcedNotification = NotificationEvent & { eventId: string };

/**
 * Notifications. Services record `notification.requested` (or `legal-development.published`) in their unit
 * of work; the outbox dispatcher hands those events to `notificationConsumer`, which writes them with one
 * INSERT … SELECT applying the rules (not the actor, type switched on, no block or mute, not a repeat within
 * REPEAT_WINDOW_MINUTES) in the statement that marks the events done (so once per event), then publishes
 * each new one to its recipient.
 */
/** The viewer's notifications: newest first. */
const NOTIFICATIONS_ORDER = new Keyset<NotificationEntity & { cursorAt: string }>(
  [
    { column: 'n."createdAt"', kind: 'timestamp' },
    { column: 'n."id"', kind: 'uuid' },
  ],
  'DESC',
  (r) => [r.cursorAt, r.id],
);

export class NotificationService implements Notifier {
  /** `notify` calls whose unit of work has not committed yet. */
  private readonly recording = new Set<Promise<unknown>>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly pubSub: AppPubSub,
    private readonly uow: UnitOfWork,
    private readonly outbox: { drain(): Promise<void> },
    private readonly onError: (err: unknown) => void,
  ) {}

  /** Records the events in a unit of work of their own (for code outside a write's unit, e.g. scripts and tests). */
  notify(...events: NotificationEvent[]): void {
    const notifications = events.filter((e) => e.recipientId && e.recipientId !== e.actorId);
    if (!notifications.length) return;
    const run = this.uow
      .run(async (tx) => tx.record('notification.requested', { notifications }))
      .catch((err: unknown) => this.onError(err));
    this.recording.add(run);
    void run.finally(() => this.recording.delete(run));
  }

  /** Resolves once the events committed on this instance so far have been dispatched (tests, shutdown). */
  async drain(): Promise<void> {
    while (this.recording.size) await Promise.all(this.recording);
    await this.outbox.drain();
  }

  /**
   * Writes the notifications the rules allow, then publishes each new one to its recipient. Each carries the
   * id of the outbox event that asked for it: the same statement marks those events done for this consumer
   * and writes only the notifications of events not marked before, so a redelivered event writes nothing.
   */
  async write(batch: SourcedNotification[], completing: string[] = []): Promise<string[]> {
    const rows = batch
      .filter((e) => e.recipientId && e.recipientId !== e.actorId)
      .map((e) => ({
        recipientId: e.recipientId,
        type: e.type,
        actorId: e.actorId ?? null,
        subjectType: e.subjectType ?? null,
        subjectId: e.subjectId ?? null,
        decision: e.decision ?? null,
        note: e.note ?? null,
        networkId: e.networkId ?? null,
        eventId: e.eventId,
      }));
    if (!batch.length && !completing.length) return [];
    const eventIds = [...new Set(batch.map((e) => e.eventId))];
    // markDone (the outbox's) writes its text with placeholders: fromBind turns it into a fragment.
    const marked = fromBind((bind) => markDone(NOTIFICATIONS_CONSUMER, bind(eventIds), bind(completing)));
    const renewed = SUBJECT_RENEWED;
    const result = await query<{ kind: 'n' | 'e'; id: string; recipientId: string | null }>(
      this.dataSource,
      sql`WITH ${marked}, inserted AS (
       INSERT INTO notification ("recipientId", "type", "actorId", "subjectType", "subjectId", "decision", "note")
       SELECT DISTINCT ON (e."recipientId", e."type", e."actorId", e."subjectType",
                           CASE WHEN e."type" = ANY(${renewed}::text[]) THEN NULL ELSE e."subjectId" END, e."decision", e."note")
              e."recipientId", e."type"::notification_type, e."actorId", e."subjectType", e."subjectId", e."decision", e."note"
         FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS e("recipientId" uuid, "type" text, "actorId" uuid, "subjectType" text,
              "subjectId" uuid, "decision" text, "note" text, "networkId" uuid, "eventId" uuid)
         JOIN marked ON marked.id = e."eventId"
         JOIN practitioner r ON r.id = e."recipientId"
        WHERE e."recipientId" IS DISTINCT FROM e."actorId"
          AND NOT EXISTS (SELECT 1 FROM notification p WHERE p."recipientId" = e."recipientId"
                          AND p."createdAt" > now() - make_interval(mins => ${REPEAT_WINDOW_MINUTES})
                          AND p."type" = e."type"::notification_type AND p."actorId" IS NOT DISTINCT FROM e."actorId"
                          AND p."subjectType" IS NOT DISTINCT FROM e."subjectType"
                          AND (p."subjectId" IS NOT DISTINCT FROM e."subjectId" OR e."type" = ANY(${renewed}::text[]))
                          AND p."decision" IS NOT DISTINCT FROM e."decision" AND p."note" IS NOT DISTINCT FROM e."note")
          AND NOT EXISTS (SELECT 1 FROM notification_preference np WHERE np."practitionerId" = e."recipientId"
                          AND np."type" = e."type" AND np."enabled" = false)
          AND NOT ${raw(blockedBetweenSql('e."recipientId"', 'e."actorId"'))}
          AND NOT ${raw(mutesPractitionerSql('e."recipientId"', 'e."actorId"'))}
          AND NOT ${raw(mutesNetworkSql('e."recipientId"', 'e."networkId"'))}
       RETURNING id, "recipientId")
       SELECT 'n' AS kind, id, "recipientId" FROM inserted
       UNION ALL SELECT 'e', id, NULL FROM marked WHERE complete
       UNION ALL SELECT 'e', id, NULL FROM completed`,
    );
    for (const n of result)
      if (n.kind === 'n')
        this.pubSub.publish('NOTIFICATION_RECEIVED', { notificationId: n.id, recipientId: n.recipientId! });
    return result.filter((r) => r.kind === 'e').map((r) => r.id);
  }

  /**
   * Who hears of a published legal development (issue 4): everyone following the COUNTRY network of one of
   * its countries, except its author.
   */
  async followersOfCountries(
    manager: EntityManager,
    development: { id: string; authorId: string | null; countryCodes: string[] },
  ): Promise<NotificationEvent[]> {
    if (!development.countryCodes.length) return [];
    const followersOfCountries = fromBind((bind) =>
      networkFollowerIdsSql(countryNetworkIdsSql(`${bind(development.countryCodes)}::text[]`)),
    );
    const followers = await query<{ id: string }>(
      manager,
      sql`SELECT DISTINCT followers."followerId" AS id FROM (${followersOfCountries}) followers`,
    );
    return followers.map((f) => ({
      type: NotificationType.LEGAL_DEVELOPMENT_IN_FOLLOWED_COUNTRY,
      recipientId: f.id,
      actorId: development.authorId,
      subjectType: 'LegalDevelopment',
      subjectId: development.id,
    }));
  }

  /** The same, from the id of a development that has just been published (its jurisdiction, if a country). */
  async legalDevelopmentPublishedById(manager: EntityManager, id: string): Promise<NotificationEvent[]> {
    const ld = await legalDevelopmentJurisdiction(manager, id);
    return ld?.country
      ? this.followersOfCountries(manager, { id, authorId: ld.authorId, countryCodes: [ld.country] })
      : [];
  }

  /**
   * The producer hook for a development published outside a unit of work (scripts, tests): records the
   * notifications of its countries' followers; resolves once they are committed to the outbox.
   */
  async legalDevelopmentPublished(development: {
    id: string;
    authorId: string | null;
    countryCodes: string[];
  }): Promise<void> {
    await this.uow.run(async ({ manager, record }) => {
      const notifications = await this.followersOfCountries(manager, development);
      if (notifications.length) record('notification.requested', { notifications });
    });
  }

  /** The viewer's notifications, newest first (keyset on createdAt, id). */
  async list(viewer: Viewer, unreadOnly: boolean, page: PageArgs): Promise<Page<NotificationEntity>> {
    const w = NOTIFICATIONS_ORDER.window(page);
    const rows = await query<NotificationEntity & { cursorAt: string }>(
      this.dataSource,
      sql`SELECT n.*, ${raw(isoMicros('n."createdAt"'))} AS "cursorAt" FROM notification n
          WHERE n."recipientId" = ${viewer.id} ${unreadOnly ? raw('AND n."readAt" IS NULL') : empty} ${w.andAfter}
          ORDER BY ${w.orderBy} ${w.limit}`,
    );
    const repo = this.dataSource.getRepository(NotificationEntity);
    return mapPage(w.page(rows), (r) => repo.create(r));
  }

  async unreadCount(viewer: Viewer): Promise<number> {
    const [row] = await query<{ n: number }>(
      this.dataSource,
      sql`SELECT count(*)::int AS n FROM notification WHERE "recipientId" = ${viewer.id} AND "readAt" IS NULL`,
    );
    return row.n;
  }

  /** Marks some of the viewer's notifications read; an id that is not one of theirs is NOT_FOUND. */
  async markRead(viewer: Viewer, ids: string[]): Promise<NotificationEntity[]> {
    const unique = [...new Set(ids)];
    return this.dataSource.transaction(async (manager) => {
      const mine = await query<{ id: string }>(
        manager,
        sql`SELECT id FROM notification WHERE id = ANY(${unique}::uuid[]) AND "recipientId" = ${viewer.id}`,
      );
      if (mine.length !== unique.length) throw new NotFoundError('Notification');
      await query(
        manager,
        sql`UPDATE notification SET "readAt" = now() WHERE id = ANY(${unique}::uuid[]) AND "readAt" IS NULL`,
      );
      const rows = await manager.getRepository(NotificationEntity).findBy({ id: In(unique) });
      const byId = new Map(rows.map((r) => [r.id, r]));
      return unique.map((id) => byId.get(id)!);
    });
  }

  /** Marks every notification of the viewer read; returns how many were unread. */
  async markAllRead(viewer: Viewer): Promise<number> {
    const result = await this.dataSource
      .getRepository(NotificationEntity)
      .update({ recipientId: viewer.id, readAt: IsNull() }, { readAt: () => 'now()' });
    return result.affected ?? 0;
  }

  async preferences(viewer: Viewer): Promise<{ type: NotificationType; enabled: boolean }[]> {
    const rows = await this.dataSource
      .getRepository(NotificationPreferenceEntity)
      .findBy({ practitionerId: viewer.id });
    const off = new Set(rows.filter((r) => !r.enabled).map((r) => r.type));
    return Object.values(NotificationType).map((type) => ({ type, enabled: !off.has(type) }));
  }

  async updatePreferences(
    viewer: Viewer,
    changes: { type: NotificationType; enabled: boolean }[],
  ): Promise<{ type: NotificationType; enabled: boolean }[]> {
    // One row per type (the last change of a type wins): an upsert cannot touch a row twice.
    const byType = new Map(changes.map((c) => [c.type, c.enabled]));
    if (byType.size)
      await this.dataSource
        .createQueryBuilder()
        .insert()
        .into(NotificationPreferenceEntity)
        .values([...byType].map(([type, enabled]) => ({ practitionerId: viewer.id, type, enabled })))
        .orUpdate(['enabled'], ['practitionerId', 'type'])
        .updateEntity(false)
        .execute();
    return this.preferences(viewer);
  }

  /** Of these notifications, those of the recipient (for the node fetcher and the subscription). */
  async byIds(ids: readonly string[]): Promise<NotificationEntity[]> {
    return this.dataSource.getRepository(NotificationEntity).findBy({ id: In([...ids]) });
  }
}

/**
 * The outbox consumer that turns events into notifications (in one statement per batch that also marks the
 * events done for it: see `NotificationService.write`).
 */
export function notificationConsumer(
  notifications: NotificationService,
  manager: EntityManager,
): OutboxConsumer {
  return {
    name: NOTIFICATIONS_CONSUMER,
    types: ['notification.requested', 'legal-development.published'],
    completes: true,
    async handle(events: DomainEvent[], completing: string[]) {
      const batch: SourcedNotification[] = [];
      for (const event of events) {
        const requests =
          event.type === 'notification.requested'
            ? // Recorded by this module's producers as NotificationEvent (read back from JSON).
              ((event as DomainEvent<'notification.requested'>).payload.notifications as NotificationEvent[])
            : await notifications.legalDevelopmentPublishedById(
                manager,
                (event as DomainEvent<'legal-development.published'>).payload.legalDevelopmentId,
              );
        for (const r of requests) batch.push({ ...r, eventId: event.id });
      }
      return notifications.write(batch, completing);
    },
  };
}
