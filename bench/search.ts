/**
 * The search sections of `npm run bench` (BENCH_ONLY=search runs only these after the data set): the index
 * built from the generated data before measuring (by the server's background catch-up), `search(first: 20)`
 * latency with highlights and counts, statements per page, and what indexing adds to `createPost` (the
 * marking trigger in the writer's transaction, and the lag until the background catch-up has indexed it).
 */
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';

export const SEARCH_QUERY = `query($f: SearchFilter!, $first: Int) {
  search(filter: $f, first: $first) {
    totalCount totalCountCapped countsByType { type count }
    edges { score language highlights { field text ranges { start length } }
      node { __typename ... on Node { id } } }
    pageInfo { hasNextPage endCursor } } }`;

const CREATE_POST = `mutation($i: CreatePostInput!) { createPost(input: $i) { post { id } } }`;

/** Queries as people type them over the generator's vocabulary (common words match tens of thousands). */
const FILTERS: Array<Record<string, unknown>> = [
  { query: 'extradition' },
  { query: 'mutual legal assistance' },
  { query: '"witness protection"' },
  { query: 'digital forensics -terrorism' },
  { query: 'returnee OR rehabilitation' },
  { query: 'liaison protocol', types: ['POST'] },
  { query: 'evidence', languages: ['FR'] },
  { query: 'Diallo' },
];

interface Row {
  measure: string;
  value: string;
  target?: string;
}

export interface SearchBenchDeps {
  url: string;
  databaseUrl: string;
  tokens: string[];
  gql: (
    url: string,
    token: string,
    query: string,
    variables?: Record<string, unknown>,
  ) => Promise<{ data?: Record<string, unknown>; errors?: unknown[] }>;
  sqlStatements: () => Promise<number>;
  section: (title: string, rows: Row[], note?: string) => void;
  say: (line: string) => void;
  quantile: (values: number[], q: number) => number;
  fmt: (n: number, digits?: number) => string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Waits until the server's background catch-up has indexed what the generator wrote (every run calls it
 * right after Praxis starts, so that no other section measures beside the indexing), and reports it.
 */
export async function buildSearchIndex(d: SearchBenchDeps): Promise<void> {
  const db = new Client({ connectionString: d.databaseUrl });
  await db.connect();
  try {
    const count = async (sqlText: string, params: unknown[] = []) =>
      Number((await db.query(sqlText, params)).rows[0].n);
    // The index, built before measuring (the server's background catch-up takes the generator's marks).
    const marked = await count(`SELECT count(*)::int AS n FROM search_dirty`);
    const started = performance.now();
    for (;;) {
      const left = await count(`SELECT count(*)::int AS n FROM search_dirty`);
      if (!left) break;
      if (performance.now() - started > 30 * 60_000)
        throw new Error(`search index: ${left} marks left after 30 min`);
      await sleep(500);
    }
    const indexMs = performance.now() - started;
    await db.query('ANALYZE search_document');
    const documents = await count(`SELECT count(*)::int AS n FROM search_document`);
    d.section('Search: the index', [
      { measure: 'records marked by the generator (indexed before measuring)', value: d.fmt(marked, 0) },
      { measure: 'documents', value: d.fmt(documents, 0) },
      {
        measure: 'background catch-up: time / per record',
        value: `${d.fmt(indexMs / 1000)} s / ${d.fmt(marked ? indexMs / marked : 0, 2)} ms`,
      },
    ]);
  } finally {
    await db.end();
  }
}

export async function measureSearch(d: SearchBenchDeps): Promise<void> {
  const db = new Client({ connectionString: d.databaseUrl });
  await db.connect();
  try {
    const count = async (sqlText: string, params: unknown[] = []) =>
      Number((await db.query(sqlText, params)).rows[0].n);

    // 2. Latency of search(first: 20), sequential, viewers and queries in turn (after a warm-up round).
    const run = async (i: number, first = 20) => {
      const t = performance.now();
      const r = await d.gql(d.url, d.tokens[i % d.tokens.length], SEARCH_QUERY, {
        f: FILTERS[i % FILTERS.length],
        first,
      });
      if (r.errors) throw new Error(`search failed: ${JSON.stringify(r.errors)}`);
      return { ms: performance.now() - t, data: r.data!.search as { totalCount: number } };
    };
    for (let i = 0; i < FILTERS.length; i++) await run(i);
    const times: number[] = [];
    const perQuery = new Map<string, number[]>();
    const totals = new Map<string, number>();
    for (let i = 0; i < FILTERS.length * 10; i++) {
      const { ms, data } = await run(i);
      times.push(ms);
      const key = JSON.stringify(FILTERS[i % FILTERS.length]);
      perQuery.set(key, [...(perQuery.get(key) ?? []), ms]);
      totals.set(key, data.totalCount);
    }
    const p95 = d.quantile(times, 0.95);
    d.section(
      'Search: search(first: 20) with highlights and counts',
      [
        {
          measure: `p50 / p95 / max (${times.length} requests, sequential)`,
          value: `${d.fmt(d.quantile(times, 0.5))} / ${d.fmt(p95)} / ${d.fmt(Math.max(...times))} ms`,
          target: `p95 < 150 ms: ${p95 < 150 ? 'met' : 'MISSED'}`,
        },
        ...[...perQuery].map(([key, ms]) => ({
          measure: `  ${key.slice(0, 50)} (totalCount ${totals.get(key)})`,
          value: `p50 ${d.fmt(d.quantile(ms, 0.5))} ms`,
        })),
      ],
      'Client-side times over HTTP, one request at a time, each viewer an ordinary member.',
    );

    // 3. Statements per page: the same query with 5 and with 20 hits (least of three, as a background
    //    catch-up poll may fall inside one).
    const statements = async (first: number) => {
      let least = Infinity;
      for (let k = 0; k < 3; k++) {
        const before = await d.sqlStatements();
        await run(0, first);
        least = Math.min(least, (await d.sqlStatements()) - before);
      }
      return least;
    };
    const [s5, s20] = [await statements(5), await statements(20)];
    d.section('Search: SQL statements per page', [
      {
        measure: 'search(first: 5) / search(first: 20)',
        value: `${s5} / ${s20}`,
        target: `constant: ${s5 === s20 ? 'met' : 'MISSED'}`,
      },
    ]);

    // 4. createPost with and without the marking triggers, and the lag until the post is indexed.
    const create = async (i: number) => {
      const t = performance.now();
      const r = await d.gql(d.url, d.tokens[i % d.tokens.length], CREATE_POST, {
        i: {
          title: `Bench search post ${i} extradition liaison`,
          summary: 'A summary about mutual legal assistance.',
          body: 'A body about digital forensics and evidence.',
          language: 'EN',
          visibility: 'COMMUNITY',
          networkIds: [],
          countryCodes: ['NE'],
          thematicAreaCodes: [],
        },
      });
      if (r.errors) throw new Error(`createPost failed: ${JSON.stringify(r.errors)}`);
      const gid = (r.data!.createPost as { post: { id: string } }).post.id;
      return { ms: performance.now() - t, id: Buffer.from(gid, 'base64url').toString().split(':')[1] };
    };
    const N = 40;
    await db.query(`ALTER TABLE post DISABLE TRIGGER search_dirty_post`);
    const without: number[] = [];
    try {
      for (let i = 0; i < N; i++) without.push((await create(i)).ms);
    } finally {
      await db.query(`ALTER TABLE post ENABLE TRIGGER search_dirty_post`);
    }
    const withTrigger: number[] = [];
    const lags: number[] = [];
    for (let i = 0; i < N; i++) {
      const { ms, id } = await create(N + i);
      withTrigger.push(ms);
      const t = performance.now();
      while (
        (await count(`SELECT count(*)::int AS n FROM search_document WHERE "recordId" = $1`, [id])) === 0
      ) {
        if (performance.now() - t > 10_000) throw new Error('a created post was not indexed within 10 s');
        await sleep(5);
      }
      lags.push(performance.now() - t);
    }
    d.section(
      'Search: indexing overhead on createPost',
      [
        {
          measure: `createPost p50 / p95 without the marking trigger (${N})`,
          value: `${d.fmt(d.quantile(without, 0.5))} / ${d.fmt(d.quantile(without, 0.95))} ms`,
        },
        {
          measure: `createPost p50 / p95 with it (${N})`,
          value: `${d.fmt(d.quantile(withTrigger, 0.5))} / ${d.fmt(d.quantile(withTrigger, 0.95))} ms`,
        },
        {
          measure: 'lag until indexed by the background catch-up p50 / p95',
          value: `${d.fmt(d.quantile(lags, 0.5))} / ${d.fmt(d.quantile(lags, 0.95))} ms`,
        },
      ],
      'The index write itself runs after the commit (background catch-up every 500 ms, or the next search).',
    );
  } finally {
    await db.end();
  }
}
