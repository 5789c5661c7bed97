/**
 * PostGraphile side by side (`BENCH_ONLY=peer`, and part of the full run): PostGraphile 5 (its own package,
 * bench/postgraphile/, on the Node 22 binary that package installs) on the same database, answering the same
 * rows and fields as Praxis for each pair of bench/peer-queries.ts. Both sides are checked to return the same
 * ids, then loaded in turn: eight rounds (BENCH_PEER_ROUNDS) of BENCH_PEER_SECONDS (5 s) per server,
 * alternating which goes first, 10 connections. The ratio is the median of each round's ratio (the two sides'
 * bursts seconds apart), which cancels the machine's drift that medians of each side's rounds taken a minute
 * apart did not (two runs of those disagreed by up to 0.3). Per round: req/s and latency (autocannon), the
 * CPU time of the server process and of the PostgreSQL cluster (/proc of the postmaster and its backends)
 * divided by the requests answered. Statements per request: PostgreSQL's pg_stat_statements (calls, utility
 * statements included), switched on only while 20 sequential requests of one side run (Praxis's search-queue poll, a
 * background statement once a second, left out); Praxis's own count (db_sql_statements_total) beside it.
 * What each side ran is written to the server logs directory (peer-statements-*.sql).
 *
 * A third side, unless BENCH_PEER_SAME_RUNTIME=0: the same Praxis build started a second time on PostGraphile's
 * Node binary (Praxis's `engines` accept Node 22), so that the two implementations are also compared on one
 * runtime. Both are checked against PostGraphile's ids; each round then starts with another of the three sides;
 * each Praxis gets its own ratios.
 */
import { execFileSync, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { PEER_PAIRS } from './peer-queries';
import type { PeerPair } from './peer-queries';

interface LoadResult {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  requests: number;
}
type Json = Record<string, unknown>;
type Gql = (
  url: string,
  token: string,
  query: string,
  variables?: Json,
) => Promise<{ data?: Json; errors?: unknown[] }>;

export interface PeerDeps {
  root: string;
  databaseUrl: string;
  /** Praxis as the rest of the benchmark runs it (on the benchmark's Node, `node` its version). */
  praxis: { url: string; pid: number; node: string };
  /** The same Praxis on the Node binary PostGraphile runs on, when started: both implementations on one runtime. */
  praxisSameRuntime?: { url: string; pid: number; node: string };
  /** Hot published community posts (bench/generate.ts), most commented first. */
  hotPosts: string[];
  /** Practitioner ids by popularity rank (index 0: the most prolific author). */
  practitionerIds: string[];
  viewerTokens: string[];
  tokensFor: (ids: string[]) => Promise<string[]>;
  gql: Gql;
  load: (
    url: string,
    tokens: string[],
    query: string,
    variables: Json[],
    seconds: number,
  ) => Promise<LoadResult>;
  sqlStatements: () => Promise<number>;
  scrapeOverhead: () => Promise<number>;
  section: (
    title: string,
    rows: { measure: string; value: string; target?: string }[],
    note?: string,
  ) => void;
  say: (line: string) => void;
  quantile: (values: number[], q: number) => number;
  fmt: (n: number, digits?: number) => string;
  verdict: (ok: boolean) => string;
  freePort: () => Promise<number>;
  logDir: string;
  connections: number;
}

const ROUNDS = Number(process.env.BENCH_PEER_ROUNDS ?? '8');
const SECONDS = Number(process.env.BENCH_PEER_SECONDS ?? '5');
const STATEMENT_SAMPLES = 20;
/**
 * PostGraphile's connections plan every execution of its prepared statements for the values given
 * (force_custom_plan): with PostgreSQL's default (BENCH_PEER_PLAN_CACHE_MODE=auto) the author's posts took
 * about 4 times the PostgreSQL CPU per request (a generic plan, most likely, with `status = $1` unable to use
 * the partial index).
 */
const PLAN_CACHE_MODE = process.env.BENCH_PEER_PLAN_CACHE_MODE || 'force_custom_plan';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const gid = (type: string, id: string) => Buffer.from(`${type}:${id}`, 'utf8').toString('base64url');

// ------------------------------------------------------------------------------------------------------
// CPU time from /proc (Linux): a process's own, and the PostgreSQL cluster's (postmaster + backends)
// ------------------------------------------------------------------------------------------------------
const CLK_TCK = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** utime, stime, cutime, cstime (clock ticks) and the parent pid of a process, or null once it is gone. */
function procStat(pid: number): { self: number; children: number; ppid: number } | null {
  let text: string;
  try {
    text = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  // The command name (field 2) may hold spaces: the fields after it start after the last ')'.
  const f = text.slice(text.lastIndexOf(')') + 2).split(' ');
  // f[0] is field 3 (state): field n is f[n - 3].
  return {
    ppid: Number(f[1]),
    self: Number(f[11]) + Number(f[12]),
    children: Number(f[13]) + Number(f[14]),
  };
}

/** CPU milliseconds a process has used so far. */
function processCpuMs(pid: number): number {
  const s = procStat(pid);
  return s ? (s.self * 1000) / CLK_TCK : NaN;
}

/**
 * CPU milliseconds the PostgreSQL cluster has used so far: the postmaster, its live children (backends,
 * background workers) and, through the postmaster's cutime/cstime, the children that already exited.
 */
function clusterCpuMs(postmaster: number): number {
  const root = procStat(postmaster);
  if (!root) return NaN;
  let ticks = root.self + root.children;
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const s = procStat(Number(entry));
    if (s && s.ppid === postmaster) ticks += s.self;
  }
  return (ticks * 1000) / CLK_TCK;
}

// ------------------------------------------------------------------------------------------------------
// PostGraphile, started with its package's Node 22
// ------------------------------------------------------------------------------------------------------
/** The Node 22 binary bench/postgraphile installs (PostGraphile runs on it; so does Praxis's second run). */
export function peerNodeBinary(root: string): string {
  return path.join(root, 'bench', 'postgraphile', 'node_modules', 'node', 'bin', 'node');
}

async function startPostGraphile(
  deps: PeerDeps,
): Promise<{ url: string; child: ChildProcess; startupMs: number; log: string; node: string }> {
  const dir = path.join(deps.root, 'bench', 'postgraphile');
  const node = peerNodeBinary(deps.root);
  if (!fs.existsSync(node) || !fs.existsSync(path.join(dir, 'node_modules', 'postgraphile')))
    throw new Error(
      `PostGraphile is not installed: run npm ci --prefix bench/postgraphile (bench/run.sh does)`,
    );
  const port = await deps.freePort();
  const log = path.join(deps.logDir, 'postgraphile.log');
  const out = fs.openSync(log, 'w');
  const started = performance.now();
  const child = spawn(node, [path.join(dir, 'server.mjs')], {
    cwd: dir,
    env: {
      PATH: process.env.PATH ?? '',
      DATABASE_URL: deps.databaseUrl,
      PORT: String(port),
      NODE_ENV: 'production',
      GRAPHILE_ENV: 'production',
      PG_PLAN_CACHE_MODE: PLAN_CACHE_MODE,
    },
    stdio: ['ignore', out, out],
  });
  const url = `http://127.0.0.1:${port}`;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`PostGraphile exited (${child.exitCode}); see ${log}`);
    try {
      const res = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ __typename }' }),
      });
      if (res.ok) break;
    } catch {
      /* not listening yet */
    }
    if (performance.now() - started > 120_000) {
      child.kill('SIGKILL');
      throw new Error(`PostGraphile did not start within 120 s; see ${log}`);
    }
    await sleep(50);
  }
  const version = execFileSync(node, ['--version'], { encoding: 'utf8' }).trim();
  deps.say(
    `PostGraphile on ${url} (Node ${version}), started in ${Math.round(performance.now() - started)} ms`,
  );
  return { url, child, startupMs: performance.now() - started, log, node: version };
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await Promise.race([exited, sleep(10_000)]);
  if (child.exitCode === null) child.kill('SIGKILL');
}

// ------------------------------------------------------------------------------------------------------
// The run
// ------------------------------------------------------------------------------------------------------
type SideName = 'Praxis' | 'Praxis, same runtime' | 'PostGraphile';
interface Side {
  name: SideName;
  url: string;
  pid: number;
  query: string;
  variables: Json[];
  tokens: string[];
}

interface Measured {
  rps: number;
  p50: number;
  p99: number;
  serverMs: number;
  pgMs: number;
  errors: number;
  requests: number;
  rounds: number[];
}

export async function measurePeer(deps: PeerDeps): Promise<void> {
  const { say, fmt, quantile } = deps;
  const db = new Client({ connectionString: deps.databaseUrl });
  await db.connect();
  const pgl = await startPostGraphile(deps);
  try {
    const backend = (await db.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0].pid;
    const postmaster = procStat(backend)?.ppid ?? NaN;
    if (!Number.isFinite(clusterCpuMs(postmaster)))
      say('WARNING: the PostgreSQL processes are not readable in /proc: no PostgreSQL CPU');
    const statements = await statementCounter(db, say);

    // The variables of each pair, the same rows on both sides.
    const countries = (
      await db.query<{ code: string }>(
        `SELECT "countryCode" AS code FROM practitioner WHERE verification = 'VERIFIED' AND "deletedAt" IS NULL
          GROUP BY 1 HAVING count(*) >= 20 ORDER BY count(*) DESC, 1 LIMIT 4`,
      )
    ).rows.map((r) => r.code);
    const posts = deps.hotPosts.slice(0, 10);
    const author = await authorAndReaders(db, deps.practitionerIds.slice(0, 20));
    const readerTokens = await deps.tokensFor(author.readers);
    say(
      `peer: directory countries ${countries.join(', ')}; ${posts.length} hot posts; author rank ${author.rank} read by ${author.readers.length} members of every network of their latest 50 posts`,
    );
    const vars: Record<PeerPair['key'], { praxis: Json[]; postgraphile: Json[]; tokens: string[] }> = {
      directory: {
        praxis: countries.map((c) => ({ first: 20, filter: { countryCodes: [c] } })),
        postgraphile: countries.map((c) => ({ first: 20, countryCode: c })),
        tokens: deps.viewerTokens,
      },
      post: {
        praxis: posts.map((id) => ({ id: gid('Post', id) })),
        postgraphile: posts.map((id) => ({ id })),
        tokens: deps.viewerTokens,
      },
      authorPosts: {
        praxis: [{ id: gid('Practitioner', author.id) }],
        postgraphile: [{ id: author.id }],
        tokens: readerTokens,
      },
      feed: { praxis: [{ first: 50 }], postgraphile: [{ first: 50 }], tokens: deps.viewerTokens },
    };

    // Same rows: every variable set with every viewer's token, on both sides.
    for (const pair of PEER_PAIRS) {
      const v = vars[pair.key];
      for (let i = 0; i < v.praxis.length; i++) {
        const theirs = await deps.gql(pgl.url, '', pair.postgraphile, v.postgraphile[i]);
        if (theirs.errors || !theirs.data)
          throw new Error(`PostGraphile ${pair.key} failed: ${JSON.stringify(theirs.errors ?? theirs)}`);
        const expected = pair.postgraphileIds(theirs.data);
        // Every Praxis that is loaded below (on this Node and on PostGraphile's) answers the same rows.
        const praxisUrls = [deps.praxis.url, ...(deps.praxisSameRuntime ? [deps.praxisSameRuntime.url] : [])];
        for (const url of praxisUrls)
          for (const token of v.tokens) {
            const ours = await deps.gql(url, token, pair.praxis, v.praxis[i]);
            if (ours.errors || !ours.data)
              throw new Error(`Praxis (${url}) ${pair.key} failed: ${JSON.stringify(ours.errors ?? ours)}`);
            const got = pair.praxisIds(ours.data);
            const same = pair.sameRows
              ? JSON.stringify(got) === JSON.stringify(expected)
              : got.length === expected.length;
            if (!same || !expected.length) {
              const file = path.join(deps.logDir, `peer-${pair.key}-${i}.json`);
              fs.writeFileSync(file, JSON.stringify({ praxis: ours, postgraphile: theirs }, null, 2));
              throw new Error(
                `peer ${pair.key}: Praxis (${url}) and PostGraphile ${pair.sameRows ? 'returned different ids' : 'returned different numbers of rows'} (${got.length} vs ${expected.length} ids; both answers in ${file})`,
              );
            }
          }
      }
      say(
        `peer ${pair.key}: ${pair.sameRows ? 'same ids on every side' : 'every side returns 50 rows'} (Praxis on ${deps.praxisSameRuntime ? 'both runtimes' : 'one runtime'})`,
      );
    }

    const results: {
      pair: PeerPair;
      praxis: Measured;
      postgraphile: Measured;
      /** The median of the rounds' ratios of req/s, and their range. */
      ratio: number;
      ratioRange: [number, number];
      /** Praxis on PostGraphile's Node binary, and its ratios likewise (when that side ran). */
      sameRuntime?: { praxis: Measured; ratio: number; ratioRange: [number, number] };
      statements: { praxis: number; postgraphile: number; praxisMetrics: number };
    }[] = [];
    for (const pair of PEER_PAIRS) {
      const v = vars[pair.key];
      const sides: Side[] = [
        {
          name: 'Praxis',
          url: deps.praxis.url,
          pid: deps.praxis.pid,
          query: pair.praxis,
          variables: v.praxis,
          tokens: v.tokens,
        },
        {
          name: 'PostGraphile',
          url: pgl.url,
          pid: pgl.child.pid!,
          query: pair.postgraphile,
          variables: v.postgraphile,
          tokens: v.tokens,
        },
      ];
      const same = deps.praxisSameRuntime;
      if (same)
        sides.splice(1, 0, {
          name: 'Praxis, same runtime',
          url: same.url,
          pid: same.pid,
          query: pair.praxis,
          variables: v.praxis,
          tokens: v.tokens,
        });
      // Warmed up first: the counts are the steady state's (each side has prepared its statements, and every
      // session's "last used" time, written at most once per LAST_USED_RESOLUTION_MINUTES, is fresh).
      say(`peer ${pair.key}: warming up`);
      for (const side of sides) await deps.load(side.url, side.tokens, side.query, side.variables, 3);
      // Statements per request, 20 sequential requests per side, each sent once uncounted first: the count is
      // the steady state's. (Every session's snapshot also ends when its "last used" time turns stale, every
      // LAST_USED_RESOLUTION_MINUTES; the benchmark's sessions, made together, all turn stale at once, and
      // twice that moment fell between the warm-up and the count: one more statement per request, once.)
      const counted = { praxis: NaN, postgraphile: NaN, praxisMetrics: NaN };
      const sample = async (side: Side) => {
        for (let i = 0; i < STATEMENT_SAMPLES; i++)
          await deps.gql(
            side.url,
            side.tokens[i % side.tokens.length],
            side.query,
            side.variables[i % side.variables.length],
          );
      };
      // Statements are counted on one Praxis (the other runs the same code).
      const counting = sides.filter((side) => side.name !== 'Praxis, same runtime');
      for (const side of counting) await sample(side);
      for (const side of counting) {
        // A scrape's own statements are counted by the next scrape: measured with nothing between two.
        const overhead = side.name === 'Praxis' ? await deps.scrapeOverhead() : 0;
        const before = side.name === 'Praxis' ? await deps.sqlStatements() : 0;
        const file = path.join(deps.logDir, `peer-statements-${pair.key}-${side.name}.sql`);
        const calls = await statements(() => sample(side), file);
        if (side.name === 'Praxis') {
          counted.praxis = calls / STATEMENT_SAMPLES;
          counted.praxisMetrics = ((await deps.sqlStatements()) - before - overhead) / STATEMENT_SAMPLES;
        } else counted.postgraphile = calls / STATEMENT_SAMPLES;
      }

      const perSide: Record<SideName, { load: LoadResult; serverMs: number; pgMs: number }[]> = {
        Praxis: [],
        'Praxis, same runtime': [],
        PostGraphile: [],
      };
      for (let r = 0; r < ROUNDS; r++) {
        // Each round starts with another side (two sides: alternating; three: in turn).
        const order = sides.map((_, i) => sides[(i + r) % sides.length]);
        for (const side of order) {
          say(`peer ${pair.key}: round ${r + 1}, ${side.name}`);
          const cpu0 = processCpuMs(side.pid);
          const pg0 = clusterCpuMs(postmaster);
          const result = await deps.load(side.url, side.tokens, side.query, side.variables, SECONDS);
          const n = Math.max(1, result.requests);
          perSide[side.name].push({
            load: result,
            serverMs: (processCpuMs(side.pid) - cpu0) / n,
            pgMs: (clusterCpuMs(postmaster) - pg0) / n,
          });
        }
      }
      const median = (name: SideName): Measured => {
        const xs = perSide[name];
        const m = (f: (x: (typeof xs)[number]) => number) => quantile(xs.map(f), 0.5);
        return {
          rps: m((x) => x.load.rps),
          p50: m((x) => x.load.p50),
          p99: m((x) => x.load.p99),
          serverMs: m((x) => x.serverMs),
          pgMs: m((x) => x.pgMs),
          errors: xs.reduce((s, x) => s + x.load.errors, 0),
          requests: xs.reduce((s, x) => s + x.load.requests, 0),
          rounds: xs.map((x) => x.load.rps),
        };
      };
      // Each round's ratio, from bursts seconds apart; the median of those.
      const ratiosOf = (name: SideName) =>
        perSide[name].map((p, r) => p.load.rps / perSide.PostGraphile[r].load.rps);
      const ratios = ratiosOf('Praxis');
      const sameRatios = ratiosOf('Praxis, same runtime');
      results.push({
        pair,
        praxis: median('Praxis'),
        postgraphile: median('PostGraphile'),
        ratio: quantile(ratios, 0.5),
        ratioRange: [Math.min(...ratios), Math.max(...ratios)],
        sameRuntime: same
          ? {
              praxis: median('Praxis, same runtime'),
              ratio: quantile(sameRatios, 0.5),
              ratioRange: [Math.min(...sameRatios), Math.max(...sameRatios)],
            }
          : undefined,
        statements: counted,
      });
    }

    const praxisNode = deps.praxis.node;
    const sameNode = deps.praxisSameRuntime?.node;
    const rows = results.flatMap(
      ({ pair, praxis, postgraphile, ratio, ratioRange, sameRuntime, statements: s }) => {
        const target = pair.sameRows ? 1 : 0.8;
        const rounds = (m: Measured) => m.rounds.map((x) => fmt(x, 0)).join(', ');
        const work = pair.sameRows ? '' : ', not the same work';
        return [
          {
            measure: `${pair.label}: req/s Praxis (Node ${praxisNode}) vs PostGraphile (ratio)`,
            value: `${fmt(praxis.rps, 0)} vs ${fmt(postgraphile.rps, 0)} (${fmt(ratio, 2)}${work}; rounds' ratios ${fmt(ratioRange[0], 2)}–${fmt(ratioRange[1], 2)}); rounds ${rounds(praxis)} vs ${rounds(postgraphile)}`,
            target: `≥ ${target}: ${deps.verdict(ratio >= target)}`,
          },
          ...(sameRuntime
            ? [
                {
                  measure: `  the same, Praxis on PostGraphile's Node ${sameNode} (ratio)`,
                  value: `${fmt(sameRuntime.praxis.rps, 0)} vs ${fmt(postgraphile.rps, 0)} (${fmt(sameRuntime.ratio, 2)}${work}; rounds' ratios ${fmt(sameRuntime.ratioRange[0], 2)}–${fmt(sameRuntime.ratioRange[1], 2)}); rounds ${rounds(sameRuntime.praxis)}`,
                  target: `≥ ${target}: ${deps.verdict(sameRuntime.ratio >= target)}`,
                },
              ]
            : []),
          {
            measure: `  latency p50 / p99`,
            value: `Praxis ${fmt(praxis.p50)} / ${fmt(praxis.p99)} ms${sameRuntime ? ` (on Node ${sameNode}: ${fmt(sameRuntime.praxis.p50)} / ${fmt(sameRuntime.praxis.p99)} ms)` : ''}; PostGraphile ${fmt(postgraphile.p50)} / ${fmt(postgraphile.p99)} ms`,
          },
          {
            measure: `  CPU ms/req, server + PostgreSQL`,
            value: `Praxis ${fmt(praxis.serverMs, 2)} + ${fmt(praxis.pgMs, 2)}${sameRuntime ? ` (on Node ${sameNode}: ${fmt(sameRuntime.praxis.serverMs, 2)} + ${fmt(sameRuntime.praxis.pgMs, 2)})` : ''}; PostGraphile ${fmt(postgraphile.serverMs, 2)} + ${fmt(postgraphile.pgMs, 2)}`,
          },
          {
            measure: `  statements/req (pg_stat_statements; Praxis's /metrics)`,
            value: `Praxis ${fmt(s.praxis, 2)} (${fmt(s.praxisMetrics, 2)}); PostGraphile ${fmt(s.postgraphile, 2)}`,
            target: pair.sameRows
              ? `Praxis ≤ 3: ${deps.verdict((Number.isFinite(s.praxis) ? s.praxis : s.praxisMetrics) <= 3)}`
              : undefined,
          },
          {
            measure: `  errors / requests`,
            value: `Praxis ${praxis.errors} / ${fmt(praxis.requests, 0)}${sameRuntime ? ` (on Node ${sameNode}: ${sameRuntime.praxis.errors} / ${fmt(sameRuntime.praxis.requests, 0)})` : ''}; PostGraphile ${postgraphile.errors} / ${fmt(postgraphile.requests, 0)}`,
          },
        ];
      },
    );
    const line = (label: string, a: Measured, b: Measured, ratio: number, sameRows: boolean, s: string) =>
      `| ${label} | ${fmt(a.rps, 0)} | ${fmt(b.rps, 0)} | ${sameRows ? '' : '('}${fmt(ratio, 2)}${sameRows ? '' : ', not the same work)'} | ${fmt(a.p50)} / ${fmt(a.p99)} vs ${fmt(b.p50)} / ${fmt(b.p99)} | ${fmt(a.serverMs, 2)} + ${fmt(a.pgMs, 2)} vs ${fmt(b.serverMs, 2)} + ${fmt(b.pgMs, 2)} | ${s} |`;
    const table = [
      `| query (same rows on both sides) | Praxis req/s | PostGraphile req/s | Praxis / PostGraphile | p50 / p99 ms Praxis vs PostGraphile | CPU ms/req server + PostgreSQL, Praxis vs PostGraphile | statements/req Praxis vs PostGraphile |`,
      '|---|---|---|---|---|---|---|',
      ...results.flatMap(({ pair, praxis: a, postgraphile: b, ratio, sameRuntime, statements: s }) => [
        line(
          `${pair.label}${sameRuntime ? ` (Praxis on Node ${praxisNode})` : ''}`,
          a,
          b,
          ratio,
          pair.sameRows,
          `${fmt(s.praxis, 2)} vs ${fmt(s.postgraphile, 2)}`,
        ),
        ...(sameRuntime
          ? [
              line(
                `  the same, Praxis on Node ${sameNode}`,
                sameRuntime.praxis,
                b,
                sameRuntime.ratio,
                pair.sameRows,
                '',
              ),
            ]
          : []),
      ]),
    ].join('\n');
    deps.section(
      `PostGraphile side by side (PostGraphile 5.1.5 on Node ${pgl.node}, amber + simplify-inflection, table owner, no access rules, plan_cache_mode ${PLAN_CACHE_MODE}; ${deps.connections} connections, ${ROUNDS} rounds of ${SECONDS} s per server, each round starting with another; ratio: the median of the rounds' ratios)`,
      rows,
      `${table}\n\nStatements per request are PostgreSQL's pg_stat_statements calls (utility statements such as BEGIN included) over ${STATEMENT_SAMPLES} sequential requests per side (each sent once before, uncounted); Praxis's own count (/metrics) is in brackets above; what each side ran is in the server logs directory (peer-statements-*.sql). CPU: the server process and the whole PostgreSQL cluster (postmaster and backends, from /proc) during each round, per request answered. PostGraphile started in ${fmt(pgl.startupMs, 0)} ms (schema built from introspection).`,
    );
  } finally {
    await stop(pgl.child);
    await db.end();
  }
}

/**
 * An author among the most prolific with readers who belong to every network the author's latest 50
 * published posts are shared with: those readers see exactly the posts PostGraphile lists (every one).
 */
async function authorAndReaders(
  db: Client,
  candidates: string[],
): Promise<{ id: string; rank: number; readers: string[] }> {
  let best = { id: candidates[0], rank: 0, readers: [] as string[] };
  for (const [rank, id] of candidates.entries()) {
    const { rows } = await db.query<{ id: string }>(
      `WITH latest AS (
         SELECT p.id FROM post p WHERE p."authorId" = $1 AND p.status = 'PUBLISHED'
          ORDER BY p."publishedAt" DESC, p.id DESC LIMIT 50),
       nets AS (SELECT DISTINCT pn."networkId" FROM post_network pn WHERE pn."postId" IN (SELECT id FROM latest))
       SELECT r.id FROM practitioner r
        WHERE r.id <> $1 AND r.verification = 'VERIFIED' AND r."deletedAt" IS NULL AND r.role = 'MEMBER'
          AND (SELECT count(*) FROM latest) = 50
          AND NOT EXISTS (SELECT 1 FROM nets WHERE NOT EXISTS (
                SELECT 1 FROM network_member m WHERE m."networkId" = nets."networkId"
                   AND m."practitionerId" = r.id AND m.status = 'ACTIVE'))
        ORDER BY r.id LIMIT 20`,
      [id],
    );
    if (rows.length > best.readers.length) best = { id, rank, readers: rows.map((r) => r.id) };
    if (best.readers.length >= 10) break;
  }
  if (!best.readers.length)
    throw new Error('peer: no author with 50 published posts has a reader in all their networks');
  return best;
}

/**
 * Counts the statements PostgreSQL runs while `work` runs, with pg_stat_statements (loaded by bench/run.sh,
 * tracking switched on only for the count so that it costs nothing elsewhere). NaN when it is unavailable.
 */
async function statementCounter(
  db: Client,
  say: (line: string) => void,
): Promise<(work: () => Promise<void>, file: string) => Promise<number>> {
  try {
    await db.query('CREATE SCHEMA IF NOT EXISTS bench_stats');
    await db.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements SCHEMA bench_stats');
    await db.query('SELECT count(*) FROM bench_stats.pg_stat_statements');
  } catch (err) {
    say(`WARNING: pg_stat_statements is unavailable (${String(err)}): no PostgreSQL statement counts`);
    return async (work) => {
      await work();
      return NaN;
    };
  }
  const track = async (value: 'top' | 'none') => {
    await db.query(`ALTER SYSTEM SET pg_stat_statements.track = '${value}'`);
    await db.query('SELECT pg_reload_conf()');
    await sleep(300); // every backend rereads its configuration before its next statement
  };
  return async (work, file) => {
    await track('top');
    try {
      await db.query('SELECT bench_stats.pg_stat_statements_reset()');
      await work();
      const { rows } = await db.query<{ calls: string; query: string }>(
        `SELECT calls, query FROM bench_stats.pg_stat_statements
          WHERE query NOT LIKE '%pg_stat_statements%' AND query NOT LIKE '%pg_reload_conf%'
            -- Praxis's search indexer polls its queue once a second whatever the requests: not theirs.
            AND query NOT LIKE '%FROM search_dirty) AS "pending"%'
          ORDER BY calls DESC, query`,
      );
      // What each side ran, for the reader of the report (the server logs directory).
      fs.writeFileSync(file, rows.map((r) => `-- ${r.calls} calls\n${r.query}\n`).join('\n'));
      return rows.reduce((n, r) => n + Number(r.calls), 0);
    } finally {
      await track('none');
    }
  };
}
