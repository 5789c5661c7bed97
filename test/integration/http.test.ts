import { startTestServer } from '../helpers/server';
import type { TestServer } from '../helpers/server';
import { codes, gql } from '../helpers/graphql';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.stop());

const base = () => server.url.replace(/\/graphql$/, '');

describe('HTTP endpoints', () => {
  it('GET /healthz answers while the process is alive', async () => {
    const res = await fetch(`${base()}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
  });

  it('GET /readyz checks the database', async () => {
    const res = await fetch(`${base()}/readyz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ready' });
  });

  it('rejects a syntax error with GRAPHQL_PARSE_FAILED and an unknown field with GRAPHQL_VALIDATION_FAILED', async () => {
    expect(codes(await gql(server, '{ me { id '))).toEqual(['GRAPHQL_PARSE_FAILED']);
    expect(codes(await gql(server, '{ nope }'))).toEqual(['GRAPHQL_VALIDATION_FAILED']);
  });

  it('refuses batched requests and oversized bodies', async () => {
    const batch = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([{ query: '{ me { id } }' }, { query: '{ me { id } }' }]),
    });
    expect(batch.status).toBe(400);
    const huge = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: `{ me { id } } # ${'x'.repeat(200_000)}` }),
    });
    expect(huge.status).toBe(413);
  });

  it('blocks simple cross-site GET requests (CSRF prevention)', async () => {
    const res = await fetch(`${server.url}?query=${encodeURIComponent('{ me { id } }')}`);
    expect(res.status).toBe(400);
  });

  it('serves queries over GET with the preflight header, and refuses mutations over GET', async () => {
    const q = await fetch(`${server.url}?query=${encodeURIComponent('{ country(code: "NE") { code } }')}`, {
      headers: { 'apollo-require-preflight': 'true' },
    });
    expect(q.status).toBe(200);
    expect(await q.json()).toEqual({ data: { country: { code: 'NE' } } });
    const m = await fetch(
      `${server.url}?query=${encodeURIComponent('mutation { logout(input: { refreshToken: "x" }) { sessionEnded } }')}`,
      {
        headers: { 'apollo-require-preflight': 'true' },
      },
    );
    expect(m.status).toBe(405);
  });
});

/** GraphQL over HTTP (https://graphql.github.io/graphql-over-http/draft/): media types and status codes. */
describe('GraphQL-over-HTTP', () => {
  const GRAPHQL_RESPONSE = 'application/graphql-response+json';
  const post = (body: unknown, headers: Record<string, string> = {}) =>
    fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  const mediaType = (res: Response) => res.headers.get('content-type')?.split(';')[0];

  it('answers in application/graphql-response+json when the client accepts it, application/json otherwise', async () => {
    const q = { query: '{ country(code: "NE") { code } }' };
    const modern = await post(q, { accept: `${GRAPHQL_RESPONSE}, application/json;q=0.9` });
    expect(modern.status).toBe(200);
    expect(mediaType(modern)).toBe(GRAPHQL_RESPONSE);
    expect(await modern.json()).toEqual({ data: { country: { code: 'NE' } } });
    const legacy = await post(q, { accept: 'application/json' });
    expect(mediaType(legacy)).toBe('application/json');
    const none = await post(q);
    expect(mediaType(none)).toBe('application/json');
  });

  it('sends JSON answers as UTF-8 bytes with a final newline and their exact length, on every path', async () => {
    const bytesOf = async (res: Response) => {
      const bytes = Buffer.from(await res.arrayBuffer());
      expect(Number(res.headers.get('content-length'))).toBe(bytes.length);
      expect(bytes[bytes.length - 1]).toBe(0x0a);
      expect(bytes.indexOf(0x0a)).toBe(bytes.length - 1); // one newline, at the end
      return JSON.parse(bytes.toString('utf8')) as unknown;
    };
    // Non-ASCII text (two-byte strings in V8), on the JSON lane and through express (GET).
    const q =
      '{ cn: country(code: "CN") { name(language: ZH) } ma: country(code: "MA") { name(language: AR) } }';
    const expected = { data: { cn: { name: '中国' }, ma: { name: 'المغرب' } } };
    expect(await bytesOf(await post({ query: q }))).toEqual(expected);
    const viaGet = await fetch(`${server.url}?query=${encodeURIComponent(q)}`, {
      headers: { 'apollo-require-preflight': 'true' },
    });
    expect(await bytesOf(viaGet)).toEqual(expected);
    // Request errors: a body without a query, a parse error.
    const noQuery = await post({});
    expect(noQuery.status).toBe(400);
    expect(await bytesOf(noQuery)).toMatchObject({ errors: [{ extensions: { code: 'BAD_USER_INPUT' } }] });
    const parse = await post({ query: '{ é }' });
    expect(parse.status).toBe(400);
    expect(await bytesOf(parse)).toMatchObject({
      errors: [{ extensions: { code: 'GRAPHQL_PARSE_FAILED' } }],
    });
  });

  it('refuses an Accept header it cannot satisfy (406)', async () => {
    const res = await post({ query: '{ me { id } }' }, { accept: 'text/html' });
    expect(res.status).toBe(406);
  });

  it('answers request errors with 4xx and no data (parse, validation, variables, operation name)', async () => {
    const accept = { accept: GRAPHQL_RESPONSE };
    const cases: [unknown, number, string][] = [
      [{ query: '{ me ' }, 400, 'GRAPHQL_PARSE_FAILED'],
      [{ query: '{ nope }' }, 400, 'GRAPHQL_VALIDATION_FAILED'],
      [{}, 400, 'BAD_USER_INPUT'], // no query
      [{ query: 'query($c: String!) { country(code: $c) { code } }', variables: [1] }, 400, 'BAD_USER_INPUT'],
      [
        { query: 'query($c: String!) { country(code: $c) { code } }', variables: { c: 5 } },
        400,
        'BAD_USER_INPUT',
      ],
      [{ query: 'query($c: String!) { country(code: $c) { code } }' }, 400, 'BAD_USER_INPUT'],
      [{ query: 'query A { me { id } }', operationName: 'B' }, 400, 'BAD_USER_INPUT'],
    ];
    for (const [body, status, code] of cases) {
      const res = await post(body, accept);
      expect([JSON.stringify(body), res.status]).toEqual([JSON.stringify(body), status]);
      expect(mediaType(res)).toBe(GRAPHQL_RESPONSE);
      const json = (await res.json()) as { data?: unknown; errors: { extensions: { code: string } }[] };
      expect(json.data).toBeUndefined();
      expect(json.errors[0].extensions.code).toBe(code);
    }
  });

  it('answers a body that is not JSON with a JSON error (400), not an HTML page', async () => {
    const res = await post('{ "query": ', { accept: GRAPHQL_RESPONSE });
    expect(res.status).toBe(400);
    expect(mediaType(res)).toBe(GRAPHQL_RESPONSE);
    expect(await res.json()).toEqual({
      errors: [{ message: 'The request body is not valid JSON.', extensions: { code: 'BAD_USER_INPUT' } }],
    });
    const huge = await post({ query: `{ me { id } } # ${'x'.repeat(200_000)}` });
    expect(huge.status).toBe(413);
    expect(mediaType(huge)).toBe('application/json');
    expect(((await huge.json()) as { errors: unknown[] }).errors).toHaveLength(1);
  });

  it('answers JSON bodies alike whichever way they come: a charset it cannot read is 415, another one decoded, an unknown path 404', async () => {
    const send = (type: string, body: string | Blob, path = '') =>
      fetch(server.url + path, { method: 'POST', headers: { 'content-type': type }, body });
    const latin = await send('application/json; charset=latin1', JSON.stringify({ query: '{ __typename }' }));
    expect(latin.status).toBe(415);
    expect(await latin.json()).toEqual({
      errors: [
        { message: 'The request body charset is not supported.', extensions: { code: 'BAD_USER_INPUT' } },
      ],
    });
    const utf16 = await send(
      'application/json; charset=utf-16le',
      new Blob([Buffer.from(JSON.stringify({ query: '{ __typename }' }), 'utf16le')]),
    );
    expect(await utf16.json()).toEqual({ data: { __typename: 'Query' } }); // decoded, as express.json does
    // Same media type, upper case: still JSON.
    const upper = await send('Application/JSON', JSON.stringify({ query: '{ __typename }' }));
    expect(await upper.json()).toEqual({ data: { __typename: 'Query' } });
    // A query string on a POST is kept out of the way; a longer path is not the endpoint's lane.
    const search = await send('application/json', JSON.stringify({ query: '{ __typename }' }), '?x=1');
    expect(await search.json()).toEqual({ data: { __typename: 'Query' } });
    expect((await send('application/json', '{}', 'x')).status).toBe(404);
  });

  it('answers field errors during execution with 200, data and errors', async () => {
    const res = await post(
      { query: 'mutation { logout(input: { refreshToken: "" }) { sessionEnded } }' },
      { accept: GRAPHQL_RESPONSE },
    );
    expect(res.status).toBe(200);
    const json = (await res.json()) as { data: unknown; errors: { extensions: { code: string } }[] };
    expect(json.data).toBeNull();
    expect(json.errors[0].extensions.code).toBe('BAD_USER_INPUT');
  });

  it('refuses methods other than GET and POST (405 with Allow), and mutations over GET (405, Allow: POST)', async () => {
    const put = await fetch(server.url, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ me { id } }' }),
    });
    expect(put.status).toBe(405);
    expect(put.headers.get('allow')).toBe('GET, POST');
    const get = await fetch(
      `${server.url}?query=${encodeURIComponent('mutation { logout(input: { refreshToken: "x" }) { sessionEnded } }')}`,
      {
        headers: { 'apollo-require-preflight': 'true' },
      },
    );
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
  });

  it('refuses a form-encoded or text/plain POST (CSRF prevention)', async () => {
    const res = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: JSON.stringify({ query: '{ me { id } }' }),
    });
    expect(res.status).toBe(400);
  });

  it('answers an invalid access token with 401 and UNAUTHENTICATED', async () => {
    const res = await post({ query: '{ me { id } }' }, { authorization: 'Bearer not.a.token' });
    expect(res.status).toBe(401);
    expect(
      ((await res.json()) as { errors: { extensions: { code: string } }[] }).errors[0].extensions.code,
    ).toBe('UNAUTHENTICATED');
  });
});
