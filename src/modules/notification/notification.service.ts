import { In } from 'typeorm';
import type { DataSource } from 'typeorm';
import type { Viewer } from '../../common/auth/viewer';
import type { AppPubSub } from '../../common/pubsub/pubsub';
import { NotFoundError } from '../../common/errors/errors';
import { decodeCursor, toPage } from '../../common/relay/pagination';
import type { Page } from '../../common/relay/pagination';
import { isoMicros, sqlParams } from '../../common/relay/batched-connection';
import { NotificationEntity, NotificationPreferenceEntity } from './notification.entity';
import { NotificationType } from './notification.enums';
import type { NotificationEvent, Notifier } from './notifier';

const BATCH = 200;
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

/**
 * Notifications: an in-process queue written in batches after the triggering transactions commit (one
 * INSERT … SELECT per batch that applies the rules: not the actor, type switched on, no block or mute, not a
 * repeat within REPEAT_WINDOW_MINUTES),
 * then each new one is published to its recipient. `drain()` waits until everything queued is written and
 * published: the server calls it on shutdown so nothing queued is lost, and tests await it.
 */
export class NotificationService implements Notifier {
  private queue: NotificationEvent[] = [];
  private running: Promise<void> | null = null;
  /** Recipient look-ups in flight (they queue events when done). */
  private readonly lookups = new Set<Promise<void>>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly pubSub: AppPubSub,
    private readonly onError: (err: unknown) => void = (err) =>
      console.error('notification delivery failed', err),
  ) {}

  notify(...events: NotificationEvent[]): void {
    for (const e of events) if (e.recipientId && e.recipientId !== e.actorId) this.queue.push(e);
    if (this.queue.length && !this.running) this.running = this.run();
  }

  /** Resolves once every event queued so far has been written and published. */
  async drain(): Promise<void> {
    while (this.running || this.lookups.size) {
      await Promise.all(this.lookups);
      if (this.running) await this.running;
    }
  }

  private async run(): Promise<void> {
    // Yield first: the mutation that queued the events answers before any notification is written.
    await new Promise((resolve) => setImmediate(resolve));
    try {
      while (this.queue.length) {
        const batch = this.queue.splice(0, BATCH);
        try {
          await this.write(batch);
        } catch (err) {
          this.onError(err);
        }
      }
    } finally {
      this.running = null;
    }
  }

  private async write(batch: NotificationEvent[]): Promise<void> {
    const rows = batch.map((e) => ({
      recipientId: e.recipientId,
      type: e.type,
      actorId: e.actorId ?? null,
      subjectType: e.subjectType ?? null,
      subjectId: e.subjectId ?? null,
      decision: e.decision ?? null,
      note: e.note ?? null,
      networkId: e.networkId ?? null,
    }));
    const inserted: { id: string; recipientId: string }[] = await this.dataSource.query(
      `INSERT INTO notification ("recipientId", "type", "actorId", "subjectType", "subjectId", "decision", "note")
       SELECT DISTINCT ON (e."recipientId", e."type", e."actorId", e."subjectType",
                           CASE WHEN e."type" = ANY($3::text[]) THEN NULL ELSE e."subjectId" END, e."decision", e."note")
              e."recipientId", e."type"::notification_type, e."actorId", e."subjectType", e."subjectId", e."decision", e."note"
         FROM jsonb_to_recordset($1::jsonb) AS e("recipientId" uuid, "type" text, "actorId" uuid, "subjectType" text,
              "subjectId" uuid, "decision" text, "note" text, "networkId" uuid)
         JOIN practitioner r ON r.id = e."recipientId"
        WHERE e."recipientId" IS DISTINCT FROM e."actorId"
          AND NOT EXISTS (SELECT 1 FROM notification p WHERE p."recipientId" = e."recipientId"
                          AND p."createdAt" > now() - make_interval(mins => $2)
                          AND p."type" = e."type"::notification_type AND p."actorId" IS NOT DISTINCT FROM e."actorId"
                          AND p."subjectType" IS NOT DISTINCT FROM e."subjectType"
                          AND (p."subjectId" IS NOT DISTINCT FROM e."subjectId" OR e."type" = ANY($3::text[]))
                          AND p."decision" IS NOT DISTINCT FROM e."decision" AND p."note" IS NOT DISTINCT FROM e."note")
          AND NOT EXISTS (SELECT 1 FROM notification_preference np WHERE np."practitionerId" = e."recipientId"
                          AND np."type" = e."type" AND np."enabled" = false)
          AND NOT EXISTS (SELECT 1 FROM practitioner_block b WHERE (b."blockerId" = e."recipientId" AND b."blockedId" = e."actorId")
                          OR (b."blockedId" = e."recipientId" AND b."blockerId" = e."actorId"))
          AND NOT EXISTS (SELECT 1 FROM practitioner_mute m WHERE m."muterId" = e."recipientId" AND m."mutedId" = e."actorId")
          AND NOT EXISTS (SELECT 1 FROM network_mute nm WHERE nm."muterId" = e."recipientId" AND nm."networkId" = e."networkId")
       RETURNING id, "recipientId"`,
      [JSON.stringify(rows), REPEAT_WINDOW_MINUTES, SUBJECT_RENEWED],
    );
    for (const n of inserted)
      this.pubSub.publish('NOTIFICATION_RECEIVED', { notificationId: n.id, recipientId: n.recipientId });
  }

  /**
   * The producer hook for legal developments (issue 4): call it after the transaction that publishes one
   * commits. Everyone following the COUNTRY network of one of its countries is told, except its author.
   */
  async legalDevelopmentPublished(development: {
    id: string;
    authorId: string | null;
    countryCodes: string[];
  }): Promise<void> {
    if (!development.countryCodes.length) return;
    const followers: { id: string }[] = await this.dataSource.query(
      `SELECT DISTINCT f."followerId" AS id FROM network n JOIN network_follow f ON f."networkId" = n.id
        WHERE n.kind = 'COUNTRY' AND n."countryCode" = ANY($1::text[])`,
      [development.countryCodes],
    );
    this.notify(
      ...followers.map((f) => ({
        type: NotificationType.LEGAL_DEVELOPMENT_IN_FOLLOWED_COUNTRY,
        recipientId: f.id,
        actorId: development.authorId,
        subjectType: 'LegalDevelopment',
        subjectId: development.id,
      })),
    );
  }

  /** The same, from the id of a development that has just been published (its jurisdiction, if a country). */
  legalDevelopmentPublishedById(id: string): void {
    const run = (async () => {
      const [ld]: { authorId: string | null; country: string | null }[] = await this.dataSource.query(
        `SELECT "authorId", "jurisdictionCountryCode" AS country FROM legal_development WHERE id = $1`,
        [id],
      );
      if (ld?.country)
        await this.legalDevelopmentPublished({ id, authorId: ld.authorId, countryCodes: [ld.country] });
    })().catch((err) => this.onError(err));
    this.lookups.add(run);
    void run.finally(() => this.lookups.delete(run));
  }

  /** The viewer's notifications, newest first (keyset on createdAt, id). */
  async list(
    viewer: Viewer,
    unreadOnly: boolean,
    first: number,
    after: string | null | undefined,
  ): Promise<Page<NotificationEntity>> {
    const { params, bind } = sqlParams();
    let keyset = '';
    if (after) {
      const [at, id] = decodeCursor(after, ['timestamp', 'uuid']);
      keyset = `AND (n."createdAt", n."id") < (${bind(at)}::timestamptz, ${bind(id)}::uuid)`;
    }
    const rows: (NotificationEntity & { cursorAt: string })[] = await this.dataSource.query(
      `SELECT n.*, ${isoMicros('n."createdAt"')} AS "cursorAt" FROM notification n
        WHERE n."recipientId" = ${bind(viewer.id)} ${unreadOnly ? 'AND n."readAt" IS NULL' : ''} ${keyset}
        ORDER BY n."createdAt" DESC, n."id" DESC LIMIT ${bind(first + 1)}`,
      params,
    );
    const repo = this.dataSource.getRepository(NotificationEntity);
    const cursors = new Map(rows.map((r) => [r.id, r.cursorAt]));
    return toPage(
      rows.map((r) => repo.create(r)),
      first,
      (r) => [cursors.get(r.id)!, r.id],
    );
  }

  async unreadCount(viewer: Viewer): Promise<number> {
    const [row]: { n: number }[] = await this.dataSource.query(
      `SELECT count(*)::int AS n FROM notification WHERE "recipientId" = $1 AND "readAt" IS NULL`,
      [viewer.id],
    );
    return row.n;
  }

  /** Marks some of the viewer's notifications read; an id that is not one of theirs is NOT_FOUND. */
  async markRead(viewer: Viewer, ids: string[]): Promise<NotificationEntity[]> {
    const unique = [...new Set(ids)];
    return this.dataSource.transaction(async (manager) => {
      const mine: { id: string }[] = await manager.query(
        `SELECT id FROM notification WHERE id = ANY($1::uuid[]) AND "recipientId" = $2`,
        [unique, viewer.id],
      );
      if (mine.length !== unique.length) throw new NotFoundError('Notification');
      await manager.query(
        `UPDATE notification SET "readAt" = now() WHERE id = ANY($1::uuid[]) AND "readAt" IS NULL`,
        [unique],
      );
      const rows = await manager.getRepository(NotificationEntity).findBy({ id: In(unique) });
      const byId = new Map(rows.map((r) => [r.id, r]));
      return unique.map((id) => byId.get(id)!);
    });
  }

  /** Marks every notification of the viewer read; returns how many were unread. */
  async markAllRead(viewer: Viewer): Promise<number> {
    const result = await this.dataSource
      .createQueryBuilder()
      .update(NotificationEntity)
      .set({ readAt: () => 'now()' })
      .where(`"recipientId" = :id AND "readAt" IS NULL`, { id: viewer.id })
      .execute();
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
