import crypto from 'node:crypto';
import { startTestServer } from '../helpers/server';
import type { TestServer } from '../helpers/server';
import { codes, gql, ok } from '../helpers/graphql';
import { createModerator, createPractitioner } from '../helpers/factories';
import type { TestUser } from '../helpers/factories';
import { publishPost } from '../helpers/posts';
import { IdempotencyService } from '../../src/platform/idempotency/idempotency.service';
import { legalInput } from '../helpers/legal';

let server: TestServer;
let moderator: TestUser;
beforeAll(async () => {
  server = await startTestServer();
  moderator = await createModerator(server);
});
afterAll(() => server.stop());

const CREATE_POST = `mutation($i: CreatePostInput!) { createPost(input: $i) { post { id title } } }`;
const ADD_COMMENT = `mutation($p: ID!, $b: String!, $k: String) { addComment(input: { postId: $p, body: $b, idempotencyKey: $k }) { comment { id body } } }`;
const REQUEST_CONTACT = `mutation($p: ID!, $m: String, $k: String) { requestContact(input: { practitionerId: $p, message: $m, idempotencyKey: $k }) { contactRequest { id status } } }`;

const as = (u: TestUser) => ({ token: u.accessToken });
const key = () => crypto.randomUUID();
const input = (title = 'Idempotent post') => ({
  title,
  summary: 'S.',
  body: 'B.',
  language: 'EN',
  visibility: 'COMMUNITY',
  networkIds: [],
  countryCodes: ['NE'],
  thematicAreaCodes: ['FINANCING_OF_TERRORISM'],
});
const count = async (sql: string, params: unknown[]) =>
  Number((await server.database.dataSource.query(sql, params))[0].n);
const postsBy = (u: TestUser) => count(`SELECT count(*) AS n FROM post WHERE "authorId" = $1`, [u.localId]);

describe('createPost with an idempotencyKey', () => {
  it('returns the first post on a retry and writes nothing new', async () => {
    const author = await createPractitioner(server);
    const k = key();
    const first = ok(await gql(server, CREATE_POST, { i: { ...input(), idempotencyKey: k } }, as(author)))
      .createPost.post;
    const sqlBefore = server.database.counter.count;
    const again = ok(await gql(server, CREATE_POST, { i: { ...input(), idempotencyKey: k } }, as(author)))
      .createPost.post;
    // viewer, key, post; then the read guard's check of the payload: the post's networks, the viewer's
    // memberships and blocks
    expect(server.database.counter.count - sqlBefore).toBeLessThanOrEqual(6);
    expect(again).toEqual(first);
    expect(await postsBy(author)).toBe(1);
  });

  it('creates one post when retries arrive concurrently', async () => {
    const author = await createPractitioner(server);
    const k = key();
    const results = await Promise.all(
      Array.from({ length: 6 }, () =>
        gql(server, CREATE_POST, { i: { ...input(), idempotencyKey: k } }, as(author)),
      ),
    );
    const ids = new Set(results.map((r) => ok(r).createPost.post.id));
    expect(ids.size).toBe(1);
    expect(await postsBy(author)).toBe(1);
    expect(
      await count(`SELECT count(*) AS n FROM idempotency_key WHERE "practitionerId" = $1`, [author.localId]),
    ).toBe(1);
  });

  it('creates separate posts without a key or with different keys', async () => {
    const author = await createPractitioner(server);
    ok(await gql(server, CREATE_POST, { i: input() }, as(author)));
    ok(await gql(server, CREATE_POST, { i: input() }, as(author)));
    ok(await gql(server, CREATE_POST, { i: { ...input(), idempotencyKey: key() } }, as(author)));
    ok(await gql(server, CREATE_POST, { i: { ...input(), idempotencyKey: key() } }, as(author)));
    expect(await postsBy(author)).toBe(4);
  });

  it('keeps keys per account: the same key from two accounts creates two posts', async () => {
    const [a, b] = [await createPractitioner(server), await createPractitioner(server)];
    const k = key();
    const pa = ok(await gql(server, CREATE_POST, { i: { ...input(), idempotencyKey: k } }, as(a))).createPost
      .post;
    const pb = ok(await gql(server, CREATE_POST, { i: { ...input(), idempotencyKey: k } }, as(b))).createPost
      .post;
    expect(pa.id).not.toBe(pb.id);
  });

  it('refuses the same key with other arguments (CONFLICT) or for another mutation', async () => {
    const author = await createPractitioner(server);
    const k = key();
    ok(await gql(server, CREATE_POST, { i: { ...input('First'), idempotencyKey: k } }, as(author)));
    const res = await gql(server, CREATE_POST, { i: { ...input('Second'), idempotencyKey: k } }, as(author));
    expect(codes(res)).toEqual(['CONFLICT']);
    const postId = await publishPost(server, author, moderator);
    expect(codes(await gql(server, ADD_COMMENT, { p: postId, b: 'x', k }, as(author)))).toEqual(['CONFLICT']);
    expect(await postsBy(author)).toBe(2);
  });

  it('refuses a malformed key (BAD_USER_INPUT on idempotencyKey) and writes nothing', async () => {
    const author = await createPractitioner(server);
    for (const k of ['', 'x'.repeat(101), 'has space', 'ünïcode']) {
      const res = await gql(server, CREATE_POST, { i: { ...input(), idempotencyKey: k } }, as(author));
      expect(codes(res)).toEqual(['BAD_USER_INPUT']);
      expect(res.errors![0].extensions!.fields).toEqual([
        { field: 'idempotencyKey', message: expect.any(String) },
      ]);
    }
    expect(await postsBy(author)).toBe(0);
  });

  it('does not record a key when the first request failed: a corrected retry with it succeeds', async () => {
    const author = await createPractitioner(server);
    const k = key();
    const bad = await gql(
      server,
      CREATE_POST,
      { i: { ...input(), title: '   ', idempotencyKey: k } },
      as(author),
    );
    expect(codes(bad)).toEqual(['BAD_USER_INPUT']);
    const bad2 = await gql(
      server,
      CREATE_POST,
      { i: { ...input(), countryCodes: ['XX'], idempotencyKey: k } },
      as(author),
    );
    expect(codes(bad2)).toEqual(['BAD_USER_INPUT']);
    ok(await gql(server, CREATE_POST, { i: { ...input(), idempotencyKey: k } }, as(author)));
    expect(await postsBy(author)).toBe(1);
  });

  it('requires sign-in', async () => {
    expect(codes(await gql(server, CREATE_POST, { i: { ...input(), idempotencyKey: key() } }))).toEqual([
      'UNAUTHENTICATED',
    ]);
  });
});

describe('addComment with an idempotencyKey', () => {
  it('returns the first comment on sequential and concurrent retries; the post counts one', async () => {
    const author = await createPractitioner(server);
    const commenter = await createPractitioner(server);
    const postId = await publishPost(server, author, moderator);
    const k = key();
    const first = ok(await gql(server, ADD_COMMENT, { p: postId, b: 'Once.', k }, as(commenter))).addComment
      .comment;
    const retries = await Promise.all(
      Array.from({ length: 4 }, () => gql(server, ADD_COMMENT, { p: postId, b: 'Once.', k }, as(commenter))),
    );
    for (const r of retries) expect(ok(r).addComment.comment).toEqual(first);
    const k2 = key();
    const concurrent = await Promise.all(
      Array.from({ length: 5 }, () =>
        gql(server, ADD_COMMENT, { p: postId, b: 'Twice.', k: k2 }, as(commenter)),
      ),
    );
    expect(new Set(concurrent.map((r) => ok(r).addComment.comment.id)).size).toBe(1);
    const post = ok(
      await gql(
        server,
        `query($id: ID!) { node(id: $id) { ... on Post { commentCount } } }`,
        { id: postId },
        as(author),
      ),
    ).node;
    expect(post.commentCount).toBe(2);
  });
});

describe('requestContact with an idempotencyKey', () => {
  it('returns the same request on a retry instead of CONFLICT, also concurrently', async () => {
    const [asker, target, target2] = [
      await createPractitioner(server),
      await createPractitioner(server),
      await createPractitioner(server),
    ];
    const k = key();
    const first = ok(await gql(server, REQUEST_CONTACT, { p: target.id, m: 'Hello', k }, as(asker)))
      .requestContact.contactRequest;
    const again = ok(await gql(server, REQUEST_CONTACT, { p: target.id, m: 'Hello', k }, as(asker)))
      .requestContact.contactRequest;
    expect(again).toEqual(first);
    // Without the key, asking again is the usual CONFLICT.
    expect(codes(await gql(server, REQUEST_CONTACT, { p: target.id, m: 'Hello' }, as(asker)))).toEqual([
      'CONFLICT',
    ]);
    const k2 = key();
    const concurrent = await Promise.all(
      Array.from({ length: 5 }, () => gql(server, REQUEST_CONTACT, { p: target2.id, k: k2 }, as(asker))),
    );
    expect(new Set(concurrent.map((r) => ok(r).requestContact.contactRequest.id)).size).toBe(1);
    expect(
      await count(`SELECT count(*) AS n FROM contact_request WHERE "requesterId" = $1`, [asker.localId]),
    ).toBe(2);
  });
});

describe('proposeLegalDevelopment with an idempotencyKey', () => {
  const PROPOSE = `mutation($i: ProposeLegalDevelopmentInput!) { proposeLegalDevelopment(input: $i) { legalDevelopment { id status } } }`;
  const developmentsBy = (u: TestUser) =>
    count(`SELECT count(*) AS n FROM legal_development WHERE "authorId" = $1`, [u.localId]);

  it('returns the first development on sequential and concurrent retries and writes one', async () => {
    const author = await createPractitioner(server);
    const k = key();
    const first = ok(
      await gql(server, PROPOSE, { i: { ...legalInput({ title: 'Law A' }), idempotencyKey: k } }, as(author)),
    ).proposeLegalDevelopment.legalDevelopment;
    const again = ok(
      await gql(server, PROPOSE, { i: { ...legalInput({ title: 'Law A' }), idempotencyKey: k } }, as(author)),
    ).proposeLegalDevelopment.legalDevelopment;
    expect(again).toEqual(first);
    const k2 = key();
    const concurrent = await Promise.all(
      Array.from({ length: 5 }, () =>
        gql(server, PROPOSE, { i: { ...legalInput({ title: 'Law B' }), idempotencyKey: k2 } }, as(author)),
      ),
    );
    expect(new Set(concurrent.map((r) => ok(r).proposeLegalDevelopment.legalDevelopment.id)).size).toBe(1);
    expect(await developmentsBy(author)).toBe(2);
    // The same key with another development is a CONFLICT and writes nothing.
    const other = await gql(
      server,
      PROPOSE,
      { i: { ...legalInput({ title: 'Law C' }), idempotencyKey: k } },
      as(author),
    );
    expect(codes(other)).toEqual(['CONFLICT']);
    expect(await developmentsBy(author)).toBe(2);
  });
});

describe('report with an idempotencyKey', () => {
  const REPORT = `mutation($t: ID!, $k: String) { report(input: { targetId: $t, reason: SPAM, idempotencyKey: $k }) { report { id status } } }`;
  it('returns the first report on a retry instead of CONFLICT, also concurrently', async () => {
    const [reporter, target, target2] = [
      await createPractitioner(server),
      await createPractitioner(server),
      await createPractitioner(server),
    ];
    const k = key();
    const first = ok(await gql(server, REPORT, { t: target.id, k }, as(reporter))).report.report;
    expect(ok(await gql(server, REPORT, { t: target.id, k }, as(reporter))).report.report).toEqual(first);
    // Without the key, reporting again is the usual CONFLICT.
    expect(codes(await gql(server, REPORT, { t: target.id }, as(reporter)))).toEqual(['CONFLICT']);
    const k2 = key();
    const concurrent = await Promise.all(
      Array.from({ length: 5 }, () => gql(server, REPORT, { t: target2.id, k: k2 }, as(reporter))),
    );
    expect(new Set(concurrent.map((r) => ok(r).report.report.id)).size).toBe(1);
    expect(await count(`SELECT count(*) AS n FROM report WHERE "reporterId" = $1`, [reporter.localId])).toBe(
      2,
    );
  });
});

describe('createWorkingGroup with an idempotencyKey', () => {
  const CREATE = `mutation($i: CreateWorkingGroupInput!) { createWorkingGroup(input: $i) { network { id memberCount } } }`;
  it('returns the first group on sequential and concurrent retries; one group, one owner', async () => {
    const owner = await createPractitioner(server);
    const k = key();
    const i = { name: `Retried group ${k.slice(0, 8)}`, joinPolicy: 'OPEN', idempotencyKey: k };
    const results = [ok(await gql(server, CREATE, { i }, as(owner)))];
    results.push(
      ...(await Promise.all(Array.from({ length: 4 }, () => gql(server, CREATE, { i }, as(owner))))).map(ok),
    );
    expect(new Set(results.map((r) => r.createWorkingGroup.network.id)).size).toBe(1);
    expect(results[0].createWorkingGroup.network.memberCount).toBe(1);
    expect(await count(`SELECT count(*) AS n FROM network WHERE name = $1`, [i.name])).toBe(1);
  });
});

describe('key lifetime', () => {
  it('prunes keys older than IDEMPOTENCY_KEY_TTL_HOURS; a retry after that creates anew', async () => {
    const author = await createPractitioner(server);
    const k = key();
    const first = ok(await gql(server, CREATE_POST, { i: { ...input(), idempotencyKey: k } }, as(author)))
      .createPost.post;
    await server.database.dataSource.query(
      `UPDATE idempotency_key SET "createdAt" = now() - interval '25 hours' WHERE "practitionerId" = $1`,
      [author.localId],
    );
    expect(await new IdempotencyService(server.database.dataSource).prune(24)).toBeGreaterThanOrEqual(1);
    const later = ok(await gql(server, CREATE_POST, { i: { ...input(), idempotencyKey: k } }, as(author)))
      .createPost.post;
    expect(later.id).not.toBe(first.id);
  });
});
