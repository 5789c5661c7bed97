import { startTestServer } from '../helpers/server';
import type { TestServer } from '../helpers/server';
import { codes, gql, ok } from '../helpers/graphql';
import { createAdmin, createModerator, createPending, createPractitioner } from '../helpers/factories';
import type { TestUser } from '../helpers/factories';
import { Role } from '../../src/common/auth/role';
import { LD_FIELDS, instrumentIds, propose, publishLegal, review } from '../helpers/legal';

let server: TestServer;
let moderator: TestUser;
let expert: TestUser;
let member: TestUser;
let instruments: Map<string, string>;
beforeAll(async () => {
  server = await startTestServer();
  [moderator, expert, member] = await Promise.all([
    createModerator(server),
    createPractitioner(server, { role: Role.EXPERT }),
    createPractitioner(server),
  ]);
  instruments = await instrumentIds(server);
});
afterAll(() => server.stop());

const NODE = `query($id: ID!) { node(id: $id) { ... on LegalDevelopment { id status title history { action fromStatus toStatus note } } } }`;
const node = async (user: TestUser | null, id: string) =>
  ok(await gql(server, NODE, { id }, { token: user?.accessToken ?? null })).node;

const LIST = `query($f: LegalDevelopmentFilter, $first: Int, $after: String) {
  legalDevelopments(first: $first, after: $after, filter: $f) {
    edges { cursor node { id title effectiveDate kind country { code } } } pageInfo { hasNextPage endCursor } } }`;
const list = async (
  filter: Record<string, unknown>,
  first = 100,
  after: string | null = null,
  user?: TestUser,
) =>
  ok(await gql(server, LIST, { f: filter, first, after }, { token: user?.accessToken ?? null }))
    .legalDevelopments;
const listIds = async (filter: Record<string, unknown>) =>
  (await list(filter)).edges.map((e: { node: { id: string } }) => e.node.id);

const UPDATE = `mutation($i: UpdateLegalDevelopmentInput!) { updateLegalDevelopment(input: $i) { legalDevelopment { ${LD_FIELDS} } } }`;
const update = (user: TestUser, id: string, input: Record<string, unknown>) =>
  gql(server, UPDATE, { i: { ...input, id } }, { token: user.accessToken });

describe('proposal and review', () => {
  it('a member’s proposal awaits review, hidden from others until a moderator approves it', async () => {
    const other = await createPractitioner(server);
    const proposed = ok(
      await propose(server, member, {
        title: 'Anti-terrorism law of 2024',
        instrumentIds: [instruments.get('UNTOC')!],
      }),
    ).proposeLegalDevelopment.legalDevelopment;
    expect(proposed).toMatchObject({
      status: 'PENDING_REVIEW',
      publishedAt: null,
      kind: 'LEGISLATION',
      country: { code: 'NE' },
      thematicAreas: [{ code: 'FINANCING_OF_TERRORISM' }],
      instruments: [{ shortName: 'UNTOC' }],
      author: { id: member.id },
    });
    expect(await node(other, proposed.id)).toBeNull();
    expect(await node(null, proposed.id)).toBeNull();
    expect((await node(moderator, proposed.id)).status).toBe('PENDING_REVIEW');
    expect(await listIds({ countryCodes: ['NE'] })).not.toContain(proposed.id);

    const approved = ok(await review(server, moderator, proposed.id, 'APPROVE', 'Well sourced.'))
      .reviewLegalDevelopment.legalDevelopment;
    expect(approved.status).toBe('PUBLISHED');
    expect(approved.publishedAt).not.toBeNull();
    expect((await node(other, proposed.id)).status).toBe('PUBLISHED');
    expect((await node(null, proposed.id)).title).toBe('Anti-terrorism law of 2024');
    expect(await listIds({ countryCodes: ['NE'] })).toContain(proposed.id);
    // The history: author and moderators only.
    expect((await node(member, proposed.id)).history).toEqual([
      { action: 'SUBMIT', fromStatus: null, toStatus: 'PENDING_REVIEW', note: null },
      { action: 'APPROVE', fromStatus: 'PENDING_REVIEW', toStatus: 'PUBLISHED', note: 'Well sourced.' },
    ]);
    expect((await node(other, proposed.id)).history).toBeNull();
  });

  it('requested changes: the author edits, which submits it again; a rejection is final', async () => {
    const { id } = ok(await propose(server, member, { title: 'Draft decree' })).proposeLegalDevelopment
      .legalDevelopment;
    expect(
      ok(await review(server, moderator, id, 'REQUEST_CHANGES', 'Add the citation')).reviewLegalDevelopment
        .legalDevelopment.status,
    ).toBe('CHANGES_REQUESTED');
    const edited = ok(await update(member, id, { title: 'Decree No. 2024-117', citation: 'Decree 2024-117' }))
      .updateLegalDevelopment.legalDevelopment;
    expect(edited).toMatchObject({
      status: 'PENDING_REVIEW',
      title: 'Decree No. 2024-117',
      citation: 'Decree 2024-117',
    });
    expect((await node(member, id)).history.map((h: { action: string }) => h.action)).toEqual([
      'SUBMIT',
      'REQUEST_CHANGES',
      'SUBMIT',
    ]);
    expect(
      ok(await review(server, moderator, id, 'REJECT')).reviewLegalDevelopment.legalDevelopment.status,
    ).toBe('REJECTED');
    expect(codes(await update(member, id, { title: 'Again' }))).toEqual(['CONFLICT']);
    expect(codes(await review(server, moderator, id, 'APPROVE'))).toEqual(['CONFLICT']);
  });

  it('refuses reviews by members, by the author, of unknown ids, and notes that are too long', async () => {
    const { id } = ok(await propose(server, member)).proposeLegalDevelopment.legalDevelopment;
    const other = await createPractitioner(server);
    expect(codes(await review(server, other, id, 'APPROVE'))).toEqual(['NOT_FOUND']);
    const own = ok(await propose(server, moderator, { publishDirectly: false })).proposeLegalDevelopment
      .legalDevelopment;
    expect(own.status).toBe('PENDING_REVIEW');
    const selfReview = await review(server, moderator, own.id, 'APPROVE');
    expect(codes(selfReview)).toEqual(['FORBIDDEN']);
    expect(selfReview.errors![0].message).toMatch(/own legal developments/);
    const published = await publishLegal(server, expert);
    expect(codes(await review(server, other, published, 'APPROVE'))).toEqual(['FORBIDDEN']);
    expect(codes(await review(server, moderator, published, 'APPROVE'))).toEqual(['CONFLICT']);
    const unknown = Buffer.from('LegalDevelopment:00000000-0000-4000-8000-000000000000').toString(
      'base64url',
    );
    expect(codes(await review(server, moderator, unknown, 'APPROVE'))).toEqual(['NOT_FOUND']);
    const tooLong = await review(server, moderator, id, 'REJECT', 'x'.repeat(1001));
    expect(codes(tooLong)).toEqual(['BAD_USER_INPUT']);
    expect(tooLong.errors![0].extensions?.fields?.[0].field).toBe('note');
    expect(codes(await review(server, moderator, 'not-an-id', 'APPROVE'))).toEqual(['BAD_USER_INPUT']);
  });

  it('experts, moderators and admins publish directly; members cannot ask to', async () => {
    const admin = await createAdmin(server);
    for (const publisher of [expert, moderator, admin]) {
      const ld = ok(await propose(server, publisher, { kind: 'POLICY' })).proposeLegalDevelopment
        .legalDevelopment;
      expect(ld.status).toBe('PUBLISHED');
      expect((await node(publisher, ld.id)).history).toEqual([
        { action: 'PUBLISH', fromStatus: null, toStatus: 'PUBLISHED', note: null },
      ]);
    }
    expect(
      ok(await propose(server, expert, { publishDirectly: false })).proposeLegalDevelopment.legalDevelopment
        .status,
    ).toBe('PENDING_REVIEW');
    expect(codes(await propose(server, member, { publishDirectly: true }))).toEqual(['FORBIDDEN']);
  });

  it('refuses unverified and anonymous proposers', async () => {
    const pending = await createPending(server);
    expect(codes(await propose(server, pending))).toEqual(['FORBIDDEN']);
    expect(codes(await propose(server, null))).toEqual(['UNAUTHENTICATED']);
  });

  it('edits: others are refused, members cannot edit their published ones, experts and moderators can', async () => {
    const { id } = ok(await propose(server, member)).proposeLegalDevelopment.legalDevelopment;
    const other = await createPractitioner(server);
    expect(codes(await update(other, id, { title: 'Mine now' }))).toEqual(['NOT_FOUND']);
    ok(await review(server, moderator, id, 'APPROVE'));
    expect(codes(await update(other, id, { title: 'Mine now' }))).toEqual(['FORBIDDEN']);
    expect(codes(await update(member, id, { title: 'Changed after publication' }))).toEqual(['FORBIDDEN']);
    expect(
      ok(await update(moderator, id, { title: 'Corrected by a moderator' })).updateLegalDevelopment
        .legalDevelopment.title,
    ).toBe('Corrected by a moderator');
    const expertOwn = await publishLegal(server, expert);
    const moved = ok(await update(expert, expertOwn, { jurisdictionBody: 'African Union' }))
      .updateLegalDevelopment.legalDevelopment;
    expect(moved).toMatchObject({ jurisdictionBody: 'African Union', country: null, status: 'PUBLISHED' });
    expect(codes(await update(expert, expertOwn, { title: null }))).toEqual(['BAD_USER_INPUT']);
  });
});

describe('bad input', () => {
  const field = (res: Awaited<ReturnType<typeof propose>>) => res.errors?.[0]?.extensions?.fields?.[0]?.field;

  it('rejects an unknown country, a missing or double jurisdiction, and unknown thematic areas', async () => {
    const unknown = await propose(server, member, { countryCode: 'ZZ' });
    expect(codes(unknown)).toEqual(['BAD_USER_INPUT']);
    expect(unknown.errors![0].message).toMatch(/Unknown country code ZZ/);
    expect(field(unknown)).toBe('countryCode');
    expect(codes(await propose(server, member, { countryCode: null }))).toEqual(['BAD_USER_INPUT']);
    expect(
      codes(await propose(server, member, { countryCode: 'NE', jurisdictionBody: 'UN Security Council' })),
    ).toEqual(['BAD_USER_INPUT']);
    const area = await propose(server, member, { thematicAreaCodes: ['NOT_AN_AREA'] });
    expect(codes(area)).toEqual(['BAD_USER_INPUT']);
    expect(field(area)).toBe('thematicAreaCodes');
  });

  it('rejects a future date where it makes no sense, and impossible dates; a law may take effect later', async () => {
    const future = new Date(Date.now() + 40 * 24 * 3600 * 1000).toISOString().slice(0, 10);
    const decision = await propose(server, member, { kind: 'COURT_DECISION', effectiveDate: future });
    expect(codes(decision)).toEqual(['BAD_USER_INPUT']);
    expect(decision.errors![0].message).toMatch(/effectiveDate cannot be in the future/);
    expect(field(decision)).toBe('effectiveDate');
    expect(
      codes(
        await propose(server, member, {
          kind: 'UN_RESOLUTION',
          jurisdictionBody: 'UN Security Council',
          countryCode: null,
          effectiveDate: future,
        }),
      ),
    ).toEqual(['BAD_USER_INPUT']);
    expect(
      ok(await propose(server, member, { kind: 'LEGISLATION', effectiveDate: future }))
        .proposeLegalDevelopment.legalDevelopment.effectiveDate,
    ).toBe(future);
    const impossible = await propose(server, member, { effectiveDate: '2024-02-30' });
    expect(codes(impossible)).toEqual(['BAD_USER_INPUT']);
    expect(field(impossible)).toBe('effectiveDate');
    expect(codes(await propose(server, member, { effectiveDate: '31/12/2024' }))).toEqual(['BAD_USER_INPUT']);
  });

  it('rejects malformed source URLs and unknown instruments', async () => {
    for (const url of ['not a url', 'ftp://example.org/file', 'javascript:alert(1)', 'https://localhost']) {
      const res = await propose(server, member, { sourceUrl: url });
      expect(codes(res)).toEqual(['BAD_USER_INPUT']);
      expect(field(res)).toBe('sourceUrl');
    }
    const unknown = Buffer.from('Instrument:00000000-0000-4000-8000-000000000000').toString('base64url');
    expect(codes(await propose(server, member, { instrumentIds: [unknown] }))).toEqual(['NOT_FOUND']);
    expect(codes(await propose(server, member, { instrumentIds: [member.id] }))).toEqual(['BAD_USER_INPUT']);
  });
});

describe('lists, filters and pagination', () => {
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    const nuclear = instruments.get('Nuclear Terrorism Convention')!;
    const financing = instruments.get('Terrorist Financing Convention')!;
    // Countries used only here: Burkina Faso and Mali (Western Africa, 011), Chile (South America).
    ids.bfLaw = await publishLegal(server, expert, {
      countryCode: 'BF',
      kind: 'LEGISLATION',
      effectiveDate: '2021-01-10',
      thematicAreaCodes: ['FINANCING_OF_TERRORISM'],
      instrumentIds: [financing],
    });
    ids.bfCourt = await publishLegal(server, expert, {
      countryCode: 'BF',
      kind: 'COURT_DECISION',
      effectiveDate: '2022-06-15',
      thematicAreaCodes: ['VICTIMS_OF_TERRORISM'],
    });
    ids.mlPolicy = await publishLegal(server, expert, {
      countryCode: 'ML',
      kind: 'POLICY',
      effectiveDate: '2023-03-01',
      thematicAreaCodes: ['CBRN_TERRORISM'],
      instrumentIds: [nuclear],
    });
    ids.clLaw = await publishLegal(server, expert, {
      countryCode: 'CL',
      kind: 'LEGISLATION',
      effectiveDate: '2020-05-05',
      thematicAreaCodes: ['CBRN_TERRORISM'],
      instrumentIds: [nuclear, financing],
    });
  });

  it('filters by country, region, thematic area, kind, instrument and dates', async () => {
    expect(await listIds({ countryCodes: ['BF'] })).toEqual([ids.bfCourt, ids.bfLaw]);
    expect(await listIds({ countryCodes: ['bf', 'CL'] })).toEqual([ids.bfCourt, ids.bfLaw, ids.clLaw]);
    const westAfrica = await listIds({ regionCodes: ['011'] });
    expect(westAfrica).toEqual(expect.arrayContaining([ids.bfCourt, ids.bfLaw, ids.mlPolicy]));
    expect(westAfrica).not.toContain(ids.clLaw);
    expect(
      await listIds({ countryCodes: ['BF', 'ML', 'CL'], thematicAreaCodes: ['CBRN_TERRORISM'] }),
    ).toEqual([ids.mlPolicy, ids.clLaw]);
    expect(await listIds({ countryCodes: ['BF', 'ML', 'CL'], kinds: ['LEGISLATION'] })).toEqual([
      ids.bfLaw,
      ids.clLaw,
    ]);
    expect(await listIds({ instrumentIds: [instruments.get('Nuclear Terrorism Convention')] })).toEqual([
      ids.mlPolicy,
      ids.clLaw,
    ]);
    expect(await listIds({ countryCodes: ['BF', 'ML', 'CL'], from: '2021-01-10', to: '2022-12-31' })).toEqual(
      [ids.bfCourt, ids.bfLaw],
    );
    const country = ok(
      await gql(server, `{ country(code: "ML") { legalDevelopments(first: 10) { edges { node { id } } } } }`),
    ).country.legalDevelopments.edges.map((e: { node: { id: string } }) => e.node.id);
    expect(country).toEqual([ids.mlPolicy]);
  });

  it('pages newest by date first with keyset cursors, for anonymous callers too', async () => {
    const all = await listIds({ countryCodes: ['BF', 'ML', 'CL'] });
    expect(all).toEqual([ids.mlPolicy, ids.bfCourt, ids.bfLaw, ids.clLaw]);
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const page = await list({ countryCodes: ['BF', 'ML', 'CL'] }, 1, after);
      seen.push(...page.edges.map((e: { node: { id: string } }) => e.node.id));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(seen).toEqual(all);
  });

  it('costs the same number of SQL statements for a page of 2 and a page of 6, related fields included', async () => {
    const PAGE = `query($first: Int) { legalDevelopments(first: $first, filter: { regionCodes: ["011", "005"] }) {
      edges { node { id country { name } thematicAreas { name } instruments { shortName } author { id displayName } } } } }`;
    // Dated after every other development here, so that both pages start with these (related instruments
    // included): with equal dates, the order of the page (and so which loaders run) would depend on random ids.
    const extra = await Promise.all(
      ['GH', 'SN', 'NG'].map((c) =>
        publishLegal(server, expert, {
          countryCode: c,
          effectiveDate: '2025-06-01',
          instrumentIds: [instruments.get('UNTOC')!],
        }),
      ),
    );
    expect(extra).toHaveLength(3);
    // Publications notify followers in the background: let those writes finish before counting statements.
    await server.services.notifications.drain();
    const count = async (first: number) => {
      const before = server.database.counter.count;
      const page = ok(await gql(server, PAGE, { first }, { token: member.accessToken })).legalDevelopments;
      expect(page.edges).toHaveLength(first);
      return server.database.counter.count - before;
    };
    const two = await count(2);
    expect(await count(6)).toBe(two);
  });

  it('rejects bad filters and cursors with BAD_USER_INPUT', async () => {
    for (const filter of [
      { countryCodes: ['ZZ'] },
      { regionCodes: ['999'] },
      { thematicAreaCodes: ['NOPE'] },
      { from: '2024-13-01' },
      { from: '2024-02-01', to: '2024-01-01' },
      { instrumentIds: ['bogus'] },
    ]) {
      expect(codes(await gql(server, LIST, { f: filter, first: 5 }))).toEqual(['BAD_USER_INPUT']);
    }
    expect(codes(await gql(server, LIST, { f: {}, first: 5, after: 'garbage' }))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await gql(server, LIST, { f: {}, first: 0 }))).toEqual(['BAD_USER_INPUT']);
  });
});

describe('node and input echo', () => {
  it('round-trips Arabic text unchanged and exposes an international jurisdiction', async () => {
    const title = 'قانون مكافحة الإرهاب لعام 2024';
    const ld = ok(
      await propose(server, expert, {
        title,
        language: 'AR',
        countryCode: null,
        jurisdictionBody: 'UN Security Council',
        kind: 'UN_RESOLUTION',
        effectiveDate: '2017-12-21',
      }),
    ).proposeLegalDevelopment.legalDevelopment;
    expect(ld).toMatchObject({
      title,
      language: 'AR',
      country: null,
      jurisdictionBody: 'UN Security Council',
    });
  });
});
