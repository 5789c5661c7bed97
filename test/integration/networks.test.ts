import { startTestServer } from '../helpers/server';
import type { TestServer } from '../helpers/server';
import { codes, gql, ok } from '../helpers/graphql';
import { createAdmin, createModerator, createPending, createPractitioner } from '../helpers/factories';
import type { TestUser } from '../helpers/factories';
import {
  NETWORK_FIELDS,
  addMember,
  countryNetworkId,
  createWorkingGroup,
  listNetworks,
  thematicNetworkId,
} from '../helpers/networks';
import { VerificationStatus } from '../../src/common/auth/role';
import { NetworkEntity } from '../../src/modules/network/network.entity';
import { RegionLevel } from '../../src/modules/reference/reference.entity';

const NODE = `query($id: ID!) { node(id: $id) { id ... on Network { ${NETWORK_FIELDS} } } }`;
const JOIN = `mutation($n: ID!) { joinNetwork(input: { networkId: $n }) { network { id memberCount viewerMembership { role status } } } }`;
const LEAVE = `mutation($n: ID!) { leaveNetwork(input: { networkId: $n }) { network { id memberCount viewerMembership { role status } } } }`;
const APPROVE = `mutation($n: ID!, $p: ID!) {
  approveNetworkRequest(input: { networkId: $n, practitionerId: $p }) { membership { role status since practitioner { id } network { id memberCount } } }
}`;
const DECLINE_REQUEST = `mutation($n: ID!, $p: ID!) { declineNetworkRequest(input: { networkId: $n, practitionerId: $p }) { network { id memberCount } } }`;
const INVITE = `mutation($n: ID!, $p: ID!) {
  inviteToNetwork(input: { networkId: $n, practitionerId: $p }) { membership { role status practitioner { id } network { id memberCount } } }
}`;
const DECLINE_INVITATION = `mutation($n: ID!) { declineNetworkInvitation(input: { networkId: $n }) { network { id viewerMembership { status } } } }`;
const SET_ROLE = `mutation($n: ID!, $p: ID!, $r: NetworkRole!) {
  setNetworkRole(input: { networkId: $n, practitionerId: $p, role: $r }) { membership { role status practitioner { id } } }
}`;
const REMOVE = `mutation($n: ID!, $p: ID!) { removeNetworkMember(input: { networkId: $n, practitionerId: $p }) { network { id memberCount } } }`;
const CREATE = `mutation($i: CreateWorkingGroupInput!) { createWorkingGroup(input: $i) { network { ${NETWORK_FIELDS} } } }`;
const UPDATE = `mutation($i: UpdateNetworkInput!) { updateNetwork(input: $i) { network { id name description joinPolicy } } }`;
const SET_COUNTRIES = `mutation($n: ID!, $c: [String!]!) { setNetworkCountries(input: { networkId: $n, countryCodes: $c }) { network { id memberCountries { code } } } }`;
const MEMBERS = `query($id: ID!, $first: Int!, $after: String, $status: MembershipStatus) {
  node(id: $id) { ... on Network {
    members(first: $first, after: $after, status: $status) {
      edges { cursor node { role status since practitioner { id } } } pageInfo { hasNextPage endCursor }
    }
  } }
}`;
const MY_NETWORKS = `query($first: Int!, $after: String) {
  me { networks(first: $first, after: $after) { edges { node { id name } } pageInfo { hasNextPage endCursor } } }
}`;

let server: TestServer;
let admin: TestUser;
let moderator: TestUser;
let member: TestUser;
beforeAll(async () => {
  server = await startTestServer();
  admin = await createAdmin(server);
  moderator = await createModerator(server);
  member = await createPractitioner(server);
});
afterAll(() => server.stop());

const as = (user: TestUser | null) => ({ token: user?.accessToken });
const node = async (id: string, user: TestUser | null) => ok(await gql(server, NODE, { id }, as(user))).node;
const sorted = (xs: string[]) => [...xs].sort();

describe('reference networks', () => {
  it('has one OPEN COUNTRY network per country, named in English, e.g. Niger', async () => {
    const page = await listNetworks(server, member, { kinds: ['COUNTRY'], countryCodes: ['NE'] });
    expect(page.edges.map((e) => e.node)).toEqual([
      expect.objectContaining({
        name: 'Niger',
        kind: 'COUNTRY',
        joinPolicy: 'OPEN',
        country: { code: 'NE' },
        region: null,
        thematicArea: null,
        memberCountries: [],
      }),
    ]);
    const countries = ok(await gql(server, `{ countries { code } }`)).countries;
    const repo = server.database.dataSource.getRepository(NetworkEntity);
    expect(await repo.countBy({ kind: 'COUNTRY' as never })).toBe(countries.length);
  });

  it('has the Sahel with the ten countries of the UN Integrated Strategy for the Sahel', async () => {
    const page = await listNetworks(server, member, { kinds: ['REGIONAL'], search: 'sahel' });
    expect(page.edges).toHaveLength(1);
    const sahel = page.edges[0].node;
    expect(sahel).toMatchObject({ name: 'Sahel', kind: 'REGIONAL', joinPolicy: 'OPEN', region: null });
    expect(sorted(sahel.memberCountries.map((c: { code: string }) => c.code))).toEqual(
      sorted(['BF', 'CM', 'TD', 'GM', 'GN', 'ML', 'MR', 'NE', 'NG', 'SN']),
    );
  });

  it('has a REGIONAL network per M49 sub-region and intermediate region, with the area’s countries', async () => {
    const regions = ok(await gql(server, `{ regions { code level } }`)).regions as {
      code: string;
      level: string;
    }[];
    const m49 = regions.filter(
      (r) => r.level === RegionLevel.SUBREGION || r.level === RegionLevel.INTERMEDIATE_REGION,
    );
    const page = await listNetworks(server, member, { kinds: ['REGIONAL'] });
    expect(page.edges).toHaveLength(m49.length + 1);
    expect(sorted(page.edges.filter((e) => e.node.region).map((e) => e.node.region.code))).toEqual(
      sorted(m49.map((r) => r.code)),
    );
    const westernAfrica = page.edges.find((e) => e.node.region?.code === '011')!.node;
    expect(westernAfrica.name).toBe('Western Africa');
    const expected = ok(await gql(server, `{ countries(regionCode: "011") { code } }`)).countries;
    expect(sorted(westernAfrica.memberCountries.map((c: { code: string }) => c.code))).toEqual(
      sorted(expected.map((c: { code: string }) => c.code)),
    );
  });

  it('finds by country the country network and every regional network that includes it', async () => {
    const page = await listNetworks(server, member, { countryCodes: ['ne'] });
    expect(page.edges.map((e) => e.node.name)).toEqual(
      expect.arrayContaining(['Niger', 'Sahel', 'Western Africa', 'Sub-Saharan Africa']),
    );
    expect(page.edges).toHaveLength(4);
  });

  it('has one OPEN THEMATIC network per thematic area', async () => {
    const areas = ok(await gql(server, `{ thematicAreas { code name } }`)).thematicAreas;
    const page = await listNetworks(server, member, { kinds: ['THEMATIC'] });
    expect(sorted(page.edges.map((e) => e.node.thematicArea.code))).toEqual(
      sorted(areas.map((a: { code: string }) => a.code)),
    );
    const financing = page.edges.find((e) => e.node.thematicArea.code === 'FINANCING_OF_TERRORISM')!.node;
    expect(financing).toMatchObject({ name: 'Financing of terrorism', joinPolicy: 'OPEN', country: null });
  });

  it('creates nothing on a second run (idempotent start-up)', async () => {
    const repo = server.database.dataSource.getRepository(NetworkEntity);
    const before = await repo.count();
    const statements = server.database.counter.count;
    expect(await server.services.referenceNetworks.ensureReferenceNetworks()).toEqual({ created: 0 });
    // One SELECT finds them all: nothing to insert.
    expect(server.database.counter.count - statements).toBe(1);
    expect(await repo.count()).toBe(before);
  });

  it('gives a country network created on an existing database the verified practitioners of its country', async () => {
    const local = await createPractitioner(server, { countryCode: 'TG' });
    await createPending(server, { countryCode: 'TG' });
    await server.database.dataSource.query(
      `DELETE FROM network WHERE "kind" = 'COUNTRY' AND "countryCode" = 'TG'`,
    );
    expect(await server.services.referenceNetworks.ensureReferenceNetworks()).toEqual({ created: 1 });
    const id = await countryNetworkId(server, local, 'TG');
    expect(await node(id, local)).toMatchObject({
      name: 'Togo',
      memberCount: 1,
      viewerMembership: { role: 'MEMBER', status: 'ACTIVE' },
    });
  });

  it('serves a network through node(id:) to signed-in callers only', async () => {
    const id = await countryNetworkId(server, member, 'SN');
    expect(await node(id, member)).toMatchObject({ id, name: 'Senegal', kind: 'COUNTRY' });
    expect(await node(id, null)).toBeNull();
  });
});

describe('networks(first, after, filter)', () => {
  it('requires a signed-in caller', async () => {
    const res = await gql(server, `{ networks { edges { node { id } } } }`);
    expect(codes(res)).toEqual(['UNAUTHENTICATED']);
  });

  it('pages through all country networks by name without gaps or duplicates', async () => {
    const total = ok(await gql(server, `{ countries { code } }`)).countries.length;
    const names: string[] = [];
    let after: string | null = null;
    let pages = 0;
    do {
      const page = await listNetworks(server, member, { kinds: ['COUNTRY'] }, 100, after);
      names.push(...page.edges.map((e) => e.node.name));
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
      pages += 1;
    } while (after);
    expect(pages).toBe(Math.ceil(total / 100));
    expect(names).toHaveLength(total);
    expect(new Set(names).size).toBe(total);
    expect(names).toContain('Niger');
  });

  it('pages through the thematic networks three at a time', async () => {
    const all = await listNetworks(server, member, { kinds: ['THEMATIC'] });
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const page = await listNetworks(server, member, { kinds: ['THEMATIC'] }, 3, after);
      expect(page.edges.length).toBeLessThanOrEqual(3);
      seen.push(...page.edges.map((e) => e.node.id));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(seen).toEqual(all.edges.map((e) => e.node.id));
    expect(seen.length).toBeGreaterThan(3);
  });

  it('searches names case-insensitively, treating % and _ literally', async () => {
    const page = await listNetworks(server, member, { search: 'AFRICA', kinds: ['REGIONAL'] });
    expect(page.edges.length).toBeGreaterThanOrEqual(5);
    expect(page.edges.every((e) => /africa/i.test(e.node.name))).toBe(true);
    expect((await listNetworks(server, member, { search: '%' })).edges).toEqual([]);
  });

  it.each([
    ['an unknown country code', { countryCodes: ['ZZ'] }],
    ['a malformed country code', { countryCodes: ['NER'] }],
    ['an empty search', { search: '' }],
  ])('rejects %s with BAD_USER_INPUT', async (_label, filter) => {
    const res = await gql(
      server,
      `query($f: NetworkFilter) { networks(filter: $f) { edges { node { id } } } }`,
      {
        f: filter,
      },
      as(member),
    );
    expect(codes(res)).toEqual(['BAD_USER_INPUT']);
  });

  it('rejects a bad cursor and a bad page size', async () => {
    expect(
      codes(await gql(server, `{ networks(after: "garbage") { edges { cursor } } }`, {}, as(member))),
    ).toEqual(['BAD_USER_INPUT']);
    expect(codes(await gql(server, `{ networks(first: 0) { edges { cursor } } }`, {}, as(member)))).toEqual([
      'BAD_USER_INPUT',
    ]);
  });
});

describe('join policies', () => {
  it('OPEN: joins at once, counts once, leaves; joining or leaving twice is a no-op', async () => {
    const user = await createPractitioner(server);
    const id = await thematicNetworkId(server, user, 'BORDER_SECURITY');
    const before = (await node(id, user)).memberCount;
    const joined = ok(await gql(server, JOIN, { n: id }, as(user))).joinNetwork.network;
    expect(joined).toEqual({
      id,
      memberCount: before + 1,
      viewerMembership: { role: 'MEMBER', status: 'ACTIVE' },
    });
    expect(ok(await gql(server, JOIN, { n: id }, as(user))).joinNetwork.network.memberCount).toBe(before + 1);
    const left = ok(await gql(server, LEAVE, { n: id }, as(user))).leaveNetwork.network;
    expect(left).toEqual({ id, memberCount: before, viewerMembership: null });
    expect(ok(await gql(server, LEAVE, { n: id }, as(user))).leaveNetwork.network.memberCount).toBe(before);
  });

  it('counts concurrent joins once each', async () => {
    const id = await thematicNetworkId(server, member, 'PRISON_MANAGEMENT_AND_RADICALIZATION');
    const before = (await node(id, member)).memberCount;
    const users = await Promise.all(Array.from({ length: 6 }, () => createPractitioner(server)));
    const results = await Promise.all([...users, ...users].map((u) => gql(server, JOIN, { n: id }, as(u))));
    expect(results.flatMap((r) => codes(r))).toEqual([]);
    expect((await node(id, member)).memberCount).toBe(before + users.length);
  });

  it('REQUEST: a request the owner approves or declines; only moderators of it see requests', async () => {
    const owner = await createPractitioner(server);
    const id = await createWorkingGroup(server, owner, 'REQUEST');
    const asker = await createPractitioner(server);
    const other = await createPractitioner(server);
    const requested = ok(await gql(server, JOIN, { n: id }, as(asker))).joinNetwork.network;
    expect(requested).toMatchObject({
      memberCount: 1,
      viewerMembership: { role: 'MEMBER', status: 'REQUESTED' },
    });
    expect(
      ok(await gql(server, JOIN, { n: id }, as(asker))).joinNetwork.network.viewerMembership.status,
    ).toBe('REQUESTED');

    const pending = ok(await gql(server, MEMBERS, { id, first: 10, status: 'REQUESTED' }, as(owner))).node
      .members;
    expect(
      pending.edges.map((e: { node: { practitioner: { id: string } } }) => e.node.practitioner.id),
    ).toEqual([asker.id]);
    const hidden = await gql(server, MEMBERS, { id, first: 10, status: 'REQUESTED' }, as(other));
    expect(codes(hidden)).toEqual(['FORBIDDEN']);

    expect(codes(await gql(server, APPROVE, { n: id, p: asker.id }, as(other)))).toEqual(['FORBIDDEN']);
    const approved = ok(await gql(server, APPROVE, { n: id, p: asker.id }, as(owner))).approveNetworkRequest
      .membership;
    expect(approved).toMatchObject({ role: 'MEMBER', status: 'ACTIVE', practitioner: { id: asker.id } });
    expect(approved.network.memberCount).toBe(2);
    // Approving a member again is a no-op.
    expect(
      ok(await gql(server, APPROVE, { n: id, p: asker.id }, as(owner))).approveNetworkRequest.membership
        .network.memberCount,
    ).toBe(2);

    ok(await gql(server, JOIN, { n: id }, as(other)));
    const declined = ok(await gql(server, DECLINE_REQUEST, { n: id, p: other.id }, as(owner)))
      .declineNetworkRequest.network;
    expect(declined.memberCount).toBe(2);
    expect((await node(id, other)).viewerMembership).toBeNull();
    expect(codes(await gql(server, DECLINE_REQUEST, { n: id, p: other.id }, as(owner)))).toEqual([
      'CONFLICT',
    ]);
    expect(codes(await gql(server, APPROVE, { n: id, p: other.id }, as(owner)))).toEqual(['CONFLICT']);
  });

  it('REQUEST: a global moderator approves too; a requester may withdraw by leaving', async () => {
    const owner = await createPractitioner(server);
    const id = await createWorkingGroup(server, owner, 'REQUEST');
    const a = await createPractitioner(server);
    const b = await createPractitioner(server);
    ok(await gql(server, JOIN, { n: id }, as(a)));
    ok(await gql(server, JOIN, { n: id }, as(b)));
    expect(
      ok(await gql(server, APPROVE, { n: id, p: a.id }, as(moderator))).approveNetworkRequest.membership
        .status,
    ).toBe('ACTIVE');
    expect(ok(await gql(server, LEAVE, { n: id }, as(b))).leaveNetwork.network).toMatchObject({
      memberCount: 2,
      viewerMembership: null,
    });
  });

  it('INVITE: FORBIDDEN without an invitation; an invitation is accepted by joining or declined', async () => {
    const owner = await createPractitioner(server);
    const id = await createWorkingGroup(server, owner, 'INVITE');
    const guest = await createPractitioner(server);
    const refuser = await createPractitioner(server);
    expect(codes(await gql(server, JOIN, { n: id }, as(guest)))).toEqual(['FORBIDDEN']);

    const invited = ok(await gql(server, INVITE, { n: id, p: guest.id }, as(owner))).inviteToNetwork
      .membership;
    expect(invited).toMatchObject({ role: 'MEMBER', status: 'INVITED', practitioner: { id: guest.id } });
    expect(invited.network.memberCount).toBe(1);
    // Inviting again is a no-op.
    expect(
      ok(await gql(server, INVITE, { n: id, p: guest.id }, as(owner))).inviteToNetwork.membership.status,
    ).toBe('INVITED');
    const invitations = await listNetworks(server, guest, { viewerMembershipStatus: 'INVITED' });
    expect(invitations.edges.map((e) => e.node.id)).toEqual([id]);

    const joined = ok(await gql(server, JOIN, { n: id }, as(guest))).joinNetwork.network;
    expect(joined).toMatchObject({ memberCount: 2, viewerMembership: { status: 'ACTIVE', role: 'MEMBER' } });
    expect(codes(await gql(server, INVITE, { n: id, p: guest.id }, as(owner)))).toEqual(['CONFLICT']);

    ok(await gql(server, INVITE, { n: id, p: refuser.id }, as(owner)));
    const declined = ok(await gql(server, DECLINE_INVITATION, { n: id }, as(refuser)))
      .declineNetworkInvitation.network;
    expect(declined).toEqual({ id, viewerMembership: null });
    expect(codes(await gql(server, DECLINE_INVITATION, { n: id }, as(refuser)))).toEqual(['CONFLICT']);
    expect(codes(await gql(server, JOIN, { n: id }, as(refuser)))).toEqual(['FORBIDDEN']);
  });

  it('inviting someone who asked to join admits them', async () => {
    const owner = await createPractitioner(server);
    const id = await createWorkingGroup(server, owner, 'REQUEST');
    const asker = await createPractitioner(server);
    ok(await gql(server, JOIN, { n: id }, as(asker)));
    const res = ok(await gql(server, INVITE, { n: id, p: asker.id }, as(owner))).inviteToNetwork.membership;
    expect(res).toMatchObject({ status: 'ACTIVE', network: { memberCount: 2 } });
  });

  it('refuses invitations by non-moderators, to oneself, to unknown or unvetted people', async () => {
    const owner = await createPractitioner(server);
    const id = await createWorkingGroup(server, owner, 'INVITE');
    const outsider = await createPractitioner(server);
    const pending = await createPending(server);
    expect(codes(await gql(server, INVITE, { n: id, p: outsider.id }, as(member)))).toEqual(['FORBIDDEN']);
    expect(codes(await gql(server, INVITE, { n: id, p: owner.id }, as(owner)))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await gql(server, INVITE, { n: id, p: pending.id }, as(owner)))).toEqual(['NOT_FOUND']);
    // A moderator sees the pending practitioner, but cannot invite them before they are vetted.
    expect(codes(await gql(server, INVITE, { n: id, p: pending.id }, as(moderator)))).toEqual(['CONFLICT']);
    const ghost = Buffer.from('Practitioner:00000000-0000-4000-8000-000000000000').toString('base64url');
    expect(codes(await gql(server, INVITE, { n: id, p: ghost }, as(owner)))).toEqual(['NOT_FOUND']);
    expect(codes(await gql(server, INVITE, { n: id, p: 'not-an-id' }, as(owner)))).toEqual([
      'BAD_USER_INPUT',
    ]);
    // A network id where a practitioner id is expected.
    expect(codes(await gql(server, INVITE, { n: id, p: id }, as(owner)))).toEqual(['BAD_USER_INPUT']);
  });

  it('answers NOT_FOUND for an unknown network and BAD_USER_INPUT for a malformed or foreign id', async () => {
    const ghost = Buffer.from('Network:00000000-0000-4000-8000-000000000000').toString('base64url');
    for (const q of [JOIN, LEAVE, DECLINE_INVITATION]) {
      expect(codes(await gql(server, q, { n: ghost }, as(member)))).toEqual(['NOT_FOUND']);
      expect(codes(await gql(server, q, { n: 'garbage' }, as(member)))).toEqual(['BAD_USER_INPUT']);
      expect(codes(await gql(server, q, { n: member.id }, as(member)))).toEqual(['BAD_USER_INPUT']);
    }
    expect(codes(await gql(server, APPROVE, { n: ghost, p: member.id }, as(moderator)))).toEqual([
      'NOT_FOUND',
    ]);
    expect(codes(await gql(server, SET_ROLE, { n: ghost, p: member.id, r: 'MODERATOR' }, as(admin)))).toEqual(
      ['NOT_FOUND'],
    );
  });

  it('refuses pending and rejected practitioners (FORBIDDEN) and anonymous callers (UNAUTHENTICATED)', async () => {
    const id = await thematicNetworkId(server, member, 'VICTIMS_OF_TERRORISM');
    const pending = await createPending(server);
    const rejected = await createPractitioner(server, { verification: VerificationStatus.REJECTED });
    for (const who of [pending, rejected]) {
      expect(codes(await gql(server, JOIN, { n: id }, as(who)))).toEqual(['FORBIDDEN']);
      const res = await gql(server, CREATE, { i: { name: 'Not allowed', joinPolicy: 'OPEN' } }, as(who));
      expect(codes(res)).toEqual(['FORBIDDEN']);
    }
    expect(codes(await gql(server, JOIN, { n: id }, as(null)))).toEqual(['UNAUTHENTICATED']);
    expect(codes(await gql(server, LEAVE, { n: id }, as(null)))).toEqual(['UNAUTHENTICATED']);
    expect(codes(await gql(server, CREATE, { i: { name: 'Anonymous' } }, as(null)))).toEqual([
      'UNAUTHENTICATED',
    ]);
    expect(codes(await gql(server, APPROVE, { n: id, p: member.id }, as(null)))).toEqual(['UNAUTHENTICATED']);
    expect(codes(await gql(server, INVITE, { n: id, p: member.id }, as(null)))).toEqual(['UNAUTHENTICATED']);
    expect(codes(await gql(server, DECLINE_INVITATION, { n: id }, as(null)))).toEqual(['UNAUTHENTICATED']);
    expect(codes(await gql(server, SET_ROLE, { n: id, p: member.id, r: 'MEMBER' }, as(null)))).toEqual([
      'UNAUTHENTICATED',
    ]);
    expect(codes(await gql(server, UPDATE, { i: { id, name: 'x' } }, as(null)))).toEqual(['UNAUTHENTICATED']);
  });
});

describe('roles', () => {
  it('the owner appoints a moderator, who then approves requests but cannot assign roles', async () => {
    const owner = await createPractitioner(server);
    const id = await createWorkingGroup(server, owner, 'REQUEST');
    const mod = await createPractitioner(server);
    const asker = await createPractitioner(server);
    await addMember(server, id, mod, owner);
    const appointed = ok(await gql(server, SET_ROLE, { n: id, p: mod.id, r: 'MODERATOR' }, as(owner)))
      .setNetworkRole.membership;
    expect(appointed).toEqual({ role: 'MODERATOR', status: 'ACTIVE', practitioner: { id: mod.id } });
    expect((await node(id, mod)).viewerCanModerate).toBe(true);
    ok(await gql(server, JOIN, { n: id }, as(asker)));
    expect(
      ok(await gql(server, APPROVE, { n: id, p: asker.id }, as(mod))).approveNetworkRequest.membership.status,
    ).toBe('ACTIVE');
    expect(codes(await gql(server, SET_ROLE, { n: id, p: asker.id, r: 'MODERATOR' }, as(mod)))).toEqual([
      'FORBIDDEN',
    ]);
    expect(codes(await gql(server, SET_ROLE, { n: id, p: asker.id, r: 'MODERATOR' }, as(moderator)))).toEqual(
      ['FORBIDDEN'],
    );
    expect((await node(id, asker)).viewerCanModerate).toBe(false);
  });

  it('gives roles to active members only (CONFLICT otherwise)', async () => {
    const owner = await createPractitioner(server);
    const id = await createWorkingGroup(server, owner, 'INVITE');
    const invitee = await createPractitioner(server);
    ok(await gql(server, INVITE, { n: id, p: invitee.id }, as(owner)));
    expect(codes(await gql(server, SET_ROLE, { n: id, p: invitee.id, r: 'MODERATOR' }, as(owner)))).toEqual([
      'CONFLICT',
    ]);
    expect(codes(await gql(server, SET_ROLE, { n: id, p: member.id, r: 'MODERATOR' }, as(owner)))).toEqual([
      'CONFLICT',
    ]);
  });

  it('keeps the last owner: they cannot leave nor step down until another member is OWNER', async () => {
    const owner = await createPractitioner(server);
    const id = await createWorkingGroup(server, owner, 'OPEN');
    const heir = await createPractitioner(server);
    await addMember(server, id, heir);
    expect(codes(await gql(server, LEAVE, { n: id }, as(owner)))).toEqual(['CONFLICT']);
    expect(codes(await gql(server, SET_ROLE, { n: id, p: owner.id, r: 'MEMBER' }, as(owner)))).toEqual([
      'CONFLICT',
    ]);
    ok(await gql(server, SET_ROLE, { n: id, p: heir.id, r: 'OWNER' }, as(owner)));
    const left = ok(await gql(server, LEAVE, { n: id }, as(owner))).leaveNetwork.network;
    expect(left).toMatchObject({ memberCount: 1, viewerMembership: null });
    expect(codes(await gql(server, LEAVE, { n: id }, as(heir)))).toEqual(['CONFLICT']);
  });

  it('lets only one of two owners leave when they leave at the same time', async () => {
    const groups = await Promise.all(
      Array.from({ length: 4 }, async () => {
        const first = await createPractitioner(server);
        const second = await createPractitioner(server);
        const id = await createWorkingGroup(server, first, 'OPEN');
        await addMember(server, id, second);
        ok(await gql(server, SET_ROLE, { n: id, p: second.id, r: 'OWNER' }, as(first)));
        return { id, owners: [first, second] };
      }),
    );
    const results = await Promise.all(
      groups.map(({ id, owners }) => Promise.all(owners.map((u) => gql(server, LEAVE, { n: id }, as(u))))),
    );
    for (const both of results)
      expect(both.map((r) => codes(r)[0] ?? 'OK').sort()).toEqual(['CONFLICT', 'OK']);
    for (const { id } of groups) expect((await node(id, member)).memberCount).toBe(1);
  });

  it('lets an admin appoint moderators of a reference network', async () => {
    const user = await createPractitioner(server);
    const id = await thematicNetworkId(server, user, 'CBRN_TERRORISM');
    ok(await gql(server, JOIN, { n: id }, as(user)));
    const res = ok(await gql(server, SET_ROLE, { n: id, p: user.id, r: 'MODERATOR' }, as(admin)))
      .setNetworkRole.membership;
    expect(res.role).toBe('MODERATOR');
    expect(codes(await gql(server, SET_ROLE, { n: id, p: user.id, r: 'OWNER' }, as(user)))).toEqual([
      'FORBIDDEN',
    ]);
  });
});

describe('removeNetworkMember', () => {
  it('lets network moderators remove members, and only owners or admins remove owners and moderators', async () => {
    const owner = await createPractitioner(server);
    const id = await createWorkingGroup(server, owner, 'OPEN');
    const [mod, mod2, a, b] = await Promise.all([1, 2, 3, 4].map(() => createPractitioner(server)));
    for (const p of [mod, mod2, a, b]) await addMember(server, id, p);
    ok(await gql(server, SET_ROLE, { n: id, p: mod.id, r: 'MODERATOR' }, as(owner)));
    ok(await gql(server, SET_ROLE, { n: id, p: mod2.id, r: 'MODERATOR' }, as(owner)));

    expect(
      ok(await gql(server, REMOVE, { n: id, p: a.id }, as(mod))).removeNetworkMember.network.memberCount,
    ).toBe(4);
    expect((await node(id, a)).viewerMembership).toBeNull();
    expect(codes(await gql(server, REMOVE, { n: id, p: a.id }, as(mod)))).toEqual(['CONFLICT']);
    expect(codes(await gql(server, REMOVE, { n: id, p: owner.id }, as(mod)))).toEqual(['FORBIDDEN']);
    expect(codes(await gql(server, REMOVE, { n: id, p: mod2.id }, as(mod)))).toEqual(['FORBIDDEN']);
    expect(codes(await gql(server, REMOVE, { n: id, p: mod.id }, as(b)))).toEqual(['FORBIDDEN']);
    expect(codes(await gql(server, REMOVE, { n: id, p: mod.id }, as(mod)))).toEqual(['BAD_USER_INPUT']);

    expect(
      ok(await gql(server, REMOVE, { n: id, p: b.id }, as(moderator))).removeNetworkMember.network
        .memberCount,
    ).toBe(3);
    expect(
      ok(await gql(server, REMOVE, { n: id, p: mod2.id }, as(owner))).removeNetworkMember.network.memberCount,
    ).toBe(2);
    expect((await node(id, mod2)).viewerCanModerate).toBe(false);
    expect(codes(await gql(server, REMOVE, { n: id, p: owner.id }, as(admin)))).toEqual(['CONFLICT']);
    expect((await node(id, owner)).memberCount).toBe(2);
  });

  it('withdraws an invitation, after which joining is FORBIDDEN', async () => {
    const owner = await createPractitioner(server);
    const id = await createWorkingGroup(server, owner, 'INVITE');
    const invitee = await createPractitioner(server);
    ok(await gql(server, INVITE, { n: id, p: invitee.id }, as(owner)));
    expect(
      ok(await gql(server, REMOVE, { n: id, p: invitee.id }, as(owner))).removeNetworkMember.network
        .memberCount,
    ).toBe(1);
    expect((await node(id, invitee)).viewerMembership).toBeNull();
    expect(codes(await gql(server, JOIN, { n: id }, as(invitee)))).toEqual(['FORBIDDEN']);
  });

  it('answers NOT_FOUND, BAD_USER_INPUT and UNAUTHENTICATED for unknown, malformed and anonymous calls', async () => {
    const owner = await createPractitioner(server);
    const id = await createWorkingGroup(server, owner, 'OPEN');
    const unknownNetwork = Buffer.from('Network:00000000-0000-4000-8000-000000000000').toString('base64url');
    const ghost = Buffer.from('Practitioner:00000000-0000-4000-8000-000000000000').toString('base64url');
    expect(codes(await gql(server, REMOVE, { n: unknownNetwork, p: member.id }, as(owner)))).toEqual([
      'NOT_FOUND',
    ]);
    expect(codes(await gql(server, REMOVE, { n: id, p: ghost }, as(owner)))).toEqual(['NOT_FOUND']);
    expect(codes(await gql(server, REMOVE, { n: id, p: 'garbage' }, as(owner)))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await gql(server, REMOVE, { n: id, p: member.id }, as(null)))).toEqual(['UNAUTHENTICATED']);
  });
});

describe('createWorkingGroup and updateNetwork', () => {
  it('creates a working group owned by its creator', async () => {
    const owner = await createPractitioner(server);
    const res = ok(
      await gql(
        server,
        CREATE,
        { i: { name: '  Extradition course 2026  ', description: 'Alumni.', joinPolicy: 'INVITE' } },
        as(owner),
      ),
    ).createWorkingGroup.network;
    expect(res).toMatchObject({
      name: 'Extradition course 2026',
      kind: 'WORKING_GROUP',
      joinPolicy: 'INVITE',
      memberCount: 1,
      description: 'Alumni.',
      country: null,
      memberCountries: [],
      viewerMembership: { role: 'OWNER', status: 'ACTIVE' },
      viewerCanModerate: true,
    });
    const defaulted = ok(await gql(server, CREATE, { i: { name: 'Default policy' } }, as(owner)))
      .createWorkingGroup.network;
    expect(defaulted.joinPolicy).toBe('REQUEST');
  });

  it.each([
    ['a blank name', { name: '   ' }],
    ['an empty name', { name: '' }],
    ['a name over 200 characters', { name: 'x'.repeat(201) }],
    ['a description over 4,000 characters', { name: 'ok', description: 'x'.repeat(4001) }],
  ])('refuses %s (BAD_USER_INPUT)', async (_label, input) => {
    const res = await gql(server, CREATE, { i: input }, as(member));
    expect(codes(res)).toEqual(['BAD_USER_INPUT']);
  });

  it('lets the owner edit name, description and policy; others are FORBIDDEN', async () => {
    const owner = await createPractitioner(server);
    const id = await createWorkingGroup(server, owner, 'REQUEST');
    const res = ok(
      await gql(
        server,
        UPDATE,
        { i: { id, name: 'Renamed', description: null, joinPolicy: 'OPEN' } },
        as(owner),
      ),
    ).updateNetwork.network;
    expect(res).toEqual({ id, name: 'Renamed', description: null, joinPolicy: 'OPEN' });
    const m = await createPractitioner(server);
    await addMember(server, id, m);
    expect(codes(await gql(server, UPDATE, { i: { id, name: 'Mine now' } }, as(m)))).toEqual(['FORBIDDEN']);
    expect(codes(await gql(server, UPDATE, { i: { id, name: 'Mod' } }, as(moderator)))).toEqual([
      'FORBIDDEN',
    ]);
    expect(codes(await gql(server, UPDATE, { i: { id, name: null } }, as(owner)))).toEqual([
      'BAD_USER_INPUT',
    ]);
    expect(codes(await gql(server, UPDATE, { i: { id, joinPolicy: null } }, as(owner)))).toEqual([
      'BAD_USER_INPUT',
    ]);
    const ghost = Buffer.from('Network:00000000-0000-4000-8000-000000000000').toString('base64url');
    expect(codes(await gql(server, UPDATE, { i: { id: ghost, name: 'x' } }, as(admin)))).toEqual([
      'NOT_FOUND',
    ]);
  });

  it('lets an admin edit a reference network, keeping its kind and country', async () => {
    const id = await countryNetworkId(server, admin, 'ML');
    const res = ok(
      await gql(server, UPDATE, { i: { id, description: 'Réseau des praticiens maliens.' } }, as(admin)),
    ).updateNetwork.network;
    expect(res.description).toBe('Réseau des praticiens maliens.');
    expect(await node(id, admin)).toMatchObject({ kind: 'COUNTRY', country: { code: 'ML' }, name: 'Mali' });
    expect(codes(await gql(server, UPDATE, { i: { id, name: 'Mine' } }, as(member)))).toEqual(['FORBIDDEN']);
  });
});

describe('working-group names', () => {
  const refused = async (input: Record<string, unknown>, field = 'name') => {
    const before = await server.database.dataSource.getRepository(NetworkEntity).count();
    const res = await gql(server, CREATE, { i: input }, as(member));
    expect(codes(res)).toEqual(['BAD_USER_INPUT']);
    expect(res.errors![0].extensions!.fields).toEqual([expect.objectContaining({ field })]);
    expect(await server.database.dataSource.getRepository(NetworkEntity).count()).toBe(before);
  };

  it.each([
    ['a country, in English', 'Niger'],
    ['a country, in another case and spacing', '  NI-GER '],
    ['a country, without its accent (Spanish Níger)', 'niger.'],
    ['a country, in Spanish', 'Costa de Marfil'],
    ['a country, without accents or punctuation (French Côte-d’Ivoire)', 'cote divoire'],
    ['a country, in Russian', 'Нигер'],
    ['a country, in Arabic', 'النيجر'],
    ['a country, in Chinese', '尼日尔'],
    ['an M49 region', 'Western Africa'],
    ['an M49 region, any case and spacing', 'sub-saharan   africa'],
    ['a named grouping', 'SAHEL'],
    ['a thematic area, in English', 'Financing of terrorism'],
    ['a thematic area, in French', 'Financement du Terrorisme'],
    ['a thematic area, in Chinese', '资助恐怖主义'],
  ])('refuses the name of a reference network: %s', async (_label, name) => {
    await refused({ name });
  });

  it('refuses a reference name when renaming a working group, not for an admin editing a reference network', async () => {
    const owner = await createPractitioner(server);
    const id = await createWorkingGroup(server, owner, 'OPEN', 'Niger prosecutors');
    const res = await gql(server, UPDATE, { i: { id, name: 'Mali' } }, as(owner));
    expect(codes(res)).toEqual(['BAD_USER_INPUT']);
    expect((await node(id, owner)).name).toBe('Niger prosecutors');
    const mali = await countryNetworkId(server, admin, 'ML');
    expect(
      ok(await gql(server, UPDATE, { i: { id: mali, name: 'Mali' } }, as(admin))).updateNetwork.network.name,
    ).toBe('Mali');
  });

  it.each([
    ['a URL', 'Verify your account at https://evil.example/login'],
    ['a www address', 'URGENT: www.evil.example'],
    ['a domain name', 'URGENT: verify your account at evil.com'],
    ['an e-mail address', 'Write to admin@evil.com'],
  ])('refuses a name holding %s', async (_label, name) => {
    await refused({ name });
  });

  it('accepts names that merely contain a reference name, and links in descriptions', async () => {
    const res = ok(
      await gql(
        server,
        CREATE,
        { i: { name: 'Niger–Mali extradition course', description: 'Material: https://www.unodc.org/' } },
        as(member),
      ),
    ).createWorkingGroup.network;
    expect(res.name).toBe('Niger–Mali extradition course');
  });
});

describe('setNetworkCountries', () => {
  it('lets an admin set the countries of an M49 network (which then drive the country filter)', async () => {
    const page = await listNetworks(server, admin, { kinds: ['REGIONAL'], search: 'Central Asia' });
    const id = page.edges[0].node.id;
    expect(page.edges[0].node.memberCountries.map((c: { code: string }) => c.code)).toContain('UZ');
    const res = ok(await gql(server, SET_COUNTRIES, { n: id, c: ['kz', 'KG', 'KZ'] }, as(admin)))
      .setNetworkCountries.network;
    expect(sorted(res.memberCountries.map((c: { code: string }) => c.code))).toEqual(['KG', 'KZ']);
    const byUz = await listNetworks(server, admin, { kinds: ['REGIONAL'], countryCodes: ['UZ'] });
    expect(byUz.edges.map((e) => e.node.id)).not.toContain(id);
    const byKz = await listNetworks(server, admin, { kinds: ['REGIONAL'], countryCodes: ['KZ'] });
    expect(byKz.edges.map((e) => e.node.id)).toContain(id);
  });

  it('edits a named grouping', async () => {
    const owner = await createPractitioner(server);
    const [sahel] = (await listNetworks(server, owner, { search: 'Sahel' })).edges;
    const codesNow = sahel.node.memberCountries.map((c: { code: string }) => c.code);
    const res = ok(await gql(server, SET_COUNTRIES, { n: sahel.node.id, c: [...codesNow, 'DZ'] }, as(admin)))
      .setNetworkCountries.network;
    expect(res.memberCountries).toHaveLength(11);
    ok(await gql(server, SET_COUNTRIES, { n: sahel.node.id, c: codesNow }, as(admin)));
  });

  it('is for admins only, on REGIONAL networks, with known countries', async () => {
    const [sahel] = (await listNetworks(server, admin, { search: 'Sahel' })).edges;
    const n = sahel.node.id;
    expect(codes(await gql(server, SET_COUNTRIES, { n, c: ['NE'] }, as(moderator)))).toEqual(['FORBIDDEN']);
    expect(codes(await gql(server, SET_COUNTRIES, { n, c: ['NE'] }, as(member)))).toEqual(['FORBIDDEN']);
    expect(codes(await gql(server, SET_COUNTRIES, { n, c: ['NE'] }, as(null)))).toEqual(['UNAUTHENTICATED']);
    expect(codes(await gql(server, SET_COUNTRIES, { n, c: ['ZZ'] }, as(admin)))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await gql(server, SET_COUNTRIES, { n, c: [] }, as(admin)))).toEqual(['BAD_USER_INPUT']);
    const niger = await countryNetworkId(server, admin, 'NE');
    expect(codes(await gql(server, SET_COUNTRIES, { n: niger, c: ['NE'] }, as(admin)))).toEqual(['CONFLICT']);
    const ghost = Buffer.from('Network:00000000-0000-4000-8000-000000000000').toString('base64url');
    expect(codes(await gql(server, SET_COUNTRIES, { n: ghost, c: ['NE'] }, as(admin)))).toEqual([
      'NOT_FOUND',
    ]);
  });
});

describe('country networks and verification', () => {
  const VERIFY = `mutation($id: ID!, $d: VerificationDecision!) { verifyPractitioner(input: { id: $id, decision: $d }) { practitioner { id } } }`;
  const UPDATE_PROFILE = `mutation($c: String!) { updateProfile(input: { countryCode: $c }) { practitioner { id } } }`;

  it('joins a practitioner to their country’s network when a moderator verifies them', async () => {
    const niger = await countryNetworkId(server, member, 'NE');
    const before = (await node(niger, member)).memberCount;
    const newcomer = await createPending(server, { countryCode: 'NE' });
    // Networks are for verified members: a pending account does not see them at all.
    expect(await node(niger, newcomer)).toBeNull();
    ok(await gql(server, VERIFY, { id: newcomer.id, d: 'APPROVE' }, as(moderator)));
    const after = await node(niger, member);
    expect(after.memberCount).toBe(before + 1);
    expect((await node(niger, newcomer)).viewerMembership).toEqual({ role: 'MEMBER', status: 'ACTIVE' });
    const mine = ok(await gql(server, MY_NETWORKS, { first: 10 }, as(newcomer))).me.networks;
    expect(mine.edges.map((e: { node: { name: string } }) => e.node.name)).toEqual(['Niger']);
  });

  it('does not join a rejected practitioner, nor a pending one who changes country', async () => {
    const chad = await countryNetworkId(server, member, 'TD');
    const before = (await node(chad, member)).memberCount;
    const rejected = await createPending(server, { countryCode: 'TD' });
    ok(await gql(server, VERIFY, { id: rejected.id, d: 'REJECT' }, as(moderator)));
    const pending = await createPending(server, { countryCode: 'NE' });
    ok(await gql(server, UPDATE_PROFILE, { c: 'TD' }, as(pending)));
    expect((await node(chad, member)).memberCount).toBe(before);
  });

  it('joins a verified practitioner who moves to the new country’s network, keeping the old one', async () => {
    const mover = await createPending(server, { countryCode: 'NE' });
    ok(await gql(server, VERIFY, { id: mover.id, d: 'APPROVE' }, as(moderator)));
    ok(await gql(server, UPDATE_PROFILE, { c: 'sn' }, as(mover)));
    const mine = ok(await gql(server, MY_NETWORKS, { first: 10 }, as(mover))).me.networks;
    expect(mine.edges.map((e: { node: { name: string } }) => e.node.name)).toEqual(['Niger', 'Senegal']);
  });

  it('lets a member leave their own country’s network', async () => {
    const user = await createPending(server, { countryCode: 'BF' });
    ok(await gql(server, VERIFY, { id: user.id, d: 'APPROVE' }, as(moderator)));
    const bf = await countryNetworkId(server, user, 'BF');
    expect(
      ok(await gql(server, LEAVE, { n: bf }, as(user))).leaveNetwork.network.viewerMembership,
    ).toBeNull();
  });
});

describe('members and Practitioner.networks', () => {
  it('pages through members oldest first, with role and since', async () => {
    const owner = await createPractitioner(server);
    const id = await createWorkingGroup(server, owner, 'OPEN');
    const others: TestUser[] = [];
    for (let i = 0; i < 4; i++) {
      const u = await createPractitioner(server);
      await addMember(server, id, u);
      others.push(u);
    }
    const seen: { id: string; role: string; since: string }[] = [];
    let after: string | null = null;
    let pages = 0;
    do {
      const page = await gql(server, MEMBERS, { id, first: 2, after }, as(member));
      const res: {
        edges: { node: { role: string; since: string; practitioner: { id: string } } }[];
        pageInfo: { hasNextPage: boolean; endCursor: string | null };
      } = ok(page).node.members;
      seen.push(
        ...res.edges.map((e) => ({
          id: e.node.practitioner.id,
          role: e.node.role,
          since: e.node.since,
        })),
      );
      after = res.pageInfo.hasNextPage ? res.pageInfo.endCursor : null;
      pages += 1;
    } while (after);
    expect(pages).toBe(3);
    expect(seen.map((s) => s.id)).toEqual([owner.id, ...others.map((o) => o.id)]);
    expect(seen[0].role).toBe('OWNER');
    expect(seen.every((s) => !Number.isNaN(Date.parse(s.since)))).toBe(true);
    const bad = await gql(server, MEMBERS, { id, first: 2, after: 'nonsense' }, as(member));
    expect(codes(bad)).toEqual(['BAD_USER_INPUT']);
  });

  it('lists a practitioner’s active networks by name, in pages, leaving out requests and invitations', async () => {
    const user = await createPractitioner(server);
    const names = ['Zeta group', 'Alpha group', 'Mu group'];
    for (const name of names) {
      const owner = await createPractitioner(server);
      const id = await createWorkingGroup(server, owner, 'OPEN', name);
      await addMember(server, id, user);
    }
    const owner = await createPractitioner(server);
    const requested = await createWorkingGroup(server, owner, 'REQUEST', 'Beta group');
    ok(await gql(server, JOIN, { n: requested }, as(user)));
    const first = ok(await gql(server, MY_NETWORKS, { first: 2 }, as(user))).me.networks;
    expect(first.edges.map((e: { node: { name: string } }) => e.node.name)).toEqual([
      'Alpha group',
      'Mu group',
    ]);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const second = ok(await gql(server, MY_NETWORKS, { first: 2, after: first.pageInfo.endCursor }, as(user)))
      .me.networks;
    expect(second.edges.map((e: { node: { name: string } }) => e.node.name)).toEqual(['Zeta group']);
    expect(second.pageInfo.hasNextPage).toBe(false);
    // Seen by someone else through node(id:).
    const seen = ok(
      await gql(
        server,
        `query($id: ID!) { node(id: $id) { ... on Practitioner { networks { edges { node { name } } } } } }`,
        {
          id: user.id,
        },
        as(member),
      ),
    ).node.networks;
    expect(seen.edges).toHaveLength(3);
  });
});

describe('SQL statements per page', () => {
  const PAGE = `query($first: Int!) {
    networks(first: $first) { edges { node { name memberCount viewerMembership { role } country { name } } } }
  }`;
  const RICH_PAGE = `query($first: Int!) {
    networks(first: $first) { edges { node {
      id name kind memberCount viewerCanModerate viewerIsFollowing
      viewerMembership { role status since }
      country { name } region { name } thematicArea { name } memberCountries { code }
      members(first: 3) { edges { node { role since practitioner { id displayName } } } pageInfo { hasNextPage } }
    } } }
  }`;

  async function statements(query: string, first: number, viewer: TestUser): Promise<number> {
    await server.services.notifications.drain(); // notifications are written in the background
    const before = server.database.counter.count;
    const res = await gql(server, query, { first }, as(viewer));
    const data = ok(res);
    expect(data.networks.edges).toHaveLength(first);
    return server.database.counter.count - before;
  }

  it('is the same for 10 and for 50 networks', async () => {
    const viewer = await createPractitioner(server);
    // The first page of 10 holds every kind of network (some loaders only run for some kinds), and the viewer
    // is a member of some of them, so that every loader has rows to return in both pages.
    const regional = (await listNetworks(server, admin, { search: 'Melanesia' })).edges[0].node.id;
    const thematic = await thematicNetworkId(server, admin, 'BORDER_SECURITY');
    for (const [id, name] of [
      [regional, 'AAA Melanesia'],
      [thematic, 'AAA Border security'],
    ])
      ok(await gql(server, UPDATE, { i: { id, name } }, as(admin)));
    await createWorkingGroup(server, viewer, 'OPEN', 'AAA working group');
    const page = await listNetworks(server, viewer, {}, 10);
    expect(new Set(page.edges.map((e) => e.node.kind))).toEqual(
      new Set(['COUNTRY', 'REGIONAL', 'THEMATIC', 'WORKING_GROUP']),
    );
    for (const e of page.edges.slice(0, 6)) ok(await gql(server, JOIN, { n: e.node.id }, as(viewer)));
    // The session check, the page, the viewer's memberships.
    expect(await statements(PAGE, 10, viewer)).toBe(3);
    expect(await statements(PAGE, 50, viewer)).toBe(3);
    // ... and the viewer's follows, stored member countries, members (one LATERAL query), their practitioners.
    expect(await statements(RICH_PAGE, 10, viewer)).toBe(7);
    expect(await statements(RICH_PAGE, 50, viewer)).toBe(7);
  });
});

describe('start-up with the demo community', () => {
  let demo: TestServer;
  beforeAll(async () => {
    // The demo seed prints its logins; keep them out of the test output.
    jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
    demo = await startTestServer({
      SEED_DEMO: 'true',
      ADMIN_EMAIL: 'root@ministry.example',
      ADMIN_PASSWORD: 'an admin password of length',
    });
  });
  afterAll(async () => {
    jest.restoreAllMocks();
    await demo.stop();
  });

  it('makes every verified account created at start-up a member of its country’s network', async () => {
    const ds = demo.database.dataSource;
    const rows: { countryCode: string; members: number; memberCount: number }[] = await ds.query(
      `SELECT p."countryCode", count(m."networkId")::int AS "members", max(n."memberCount") AS "memberCount"
       FROM practitioner p
       LEFT JOIN network n ON n."kind" = 'COUNTRY' AND n."countryCode" = p."countryCode"
       LEFT JOIN network_member m ON m."networkId" = n."id" AND m."practitionerId" = p."id" AND m."status" = 'ACTIVE'
       GROUP BY p."countryCode" ORDER BY p."countryCode"`,
    );
    expect(rows.length).toBeGreaterThanOrEqual(7);
    for (const r of rows) expect(r).toMatchObject({ members: r.memberCount });
    // The first admin and the demo admin both work in Austria.
    expect(rows.find((r) => r.countryCode === 'AT')).toMatchObject({ members: 2, memberCount: 2 });
    expect(rows.find((r) => r.countryCode === 'NE')).toMatchObject({ members: 1, memberCount: 1 });
  });
});
