import type { DataSource, EntityManager } from 'typeorm';
import { query, raw, sql } from '../../common/db/sql';
import { queryPrepared } from '../../common/db/prepared';
import type { UnitOfWork } from '../../platform/unit-of-work/unit-of-work';
import type { SearchProvider, SearchSource } from './search-provider';
import { normalizeSearchText, searchConfig } from './search-text';
import { openByTypeSql } from './search-access';

/** How many dirty records one pass indexes. */
const BATCH = 500;

/**
 * Brings `search_document` up to date with the records marked in `search_dirty`. The marks are written by
 * triggers in the writer's own transaction; a background catch-up indexes them shortly after they commit,
 * and `catchUp` also runs before every search reads (the dirty table is empty most of the time: one cheap
 * statement), so a search always sees the text as committed. Besides the text, each document
 * holds whether its record is open to every member and who can hide it by a block (search-access.ts,
 * computed here with the type's read policy); membership, blocks and the rest of the policy are read live by
 * the search statement.
 */
export class SearchIndexer {
  private readonly byType: Map<string, SearchProvider>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly providers: readonly SearchProvider[],
    /** SQL: a language version (`content_version` row `alias`) is shown to every reader; none when absent. */
    private readonly publicVersionSql?: (alias: string) => string,
    /**
     * When given, each pass runs in a unit of work and records `search.indexed` with the records that entered
     * their listed state (published and visible) with it, first indexing included (saved searches match them).
     */
    private readonly uow?: UnitOfWork,
  ) {
    this.byType = new Map(providers.map((p) => [p.nodeType, p]));
  }

  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;

  /**
   * Indexes everything marked dirty (in batches); returns how many records were (re)indexed. The search path
   * (`wait`, the default) waits for marks another pass holds (a concurrent search or the background catch-up)
   * until that pass commits, so that a search reads only after every committed change is indexed; the
   * background catch-up skips them (`wait: false`).
   */
  async catchUp({ wait = true }: { wait?: boolean } = {}): Promise<number> {
    const [{ pending }] = await query<{ pending: boolean }>(
      this.dataSource,
      sql`SELECT EXISTS (SELECT 1 FROM search_dirty) AS "pending"`,
    );
    if (!pending) return 0;
    let total = 0;
    for (;;) {
      const n = await this.pass(wait);
      total += n;
      // A waiting pass may return fewer marks than it asked for (those another pass took meanwhile): it
      // goes on until a pass finds none.
      if (wait ? n === 0 : n < BATCH) return total;
    }
  }

  /**
   * The background catch-up (every instance may run it; SKIP LOCKED shares the marks): every `intervalMs`,
   * whatever was written since is indexed, so that searches rarely find marks to index. 0 turns it off.
   */
  startBackground(intervalMs: number, onError: (err: unknown) => void): void {
    if (intervalMs <= 0 || this.timer) return;
    const tick = () => {
      this.running = this.catchUp({ wait: false })
        .catch(onError)
        .finally(() => {
          this.running = null;
          if (this.timer) this.timer = setTimeout(tick, intervalMs).unref();
        });
    };
    this.timer = setTimeout(tick, intervalMs).unref();
  }

  /** Stops the background catch-up, waiting for a pass in flight. */
  async stopBackground(): Promise<void> {
    const timer = this.timer;
    this.timer = null;
    if (timer) clearTimeout(timer);
    await this.running;
  }

  /** One more document per language version a record has (its shown translations), with the record's facts. */
  private async versionSources(
    m: EntityManager,
    type: string,
    sources: SearchSource[],
  ): Promise<SearchSource[]> {
    if (!this.publicVersionSql || !sources.length) return [];
    const versions = await query<{ contentId: string; language: string; title: string; body: string }>(
      m,
      sql`SELECT cv."contentId", cv."language", cv."title", concat_ws(E'\n', cv."summary", cv."body") AS "body"
            FROM content_version cv
           WHERE cv."kind" = ${type} AND cv."contentId" = ANY(${sources.map((s) => s.recordId)}::uuid[])
             AND ${raw(this.publicVersionSql('cv'))}`,
    );
    const byId = new Map(sources.map((s) => [s.recordId, s]));
    return versions.flatMap((v) => {
      const source = byId.get(v.contentId);
      if (!source || source.language === v.language) return [];
      return [{ ...source, language: v.language, title: v.title, body: v.body }];
    });
  }

  /** One batch, in one transaction: the marks are taken (rows locked; a concurrent pass waits or skips them). */
  private pass(wait: boolean): Promise<number> {
    return this.inTransaction(async (m, recordIndexed) => {
      const dirty = await query<{ type: string; recordId: string }>(
        m,
        // (a SELECT over the DELETE: TypeORM hands back a DELETE's rows as [rows, count])
        sql`WITH taken AS (
              DELETE FROM search_dirty d
               USING (SELECT "type", "recordId" FROM search_dirty ORDER BY "markedAt" LIMIT ${BATCH}
                      FOR UPDATE ${raw(wait ? '' : 'SKIP LOCKED')}) x
               WHERE d."type" = x."type" AND d."recordId" = x."recordId"
           RETURNING d."type", d."recordId")
            SELECT * FROM taken`,
      );
      if (!dirty.length) return 0;
      const ids = new Map<string, string[]>();
      for (const d of dirty) ids.set(d.type, [...(ids.get(d.type) ?? []), d.recordId]);
      const rows: Array<Record<string, unknown>> = [];
      for (const [type, recordIds] of ids) {
        const provider = this.byType.get(type);
        if (!provider) continue;
        const sources: SearchSource[] = await provider.documents(m, recordIds);
        for (const s of sources) rows.push(documentRow(type, s));
        for (const s of await this.versionSources(m, type, sources)) rows.push(documentRow(type, s));
      }
      // Records whose documents said they were listed (published and visible) before this pass.
      const wasListed = recordIndexed
        ? await query<{ type: string; recordId: string }>(
            m,
            sql`SELECT DISTINCT sd."type", sd."recordId"::text AS "recordId" FROM search_document sd
                  JOIN jsonb_to_recordset(${JSON.stringify(dirty)}::jsonb) AS x("type" text, "recordId" uuid)
                    ON sd."type" = x."type" AND sd."recordId" = x."recordId"
                 WHERE sd."listed"`,
          )
        : [];
      await query(
        m,
        sql`DELETE FROM search_document sd
             USING jsonb_to_recordset(${JSON.stringify(dirty)}::jsonb) AS x("type" text, "recordId" uuid)
             WHERE sd."type" = x."type" AND sd."recordId" = x."recordId"`,
      );
      // Prepared (a generic plan per connection after five runs): its text, with every type's listed and open
      // rules, took 20 ms on average to plan on every pass against 1–3 ms to run for one record (BENCHMARKS.md,
      // "The search indexer's statement, prepared").
      const listed = rows.length
        ? await queryPrepared<{ type: string; recordId: string }>(
            m,
            sql`WITH inserted AS (
                INSERT INTO search_document ("type", "recordId", "language", "title", "body", "names", "tsv",
                  "countryCodes", "thematicAreaCodes", "networkIds", "date", "open", "blockParties", "listed")
                SELECT x."type", x."recordId", x."language", x."title", x."body", x."names",
                       setweight(to_tsvector(x."config"::regconfig, x."nTitle"), 'A')
                         || setweight(to_tsvector(x."config"::regconfig, x."nBody"), 'B')
                         || setweight(to_tsvector('simple', COALESCE(x."names", '')), 'A'),
                       x."countryCodes", x."thematicAreaCodes", x."networkIds", x."date",
                       ${raw(openByTypeSql(this.providers, 'x."type"', 'x."recordId"'))}, x."blockParties",
                       ${raw(this.listedByTypeSql('x."type"', 'x."recordId"'))}
                  FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS x("type" text, "recordId" uuid,
                    "language" text, "title" text, "body" text, "names" text, "config" text, "nTitle" text,
                    "nBody" text, "countryCodes" text[], "thematicAreaCodes" text[], "networkIds" uuid[],
                    "date" timestamptz, "blockParties" uuid[])
                RETURNING "type", "recordId", "listed")
              SELECT DISTINCT "type", "recordId"::text AS "recordId" FROM inserted WHERE "listed"`,
          )
        : [];
      // Records that entered their listed state with this pass (indexed for the first time while listed, or
      // approved, scheduled, published or restored since the last pass): saved searches are matched now.
      if (recordIndexed) {
        const before = new Set(wasListed.map((r) => `${r.type}:${r.recordId}`));
        const records = listed.filter((r) => !before.has(`${r.type}:${r.recordId}`));
        if (records.length) recordIndexed(records);
      }
      return dirty.length;
    });
  }

  /** SQL: the record `recordId` whose type is the expression `type` is listed (its provider's `listedSql`). */
  private listedByTypeSql(type: string, recordId: string): string {
    return `CASE ${type} ${this.providers
      .map((p) => `WHEN '${p.nodeType}' THEN ${p.listedSql(recordId)}`)
      .join(' ')} ELSE FALSE END`;
  }

  /** A pass's transaction: a unit of work when the indexer records events, else a plain transaction. */
  private inTransaction<T>(
    work: (
      m: EntityManager,
      recordIndexed: ((records: { type: string; recordId: string }[]) => void) | null,
    ) => Promise<T>,
  ): Promise<T> {
    if (this.uow)
      return this.uow.run((tx) => work(tx.manager, (records) => tx.record('search.indexed', { records })));
    return this.dataSource.transaction((m) => work(m, null));
  }
}

/** A provider's source as the row to insert: the text as written, and normalised for its configuration. */
function documentRow(type: string, s: SearchSource): Record<string, unknown> {
  const language = s.language ?? '';
  return {
    type,
    recordId: s.recordId,
    language,
    title: s.title ?? '',
    body: s.body ?? '',
    names: s.names ? normalizeSearchText(s.names).toLowerCase() : null,
    config: searchConfig(language),
    nTitle: normalizeSearchText(s.title ?? ''),
    nBody: normalizeSearchText(s.body ?? ''),
    countryCodes: s.countryCodes ?? [],
    thematicAreaCodes: s.thematicAreaCodes ?? [],
    networkIds: s.networkIds ?? [],
    blockParties: s.blockParties ?? [],
    date: s.date instanceof Date ? s.date.toISOString() : s.date,
  };
}
