import type { DataSource } from 'typeorm';
import type { Viewer } from '../../common/auth/viewer';
import { isVerified } from '../../common/auth/policy';
import { and, empty, join, list, policyScope, query, raw, sql } from '../../common/db/sql';
import type { Sql } from '../../common/db/sql';
import { BadUserInputError } from '../../common/errors/errors';
import { fromGlobalIdOf } from '../../common/relay/global-id';
import { decodeCursor, encodeCursor, pageRequest } from '../../common/relay/pagination';
import type { PageArgs } from '../../common/relay/pagination';
import { NETWORK_TYPE } from '../network';
import type { SearchIndexer } from './search-indexer';
import type { SearchProvider } from './search-provider';
import { SEARCH_CONFIGS, normalizeSearchText } from './search-text';
import { highlightTerms, highlightsOf } from './search-highlight';
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
 * Search: one statement for the counts and one for the page, over `search_document`, each hit and each count
 * restricted by its type's read policy (the owning module's SQL form, through the providers), evaluated on
 * the record's live row, so membership, blocks, hiding and visibility count at once. Pages by rank with
 * offset cursors (a relevance order has no stable keyset); paging stops at the count cap.
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

    const matches = this.matchesSql(viewer, filter, text);
    const counts = await query<{ type: string; count: number }>(
      this.dataSource,
      sql`SELECT m."type", count(*)::int AS "count" FROM (${matches}) m GROUP BY m."type"`,
    );
    const total = counts.reduce((n, c) => n + c.count, 0);
    const reachable = Math.min(total, SEARCH_COUNT_CAP);

    let offset: number;
    let size = request.size;
    if (!request.backward) offset = cursorAt === null ? 0 : cursorAt + 1;
    else {
      const end = cursorAt === null ? reachable : cursorAt;
      offset = Math.max(0, end - size);
      size = end - offset;
    }
    size = Math.max(0, Math.min(size, reachable - offset));
    const rows = size
      ? await query<SearchHitRow>(
          this.dataSource,
          sql`SELECT m.* FROM (${matches}) m ORDER BY m."score" DESC, m."type", m."recordId"
              LIMIT ${size} OFFSET ${offset}`,
        )
      : [];
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
        .filter((c) => this.byType.has(c.type))
        .map((c) => ({
          type: this.byType.get(c.type)!.kind as SearchResultType,
          count: Math.min(c.count, SEARCH_COUNT_CAP),
        }))
        .sort((a, b) => a.type.localeCompare(b.type)),
    };
  }

  /** The viewer's matches, one row per record (its best language), with filters and read policies. */
  private matchesSql(viewer: Viewer, filter: SearchFilter, text: string): Sql {
    // The query parsed once per configuration (a column of q each), then picked by the document's language.
    const column = (lang: string) => `q."${lang || 'none'}"`;
    const parsed = join(
      SEARCH_CONFIGS.map(
        ([lang, cfg]) =>
          sql`websearch_to_tsquery(${raw(`'${cfg}'`)}, ${text}) AS ${raw(`"${lang || 'none'}"`)}`,
      ),
      ', ',
    );
    const tsquery = raw(
      `CASE d."language" ${SEARCH_CONFIGS.map(([lang]) => `WHEN '${lang}' THEN ${column(lang)}`).join(' ')} END`,
    );
    const name = text.toLowerCase();
    const likeEscaped = name.replace(/[\\%_]/g, (c) => `\\${c}`);
    const nameMatch = sql`(d."names" IS NOT NULL AND (d."names" LIKE ${`${likeEscaped}%`}
      OR d."names" LIKE ${`% ${likeEscaped}%`} OR ${name} <% d."names"))`;
    const kinds = filter.types?.length ? filter.types : null;
    const providers = kinds
      ? this.providers.filter((p) => kinds.includes(p.kind as SearchResultType))
      : this.providers;
    if (!providers.length) return sql`SELECT NULL::text AS "type" WHERE FALSE`;
    const readable = join(
      [
        raw('CASE d."type"'),
        ...providers.map(
          (p) =>
            sql`WHEN ${raw(`'${p.nodeType}'`)} THEN ${policyScope(viewer, (v) => p.readSql(v, 'd."recordId"'))}`,
        ),
        raw('ELSE FALSE END'),
      ],
      ' ',
    );
    const networkIds = filter.networkIds?.map((g, i) => fromGlobalIdOf(NETWORK_TYPE, g, `networkIds[${i}]`));
    const conditions = and([
      sql`d."type" IN (${list(providers.map((p) => p.nodeType))})`,
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
      // One condition per language, each with its own constant query, so that the GIN index serves them.
      sql`(${join(
        SEARCH_CONFIGS.map(
          ([lang, cfg]) =>
            sql`(d."language" = ${raw(`'${lang}'`)} AND d."tsv" @@ websearch_to_tsquery(${raw(`'${cfg}'`)}, ${text}))`,
        ),
        ' OR ',
      )} OR ${nameMatch})`,
      readable,
    ]);
    return sql`SELECT DISTINCT ON (d."type", d."recordId") d."type", d."recordId", d."language", d."title", d."body",
        (ts_rank_cd(d."tsv", ${tsquery})
          + CASE WHEN d."names" IS NULL THEN 0 ELSE word_similarity(${name}, d."names") END)::float8 AS "score"
      FROM search_document d CROSS JOIN (SELECT ${parsed}) q
      WHERE ${conditions}
      ORDER BY d."type", d."recordId", "score" DESC`;
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
