/**
 * `npm run bench` (through bench/run.sh, which starts PostgreSQL and Redis): generates the data set,
 * starts Praxis and the baseline as separate processes, measures, prints a summary and writes
 * bench/results/latest.md. See BENCHMARKS.md for what each number means.
 */
import 'reflect-metadata';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import net from 'node:net';
import { execFileSync, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import { Client } from 'pg';
import { WebSocket } from 'ws';
import { signAccessToken } from '../src/common/auth/tokens';
import { generate } from './generate';
import type { GeneratedData } from './generate';
import { FEED, DIRECTORY, POST_WITH_COMMENTS, POST_PUBLISHED, REVIEW_POST } from './queries';
import { measureLimitsCost } from './limits-cost';
import { measureLiveEvents } from './live-events';
import { measureComments, soak } from './comments';
import { buildSearchIndex, measureSearch } from './search';
import { measureCourses } from './courses';
import { measurePeer, peerNodeBinary } from './peer';

const ROOT = path.resolve(__dirname, '..', '..');
const DATABASE_URL = required('DATABASE_URL');
const REDIS_URL = process.env.REDIS_URL ?? '';
const SCALE = Number(process.env.BENCH_SCALE ?? '1');
const DURATION = Number(process.env.BENCH_DURATION ?? (SCALE >= 1 ? '20' : '5'));
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? '10');
const SUBSCRIBERS = Number(process.env.BENCH_SUBSCRIBERS ?? '1000');
/** Fan-out rounds: warm-up rounds (not measured) and measured rounds, the same on every side. */
const FANOUT_WARMUP = 5;
const FANOUT_ROUNDS = 10;
/** Extra spawns of the Praxis server for the Process section's start-up time. */
const STARTUP_SPAWNS = 4;
const LOG_LEVEL = process.env.BENCH_LOG_LEVEL ?? 'info';
const OUT = process.env.BENCH_OUT ?? path.join(ROOT, 'bench', 'results', 'latest.md');
/** BENCH_CPU_PROF=1: a CPU profile of the Praxis server during the fan-out rounds, in the log directory. */
const CPU_PROF = !!process.env.BENCH_CPU_PROF;
/**
 * BENCH_ONLY=live-events: only the data set and the live-event sections (question fan-out, upvotes, pages).
 * BENCH_ONLY=comments: only commentAdded with many comments; BENCH_ONLY=soak: only the soak (bench/comments.ts).
 * BENCH_ONLY=search: only the data set and the search sections (bench/search.ts).
 * BENCH_ONLY=courses: only the data set and the courses section (statements per request, req/s).
 * BENCH_ONLY=fanout: only the data set, the postPublished fan-out (against a bare ws broadcast and a bare
 * graphql-ws server) and the write path with the subscribers connected.
 * BENCH_ONLY=reads: only the data set, the HTTP loads (feed against the baseline, directory, post), the
 * operation limits' cost, statements per feed request, keyset depth and the Process section (start-up, memory).
 * BENCH_ONLY=peer: only the data set and PostGraphile side by side (bench/peer.ts); BENCH_PEER=0 leaves that
 * section out of the full run. That section also runs Praxis on PostGraphile's Node 22 binary (one runtime for
 * both), unless BENCH_PEER_SAME_RUNTIME=0.
 */
const ONLY = process.env.BENCH_ONLY ?? '';
const JWT_SECRET = crypto.randomBytes(32).toString('hex');
const VIEWER_COUNT = 20;
const FEED_ROUNDS = 3;

function required(name: string): string {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is required (bench/run.sh sets it)`);
  return v;
}

const say = (line: string) => process.stdout.write(`[bench] ${line}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// ------------------------------------------------------------------------------------------------------
// Statistics and formatting
// ------------------------------------------------------------------------------------------------------
function quantile(values: number[], q: number): number {
  if (!values.length) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const idx = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[idx];
}
const fmt = (n: number, digits = 1) =>
  Number.isFinite(n)
    ? n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 })
    : '–';
const verdict = (ok: boolean) => (ok ? 'met' : 'MISSED');

interface Row {
  measure: string;
  value: string;
  target?: string;
}
const sections: { title: string; rows: Row[]; note?: string }[] = [];
function section(title: string, rows: Row[], note?: string): void {
  sections.push({ title, rows, note });
  say(`${title}`);
  for (const r of rows) say(`  ${r.measure.padEnd(58)} ${r.value}${r.target ? `   (${r.target})` : ''}`);
}

// ------------------------------------------------------------------------------------------------------
// Processes
// ------------------------------------------------------------------------------------------------------
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

interface Proc {
  name: string;
  child: ChildProcess;
  url: string;
  port: number;
  probePort: number;
  startupMs: number;
}
const procs: Proc[] = [];
const logDir = fs.mkdtempSync(path.join(os.tmpdir(), 'praxis-bench-logs-'));

/**
 * The Node flags `npm start` runs the server with (package.json's start script, `node <flags> dist/src/main.js`):
 * the benchmark starts Praxis as production starts it.
 */
function praxisNodeFlags(): string[] {
  const start = (
    JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    }
  ).scripts.start;
  const flags = /^node((?: --\S+)*) dist\/src\/main\.js$/.exec(start);
  if (!flags)
    throw new Error(`package.json's start script is not "node [--flags] dist/src/main.js": ${start}`);
  return flags[1].trim().split(' ').filter(Boolean);
}

async function startProcess(
  name: string,
  script: string,
  env: Record<string, string>,
  readyPath: string,
  node: string = process.execPath,
  nodeFlags: readonly string[] = [],
): Promise<Proc> {
  const [port, probePort] = [await freePort(), await freePort()];
  const out = fs.openSync(path.join(logDir, `${name}.log`), 'w');
  const started = performance.now();
  const args = [...nodeFlags, '--expose-gc', '-r', path.join(__dirname, 'heap-probe.js'), script];
  const child = spawn(node, args, {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      ...env,
      PORT: String(port),
      BENCH_PROBE_PORT: String(probePort),
      ...(CPU_PROF ? { BENCH_CPU_PROF: '1' } : {}),
    },
    stdio: ['ignore', out, out],
  });
  const url = `http://127.0.0.1:${port}`;
  const fail = (message: string) => {
    if (child.exitCode === null) child.kill('SIGKILL');
    return new Error(`${message}; see ${path.join(logDir, `${name}.log`)}`);
  };
  for (;;) {
    if (child.exitCode !== null) throw fail(`${name} exited (${child.exitCode})`);
    try {
      const res = await fetch(url + readyPath);
      if (res.status < 500) break;
    } catch {
      /* not listening yet */
    }
    if (performance.now() - started > 60_000) throw fail(`${name} did not start within 60 s`);
    await sleep(20);
  }
  const proc = { name, child, url, port, probePort, startupMs: performance.now() - started };
  procs.push(proc);
  return proc;
}

/** The Praxis server (dist/src/main.js) with npm start's Node flags, on `node` (this benchmark's by default). */
function startPraxis(
  name: string,
  env: Record<string, string>,
  node: string = process.execPath,
): Promise<Proc> {
  return startProcess(
    name,
    path.join(ROOT, 'dist', 'src', 'main.js'),
    env,
    '/readyz',
    node,
    praxisNodeFlags(),
  );
}

/** The environment of a second Praxis instance beside the first: no metrics listener (the first keeps the port). */
function secondInstanceEnv(env: Record<string, string>): Record<string, string> {
  const { METRICS_PORT: _metricsPort, ...rest } = env;
  return rest;
}

async function stopProcess(proc: Proc): Promise<void> {
  if (proc.child.exitCode !== null) return;
  const exited = new Promise((r) => proc.child.once('exit', r));
  proc.child.kill('SIGTERM');
  await Promise.race([exited, sleep(20_000)]);
  if (proc.child.exitCode === null) proc.child.kill('SIGKILL');
}

/** Starts or stops (writing `file`) a CPU profile of a server, through its probe (BENCH_CPU_PROF only). */
async function cpuProfile(proc: Proc, action: 'start' | 'stop', file?: string): Promise<void> {
  if (!CPU_PROF) return;
  const query = file ? `?file=${encodeURIComponent(file)}` : '';
  const res = await fetch(`http://127.0.0.1:${proc.probePort}/profile/${action}${query}`, { method: 'POST' });
  if (!res.ok) throw new Error(`cpu profile ${action}: ${await res.text()}`);
}

async function memory(proc: Proc): Promise<{ heapUsed: number; rss: number }> {
  const res = await fetch(`http://127.0.0.1:${proc.probePort}/`);
  return (await res.json()) as { heapUsed: number; rss: number };
}

/**
 * The statements a /metrics scrape runs itself (the outbox_events_pending count, counted by the next
 * scrape): measured with no request between two scrapes, the fewest of five, to be taken off a count.
 */
async function scrapeOverhead(): Promise<number> {
  const deltas: number[] = [];
  for (let i = 0; i < 5; i++) {
    const before = await sqlStatements();
    deltas.push((await sqlStatements()) - before);
  }
  return Math.min(...deltas);
}

// ------------------------------------------------------------------------------------------------------
// GraphQL over HTTP
// ------------------------------------------------------------------------------------------------------
async function gql(
  url: string,
  token: string,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<{ data?: Record<string, unknown>; errors?: unknown[] }> {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  return (await res.json()) as { data?: Record<string, unknown>; errors?: unknown[] };
}

interface LoadResult {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  requests: number;
}

/** autocannon against POST /graphql, each request with the next viewer's token and the next variables. */
async function load(
  url: string,
  tokens: string[],
  query: string,
  variables: Array<Record<string, unknown>>,
  seconds: number,
): Promise<LoadResult> {
  let n = 0;
  let graphqlErrors = 0;
  const bodies = variables.map((v) => JSON.stringify({ query, variables: v }));
  const result = await autocannon({
    url: `${url}/graphql`,
    connections: CONNECTIONS,
    duration: seconds,
    requests: [
      {
        method: 'POST',
        setupRequest: (req) => {
          const i = n++;
          return {
            ...req,
            headers: {
              'content-type': 'application/json',
              authorization: `Bearer ${tokens[i % tokens.length]}`,
            },
            body: bodies[i % bodies.length],
          };
        },
        onResponse: (status, body) => {
          if (status === 200 && body.includes('"errors"')) graphqlErrors++;
        },
      },
    ],
  });
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts + result.non2xx + graphqlErrors,
    requests: result.requests.total,
  };
}

// ------------------------------------------------------------------------------------------------------
// Sessions and tokens (the project's token module, with this run's secret)
// ------------------------------------------------------------------------------------------------------
async function tokensFor(ids: string[]): Promise<string[]> {
  const client = new Client({ connectionString: DATABASE_URL });
  await client.connect();
  try {
    const sessions = ids.map(() => crypto.randomUUID());
    await client.query(
      `INSERT INTO auth_session (id, "practitionerId") SELECT * FROM unnest($1::uuid[], $2::uuid[])`,
      [sessions, ids],
    );
    return ids.map((sub, i) => signAccessToken({ sub, sid: sessions[i] }, JWT_SECRET, 4 * 3600).token);
  } finally {
    await client.end();
  }
}

/** Praxis serves metrics on a listener of its own (METRICS_PORT), never on its public port. */
let metricsPort = 0;
const metricsUrl = () => `http://127.0.0.1:${metricsPort}/metrics`;

async function sqlStatements(): Promise<number> {
  const text = await (await fetch(metricsUrl())).text();
  const m = /^\w*db_sql_statements_total(?:\{[^}]*\})? (\d+(?:\.\d+)?)/m.exec(text);
  if (!m) throw new Error('db_sql_statements_total not found in /metrics');
  return Number(m[1]);
}

async function metricValue(name: string): Promise<number> {
  const text = await (await fetch(metricsUrl())).text();
  const m = new RegExp(`^\\w*${name}(?:\\{[^}]*\\})? (\\d+(?:\\.\\d+)?)`, 'm').exec(text);
  return m ? Number(m[1]) : NaN;
}

// ------------------------------------------------------------------------------------------------------
// WebSocket subscribers (raw graphql-transport-ws frames: the client side must cost as little as possible)
// ------------------------------------------------------------------------------------------------------
interface Subscriber {
  ws: WebSocket;
  received: Map<string, number>;
}

function openSubscriber(
  wsUrl: string,
  token: string | null,
  onMessage: (at: number, key: string) => void,
): Promise<Subscriber> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(wsUrl, token ? 'graphql-transport-ws' : undefined);
    const sub: Subscriber = { ws, received: new Map() };
    const timer = setTimeout(() => reject(new Error('subscriber did not connect in 30 s')), 30_000);
    ws.on('open', () => {
      if (!token) {
        clearTimeout(timer);
        resolve(sub);
        return;
      }
      ws.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${token}` } }));
    });
    ws.on('message', (data: Buffer) => {
      const at = performance.now();
      const text = data.toString('utf8');
      if (!token) {
        onMessage(at, text);
        return;
      }
      const msg = JSON.parse(text) as {
        type: string;
        payload?: { data?: { postPublished?: { id: string } } };
      };
      if (msg.type === 'connection_ack') {
        ws.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: POST_PUBLISHED } }));
        clearTimeout(timer);
        resolve(sub);
      } else if (msg.type === 'next' && msg.payload?.data?.postPublished) {
        onMessage(at, msg.payload.data.postPublished.id);
      } else if (msg.type === 'ping') {
        ws.send(JSON.stringify({ type: 'pong' }));
      } else if (msg.type === 'error' || msg.type === 'complete') {
        reject(new Error(`subscription ended: ${text}`));
      }
    });
    ws.on('error', reject);
  });
}

async function openMany(n: number, open: (i: number) => Promise<Subscriber>): Promise<Subscriber[]> {
  const out: Subscriber[] = [];
  for (let start = 0; start < n; start += 50) {
    out.push(
      ...(await Promise.all(Array.from({ length: Math.min(50, n - start) }, (_, k) => open(start + k)))),
    );
  }
  return out;
}

/** Waits until `count()` reaches `n` or the timeout passes. */
async function waitFor(count: () => number, n: number, timeoutMs: number): Promise<boolean> {
  const until = performance.now() + timeoutMs;
  while (count() < n) {
    if (performance.now() > until) return false;
    await sleep(2);
  }
  return true;
}

// ------------------------------------------------------------------------------------------------------
// The run
// ------------------------------------------------------------------------------------------------------
async function main(): Promise<void> {
  const runStarted = Date.now();
  say(`scale ${SCALE}, ${DURATION} s per load test, ${CONNECTIONS} connections, ${SUBSCRIBERS} subscribers`);

  // 1. Data
  const genStarted = Date.now();
  const data: GeneratedData = await generate({
    databaseUrl: DATABASE_URL,
    jwtSecret: JWT_SECRET,
    scale: SCALE,
    log: (line) => say(`  ${line}`),
  });
  // The home timelines are derived data, built after the rows (like the search index below): apart.
  const genMs = Date.now() - genStarted - data.ms.timelines;
  const c = data.counts;
  section('Data set', [
    { measure: 'practitioners (verified)', value: fmt(c.practitioners, 0) },
    { measure: 'posts (published)', value: `${fmt(c.posts, 0)} (${fmt(c.publishedPosts, 0)})` },
    { measure: 'follows (the top author: every practitioner)', value: fmt(c.follows, 0) },
    { measure: 'blocks (each ends the follows between the two)', value: fmt(c.blocks, 0) },
    {
      measure: 'comments / endorsements / bookmarks',
      value: `${fmt(c.comments, 0)} / ${fmt(c.endorsements, 0)} / ${fmt(c.bookmarks, 0)}`,
    },
    {
      measure: 'network memberships / network follows',
      value: `${fmt(c.networkMemberships, 0)} / ${fmt(c.networkFollows, 0)}`,
    },
    {
      measure: 'generation time (migrations + rows + VACUUM ANALYZE)',
      value: `${fmt(genMs / 1000)} s`,
      target: SCALE >= 1 ? `< 120 s: ${verdict(genMs < 120_000)}` : undefined,
    },
    {
      measure: 'home timelines of every practitioner (as each first read builds one)',
      value: `${fmt(data.ms.timelines / 1000)} s, ${fmt(data.ms.timelines / c.practitioners, 1)} ms per reader (two connections)`,
    },
  ]);

  // 2. Viewers: ordinary members spread over the popularity ranks (each follows the top author and others)
  const ids = data.practitionerIds;
  const viewerIds = Array.from(
    { length: VIEWER_COUNT },
    (_, k) => ids[20 + Math.floor((k * (ids.length - 40)) / VIEWER_COUNT)],
  );
  const viewerTokens = await tokensFor(viewerIds);
  const [moderatorToken] = await tokensFor([data.moderator]);

  // 3. Servers
  metricsPort = await freePort();
  const praxisEnv: Record<string, string> = {
    METRICS_PORT: String(metricsPort),
    // The load generator's 1,000 subscribers all come from 127.0.0.1 (real clients are spread over addresses).
    WS_MAX_CONNECTIONS_PER_IP: '100000',
    // The live-event upvote burst sends 1,000 upvotes from 127.0.0.1 within seconds (one per account).
    RATE_LIMIT_REACTION_PER_IP: '100000/600',
    // The comment sections write thousands of comments from a few accounts on 127.0.0.1.
    RATE_LIMIT_CONTENT_PER_ACCOUNT: '1000000/60',
    RATE_LIMIT_CONTENT_PER_IP: '1000000/60',
    // The search sections send hundreds of searches from 127.0.0.1 within a minute.
    RATE_LIMIT_SEARCH_PER_ACCOUNT: '100000/60',
    RATE_LIMIT_SEARCH_PER_IP: '100000/60',
    // The outbox poll only finds work after a crash; once a minute keeps its statements out of the
    // per-request statement counts below (events are dispatched right after their commit either way).
    OUTBOX_POLL_INTERVAL_MS: '60000',
    NODE_ENV: 'production',
    DATABASE_URL,
    JWT_SECRET,
    HOST: '127.0.0.1',
    LOG_LEVEL,
    ACCESS_TOKEN_TTL_SECONDS: String(4 * 3600),
    SEED_DEMO: 'false',
    ...(REDIS_URL ? { REDIS_URL } : {}),
  };
  const praxis = await startPraxis('praxis', praxisEnv);
  // The search index is built from the generated data before anything is measured.
  const searchDeps = {
    url: praxis.url,
    databaseUrl: DATABASE_URL,
    tokens: viewerTokens,
    gql,
    sqlStatements,
    section,
    say,
    quantile,
    fmt,
  };
  await buildSearchIndex(searchDeps);
  const baseline = await startProcess(
    'baseline',
    path.join(__dirname, 'baseline-server.js'),
    { DATABASE_URL, JWT_SECRET },
    '/',
  );
  const praxisIdle = await memory(praxis);

  // Same data, same answer: the baseline must return exactly what Praxis returns, cursors aside (opaque
  // strings: Praxis's home timeline keys them by the timestamp to the microsecond, the baseline's by the
  // millisecond).
  const uncursored = (data: unknown) =>
    JSON.stringify(data, (key, value: unknown) =>
      key === 'cursor' || key === 'endCursor' || key === 'startCursor' ? undefined : value,
    );
  const ours = await gql(praxis.url, viewerTokens[0], FEED, { first: 50 });
  const theirs = await gql(baseline.url, viewerTokens[0], FEED, { first: 50 });
  if (ours.errors) throw new Error(`Praxis feed failed: ${JSON.stringify(ours.errors)}`);
  const identical = uncursored(ours.data) === uncursored(theirs.data);
  if (!identical) {
    fs.writeFileSync(path.join(logDir, 'feed-praxis.json'), JSON.stringify(ours, null, 2));
    fs.writeFileSync(path.join(logDir, 'feed-baseline.json'), JSON.stringify(theirs, null, 2));
    say(`WARNING: the baseline's feed differs from Praxis's (see ${logDir})`);
  }

  if (ONLY === 'comments' || ONLY === 'soak') {
    const deps = {
      praxisUrl: praxis.url,
      postIds: data.hotPosts,
      tokens: viewerTokens,
      subscriberTokens: await tokensFor(ids.slice(100, 100 + Number(process.env.SOAK_SUBSCRIBERS ?? '300'))),
      gql,
      memory: () => memory(praxis),
      sqlStatements,
      scrapeOverhead,
      section,
      say,
      quantile,
      fmt,
      verdict,
    };
    await cpuProfile(praxis, 'start');
    await (ONLY === 'soak' ? soak(deps) : measureComments(deps));
    await cpuProfile(praxis, 'stop', path.join(logDir, `praxis-${ONLY}.cpuprofile`));
    for (const p of [...procs]) await stopProcess(p);
    writeReport(Date.now() - runStarted);
    return;
  }
  if (ONLY === 'search') {
    await measureSearch(searchDeps);
    for (const p of [...procs]) await stopProcess(p);
    writeReport(Date.now() - runStarted);
    return;
  }
  if (ONLY === 'courses') {
    await courses(praxis, data);
    for (const p of [...procs]) await stopProcess(p);
    writeReport(Date.now() - runStarted);
    return;
  }
  if (ONLY === 'peer') {
    await peer(praxis, data, viewerTokens, praxisEnv);
    for (const p of [...procs]) await stopProcess(p);
    writeReport(Date.now() - runStarted);
    return;
  }
  if (ONLY === 'live-events') {
    await liveEvents(praxis, data, viewerTokens, moderatorToken);
    for (const p of [...procs]) await stopProcess(p);
    writeReport(Date.now() - runStarted);
    return;
  }
  if (ONLY === 'fanout') {
    writePathSection(await fanout(praxis, baseline, data, ids, moderatorToken), c.starFollowers);
    for (const p of [...procs]) await stopProcess(p);
    writeReport(Date.now() - runStarted);
    return;
  }

  // 4. HTTP load
  const feedVars = [{ first: 50 }];
  const directoryVars = [
    { first: 20, filter: { countryCodes: ['FR', 'NE', 'MA'] } },
    { first: 20, filter: { professions: ['PROSECUTOR', 'JUDGE'], languages: ['FR'] } },
    { first: 20, filter: { nameContains: 'Diallo' } },
    { first: 20, filter: { regionCodes: ['002'], professions: ['INVESTIGATOR'] } },
  ];
  const postVars = data.hotPosts
    .slice(0, 10)
    .map((id) => ({ id: Buffer.from(`Post:${id}`).toString('base64url') }));
  for (const [name, q, v] of [
    ['directory', DIRECTORY, directoryVars],
    ['post', POST_WITH_COMMENTS, postVars],
  ] as const) {
    for (const vars of v) {
      const r = await gql(praxis.url, viewerTokens[1], q, vars);
      if (r.errors) throw new Error(`${name} query failed: ${JSON.stringify(r.errors)}`);
    }
  }

  say('warming up');
  await load(praxis.url, viewerTokens, FEED, feedVars, Math.min(5, DURATION));
  await load(baseline.url, viewerTokens, FEED, feedVars, Math.min(5, DURATION));
  await load(praxis.url, viewerTokens, DIRECTORY, directoryVars, 2);
  await load(praxis.url, viewerTokens, POST_WITH_COMMENTS, postVars, 2);

  // Alternating rounds, so that a burst of noise on the shared machine hits both sides.
  const half = Math.max(2, Math.round(DURATION / 2));
  const rounds: { ours: LoadResult[]; base: LoadResult[] } = { ours: [], base: [] };
  for (let r = 0; r < FEED_ROUNDS; r++) {
    say(`feed load, round ${r + 1}`);
    rounds.ours.push(await load(praxis.url, viewerTokens, FEED, feedVars, half));
    rounds.base.push(await load(baseline.url, viewerTokens, FEED, feedVars, half));
  }
  const merge = (xs: LoadResult[]): LoadResult => ({
    rps: xs.reduce((s, x) => s + x.rps, 0) / xs.length,
    p50: Math.max(...xs.map((x) => x.p50)),
    p99: Math.max(...xs.map((x) => x.p99)),
    errors: xs.reduce((s, x) => s + x.errors, 0),
    requests: xs.reduce((s, x) => s + x.requests, 0),
  });
  const feedOurs = merge(rounds.ours);
  const feedBase = merge(rounds.base);
  say('directory load');
  const directory = await load(praxis.url, viewerTokens, DIRECTORY, directoryVars, DURATION);
  say('post + comments load');
  const post = await load(praxis.url, viewerTokens, POST_WITH_COMMENTS, postVars, DURATION);
  const praxisLoaded = await memory(praxis);
  const ratio = feedOurs.rps / feedBase.rps;
  const loadRow = (label: string, r: LoadResult): Row => ({
    measure: label,
    value: `${fmt(r.rps)} req/s, p50 ${fmt(r.p50)} ms, p99 ${fmt(r.p99)} ms, ${r.errors} errors / ${fmt(r.requests, 0)}`,
  });
  section(`HTTP load (autocannon, ${CONNECTIONS} connections, ${VIEWER_COUNT} viewers' tokens in turn)`, [
    loadRow('home feed, first: 50 — Praxis', feedOurs),
    loadRow('home feed, first: 50 — baseline (graphql-js + pg)', feedBase),
    {
      measure: 'Praxis / baseline throughput',
      value: fmt(ratio, 2),
      target: `≥ 0.5 (aim 0.7): ${verdict(ratio >= 0.5)}${ratio >= 0.7 ? ', aim reached' : ''}`,
    },
    { measure: 'baseline answer identical to Praxis’s (first page)', value: identical ? 'yes' : 'NO' },
    loadRow('directory with filters, first: 20', directory),
    loadRow('post with 20 comments (node(id:))', post),
  ]);

  // 4b. What the operation limits (token, depth, alias, directive rules and cost pricing) add per request
  say('pricing and limits, in process');
  const limitsCost = await measureLimitsCost(DATABASE_URL, JWT_SECRET, [
    { name: 'home feed, first: 50', query: FEED, variables: feedVars[0], rps: feedOurs.rps },
    {
      name: 'directory with filters, first: 20',
      query: DIRECTORY,
      variables: directoryVars[0],
      rps: directory.rps,
    },
    { name: 'post with 20 comments', query: POST_WITH_COMMENTS, variables: postVars[0], rps: post.rps },
  ]);
  section(
    'Operation limits: what they add per request (in process, the real schema and the requests’ variables)',
    limitsCost.flatMap((m) => {
      // At the measured throughput one request has 1/rps seconds of the server's one JavaScript thread.
      const budget = 1e6 / m.rps;
      const ws = m.limitedMicros - m.bareMicros;
      return [
        {
          measure: `${m.operation}: over HTTP (Apollo keeps validated documents, so only the pricing runs)`,
          value: `+${fmt(m.pricingMicros)} µs = ${fmt((m.pricingMicros / budget) * 100, 2)} % of a request's time at ${fmt(m.rps)} req/s`,
          target: `< 1 %: ${verdict(m.pricingMicros / budget < 0.01)}`,
        },
        {
          measure: `${m.operation}: over WebSocket (limit rules and pricing on every operation)`,
          value: `${fmt(m.bareMicros)} µs parse + validation alone, ${fmt(m.limitedMicros)} µs with the limits: +${fmt(ws)} µs = ${fmt((ws / budget) * 100, 2)} %`,
        },
      ];
    }),
  );

  // 5. SQL statements per feed request
  // Each viewer's request twice, the fewer statements counted: a request also runs the session's statement when
  // that viewer's snapshot has just expired (VIEWER_CACHE_SECONDS, "last used" every 5 minutes), at moments that
  // have nothing to do with the page size; the second pass finds the snapshot the first one renewed.
  const perRequest = async (first: number): Promise<number[]> => {
    const overhead = await scrapeOverhead();
    const pass = async (): Promise<number[]> => {
      const counts: number[] = [];
      for (let i = 0; i < 20; i++) {
        const before = await sqlStatements();
        await gql(praxis.url, viewerTokens[i % viewerTokens.length], FEED, { first });
        counts.push((await sqlStatements()) - before - overhead);
      }
      return counts;
    };
    const [a, b] = [await pass(), await pass()];
    return a.map((n, i) => Math.min(n, b[i]));
  };
  // Let the last load test's in-flight requests finish: their statements must not be counted here.
  await sleep(1000);
  await gql(praxis.url, viewerTokens[0], FEED, { first: 10 });
  const sql10 = await perRequest(10);
  const sql50 = await perRequest(50);
  const describe = (xs: number[]) =>
    `${Math.max(...xs)} (min ${Math.min(...xs)}, mean ${fmt(xs.reduce((a, b) => a + b, 0) / xs.length, 2)})`;
  section(
    `SQL statements per feed request (${sql10.length} viewers' requests each, the fewer of two passes per viewer; max)`,
    [
      { measure: 'first: 10', value: describe(sql10) },
      {
        measure: 'first: 50',
        value: describe(sql50),
        target: `max equal to first: 10's: ${verdict(Math.max(...sql10) === Math.max(...sql50))}`,
      },
    ],
  );

  // 6. Keyset depth: page 1 versus page 200 of one viewer's feed (first: 50)
  const depthToken = viewerTokens[0];
  let after: string | null = null;
  let pages = 1;
  let deepCursor: string | null = null;
  for (; pages < 200; pages++) {
    const r = await gql(praxis.url, depthToken, FEED, { first: 50, after });
    const info = (r.data!.feed as { pageInfo: { hasNextPage: boolean; endCursor: string } }).pageInfo;
    if (!info.hasNextPage) break;
    after = info.endCursor;
    deepCursor = after;
  }
  const deepPage = deepCursor ? pages : 1;
  const timings = { first: [] as number[], deep: [] as number[] };
  for (let i = 0; i < 60; i++) {
    for (const which of ['first', 'deep'] as const) {
      const t = performance.now();
      await gql(praxis.url, depthToken, FEED, { first: 50, after: which === 'deep' ? deepCursor : null });
      if (i >= 10) timings[which].push(performance.now() - t);
    }
  }
  const depthRatio = quantile(timings.deep, 0.5) / quantile(timings.first, 0.5);
  section(`Keyset depth (one viewer, first: 50, sequential, median of 50)`, [
    {
      measure: 'page 1',
      value: `${fmt(quantile(timings.first, 0.5))} ms (p90 ${fmt(quantile(timings.first, 0.9))} ms)`,
    },
    {
      measure: `page ${deepPage}`,
      value: `${fmt(quantile(timings.deep, 0.5))} ms (p90 ${fmt(quantile(timings.deep, 0.9))} ms)`,
    },
    {
      measure: `page ${deepPage} / page 1`,
      value: fmt(depthRatio, 2),
      target: `≤ 1.5: ${verdict(depthRatio <= 1.5)}${deepPage < 200 ? ` (the feed has only ${deepPage} pages at this scale)` : ''}`,
    },
  ]);

  // BENCH_ONLY=reads stops here: the HTTP loads, statements per request, keyset depth and the process's
  // start-up and memory, without the sections that follow.
  if (ONLY !== 'reads') {
    // 6b. PostGraphile side by side: the same rows, both servers loaded in turn
    if (process.env.BENCH_PEER !== '0') await peer(praxis, data, viewerTokens, praxisEnv);

    // 7–8. Fan-out to subscribers following the top author; the write path with them connected
    const write = await fanout(praxis, baseline, data, ids, moderatorToken);
    // 9. Live events: question fan-out, upvote burst, statements per liveEvents page
    await liveEvents(praxis, data, viewerTokens, moderatorToken);
    await measureSearch(searchDeps);

    // 10. Courses: statements per myCourses page and per course outline, req/s
    await courses(praxis, data);

    writePathSection(write, c.starFollowers);
  }

  // Start-up, measured again on the idle machine: the first spawn's time follows the data generation and
  // moves with whatever the machine was doing then. Each extra instance shares the database and Redis.
  const startups = [praxis.startupMs];
  for (let k = 1; k <= STARTUP_SPAWNS; k++) {
    const again = await startPraxis(`praxis-startup-${k}`, secondInstanceEnv(praxisEnv));
    startups.push(again.startupMs);
    await stopProcess(again);
  }
  section('Process', [
    {
      measure: `Praxis start-up (spawn → /readyz, migrations already applied): median of ${startups.length} spawns (the first before the measurements, the others after them)`,
      value: `${fmt(quantile(startups, 0.5), 0)} ms (${startups.map((x) => fmt(x, 0)).join(', ')})`,
    },
    { measure: 'baseline start-up (spawn → listening)', value: `${fmt(baseline.startupMs, 0)} ms` },
    {
      measure: 'Praxis heap / RSS: idle, after HTTP load',
      value: `${fmt(praxisIdle.heapUsed / 2 ** 20)} / ${fmt(praxisIdle.rss / 2 ** 20)} MiB, ${fmt(praxisLoaded.heapUsed / 2 ** 20)} / ${fmt(praxisLoaded.rss / 2 ** 20)} MiB`,
    },
    { measure: 'Praxis LOG_LEVEL', value: LOG_LEVEL },
    {
      measure: 'PubSub',
      value: REDIS_URL
        ? `REDIS_URL set (${praxisKnowsRedis() ? 'Redis' : 'this build ignores it: in-process'})`
        : 'in-process',
    },
  ]);

  for (const p of [...procs]) await stopProcess(p);
  writeReport(Date.now() - runStarted);
}

/**
 * 7. Fan-out: `SUBSCRIBERS` WebSocket subscribers following the top author receive its posts as a moderator
 * approves them, against a bare ws broadcast and a bare graphql-ws server of the same payload (the baseline
 * process). 8. The write path with them connected: approvals of the top author's posts and of a quiet one's,
 * returned for `writePathSection`.
 */
async function fanout(
  praxis: Proc,
  baseline: Proc,
  data: GeneratedData,
  ids: string[],
  moderatorToken: string,
): Promise<{ star: number[]; quiet: number[] }> {
  const subscriberIds = ids.slice(3, 3 + Math.min(SUBSCRIBERS, ids.length - 5));
  const subscriberTokens = await tokensFor(subscriberIds);
  const wsUrl = praxis.url.replace('http', 'ws') + '/graphql';
  const heapBefore = await memory(praxis);
  const arrivals = new Map<string, number[]>();
  const subs = await openMany(subscriberTokens.length, (i) =>
    openSubscriber(wsUrl, subscriberTokens[i], (at, postId) => {
      const list = arrivals.get(postId) ?? [];
      list.push(at);
      arrivals.set(postId, list);
    }),
  );
  const activeOk = await (async () => {
    const until = performance.now() + 30_000;
    while (performance.now() < until) {
      if ((await metricValue('graphql_subscriptions_active')) >= subs.length) return true;
      await sleep(50);
    }
    return false;
  })();
  if (!activeOk) say('WARNING: not every subscription is reported active');
  const heapSubscribed = await memory(praxis);
  const reviews = { star: [...data.pendingPosts.star], quiet: [...data.pendingPosts.quiet] };
  const publish = async (
    which: 'star' | 'quiet',
  ): Promise<{ sent: number; answered: number; postId: string }> => {
    const postId = reviews[which].shift()!;
    const sent = performance.now();
    const r = await gql(praxis.url, moderatorToken, REVIEW_POST, {
      id: Buffer.from(`Post:${postId}`).toString('base64url'),
    });
    const answered = performance.now();
    if (r.errors) throw new Error(`reviewPost failed: ${JSON.stringify(r.errors)}`);
    return { sent, answered, postId: Buffer.from(`Post:${postId}`).toString('base64url') };
  };
  const fromAnswer: number[] = [];
  const fromSent: number[] = [];
  const deliveryRates: number[] = [];
  // Deliveries/s while delivering: from the first subscriber reached to the last (the publishing request's
  // own work, a transaction and the audience for Praxis, an HTTP request for the baselines, left out).
  const spreadRate = (times: number[]) =>
    (times.length - 1) / ((Math.max(...times) - Math.min(...times)) / 1000);
  const spreadRates = { ours: [] as number[], bare: [] as number[], gws: [] as number[] };
  // Where a round's time goes: the publishing request (sent → answered), answered → first subscriber reached,
  // first → last reached.
  type Phases = [request: number, toFirst: number, spread: number];
  const phasesOf = (sent: number, answered: number, times: number[]): Phases => [
    answered - sent,
    Math.min(...times) - answered,
    Math.max(...times) - Math.min(...times),
  ];
  const phases = { ours: [] as Phases[], bare: [] as Phases[] };
  const describePhases = (xs: Phases[]) =>
    [0, 1, 2]
      .map((k) =>
        fmt(
          quantile(
            xs.map((x) => x[k]),
            0.5,
          ),
        ),
      )
      .join(' / ') + ' ms';
  let missing = 0;
  // Every side (Praxis, the bare ws broadcast, the bare graphql-ws server) runs FANOUT_WARMUP rounds before
  // the FANOUT_ROUNDS it is measured on: a server's first deliveries to a thousand new subscriptions are
  // slower than its later ones (its subscription path still unoptimised by V8, PostgreSQL's plans for the
  // audience statement still per execution on each pooled connection). Every round's time is printed.
  const roundTimes = { ours: [] as number[], bare: [] as number[] };
  const fanoutProfile = path.join(logDir, 'praxis-fanout.cpuprofile');
  for (let k = 0; k < FANOUT_WARMUP + FANOUT_ROUNDS; k++) {
    if (k === FANOUT_WARMUP) await cpuProfile(praxis, 'start');
    const p = await publish('star');
    const complete = await waitFor(() => arrivals.get(p.postId)?.length ?? 0, subs.length, 30_000);
    const times = arrivals.get(p.postId) ?? [];
    if (!complete) missing += subs.length - times.length;
    roundTimes.ours.push(Math.max(...times) - p.sent);
    if (k >= FANOUT_WARMUP) {
      for (const t of times) {
        fromAnswer.push(t - p.answered);
        fromSent.push(t - p.sent);
      }
      deliveryRates.push(times.length / ((Math.max(...times) - p.sent) / 1000));
      spreadRates.ours.push(spreadRate(times));
      phases.ours.push(phasesOf(p.sent, p.answered, times));
    }
    await sleep(200);
  }
  await cpuProfile(praxis, 'stop', fanoutProfile);
  if (CPU_PROF) say(`CPU profile of the fan-out rounds: ${fanoutProfile}`);
  // A sample delivered message, to broadcast the same payload over bare ws.
  const sample = JSON.stringify({
    id: '1',
    type: 'next',
    payload: (
      await gql(
        praxis.url,
        moderatorToken,
        `query { node(id: "${Buffer.from(`Post:${data.hotPosts[0]}`).toString('base64url')}") { ... on Post { id title publishedAt author { id displayName } } } }`,
      )
    ).data,
  });

  // 8. Write path with the subscribers connected: the top author (everyone follows) vs the quiet one (10)
  const write = { star: [] as number[], quiet: [] as number[] };
  const writeRounds = Math.min(15, reviews.quiet.length, reviews.star.length - 2);
  for (let k = 0; k < writeRounds; k++) {
    for (const which of (k % 2 ? ['star', 'quiet'] : ['quiet', 'star']) as Array<'star' | 'quiet'>) {
      const p = await publish(which);
      if (k > 0) write[which].push(p.answered - p.sent);
      if (which === 'star') await waitFor(() => arrivals.get(p.postId)?.length ?? 0, subs.length, 30_000);
    }
  }
  for (const s of subs) s.ws.close();

  // Bare ws broadcast of the same payload, from the baseline process.
  const bareArrivals: number[] = [];
  const bareHeapBefore = await memory(baseline);
  const bare = await openMany(subs.length, () =>
    openSubscriber(baseline.url.replace('http', 'ws') + '/ws', null, (at) => bareArrivals.push(at)),
  );
  const bareHeapAfter = await memory(baseline);
  const bareRates: number[] = [];
  const bareLatency: number[] = [];
  const bareFromSent: number[] = [];
  for (let k = 0; k < FANOUT_WARMUP + FANOUT_ROUNDS; k++) {
    bareArrivals.length = 0;
    const sent = performance.now();
    await fetch(`${baseline.url}/broadcast`, { method: 'POST', body: sample });
    const answered = performance.now();
    await waitFor(() => bareArrivals.length, bare.length, 30_000);
    roundTimes.bare.push(Math.max(...bareArrivals) - sent);
    if (k >= FANOUT_WARMUP) {
      bareRates.push(bareArrivals.length / ((Math.max(...bareArrivals) - sent) / 1000));
      spreadRates.bare.push(spreadRate(bareArrivals));
      phases.bare.push(phasesOf(sent, answered, bareArrivals));
      for (const t of bareArrivals) {
        bareLatency.push(t - answered);
        bareFromSent.push(t - sent);
      }
    }
    await sleep(200);
  }
  for (const s of bare) s.ws.close();

  // A bare graphql-ws server with the same subscription (bench/bare-graphql-ws.ts), same process.
  const gwsArrivals = new Map<string, number[]>();
  await sleep(500);
  const gwsHeapBefore = await memory(baseline);
  const gws = await openMany(subs.length, () =>
    openSubscriber(baseline.url.replace('http', 'ws') + '/graphql-ws', 'bare', (at, postId) => {
      const list = gwsArrivals.get(postId) ?? [];
      list.push(at);
      gwsArrivals.set(postId, list);
    }),
  );
  await sleep(500); // every subscribe message handled
  const gwsHeapAfter = await memory(baseline);
  const gwsRates: number[] = [];
  const samplePost = (JSON.parse(sample) as { payload: { node: unknown } }).payload.node;
  for (let k = 0; k < FANOUT_WARMUP + FANOUT_ROUNDS; k++) {
    const id = `bare-${k}`;
    const sent = performance.now();
    await fetch(`${baseline.url}/publish`, {
      method: 'POST',
      body: JSON.stringify({ ...(samplePost as object), id }),
    });
    await waitFor(() => gwsArrivals.get(id)?.length ?? 0, gws.length, 30_000);
    const times = gwsArrivals.get(id) ?? [];
    if (k >= FANOUT_WARMUP) {
      gwsRates.push(times.length / ((Math.max(...times) - sent) / 1000));
      spreadRates.gws.push(spreadRate(times));
    }
    await sleep(200);
  }
  for (const s of gws) s.ws.close();
  const gwsHeapPer = (gwsHeapAfter.heapUsed - gwsHeapBefore.heapUsed) / gws.length;

  const ourRate = quantile(deliveryRates, 0.5);
  const bareRate = quantile(bareRates, 0.5);
  const p99 = quantile(fromAnswer, 0.99);
  const heapPer = (heapSubscribed.heapUsed - heapBefore.heapUsed) / subs.length;
  const rounds = (xs: number[]) =>
    `${xs
      .slice(0, FANOUT_WARMUP)
      .map((x) => fmt(x, 0))
      .join(', ')} | ${xs
      .slice(FANOUT_WARMUP)
      .map((x) => fmt(x, 0))
      .join(', ')}`;
  section(
    `Fan-out: ${subs.length} WebSocket subscribers follow one author; ${FANOUT_WARMUP} + ${FANOUT_ROUNDS} posts approved`,
    [
      {
        measure: 'reviewPost returned → postPublished received: p50 / p99',
        value: `${fmt(quantile(fromAnswer, 0.5))} / ${fmt(p99)} ms`,
        target: `p99 < 250 ms: ${verdict(p99 < 250)}`,
      },
      {
        measure: 'reviewPost sent → postPublished received: p50 / p99',
        value: `${fmt(quantile(fromSent, 0.5))} / ${fmt(quantile(fromSent, 0.99))} ms`,
      },
      { measure: 'deliveries missing after 30 s', value: String(missing) },
      {
        measure:
          'deliveries/s, Praxis (median of rounds; from reviewPost sent to the last subscriber reached)',
        value: fmt(ourRate, 0),
      },
      {
        measure: 'deliveries/s, bare ws broadcast of the same payload (from POST /broadcast sent)',
        value: `${fmt(bareRate, 0)} (POST /broadcast sent → received p50 / p99 ${fmt(quantile(bareFromSent, 0.5))} / ${fmt(quantile(bareFromSent, 0.99))} ms; from its answer ${fmt(quantile(bareLatency, 0.5))} / ${fmt(quantile(bareLatency, 0.99))} ms)`,
      },
      {
        measure:
          'where a round goes (medians): request sent → answered / answered → first subscriber reached / first → last; Praxis (reviewPost), bare ws (POST /broadcast)',
        value: `${describePhases(phases.ours)}; ${describePhases(phases.bare)}`,
      },
      {
        measure: `every round, request sent → last subscriber reached, ms (the ${FANOUT_WARMUP} warm-up rounds | the ${FANOUT_ROUNDS} measured): Praxis; bare ws`,
        value: `${rounds(roundTimes.ours)}; ${rounds(roundTimes.bare)}`,
      },
      {
        measure:
          'Praxis / bare ws deliveries/s, end to end (the publishing transaction and audience included)',
        value: fmt(ourRate / bareRate, 2),
        target: `≥ 0.5: ${verdict(ourRate / bareRate >= 0.5)}`,
      },
      {
        measure:
          'deliveries/s while delivering (first → last subscriber reached): Praxis / bare ws / bare graphql-ws',
        value: `${fmt(quantile(spreadRates.ours, 0.5), 0)} / ${fmt(quantile(spreadRates.bare, 0.5), 0)} / ${fmt(quantile(spreadRates.gws, 0.5), 0)}`,
      },
      {
        measure: 'Praxis / bare ws deliveries/s while delivering',
        value: fmt(quantile(spreadRates.ours, 0.5) / quantile(spreadRates.bare, 0.5), 2),
        target: `≥ 0.5: ${verdict(quantile(spreadRates.ours, 0.5) / quantile(spreadRates.bare, 0.5) >= 0.5)}`,
      },
      {
        measure: 'heap per subscribed connection, Praxis (after full GC)',
        value: `${fmt(heapPer / 1024)} KiB`,
      },
      {
        measure: 'heap per connection, bare ws',
        value: `${fmt((bareHeapAfter.heapUsed - bareHeapBefore.heapUsed) / bare.length / 1024)} KiB`,
      },
      {
        measure: 'heap per subscribed connection, bare graphql-ws server, same subscription',
        value: `${fmt(gwsHeapPer / 1024)} KiB (its deliveries/s: ${fmt(quantile(gwsRates, 0.5), 0)})`,
      },
      {
        measure: 'Praxis / bare graphql-ws heap per subscribed connection',
        value: fmt(heapPer / gwsHeapPer, 2),
        target: `≤ 1.5: ${verdict(heapPer / gwsHeapPer <= 1.5)}`,
      },
    ],
  );
  return write;
}

/** The write path: reviewPost(APPROVE) latency for the top author (everyone follows) against a quiet one. */
function writePathSection(write: { star: number[]; quiet: number[] }, starFollowers: number): void {
  const writeRatio = quantile(write.star, 0.5) / quantile(write.quiet, 0.5);
  section(`Write path: reviewPost(APPROVE) latency, ${write.star.length} each, subscribers connected`, [
    {
      measure: `author with 10 followers: median / p90`,
      value: `${fmt(quantile(write.quiet, 0.5))} / ${fmt(quantile(write.quiet, 0.9))} ms`,
    },
    {
      measure: `author with ${fmt(starFollowers, 0)} followers: median / p90`,
      value: `${fmt(quantile(write.star, 0.5))} / ${fmt(quantile(write.star, 0.9))} ms`,
    },
    { measure: 'ratio', value: fmt(writeRatio, 2), target: `≤ 1.2: ${verdict(writeRatio <= 1.2)}` },
  ]);
}

/** The live-event sections (bench/live-events.ts), with the participants taken from the practitioners. */
async function liveEvents(
  praxis: Proc,
  data: GeneratedData,
  readerTokens: string[],
  moderatorToken: string,
): Promise<void> {
  say('live events');
  const ids = data.practitionerIds.filter((id) => id !== data.moderator);
  const participants = Number(process.env.BENCH_PARTICIPANTS ?? SUBSCRIBERS);
  await cpuProfile(praxis, 'start');
  await measureLiveEvents({
    databaseUrl: DATABASE_URL,
    praxisUrl: praxis.url,
    participantIds: ids.slice(5, 5 + Math.min(participants, ids.length - 10)),
    readerTokens,
    moderatorToken,
    tokensFor,
    gql,
    sqlStatements,
    scrapeOverhead,
    section,
    say,
    quantile,
    fmt,
    verdict,
  });
  const profile = path.join(logDir, 'praxis-live-events.cpuprofile');
  await cpuProfile(praxis, 'stop', profile);
  if (CPU_PROF) say(`CPU profile of the live-event sections: ${profile}`);
}

/** The courses section (bench/courses.ts): two learners and an author taken from the practitioners. */
async function courses(praxis: Proc, data: GeneratedData): Promise<void> {
  say('courses');
  const ids = data.practitionerIds;
  await measureCourses({
    databaseUrl: DATABASE_URL,
    praxisUrl: praxis.url,
    authorId: ids[1],
    learnerIds: [ids[ids.length - 2], ids[ids.length - 3]],
    tokensFor,
    gql,
    load,
    seconds: Math.min(DURATION, 10),
    sqlStatements,
    scrapeOverhead,
    section,
    say,
    fmt,
    verdict,
  });
}

/** PostGraphile side by side (bench/peer.ts), on the same database and the same rows. */
async function peer(
  praxis: Proc,
  data: GeneratedData,
  viewerTokens: string[],
  praxisEnv: Record<string, string>,
): Promise<void> {
  say('PostGraphile side by side');
  // Praxis a second time, on the Node 22 binary PostGraphile runs on (bench/postgraphile installs it; Praxis's
  // engines accept Node 22): the two implementations compared on one runtime, beside Praxis on this Node.
  // Its metrics listener is left off (statements are counted on the first Praxis: the same code).
  const node22 = peerNodeBinary(ROOT);
  const sameRuntime =
    process.env.BENCH_PEER_SAME_RUNTIME !== '0' && fs.existsSync(node22)
      ? await startPraxis('praxis-node22', secondInstanceEnv(praxisEnv), node22)
      : null;
  const node22Version = sameRuntime
    ? execFileSync(node22, ['--version'], { encoding: 'utf8' }).trim()
    : undefined;
  try {
    await measurePeer({
      root: ROOT,
      databaseUrl: DATABASE_URL,
      praxis: { url: praxis.url, pid: praxis.child.pid!, node: process.version },
      praxisSameRuntime: sameRuntime
        ? { url: sameRuntime.url, pid: sameRuntime.child.pid!, node: node22Version! }
        : undefined,
      hotPosts: data.hotPosts,
      practitionerIds: data.practitionerIds,
      viewerTokens,
      tokensFor,
      gql,
      load,
      sqlStatements,
      scrapeOverhead,
      section,
      say,
      quantile,
      fmt,
      verdict,
      freePort,
      logDir,
      connections: CONNECTIONS,
    });
  } finally {
    if (sameRuntime) await stopProcess(sameRuntime);
  }
}

function praxisKnowsRedis(): boolean {
  try {
    return fs
      .readFileSync(path.join(ROOT, 'dist', 'src', 'config', 'config.js'), 'utf8')
      .includes('REDIS_URL');
  } catch {
    return false;
  }
}

function machine(): string {
  const cpus = os.cpus();
  return `${cpus.length} × ${cpus[0]?.model.trim() ?? 'unknown CPU'}, ${fmt(os.totalmem() / 2 ** 30)} GiB RAM, ${os.type()} ${os.release()}, Node ${process.version}, PostgreSQL ${process.env.BENCH_PG_VERSION ?? '?'}`;
}

function writeReport(totalMs: number): void {
  const lines = [
    '# Benchmark results',
    '',
    `- date: ${new Date().toISOString()}`,
    `- command: \`${process.env.BENCH_COMMAND ?? 'npm run bench'}\` (BENCH_SCALE=${SCALE}, BENCH_DURATION=${DURATION}, BENCH_CONNECTIONS=${CONNECTIONS})`,
    `- commit: ${process.env.BENCH_COMMIT ?? '?'}`,
    `- machine: ${machine()}`,
    `- load average at the end: ${os
      .loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')}`,
    `- total run time: ${fmt(totalMs / 1000, 0)} s`,
    '',
    'Everything (PostgreSQL, Praxis, the baseline and the load generator) runs on this one machine.',
    `Praxis runs with npm start's Node flags (${praxisNodeFlags().join(' ') || 'none'}); PostGraphile and the baseline with Node's defaults.`,
    '',
  ];
  for (const s of sections) {
    lines.push(`## ${s.title}`, '', '| measure | value | target |', '| --- | --- | --- |');
    for (const r of s.rows) lines.push(`| ${r.measure} | ${r.value} | ${r.target ?? ''} |`);
    if (s.note) lines.push('', s.note);
    lines.push('');
  }
  fs.mkdirSync(path.dirname(OUT), { recursive: true });
  fs.writeFileSync(OUT, lines.join('\n'));
  say(`written to ${path.relative(process.cwd(), OUT)} (server logs: ${logDir})`);
}

main().catch(async (err) => {
  process.stderr.write(
    `[bench] failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
  );
  process.stderr.write(`[bench] server logs: ${logDir}\n`);
  for (const p of [...procs]) await stopProcess(p).catch(() => undefined);
  process.exit(1);
});
