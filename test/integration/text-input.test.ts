import { startTestServer } from '../helpers/server';
import type { TestServer } from '../helpers/server';
import { createModerator, createPractitioner } from '../helpers/factories';
import type { TestUser } from '../helpers/factories';
import { codes, gql, ok } from '../helpers/graphql';
import type { GraphQLResponse } from '../helpers/graphql';
import { publishPost } from '../helpers/posts';
import { connectWs, wsExecute } from '../helpers/ws';

// Hole 9 of issue 10: NUL was an INTERNAL_SERVER_ERROR, lone surrogates were silently replaced, control and
// bidi-override characters were stored in titles and names.

let server: TestServer;
let author: TestUser;
let moderator: TestUser;

beforeAll(async () => {
  server = await startTestServer();
  author = await createPractitioner(server);
  moderator = await createModerator(server);
});
afterAll(() => server.stop());

const CREATE_POST = `mutation($i: CreatePostInput!) { createPost(input: $i) { post { id title body } } }`;

function postInput(over: Record<string, unknown> = {}) {
  return {
    title: 'A clean title',
    summary: 'Summary',
    body: 'Body',
    language: 'EN',
    countryCodes: ['NE'],
    thematicAreaCodes: ['FINANCING_OF_TERRORISM'],
    ...over,
  };
}

async function count(table: string): Promise<number> {
  const rows = await server.database.dataSource.query(`SELECT count(*)::int AS n FROM "${table}"`);
  return rows[0].n;
}

/** The request body is written by hand, so that JSON escapes such as "\ud800" reach the server verbatim. */
async function rawPost(body: string, token: string): Promise<GraphQLResponse> {
  const res = await fetch(server.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body,
  });
  return { status: res.status, headers: res.headers, ...((await res.json()) as object) };
}

function expectRefused(res: GraphQLResponse, field: string) {
  expect(codes(res)).toEqual(['BAD_USER_INPUT']);
  expect(res.errors![0].extensions!.fields).toEqual([{ field, message: expect.any(String) }]);
}

describe('bad text in arguments (HTTP)', () => {
  it.each([
    ['a NUL character', 'Title\u0000with NUL'],
    ['a BEL control character (U+0007)', 'Title\u0007'],
    ['a RIGHT-TO-LEFT OVERRIDE (U+202E)', 'Invoice \u202Efdp.exe'],
    ['a FIRST STRONG ISOLATE (U+2068)', 'Title \u2068x\u2069'],
    ['a newline', 'Two\nlines'],
    ['a tab', 'Tab\there'],
  ])('refuses %s in a post title, naming title, and stores nothing', async (_label, title) => {
    const before = await count('post');
    const res = await gql(server, CREATE_POST, { i: postInput({ title }) }, { token: author.accessToken });
    expectRefused(res, 'title');
    expect(res.data).toBeNull();
    expect(await count('post')).toBe(before);
  });

  it('refuses a lone surrogate sent as a raw JSON escape ("\\ud800") instead of replacing it', async () => {
    const before = await count('post');
    const body =
      `{"query":${JSON.stringify(CREATE_POST)},"variables":{"i":{"title":"Lone \\ud800 surrogate",` +
      `"language":"EN","countryCodes":["NE"],"thematicAreaCodes":["FINANCING_OF_TERRORISM"]}}}`;
    expect(body).toContain('\\ud800');
    const res = await rawPost(body, author.accessToken);
    expectRefused(res, 'title');
    expect(await count('post')).toBe(before);
  });

  it('refuses bad text in an inline literal as well as in a variable', async () => {
    const before = await count('post');
    const res = await gql(
      server,
      `mutation { createPost(input: { title: "NUL \\u0000 inline", language: EN }) { post { id } } }`,
      {},
      { token: author.accessToken },
    );
    expectRefused(res, 'title');
    const res2 = await gql(
      server,
      `mutation { createPost(input: { title: "ok", body: "x", language: EN, countryCodes: ["N\\u202EE"] }) { post { id } } }`,
      {},
      { token: author.accessToken },
    );
    expectRefused(res2, 'countryCodes[0]');
    expect(await count('post')).toBe(before);
  });

  it('allows newline and tab in a multi-line body, and still refuses NUL and U+202E there', async () => {
    const body = '## Steps\n\n1. first\n2. second\n\n\tindented\r\nend';
    const created = ok(
      await gql(server, CREATE_POST, { i: postInput({ body }) }, { token: author.accessToken }),
    ).createPost.post;
    expect(created.body).toBe(body);

    for (const bad of ['Body \u0000', 'Body \u202E']) {
      const res = await gql(
        server,
        CREATE_POST,
        { i: postInput({ body: bad }) },
        { token: author.accessToken },
      );
      expectRefused(res, 'body');
    }
  });

  it('names every offending field at once', async () => {
    const res = await gql(
      server,
      CREATE_POST,
      { i: postInput({ title: 'a\u0000', summary: 'b\u0007', countryCodes: ['NE', 'F\nR'] }) },
      { token: author.accessToken },
    );
    expect(codes(res)).toEqual(['BAD_USER_INPUT']);
    expect(res.errors![0].extensions!.fields).toEqual([
      { field: 'title', message: expect.any(String) },
      { field: 'summary', message: expect.any(String) },
      { field: 'countryCodes[1]', message: expect.any(String) },
    ]);
  });

  it('refuses U+202E in a display name at registration; nothing is created', async () => {
    const before = await count('practitioner');
    const res = await gql(
      server,
      `mutation($input: RegisterInput!) { register(input: $input) { accepted } }`,
      {
        input: {
          email: 'spoof@example.org',
          password: 'correct horse battery staple',
          displayName: 'Admin\u202E',
          countryCode: 'NE',
          profession: 'PROSECUTOR',
          languages: ['FR'],
        },
      },
    );
    expectRefused(res, 'displayName');
    expect(await count('practitioner')).toBe(before);
  });

  it('refuses a control character in a profile name but keeps line breaks in the bio', async () => {
    const UPDATE = `mutation($i: UpdateProfileInput!) { updateProfile(input: $i) { practitioner { displayName bio } } }`;
    const refused = await gql(
      server,
      UPDATE,
      { i: { displayName: 'Bell\u0007' } },
      { token: author.accessToken },
    );
    expectRefused(refused, 'displayName');
    const me = ok(await gql(server, '{ me { displayName } }', {}, { token: author.accessToken })).me;
    expect(me.displayName).not.toContain('\u0007');

    const bio = 'Prosecutor.\n\nSpecialised in terrorism financing.';
    const updated = ok(await gql(server, UPDATE, { i: { bio } }, { token: author.accessToken })).updateProfile
      .practitioner;
    expect(updated.bio).toBe(bio);
  });

  it('checks plain String arguments: a comment body keeps line breaks but refuses NUL', async () => {
    const postId = await publishPost(server, author, moderator);
    const ADD = `mutation($p: ID!, $b: String!) { addComment(input: { postId: $p, body: $b }) { comment { body } } }`;
    const commentsBefore = await count('comment');
    const refused = await gql(server, ADD, { p: postId, b: 'hello\u0000' }, { token: author.accessToken });
    expectRefused(refused, 'body');
    expect(await count('comment')).toBe(commentsBefore);
    const added = ok(
      await gql(server, ADD, { p: postId, b: 'line 1\nline 2' }, { token: author.accessToken }),
    );
    expect(added.addComment.comment.body).toBe('line 1\nline 2');
  });

  it('checks filters and cursors of queries too (NUL was an internal error there)', async () => {
    const res = await gql(
      server,
      `query($f: PractitionerFilter) { practitioners(filter: $f) { edges { cursor } } }`,
      { f: { nameContains: 'a\u0000' } },
      { token: author.accessToken },
    );
    expectRefused(res, 'filter.nameContains');
    const res2 = await gql(
      server,
      `query($a: String) { feed(after: $a) { edges { cursor } } }`,
      { a: 'x\u0000' },
      { token: author.accessToken },
    );
    expectRefused(res2, 'after');
  });
});

describe('bad text over WebSocket', () => {
  it('refuses it in a mutation sent over the socket, naming the field', async () => {
    const ws = connectWs(server, author.accessToken);
    await ws.connected;
    const before = await count('post');
    const result = await wsExecute<{ createPost: { id: string } }>(ws.client, CREATE_POST, {
      i: postInput({ title: 'Over the socket \u202E' }),
    });
    expect(result.errors?.map((e) => e.extensions?.code)).toEqual(['BAD_USER_INPUT']);
    expect((result.errors![0].extensions as { fields?: unknown }).fields).toEqual([
      { field: 'title', message: expect.any(String) },
    ]);
    expect(await count('post')).toBe(before);
    await ws.client.dispose();
  });

  it('refuses it in the arguments of a subscription', async () => {
    const ws = connectWs(server, author.accessToken);
    await ws.connected;
    const result = await wsExecute(
      ws.client,
      `subscription($f: LegalDevelopmentFilter) { legalDevelopmentPublished(filter: $f) { id } }`,
      { f: { countryCodes: ['N\u0000E'] } },
    );
    expect(result.errors?.map((e) => e.extensions?.code)).toEqual(['BAD_USER_INPUT']);
    expect((result.errors![0].extensions as { fields?: unknown }).fields).toEqual([
      { field: 'filter.countryCodes[0]', message: expect.any(String) },
    ]);
    await ws.client.dispose();
  });
});
