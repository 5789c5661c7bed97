import { setTimeout as sleep } from 'node:timers/promises';
import { startTestServer } from '../helpers/server';
import type { TestServer } from '../helpers/server';
import { createModerator, createPractitioner } from '../helpers/factories';
import type { TestUser } from '../helpers/factories';
import { gql, ok } from '../helpers/graphql';
import { createDraft, publishPost } from '../helpers/posts';
import { addMember, createWorkingGroup } from '../helpers/networks';
import { fileReport, resolveRaw } from '../helpers/moderation';
import { Role } from '../../src/common/auth/role';
import { fromGlobalId } from '../../src/common/relay/global-id';

// Saved searches tell of content as a member of the community sees it once it is out (issue 15): not the
// review queue or hidden content a moderator or a reviewer may open, not an author's own draft; and content
// that comes out later (a post approved, an event scheduled, a course published, content restored) is
// matched then, once. The background catch-up is off: each `index()` (a search) indexes what was written,
// so that a record's first indexing happens in the state the test chose.
let server: TestServer;
let member: TestUser;
let author: TestUser;
let expert: TestUser;
let moderator: TestUser;
let reporter: TestUser;

beforeAll(async () => {
  server = await startTestServer({
    SEARCH_CATCHUP_INTERVAL_MS: '0',
    SAVED_SEARCH_INTERVAL_SECONDS: '1',
    OUTBOX_POLL_INTERVAL_MS: '200',
  });
  [member, author, expert, moderator, reporter] = await Promise.all([
    createPractitioner(server),
    createPractitioner(server),
    createPractitioner(server, { role: Role.EXPERT }),
    createModerator(server),
    createPractitioner(server),
  ]);
});
afterAll(() => server.stop());

const word = () => `w${Math.random().toString(36).slice(2, 9)}`;
const run = async (user: TestUser, doc: string, vars: Record<string, unknown>) =>
  ok(await gql(server, doc, vars, { token: user.accessToken }));

/** A search: indexes every record written since (search catches up before it reads). */
async function index(): Promise<void> {
  await run(member, `query { search(filter: { query: "anything" }, first: 1) { totalCount } }`, {});
}

async function saveSearch(user: TestUser, query: string, types?: string[]): Promise<string> {
  return (
    await run(user, `mutation($i: SaveSearchInput!) { saveSearch(input: $i) { savedSearch { id } } }`, {
      i: { name: `Watch ${query}`, filter: { query, types: types ?? null } },
    })
  ).saveSearch.savedSearch.id as string;
}

const NOTIFICATIONS = `{ notifications(first: 50) { edges { node { type decision subject { id } } } } }`;
async function matched(user: TestUser, savedSearchId: string): Promise<string[]> {
  const res = await run(user, NOTIFICATIONS, {});
  return (
    res.notifications.edges as { node: { type: string; decision: string; subject: { id: string } | null } }[]
  )
    .map((e) => e.node)
    .filter((n) => n.type === 'SAVED_SEARCH_MATCHED' && n.subject?.id === savedSearchId)
    .map((n) => n.decision);
}
async function waitMatched(user: TestUser, savedSearchId: string, count = 1, ms = 8000): Promise<string[]> {
  const until = Date.now() + ms;
  let notes = await matched(user, savedSearchId);
  while (notes.length < count && Date.now() < until) {
    await sleep(100);
    notes = await matched(user, savedSearchId);
  }
  return notes;
}

/**
 * Indexes what was written, then waits until a control saved search hears of a community post indexed in
 * the same pass: the matching of everything indexed with it has run (one event, one transaction).
 */
async function indexAndSettle(): Promise<void> {
  const c = word();
  const watcher = await createPractitioner(server);
  const control = await saveSearch(watcher, c, ['POST']);
  await publishPost(server, author, moderator, { title: `Control ${c}` });
  await index();
  expect(await waitMatched(watcher, control)).toEqual(['1']);
}

async function hide(targetId: string): Promise<void> {
  const report = await fileReport(server, reporter, targetId);
  ok(await resolveRaw(server, moderator, report, 'HIDE_CONTENT'));
}
async function restore(targetId: string): Promise<void> {
  const report = await fileReport(server, await createModerator(server), targetId, 'OTHER', 'Checked again.');
  ok(await resolveRaw(server, moderator, report, 'RESTORE_CONTENT', 'Restored.'));
}

describe('a saved search sees content as the community sees it once it is out', () => {
  it('not a post awaiting review (moderator, network reviewer, author); matched once when approved', async () => {
    const w = word();
    const reviewer = await createPractitioner(server);
    const group = await createWorkingGroup(server, reviewer);
    await addMember(server, group, author, reviewer);
    const [mod, rev, own, other] = await Promise.all([
      saveSearch(moderator, w),
      saveSearch(reviewer, w),
      saveSearch(author, w),
      saveSearch(member, w),
    ]);
    const { id } = await createDraft(server, author, {
      title: `Pending ${w}`,
      visibility: 'NETWORKS',
      networkIds: [group],
    });
    const draft = await createDraft(server, author, { title: `Draft ${w}` });
    await run(author, `mutation($id: ID!) { submitPost(input: { id: $id }) { post { status } } }`, { id });
    await indexAndSettle();
    // The moderator and the reviewer may open the pending post, the author both: no saved search tells.
    for (const [user, s] of [
      [moderator, mod],
      [reviewer, rev],
      [author, own],
      [member, other],
    ] as const)
      expect(await matched(user, s)).toEqual([]);

    // Approved: the moderator, the reviewer and the author (a member of the network) hear of it now,
    // once; the member outside the network does not (the owner's read policy still applies).
    await run(
      moderator,
      `mutation($id: ID!) { reviewPost(input: { id: $id, decision: APPROVE }) { post { status } } }`,
      { id },
    );
    await index();
    expect(await waitMatched(moderator, mod)).toEqual(['1']);
    expect(await waitMatched(reviewer, rev)).toEqual(['1']);
    expect(await waitMatched(author, own)).toEqual(['1']);
    // Edited and indexed again, the draft still unpublished: nothing more, for anyone.
    await run(author, `mutation($i: UpdatePostInput!) { updatePost(input: $i) { post { id } } }`, {
      i: { id: draft.id, title: `Draft ${w} edited` },
    });
    await indexAndSettle();
    await sleep(1200);
    expect(await matched(moderator, mod)).toEqual(['1']);
    expect(await matched(author, own)).toEqual(['1']);
    expect(await matched(member, other)).toEqual([]);
  });

  it('not hidden content, first indexed while hidden; matched once when restored', async () => {
    const w = word();
    const [mod, other] = await Promise.all([saveSearch(moderator, w), saveSearch(member, w)]);
    const post = await publishPost(server, author, moderator, { title: `Hidden before indexing ${w}` });
    await hide(post);
    await indexAndSettle();
    expect(await matched(moderator, mod)).toEqual([]);
    expect(await matched(member, other)).toEqual([]);

    await restore(post);
    await index();
    expect(await waitMatched(moderator, mod)).toEqual(['1']);
    expect(await waitMatched(member, other)).toEqual(['1']);
    // Hidden and restored again: the match exists, nothing more is told.
    await hide(post);
    await index();
    await restore(post);
    await indexAndSettle();
    await sleep(1200);
    expect(await matched(moderator, mod)).toEqual(['1']);
    expect(await matched(member, other)).toEqual(['1']);
  });
});

describe('content that comes out after its first indexing is matched then', () => {
  it('a live event: not as a draft, once scheduled', async () => {
    const w = word();
    const [s, own] = await Promise.all([saveSearch(member, w, ['LIVE_EVENT']), saveSearch(expert, w)]);
    const startsAt = new Date(Date.now() + 48 * 3600_000);
    const id = (
      await run(
        expert,
        `mutation($i: CreateLiveEventInput!) { createLiveEvent(input: $i) { liveEvent { id } } }`,
        {
          i: {
            title: `Debate on ${w}`,
            floorLanguage: 'EN',
            startsAt: startsAt.toISOString(),
            endsAt: new Date(startsAt.getTime() + 3_600_000).toISOString(),
            timeZone: 'Africa/Niamey',
            capacity: 20,
          },
        },
      )
    ).createLiveEvent.liveEvent.id as string;
    await indexAndSettle();
    expect(await matched(member, s)).toEqual([]);
    expect(await matched(expert, own)).toEqual([]);

    await run(
      expert,
      `mutation($i: ScheduleLiveEventInput!) { scheduleLiveEvent(input: $i) { liveEvent { id } } }`,
      { i: { id } },
    );
    await index();
    expect(await waitMatched(member, s)).toEqual(['1']);
    expect(await waitMatched(expert, own)).toEqual(['1']);
  });

  it('a course: not as a draft, once published', async () => {
    const w = word();
    const s = await saveSearch(member, w, ['COURSE']);
    const id = (
      await run(expert, `mutation($i: CreateCourseInput!) { createCourse(input: $i) { course { id } } }`, {
        i: {
          title: `Course on ${w}`,
          summary: 'A course',
          description: 'Mutual legal assistance.',
          language: 'EN',
        },
      })
    ).createCourse.course.id as string;
    await indexAndSettle();
    expect(await matched(member, s)).toEqual([]);

    await run(expert, `mutation($id: ID!) { publishCourse(input: { id: $id }) { course { id } } }`, { id });
    await index();
    expect(await waitMatched(member, s)).toEqual(['1']);
  });

  it('a publication: not while hidden, once restored', async () => {
    const w = word();
    const [s, mod] = await Promise.all([saveSearch(member, w, ['PUBLICATION']), saveSearch(moderator, w)]);
    const id = (
      await run(
        expert,
        `mutation($i: CreatePublicationInput!) { createPublication(input: $i) { publication { id } } }`,
        {
          i: {
            kind: 'HANDBOOK',
            title: `Handbook on ${w}`,
            summary: 'Extradition and mutual legal assistance.',
            language: 'EN',
            year: 2012,
            thematicAreaCodes: [],
            countryCodes: ['NE'],
          },
        },
      )
    ).createPublication.publication.id as string;
    await hide(id);
    await indexAndSettle();
    expect(await matched(member, s)).toEqual([]);
    expect(await matched(moderator, mod)).toEqual([]);

    await restore(id);
    await index();
    expect(await waitMatched(member, s)).toEqual(['1']);
    expect(await waitMatched(moderator, mod)).toEqual(['1']);
  });
});

describe('the consumer’s work per outbox batch is bounded', () => {
  it('matches at most 200 records per batch and the rest in a later one: every record once', async () => {
    const w = word();
    const s = await saveSearch(member, w, ['POST']);
    // 450 published posts at once (written as an import would: one statement), indexed by one pass.
    await server.database.dataSource.query(
      `INSERT INTO post ("authorId", "title", "language", "status", "publishedAt")
       SELECT $1, 'Bulk ' || $2 || ' ' || g, 'en', 'PUBLISHED', now() FROM generate_series(1, 450) g`,
      [fromGlobalId(author.id).id, w],
    );
    await index();
    // The first 200 are told at once; the other 250, matched in later batches within the interval, in one
    // message at its end.
    const notes = await waitMatched(member, s, 2);
    expect(notes.map(Number).sort((a, b) => a - b)).toEqual([200, 250]);
    await sleep(1200);
    expect(await matched(member, s)).toHaveLength(2);
  });
});
