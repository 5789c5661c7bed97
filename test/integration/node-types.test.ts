import crypto from 'node:crypto';
import { startTestServer } from '../helpers/server';
import type { TestServer } from '../helpers/server';
import { codes, gql, ok } from '../helpers/graphql';
import { createModerator, createPending, createPractitioner } from '../helpers/factories';
import type { TestUser } from '../helpers/factories';
import { addMember, createWorkingGroup } from '../helpers/networks';
import { publishPost } from '../helpers/posts';
import { fileReport, resolveRaw } from '../helpers/moderation';
import { instrumentIds } from '../helpers/legal';
import { VerificationStatus } from '../../src/common/auth/role';
import { PractitionerEntity } from '../../src/modules/practitioner';

// The types that became Nodes with issue 12: queue items, memberships (keyed by two columns) and treaty
// statuses. Each resolves through `node`/`nodes` with its owner's read rule; denied is null, like nothing.

const NODE = `query($id: ID!) { node(id: $id) { __typename id
  ... on ModerationItem { kind reportCount subject { id } }
  ... on NetworkMembership { membershipStatus: status role practitioner { id } network { id } }
  ... on TreatyStatus { treatyStatus: status country { code } instrument { id } } } }`;
const NODES = `query($ids: [ID!]!) { nodes(ids: $ids) { __typename id } }`;

let server: TestServer;
let moderator: TestUser;
let member: TestUser;
let pending: TestUser;
beforeAll(async () => {
  server = await startTestServer();
  moderator = await createModerator(server);
  member = await createPractitioner(server, { displayName: 'Node Types Member' });
  pending = await createPending(server);
});
afterAll(() => server.stop());

const node = (id: string, as: TestUser | null) => gql(server, NODE, { id }, { token: as?.accessToken });
const nodes = (ids: string[], as: TestUser | null) => gql(server, NODES, { ids }, { token: as?.accessToken });
const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64url');
const localOf = (globalId: string) => Buffer.from(globalId, 'base64url').toString('utf8').split(':')[1];

/** `node` answers null without an error, as for an id of nothing. */
async function expectNull(id: string, as: TestUser | null) {
  const res = await node(id, as);
  expect(res.errors).toBeUndefined();
  expect(res.data).toEqual({ node: null });
  const many = await nodes([id], as);
  expect(many.errors).toBeUndefined();
  expect(many.data).toEqual({ nodes: [null] });
}

describe('ModerationItem', () => {
  let author: TestUser;
  let postId: string;
  let itemId: string;
  beforeAll(async () => {
    author = await createPractitioner(server);
    postId = await publishPost(server, author, moderator, { title: 'Node types: a reported post' });
    await fileReport(server, member, postId);
    const queue = ok(
      await gql(
        server,
        `{ moderationQueue(first: 50, filter: { kinds: [REPORT] }) { edges { node { id kind subject { id } } } } }`,
        {},
        { token: moderator.accessToken },
      ),
    ).moderationQueue.edges.map((e: { node: { id: string; subject: { id: string } } }) => e.node);
    itemId = queue.find((i: { subject: { id: string } }) => i.subject.id === postId).id;
  });

  it('is fetched by node and nodes by a moderator, with the id the queue gives (the crash of the issue)', async () => {
    const expected = {
      __typename: 'ModerationItem',
      id: itemId,
      kind: 'REPORT',
      reportCount: 1,
      subject: { id: postId },
    };
    expect(ok(await node(itemId, moderator)).node).toEqual(expected);
    expect(ok(await node(itemId, moderator)).node.id).toBe(itemId); // stable across reads
    expect(ok(await nodes([itemId, itemId], moderator)).nodes).toEqual([
      { __typename: 'ModerationItem', id: itemId },
      { __typename: 'ModerationItem', id: itemId },
    ]);
  });

  it('fetches several items in one queue statement, however many ids', async () => {
    const statements = async (ids: string[]) => {
      const before = server.database.counter.count;
      ok(await nodes(ids, moderator));
      return server.database.counter.count - before;
    };
    const unknown = b64(`ModerationItem:REPORT:POST:${crypto.randomUUID()}`);
    const one = await statements([itemId]);
    expect(
      await statements([
        itemId,
        unknown,
        itemId,
        b64(`ModerationItem:REPORT:COMMENT:${crypto.randomUUID()}`),
      ]),
    ).toBe(one);
  });

  it('is null for those whose queue does not hold it: members, the reporter, the pending, anonymous, other network moderators', async () => {
    const owner = await createPractitioner(server); // owns a working group: a network moderator elsewhere
    await createWorkingGroup(server, owner);
    for (const as of [member, author, pending, null, owner]) await expectNull(itemId, as);
  });

  it('is null once it no longer waits, and for a well-formed id of nothing', async () => {
    await expectNull(b64(`ModerationItem:REPORT:POST:${crypto.randomUUID()}`), moderator);
    const other = await publishPost(server, author, moderator, { title: 'Node types: a second post' });
    const reportId = await fileReport(server, member, other);
    const key = b64(`ModerationItem:REPORT:POST:${localOf(other)}`);
    const found = ok(await node(key, moderator)).node;
    expect(found).toMatchObject({ __typename: 'ModerationItem', subject: { id: other } });
    ok(await resolveRaw(server, moderator, reportId, 'DISMISS'));
    await expectNull(found.id, moderator);
  });

  it.each([
    ['an unknown kind', () => b64(`ModerationItem:NOPE:POST:${crypto.randomUUID()}`)],
    ['a missing target', () => b64('ModerationItem:REPORT:POST:')],
    ['an upper-case uuid', () => b64(`ModerationItem:REPORT:POST:${crypto.randomUUID().toUpperCase()}`)],
  ])('rejects %s with BAD_USER_INPUT', async (_label, id) => {
    const res = await node(id(), moderator);
    expect(codes(res)).toEqual(['BAD_USER_INPUT']);
    expect(res.data).toEqual({ node: null });
  });
});

describe('NetworkMembership', () => {
  let owner: TestUser;
  let requester: TestUser;
  let networkId: string;
  let activeId: string;
  let requestId: string;
  const membersQuery = (status: string) =>
    `query($n: ID!) { node(id: $n) { ... on Network { members(first: 20, status: ${status}) {
      edges { node { id practitioner { id } } } } } } }`;
  const idOf = async (as: TestUser, status: string, who: TestUser) =>
    ok(
      await gql(server, membersQuery(status), { n: networkId }, { token: as.accessToken }),
    ).node.members.edges.find(
      (e: { node: { practitioner: { id: string } } }) => e.node.practitioner.id === who.id,
    ).node.id as string;

  beforeAll(async () => {
    owner = await createPractitioner(server);
    requester = await createPractitioner(server);
    networkId = await createWorkingGroup(server, owner, 'REQUEST');
    await addMember(server, networkId, member, owner);
    await addMember(server, networkId, requester); // a request: the network asks for approval
    activeId = await idOf(owner, 'ACTIVE', member);
    requestId = await idOf(owner, 'REQUESTED', requester);
  });

  it('fetches an active membership for any verified member, with the id of the list and of viewerMembership', async () => {
    const other = await createPractitioner(server);
    for (const as of [other, member, owner, moderator]) {
      expect(ok(await node(activeId, as)).node).toEqual({
        __typename: 'NetworkMembership',
        id: activeId,
        membershipStatus: 'ACTIVE',
        role: 'MEMBER',
        practitioner: { id: member.id },
        network: { id: networkId },
      });
    }
    const mine = ok(
      await gql(
        server,
        `query($n: ID!) { node(id: $n) { ... on Network { viewerMembership { id } } } }`,
        { n: networkId },
        { token: member.accessToken },
      ),
    ).node.viewerMembership;
    expect(mine).toEqual({ id: activeId });
    expect(ok(await nodes([activeId, requestId], owner)).nodes.map((n: { id: string }) => n?.id)).toEqual([
      activeId,
      requestId,
    ]);
  });

  it('keeps its id when a request is approved', async () => {
    const late = await createPractitioner(server);
    await addMember(server, networkId, late);
    const requested = await idOf(owner, 'REQUESTED', late);
    const approved = ok(
      await gql(
        server,
        `mutation($n: ID!, $p: ID!) { approveNetworkRequest(input: { networkId: $n, practitionerId: $p }) { membership { id status } } }`,
        { n: networkId, p: late.id },
        { token: owner.accessToken },
      ),
    ).approveNetworkRequest.membership;
    expect(approved).toEqual({ id: requested, status: 'ACTIVE' });
    expect(ok(await node(requested, late)).node).toMatchObject({ id: requested, membershipStatus: 'ACTIVE' });
  });

  it('shows a request to its requester and the network’s moderators only', async () => {
    for (const as of [requester, owner, moderator])
      expect(ok(await node(requestId, as)).node).toMatchObject({
        id: requestId,
        membershipStatus: 'REQUESTED',
      });
    for (const as of [member, await createPractitioner(server), pending, null])
      await expectNull(requestId, as);
  });

  it('is null for the pending and anonymous, and for a well-formed id of nothing', async () => {
    for (const as of [pending, null]) await expectNull(activeId, as);
    await expectNull(b64(`NetworkMembership:${crypto.randomUUID()}:${crypto.randomUUID()}`), member);
  });

  it('hides the membership of a practitioner the viewer may not see, as the members list does', async () => {
    const later = await createPractitioner(server);
    await addMember(server, networkId, later, owner);
    const id = await idOf(owner, 'ACTIVE', later);
    // Their verification is withdrawn (as vetting would): other members no longer see them.
    await server.database.dataSource
      .getRepository(PractitionerEntity)
      .update({ id: later.localId }, { verification: VerificationStatus.REJECTED });
    await expectNull(id, owner);
    await expectNull(id, member);
    const listed = ok(
      await gql(server, membersQuery('ACTIVE'), { n: networkId }, { token: owner.accessToken }),
    ).node.members.edges.map((e: { node: { id: string } }) => e.node.id);
    expect(listed).not.toContain(id);
    expect(ok(await node(id, moderator)).node).toMatchObject({ id, practitioner: { id: later.id } });
  });

  it.each([
    ['one uuid only', () => b64(`NetworkMembership:${crypto.randomUUID()}`)],
    ['three uuids', () => b64(`NetworkMembership:${[1, 2, 3].map(() => crypto.randomUUID()).join(':')}`)],
    ['a non-uuid part', () => b64(`NetworkMembership:${crypto.randomUUID()}:abc`)],
  ])('rejects %s with BAD_USER_INPUT', async (_label, id) => {
    const res = await node(id(), member);
    expect(codes(res)).toEqual(['BAD_USER_INPUT']);
    expect(res.data).toEqual({ node: null });
  });
});

describe('TreatyStatus', () => {
  const RECORD = `mutation($i: RecordTreatyActionInput!) { recordTreatyAction(input: $i) { treatyStatus { id status } } }`;
  let instrumentId: string;
  let statusId: string;
  const record = async (status: string, date: string) =>
    ok(
      await gql(
        server,
        RECORD,
        {
          i: {
            countryCode: 'ML',
            instrumentId,
            status,
            date,
            sourceUrl: 'https://example.org/depositary/notification',
          },
        },
        { token: moderator.accessToken },
      ),
    ).recordTreatyAction.treatyStatus as { id: string; status: string };

  beforeAll(async () => {
    instrumentId = (await instrumentIds(server)).get('Terrorist Financing Convention')!;
    statusId = (await record('SIGNED', '2001-03-01')).id;
  });

  it('is public: anyone fetches it by id, with the id the instrument lists', async () => {
    for (const as of [null, pending, member]) {
      expect(ok(await node(statusId, as)).node).toEqual({
        __typename: 'TreatyStatus',
        id: statusId,
        treatyStatus: 'SIGNED',
        country: { code: 'ML' },
        instrument: { id: instrumentId },
      });
    }
    const listed = ok(
      await gql(
        server,
        `query($i: ID!) { node(id: $i) { ... on Instrument { statuses { id country { code } } } } }`,
        { i: instrumentId },
      ),
    ).node.statuses.find((s: { country: { code: string } }) => s.country.code === 'ML');
    expect(listed.id).toBe(statusId);
    expect(ok(await nodes([statusId], null)).nodes).toEqual([{ __typename: 'TreatyStatus', id: statusId }]);
  });

  it('keeps its id as actions are recorded', async () => {
    expect(await record('RATIFIED', '2003-05-01')).toEqual({ id: statusId, status: 'RATIFIED' });
    expect(ok(await node(statusId, null)).node).toMatchObject({ id: statusId, treatyStatus: 'RATIFIED' });
  });

  it('is null for a well-formed id of nothing, and a malformed one is BAD_USER_INPUT', async () => {
    await expectNull(b64(`TreatyStatus:${crypto.randomUUID()}`), null);
    const res = await node(b64('TreatyStatus:ML'), null);
    expect(codes(res)).toEqual(['BAD_USER_INPUT']);
  });
});
