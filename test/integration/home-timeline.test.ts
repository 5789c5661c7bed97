import { startTestServer } from '../helpers/server';
import type { TestServer } from '../helpers/server';
import { gql, ok } from '../helpers/graphql';
import { createModerator, createPractitioner } from '../helpers/factories';
import type { TestUser } from '../helpers/factories';
import { fileReport, resolveRaw } from '../helpers/moderation';
import { publishPost } from '../helpers/posts';
import { publishLegal } from '../helpers/legal';
import { countryNetworkId } from '../helpers/networks';
import { Role } from '../../src/common/auth/role';
import { HOME_TIMELINE_CONSUMER, homeTimelineConsumer } from '../../src/modules/feed/home-timeline';
import { fromGlobalIdOf } from '../../src/common/relay/global-id';

// The home feed read from a per-reader home timeline (issue 17): relationship changes show on the next read,
// the rules that change without one (blocks, mutes, hiding, archiving, network-only visibility) apply to
// every page, pages stay full and gapless, and a page costs the same few statements whatever its size.

let server: TestServer;
let moderator: TestUser;
beforeAll(async () => {
  server = await startTestServer();
  moderator = await createModerator(server, { displayName: 'Timeline Moderator' });
});
afterAll(() => server.stop());

const FEED = `query($first: Int, $after: String) { feed(first: $first, after: $after) {
  edges { cursor node { __typename ... on Post { id title author { id displayName country { code name } }
    countries { code name } networks { id name } endorsementCount commentCount viewerHasEndorsed viewerHasBookmarked }
    ... on LegalDevelopment { id } } }
  pageInfo { hasNextPage endCursor } } }`;

type Edge = { node: { id: string } };

async function feedIds(user: TestUser, first = 100): Promise<string[]> {
  const res = ok(await gql(server, FEED, { first }, { token: user.accessToken }));
  return res.feed.edges.map((e: Edge) => e.node.id);
}

const mutate = async (user: TestUser, mutation: string, variables: Record<string, unknown>) =>
  ok(await gql(server, mutation, variables, { token: user.accessToken }));

const follow = (user: TestUser, id: string) =>
  mutate(user, `mutation($t: ID!) { follow(input: { targetId: $t }) { practitioner { id } } }`, { t: id });
const unfollow = (user: TestUser, id: string) =>
  mutate(user, `mutation($t: ID!) { unfollow(input: { targetId: $t }) { practitioner { id } } }`, {
    t: id,
  });
const join = (user: TestUser, id: string) =>
  mutate(user, `mutation($n: ID!) { joinNetwork(input: { networkId: $n }) { network { id } } }`, { n: id });
const leave = (user: TestUser, id: string) =>
  mutate(user, `mutation($n: ID!) { leaveNetwork(input: { networkId: $n }) { network { id } } }`, { n: id });
const practitionerOp = (op: string) => (user: TestUser, id: string) =>
  mutate(user, `mutation($p: ID!) { ${op}(input: { practitionerId: $p }) { __typename } }`, { p: id });
const block = practitionerOp('blockPractitioner');
const unblock = practitionerOp('unblockPractitioner');
const mute = practitionerOp('mutePractitioner');
const unmute = practitionerOp('unmutePractitioner');
const muteNetwork = (user: TestUser, id: string) =>
  mutate(user, `mutation($n: ID!) { muteNetwork(input: { networkId: $n }) { __typename } }`, { n: id });

async function createGroup(owner: TestUser, name: string): Promise<string> {
  const res = await mutate(
    owner,
    `mutation($i: CreateWorkingGroupInput!) { createWorkingGroup(input: $i) { network { id } } }`,
    { i: { name, description: 'test', joinPolicy: 'OPEN' } },
  );
  return res.createWorkingGroup.network.id;
}

/** The timeline rows of a reader, as global ids of posts (to tell a fan-out from a rebuild). */
async function timelineRows(reader: TestUser): Promise<string[]> {
  const rows: { itemId: string }[] = await server.database.dataSource.query(
    `SELECT "itemId" FROM home_timeline WHERE "readerId" = $1 ORDER BY "sortAt" DESC, "itemId" DESC`,
    [reader.localId],
  );
  return rows.map((r) => Buffer.from(`Post:${r.itemId}`).toString('base64url'));
}

describe('home timeline: relationship changes show on the next read', () => {
  it('follow brings the author’s earlier posts in, unfollow takes them out; new posts are fanned out', async () => {
    const [reader, author] = await Promise.all([createPractitioner(server), createPractitioner(server)]);
    const earlier = [
      await publishPost(server, author, moderator, { title: 'earlier 1' }),
      await publishPost(server, author, moderator, { title: 'earlier 2' }),
    ];
    expect(await feedIds(reader)).toEqual([]); // built (empty) on first read
    await follow(reader, author.id);
    expect(await feedIds(reader)).toEqual([...earlier].reverse());
    // A post published now reaches the built timeline once its fan-out ran after the commit (no rebuild).
    const later = await publishPost(server, author, moderator, { title: 'later' });
    expect(await timelineRows(reader)).toEqual([later, ...[...earlier].reverse()]);
    expect(await feedIds(reader)).toEqual([later, ...[...earlier].reverse()]);
    await unfollow(reader, author.id);
    expect(await feedIds(reader)).toEqual([]);
    expect(await timelineRows(reader)).toEqual([]);
    // The author's own timeline holds their posts.
    expect(await feedIds(author)).toEqual([later, ...[...earlier].reverse()]);
  });

  it('joining a network brings its posts in, network-only ones included; leaving takes them out', async () => {
    const [reader, owner, authorFollower] = await Promise.all([
      createPractitioner(server),
      createPractitioner(server),
      createPractitioner(server),
    ]);
    const group = await createGroup(owner, 'Timeline circle');
    await follow(authorFollower, owner.id);
    const open = await publishPost(server, owner, moderator, { title: 'shared', networkIds: [group] });
    const membersOnly = await publishPost(server, owner, moderator, {
      title: 'members only',
      visibility: 'NETWORKS',
      networkIds: [group],
    });
    expect(await feedIds(reader)).toEqual([]);
    // A follower of the author who is not a member has the row but may not read it.
    expect(await feedIds(authorFollower)).toEqual([open]);
    await join(reader, group);
    expect(await feedIds(reader)).toEqual([membersOnly, open]);
    await join(authorFollower, group);
    expect(await feedIds(authorFollower)).toEqual([membersOnly, open]);
    await leave(reader, group);
    expect(await feedIds(reader)).toEqual([]);
    await leave(authorFollower, group);
    expect(await feedIds(authorFollower)).toEqual([open]);
  });
});

describe('home timeline: the read rules apply to every page', () => {
  it('a block either way hides the author’s posts; unblocking shows them again', async () => {
    const [reader, author] = await Promise.all([createPractitioner(server), createPractitioner(server)]);
    await follow(reader, author.id);
    const post = await publishPost(server, author, moderator);
    expect(await feedIds(reader)).toEqual([post]);
    await block(reader, author.id);
    expect(await feedIds(reader)).toEqual([]);
    await unblock(reader, author.id);
    // A block ends the follows; joined networks still bring posts in, so follow again.
    await follow(reader, author.id);
    expect(await feedIds(reader)).toEqual([post]);
    await block(author, reader.id);
    expect(await feedIds(reader)).toEqual([]);
    await unblock(author, reader.id);
    await follow(reader, author.id);
    expect(await feedIds(reader)).toEqual([post]);
  });

  it('a muted author or network leaves the feed, an unmuted author comes back', async () => {
    const [reader, author, owner] = await Promise.all([
      createPractitioner(server),
      createPractitioner(server),
      createPractitioner(server),
    ]);
    const group = await createGroup(owner, 'Muted circle');
    await follow(reader, author.id);
    await join(reader, group);
    const byAuthor = await publishPost(server, author, moderator);
    const inGroup = await publishPost(server, owner, moderator, { networkIds: [group] });
    expect(await feedIds(reader)).toEqual([inGroup, byAuthor]);
    await mute(reader, author.id);
    expect(await feedIds(reader)).toEqual([inGroup]);
    await unmute(reader, author.id);
    expect(await feedIds(reader)).toEqual([inGroup, byAuthor]);
    await muteNetwork(reader, group);
    expect(await feedIds(reader)).toEqual([byAuthor]);
  });

  it('a post hidden by a moderator leaves the feed (not its author’s), and comes back when restored', async () => {
    const [reader, author, reporter] = await Promise.all([
      createPractitioner(server),
      createPractitioner(server),
      createPractitioner(server),
    ]);
    await follow(reader, author.id);
    const post = await publishPost(server, author, moderator);
    expect(await feedIds(reader)).toEqual([post]);
    ok(await resolveRaw(server, moderator, await fileReport(server, reporter, post), 'HIDE_CONTENT'));
    expect(await feedIds(reader)).toEqual([]);
    expect(await feedIds(author)).toEqual([post]); // the author still reads their hidden post
    // Reported again by one who still reads it (a moderator), then restored.
    const again = await fileReport(server, await createModerator(server), post);
    ok(await resolveRaw(server, moderator, again, 'RESTORE_CONTENT'));
    expect(await feedIds(reader)).toEqual([post]);
  });

  it('an archived post leaves every timeline', async () => {
    const [reader, author] = await Promise.all([createPractitioner(server), createPractitioner(server)]);
    await follow(reader, author.id);
    const post = await publishPost(server, author, moderator);
    expect(await feedIds(reader)).toEqual([post]);
    await mutate(author, `mutation($id: ID!) { archivePost(input: { id: $id }) { post { id } } }`, {
      id: post,
    });
    expect(await feedIds(reader)).toEqual([]);
    expect(await feedIds(author)).toEqual([]);
  });

  it('pages stay full past filtered rows, with no gaps or duplicates while new posts arrive', async () => {
    const [reader, author, muted] = await Promise.all([
      createPractitioner(server),
      createPractitioner(server),
      createPractitioner(server),
    ]);
    await follow(reader, author.id);
    await follow(reader, muted.id);
    const wanted: string[] = [];
    for (let i = 0; i < 6; i++) {
      wanted.push(await publishPost(server, author, moderator, { title: `kept ${i}` }));
      await publishPost(server, muted, moderator, { title: `muted ${i}` });
    }
    await mute(reader, muted.id);
    const page1 = ok(await gql(server, FEED, { first: 2 }, { token: reader.accessToken })).feed;
    expect(page1.edges).toHaveLength(2);
    await publishPost(server, author, moderator, { title: 'newer' });
    await publishPost(server, muted, moderator, { title: 'newer muted' });
    const seen: string[] = page1.edges.map((e: Edge) => e.node.id);
    let after = page1.pageInfo.endCursor;
    for (;;) {
      const page = ok(await gql(server, FEED, { first: 2, after }, { token: reader.accessToken })).feed;
      if (page.pageInfo.hasNextPage) expect(page.edges).toHaveLength(2);
      seen.push(...page.edges.map((e: Edge) => e.node.id));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(seen).toEqual([...wanted].reverse());
  });
});

describe('home timeline: the read is lean', () => {
  it('serves first: 10 and first: 50 in the same statements, at most 2 (the session, the page), with every field filled', async () => {
    const [reader, ...writers] = await Promise.all(
      Array.from({ length: 4 }, (_, i) =>
        createPractitioner(server, {
          displayName: `Lean writer ${i}`,
          countryCode: ['NE', 'FR', 'MA', 'CO'][i],
        }),
      ),
    );
    const group = await createGroup(writers[0], 'Lean group');
    for (const u of [reader, ...writers.slice(1)]) await join(u, group);
    for (const w of writers) await follow(reader, w.id);
    const ids: string[] = [];
    for (let i = 0; i < 51; i++)
      ids.push(
        await publishPost(server, writers[i % writers.length], moderator, {
          title: `lean ${i}`,
          networkIds: i % 2 ? [] : [group],
        }),
      );
    await mutate(reader, `mutation($id: ID!) { endorsePost(input: { postId: $id }) { post { id } } }`, {
      id: ids[50],
    });
    await mutate(reader, `mutation($id: ID!) { bookmarkPost(input: { postId: $id }) { post { id } } }`, {
      id: ids[50],
    });
    await server.services.notifications.drain(); // the reviews' notifications are written in the background
    const statements = async (first: number) => {
      const runs: string[][] = [];
      for (let i = 0; i < 3; i++) {
        server.database.counter.recording = [];
        const res = ok(await gql(server, FEED, { first }, { token: reader.accessToken }));
        expect(res.feed.edges).toHaveLength(first);
        runs.push(server.database.counter.recording);
        server.database.counter.recording = null;
      }
      return runs.reduce((a, b) => (b.length < a.length ? b : a));
    };
    const ten = await statements(10);
    const fifty = await statements(50);
    if (ten.length > 2 || fifty.length !== ten.length)
      throw new Error(
        `${ten.length} then ${fifty.length} statements:\n${[...ten, '---', ...fifty].map((s) => s.replace(/\s+/g, ' ').slice(0, 160)).join('\n')}`,
      );
    const first = ok(await gql(server, FEED, { first: 2 }, { token: reader.accessToken })).feed.edges;
    expect(first[0].node).toMatchObject({
      id: ids[50],
      title: 'lean 50',
      author: { id: writers[2].id, displayName: 'Lean writer 3', country: { code: 'CO' } },
      networks: [{ id: group, name: 'Lean group' }],
      endorsementCount: 1,
      viewerHasEndorsed: true,
      viewerHasBookmarked: true,
    });
    expect(first[1].node).toMatchObject({ id: ids[49], networks: [], viewerHasEndorsed: false });
  });
});

describe('home timeline: the cap', () => {
  it('the hourly trim keeps the newest 800 rows of a timeline grown past the cap by fan-outs', async () => {
    const [reader, other] = await Promise.all([createPractitioner(server), createPractitioner(server)]);
    const insert = (who: TestUser, n: number) =>
      server.database.dataSource.query(
        `INSERT INTO home_timeline ("readerId", "itemType", "itemId", "sortAt", "authorId")
         SELECT $1, 'POST', gen_random_uuid(), now() - make_interval(secs => i), $1
           FROM generate_series(1, $2) AS i`,
        [who.localId, n],
      );
    await insert(reader, 1100);
    await insert(other, 900); // within the slack: left alone
    expect(await server.services.feed.trimTimelines()).toBe(300);
    const counts: { readerId: string; n: number; oldest: number }[] = await server.database.dataSource.query(
      `SELECT "readerId", count(*)::int AS n,
              round(extract(epoch FROM now() - min("sortAt")))::int AS oldest
         FROM home_timeline WHERE "readerId" IN ($1, $2) GROUP BY "readerId"`,
      [reader.localId, other.localId],
    );
    const byReader = new Map(counts.map((c) => [c.readerId, c]));
    expect(byReader.get(reader.localId)).toMatchObject({ n: 800 });
    expect(byReader.get(reader.localId)!.oldest).toBeLessThan(860); // the newest kept (the oldest were 1,100 s old)
    expect(byReader.get(other.localId)).toMatchObject({ n: 900 });
  });
});

describe('home timeline: account deletion', () => {
  it('removes the account’s timeline and its items from its followers’ timelines', async () => {
    const [reader, author] = await Promise.all([createPractitioner(server), createPractitioner(server)]);
    await follow(reader, author.id);
    const post = await publishPost(server, author, moderator);
    expect(await feedIds(reader)).toEqual([post]);
    expect(await feedIds(author)).toEqual([post]);
    await mutate(
      author,
      `mutation($input: DeleteAccountInput!) { deleteAccount(input: $input) { deletedPractitionerId } }`,
      { input: { password: author.password, removeContent: true } },
    );
    expect(await timelineRows(author)).toEqual([]);
    expect(await timelineRows(reader)).toEqual([]);
    expect(await feedIds(reader)).toEqual([]);
  });
});

describe('home timeline: legal developments', () => {
  it('a published development reaches the followers of its country network; an edit of its jurisdiction takes it out', async () => {
    const [reader, expert] = await Promise.all([
      createPractitioner(server, { countryCode: 'NE' }),
      createPractitioner(server, { role: Role.EXPERT }),
    ]);
    await follow(reader, await countryNetworkId(server, reader, 'PT'));
    expect(await feedIds(reader)).toEqual([]);
    const ld = await publishLegal(server, expert, { countryCode: 'PT' });
    expect(await feedIds(reader)).toEqual([ld]);
    await mutate(
      expert,
      `mutation($i: UpdateLegalDevelopmentInput!) { updateLegalDevelopment(input: $i) { legalDevelopment { id } } }`,
      { i: { id: ld, countryCode: 'JP' } },
    );
    expect(await feedIds(reader)).toEqual([]);
  });

  it('an edit of its jurisdiction or areas brings it into the timelines of its new audience once it committed', async () => {
    const [reader, expert] = await Promise.all([
      createPractitioner(server, { countryCode: 'NE' }),
      createPractitioner(server, { role: Role.EXPERT }),
    ]);
    await follow(reader, await countryNetworkId(server, reader, 'CL'));
    expect(await feedIds(reader)).toEqual([]); // the timeline is built here, and stays current below
    const ld = await publishLegal(server, expert, { countryCode: 'UY' });
    expect(await feedIds(reader)).toEqual([]);
    const stale = async () =>
      (
        await server.database.dataSource.query(
          `SELECT "stale" FROM home_timeline_state WHERE "readerId" = $1`,
          [reader.localId],
        )
      )[0]?.stale;
    expect(await stale()).toBe(false);
    const edit = (i: Record<string, unknown>) =>
      mutate(
        expert,
        `mutation($i: UpdateLegalDevelopmentInput!) { updateLegalDevelopment(input: $i) { legalDevelopment { id } } }`,
        { i: { id: ld, ...i } },
      );
    // An edit that leaves the jurisdiction as it was adds nobody.
    await edit({ title: 'Still in Uruguay' });
    expect(await feedIds(reader)).toEqual([]);
    await edit({ countryCode: 'CL' });
    await server.services.outbox.drain(); // the fan-out runs after the edit's commit
    // Fanned out by the edit, not found by a rebuild: the reader's timeline was not stale.
    const rows: { itemId: string }[] = await server.database.dataSource.query(
      `SELECT "itemId" FROM home_timeline WHERE "readerId" = $1 AND "itemType" = 'LEGAL_DEVELOPMENT'`,
      [reader.localId],
    );
    expect(rows).toHaveLength(1);
    expect(await stale()).toBe(false);
    expect(await feedIds(reader)).toEqual([ld]);
    // Back to Uruguay: the row stays, the read filters it out.
    await edit({ countryCode: 'UY' });
    expect(await feedIds(reader)).toEqual([]);
  });
});

describe('home timeline: fan-out after the commit', () => {
  // This server leaves what it commits to the outbox's polls (OUTBOX_TEST_POLL_ONLY) and polls only at start:
  // what the publishing transaction wrote itself is all there is after the mutation.
  let polled: TestServer;
  beforeAll(async () => {
    polled = await startTestServer({ OUTBOX_TEST_POLL_ONLY: 'true', OUTBOX_POLL_INTERVAL_MS: '600000' });
  });
  afterAll(() => polled.stop());

  it('reviewPost commits without the timeline rows; the outbox consumer writes them once', async () => {
    const [reader, author, mod] = await Promise.all([
      createPractitioner(polled),
      createPractitioner(polled),
      createModerator(polled),
    ]);
    const run = async (user: TestUser, text: string, variables: Record<string, unknown> = {}) =>
      ok(await gql(polled, text, variables, { token: user.accessToken }));
    const db = polled.database.dataSource;
    await run(reader, `mutation($t: ID!) { follow(input: { targetId: $t }) { practitioner { id } } }`, {
      t: author.id,
    });
    await run(reader, `{ feed(first: 5) { edges { cursor } } }`); // built, empty
    const id = (
      await run(author, `mutation($i: CreatePostInput!) { createPost(input: $i) { post { id } } }`, {
        i: { title: 'After the commit', body: 'Body.', language: 'EN' },
      })
    ).createPost.post.id;
    const postId = fromGlobalIdOf('Post', id);
    await run(author, `mutation($id: ID!) { submitPost(input: { id: $id }) { post { id } } }`, { id });
    const reviewed = await run(
      mod,
      `mutation($id: ID!) { reviewPost(input: { id: $id, decision: APPROVE }) { post { status } } }`,
      { id },
    );
    expect(reviewed.reviewPost.post.status).toBe('PUBLISHED');
    const rows = async () =>
      (
        await db.query(`SELECT "readerId" FROM home_timeline WHERE "itemId" = $1 ORDER BY "readerId"`, [
          postId,
        ])
      ).map((r: { readerId: string }) => r.readerId);
    expect(await rows()).toEqual([]);
    // What the dispatcher does with the committed event: the author's and the follower's rows, marked done.
    const [row] = await db.query(
      `SELECT id, "consumersDone" FROM outbox_event WHERE type = 'post.published' AND payload->>'postId' = $1`,
      [postId],
    );
    expect(row.consumersDone).not.toContain(HOME_TIMELINE_CONSUMER);
    // The instance's live delivery is prepared first: its audience statement runs before the fan-out's inserts.
    const prepared: string[] = [];
    const consumer = homeTimelineConsumer(db, {
      prepareLiveDelivery: async (eventId, preparedPostId) => {
        prepared.push(`${eventId} ${preparedPostId} ${(await rows()).length} rows`);
      },
    });
    const event = { id: row.id, type: 'post.published', payload: { postId } } as never;
    await consumer.handle([event], []);
    expect(prepared).toEqual([`${row.id} ${postId} 0 rows`]);
    expect(await rows()).toEqual([author.localId, reader.localId].sort());
    const [after] = await db.query(`SELECT "consumersDone" FROM outbox_event WHERE id = $1`, [row.id]);
    expect(after.consumersDone).toContain(HOME_TIMELINE_CONSUMER);
    expect(
      (await run(reader, `{ feed(first: 5) { edges { node { ... on Post { id } } } } }`)).feed.edges,
    ).toEqual([{ node: { id } }]);
    // Delivered again (at least once): an event marked done is not fanned out again.
    await db.query(`DELETE FROM home_timeline WHERE "itemId" = $1 AND "readerId" = $2`, [
      postId,
      reader.localId,
    ]);
    await consumer.handle([event], []);
    expect(await rows()).toEqual([author.localId]);
  });
});

describe('home timeline: a derived copy, rebuilt when lost', () => {
  it('is unlogged, without a foreign key on the reader, and its state goes with it', async () => {
    const db = server.database.dataSource;
    const tables: { relname: string; relpersistence: string }[] = await db.query(
      `SELECT relname, relpersistence FROM pg_class
        WHERE relname IN ('home_timeline', 'home_timeline_state') ORDER BY relname`,
    );
    // 'u': PostgreSQL writes no WAL for them and empties both after a crash (never one without the other).
    expect(tables).toEqual([
      { relname: 'home_timeline', relpersistence: 'u' },
      { relname: 'home_timeline_state', relpersistence: 'u' },
    ]);
    const keys: { conname: string }[] = await db.query(
      `SELECT conname FROM pg_constraint WHERE conrelid = 'home_timeline'::regclass AND contype = 'f'`,
    );
    expect(keys).toEqual([]);
  });

  it('gives the same feed after its rows and state are gone (what a crash leaves of unlogged tables)', async () => {
    const [reader, author] = await Promise.all([createPractitioner(server), createPractitioner(server)]);
    await follow(reader, author.id);
    const posts = [
      await publishPost(server, author, moderator, { title: 'before the crash 1' }),
      await publishPost(server, author, moderator, { title: 'before the crash 2' }),
    ];
    const before = ok(await gql(server, FEED, { first: 10 }, { token: reader.accessToken })).feed;
    expect(before.edges.map((e: Edge) => e.node.id)).toEqual([...posts].reverse());
    const db = server.database.dataSource;
    // This reader's rows of both tables (emptying the whole tables would touch the other tests' readers).
    await db.query(`DELETE FROM home_timeline WHERE "readerId" = $1`, [reader.localId]);
    await db.query(`DELETE FROM home_timeline_state WHERE "readerId" = $1`, [reader.localId]);
    const after = ok(await gql(server, FEED, { first: 10 }, { token: reader.accessToken })).feed;
    expect(after).toEqual(before);
    expect(await timelineRows(reader)).toEqual([...posts].reverse());
  });
});
