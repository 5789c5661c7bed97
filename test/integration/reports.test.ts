import { startTestServer } from '../helpers/server';
import type { TestServer } from '../helpers/server';
import { codes, gql, ok } from '../helpers/graphql';
import { createModerator, createPractitioner } from '../helpers/factories';
import type { TestUser } from '../helpers/factories';
import { createDraft, publishPost } from '../helpers/posts';
import { addComment, fileReport, reportRaw, resolveRaw } from '../helpers/moderation';

let server: TestServer;
let moderator: TestUser;
let author: TestUser;
let postId: string;
beforeAll(async () => {
  server = await startTestServer();
  moderator = await createModerator(server);
  author = await createPractitioner(server);
  postId = await publishPost(server, author, moderator);
});
afterAll(() => server.stop());

const REASONS = ['SPAM', 'INACCURATE', 'INAPPROPRIATE', 'CONFIDENTIAL_INFORMATION', 'IMPERSONATION', 'OTHER'];

describe('report', () => {
  it.each(REASONS)(
    'files a %s report on a post, open, visible to its reporter and moderators',
    async (reason) => {
      const reporter = await createPractitioner(server);
      const res = await reportRaw(server, reporter, postId, reason, `Because: ${reason}`);
      const report = ok(res).report.report;
      expect(report).toMatchObject({
        reason,
        details: `Because: ${reason}`,
        status: 'OPEN',
        resolution: null,
        target: { id: postId },
        reporter: { id: reporter.id },
      });
      const NODE = `query($id: ID!) { node(id: $id) { ... on Report { id reason } } }`;
      expect(
        ok(await gql(server, NODE, { id: report.id }, { token: reporter.accessToken })).node.reason,
      ).toBe(reason);
      expect(
        ok(await gql(server, NODE, { id: report.id }, { token: moderator.accessToken })).node.reason,
      ).toBe(reason);
      const other = await createPractitioner(server);
      expect(ok(await gql(server, NODE, { id: report.id }, { token: other.accessToken })).node).toBeNull();
      // The author does not learn who reported them.
      expect(ok(await gql(server, NODE, { id: report.id }, { token: author.accessToken })).node).toBeNull();
    },
  );

  it('reports comments and practitioners too', async () => {
    const reporter = await createPractitioner(server);
    const commenter = await createPractitioner(server);
    const commentId = await addComment(server, commenter, postId, 'Contact me privately at this number…');
    const onComment = ok(await reportRaw(server, reporter, commentId, 'CONFIDENTIAL_INFORMATION')).report
      .report;
    expect(onComment.target.id).toBe(commentId);
    const onPerson = ok(
      await reportRaw(server, reporter, commenter.id, 'IMPERSONATION', 'Not a prosecutor at this office.'),
    ).report.report;
    expect(onPerson.target.id).toBe(commenter.id);
  });

  it('refuses a second open report by the same reporter on the same target (CONFLICT), even concurrently', async () => {
    const reporter = await createPractitioner(server);
    const target = await publishPost(server, author, moderator);
    await fileReport(server, reporter, target, 'SPAM', null);
    const again = await reportRaw(server, reporter, target, 'INACCURATE', 'Also wrong.');
    expect(codes(again)).toEqual(['CONFLICT']);

    const racer = await createPractitioner(server);
    const both = await Promise.all([
      reportRaw(server, racer, target, 'SPAM'),
      reportRaw(server, racer, target, 'SPAM'),
    ]);
    expect(both.map((r) => codes(r)[0] ?? 'OK').sort()).toEqual(['CONFLICT', 'OK']);
    // Another reporter may still report it.
    await fileReport(server, await createPractitioner(server), target);
  });

  it('accepts a new report once the previous one is resolved', async () => {
    const reporter = await createPractitioner(server);
    const target = await publishPost(server, author, moderator);
    const first = await fileReport(server, reporter, target);
    ok(await resolveRaw(server, moderator, first, 'DISMISS', 'Accurate as of today.'));
    const second = await fileReport(server, reporter, target);
    expect(second).not.toBe(first);
  });

  it('rejects bad input: OTHER without details, over-long details, own content, unreportable or malformed ids', async () => {
    const reporter = await createPractitioner(server);
    const other = await reportRaw(server, reporter, postId, 'OTHER', '  ');
    expect(codes(other)).toEqual(['BAD_USER_INPUT']);
    expect(other.errors![0].extensions!.fields![0].field).toBe('details');
    expect(codes(await reportRaw(server, reporter, postId, 'SPAM', 'x'.repeat(2001)))).toEqual([
      'BAD_USER_INPUT',
    ]);
    expect(codes(await reportRaw(server, author, postId, 'SPAM'))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await reportRaw(server, reporter, reporter.id, 'SPAM'))).toEqual(['BAD_USER_INPUT']);
    const networkId = ok(
      await gql(
        server,
        `{ networks(first: 1) { edges { node { id } } } }`,
        {},
        { token: reporter.accessToken },
      ),
    ).networks.edges[0].node.id;
    expect(codes(await reportRaw(server, reporter, networkId, 'SPAM'))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await reportRaw(server, reporter, 'not-an-id', 'SPAM'))).toEqual(['BAD_USER_INPUT']);
    const unknownReason = await gql(
      server,
      `mutation($t: ID!) { report(input: { targetId: $t, reason: RUDE }) { report { id } } }`,
      {
        t: postId,
      },
    );
    expect(unknownReason.errors).toBeDefined();
  });

  it('treats what the reporter cannot see as not found, and requires signing in', async () => {
    const reporter = await createPractitioner(server);
    const draft = await createDraft(server, author);
    expect(codes(await reportRaw(server, reporter, draft.id, 'SPAM'))).toEqual(['NOT_FOUND']);
    expect(codes(await reportRaw(server, null, postId, 'SPAM'))).toEqual(['UNAUTHENTICATED']);
  });
});
