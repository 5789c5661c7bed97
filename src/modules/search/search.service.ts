import type { DataSource } from 'typeorm';
import type { Viewer } from '../../common/auth/viewer';
import { isVerified } from '../../common/auth/policy';
import { and, empty, join, list, query, raw, sql } from '../../common/db/sql';
import { BadUserInputError } from '../../common/errors/errors';
import { fromGlobalIdOf } from '../../common/relay/global-id';
import { decodeCursor, encodeCursor, pageRequest } from '../../common/relay/pagination';
import type { PageArgs } from '../../common/relay/pagination';
import { NETWORK_TYPE } from '../network';
import type { SearchIndexer } from './search-indexer';
import type { SearchProvider } from './search-provider';
import { SEARCH_CONFIGS, normalizeSearchText } from './search-text';
import { highlightTerms, highlightsOf } from './search-highlight';
import { blockedArraySql, readableSql } from './search-access';
import type { Highlight } from './search-highlight';
import type { SearchFilter } from './search.inputs';
import type { SearchResultType } from './search.enums';

/** totalCount and the counts per type stop at this many. */
export const SEARCH_COUNT_CAP = 1000;

/** One hit as the statement returns it. */
export interface SearchHitRow {
  type: string;
  recordId: string;
  language: string;
  title: string;
  body: string;
  score: number;
}

export interface SearchHit {
  nodeType: string;
  recordId: string;
  language: string | null;
  score: number;
  highlights: Highlight[];
  cursor: string;
}

export interface SearchAnswer {
  hits: SearchHit[];
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  totalCount: number;
  totalCountCapped: boolean;
  countsByType: { type: SearchResultType; count: number }[];
}

/**
 * Search: one statement for the counts and the page (see `statements`), over `search_document`, each
 * hit and each count restricted by its type's read policy (the owning module's SQL form, through the
 * providers, with the shortcut of search-access.ts for documents open to every member), evaluated on the
 * record's live row, so membership, blocks, hiding and visibility count at once. Pages by rank with offset
 * cursors (a relevance order has no stable keyset); paging stops at the count cap.
 */
export class SearchService {
  private readonly byKind: Map<string, SearchProvider>;
  private readonly byType: Map<string, SearchProvider>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly providers: readonly SearchProvider[],
    private readonly indexer: SearchIndexer,
  ) {
    this.byKind = new Map(providers.map((p) => [p.kind, p]));
    this.byType = new Map(providers.map((p) => [p.nodeType, p]));
  }

  async search(viewer: Viewer, filter: SearchFilter, args: PageArgs): Promise<SearchAnswer> {
    const request = pageRequest(args);
    const text = normalizeSearchText(filter.query).trim();
    if (!text)
      throw new BadUserInputError('query is empty.', [{ field: 'query', message: 'must contain a word' }]);
    const field = request.backward ? 'before' : 'after';
    const cursorAt = request.cursor ? Number(decodeCursor(request.cursor, ['integer'], field)[0]) : null;
    if (cursorAt !== null && (cursorAt < 0 || cursorAt >= SEARCH_COUNT_CAP))
      throw new BadUserInputError(`${field} is not a valid cursor.`, [
        { field, message: 'is not a valid cursor' },
      ]);
    if (!isVerified(viewer)) return emptyAnswer();

    await this.indexer.catchUp();

    const statements = this.statements(viewer, filter, text);
    let counts: { type: string; count: number }[];
    let rows: SearchHitRow[];
    let offset: number;
    if (request.backward && cursorAt === null) {
      // The last page: where it starts depends on the count, so the counts come first (two statements).
      counts = await query<{ type: string; count: number }>(this.dataSource, statements.counts);
      const end = Math.min(
        counts.reduce((n, c) => n + c.count, 0),
        SEARCH_COUNT_CAP,
      );
      offset = Math.max(0, end - request.size);
      const size = end - offset;
      rows = size ? await query<SearchHitRow>(this.dataSource, statements.page(size, offset)) : [];
    } else {
      // Every other page is known from its cursor: the counts and the page in one statement, one pass over
      // the matches (see `statements`).
      let size = request.size;
      if (!request.backward) offset = cursorAt === null ? 0 : cursorAt + 1;
      else {
        offset = Math.max(0, cursorAt! - size);
        size = cursorAt! - offset;
      }
      size = Math.max(0, Math.min(size, SEARCH_COUNT_CAP - offset));
      const answer = await query<SearchHitRow & { count: number | null }>(
        this.dataSource,
        statements.countsAndPage(size, offset),
      );
      counts = answer.filter((r) => r.count !== null).map((r) => ({ type: r.type, count: r.count! }));
      rows = answer.filter((r) => r.count === null);
    }
    const total = counts.reduce((n, c) => n + c.count, 0);
    const reachable = Math.min(total, SEARCH_COUNT_CAP);
    const terms = highlightTerms(filter.query);
    const hits = rows.map((r, i) => ({
      nodeType: r.type,
      recordId: r.recordId,
      language: r.language || null,
      score: Number(r.score),
      highlights: highlightsOf(r.title, r.body, terms),
      cursor: encodeCursor([offset + i]),
    }));
    return {
      hits,
      hasNextPage: !request.backward && offset + rows.length < reachable,
      hasPreviousPage: request.backward && offset > 0,
      totalCount: reachable,
      totalCountCapped: total > SEARCH_COUNT_CAP,
      countsByType: counts
        .filter((c) => c.count > 0 && this.byType.has(c.type))
        .map((c) => ({
          type: this.byType.get(c.type)!.kind as SearchResultType,
          count: Math.min(c.count, SEARCH_COUNT_CAP),
        }))
        .sort((a, b) => a.type.localeCompare(b.type)),
    };
  }

  /**
   * The statements of a search. The matches are read once per statement (the query parsed with every
   * configuration, OR-ed, for the GIN index; then each document checked against its own language's query),
   * into a materialized list of small columns (no text), scored (`ts_rank_cd`, each record by its best
   * language). Counts: per type, the viewer's matching records up to one past the cap (a LIMIT under each
   * count: a common word costs no more than the cap). Page: the matches read in rank order with the access
   * check evaluated until the page is full, and the text fetched for the page's rows only (for the
   * highlights). `countsAndPage` answers both over one pass (every page but the last page asked for without a
   * cursor, whose start depends on the count: `counts`, then `page`). Access: search-access.ts.
   */
  private statements(viewer: Viewer, filter: SearchFilter, text: string) {
    const configs = [...new Set(SEARCH_CONFIGS.map(([, cfg]) => cfg))];
    // The query parsed with every configuration, OR-ed: what the GIN index looks up in one pass.
    const anyQuery = join(
      configs.map((cfg) => sql`websearch_to_tsquery(${raw(`'${cfg}'`)}, ${text})`),
      ' || ',
    );
    const parsed = join(
      SEARCH_CONFIGS.map(
        ([lang, cfg]) =>
          sql`websearch_to_tsquery(${raw(`'${cfg}'`)}, ${text}) AS ${raw(`"${lang || 'none'}"`)}`,
      ),
      ', ',
    );
    // The document's own language's query (a column of q).
    const ownQuery = raw(
      `CASE d."language" ${SEARCH_CONFIGS.map(([lang]) => `WHEN '${lang}' THEN q."${lang || 'none'}"`).join(' ')} END`,
    );
    const name = text.toLowerCase();
    const likeEscaped = name.replace(/[\\%_]/g, (c) => `\\${c}`);
    const kinds = filter.types?.length ? filter.types : null;
    const providers = kinds
      ? this.providers.filter((p) => kinds.includes(p.kind as SearchResultType))
      : this.providers;
    if (!providers.length)
      return {
        counts: sql`SELECT NULL::text AS "type", 0 AS "count" WHERE FALSE`,
        page: () => sql`SELECT NULL::text AS "type" WHERE FALSE`,
        countsAndPage: () => sql`SELECT NULL::text AS "type" WHERE FALSE`,
      };
    const networkIds = filter.networkIds?.map((g, i) => fromGlobalIdOf(NETWORK_TYPE, g, `networkIds[${i}]`));
    const nameMatch = sql`(d."names" IS NOT NULL AND (d."names" LIKE ${`${likeEscaped}%`}
      OR d."names" LIKE ${`% ${likeEscaped}%`} OR ${name} <% d."names"))`;
    const conditions = and([
      // (every type: no condition, the access check knows only the providers' types)
      kinds ? sql`d."type" IN (${list(providers.map((p) => p.nodeType))})` : empty,
      filter.languages?.length ? sql`d."language" IN (${list(filter.languages)})` : empty,
      filter.countryCodes?.length
        ? sql`d."countryCodes" && ${filter.countryCodes.map((c) => c.toUpperCase())}::text[]`
        : empty,
      filter.thematicAreaCodes?.length
        ? sql`d."thematicAreaCodes" && ${filter.thematicAreaCodes}::text[]`
        : empty,
      networkIds?.length ? sql`d."networkIds" && ${networkIds}::uuid[]` : empty,
      filter.from ? sql`d."date" >= ${filter.from}` : empty,
      filter.to ? sql`d."date" < ${filter.to}` : empty,
      sql`((d."tsv" @@ (${anyQuery}) AND d."tsv" @@ ${ownQuery}) OR ${nameMatch})`,
    ]);
    const blocked = sql`(SELECT b."ids" FROM b)`;
    /** The matches, one row per record (its best-scoring language when `scored`), with what access needs. */
    const matches = (
      scored: boolean,
    ) => sql`SELECT DISTINCT ON (d."type", d."recordId") d."type", d."recordId",
          d."language", d."open", d."blockParties", ${
            scored
              ? sql`(ts_rank_cd(d."tsv", ${ownQuery})
            + CASE WHEN d."names" IS NULL THEN 0 ELSE word_similarity(${name}, d."names") END)::float8`
              : raw('0::float8')
          } AS "score"
        FROM search_document d CROSS JOIN (SELECT ${parsed}) q
       WHERE ${conditions}
       ORDER BY d."type", d."recordId", ${raw(scored ? '"score" DESC' : 'd."language"')}`;
    const prelude = (scored: boolean) =>
      sql`WITH b AS (SELECT ${blockedArraySql(viewer)} AS "ids"), m AS MATERIALIZED (${matches(scored)})`;
    /** Per type, the viewer's matching records, up to one past the cap (a LIMIT under each count). */
    const countsOf = join(
      providers.map(
        (p) => sql`SELECT ${p.nodeType}::text AS "type", (SELECT count(*)::int FROM (
            SELECT 1 FROM m WHERE m."type" = ${raw(`'${p.nodeType}'`)} AND ${readableSql(viewer, [p], 'm', blocked)}
             LIMIT ${SEARCH_COUNT_CAP + 1}) x) AS "count"`,
      ),
      ' UNION ALL ',
    );
    /** The page: the matches in rank order, the access check evaluated until the page is full. */
    const pageOf = (size: number, offset: number) => sql`SELECT r.* FROM (
          SELECT m.* FROM m ORDER BY m."score" DESC, m."type", m."recordId" OFFSET 0) r
         WHERE ${readableSql(viewer, providers, 'r', blocked)}
         LIMIT ${size} OFFSET ${offset}`;
    const counts = sql`${prelude(false)} ${countsOf}`;
    const page = (size: number, offset: number) => sql`${prelude(true)}
      SELECT p."type", p."recordId", p."language", p."score", sd."title", sd."body"
        FROM (${pageOf(size, offset)}) p
        JOIN search_document sd
          ON sd."type" = p."type" AND sd."recordId" = p."recordId" AND sd."language" = p."language"
       ORDER BY p."score" DESC, p."type", p."recordId"`;
    // Both in one statement (rows with a count are the counts, the others the page's hits), over one
    // materialized list of scored matches.
    const countsAndPage = (size: number, offset: number) => sql`${prelude(true)},
      c AS (${countsOf})
      SELECT c."type", NULL::uuid AS "recordId", NULL::text AS "language", NULL::float8 AS "score",
             NULL::text AS "title", NULL::text AS "body", c."count", 0 AS "part"
        FROM c
      UNION ALL
      SELECT p."type", p."recordId", p."language", p."score", sd."title", sd."body", NULL::int, 1
        FROM (${pageOf(size, offset)}) p
        JOIN search_document sd
          ON sd."type" = p."type" AND sd."recordId" = p."recordId" AND sd."language" = p."language"
       ORDER BY "part", "score" DESC, "type", "recordId"`;
    return { counts, page, countsAndPage };
  }
}

function emptyAnswer(): SearchAnswer {
  return {
    hits: [],
    hasNextPage: false,
    hasPreviousPage: false,
    totalCount: 0,
    totalCountCapped: false,
    countsByType: [],
  };
}
