import { startTestServer } from '../helpers/server';
import type { TestServer } from '../helpers/server';
import { gql, ok } from '../helpers/graphql';
import { createModerator, createPractitioner } from '../helpers/factories';
import type { TestUser } from '../helpers/factories';
import { publishPost } from '../helpers/posts';
import { addComment } from '../helpers/moderation';
import { addMember, createWorkingGroup } from '../helpers/networks';
import { isLean, leanShape, UnreadColumnError } from '../../src/common/db/lean-columns';
import { queryPreparedArrays } from '../../src/common/db/prepared';
import { raw, sql } from '../../src/common/db/sql';
import { POST_COLUMN_NEEDS, PostEntity } from '../../src/modules/post';
import { LEGAL_DEVELOPMENT_COLUMN_NEEDS } from '../../src/modules/legal-development';
import { Role } from '../../src/common/auth/role';
import { instrumentIds, publishLegal } from '../helpers/legal';
import { fromGlobalId } from '../../src/common/relay/global-id';

// Lean reads (issue 17): the home feed reads its posts and their authors with the columns the selected
// fields need. Every selection still answers every field it asks for, the same as a whole-row read.

let server: TestServer;
let reader: TestUser;
let author: TestUser;
let postId: string;
let moderator: TestUser;
beforeAll(async () => {
  server = await startTestServer();
  moderator = await createModerator(server);
  [reader, author] = await Promise.all([
    createPractitioner(server, { displayName: 'Lean Reader' }),
    createPractitioner(server, { displayName: 'Lean Author', countryCode: 'SN' }),
  ]);
  ok(
    await gql(
      server,
      `mutation($t: ID!) { follow(input: { targetId: $t }) { practitioner { id } } }`,
      { t: author.id },
      { token: reader.accessToken },
    ),
  );
  postId = await publishPost(server, author, moderator, { title: 'Lean title' });
});
afterAll(() => server.stop());

/** The feed's answer, and the text of its page statement (the one reading home_timeline). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a GraphQL answer
async function feed(selection: string, user = reader): Promise<{ node: Record<string, any>; page: string }> {
  server.database.counter.recording = [];
  const res = ok(
    await gql(
      server,
      `query { feed(first: 5) { edges { node { ${selection} } } } } ${selection.includes('...PostTitle') ? FRAGMENTS : ''}`,
      {},
      { token: user.accessToken },
    ),
  );
  const recorded = server.database.counter.recording;
  server.database.counter.recording = null;
  const page = recorded.find((s) => s.includes('home_timeline t'));
  if (!page) throw new Error(`no page statement among:\n${recorded.join('\n')}`);
  expect(res.feed.edges).toHaveLength(1);
  return { node: res.feed.edges[0].node, page };
}
const FRAGMENTS = `fragment PostTitle on Post { title }`;

describe('lean reads: the home feed reads the columns its selection needs', () => {
  it('reads neither the body nor the author’s private columns when they are not selected', async () => {
    const { node, page } = await feed(
      `... on Post { id title publishedAt author { id displayName country { code } } countries { code } }`,
    );
    expect(node).toMatchObject({
      id: postId,
      title: 'Lean title',
      author: { id: author.id, displayName: 'Lean Author', country: { code: 'SN' } },
    });
    expect(typeof node.publishedAt).toBe('string');
    expect(page).not.toContain('p."body"');
    expect(page).not.toContain('a."passwordHash"');
    expect(page).not.toContain('a."email"');
    expect(page).toContain('p."title"');
    expect(page).toContain('a."displayName"');
  });

  it('reads what fragments, aliases and @include select, and leaves out what @skip drops', async () => {
    const { node, page } = await feed(
      `... on Node { id } ...PostTitle ... on Post { words: body @include(if: true) summary @skip(if: true) }`,
    );
    expect(node).toEqual({ id: postId, title: 'Lean title', words: '## Steps\n1. …' });
    expect(page).toContain('p."body"');
    expect(page).not.toContain('p."summary"');
    const skipped = await feed(`... on Post { id body @skip(if: true) bodyHtml @include(if: false) }`);
    expect(skipped.node).toEqual({ id: postId });
    expect(skipped.page).not.toContain('p."body"');
    const html = await feed(`... on Post { bodyHtml }`);
    expect(html.node.bodyHtml).toContain('<h2>Steps</h2>');
  });

  it('reads whole rows for a field without declared needs, with the same answers', async () => {
    const lean = await feed(`... on Post { id title author { id displayName } }`);
    const whole = await feed(
      `... on Post { id title history { action } author { id displayName contactVisibility } }`,
    );
    expect(whole.page).toContain('p."body"');
    expect(whole.page).toContain('a."bio"');
    expect(whole.node).toMatchObject(lean.node);
    expect(whole.node.history).toBeNull(); // its author's and moderators' only
  });

  it('answers the same for every field with declared needs as a whole-row read', async () => {
    const fields = Object.keys(POST_COLUMN_NEEDS.byField).filter((f) => f !== 'author');
    const authorFields = `author { id displayName country { code } organization position profession languages
      thematicAreas { code } memberSince role verification isDemo isDeleted }`;
    const lean = await feed(
      `... on Post { ${fields.map((f) => (f === 'countries' || f === 'thematicAreas' ? `${f} { code }` : f === 'networks' ? 'networks { id }' : f)).join(' ')} ${authorFields} }`,
    );
    const whole = await feed(
      `... on Post { history { action } ${fields.map((f) => (f === 'countries' || f === 'thematicAreas' ? `${f} { code }` : f === 'networks' ? 'networks { id }' : f)).join(' ')} ${authorFields.replace('isDeleted', 'isDeleted contactVisibility')} }`,
    );
    expect(lean.page).not.toContain('a."passwordHash"');
    expect(whole.page).toContain('a."passwordHash"');
    const { history: _h, ...wholePost } = whole.node;
    const { contactVisibility: _c, ...wholeAuthor } = wholePost.author;
    expect(lean.node).toEqual({ ...wholePost, author: wholeAuthor });
  });
});

describe('lean reads: the feed reads its posts’ networks in the page’s statement', () => {
  it('lists them as Post.networks does elsewhere, with the columns the selection needs', async () => {
    const moderator = await createModerator(server);
    const [member, writer] = await Promise.all([createPractitioner(server), createPractitioner(server)]);
    const groups = [
      await createWorkingGroup(server, writer, 'OPEN', 'Lean group B'),
      await createWorkingGroup(server, writer, 'OPEN', 'Lean group A'),
    ];
    for (const g of groups) await addMember(server, g, member);
    const id = await publishPost(server, writer, moderator, { title: 'Shared', networkIds: groups });
    const fields = 'id name kind description joinPolicy memberCount createdAt country { code }';
    const lean = await feed(`... on Post { id networks { id name } }`, member);
    expect(lean.node).toEqual({
      id,
      networks: [
        { id: groups[1], name: 'Lean group A' },
        { id: groups[0], name: 'Lean group B' },
      ],
    });
    expect(lean.page).toMatch(/json_build_array\([^)]*n\."name"/);
    expect(lean.page).not.toContain(`n."description"`);
    // Every declared field answers as the loader's whole rows do (node(id) reads them through the loader).
    const inPage = await feed(`... on Post { networks { ${fields} } }`, member);
    const viaLoader = ok(
      await gql(
        server,
        `query($id: ID!) { node(id: $id) { ... on Post { networks { ${fields} } } } }`,
        { id },
        {
          token: member.accessToken,
        },
      ),
    ).node;
    expect(inPage.node).toEqual(viaLoader);
    expect(inPage.node.networks[0].createdAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    // Not selected: not read.
    const without = await feed(`... on Post { id }`, member);
    expect(without.page).not.toContain('json_build_array');
  });
});

describe('lean reads: the feed reads its legal developments’ columns its selection needs', () => {
  let expert: TestUser;
  let developmentId: string;
  beforeAll(async () => {
    // An expert's own published development is in their home feed (and nothing else is: a new account).
    expert = await createPractitioner(server, { role: Role.EXPERT, countryCode: 'NE' });
    const instruments = await instrumentIds(server);
    developmentId = await publishLegal(server, expert, {
      title: 'Lean law',
      instrumentIds: [[...instruments.values()][0]],
    });
    await server.database.dataSource.query(`UPDATE legal_development SET body = $2 WHERE id = $1`, [
      fromGlobalId(developmentId).id,
      '## Article 1\nThe financing of travel is an offence.',
    ]);
    await server.services.outbox.drain();
  });

  const asSelection = (fields: string[]) =>
    fields
      .map((f) =>
        f === 'country' || f === 'thematicAreas'
          ? `${f} { code }`
          : f === 'instruments' || f === 'author'
            ? `${f} { id }`
            : f,
      )
      .join(' ');

  it('reads only what the read rules need when no LegalDevelopment field is selected', async () => {
    const { node, page } = await feed(`__typename ... on Post { id title }`, expert);
    expect(node).toEqual({ __typename: 'LegalDevelopment' });
    expect(page).toContain('ld."status"');
    expect(page).toContain('ld."authorId"');
    for (const column of ['body', 'summary', 'title', 'citation', 'sourceUrl', 'effectiveDate'])
      expect(page).not.toContain(`ld."${column}"`);
  });

  it('reads the selected fields’ columns, and answers as a whole-row read and as node(id) do', async () => {
    const lean = await feed(`... on LegalDevelopment { id title }`, expert);
    expect(lean.node).toEqual({ id: developmentId, title: 'Lean law' });
    expect(lean.page).toContain('ld."title"');
    expect(lean.page).not.toContain('ld."body"');

    const fields = asSelection(Object.keys(LEGAL_DEVELOPMENT_COLUMN_NEEDS.byField));
    const every = await feed(`... on LegalDevelopment { ${fields} }`, expert);
    // history has no declared needs: the page reads whole rows.
    const whole = await feed(`... on LegalDevelopment { history { action } ${fields} }`, expert);
    expect(every.page).not.toContain('ld."updatedAt"');
    expect(whole.page).toContain('ld."updatedAt"');
    const { history, ...wholeNode } = whole.node;
    expect(history).toEqual([{ action: 'PUBLISH' }]);
    expect(every.node).toEqual(wholeNode);
    const viaNode = ok(
      await gql(
        server,
        `query($id: ID!) { node(id: $id) { ... on LegalDevelopment { ${fields} } } }`,
        { id: developmentId },
        { token: expert.accessToken },
      ),
    ).node;
    expect(every.node).toEqual(viaNode);
    expect(every.node).toMatchObject({
      body: '## Article 1\nThe financing of travel is an offence.',
      country: { code: 'NE' },
      thematicAreas: [{ code: 'FINANCING_OF_TERRORISM' }],
      instruments: [{ id: expect.any(String) }],
      author: { id: expert.id },
      effectiveDate: '2024-03-01',
    });
    expect(every.node.bodyHtml).toContain('<h2>Article 1</h2>');
  });
});

describe('lean reads: the directory reads the columns its selection needs', () => {
  async function directory(selection: string, after?: string) {
    server.database.counter.recording = [];
    const res = ok(
      await gql(
        server,
        `query($after: String) { practitioners(first: 1, after: $after, filter: { countryCodes: ["SN"] }) {
          edges { cursor node { ${selection} } } pageInfo { hasNextPage endCursor } } }`,
        { after },
        { token: reader.accessToken },
      ),
    );
    const recorded = server.database.counter.recording;
    server.database.counter.recording = null;
    const page = recorded.find((s) => s.includes('FROM practitioner p') && s.includes('ORDER BY'));
    if (!page) throw new Error(`no page statement among:\n${recorded.join('\n')}`);
    return { res: res.practitioners, page };
  }

  it('pages through ids alone (the cursor reads the name) and reads no private column', async () => {
    await createPractitioner(server, { displayName: 'Lean Zebra', countryCode: 'SN' });
    const first = await directory('id');
    expect(first.res.edges).toEqual([{ cursor: expect.any(String), node: { id: author.id } }]);
    expect(first.page).not.toContain('p."passwordHash"');
    expect(first.page).not.toContain('p."email"');
    expect(first.page).not.toContain('p."bio"');
    const second = await directory('id displayName', first.res.pageInfo.endCursor);
    expect(second.res.edges[0].node.displayName).toBe('Lean Zebra');
  });

  it('filters one country by an equality on the column’s own type, which the country’s index serves in name order', async () => {
    const { page } = await directory('id');
    expect(page).toMatch(/p\."countryCode" = \$\d+::bpchar/);
    expect(page).not.toContain('::text[]');
    // The plan PostgreSQL makes for that predicate, generic as a prepared statement's: the index, no sort.
    const plan = JSON.stringify(
      // One connection for all of it (a prepared statement belongs to its connection).
      await server.database.dataSource.transaction(async (m) => {
        await m.query(`PREPARE lean_directory(bpchar) AS SELECT p.id FROM practitioner p
          WHERE p."verification" = 'VERIFIED' AND p."countryCode" = $1::bpchar ORDER BY p."displayName", p."id" LIMIT 21`);
        await m.query(`SET LOCAL plan_cache_mode = force_generic_plan`);
        const explained = await m.query(`EXPLAIN (FORMAT JSON) EXECUTE lean_directory('SN')`);
        await m.query('DEALLOCATE lean_directory');
        return explained;
      }),
    );
    expect(plan).toContain('practitioner_country_directory_idx');
    expect(plan).not.toContain('"Node Type":"Sort"');
  });

  it('reads whole rows for a field without declared needs, with the same answers', async () => {
    const lean = await directory('id displayName country { code } languages profession memberSince');
    const whole = await directory('id displayName country { code } languages profession memberSince bio');
    expect(whole.page).toContain('p."bio"');
    const { bio: _bio, ...rest } = whole.res.edges[0].node;
    expect(lean.res.edges[0].node).toEqual(rest);
  });
});

describe('lean reads: an author’s posts read the columns their selection needs', () => {
  async function authorPosts(selection: string) {
    server.database.counter.recording = [];
    const res = ok(
      await gql(
        server,
        `query($id: ID!) { node(id: $id) { ... on Practitioner { posts(first: 5) { edges { node { ${selection} } } } } } }`,
        { id: author.id },
        { token: reader.accessToken },
      ),
    );
    const recorded = server.database.counter.recording;
    server.database.counter.recording = null;
    // The page's statement: its own, or the author's (node(id:) reads the first page ahead, in JSON).
    const page = recorded.find(
      (s) => s.includes('FROM post p') && (s.includes('cursorAt') || s.includes('readAhead0__')),
    );
    if (!page) throw new Error(`no page statement among:\n${recorded.join('\n')}`);
    return { nodes: res.node.posts.edges.map((e: { node: unknown }) => e.node), page };
  }

  it('leaves the body out unless it is selected, with the same answers', async () => {
    const lean = await authorPosts('id title commentCount author { displayName }');
    expect(lean.nodes).toEqual([
      { id: postId, title: 'Lean title', commentCount: 0, author: { displayName: 'Lean Author' } },
    ]);
    expect(lean.page).not.toContain('p."body"');
    const withBody = await authorPosts('id title body');
    expect(withBody.page).toContain('p."body"');
    expect(withBody.nodes).toEqual([{ id: postId, title: 'Lean title', body: '## Steps\n1. …' }]);
  });
});

describe('lean reads: a post’s comments read their authors’ columns their selection needs', () => {
  async function comments(selection: string, user = reader) {
    server.database.counter.recording = [];
    const res = ok(
      await gql(
        server,
        `query($id: ID!) { node(id: $id) { ... on Post { comments(first: 5) { edges { node { ${selection} } } } } } }`,
        { id: postId },
        { token: user.accessToken },
      ),
    );
    const recorded = server.database.counter.recording;
    server.database.counter.recording = null;
    const page = recorded.find((s) => s.includes('FROM comment c'));
    if (!page) throw new Error(`no page statement among:\n${recorded.join('\n')}`);
    return { nodes: res.node.comments.edges.map((e: { node: unknown }) => e.node), page };
  }

  it('leaves the authors’ private columns out, answers as a whole-row read, and still applies the people policy', async () => {
    const commenter = await createPractitioner(server, { displayName: 'Lean Commenter', countryCode: 'KE' });
    await addComment(server, commenter, postId, 'A lean comment');
    const lean = await comments('body author { id displayName country { code } } replyCount');
    expect(lean.nodes).toEqual([
      {
        body: 'A lean comment',
        author: { id: commenter.id, displayName: 'Lean Commenter', country: { code: 'KE' } },
        replyCount: 0,
      },
    ]);
    expect(lean.page).toContain('ca."displayName"');
    expect(lean.page).not.toContain('ca."passwordHash"');
    expect(lean.page).not.toContain('ca."email"');
    const whole = await comments('body author { id displayName country { code } bio } replyCount');
    expect(whole.page).toContain('ca."passwordHash"');
    const { bio: _bio, ...wholeAuthor } = whole.nodes[0].author;
    expect({ ...whole.nodes[0], author: wholeAuthor }).toEqual(lean.nodes[0]);
    // Two pages of one request with different author selections: each reads its own columns.
    const both = ok(
      await gql(
        server,
        `query($id: ID!) { node(id: $id) { ... on Post {
          lean: comments(first: 5) { edges { node { author { displayName } } } }
          whole: comments(first: 5) { edges { node { author { displayName bio } } } } } } }`,
        { id: postId },
        { token: reader.accessToken },
      ),
    );
    expect(both.node.lean.edges[0].node.author).toEqual({ displayName: 'Lean Commenter' });
    expect(both.node.whole.edges[0].node.author).toMatchObject({ displayName: 'Lean Commenter' });
    expect(both.node.whole.edges[0].node.author).toHaveProperty('bio');
    // An author no longer verified: hidden from members on the lean path as on the whole-row one, shown to
    // moderators.
    await server.database.dataSource.query(
      `UPDATE practitioner SET verification = 'REJECTED' WHERE id = $1`,
      [fromGlobalId(commenter.id).id],
    );
    expect((await comments('author { id displayName }')).nodes).toEqual([{ author: null }]);
    expect((await comments('author { id displayName bio }')).nodes).toEqual([{ author: null }]);
    expect((await comments('author { id displayName }', moderator)).nodes).toEqual([
      { author: { id: commenter.id, displayName: 'Lean Commenter' } },
    ]);
  });
});

describe('lean shapes', () => {
  it('throw on an unread property, keep what is written, stay instances of the entity, and are cached', async () => {
    const ds = server.database.dataSource;
    const shape = leanShape(ds, PostEntity, POST_COLUMN_NEEDS, ['title']);
    expect(shape.complete).toBe(false);
    expect(leanShape(ds, PostEntity, POST_COLUMN_NEEDS, ['title', '__typename'])).toBe(shape);
    expect(leanShape(ds, PostEntity, POST_COLUMN_NEEDS, ['title', 'comments']).complete).toBe(true);
    expect(leanShape(ds, PostEntity, POST_COLUMN_NEEDS, null).complete).toBe(true);
    const rows = await ds.query(`SELECT ${shape.sql('p', 'x__')} FROM post p WHERE p.id = $1`, [
      fromGlobalId(postId).id,
    ]);
    expect(shape.from({ x__id: null }, 'x__')).toBeNull();
    const post = shape.from(rows[0], 'x__')!;
    expect(post).toBeInstanceOf(PostEntity);
    expect(isLean(post)).toBe(true);
    expect(post.title).toBe('Lean title');
    expect(post.hiddenAt).toBeNull(); // always read: the read rules look at it
    expect(() => post.body).toThrow(UnreadColumnError);
    expect(() => post.body).toThrow('PostEntity.body was not read by this statement');
    post.body = 'written';
    expect(post.body).toBe('written');
    expect(() => post.createdAt).toThrow(UnreadColumnError);
    // Positional rows (queryPreparedArrays): the shape's columns from the index of its first one.
    const arrays = await queryPreparedArrays(
      ds,
      sql`SELECT 1 AS "before", ${raw(shape.sql('p', 'x__'))} FROM post p WHERE p.id = ${fromGlobalId(postId).id}`,
    );
    const at = arrays.at(shape.firstColumn('x__'));
    expect(at).toBe(1);
    const positional = shape.fromArray(arrays.rows[0], at)!;
    expect(isLean(positional)).toBe(true);
    expect(positional).toBeInstanceOf(PostEntity);
    expect({ ...positional }).toEqual({ ...shape.from(rows[0], 'x__')! });
    expect(() => positional.body).toThrow(UnreadColumnError);
    expect(shape.fromArray([1, null, 'x'], 1)).toBeNull(); // no id: a missing outer-joined row
    const whole = leanShape(ds, PostEntity, POST_COLUMN_NEEDS, null).from(
      (
        await ds.query(
          `SELECT ${leanShape(ds, PostEntity, POST_COLUMN_NEEDS, null).sql('p', 'x__')} FROM post p`,
        )
      )[0],
      'x__',
    )!;
    expect(isLean(whole)).toBe(false);
    expect(whole.createdAt).toBeInstanceOf(Date);
  });
});
