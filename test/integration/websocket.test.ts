import { startTestServer } from '../helpers/server';
import type { TestServer } from '../helpers/server';
import { createModerator, createPractitioner } from '../helpers/factories';
import { publishPost } from '../helpers/posts';
import { connectWs, wsExecute } from '../helpers/ws';
import { gql, ok } from '../helpers/graphql';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.stop());

describe('WebSocket (graphql-transport-ws on /graphql)', () => {
  it('authenticates the connection with connectionParams.authorization and serves the same schema', async () => {
    const user = await createPractitioner(server, { displayName: 'Socket User' });
    const ws = connectWs(server, user.accessToken);
    await ws.connected;
    const result = await wsExecute<{ me: { id: string; displayName: string } }>(
      ws.client,
      '{ me { id displayName } }',
    );
    expect(result.data?.me).toEqual({ id: user.id, displayName: 'Socket User' });
    await ws.client.dispose();
  });

  it('accepts an anonymous connection, where `me` is null', async () => {
    const ws = connectWs(server, null);
    await ws.connected;
    const result = await wsExecute<{ me: null }>(ws.client, '{ me { id } }');
    expect(result.data?.me).toBeNull();
    await ws.client.dispose();
  });

  it('rejects a connection with a bad or forged token (close code 4403)', async () => {
    const ws = connectWs(server, 'not-a-valid-token');
    expect(await ws.closed).toBe(4403);
  });

  it('rejects a connection whose session was logged out', async () => {
    const user = await createPractitioner(server);
    await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query: 'mutation($t: String!) { logout(input: { refreshToken: $t }) { sessionEnded } }',
        variables: { t: user.refreshToken },
      }),
    });
    const ws = connectWs(server, user.accessToken);
    expect(await ws.closed).toBe(4403);
  });

  it('returns coded errors over the socket like over HTTP', async () => {
    const ws = connectWs(server, null);
    await ws.connected;
    const result = await wsExecute(ws.client, '{ practitioners { edges { cursor } } }');
    expect(result.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    await ws.client.dispose();
  });
});

/** Runs one operation over HTTP and over a fresh anonymous socket; returns both answers. */
async function overBoth(query: string, variables?: Record<string, unknown>, operationName?: string) {
  const http = await fetch(server.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables, operationName }),
  });
  const httpBody = (await http.json()) as { errors?: { message: string; extensions?: { code?: string } }[] };
  const ws = connectWs(server, null);
  await ws.connected;
  try {
    const overWs = await wsExecute(ws.client, query, variables, operationName);
    return { status: http.status, http: httpBody, ws: overWs };
  } finally {
    await ws.client.dispose();
  }
}

const errorCodes = (body: { errors?: { extensions?: { code?: string } }[] }) =>
  (body.errors ?? []).map((e) => e.extensions?.code);

describe('errors over WebSocket, formatted and logged as over HTTP', () => {
  const INSTRUMENTS = 'query($after: String) { instruments(first: 2, after: $after) { edges { cursor } } }';
  const cursor = (json: string) => Buffer.from(json, 'utf8').toString('base64url');
  const ID = '00000000-0000-4000-8000-000000000000';

  it('masks an unexpected database error as INTERNAL_SERVER_ERROR, without the driver message', async () => {
    await server.database.dataSource.query('ALTER TABLE instrument RENAME TO instrument_hidden');
    try {
      const res = await overBoth('{ instruments(first: 1) { edges { cursor } } }');
      for (const body of [res.http, res.ws]) {
        expect(errorCodes(body)).toEqual(['INTERNAL_SERVER_ERROR']);
        expect(body.errors![0].message).toBe('Internal server error.');
        expect(JSON.stringify(body)).not.toMatch(/relation|does not exist|instrument_hidden/);
      }
    } finally {
      await server.database.dataSource.query('ALTER TABLE instrument_hidden RENAME TO instrument');
    }
  });

  it('refuses a forged cursor (out of the column’s range, non-finite, NUL, impossible date) as BAD_USER_INPUT, never a database error', async () => {
    const forged = [
      `[1000000,"a","${ID}"]`, // yearAdopted is a smallint
      `[-40000,"a","${ID}"]`,
      `[1e400,"a","${ID}"]`, // JSON.parse gives Infinity
      `[2000.5,"a","${ID}"]`,
      `[2000,"a\\u0000b","${ID}"]`,
      `[2000,"a"]`,
    ];
    for (const json of forged) {
      const res = await overBoth(INSTRUMENTS, { after: cursor(json) });
      expect(errorCodes(res.http)).toEqual(['BAD_USER_INPUT']);
      expect(errorCodes(res.ws)).toEqual(['BAD_USER_INPUT']);
      expect(res.ws.errors![0].message).toBe('after is not a valid cursor.');
    }
    // A real cursor still pages.
    const first = await gql(server, INSTRUMENTS);
    const next = await overBoth(INSTRUMENTS, { after: first.data!.instruments.edges[1].cursor });
    expect(next.ws.errors).toBeUndefined();
    expect(next.http.errors).toBeUndefined();
  });

  it('masks an unexpected error in a subscription delivery as INTERNAL_SERVER_ERROR', async () => {
    const [moderator, author, follower] = await Promise.all([
      createModerator(server),
      createPractitioner(server),
      createPractitioner(server),
    ]);
    ok(
      await gql(
        server,
        'mutation($t: ID!) { follow(input: { targetId: $t }) { practitioner { id } network { id } } }',
        { t: author.id },
        { token: follower.accessToken },
      ),
    );
    const ws = connectWs(server, follower.accessToken);
    await ws.connected;
    const events: { data?: unknown; errors?: { message: string; extensions?: { code?: string } }[] }[] = [];
    ws.client.subscribe(
      { query: 'subscription { postPublished { id comments(first: 1) { edges { cursor } } } }' },
      {
        next: (v) => void events.push(v as (typeof events)[number]),
        error: () => undefined,
        complete: () => undefined,
      },
    );
    const until = async (n: number) => {
      for (let i = 0; i < 300 && events.length < n; i++) await new Promise((r) => setTimeout(r, 10));
      expect(events).toHaveLength(n);
    };
    // Live: a first post arrives whole.
    await publishPost(server, author, moderator);
    await until(1);
    expect(events[0].errors).toBeUndefined();
    // Publishing still works (a trigger marks the post's comments for search by id), but the delivery's
    // comment page, ordered by `createdAt`, fails.
    await server.database.dataSource.query(
      'ALTER TABLE comment RENAME COLUMN "createdAt" TO "createdAt_hidden"',
    );
    try {
      await publishPost(server, author, moderator);
      await until(2);
    } finally {
      await server.database.dataSource.query(
        'ALTER TABLE comment RENAME COLUMN "createdAt_hidden" TO "createdAt"',
      );
      await ws.client.dispose();
    }
    expect(events[1].errors?.map((e) => e.extensions?.code)).toEqual(['INTERNAL_SERVER_ERROR']);
    expect(events[1].errors?.[0].message).toBe('Internal server error.');
    expect(JSON.stringify(events[1])).not.toMatch(/column "|does not exist|createdAt_hidden/);
  });

  it('gives variable errors the code HTTP gives (BAD_USER_INPUT)', async () => {
    const res = await overBoth('query($n: Int) { instruments(first: $n) { edges { cursor } } }', {
      n: 'ten',
    });
    expect(errorCodes(res.http)).toEqual(['BAD_USER_INPUT']);
    expect(errorCodes(res.ws)).toEqual(['BAD_USER_INPUT']);
    const missing = await overBoth('query($c: String!) { country(code: $c) { code } }', {});
    expect(errorCodes(missing.http)).toEqual(['BAD_USER_INPUT']);
    expect(errorCodes(missing.ws)).toEqual(['BAD_USER_INPUT']);
  });
});

describe('operation names', () => {
  const DOC = 'query A { __typename } query B { __typename }';

  it('refuses an operationName that is not a GraphQL name, or names no operation of the document (BAD_USER_INPUT, HTTP 400), without echoing it', async () => {
    // 60,000 characters: the WebSocket message cap is 64 KiB.
    for (const name of ['x'.repeat(60_000), 'not a name', 'Wrong-Name', 'C']) {
      const res = await overBoth(DOC, undefined, name);
      expect(res.status).toBe(400);
      for (const body of [res.http, res.ws]) {
        expect(errorCodes(body)).toEqual(['BAD_USER_INPUT']);
        expect(body.errors![0].message.length).toBeLessThan(200);
      }
    }
    const ambiguous = await overBoth(DOC);
    expect(ambiguous.status).toBe(400);
    expect(errorCodes(ambiguous.http)).toEqual(['BAD_USER_INPUT']);
    expect(errorCodes(ambiguous.ws)).toEqual(['BAD_USER_INPUT']);
    const named = await overBoth(DOC, undefined, 'B');
    expect(named.ws.data).toEqual({ __typename: 'Query' });
    expect(named.http.errors).toBeUndefined();
  });
});
