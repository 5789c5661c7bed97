import type { DataSource, EntityManager } from 'typeorm';
import { columnViewer } from '../../common/auth/policy';
import type { SqlViewer } from '../../common/auth/policy';
import { query, raw, sql } from '../../common/db/sql';
import { toGlobalId } from '../../common/relay/global-id';
import type { OutboxConsumer } from '../../platform/outbox/outbox.dispatcher';
import type { DomainEvent } from '../../platform/unit-of-work/events';
import type { Tx, UnitOfWork } from '../../platform/unit-of-work/unit-of-work';
import { NotificationType } from '../notification-type';
import type { SearchProvider } from './search-provider';
import { SEARCH_CONFIGS } from './search-text';
import { SAVED_SEARCH_TYPE, SavedSearchNotify } from './saved-search.types';

const CONSUMER = 'saved-search-notifier';

/** Records matched per outbox batch at most (the rest in a later batch): bounds the consumer's work. */
export const MATCH_PER_BATCH = 200;

/**
 * Tells owners of saved searches about new content that matches them, through the outbox:
 *
 * - **When.** A record enters its listed state (published and visible: the provider's `listedSql`, from the
 *   owning module's policy): indexed for the first time while listed, or a post approved after review, a
 *   live event scheduled, a course published, content restored after hiding. The indexer notices it (each
 *   document remembers whether its record was listed) and records `search.indexed` in the transaction that
 *   indexes the new state; this consumer matches the records then.
 * - **Matching**, one INSERT … SELECT per type and batch: the records' documents (one per language) against
 *   every saved search whose filters admit them (type, language, countries, thematic areas, networks, dates:
 *   array and range tests on the saved-search row, checked before the text), then the saved query's tsquery
 *   against each document's tsvector (or the name match), then the record as a member of the community sees
 *   it once it is out: listed AND the owner's read policy (the same SQL forms `search` uses, with the owner's
 *   practitioner row as the viewer). A moderator's saved search does not see the review queue or hidden
 *   content, an author's not their own draft; a saved search never counts what its owner cannot open. The
 *   cost per record is linear in the saved searches (at most 25 per practitioner), with no scan of the
 *   documents: the text test runs on the records' tsvectors.
 * - **Exactly once** per record and saved search: `saved_search_match`'s primary key; a second delivery, a
 *   re-index or a later publication inserts nothing.
 * - **Throttled**: at most one message per saved search per interval (an hour by default). Matches found
 *   within the interval wait (`notifiedAt` null) for a delayed `saved-search.digest-due` event at its end,
 *   which counts them in one message. Before a message, the matches are checked again (listed, and the
 *   owner's read policy: a block or a hiding since the match is respected).
 */
export class SavedSearchNotifier {
  private readonly byType: Map<string, SearchProvider>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly providers: readonly SearchProvider[],
    private readonly intervalSeconds: number,
  ) {
    this.byType = new Map(providers.map((p) => [p.nodeType, p]));
  }

  /**
   * SQL: the record (`typeSql`, `idSql`) is readable by the viewer `v` (its type's read policy) and listed
   * (published, visible).
   */
  private readableSql(v: SqlViewer, typeSql: string, idSql: string): string {
    const cases = this.providers
      .map((p) => `WHEN '${p.nodeType}' THEN (${p.listedSql(idSql)} AND ${p.readSql(v, idSql)})`)
      .join(' ');
    return `(CASE ${typeSql} ${cases} ELSE FALSE END)`;
  }

  /**
   * Matches records of one type against the saved searches, as a member of the community sees them once
   * they are out: the owner's read policy AND the record's listed state (published, visible: a moderator's
   * or a reviewer's saved search does not see the review queue or hidden content, an author's does not see
   * their own draft). Returns the saved searches that found one now.
   */
  async match(manager: EntityManager, type: string, recordIds: string[]): Promise<string[]> {
    const provider = this.byType.get(type);
    if (!provider || !recordIds.length) return [];
    const config = raw(
      `(CASE d."language" ${SEARCH_CONFIGS.map(([lang, cfg]) => `WHEN '${lang}' THEN '${cfg}'`).join(' ')} ELSE 'simple' END)::regconfig`,
    );
    const name = raw(
      `replace(replace(replace(lower(s."normalizedQuery"), '\\', '\\\\'), '%', '\\%'), '_', '\\_')`,
    );
    const readable = raw(provider.readSql(columnViewer('o'), 'd."recordId"'));
    const listed = raw(provider.listedSql('d."recordId"'));
    const rows = await query<{ savedSearchId: string }>(
      manager,
      sql`INSERT INTO saved_search_match ("savedSearchId", "type", "recordId")
          SELECT DISTINCT s."id", d."type", d."recordId"
            FROM search_document d
            JOIN saved_search s ON s."notify" <> 'OFF'
                 AND (s."types" IS NULL OR ${provider.kind} = ANY(s."types"))
                 AND (s."languages" IS NULL OR d."language" = ANY(s."languages"))
                 AND (s."countryCodes" IS NULL OR d."countryCodes" && s."countryCodes")
                 AND (s."thematicAreaCodes" IS NULL OR d."thematicAreaCodes" && s."thematicAreaCodes")
                 AND (s."networkIds" IS NULL OR d."networkIds" && s."networkIds")
                 AND (s."from" IS NULL OR d."date" >= s."from")
                 AND (s."to" IS NULL OR d."date" < s."to")
            JOIN practitioner o ON o."id" = s."ownerId" AND o."deletedAt" IS NULL
           WHERE d."type" = ${type} AND d."recordId" = ANY(${recordIds}::uuid[]) AND ${listed}
             AND (d."tsv" @@ websearch_to_tsquery(${config}, s."normalizedQuery")
                  OR (d."names" IS NOT NULL AND (d."names" LIKE ${name} || '%' OR d."names" LIKE '% ' || ${name} || '%'
                      OR lower(s."normalizedQuery") <% d."names")))
             AND ${readable}
          ON CONFLICT DO NOTHING
          RETURNING "savedSearchId"`,
    );
    return [...new Set(rows.map((r) => r.savedSearchId))];
  }

  /**
   * Tells the owners of these saved searches of their matches not yet told, where the interval since the
   * last message has passed; else schedules one message at its end (once). In the caller's unit of work.
   */
  async announce(tx: Tx, savedSearchIds: string[]): Promise<void> {
    if (!savedSearchIds.length) return;
    const interval = this.intervalSeconds;
    const searches = await query<{
      id: string;
      ownerId: string;
      name: string;
      notify: SavedSearchNotify;
      due: boolean;
      digestDueAt: string | null;
      pending: boolean;
      nextAt: string;
    }>(
      tx.manager,
      sql`SELECT s."id", s."ownerId", s."name", s."notify", s."digestDueAt",
                 (s."lastNotifiedAt" IS NULL OR s."lastNotifiedAt" <= now() - make_interval(secs => ${interval})) AS "due",
                 EXISTS (SELECT 1 FROM saved_search_match m WHERE m."savedSearchId" = s."id" AND m."notifiedAt" IS NULL) AS "pending",
                 COALESCE(s."lastNotifiedAt", now()) + make_interval(secs => ${interval}) AS "nextAt"
            FROM saved_search s WHERE s."id" = ANY(${savedSearchIds}::uuid[]) ORDER BY s."id" FOR UPDATE`,
    );
    const now = searches.filter((s) => s.due).map((s) => s.id);
    for (const s of searches.filter((x) => !x.due && !x.digestDueAt && x.pending)) {
      const at = new Date(s.nextAt);
      await query(tx.manager, sql`UPDATE saved_search SET "digestDueAt" = ${at} WHERE "id" = ${s.id}`);
      tx.record('saved-search.digest-due', { savedSearchId: s.id }, { availableAt: at });
    }
    if (!now.length) return;
    // The matches not yet told, marked told; counted if the owner may still open them and they are still out.
    const readable = raw(this.readableSql(columnViewer('o'), 'm."type"', 'm."recordId"'));
    const counts = await query<{ savedSearchId: string; count: number }>(
      tx.manager,
      sql`WITH told AS (
            UPDATE saved_search_match m SET "notifiedAt" = now()
             WHERE m."savedSearchId" = ANY(${now}::uuid[]) AND m."notifiedAt" IS NULL
            RETURNING m."savedSearchId", m."type", m."recordId")
          SELECT m."savedSearchId", count(*)::int AS "count"
            FROM told m JOIN saved_search s ON s."id" = m."savedSearchId" JOIN practitioner o ON o."id" = s."ownerId"
           WHERE ${readable}
           GROUP BY m."savedSearchId"`,
    );
    const told = counts.filter((c) => c.count > 0);
    if (!told.length) {
      await query(
        tx.manager,
        sql`UPDATE saved_search SET "digestDueAt" = NULL WHERE "id" = ANY(${now}::uuid[])`,
      );
      return;
    }
    await query(
      tx.manager,
      sql`UPDATE saved_search SET "digestDueAt" = NULL,
                 "lastNotifiedAt" = CASE WHEN "id" = ANY(${told.map((c) => c.savedSearchId)}::uuid[]) THEN now() ELSE "lastNotifiedAt" END
           WHERE "id" = ANY(${now}::uuid[])`,
    );
    const byId = new Map(searches.map((s) => [s.id, s]));
    const inApp = [];
    for (const c of told) {
      const s = byId.get(c.savedSearchId)!;
      if (s.notify === SavedSearchNotify.IN_APP)
        inApp.push({
          type: NotificationType.SAVED_SEARCH_MATCHED,
          recipientId: s.ownerId,
          actorId: null,
          subjectType: SAVED_SEARCH_TYPE,
          subjectId: s.id,
          decision: String(c.count),
        });
      else if (s.notify === SavedSearchNotify.EMAIL_DIGEST)
        tx.record('mail.requested', {
          template: 'saved-search-digest',
          recipientId: s.ownerId,
          params: {
            name: s.name,
            count: String(c.count),
            path: `/search?savedSearch=${encodeURIComponent(toGlobalId(SAVED_SEARCH_TYPE, s.id))}`,
          },
        });
    }
    if (inApp.length) tx.record('notification.requested', { notifications: inApp });
  }

  /** Whether any saved search wants to hear of new matches. */
  private async anyListening(): Promise<boolean> {
    const [row] = await query<{ any: boolean }>(
      this.dataSource,
      sql`SELECT EXISTS (SELECT 1 FROM saved_search WHERE "notify" <> 'OFF') AS "any"`,
    );
    return row.any;
  }

  /**
   * The outbox consumer (idempotent: matches are unique rows; a told match is not told again). It indexes
   * nothing (the indexer records `search.indexed` after it has indexed a record's new state), and matches
   * at most MATCH_PER_BATCH records per batch, one statement per type: the consumers after it in the batch
   * (the completing one among them) wait for a bounded amount of work. The rest is recorded again, in the
   * same transaction, as a `search.indexed` event for a later batch.
   */
  consumer(): OutboxConsumer {
    return {
      name: CONSUMER,
      types: ['search.indexed', 'saved-search.digest-due'],
      handle: async (events: DomainEvent[]) => {
        const records: { type: string; recordId: string }[] = [];
        const due: string[] = [];
        for (const e of events) {
          if (e.type === 'search.indexed')
            records.push(...(e as DomainEvent<'search.indexed'>).payload.records);
          else if (e.type === 'saved-search.digest-due')
            due.push((e as DomainEvent<'saved-search.digest-due'>).payload.savedSearchId);
        }
        // Nothing to match while no saved search listens (one cheap statement).
        if (records.length && !due.length && !(await this.anyListening())) return;
        const now = records.slice(0, MATCH_PER_BATCH);
        const later = records.slice(MATCH_PER_BATCH);
        await this.uow.run(async (tx) => {
          const found = new Set<string>(due);
          const byType = new Map<string, string[]>();
          for (const r of now) byType.set(r.type, [...(byType.get(r.type) ?? []), r.recordId]);
          for (const [type, ids] of byType)
            for (const id of await this.match(tx.manager, type, [...new Set(ids)])) found.add(id);
          await this.announce(tx, [...found]);
          for (let i = 0; i < later.length; i += MATCH_PER_BATCH)
            tx.record('search.indexed', { records: later.slice(i, i + MATCH_PER_BATCH) });
        });
      },
    };
  }
}
