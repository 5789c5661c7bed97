/**
 * The benchmark's baseline: the smallest reasonable server for the home feed, with plain graphql-js,
 * `pg` and hand-written SQL on the same database. It authenticates the same way (JWT + session row),
 * applies the same visibility and home-feed rules and answers bench/queries.ts FEED with the same shape.
 * It also serves a bare `ws` broadcast (the fan-out baseline): POST /broadcast sends one payload to every
 * socket connected on /ws; and a bare graphql-ws server on /graphql-ws with the same `postPublished`
 * subscription as Praxis (POST /publish sends it one event), for heap per subscribed connection.
 *
 *   DATABASE_URL=… JWT_SECRET=… PORT=… node dist/bench/baseline-server.js
 */
import http from 'node:http';
import jwt from 'jsonwebtoken';
import { Pool } from 'pg';
import { WebSocketServer } from 'ws';
import type { WebSocket } from 'ws';
import { buildSchema, graphql } from 'graphql';
import { createBareGraphqlWs } from './bare-graphql-ws';

const SDL = `
  type Query { feed(first: Int! = 20, after: String): FeedConnection! }
  type FeedConnection { edges: [FeedEdge!]! pageInfo: PageInfo! }
  type FeedEdge { cursor: String! node: FeedItem! }
  union FeedItem = Post
  type PageInfo { hasNextPage: Boolean! endCursor: String }
  type Post {
    id: ID! title: String! summary: String! language: String! publishedAt: String
    author: Practitioner countries: [Country!]! networks: [Network!]!
    endorsementCount: Int! commentCount: Int! viewerHasEndorsed: Boolean! viewerHasBookmarked: Boolean!
  }
  type Practitioner { id: ID! displayName: String! country: Country! }
  type Country { code: String! name: String! }
  type Network { id: ID! name: String! }
`;

const schema = buildSchema(SDL);
// graphql-js resolves unions through __typename when the schema has no resolveType.
const pool = new Pool({
  connectionString: process.env.DATABASE_URL,
  max: Number(process.env.POOL_SIZE ?? 10),
});
const secret = process.env.JWT_SECRET ?? '';
const countries = new Map<string, { code: string; name: string }>();

const gid = (type: string, id: string) => Buffer.from(`${type}:${id}`, 'utf8').toString('base64url');
const cursorOf = (publishedAt: Date, id: string) =>
  Buffer.from(JSON.stringify([publishedAt.toISOString(), id]), 'utf8').toString('base64url');

interface Viewer {
  id: string;
  moderator: boolean;
}

async function authenticate(header: string | undefined): Promise<Viewer | null> {
  const token = header?.startsWith('Bearer ') ? header.slice(7) : null;
  if (!token) return null;
  let claims: jwt.JwtPayload;
  try {
    claims = jwt.verify(token, secret, {
      algorithms: ['HS256'],
      issuer: 'praxis',
      audience: 'praxis-api',
    }) as jwt.JwtPayload;
  } catch {
    return null;
  }
  const { rows } = await pool.query(
    `SELECT p.id, p.role FROM practitioner p
       JOIN auth_session s ON s.id = $2 AND s."practitionerId" = p.id AND s."revokedAt" IS NULL
      WHERE p.id = $1`,
    [claims.sub, claims.sid],
  );
  return rows.length ? { id: rows[0].id, moderator: ['MODERATOR', 'ADMIN'].includes(rows[0].role) } : null;
}

interface PostRow {
  id: string;
  authorId: string;
  title: string;
  summary: string;
  language: string;
  publishedAt: Date;
  countryCodes: string[];
  endorsementCount: number;
  commentCount: number;
}

async function feed(viewer: Viewer, first: number, after: string | null) {
  const params: unknown[] = [viewer.id, viewer.moderator, first + 1];
  let keyset = '';
  if (after) {
    const [ts, id] = JSON.parse(Buffer.from(after, 'base64url').toString('utf8')) as [string, string];
    params.push(new Date(ts), id);
    keyset = `AND (p."publishedAt", p.id) < ($4, $5)`;
  }
  const page = await pool.query<PostRow>(
    `SELECT p.id, p."authorId", p.title, p.summary, p.language, p."publishedAt", p."countryCodes",
            p."endorsementCount", p."commentCount"
       FROM post p
      WHERE p.status = 'PUBLISHED'
        AND (p.visibility = 'COMMUNITY' OR p."authorId" = $1 OR $2::boolean
             OR EXISTS (SELECT 1 FROM post_network vpn JOIN network_member vm ON vm."networkId" = vpn."networkId"
                        AND vm."practitionerId" = $1 AND vm.status = 'ACTIVE' WHERE vpn."postId" = p.id))
        AND (p."authorId" = $1
             OR p."authorId" IN (SELECT f."followeeId" FROM practitioner_follow f WHERE f."followerId" = $1)
             OR EXISTS (SELECT 1 FROM post_network fpn WHERE fpn."postId" = p.id AND (
                  fpn."networkId" IN (SELECT m."networkId" FROM network_member m WHERE m."practitionerId" = $1 AND m.status = 'ACTIVE')
               OR fpn."networkId" IN (SELECT nf."networkId" FROM network_follow nf WHERE nf."followerId" = $1))))
        ${keyset}
      ORDER BY p."publishedAt" DESC, p.id DESC
      LIMIT $3`,
    params,
  );
  const rows = page.rows.slice(0, first);
  const postIds = rows.map((r) => r.id);
  const authorIds = [...new Set(rows.map((r) => r.authorId))];
  const [authors, networks, flags] = await Promise.all([
    pool.query<{ id: string; displayName: string; countryCode: string; visible: boolean }>(
      `SELECT id, "displayName", "countryCode", (verification = 'VERIFIED' OR id = $2 OR $3::boolean) AS visible
         FROM practitioner WHERE id = ANY($1::uuid[])`,
      [authorIds, viewer.id, viewer.moderator],
    ),
    pool.query<{ postId: string; id: string; name: string }>(
      `SELECT pn."postId", n.id, n.name FROM post_network pn JOIN network n ON n.id = pn."networkId"
        WHERE pn."postId" = ANY($1::uuid[]) ORDER BY n.name, n.id`,
      [postIds],
    ),
    pool.query<{ postId: string; kind: string }>(
      `SELECT "postId", 'E' AS kind FROM post_endorsement WHERE "practitionerId" = $1 AND "postId" = ANY($2::uuid[])
       UNION ALL
       SELECT "postId", 'B' FROM post_bookmark WHERE "practitionerId" = $1 AND "postId" = ANY($2::uuid[])`,
      [viewer.id, postIds],
    ),
  ]);
  const authorById = new Map(authors.rows.map((a) => [a.id, a]));
  const networksByPost = new Map<string, { id: string; name: string }[]>();
  for (const n of networks.rows)
    networksByPost.set(n.postId, [
      ...(networksByPost.get(n.postId) ?? []),
      { id: gid('Network', n.id), name: n.name },
    ]);
  const endorsed = new Set(flags.rows.filter((f) => f.kind === 'E').map((f) => f.postId));
  const bookmarked = new Set(flags.rows.filter((f) => f.kind === 'B').map((f) => f.postId));
  const edges = rows.map((r) => {
    const a = authorById.get(r.authorId);
    return {
      cursor: cursorOf(r.publishedAt, r.id),
      node: {
        __typename: 'Post',
        id: gid('Post', r.id),
        title: r.title,
        summary: r.summary,
        language: r.language.toUpperCase(),
        publishedAt: r.publishedAt.toISOString(),
        author:
          a && a.visible
            ? {
                id: gid('Practitioner', a.id),
                displayName: a.displayName,
                country: countries.get(a.countryCode),
              }
            : null,
        countries: r.countryCodes.map((c) => countries.get(c)).filter(Boolean),
        networks: networksByPost.get(r.id) ?? [],
        endorsementCount: r.endorsementCount,
        commentCount: r.commentCount,
        viewerHasEndorsed: endorsed.has(r.id),
        viewerHasBookmarked: bookmarked.has(r.id),
      },
    };
  });
  return {
    edges,
    pageInfo: {
      hasNextPage: page.rows.length > first,
      endCursor: edges.length ? edges[edges.length - 1].cursor : null,
    },
  };
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

const sockets = new Set<WebSocket>();

const server = http.createServer(async (req, res) => {
  try {
    if (req.method === 'POST' && req.url === '/broadcast') {
      const payload = await readBody(req);
      for (const ws of sockets) ws.send(payload);
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ sent: sockets.size }));
      return;
    }
    if (req.method === 'POST' && req.url === '/publish') {
      bareGraphqlWs.publish(JSON.parse(await readBody(req)));
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      return;
    }
    if (req.method !== 'POST' || req.url !== '/graphql') {
      res.writeHead(404).end();
      return;
    }
    const body = JSON.parse(await readBody(req)) as { query: string; variables?: Record<string, unknown> };
    const viewer = await authenticate(req.headers.authorization);
    const result = viewer
      ? await graphql({
          schema,
          source: body.query,
          variableValues: body.variables,
          rootValue: {
            feed: (args: { first: number; after?: string | null }) =>
              feed(viewer, args.first, args.after ?? null),
          },
        })
      : { errors: [{ message: 'unauthenticated' }] };
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(result));
  } catch (err) {
    res
      .writeHead(500, { 'content-type': 'application/json' })
      .end(JSON.stringify({ errors: [{ message: String(err) }] }));
  }
});

const wss = new WebSocketServer({ noServer: true });
wss.on('connection', (ws) => {
  sockets.add(ws);
  ws.on('close', () => sockets.delete(ws));
});
// The subscription baseline: a bare graphql-ws server with the same `postPublished` subscription
// (bench/bare-graphql-ws.ts); POST /publish hands it an event.
const bareGraphqlWs = createBareGraphqlWs();
server.on('upgrade', (req, socket, head) => {
  const target = req.url === '/ws' ? wss : req.url === '/graphql-ws' ? bareGraphqlWs.wss : null;
  if (!target) {
    socket.destroy();
    return;
  }
  target.handleUpgrade(req, socket, head, (ws) => target.emit('connection', ws, req));
});

async function main(): Promise<void> {
  const { rows } = await pool.query(`SELECT code, names->>'en' AS name FROM country`);
  for (const r of rows) countries.set(r.code, { code: r.code, name: r.name });
  server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
    const address = server.address();
    process.stdout.write(
      `baseline listening on ${typeof address === 'object' && address ? address.port : '?'}\n`,
    );
  });
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
