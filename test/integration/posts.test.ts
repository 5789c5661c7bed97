import { startTestServer } from '../helpers/server';
import type { TestServer } from '../helpers/server';
import { codes, gql, ok } from '../helpers/graphql';
import { createModerator, createPending, createPractitioner } from '../helpers/factories';
import type { TestUser } from '../helpers/factories';
import { createDraft, POST_FIELDS, publishPost } from '../helpers/posts';

let server: TestServer;
let author: TestUser;
let moderator: TestUser;
let reader: TestUser;
beforeAll(async () => {
  server = await startTestServer();
  [author, moderator, reader] = await Promise.all([
    createPractitioner(server, { displayName: 'Author' }),
    createModerator(server, { displayName: 'Moderator' }),
    createPractitioner(server, { displayName: 'Reader' }),
  ]);
});
afterAll(() => server.stop());

const NODE = `query($id: ID!) { node(id: $id) { ... on Post { ${POST_FIELDS} history { action fromStatus toStatus note } } } }`;
const SUBMIT = `mutation($id: ID!) { submitPost(input: { id: $id }) { post { status } } }`;
const REVIEW = `mutation($id: ID!, $d: ReviewDecision!, $n: String) { reviewPost(input: { id: $id, decision: $d, note: $n }) { post { status publishedAt } } }`;
const UPDATE = `mutation($i: UpdatePostInput!) { updatePost(input: $i) { post { title editedAt } } }`;

describe('post lifecycle', () => {
  it('runs DRAFT → PENDING_REVIEW → CHANGES_REQUESTED → PENDING_REVIEW → PUBLISHED, recording every step', async () => {
    const { id } = await createDraft(server, author);
    expect(ok(await gql(server, NODE, { id }, { token: author.accessToken })).node.status).toBe('DRAFT');
    ok(await gql(server, UPDATE, { i: { id, title: 'Revised title' } }, { token: author.accessToken }));
    expect(ok(await gql(server, SUBMIT, { id }, { token: author.accessToken })).submitPost.post.status).toBe(
      'PENDING_REVIEW',
    );
    expect(
      ok(
        await gql(
          server,
          REVIEW,
          { id, d: 'REQUEST_CHANGES', n: 'Please cite the law.' },
          { token: moderator.accessToken },
        ),
      ).reviewPost.post.status,
    ).toBe('CHANGES_REQUESTED');
    ok(
      await gql(
        server,
        UPDATE,
        { i: { id, body: 'Now citing Law 2019-33.' } },
        { token: author.accessToken },
      ),
    );
    ok(await gql(server, SUBMIT, { id }, { token: author.accessToken }));
    const approved = ok(await gql(server, REVIEW, { id, d: 'APPROVE' }, { token: moderator.accessToken }))
      .reviewPost.post;
    expect(approved.status).toBe('PUBLISHED');
    expect(approved.publishedAt).toEqual(expect.any(String));
    const post = ok(await gql(server, NODE, { id }, { token: author.accessToken })).node;
    expect(post.title).toBe('Revised title');
    expect(post.history.map((h: { action: string }) => h.action)).toEqual([
      'SUBMIT',
      'REQUEST_CHANGES',
      'SUBMIT',
      'APPROVE',
    ]);
    expect(post.history[1]).toMatchObject({
      fromStatus: 'PENDING_REVIEW',
      toStatus: 'CHANGES_REQUESTED',
      note: 'Please cite the law.',
    });
    // A reader sees the published post but not its review history.
    const seen = ok(await gql(server, NODE, { id }, { token: reader.accessToken })).node;
    expect(seen).toMatchObject({ id, status: 'PUBLISHED', history: null });
  });

  it('refuses skipped and repeated transitions with CONFLICT', async () => {
    const { id } = await createDraft(server, author);
    // A draft is its author's alone: to a moderator it does not exist yet.
    expect(codes(await gql(server, REVIEW, { id, d: 'APPROVE' }, { token: moderator.accessToken }))).toEqual([
      'NOT_FOUND',
    ]);
    ok(await gql(server, SUBMIT, { id }, { token: author.accessToken }));
    expect(codes(await gql(server, SUBMIT, { id }, { token: author.accessToken }))).toEqual(['CONFLICT']);
    expect(
      codes(await gql(server, UPDATE, { i: { id, title: 'x' } }, { token: author.accessToken })),
    ).toEqual(['CONFLICT']);
    ok(
      await gql(
        server,
        REVIEW,
        { id, d: 'REJECT', n: 'Confidential details.' },
        { token: moderator.accessToken },
      ),
    );
    expect(codes(await gql(server, REVIEW, { id, d: 'APPROVE' }, { token: moderator.accessToken }))).toEqual([
      'CONFLICT',
    ]);
    expect(codes(await gql(server, SUBMIT, { id }, { token: author.accessToken }))).toEqual(['CONFLICT']);
  });

  it('lets only moderators review, never their own post; members get FORBIDDEN, anonymous UNAUTHENTICATED', async () => {
    const { id } = await createDraft(server, author);
    ok(await gql(server, SUBMIT, { id }, { token: author.accessToken }));
    expect(codes(await gql(server, REVIEW, { id, d: 'APPROVE' }, { token: reader.accessToken }))).toEqual([
      'NOT_FOUND',
    ]);
    expect(codes(await gql(server, REVIEW, { id, d: 'APPROVE' }, { token: author.accessToken }))).toEqual([
      'FORBIDDEN',
    ]);
    expect(codes(await gql(server, REVIEW, { id, d: 'APPROVE' }))).toEqual(['UNAUTHENTICATED']);
    const own = await createDraft(server, moderator);
    ok(await gql(server, SUBMIT, { id: own.id }, { token: moderator.accessToken }));
    expect(
      codes(await gql(server, REVIEW, { id: own.id, d: 'APPROVE' }, { token: moderator.accessToken })),
    ).toEqual(['FORBIDDEN']);
  });

  it('keeps drafts and pending posts from everyone but the author and reviewers', async () => {
    const { id } = await createDraft(server, author);
    expect(ok(await gql(server, NODE, { id }, { token: reader.accessToken })).node).toBeNull();
    expect(ok(await gql(server, NODE, { id }, { token: moderator.accessToken })).node).toBeNull();
    expect(ok(await gql(server, NODE, { id })).node).toBeNull();
    ok(await gql(server, SUBMIT, { id }, { token: author.accessToken }));
    expect(ok(await gql(server, NODE, { id }, { token: reader.accessToken })).node).toBeNull();
    expect(ok(await gql(server, NODE, { id }, { token: moderator.accessToken })).node.status).toBe(
      'PENDING_REVIEW',
    );
  });

  it('only lets verified members write', async () => {
    const pending = await createPending(server);
    const res = await gql(
      server,
      `mutation { createPost(input: { title: "x", language: EN }) { post { id } } }`,
      {},
      { token: pending.accessToken },
    );
    expect(codes(res)).toEqual(['FORBIDDEN']);
    expect(
      codes(
        await gql(server, `mutation { createPost(input: { title: "x", language: EN }) { post { id } } }`),
      ),
    ).toEqual(['UNAUTHENTICATED']);
  });

  it('validates input: blank or long title, unknown country or area, NETWORKS without networks, foreign ids', async () => {
    const create = (i: Record<string, unknown>) =>
      gql(
        server,
        `mutation($i: CreatePostInput!) { createPost(input: $i) { post { id } } }`,
        { i: { title: 'T', language: 'FR', ...i } },
        { token: author.accessToken },
      );
    expect(codes(await create({ title: '' }))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await create({ title: 'x'.repeat(201) }))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await create({ body: 'x'.repeat(50_001) }))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await create({ countryCodes: ['ZZ'] }))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await create({ thematicAreaCodes: ['ASTROLOGY'] }))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await create({ visibility: 'NETWORKS' }))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await create({ networkIds: [author.id] }))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await create({ language: 'DE' }))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await gql(server, SUBMIT, { id: 'garbage' }, { token: author.accessToken }))).toEqual([
      'BAD_USER_INPUT',
    ]);
  });

  it('lets the author archive; an archived post leaves lists; others cannot archive it', async () => {
    const id = await publishPost(server, author, moderator, { title: 'To be archived' });
    expect(
      codes(
        await gql(
          server,
          `mutation($id: ID!) { archivePost(input: { id: $id }) { post { status } } }`,
          { id },
          { token: reader.accessToken },
        ),
      ),
    ).toEqual(['NOT_FOUND']);
    expect(
      ok(
        await gql(
          server,
          `mutation($id: ID!) { archivePost(input: { id: $id }) { post { status } } }`,
          { id },
          { token: author.accessToken },
        ),
      ).archivePost.post.status,
    ).toBe('ARCHIVED');
    const list = ok(
      await gql(
        server,
        `query($id: ID!) { node(id: $id) { ... on Practitioner { posts(first: 50) { edges { node { id } } } } } }`,
        { id: author.id },
        { token: reader.accessToken },
      ),
    );
    expect(list.node.posts.edges.map((e: { node: { id: string } }) => e.node.id)).not.toContain(id);
    expect(ok(await gql(server, NODE, { id }, { token: reader.accessToken })).node).toBeNull();
  });

  it('features and unfeatures (moderators only), recorded in history', async () => {
    const id = await publishPost(server, author, moderator, { title: 'Featured practice' });
    const FEATURE = `mutation($id: ID!) { featurePost(input: { id: $id }) { post { featured } } }`;
    expect(codes(await gql(server, FEATURE, { id }, { token: reader.accessToken }))).toEqual(['FORBIDDEN']);
    expect(
      ok(await gql(server, FEATURE, { id }, { token: moderator.accessToken })).featurePost.post.featured,
    ).toBe(true);
    const featured = ok(
      await gql(
        server,
        `{ featuredPosts(first: 10) { edges { node { id } } } }`,
        {},
        { token: reader.accessToken },
      ),
    );
    expect(featured.featuredPosts.edges.map((e: { node: { id: string } }) => e.node.id)).toContain(id);
    expect(
      ok(
        await gql(
          server,
          `mutation($id: ID!) { unfeaturePost(input: { id: $id }) { post { featured } } }`,
          { id },
          { token: moderator.accessToken },
        ),
      ).unfeaturePost.post.featured,
    ).toBe(false);
    const draft = await createDraft(server, author);
    expect(codes(await gql(server, FEATURE, { id: draft.id }, { token: moderator.accessToken }))).toEqual([
      'CONFLICT',
    ]);
  });
});

describe('endorsements and bookmarks', () => {
  it('counts one endorsement per practitioner, idempotently, and reflects viewer flags', async () => {
    const id = await publishPost(server, author, moderator);
    const ENDORSE = `mutation($id: ID!) { endorsePost(input: { postId: $id }) { post { endorsementCount viewerHasEndorsed } } }`;
    expect(ok(await gql(server, ENDORSE, { id }, { token: reader.accessToken })).endorsePost.post).toEqual({
      endorsementCount: 1,
      viewerHasEndorsed: true,
    });
    expect(ok(await gql(server, ENDORSE, { id }, { token: reader.accessToken })).endorsePost.post).toEqual({
      endorsementCount: 1,
      viewerHasEndorsed: true,
    });
    expect(
      ok(await gql(server, ENDORSE, { id }, { token: moderator.accessToken })).endorsePost.post
        .endorsementCount,
    ).toBe(2);
    const WITHDRAW = `mutation($id: ID!) { withdrawEndorsement(input: { postId: $id }) { post { endorsementCount viewerHasEndorsed } } }`;
    expect(
      ok(await gql(server, WITHDRAW, { id }, { token: reader.accessToken })).withdrawEndorsement.post,
    ).toEqual({ endorsementCount: 1, viewerHasEndorsed: false });
    expect(
      ok(await gql(server, WITHDRAW, { id }, { token: reader.accessToken })).withdrawEndorsement.post
        .endorsementCount,
    ).toBe(1);
    const draft = await createDraft(server, author);
    expect(codes(await gql(server, ENDORSE, { id: draft.id }, { token: reader.accessToken }))).toEqual([
      'NOT_FOUND',
    ]);
    const pending = await createPending(server);
    expect(codes(await gql(server, ENDORSE, { id }, { token: pending.accessToken }))).toEqual(['FORBIDDEN']);
  });

  it('bookmarks, lists and removes, paginating newest first', async () => {
    const ids = [];
    for (let i = 0; i < 3; i++)
      ids.push(await publishPost(server, author, moderator, { title: `Bookmark ${i}` }));
    for (const id of ids)
      ok(
        await gql(
          server,
          `mutation($id: ID!) { bookmarkPost(input: { postId: $id }) { post { viewerHasBookmarked } } }`,
          { id },
          { token: reader.accessToken },
        ),
      );
    ok(
      await gql(
        server,
        `mutation($id: ID!) { bookmarkPost(input: { postId: $id }) { post { id } } }`,
        { id: ids[0] },
        { token: reader.accessToken },
      ),
    );
    const page1 = ok(
      await gql(
        server,
        `{ bookmarks(first: 2) { edges { node { id } } pageInfo { hasNextPage endCursor } } }`,
        {},
        { token: reader.accessToken },
      ),
    ).bookmarks;
    expect(page1.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual([ids[2], ids[1]]);
    expect(page1.pageInfo.hasNextPage).toBe(true);
    const page2 = ok(
      await gql(
        server,
        `query($a: String) { bookmarks(first: 2, after: $a) { edges { node { id } } pageInfo { hasNextPage } } }`,
        { a: page1.pageInfo.endCursor },
        { token: reader.accessToken },
      ),
    ).bookmarks;
    expect(page2.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual([ids[0]]);
    ok(
      await gql(
        server,
        `mutation($id: ID!) { removeBookmark(input: { postId: $id }) { post { viewerHasBookmarked } } }`,
        { id: ids[1] },
        { token: reader.accessToken },
      ),
    );
    const after = ok(
      await gql(server, `{ bookmarks { edges { node { id } } } }`, {}, { token: reader.accessToken }),
    ).bookmarks;
    expect(after.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual([ids[2], ids[0]]);
  });
});
