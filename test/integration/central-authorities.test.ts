import { startTestServer } from '../helpers/server';
import type { TestServer } from '../helpers/server';
import { codes, gql, ok } from '../helpers/graphql';
import { createAdmin, createModerator, createPending, createPractitioner } from '../helpers/factories';
import type { TestUser } from '../helpers/factories';
import { Role } from '../../src/common/auth/role';

let server: TestServer;
let moderator: TestUser;
let member: TestUser;
beforeAll(async () => {
  server = await startTestServer();
  [moderator, member] = await Promise.all([createModerator(server), createPractitioner(server)]);
});
afterAll(() => server.stop());

const FIELDS = `id name kinds legalBasis languages channels address website phone email urgentContact
  lastConfirmedAt lastConfirmedBy { id } isDemo country { code }`;
const CREATE = `mutation($i: CreateCentralAuthorityInput!) { createCentralAuthority(input: $i) { centralAuthority { ${FIELDS} } } }`;
const UPDATE = `mutation($i: UpdateCentralAuthorityInput!) { updateCentralAuthority(input: $i) { centralAuthority { ${FIELDS} } } }`;
const CONFIRM = `mutation($id: ID!) { confirmCentralAuthority(input: { id: $id }) { centralAuthority { ${FIELDS} } } }`;
const LIST = `query($c: String!, $k: [CooperationKind!]) { centralAuthorities(countryCode: $c, kinds: $k) { ${FIELDS}
  history { change changedFields snapshot createdAt } } }`;

const entry = (o: Record<string, unknown> = {}) => ({
  countryCode: 'NE',
  name: 'Demo Directorate of Criminal Affairs and Pardons (demo)',
  kinds: ['EXTRADITION', 'MUTUAL_LEGAL_ASSISTANCE'],
  legalBasis: 'Code of Criminal Procedure (demo reference)',
  languages: ['FR', 'EN'],
  channels: ['DIPLOMATIC', 'DIRECT'],
  address: 'Demo address, Niamey',
  website: 'https://example.org/central-authority',
  phone: '+227 20 00 00 00',
  email: 'entraide@example.org',
  urgentContact: 'Duty prosecutor, +227 90 00 00 00 (24/7)',
  ...o,
});
const create = async (o: Record<string, unknown> = {}, user: TestUser = moderator) =>
  ok(await gql(server, CREATE, { i: entry(o) }, { token: user.accessToken })).createCentralAuthority
    .centralAuthority;
const list = async (countryCode: string, user: TestUser | null, kinds?: string[]) =>
  ok(await gql(server, LIST, { c: countryCode, k: kinds ?? null }, { token: user?.accessToken ?? null }))
    .centralAuthorities;

describe('the directory', () => {
  it('moderators and admins create entries; the public fields are for everyone', async () => {
    const created = await create({ countryCode: 'ne' });
    expect(created).toMatchObject({
      name: 'Demo Directorate of Criminal Affairs and Pardons (demo)',
      kinds: ['EXTRADITION', 'MUTUAL_LEGAL_ASSISTANCE'],
      languages: ['FR', 'EN'],
      channels: ['DIPLOMATIC', 'DIRECT'],
      country: { code: 'NE' },
      lastConfirmedAt: null,
      phone: '+227 20 00 00 00',
    });
    const admin = await createAdmin(server);
    await create(
      {
        countryCode: 'NE',
        name: 'Demo Ministry of Justice, transfer unit (demo)',
        kinds: ['TRANSFER_OF_SENTENCED_PERSONS'],
      },
      admin,
    );
    const anonymous = await list('NE', null);
    expect(anonymous.map((a: { name: string }) => a.name)).toEqual([
      'Demo Directorate of Criminal Affairs and Pardons (demo)',
      'Demo Ministry of Justice, transfer unit (demo)',
    ]);
    expect(anonymous[0]).toMatchObject({
      address: 'Demo address, Niamey',
      website: 'https://example.org/central-authority',
    });
  });

  it('filters by kind of cooperation', async () => {
    await create({ countryCode: 'ML', name: 'Extradition desk (demo)', kinds: ['EXTRADITION'] });
    await create({ countryCode: 'ML', name: 'Asset recovery office (demo)', kinds: ['ASSET_RECOVERY'] });
    expect((await list('ML', member, ['ASSET_RECOVERY'])).map((a: { name: string }) => a.name)).toEqual([
      'Asset recovery office (demo)',
    ]);
    expect((await list('ML', member, ['ASSET_RECOVERY', 'EXTRADITION'])).length).toBe(2);
    expect(await list('BF', member)).toEqual([]);
  });

  it('shows the restricted contacts to verified members only: null for unverified and anonymous callers', async () => {
    await create({ countryCode: 'TD', name: 'Restricted contacts (demo)' });
    const pending = await createPending(server);
    const verified = (await list('TD', member))[0];
    expect(verified).toMatchObject({
      phone: '+227 20 00 00 00',
      email: 'entraide@example.org',
      urgentContact: 'Duty prosecutor, +227 90 00 00 00 (24/7)',
    });
    for (const viewer of [pending, null]) {
      const row = (await list('TD', viewer))[0];
      expect(row).toMatchObject({
        phone: null,
        email: null,
        urgentContact: null,
        name: 'Restricted contacts (demo)',
      });
    }
    // node(id:) applies the same rule.
    const viaNode = ok(
      await gql(
        server,
        `query($id: ID!) { node(id: $id) { ... on CentralAuthority { email urgentContact } } }`,
        {
          id: verified.id,
        },
      ),
    ).node;
    expect(viaNode).toEqual({ email: null, urgentContact: null });
  });

  it('keeps every change in a history that only moderators read; confirmation records who and when', async () => {
    const { id } = await create({ countryCode: 'SN', name: 'Senegal desk (demo)' });
    const updated = ok(
      await gql(
        server,
        UPDATE,
        { i: { id, email: 'new@example.org', channels: ['INTERPOL'], name: 'Senegal desk (demo)' } },
        { token: moderator.accessToken },
      ),
    ).updateCentralAuthority.centralAuthority;
    expect(updated).toMatchObject({ email: 'new@example.org', channels: ['INTERPOL'] });
    const cleared = ok(
      await gql(server, UPDATE, { i: { id, urgentContact: null } }, { token: moderator.accessToken }),
    ).updateCentralAuthority.centralAuthority;
    expect(cleared.urgentContact).toBeNull();
    const confirmed = ok(await gql(server, CONFIRM, { id }, { token: moderator.accessToken }))
      .confirmCentralAuthority.centralAuthority;
    expect(confirmed.lastConfirmedAt).not.toBeNull();
    expect(confirmed.lastConfirmedBy).toEqual({ id: moderator.id });

    const [forModerator] = await list('SN', moderator);
    expect(
      forModerator.history.map((h: { change: string; changedFields: string[] }) => [
        h.change,
        h.changedFields,
      ]),
    ).toEqual([
      [
        'CREATE',
        [
          'name',
          'kinds',
          'legalBasis',
          'languages',
          'channels',
          'address',
          'website',
          'phone',
          'email',
          'urgentContact',
        ],
      ],
      ['UPDATE', ['channels', 'email']],
      ['UPDATE', ['urgentContact']],
      ['CONFIRM', []],
    ]);
    expect(forModerator.history[0].snapshot).toMatchObject({
      email: 'entraide@example.org',
      channels: ['DIPLOMATIC', 'DIRECT'],
    });
    expect(forModerator.history[1].snapshot).toMatchObject({
      email: 'new@example.org',
      channels: ['INTERPOL'],
    });
    const [forMember] = await list('SN', member);
    expect(forMember.history).toBeNull();
    // An edit that changes nothing records nothing.
    ok(
      await gql(server, UPDATE, { i: { id, name: 'Senegal desk (demo)' } }, { token: moderator.accessToken }),
    );
    expect((await list('SN', moderator))[0].history).toHaveLength(4);
  });

  it('refuses members, experts, anonymous callers, unknown entries and bad input', async () => {
    const expert = await createPractitioner(server, { role: Role.EXPERT });
    for (const user of [member, expert])
      expect(codes(await gql(server, CREATE, { i: entry() }, { token: user.accessToken }))).toEqual([
        'FORBIDDEN',
      ]);
    expect(codes(await gql(server, CREATE, { i: entry() }))).toEqual(['UNAUTHENTICATED']);
    const { id } = await create({ countryCode: 'GH', name: 'Ghana desk (demo)' });
    expect(codes(await gql(server, UPDATE, { i: { id, name: 'x' } }, { token: member.accessToken }))).toEqual(
      ['FORBIDDEN'],
    );
    expect(codes(await gql(server, CONFIRM, { id }, { token: member.accessToken }))).toEqual(['FORBIDDEN']);
    const unknown = Buffer.from('CentralAuthority:00000000-0000-4000-8000-000000000000').toString(
      'base64url',
    );
    expect(codes(await gql(server, CONFIRM, { id: unknown }, { token: moderator.accessToken }))).toEqual([
      'NOT_FOUND',
    ]);
    expect(
      codes(await gql(server, UPDATE, { i: { id: unknown, name: 'x' } }, { token: moderator.accessToken })),
    ).toEqual(['NOT_FOUND']);

    const bad = async (o: Record<string, unknown>) => {
      const res = await gql(server, CREATE, { i: entry(o) }, { token: moderator.accessToken });
      expect(codes(res)).toEqual(['BAD_USER_INPUT']);
      return res.errors![0];
    };
    const country = await bad({ countryCode: 'QQ' });
    expect(country.message).toMatch(/Unknown country code QQ/);
    expect(country.extensions?.fields?.[0].field).toBe('countryCode');
    expect((await bad({ website: 'example.org/page' })).extensions?.fields?.[0].field).toBe('website');
    await bad({ email: 'not-an-email' });
    await bad({ phone: 'call me' });
    await bad({ kinds: [] });
    await bad({ name: '   ' });
    expect(
      codes(await gql(server, UPDATE, { i: { id, kinds: null } }, { token: moderator.accessToken })),
    ).toEqual(['BAD_USER_INPUT']);
    expect(codes(await gql(server, LIST, { c: 'QQ' }))).toEqual(['BAD_USER_INPUT']);
  });
});
