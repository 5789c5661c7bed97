/**
 * The lean read path's load measurement (issue 17; BENCHMARKS.md, "Lean read path"): the benchmark's data
 * set at a small scale in a fresh database, then the three same-rows queries (directory, a post with 20
 * comments, an author's 50 latest posts) and the home feed under autocannon against one or more builds of the
 * server (or one build under several Node binaries or flags), alternating rounds between them.
 *
 *   npx tsc -p bench/tsconfig.json   # dist/ (each build to compare: its own dist/src/main.js)
 *   LOAD_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \
 *     node dist/scripts/lean-read-load.js [name=path/to/dist/src/main.js[,node-binary[,node-flag...]] ...]
 *
 * Knobs: LOAD_SCALE (0.1), LOAD_SECONDS (10 per round), LOAD_ROUNDS (3), LOAD_CONNECTIONS (10),
 * LOAD_CPU_PROF_DIR (each server runs with --cpu-prof, its profile written there when it stops), LOAD_ONLY
 * (only the queries whose name contains it: `directory`), LOAD_PID_FILE (each server's pid is written there
 * while it is loaded, for `perf record -p`). A server runs with its build's Node flags only, not npm start's:
 * `current=dist/src/main.js,,--max-semi-space-size=32` (empty node binary: this one).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import net from 'node:net';
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import autocannon from 'autocannon';
import { Client } from 'pg';
import { generate, prepareSchema } from '../bench/generate';
import { FEED } from '../bench/queries';
import { signAccessToken } from '../src/common/auth/tokens';
import { toGlobalId } from '../src/common/relay/global-id';

const BASE = process.env.LOAD_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:35843/postgres';
const SCALE = Number(process.env.LOAD_SCALE ?? '0.1');
const SECONDS = Number(process.env.LOAD_SECONDS ?? '10');
const ROUNDS = Number(process.env.LOAD_ROUNDS ?? '3');
const CONNECTIONS = Number(process.env.LOAD_CONNECTIONS ?? '10');
const PROF_DIR = process.env.LOAD_CPU_PROF_DIR ?? '';
const ONLY = process.env.LOAD_ONLY ?? '';
const PID_FILE = process.env.LOAD_PID_FILE ?? '';
const JWT_SECRET = 'lean-read-load-secret-0123456789-0123456789';

const DIRECTORY = `query Directory($filter: PractitionerFilter, $first: Int!) {
  practitioners(filter: $filter, first: $first) {
    edges { node { id displayName organization position profession country { code name } languages } }
    pageInfo { hasNextPage endCursor } } }`;
const POST_WITH_COMMENTS = `query PostWithComments($id: ID!) { node(id: $id) { ... on Post {
  id title body publishedAt author { id displayName country { code name } } commentCount
  comments(first: 20) { edges { node { id body createdAt author { id displayName } replyCount } }
    pageInfo { hasNextPage endCursor } } } } }`;
const AUTHOR_POSTS = `query AuthorPosts($id: ID!) { node(id: $id) { ... on Practitioner { id
  posts(first: 50) { edges { node { id title publishedAt author { id displayName country { code name } }
    endorsementCount commentCount } } pageInfo { hasNextPage endCursor } } } } }`;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

interface Server {
  name: string;
  url: string;
  child: ChildProcess;
}

async function start(
  name: string,
  script: string,
  databaseUrl: string,
  node = process.execPath,
  flags: string[] = [],
): Promise<Server> {
  const port = await freePort();
  const args = [
    ...flags,
    ...(PROF_DIR ? ['--cpu-prof', '--cpu-prof-dir', PROF_DIR, '--cpu-prof-name', `${name}.cpuprofile`] : []),
  ];
  const child = spawn(node, [...args, script], {
    env: {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'production',
      DATABASE_URL: databaseUrl,
      JWT_SECRET,
      PORT: String(port),
      HOST: '127.0.0.1',
      SEED_DEMO: 'false',
      LOG_LEVEL: 'warn',
      METRICS_PORT: String(await freePort()),
      OUTBOX_POLL_INTERVAL_MS: '60000',
      SEARCH_CATCHUP_INTERVAL_MS: '0', // the search index's background catch-up would run during the rounds
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  for (const until = Date.now() + 60_000; Date.now() < until; await sleep(50)) {
    if (child.exitCode !== null) throw new Error(`${name} exited (${child.exitCode})`);
    const up = await fetch(`${url}/readyz`).then(
      (r) => r.status < 500,
      () => false,
    );
    if (up) return { name, url, child };
  }
  throw new Error(`${name} did not start`);
}

async function stop(s: Server): Promise<void> {
  const exited = new Promise((r) => s.child.once('exit', r));
  s.child.kill('SIGINT'); // --cpu-prof writes its profile on a normal exit
  await Promise.race([exited, sleep(20_000)]);
  if (s.child.exitCode === null) s.child.kill('SIGKILL');
}

/** The CPU time (user + system, ms) a process has used so far (Linux /proc; 0 elsewhere). */
function cpuMs(pid: number | undefined): number {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime + stime, in USER_HZ (100)
  } catch {
    return 0;
  }
}

async function rps(server: Server, token: string, query: string, variables: object, seconds: number) {
  const url = server.url;
  const cpuBefore = cpuMs(server.child.pid);
  let errors = 0;
  const result = await autocannon({
    url: `${url}/graphql`,
    connections: CONNECTIONS,
    duration: seconds,
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
    requests: [
      {
        onResponse: (status: number, body: string) => {
          if (status !== 200 || body.includes('"errors"')) {
            if (!errors) console.log(`error: ${status} ${body.slice(0, 300)}`);
            errors++;
          }
        },
      },
    ],
  });
  const cpuPerRequest = (cpuMs(server.child.pid) - cpuBefore) / Math.max(1, result.requests.total);
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    cpu: cpuPerRequest,
    errors,
  };
}

async function main(): Promise<void> {
  const builds = (process.argv.slice(2).length ? process.argv.slice(2) : ['current=dist/src/main.js']).map(
    (a) => {
      const eq = a.indexOf('=');
      if (eq < 1) throw new Error(`a build is name=path/to/main.js[,node[,flag...]], not ${a}`);
      const name = a.slice(0, eq);
      const spec = a.slice(eq + 1);
      const [script, node, ...flags] = spec.split(',');
      return { name, script: path.resolve(script), node: node ? path.resolve(node) : undefined, flags };
    },
  );
  const dbName = `lean_read_${crypto.randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: BASE });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${dbName}`);
  const url = new URL(BASE);
  url.pathname = `/${dbName}`;
  const databaseUrl = url.toString();
  try {
    await prepareSchema(databaseUrl, JWT_SECRET);
    const data = await generate({ databaseUrl, jwtSecret: JWT_SECRET, scale: SCALE, log: () => undefined });
    const db = new Client({ connectionString: databaseUrl });
    await db.connect();
    const viewer = data.practitionerIds[5];
    const session = crypto.randomUUID();
    await db.query(`INSERT INTO auth_session (id, "practitionerId") VALUES ($1, $2)`, [session, viewer]);
    const token = signAccessToken({ sub: viewer, sid: session }, JWT_SECRET, 4 * 3600).token;
    const country = (
      await db.query(`SELECT "countryCode" AS c FROM practitioner WHERE verification = 'VERIFIED'
        GROUP BY 1 ORDER BY count(*) DESC LIMIT 1`)
    ).rows[0].c as string;
    const author = (
      await db.query(`SELECT "authorId" AS a FROM post WHERE status = 'PUBLISHED' AND visibility = 'COMMUNITY'
        AND "hiddenAt" IS NULL GROUP BY 1 ORDER BY count(*) DESC LIMIT 1`)
    ).rows[0].a as string;
    await db.end();
    const queries = [
      {
        name: 'directory, first: 20',
        query: DIRECTORY,
        variables: { filter: { countryCodes: [country] }, first: 20 },
      },
      {
        name: 'post with 20 comments',
        query: POST_WITH_COMMENTS,
        variables: { id: toGlobalId('Post', data.hotPosts[0]) },
      },
      {
        name: "author's 50 latest posts",
        query: AUTHOR_POSTS,
        variables: { id: toGlobalId('Practitioner', author) },
      },
      // The viewer's home timeline is built by its first read (the warm-up's).
      { name: 'home feed, first: 50', query: FEED, variables: { first: 50 } },
    ].filter((q) => q.name.includes(ONLY));
    const results = new Map<
      string,
      { rps: number[]; p50: number[]; p99: number[]; cpu: number[]; errors: number }
    >();
    for (let round = 0; round < ROUNDS; round++) {
      for (const b of round % 2 ? [...builds].reverse() : builds) {
        const server = await start(b.name, b.script, databaseUrl, b.node, b.flags);
        if (PID_FILE) fs.writeFileSync(PID_FILE, `${server.child.pid} ${b.name}\n`);
        try {
          for (const q of queries) {
            await rps(server, token, q.query, q.variables, 2); // warm-up
            const r = await rps(server, token, q.query, q.variables, SECONDS);
            const key = `${q.name}\t${b.name}`;
            const acc = results.get(key) ?? { rps: [], p50: [], p99: [], cpu: [], errors: 0 };
            acc.rps.push(r.rps);
            acc.p50.push(r.p50);
            acc.p99.push(r.p99);
            acc.cpu.push(r.cpu);
            acc.errors += r.errors;
            results.set(key, acc);
            console.log(
              `round ${round + 1} ${key}\t${r.rps.toFixed(1)} req/s p50 ${r.p50} p99 ${r.p99} server CPU ${r.cpu.toFixed(2)} ms/req errors ${r.errors}`,
            );
          }
        } finally {
          await stop(server);
        }
      }
    }
    console.log(
      '\nquery\tbuild\tmedian req/s\tmedian p50 ms\tmedian p99 ms\tmedian server CPU ms/req\terrors',
    );
    for (const [key, r] of results)
      console.log(
        `${key}\t${median(r.rps).toFixed(1)}\t${median(r.p50)}\t${median(r.p99)}\t${median(r.cpu).toFixed(2)}\t${r.errors}`,
      );
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    await admin.end();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
