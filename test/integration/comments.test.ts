import { startTestServer } from '../helpers/server';
import type { TestServer } from '../helpers/server';
import { codes, gql, ok } from '../helpers/graphql';
import { createModerator, createPending, createPractitioner } from '../helpers/factories';
import type { TestUser } from '../helpers/factories';
import { createDraft, publishPost } from '../helpers/posts';

let server: TestServer;
let author: TestUser;
let moderator: TestUser;
let reader: TestUser;
let postId: string;
beforeAll(async () => {
  server = await startTestServer();
  [author, moderator, reader] = await Promise.all([
    createPractitioner(server),
    createModerator(server),
    createPractitioner(server),
  ]);
  postId = await publishPost(server, author, moderator);
});
afterAll(() => server.stop());

const ADD = `mutation($p: ID!, $b: String!, $parent: ID) { addComment(input: { postId: $p, body: $b, parentId: $parent }) { comment { id body isDeleted author { id } parent { id } post { id commentCount } } } }`;
const THREAD = `query($id: ID!, $first: Int, $after: String) { node(id: $id) { ... on Post { commentCount comments(first: $first, after: $after) {
  edges { node { id body isDeleted author { id } replyCount replies { edges { node { id body } } } } } pageInfo { hasNextPage endCursor } } } } }`;

describe('comments', () => {
  it('adds comments and one level of replies, counts them, and lists the thread oldest first', async () => {
    const first = ok(
      await gql(server, ADD, { p: postId, b: 'Very useful, thank you.' }, { token: reader.accessToken }),
    ).addComment.comment;
    expect(first).toMatchObject({
      body: 'Very useful, thank you.',
      isDeleted: false,
      author: { id: reader.id },
      parent: null,
      post: { id: postId, commentCount: 1 },
    });
    const reply = ok(
      await gql(
        server,
        ADD,
        { p: postId, b: 'Glad it helps.', parent: first.id },
        { token: author.accessToken },
      ),
    ).addComment.comment;
    expect(reply.parent).toEqual({ id: first.id });
    const replyToReply = await gql(
      server,
      ADD,
      { p: postId, b: 'Nested', parent: reply.id },
      { token: reader.accessToken },
    );
    expect(codes(replyToReply)).toEqual(['BAD_USER_INPUT']);
    const thread = ok(await gql(server, THREAD, { id: postId }, { token: moderator.accessToken })).node;
    expect(thread.commentCount).toBe(2);
    expect(thread.comments.edges).toHaveLength(1);
    expect(thread.comments.edges[0].node).toMatchObject({
      id: first.id,
      replyCount: 1,
      replies: { edges: [{ node: { id: reply.id, body: 'Glad it helps.' } }] },
    });
  });

  it('paginates a long thread without gaps or duplicates', async () => {
    const id = await publishPost(server, author, moderator, { title: 'Long thread' });
    const made: string[] = [];
    for (let i = 0; i < 7; i++)
      made.push(
        ok(await gql(server, ADD, { p: id, b: `Comment ${i}` }, { token: reader.accessToken })).addComment
          .comment.id,
      );
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const page: {
        edges: { node: { id: string } }[];
        pageInfo: { hasNextPage: boolean; endCursor: string };
      } = ok(await gql(server, THREAD, { id, first: 3, after }, { token: reader.accessToken })).node.comments;
      seen.push(...page.edges.map((e) => e.node.id));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(seen).toEqual(made);
  });

  it('edits by the author only; deletion by author or moderator keeps the place as deleted', async () => {
    const c = ok(await gql(server, ADD, { p: postId, b: 'Draft wording' }, { token: reader.accessToken }))
      .addComment.comment;
    const EDIT = `mutation($id: ID!, $b: String!) { editComment(input: { id: $id, body: $b }) { comment { body editedAt } } }`;
    expect(codes(await gql(server, EDIT, { id: c.id, b: 'Hijack' }, { token: author.accessToken }))).toEqual([
      'FORBIDDEN',
    ]);
    const edited = ok(
      await gql(server, EDIT, { id: c.id, b: 'Final wording' }, { token: reader.accessToken }),
    ).editComment.comment;
    expect(edited.body).toBe('Final wording');
    expect(edited.editedAt).toEqual(expect.any(String));
    const DELETE = `mutation($id: ID!) { deleteComment(input: { id: $id }) { comment { isDeleted body author { id } } } }`;
    expect(codes(await gql(server, DELETE, { id: c.id }, { token: author.accessToken }))).toEqual([
      'FORBIDDEN',
    ]);
    const before = ok(
      await gql(server, THREAD, { id: postId, first: 100 }, { token: reader.accessToken }),
    ).node;
    expect(
      ok(await gql(server, DELETE, { id: c.id }, { token: moderator.accessToken })).deleteComment.comment,
    ).toEqual({ isDeleted: true, body: null, author: null });
    const afterDelete = ok(
      await gql(server, THREAD, { id: postId, first: 100 }, { token: reader.accessToken }),
    ).node;
    expect(afterDelete.commentCount).toBe(before.commentCount - 1);
    expect(
      afterDelete.comments.edges.find((e: { node: { id: string } }) => e.node.id === c.id).node,
    ).toMatchObject({ isDeleted: true, body: null, author: null });
    expect(codes(await gql(server, EDIT, { id: c.id, b: 'again' }, { token: reader.accessToken }))).toEqual([
      'CONFLICT',
    ]);
  });

  it('refuses comments on drafts, empty or over-long bodies, unknown ids, unverified and anonymous callers', async () => {
    const draft = await createDraft(server, author);
    expect(codes(await gql(server, ADD, { p: draft.id, b: 'hi' }, { token: reader.accessToken }))).toEqual([
      'NOT_FOUND',
    ]);
    expect(codes(await gql(server, ADD, { p: postId, b: '   ' }, { token: reader.accessToken }))).toEqual([
      'BAD_USER_INPUT',
    ]);
    expect(
      codes(await gql(server, ADD, { p: postId, b: 'x'.repeat(5001) }, { token: reader.accessToken })),
    ).toEqual(['BAD_USER_INPUT']);
    expect(codes(await gql(server, ADD, { p: 'nope', b: 'hi' }, { token: reader.accessToken }))).toEqual([
      'BAD_USER_INPUT',
    ]);
    const pending = await createPending(server);
    expect(codes(await gql(server, ADD, { p: postId, b: 'hi' }, { token: pending.accessToken }))).toEqual([
      'FORBIDDEN',
    ]);
    expect(codes(await gql(server, ADD, { p: postId, b: 'hi' }))).toEqual(['UNAUTHENTICATED']);
  });
});
