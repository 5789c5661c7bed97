import { startTestServer } from '../helpers/server';
import type { TestServer } from '../helpers/server';
import { codes, gql, ok } from '../helpers/graphql';
import { createAdmin, createModerator, createPending, createPractitioner } from '../helpers/factories';
import type { TestUser } from '../helpers/factories';
import { createDraft, publishPost } from '../helpers/posts';
import { createWorkingGroup, addMember } from '../helpers/networks';
import { addComment, fileReport, resolveRaw } from '../helpers/moderation';

let server: TestServer;
let moderator: TestUser;
beforeAll(async () => {
  server = await startTestServer();
  moderator = await createModerator(server);
});
afterAll(() => server.stop());

const QUEUE = `query($first: Int, $after: String, $f: ModerationQueueFilter) {
  moderationQueue(first: $first, after: $after, filter: $f) {
    edges { cursor node { id kind waitingSince reportCount assignedAt assignee { id } subject { id }
      reports { id reason } } }
    pageInfo { hasNextPage endCursor }
  }
}`;

interface Item {
  id: string;
  kind: string;
  waitingSince: string;
  reportCount: number;
  assignee: { id: string } | null;
  subject: { id: string } | null;
  reports: { id: string; reason: string }[];
}

async function queue(user: TestUser, f: Record<string, unknown> = {}, first = 100): Promise<Item[]> {
  const res = await gql(server, QUEUE, { first, f }, { token: user.accessToken });
  return ok(res).moderationQueue.edges.map((e: { node: Item }) => e.node);
}

async function submitted(author: TestUser, o: Parameters<typeof createDraft>[2] = {}): Promise<string> {
  const { id } = await createDraft(server, author, o);
  ok(
    await gql(
      server,
      `mutation($id: ID!) { submitPost(input: { id: $id }) { post { status } } }`,
      { id },
      { token: author.accessToken },
    ),
  );
  return id;
}

const subjects = (items: Item[]) => items.map((i) => i.subject?.id);

describe('moderationQueue for global moderators', () => {
  it('lists posts pending review, open reports grouped by target with their count, and pending verifications, oldest first', async () => {
    const pending = await createPending(server);
    const author = await createPractitioner(server);
    const pendingPost = await submitted(author);
    const published = await publishPost(server, author, moderator);
    const reporters = await Promise.all([1, 2, 3].map(() => createPractitioner(server)));
    for (const r of reporters) await fileReport(server, r, published);

    const items = await queue(moderator);
    const verification = items.find((i) => i.subject?.id === pending.id)!;
    const review = items.find((i) => i.subject?.id === pendingPost)!;
    const reported = items.find((i) => i.subject?.id === published)!;
    expect(verification.kind).toBe('VERIFICATION');
    expect(review).toMatchObject({ kind: 'POST_REVIEW', reportCount: 0, reports: [] });
    expect(reported).toMatchObject({ kind: 'REPORT', reportCount: 3 });
    expect(reported.reports).toHaveLength(3);
    expect(items.filter((i) => i.subject?.id === published)).toHaveLength(1);
    const times = items.map((i) => Date.parse(i.waitingSince));
    expect([...times].sort((a, b) => a - b)).toEqual(times);
  });

  it('pages with first/after without repeating or skipping items', async () => {
    for (let i = 0; i < 5; i++) await createPending(server);
    const all = await queue(moderator);
    expect(all.length).toBeGreaterThanOrEqual(5);
    const seen: string[] = [];
    let after: string | null = null;
    do {
      const res = await gql(server, QUEUE, { first: 2, after }, { token: moderator.accessToken });
      const page: { edges: { node: Item }[]; pageInfo: { hasNextPage: boolean; endCursor: string } } =
        ok(res).moderationQueue;
      seen.push(...page.edges.map((e) => e.node.id));
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    } while (after);
    expect(seen).toEqual(all.map((i) => i.id));
    expect(codes(await gql(server, QUEUE, { after: 'bogus' }, { token: moderator.accessToken }))).toEqual([
      'BAD_USER_INPUT',
    ]);
  });

  it('filters by kind; an item leaves the queue once decided', async () => {
    const author = await createPractitioner(server);
    const pendingPost = await submitted(author);
    const reviews = await queue(moderator, { kinds: ['POST_REVIEW'] });
    expect(reviews.every((i) => i.kind === 'POST_REVIEW')).toBe(true);
    expect(subjects(reviews)).toContain(pendingPost);
    ok(
      await gql(
        server,
        `mutation($id: ID!) { reviewPost(input: { id: $id, decision: APPROVE }) { post { status } } }`,
        { id: pendingPost },
        {
          token: moderator.accessToken,
        },
      ),
    );
    expect(subjects(await queue(moderator))).not.toContain(pendingPost);

    const reported = await publishPost(server, author, moderator);
    const reportId = await fileReport(server, await createPractitioner(server), reported);
    expect(subjects(await queue(moderator, { kinds: ['REPORT'] }))).toContain(reported);
    ok(await resolveRaw(server, moderator, reportId, 'DISMISS'));
    expect(subjects(await queue(moderator))).not.toContain(reported);

    const pending = await createPending(server);
    expect(subjects(await queue(moderator, { kinds: ['VERIFICATION'] }))).toContain(pending.id);
    ok(
      await gql(
        server,
        `mutation($id: ID!) { verifyPractitioner(input: { id: $id, decision: APPROVE }) { practitioner { id } } }`,
        { id: pending.id },
        {
          token: moderator.accessToken,
        },
      ),
    );
    expect(subjects(await queue(moderator))).not.toContain(pending.id);
  });
});

describe('moderationQueue for network moderators', () => {
  it('shows only posts and reports of content shared only with networks they moderate', async () => {
    const owner = await createPractitioner(server);
    const member = await createPractitioner(server);
    const groupId = await createWorkingGroup(server, owner, 'OPEN');
    await addMember(server, groupId, member);
    const otherOwner = await createPractitioner(server);
    const otherGroup = await createWorkingGroup(server, otherOwner, 'OPEN');
    await addMember(server, otherGroup, member);

    const inGroup = await submitted(member, { visibility: 'NETWORKS', networkIds: [groupId] });
    const inBoth = await submitted(member, { visibility: 'NETWORKS', networkIds: [groupId, otherGroup] });
    const community = await submitted(member);
    const published = await publishPost(server, member, moderator, {
      visibility: 'NETWORKS',
      networkIds: [groupId],
    });
    const commentId = await addComment(server, owner, published, 'Names the witness.');
    await fileReport(server, member, commentId, 'CONFIDENTIAL_INFORMATION');
    const pending = await createPending(server);

    const mine = subjects(await queue(owner));
    expect(mine).toEqual(expect.arrayContaining([inGroup, commentId]));
    expect(mine).not.toContain(inBoth);
    expect(mine).not.toContain(community);
    expect(mine).not.toContain(pending.id);
    const global = subjects(await queue(moderator));
    expect(global).toEqual(expect.arrayContaining([inGroup, inBoth, community, commentId, pending.id]));

    // networkIds narrows to the content of those networks.
    const filtered = subjects(await queue(moderator, { networkIds: [otherGroup] }));
    expect(filtered).toContain(inBoth);
    expect(filtered).not.toContain(inGroup);
    expect(filtered).not.toContain(pending.id);
    expect(
      codes(await gql(server, QUEUE, { f: { networkIds: ['nope'] } }, { token: moderator.accessToken })),
    ).toEqual(['BAD_USER_INPUT']);
  });

  it('is FORBIDDEN to members who moderate nothing, and needs signing in', async () => {
    const member = await createPractitioner(server);
    expect(codes(await gql(server, QUEUE, {}, { token: member.accessToken }))).toEqual(['FORBIDDEN']);
    expect(codes(await gql(server, QUEUE, {}))).toEqual(['UNAUTHENTICATED']);
  });
});

const ASSIGN = `mutation($id: ID!, $to: ID) { assignModerationItem(input: { id: $id, assigneeId: $to }) { moderationItem { id assignee { id } assignedAt } } }`;

describe('assignModerationItem', () => {
  it('assigns to oneself or another moderator; status and assignedToMe filter on it', async () => {
    const other = await createModerator(server);
    const author = await createPractitioner(server);
    const postId = await submitted(author);
    const item = (await queue(moderator)).find((i) => i.subject?.id === postId)!;
    expect(item.assignee).toBeNull();
    expect(subjects(await queue(moderator, { status: 'UNASSIGNED' }))).toContain(postId);

    const mine = ok(await gql(server, ASSIGN, { id: item.id }, { token: moderator.accessToken }))
      .assignModerationItem.moderationItem;
    expect(mine.assignee.id).toBe(moderator.id);
    expect(mine.assignedAt).toBeTruthy();
    expect(subjects(await queue(moderator, { assignedToMe: true }))).toEqual([postId]);
    expect(subjects(await queue(moderator, { status: 'ASSIGNED' }))).toContain(postId);
    expect(subjects(await queue(moderator, { status: 'UNASSIGNED' }))).not.toContain(postId);

    const theirs = ok(
      await gql(server, ASSIGN, { id: item.id, to: other.id }, { token: moderator.accessToken }),
    );
    expect(theirs.assignModerationItem.moderationItem.assignee.id).toBe(other.id);
    expect(subjects(await queue(other, { assignedToMe: true }))).toEqual([postId]);
    expect(await queue(moderator, { assignedToMe: true })).toEqual([]);
  });

  it('refuses a non-moderator assignee, an item outside one’s queue, bad ids and anonymous callers', async () => {
    const member = await createPractitioner(server);
    const pending = await createPending(server);
    const item = (await queue(moderator)).find((i) => i.subject?.id === pending.id)!;
    expect(
      codes(await gql(server, ASSIGN, { id: item.id, to: member.id }, { token: moderator.accessToken })),
    ).toEqual(['BAD_USER_INPUT']);
    // A network owner's queue has no verifications.
    const owner = await createPractitioner(server);
    await createWorkingGroup(server, owner, 'OPEN');
    expect(codes(await gql(server, ASSIGN, { id: item.id }, { token: owner.accessToken }))).toEqual([
      'NOT_FOUND',
    ]);
    expect(codes(await gql(server, ASSIGN, { id: item.id }, { token: member.accessToken }))).toEqual([
      'FORBIDDEN',
    ]);
    expect(codes(await gql(server, ASSIGN, { id: pending.id }, { token: moderator.accessToken }))).toEqual([
      'BAD_USER_INPUT',
    ]);
    expect(codes(await gql(server, ASSIGN, { id: item.id }))).toEqual(['UNAUTHENTICATED']);
    // Once decided, the item is gone.
    ok(
      await gql(
        server,
        `mutation($id: ID!) { verifyPractitioner(input: { id: $id, decision: REJECT }) { practitioner { id } } }`,
        { id: pending.id },
        {
          token: moderator.accessToken,
        },
      ),
    );
    expect(codes(await gql(server, ASSIGN, { id: item.id }, { token: moderator.accessToken }))).toEqual([
      'NOT_FOUND',
    ]);
    const admin = await createAdmin(server);
    expect((await queue(admin)).length).toBeGreaterThan(0);
  });
});
