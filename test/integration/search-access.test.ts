import { startTestServer } from '../helpers/server';
import type { TestServer } from '../helpers/server';
import { gql, ok } from '../helpers/graphql';
import { createModerator, createPending, createPractitioner } from '../helpers/factories';
import type { TestUser } from '../helpers/factories';
import { addMember, createWorkingGroup } from '../helpers/networks';
import { addComment, fileReport, resolveRaw } from '../helpers/moderation';
import { propose } from '../helpers/legal';
import { query, sql } from '../../src/common/db/sql';
import { Role, VerificationStatus } from '../../src/common/auth/role';
import { fromGlobalId } from '../../src/common/relay/global-id';
import type { Viewer } from '../../src/common/auth/viewer';
import { SEARCH_PROVIDERS } from '../../src/modules/search/search-providers';
import { blockedArraySql, policySql, shortcutSql } from '../../src/modules/search/search-access';

/**
 * The search's access shortcut (search-access.ts: a document `open` to every member, unless one of its
 * `blockParties` is in a block with the viewer) against the types' read policies, over a viewer × record
 * matrix: wherever the shortcut lets a viewer read a document, the policy does too (the policy is evaluated
 * for the rest, so the answers are the policy's), and search answers what node(id) opens; and the writes
 * that change whether a record is open (hiding a post, for its comments too) take effect on search at once.
 */

let server: TestServer;
let moderator: TestUser;
let owner: TestUser;
let member: TestUser;
let outsider: TestUser;
let blocker: TestUser;
let reader: TestUser;

const SEARCH = `query($f: SearchFilter!) {
  search(filter: $f, first: 100) { totalCount countsByType { type count } edges { node { ... on Node { id } } } } }`;
const NODE = `query($id: ID!) { node(id: $id) { id } }`;
const word = () => `w${Math.random().toString(36).slice(2, 9)}`;

async function search(user: TestUser, q: string) {
  const res = ok(await gql(server, SEARCH, { f: { query: q } }, { token: user.accessToken })).search as {
    totalCount: number;
    countsByType: { type: string; count: number }[];
    edges: { node: { id: string } }[];
  };
  return { ...res, ids: res.edges.map((e) => e.node.id) };
}

async function mutate(user: TestUser, doc: string, vars: Record<string, unknown>) {
  return ok(await gql(server, doc, vars, { token: user.accessToken }));
}

async function post(
  by: TestUser,
  title: string,
  o: { networkIds?: string[]; publish?: boolean } = {},
): Promise<string> {
  const id = (
    await mutate(by, `mutation($i: CreatePostInput!) { createPost(input: $i) { post { id } } }`, {
      i: {
        title,
        summary: 'summary',
        body: 'body',
        language: 'EN',
        visibility: o.networkIds ? 'NETWORKS' : 'COMMUNITY',
        networkIds: o.networkIds ?? [],
        countryCodes: ['NE'],
        thematicAreaCodes: [],
      },
    })
  ).createPost.post.id as string;
  if (o.publish === false) return id;
  await mutate(by, `mutation($id: ID!) { submitPost(input: { id: $id }) { post { status } } }`, { id });
  await mutate(
    moderator,
    `mutation($id: ID!) { reviewPost(input: { id: $id, decision: APPROVE }) { post { status } } }`,
    { id },
  );
  return id;
}

const hide = async (id: string) =>
  ok(await resolveRaw(server, moderator, await fileReport(server, reader, id), 'HIDE_CONTENT'));

const viewerOf = (u: TestUser, role = Role.MEMBER): Viewer => ({
  id: u.localId,
  sessionId: 'test',
  role,
  verification: VerificationStatus.VERIFIED,
});

/** For each document of the index: the shortcut's and the policy's answer for this viewer. */
async function answers(v: Viewer) {
  const blocked = sql`(SELECT b."ids" FROM b)`;
  return query<{ type: string; recordId: string; open: boolean; shortcut: boolean; policy: boolean }>(
    server.database.dataSource,
    sql`WITH b AS (SELECT ${blockedArraySql(v)} AS "ids")
        SELECT d."type", d."recordId", d."open", ${shortcutSql('d', blocked)} AS "shortcut",
               ${policySql(v, SEARCH_PROVIDERS, 'd')} AS "policy"
          FROM search_document d`,
  );
}

beforeAll(async () => {
  server = await startTestServer();
  moderator = await createModerator(server);
  owner = await createPractitioner(server);
  member = await createPractitioner(server);
  outsider = await createPractitioner(server);
  blocker = await createPractitioner(server);
  reader = await createPractitioner(server);
});
afterAll(() => server.stop());

it('the shortcut never grants what the policy refuses, and search answers what node(id) opens', async () => {
  const w = word();
  const group = await createWorkingGroup(server, owner, 'OPEN');
  await addMember(server, group, member);
  const records: string[] = [];
  const open = await post(owner, `Open ${w}`);
  records.push(open, await post(owner, `Networks ${w}`, { networkIds: [group] }));
  records.push(await post(member, `Draft ${w}`, { publish: false }));
  const hidden = await post(outsider, `Hidden ${w}`);
  records.push(hidden);
  const commented = await post(member, `Commented ${w}`);
  records.push(commented);
  records.push(await addComment(server, outsider, commented, `Comment ${w}`));
  records.push(await addComment(server, owner, commented, `Owner's comment ${w}`));
  const hiddenComment = await addComment(server, member, open, `Hidden comment ${w}`);
  records.push(hiddenComment);
  records.push(
    ok(await propose(server, outsider, { title: `Proposal ${w}` })).proposeLegalDevelopment.legalDevelopment
      .id,
  );
  records.push((await createPending(server, { displayName: `Pending ${w}` })).id);
  records.push((await createPractitioner(server, { displayName: `Verified ${w}` })).id);
  await hide(hidden);
  await hide(hiddenComment);
  await mutate(
    blocker,
    `mutation($p: ID!) { blockPractitioner(input: { practitionerId: $p }) { practitioner { id } } }`,
    { p: owner.id },
  );

  const check = async () => {
    const viewers: [TestUser, Role][] = [
      [owner, Role.MEMBER],
      [member, Role.MEMBER],
      [outsider, Role.MEMBER],
      [blocker, Role.MEMBER],
      [reader, Role.MEMBER],
      [moderator, Role.MODERATOR],
    ];
    let shortcuts = 0;
    let policyOnly = 0;
    for (const [u, role] of viewers) {
      await search(u, w); // indexes what is marked
      for (const a of await answers(viewerOf(u, role))) {
        expect([a.type, a.recordId, a.shortcut && !a.policy]).toEqual([a.type, a.recordId, false]);
        if (a.shortcut) shortcuts++;
        else if (a.policy) policyOnly++;
      }
      const res = await search(u, w);
      expect(res.totalCount).toBe(res.ids.length);
      expect(res.countsByType.reduce((n, c) => n + c.count, 0)).toBe(res.ids.length);
      for (const id of records) {
        const opened = ok(await gql(server, NODE, { id }, { token: u.accessToken })).node !== null;
        expect([id, res.ids.includes(id)]).toEqual([id, opened]);
      }
      for (const id of res.ids) expect(records).toContain(id);
    }
    // Both ways of granting were exercised (the shortcut, and the policy where it did not apply).
    expect(shortcuts).toBeGreaterThan(0);
    expect(policyOnly).toBeGreaterThan(0);
  };
  await check();

  // The blocker is in a block with the owner: the owner's open post and comment go from its results.
  const blocked = await search(blocker, w);
  expect(blocked.ids).not.toContain(open);
  expect((await search(reader, w)).ids).toContain(open);

  // Hiding the commented post closes its comments at once (their post decides whether they are open).
  const before = await search(reader, w);
  expect(before.ids).toEqual(expect.arrayContaining([records[5], records[6]]));
  await hide(commented);
  const after = await search(reader, w);
  expect(after.ids).not.toContain(commented);
  expect(after.ids).not.toContain(records[5]);
  expect(after.ids).not.toContain(records[6]);
  expect(after.totalCount).toBe(before.totalCount - 3);
  await check();
});

it('a document not open is never read through the shortcut: a NETWORKS post for a non-member', async () => {
  const w = word();
  const group = await createWorkingGroup(server, owner, 'OPEN');
  const id = await post(owner, `Members only ${w}`, { networkIds: [group] });
  expect((await search(reader, w)).ids).toEqual([]);
  const [row] = (await answers(viewerOf(reader))).filter((a) => a.recordId === fromGlobalId(id).id);
  expect(row).toMatchObject({ open: false, shortcut: false, policy: false });
  await addMember(server, group, reader);
  expect((await search(reader, w)).ids).toEqual([id]);
  const [again] = (await answers(viewerOf(reader))).filter((a) => a.recordId === fromGlobalId(id).id);
  expect(again).toMatchObject({ open: false, shortcut: false, policy: true });
});
