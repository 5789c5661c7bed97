import type { Client } from 'graphql-ws';
import { startTestServer } from '../helpers/server';
import type { TestServer } from '../helpers/server';
import { codes, gql, ok } from '../helpers/graphql';
import { createModerator, createPractitioner } from '../helpers/factories';
import type { TestUser } from '../helpers/factories';
import { publishPost } from '../helpers/posts';
import { addMember, createWorkingGroup } from '../helpers/networks';
import { connectWs } from '../helpers/ws';
import { fromGlobalId } from '../../src/common/relay/global-id';
import { addComment, fileReport, notificationsDelivered, resolveRaw } from '../helpers/moderation';

let server: TestServer;
let moderator: TestUser;
const clients: Client[] = [];
beforeAll(async () => {
  server = await startTestServer();
  moderator = await createModerator(server);
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.dispose()));
  await server.stop();
});

const hiddenAt = async (postGlobalId: string): Promise<Date | null> =>
  (
    await server.database.dataSource.query(`SELECT "hiddenAt" FROM post WHERE id = $1`, [
      fromGlobalId(postGlobalId).id,
    ])
  )[0].hiddenAt;
const reportStatus = async (reportGlobalId: string): Promise<string> =>
  (
    await server.database.dataSource.query(`SELECT status FROM report WHERE id = $1`, [
      fromGlobalId(reportGlobalId).id,
    ])
  )[0].status;

const ids = (conn: { edges: { node: { id?: string } | null }[] } | null | undefined) =>
  (conn?.edges ?? []).map((e) => e.node?.id);

/** Every path a post can be read through, as seen by `user`. */
async function postPaths(user: TestUser, postId: string, authorId: string, networkId: string) {
  const data = ok(
    await gql(
      server,
      `query($id: ID!, $a: ID!, $n: ID!) {
        node(id: $id) { id }
        nodes(ids: [$id]) { id }
        feed(first: 100) { edges { node { ... on Post { id } } } }
        featuredPosts(first: 100) { edges { node { id } } }
        bookmarks(first: 100) { edges { node { id } } }
        author: node(id: $a) { ... on Practitioner { posts(first: 100) { edges { node { id } } } } }
        network: node(id: $n) { ... on Network { posts(first: 100) { edges { node { id } } } } }
        country(code: "NE") { posts(first: 100) { edges { node { id } } } }
        thematicAreas { code posts(first: 20) { edges { node { id } } } }
      }`,
      { id: postId, a: authorId, n: networkId },
      { token: user.accessToken },
    ),
  );
  const area = data.thematicAreas.find((t: { code: string }) => t.code === 'FINANCING_OF_TERRORISM');
  return {
    node: data.node?.id === postId,
    nodes: data.nodes[0]?.id === postId,
    feed: ids(data.feed).includes(postId),
    featured: ids(data.featuredPosts).includes(postId),
    bookmarks: ids(data.bookmarks).includes(postId),
    authorPosts: ids(data.author?.posts).includes(postId),
    networkPosts: ids(data.network?.posts).includes(postId),
    countryPosts: ids(data.country.posts).includes(postId),
    thematicAreaPosts: ids(area.posts).includes(postId),
  };
}

const everywhere = (value: boolean) => ({
  node: value,
  nodes: value,
  feed: value,
  featured: value,
  bookmarks: value,
  authorPosts: value,
  networkPosts: value,
  countryPosts: value,
  thematicAreaPosts: value,
});

/** An author with a published, featured post shared with a group; a reader who follows, bookmarks and belongs. */
async function scene() {
  const author = await createPractitioner(server);
  const reader = await createPractitioner(server);
  const groupId = await createWorkingGroup(server, author, 'OPEN');
  await addMember(server, groupId, reader);
  const postId = await publishPost(server, author, moderator, { networkIds: [groupId] });
  const t = { token: reader.accessToken };
  ok(
    await gql(
      server,
      `mutation($id: ID!) { follow(input: { targetId: $id }) { practitioner { id } network { id } } }`,
      { id: author.id },
      t,
    ),
  );
  ok(
    await gql(
      server,
      `mutation($id: ID!) { bookmarkPost(input: { postId: $id }) { post { id } } }`,
      { id: postId },
      t,
    ),
  );
  ok(
    await gql(
      server,
      `mutation($id: ID!) { featurePost(input: { id: $id }) { post { id } } }`,
      { id: postId },
      { token: moderator.accessToken },
    ),
  );
  return { author, reader, groupId, postId };
}

describe('HIDE_CONTENT and RESTORE_CONTENT on a post', () => {
  it('hides the post from every read path for others, keeps it for its author and moderators, and restores it', async () => {
    const { author, reader, groupId, postId } = await scene();
    expect(await postPaths(reader, postId, author.id, groupId)).toEqual(everywhere(true));

    const reportId = await fileReport(server, reader, postId);
    const resolved = ok(
      await resolveRaw(server, moderator, reportId, 'HIDE_CONTENT', 'Names a protected witness.'),
    );
    expect(resolved.resolveReport.report).toMatchObject({
      status: 'RESOLVED',
      resolution: 'HIDE_CONTENT',
      resolutionNote: 'Names a protected witness.',
    });

    expect(await postPaths(reader, postId, author.id, groupId)).toEqual(everywhere(false));
    const other = await createPractitioner(server);
    expect((await postPaths(other, postId, author.id, groupId)).node).toBe(false);
    // Its author still sees it where they look for their own posts; moderators see it.
    const own = await postPaths(author, postId, author.id, groupId);
    expect(own).toMatchObject({ node: true, nodes: true, feed: true, authorPosts: true });
    expect((await postPaths(moderator, postId, author.id, groupId)).node).toBe(true);

    // Nobody else can act on it or follow its comments live.
    const t = { token: reader.accessToken };
    expect(
      codes(
        await gql(
          server,
          `mutation($id: ID!) { endorsePost(input: { postId: $id }) { post { id } } }`,
          { id: postId },
          t,
        ),
      ),
    ).toEqual(['NOT_FOUND']);
    expect(
      codes(
        await gql(
          server,
          `mutation($id: ID!) { addComment(input: { postId: $id, body: "x" }) { comment { id } } }`,
          { id: postId },
          t,
        ),
      ),
    ).toEqual(['NOT_FOUND']);
    const ws = connectWs(server, reader.accessToken);
    clients.push(ws.client);
    await ws.connected;
    const error = await new Promise<unknown>((resolve) => {
      ws.client.subscribe(
        { query: `subscription($id: ID!) { commentAdded(postId: $id) { id } }`, variables: { id: postId } },
        { next: resolve, error: resolve, complete: () => resolve('complete') },
      );
    });
    expect(JSON.stringify(error)).toContain('NOT_FOUND');

    // Restoring needs a report too: a new one on the hidden post (moderators can see and report it).
    const second = await fileReport(
      server,
      await createModerator(server),
      postId,
      'OTHER',
      'Author fixed it.',
    );
    ok(await resolveRaw(server, moderator, second, 'RESTORE_CONTENT', 'The witness name was removed.'));
    expect(await postPaths(reader, postId, author.id, groupId)).toEqual(everywhere(true));
  });

  it('refuses to hide what is hidden, restore what is not, or hide a practitioner', async () => {
    const { reader, postId, author } = await scene();
    const r1 = await fileReport(server, reader, postId);
    expect(codes(await resolveRaw(server, moderator, r1, 'RESTORE_CONTENT'))).toEqual(['CONFLICT']);
    ok(await resolveRaw(server, moderator, r1, 'HIDE_CONTENT'));
    const r2 = await fileReport(server, await createModerator(server), postId);
    expect(codes(await resolveRaw(server, moderator, r2, 'HIDE_CONTENT'))).toEqual(['CONFLICT']);
    const r3 = await fileReport(server, reader, author.id, 'IMPERSONATION', 'Not at this office.');
    const bad = await resolveRaw(server, moderator, r3, 'HIDE_CONTENT');
    expect(codes(bad)).toEqual(['BAD_USER_INPUT']);
  });
});

describe('HIDE_CONTENT on a comment', () => {
  it('hides the comment and its place in threads from others, not from its author and moderators', async () => {
    const author = await createPractitioner(server);
    const commenter = await createPractitioner(server);
    const reader = await createPractitioner(server);
    const postId = await publishPost(server, author, moderator);
    const top = await addComment(server, commenter, postId, 'Top-level with a leak.');
    const reply = await addComment(server, commenter, postId, 'A reply with a leak.', top);
    const THREAD = `query($id: ID!, $c: ID!, $r: ID!) {
      post: node(id: $id) { ... on Post { comments(first: 50) { edges { node { id replies(first: 50) { edges { node { id } } } } } } } }
      comment: node(id: $c) { id } reply: node(id: $r) { id } }`;
    const read = async (u: TestUser) => {
      const d = ok(await gql(server, THREAD, { id: postId, c: top, r: reply }, { token: u.accessToken }));
      const edges = d.post.comments.edges as {
        node: { id: string; replies: { edges: { node: { id: string } }[] } };
      }[];
      return {
        inThread: edges.some((e) => e.node.id === top),
        replyInThread: edges.some((e) => e.node.replies.edges.some((r) => r.node.id === reply)),
        node: d.comment?.id === top,
        replyNode: d.reply?.id === reply,
      };
    };
    expect(await read(reader)).toEqual({ inThread: true, replyInThread: true, node: true, replyNode: true });
    ok(await resolveRaw(server, moderator, await fileReport(server, reader, reply), 'HIDE_CONTENT'));
    expect(await read(reader)).toEqual({
      inThread: true,
      replyInThread: false,
      node: true,
      replyNode: false,
    });
    // The reply count leaves the hidden reply out, like the post's comment count.
    const replyCount = ok(
      await gql(
        server,
        `query($c: ID!) { node(id: $c) { ... on Comment { replyCount } } }`,
        { c: top },
        { token: reader.accessToken },
      ),
    ).node.replyCount;
    expect(replyCount).toBe(0);
    ok(await resolveRaw(server, moderator, await fileReport(server, reader, top), 'HIDE_CONTENT'));
    expect(await read(reader)).toMatchObject({ inThread: false, node: false, replyNode: false });
    // The post's comment count is what readers can see.
    const count = ok(
      await gql(
        server,
        `query($id: ID!) { node(id: $id) { ... on Post { commentCount } } }`,
        { id: postId },
        {
          token: reader.accessToken,
        },
      ),
    ).node.commentCount;
    expect(count).toBe(0);
    expect(await read(commenter)).toEqual({
      inThread: true,
      replyInThread: true,
      node: true,
      replyNode: true,
    });
    expect(await read(moderator)).toEqual({
      inThread: true,
      replyInThread: true,
      node: true,
      replyNode: true,
    });
    // A hidden comment cannot be replied to by others.
    const replyToHidden = await gql(
      server,
      `mutation($p: ID!, $c: ID!) { addComment(input: { postId: $p, body: "Me too", parentId: $c }) { comment { id } } }`,
      { p: postId, c: top },
      { token: reader.accessToken },
    );
    expect(codes(replyToHidden)).toEqual(['NOT_FOUND']);
  });
});

describe('DISMISS, WARN_AUTHOR and SUSPEND_AUTHOR', () => {
  it('DISMISS closes every open report on the target and leaves the content alone', async () => {
    const { author, reader, groupId, postId } = await scene();
    const first = await fileReport(server, reader, postId);
    const second = await fileReport(server, await createPractitioner(server), postId, 'SPAM');
    ok(await resolveRaw(server, moderator, first, 'DISMISS', 'Accurate.'));
    const NODE = `query($id: ID!) { node(id: $id) { ... on Report { status resolution } } }`;
    expect(ok(await gql(server, NODE, { id: second }, { token: moderator.accessToken })).node).toEqual({
      status: 'RESOLVED',
      resolution: 'DISMISS',
    });
    expect(codes(await resolveRaw(server, moderator, second, 'HIDE_CONTENT'))).toEqual(['CONFLICT']);
    expect(await postPaths(reader, postId, author.id, groupId)).toEqual(everywhere(true));
  });

  it('WARN_AUTHOR keeps the content and tells the author, with the note', async () => {
    const { author, reader, groupId, postId } = await scene();
    ok(
      await resolveRaw(
        server,
        moderator,
        await fileReport(server, reader, postId),
        'WARN_AUTHOR',
        'Cite sources.',
      ),
    );
    expect(await postPaths(reader, postId, author.id, groupId)).toEqual(everywhere(true));
    await notificationsDelivered(server);
    const n = ok(
      await gql(
        server,
        `{ notifications(first: 10) { edges { node { type decision note subject { id } actor { id } } } } }`,
        {},
        {
          token: author.accessToken,
        },
      ),
    ).notifications.edges.map((e: { node: unknown }) => e.node);
    expect(n).toContainEqual({
      type: 'MODERATION_ACTION_ON_YOUR_CONTENT',
      decision: 'WARN_AUTHOR',
      note: 'Cite sources.',
      subject: { id: postId },
      actor: null,
    });
  });

  it('SUSPEND_AUTHOR suspends the author of reported content until the given time', async () => {
    const { author, reader, postId } = await scene();
    const until = new Date(Date.now() + 7 * 86400_000).toISOString();
    const reportId = await fileReport(server, reader, postId);
    expect(
      codes(
        await resolveRaw(
          server,
          moderator,
          reportId,
          'SUSPEND_AUTHOR',
          'Repeated leaks.',
          '2001-01-01T00:00:00Z',
        ),
      ),
    ).toEqual(['BAD_USER_INPUT']);
    ok(await resolveRaw(server, moderator, reportId, 'SUSPEND_AUTHOR', 'Repeated leaks.', until));
    const me = ok(
      await gql(
        server,
        `query($id: ID!) { node(id: $id) { ... on Practitioner { suspendedUntil suspensionReason } } }`,
        { id: author.id },
        {
          token: moderator.accessToken,
        },
      ),
    ).node;
    expect(me).toEqual({ suspendedUntil: until, suspensionReason: 'Repeated leaks.' });
    const write = await gql(
      server,
      `mutation { createPost(input: { title: "x", language: EN }) { post { id } } }`,
      {},
      {
        token: author.accessToken,
      },
    );
    expect(codes(write)).toEqual(['FORBIDDEN']);
  });
});

describe('who may resolve reports', () => {
  it('network moderators resolve reports on their networks’ content only, and never suspend', async () => {
    const owner = await createPractitioner(server);
    const member = await createPractitioner(server);
    const groupId = await createWorkingGroup(server, owner, 'OPEN');
    await addMember(server, groupId, member);
    const inGroup = await publishPost(server, member, moderator, {
      visibility: 'NETWORKS',
      networkIds: [groupId],
    });
    const community = await publishPost(server, member, moderator);
    const reporter = await createPractitioner(server);
    const onCommunity = await fileReport(server, reporter, community);
    expect(codes(await resolveRaw(server, owner, onCommunity, 'DISMISS'))).toEqual(['NOT_FOUND']);
    const groupReporter = await createPractitioner(server);
    await addMember(server, groupId, groupReporter);
    const onGroup = await fileReport(server, groupReporter, inGroup);
    expect(codes(await resolveRaw(server, owner, onGroup, 'SUSPEND_AUTHOR'))).toEqual(['FORBIDDEN']);
    ok(await resolveRaw(server, owner, onGroup, 'HIDE_CONTENT'));
    // What a network moderator hid, a network moderator may restore.
    const again = await fileReport(
      server,
      await createModerator(server),
      inGroup,
      'OTHER',
      'Fine after all.',
    );
    expect(ok(await resolveRaw(server, owner, again, 'RESTORE_CONTENT')).resolveReport.report.status).toBe(
      'RESOLVED',
    );
    expect(await hiddenAt(inGroup)).toBeNull();
  });

  /** A post shared only with a working group, hidden by a global moderator on a member's report. */
  async function hiddenByGlobalModerator() {
    const owner = await createPractitioner(server);
    const member = await createPractitioner(server);
    const groupId = await createWorkingGroup(server, owner, 'OPEN');
    await addMember(server, groupId, member);
    const postId = await publishPost(server, member, moderator, {
      visibility: 'NETWORKS',
      networkIds: [groupId],
    });
    const reader = await createPractitioner(server);
    await addMember(server, groupId, reader);
    const first = await fileReport(server, reader, postId);
    ok(await resolveRaw(server, moderator, first, 'HIDE_CONTENT'));
    return { owner, postId, hidden: await hiddenAt(postId) };
  }

  it('a network moderator cannot resolve their own report: restoring a post a global moderator hid is FORBIDDEN', async () => {
    const { owner, postId, hidden } = await hiddenByGlobalModerator();
    expect(hidden).not.toBeNull();
    const own = await fileReport(server, owner, postId, 'OTHER', 'This was hidden by mistake.');
    const res = await resolveRaw(server, owner, own, 'RESTORE_CONTENT', 'Restoring.');
    expect(codes(res)).toEqual(['FORBIDDEN']);
    expect(res.data).toBeNull();
    expect(await hiddenAt(postId)).toEqual(hidden);
    expect(await reportStatus(own)).toBe('OPEN');
    // Not even a DISMISS of one's own report.
    expect(codes(await resolveRaw(server, owner, own, 'DISMISS'))).toEqual(['FORBIDDEN']);
    expect(await reportStatus(own)).toBe('OPEN');
  });

  it('a network moderator cannot restore what a global moderator hid, even on someone else’s report; a global moderator can', async () => {
    const { owner, postId, hidden } = await hiddenByGlobalModerator();
    const otherModerator = await createModerator(server);
    const theirs = await fileReport(server, otherModerator, postId, 'OTHER', 'Hidden by mistake?');
    const res = await resolveRaw(server, owner, theirs, 'RESTORE_CONTENT', 'Restoring.');
    expect(codes(res)).toEqual(['FORBIDDEN']);
    expect(await hiddenAt(postId)).toEqual(hidden);
    expect(await reportStatus(theirs)).toBe('OPEN');
    // The global moderator who filed it does not decide on it either; another one does.
    expect(codes(await resolveRaw(server, otherModerator, theirs, 'RESTORE_CONTENT'))).toEqual(['FORBIDDEN']);
    expect(await hiddenAt(postId)).toEqual(hidden);
    ok(await resolveRaw(server, moderator, theirs, 'RESTORE_CONTENT'));
    expect(await hiddenAt(postId)).toBeNull();
  });

  it('refuses members, anonymous callers, blank notes, unknown and malformed ids, and the subject themselves', async () => {
    const { reader, postId, author } = await scene();
    const reportId = await fileReport(server, reader, postId);
    expect(codes(await resolveRaw(server, reader, reportId, 'DISMISS'))).toEqual(['FORBIDDEN']);
    expect(codes(await resolveRaw(server, { ...reader, accessToken: '' }, reportId, 'DISMISS'))).toEqual([
      'UNAUTHENTICATED',
    ]);
    const blank = await resolveRaw(server, moderator, reportId, 'DISMISS', '   ');
    expect(codes(blank)).toEqual(['BAD_USER_INPUT']);
    expect(blank.errors![0].extensions!.fields![0].field).toBe('note');
    expect(codes(await resolveRaw(server, moderator, postId, 'DISMISS'))).toEqual(['BAD_USER_INPUT']);
    const unknown = Buffer.from('Report:00000000-0000-4000-8000-000000000000').toString('base64url');
    expect(codes(await resolveRaw(server, moderator, unknown, 'DISMISS'))).toEqual(['NOT_FOUND']);
    // A moderator reported as a person does not decide on it.
    const mod2 = await createModerator(server);
    const aboutMod = await fileReport(server, author, mod2.id, 'INAPPROPRIATE', 'Rude in a thread.');
    expect(codes(await resolveRaw(server, mod2, aboutMod, 'DISMISS'))).toEqual(['FORBIDDEN']);
  });
});
