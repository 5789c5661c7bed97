/**
 * Long-lived subscriptions (issue 17), two sections of `npm run bench`:
 *
 * - BENCH_ONLY=comments: BENCH_COMMENT_SUBSCRIBERS (60) subscribers of one post's `commentAdded` while
 *   BENCH_COMMENTS (1,000) comments are added to it: SQL statements per comment, time to write them, time
 *   until every subscriber received every one, heap after GC before, while still connected and after they
 *   left, and the deliveries per subscriber against the expected count.
 * - BENCH_ONLY=soak: SOAK_SECONDS (60; 600 for the full ten minutes) of mixed reads, comment writes and
 *   SOAK_SUBSCRIBERS (300) `commentAdded` subscribers spread over a few posts, a tenth of them reconnecting
 *   every SOAK_RECONNECT_SECONDS (10): heap after GC over time, and deliveries lost or doubled (each
 *   connection's comments against those written while it was surely live).
 */
import { performance } from 'node:perf_hooks';
import { WebSocket } from 'ws';

export interface CommentBenchDeps {
  praxisUrl: string;
  /** Published posts every benchmark viewer may read. */
  postIds: string[];
  /** Ordinary members: the first ones write, all of them subscribe and read. */
  tokens: string[];
  /** Tokens of other ordinary members, one per soak subscriber (real clients are distinct accounts). */
  subscriberTokens: string[];
  gql(
    url: string,
    token: string,
    query: string,
    variables?: Record<string, unknown>,
  ): Promise<{ data?: Record<string, unknown>; errors?: unknown[] }>;
  /** Heap and RSS of the Praxis process after a full GC. */
  memory(): Promise<{ heapUsed: number; rss: number }>;
  sqlStatements(): Promise<number>;
  scrapeOverhead(): Promise<number>;
  section(
    title: string,
    rows: Array<{ measure: string; value: string; target?: string }>,
    note?: string,
  ): void;
  say(line: string): void;
  quantile(values: number[], q: number): number;
  fmt(n: number, digits?: number): string;
  verdict(ok: boolean): string;
}

const COMMENT_ADDED = `subscription C($postId: ID!) {
  commentAdded(postId: $postId) { id body createdAt author { id displayName } }
}`;
const ADD_COMMENT = `mutation Add($input: AddCommentInput!) { addComment(input: $input) { comment { id } } }`;
const READ_POST = `query P($id: ID!) {
  node(id: $id) { ... on Post { id title commentCount author { displayName }
    comments(first: 20) { edges { node { id body author { id displayName } } } } } }
}`;
const READ_FEED = `query F { feed(first: 20) { edges { node { ... on Post { id title author { displayName } } } } } }`;

const globalId = (type: string, id: string) => Buffer.from(`${type}:${id}`).toString('base64url');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const MiB = 2 ** 20;

/** One WebSocket with one commentAdded subscription; what it received, in order. */
class CommentSubscriber {
  readonly received: string[] = [];
  readonly openedAt = performance.now();
  closedAt = Infinity;
  private readonly ws: WebSocket;
  readonly ready: Promise<void>;

  constructor(
    wsUrl: string,
    readonly token: string,
    readonly postId: string,
    private readonly onDelivery?: () => void,
  ) {
    this.ws = new WebSocket(wsUrl, 'graphql-transport-ws');
    this.ready = new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('subscriber did not connect in 30 s')), 30_000);
      this.ws.on('open', () =>
        this.ws.send(
          JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${token}` } }),
        ),
      );
      this.ws.on('message', (data: Buffer) => {
        const msg = JSON.parse(data.toString('utf8')) as {
          type: string;
          payload?: { data?: { commentAdded?: { id: string } } };
        };
        if (msg.type === 'connection_ack') {
          this.ws.send(
            JSON.stringify({
              id: '1',
              type: 'subscribe',
              payload: { query: COMMENT_ADDED, variables: { postId: globalId('Post', postId) } },
            }),
          );
          clearTimeout(timer);
          resolve();
        } else if (msg.type === 'next' && msg.payload?.data?.commentAdded) {
          this.received.push(msg.payload.data.commentAdded.id);
          this.onDelivery?.();
        } else if (msg.type === 'ping') {
          this.ws.send(JSON.stringify({ type: 'pong' }));
        } else if (msg.type === 'error' || (msg.type === 'next' && !msg.payload?.data?.commentAdded)) {
          reject(new Error(`subscription failed: ${data.toString('utf8')}`));
        }
      });
      this.ws.on('error', reject);
    });
  }

  close(): void {
    this.closedAt = performance.now();
    this.ws.close();
  }
}

async function addComment(d: CommentBenchDeps, token: string, postId: string, body: string): Promise<string> {
  const r = await d.gql(d.praxisUrl, token, ADD_COMMENT, {
    input: { postId: globalId('Post', postId), body },
  });
  const id = (r.data?.addComment as { comment?: { id: string } } | undefined)?.comment?.id;
  if (!id) throw new Error(`addComment failed: ${JSON.stringify(r.errors)}`);
  return id;
}

/** Opens subscribers in batches of 50 and waits until each has received a ping comment on its post. */
async function openLive(
  d: CommentBenchDeps,
  wsUrl: string,
  specs: Array<{ token: string; postId: string }>,
  writer: string,
  onDelivery?: () => void,
): Promise<CommentSubscriber[]> {
  const subs: CommentSubscriber[] = [];
  for (let i = 0; i < specs.length; i += 50) {
    const batch = specs
      .slice(i, i + 50)
      .map((s) => new CommentSubscriber(wsUrl, s.token, s.postId, onDelivery));
    await Promise.all(batch.map((s) => s.ready));
    subs.push(...batch);
  }
  // graphql-ws does not acknowledge a subscription: ping each post until all of its subscribers hear it.
  const posts = [...new Set(specs.map((s) => s.postId))];
  for (const postId of posts) {
    const mine = subs.filter((s) => s.postId === postId);
    for (let attempt = 0; ; attempt++) {
      const ping = await addComment(d, writer, postId, `ping ${attempt}`);
      const until = performance.now() + 2000;
      while (performance.now() < until && !mine.every((s) => s.received.includes(ping))) await sleep(10);
      if (mine.every((s) => s.received.includes(ping))) break;
      if (attempt > 20) throw new Error('subscribers did not become live');
    }
  }
  return subs;
}

export async function measureComments(d: CommentBenchDeps): Promise<void> {
  const n = Number(process.env.BENCH_COMMENT_SUBSCRIBERS ?? '60');
  const comments = Number(process.env.BENCH_COMMENTS ?? '1000');
  const writers = Number(process.env.BENCH_COMMENT_WRITERS ?? '4');
  const wsUrl = d.praxisUrl.replace(/^http/, 'ws') + '/graphql';
  const postId = d.postIds[0];
  d.say(`commentAdded: ${n} subscribers × ${comments} comments (${writers} writers)`);

  const idle = await d.memory();
  const subs = await openLive(
    d,
    wsUrl,
    Array.from({ length: n }, (_, i) => ({ token: d.tokens[i % d.tokens.length], postId })),
    d.tokens[0],
  );
  await sleep(500);
  const before = await d.memory();
  const overhead = await d.scrapeOverhead();
  const statementsBefore = await d.sqlStatements();
  const base = subs.map((s) => s.received.length);

  const started = performance.now();
  const written: string[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: writers }, async (_, w) => {
      while (next < comments) {
        const k = next++;
        written.push(await addComment(d, d.tokens[w % d.tokens.length], postId, `bench comment ${k}`));
      }
    }),
  );
  const writeMs = performance.now() - started;
  const total = () => subs.reduce((sum, s, i) => sum + s.received.length - base[i], 0);
  const deadline = performance.now() + 600_000;
  while (total() < n * comments && performance.now() < deadline) await sleep(20);
  const deliverMs = performance.now() - started;
  await sleep(1000); // anything doubled arrives now
  const statements = (await d.sqlStatements()) - statementsBefore - overhead;
  const connected = await d.memory();

  const wanted = new Set(written);
  let lost = 0;
  let doubled = 0;
  for (const [i, s] of subs.entries()) {
    const got = s.received.slice(base[i]);
    const seen = new Set<string>();
    for (const id of got) {
      if (seen.has(id)) doubled++;
      seen.add(id);
    }
    for (const id of wanted) if (!seen.has(id)) lost++;
  }
  for (const s of subs) s.close();
  await sleep(1500);
  const after = await d.memory();

  const rows = [
    { measure: 'subscribers × comments (writers in parallel)', value: `${n} × ${comments} (${writers})` },
    {
      measure: 'SQL statements per comment (write + deliveries)',
      value: d.fmt(statements / comments, 1),
      target: `constant in subscribers: ${d.verdict(statements / comments < 20)}`,
    },
    { measure: 'time to write them', value: `${d.fmt(writeMs / 1000)} s` },
    { measure: 'time until every subscriber received every one', value: `${d.fmt(deliverMs / 1000)} s` },
    {
      measure: 'heap after GC: idle / subscribers open / after the comments / after they left',
      value: `${d.fmt(idle.heapUsed / MiB)} / ${d.fmt(before.heapUsed / MiB)} / ${d.fmt(connected.heapUsed / MiB)} / ${d.fmt(after.heapUsed / MiB)} MiB`,
    },
    {
      measure: 'heap growth while connected, per delivery',
      value: `${d.fmt((connected.heapUsed - before.heapUsed) / MiB)} MiB, ${d.fmt((connected.heapUsed - before.heapUsed) / (n * comments), 0)} B`,
      target: `flat: ${d.verdict(connected.heapUsed - before.heapUsed < 8 * MiB)}`,
    },
    {
      measure: 'deliveries lost / doubled',
      value: `${lost} / ${doubled} of ${n * comments}`,
      target: d.verdict(lost === 0 && doubled === 0),
    },
  ];
  d.section('commentAdded: subscribers of one post receiving many comments (issue 17)', rows);
}

export async function soak(d: CommentBenchDeps): Promise<void> {
  const seconds = Number(process.env.SOAK_SECONDS ?? '60');
  const n = Number(process.env.SOAK_SUBSCRIBERS ?? '300');
  const reconnectEvery = Number(process.env.SOAK_RECONNECT_SECONDS ?? '10') * 1000;
  const commentsPerSecond = Number(process.env.SOAK_COMMENTS_PER_SECOND ?? '5');
  const readers = Number(process.env.SOAK_READERS ?? '2');
  const sampleEvery = Math.max(5_000, (seconds * 1000) / 12);
  const posts = d.postIds.slice(0, 10);
  const wsUrl = d.praxisUrl.replace(/^http/, 'ws') + '/graphql';
  d.say(`soak: ${seconds} s, ${n} subscribers over ${posts.length} posts, ${commentsPerSecond} comments/s`);

  const spec = (i: number) => ({
    token: d.subscriberTokens[i % d.subscriberTokens.length],
    postId: posts[i % posts.length],
  });
  const all: CommentSubscriber[] = [];
  let live = await openLive(
    d,
    wsUrl,
    Array.from({ length: n }, (_, i) => spec(i)),
    d.tokens[0],
  );
  all.push(...live);
  const heap: Array<{ at: number; heapUsed: number; rss: number }> = [];
  const writes: Array<{ id: string; postId: string; start: number; end: number }> = [];
  const started = performance.now();
  const end = started + seconds * 1000;
  let reads = 0;
  let readErrors = 0;
  let reconnects = 0;
  const running = () => performance.now() < end;

  const writer = (async () => {
    let k = 0;
    while (running()) {
      const postId = posts[k % posts.length];
      const start = performance.now();
      const id = await addComment(d, d.tokens[k % d.tokens.length], postId, `soak ${k}`);
      writes.push({ id, postId, start, end: performance.now() });
      k++;
      await sleep(Math.max(0, 1000 / commentsPerSecond - (performance.now() - start)));
    }
  })();
  const reader = async (r: number) => {
    let k = 0;
    while (running()) {
      const token = d.tokens[(r + k) % d.tokens.length];
      const res =
        k % 2
          ? await d.gql(d.praxisUrl, token, READ_FEED)
          : await d.gql(d.praxisUrl, token, READ_POST, { id: globalId('Post', posts[k % posts.length]) });
      reads++;
      if (res.errors) readErrors++;
      k++;
    }
  };
  const reconnector = (async () => {
    let round = 0;
    while (running()) {
      await sleep(reconnectEvery);
      if (!running()) break;
      // A tenth of the subscribers leave and come back (new sockets, same accounts and posts).
      const leaving = live.filter((_, i) => i % 10 === round % 10);
      for (const s of leaving) s.close();
      const back = leaving.map((s) => new CommentSubscriber(wsUrl, s.token, s.postId));
      await Promise.all(back.map((s) => s.ready));
      live = live.map((s) => (leaving.includes(s) ? back[leaving.indexOf(s)] : s));
      all.push(...back);
      reconnects += back.length;
      round++;
    }
  })();
  const sampler = (async () => {
    while (running()) {
      const m = await d.memory();
      heap.push({ at: performance.now() - started, heapUsed: m.heapUsed, rss: m.rss });
      await sleep(Math.min(sampleEvery, Math.max(0, end - performance.now())));
    }
  })();
  await Promise.all([writer, reconnector, sampler, ...Array.from({ length: readers }, (_, r) => reader(r))]);
  await sleep(3000); // the last deliveries
  const final = await d.memory();
  heap.push({ at: performance.now() - started, heapUsed: final.heapUsed, rss: final.rss });

  // Lost: a comment written (started) at least 1 s after the connection's subscription was sent and
  // finished at least 1 s before the connection closed, yet not received. Doubled: received twice.
  let expected = 0;
  let lost = 0;
  let doubled = 0;
  let received = 0;
  for (const s of all) {
    const seen = new Map<string, number>();
    for (const id of s.received) seen.set(id, (seen.get(id) ?? 0) + 1);
    for (const count of seen.values()) if (count > 1) doubled += count - 1;
    received += s.received.length;
    let mine = 0;
    for (const w of writes)
      if (w.postId === s.postId && w.start > s.openedAt + 1000 && w.end < s.closedAt - 1000) {
        mine++;
        if (!seen.has(w.id)) lost++;
      }
    expected += mine;
  }
  for (const s of live) s.close();

  const warm = heap.find((h) => h.at >= Math.min(20_000, (seconds * 1000) / 4)) ?? heap[0];
  const last = heap[heap.length - 1];
  const mib = (b: number) => d.fmt(b / MiB);
  d.section(
    `Soak (issue 17): ${seconds} s of reads, writes and ${n} subscribers with reconnects`,
    [
      {
        measure: 'reads (post with comments, feed) / errors',
        value: `${reads} (${d.fmt(reads / seconds)} /s) / ${readErrors}`,
      },
      { measure: 'comments written', value: `${writes.length} (${d.fmt(writes.length / seconds)} /s)` },
      { measure: 'reconnects (a tenth of the subscribers at a time)', value: String(reconnects) },
      {
        measure: 'deliveries received / expected for surely-live connections',
        value: `${received} / ${expected}`,
      },
      {
        measure: 'deliveries lost / doubled',
        value: `${lost} / ${doubled}`,
        target: d.verdict(lost === 0 && doubled === 0),
      },
      {
        measure: 'heap after GC over time (MiB)',
        value: heap.map((h) => `${d.fmt(h.at / 1000, 0)} s: ${mib(h.heapUsed)}`).join(', '),
      },
      {
        measure: `heap after GC, last − at ${d.fmt(warm.at / 1000, 0)} s (warm)`,
        value: `${d.fmt((last.heapUsed - warm.heapUsed) / MiB, 2)} MiB`,
        target: `flat within noise (< 5 MiB): ${d.verdict(Math.abs(last.heapUsed - warm.heapUsed) < 5 * MiB)}`,
      },
      {
        // Off-heap memory (socket buffers, the allocator's arenas) shows here, not in the heap.
        measure: 'RSS over time (MiB, sampled with the heap)',
        value: heap.map((h) => `${d.fmt(h.at / 1000, 0)} s: ${mib(h.rss)}`).join(', '),
      },
      { measure: 'RSS at the end', value: `${mib(last.rss)} MiB` },
    ],
    `Expected deliveries count, for each connection, the comments on its post written from 1 s after it ` +
      `subscribed to 1 s before it closed; comments in those margins may or may not arrive and are not counted.`,
  );
}
