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
      `${server.url}?query=${encodeURIComponent('mutation { logout(refreshToken: "x") }')}`,
      {
        headers: { 'apollo-require-preflight': 'true' },
      },
    );
    expect(m.status).toBe(405);
  });
});
