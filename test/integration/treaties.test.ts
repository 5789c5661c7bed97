import { startTestServer } from '../helpers/server';
import type { TestServer } from '../helpers/server';
import { codes, gql, ok } from '../helpers/graphql';
import { createAdmin, createModerator, createPractitioner } from '../helpers/factories';
import type { TestUser } from '../helpers/factories';
import { Role } from '../../src/common/auth/role';
import { instrumentIds } from '../helpers/legal';
import { SEED_INSTRUMENTS } from '../../src/modules/instrument/instrument.data';

let server: TestServer;
let admin: TestUser;
let moderator: TestUser;
let expert: TestUser;
let member: TestUser;
let instruments: Map<string, string>;
beforeAll(async () => {
  server = await startTestServer();
  [admin, moderator, expert, member] = await Promise.all([
    createAdmin(server),
    createModerator(server),
    createPractitioner(server, { role: Role.EXPERT }),
    createPractitioner(server),
  ]);
  instruments = await instrumentIds(server);
});
afterAll(() => server.stop());

const INSTRUMENTS = `query($f: InstrumentFilter, $first: Int, $after: String) { instruments(first: $first, after: $after, filter: $f) {
  edges { node { id shortName title yearAdopted category depositary sourceUrl } } pageInfo { hasNextPage endCursor } } }`;

const RECORD = `mutation($i: RecordTreatyActionInput!) { recordTreatyAction(input: $i) {
  treatyStatus { status date reservations declarations sourceUrl recordedBy { id } country { code } instrument { shortName }
    history { fromStatus status date note } }
  legalDevelopment { id kind status title summary effectiveDate country { code } instruments { shortName } author { id } } } }`;
const record = (user: TestUser | null, input: Record<string, unknown>) =>
  gql(
    server,
    RECORD,
    {
      i: {
        countryCode: 'NE',
        instrumentId: instruments.get('Terrorist Financing Convention'),
        status: 'RATIFIED',
        date: '2004-06-30',
        sourceUrl: 'https://example.org/depositary/notification',
        ...input,
      },
    },
    { token: user?.accessToken ?? null },
  );

describe('instruments', () => {
  it('seeds the 19 universal instruments and UNTOC, oldest first, for anonymous callers', async () => {
    const page = ok(await gql(server, INSTRUMENTS, { first: 100 })).instruments;
    const nodes = page.edges.map((e: { node: Record<string, unknown> }) => e.node);
    const universal = nodes.filter((n: { category: string }) => n.category === 'UNIVERSAL_COUNTER_TERRORISM');
    expect(universal).toHaveLength(19);
    expect(universal[0]).toMatchObject({ shortName: 'Tokyo Convention', yearAdopted: 1963 });
    expect(universal[18]).toMatchObject({ shortName: 'Montreal Protocol 2014', yearAdopted: 2014 });
    expect(universal.map((n: { shortName: string }) => n.shortName)).toEqual(
      expect.arrayContaining(['Terrorist Financing Convention', 'Nuclear Terrorism Convention']),
    );
    expect(nodes.find((n: { shortName: string }) => n.shortName === 'UNTOC')).toMatchObject({
      yearAdopted: 2000,
      category: 'UN_CONVENTION',
      title: 'United Nations Convention against Transnational Organized Crime',
    });
    const years = nodes.map((n: { yearAdopted: number }) => n.yearAdopted);
    expect(years).toEqual([...years].sort((a, b) => a - b));
  });

  it('seeds nothing and inserts nothing at a second start-up (one SELECT), and no treaty status', async () => {
    const before = server.database.counter.count;
    expect(await server.services.instruments.ensureSeeded()).toEqual({ created: 0 });
    expect(server.database.counter.count - before).toBe(1);
    const [{ n }] = await server.database.dataSource.query(
      `SELECT count(*)::int AS n FROM instrument WHERE "id" = ANY($1::uuid[])`,
      [SEED_INSTRUMENTS.map((i) => i.id)],
    );
    expect(n).toBe(20);
    const statuses = await server.database.dataSource.query(`SELECT count(*)::int AS n FROM treaty_status`);
    expect(statuses[0].n).toBe(0);
  });

  it('filters by category and search, and pages with keyset cursors', async () => {
    const un = ok(await gql(server, INSTRUMENTS, { f: { categories: ['UN_CONVENTION'] } })).instruments.edges;
    expect(un.map((e: { node: { shortName: string } }) => e.node.shortName)).toEqual(['UNTOC']);
    const nuclear = ok(await gql(server, INSTRUMENTS, { f: { search: 'nuclear' } })).instruments.edges;
    expect(nuclear.map((e: { node: { shortName: string } }) => e.node.shortName)).toEqual([
      'Nuclear Material Convention (CPPNM)',
      'CPPNM Amendment',
      'Nuclear Terrorism Convention',
    ]);
    const seen: string[] = [];
    let after: string | null = null;
    for (let i = 0; i < 20; i++) {
      const p: { edges: { node: { id: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string } } =
        ok(
          await gql(server, INSTRUMENTS, {
            first: 7,
            after,
            f: { categories: ['UNIVERSAL_COUNTER_TERRORISM'] },
          }),
        ).instruments;
      seen.push(...p.edges.map((e) => e.node.id));
      if (!p.pageInfo.hasNextPage) break;
      after = p.pageInfo.endCursor;
    }
    expect(seen).toHaveLength(19);
    expect(new Set(seen).size).toBe(19);
    expect(codes(await gql(server, INSTRUMENTS, { after: 'nope' }))).toEqual(['BAD_USER_INPUT']);
  });

  it('admins add and edit instruments; others may not; duplicates and bad URLs are refused', async () => {
    const CREATE = `mutation($i: CreateInstrumentInput!) { createInstrument(input: $i) { instrument { id shortName category sourceUrl } } }`;
    const input = {
      shortName: 'Demo regional convention (demo)',
      title: 'A regional convention used in tests',
      yearAdopted: 1999,
      category: 'REGIONAL_CONVENTION',
      sourceUrl: 'https://example.org/convention',
    };
    expect(codes(await gql(server, CREATE, { i: input }, { token: moderator.accessToken }))).toEqual([
      'FORBIDDEN',
    ]);
    expect(codes(await gql(server, CREATE, { i: input }))).toEqual(['UNAUTHENTICATED']);
    const created = ok(await gql(server, CREATE, { i: input }, { token: admin.accessToken })).createInstrument
      .instrument;
    expect(created).toMatchObject({ shortName: input.shortName, category: 'REGIONAL_CONVENTION' });
    expect(codes(await gql(server, CREATE, { i: input }, { token: admin.accessToken }))).toEqual([
      'CONFLICT',
    ]);
    expect(
      codes(
        await gql(
          server,
          CREATE,
          { i: { ...input, shortName: 'Other', sourceUrl: 'not a url' } },
          { token: admin.accessToken },
        ),
      ),
    ).toEqual(['BAD_USER_INPUT']);
    expect(
      codes(
        await gql(
          server,
          CREATE,
          { i: { ...input, shortName: 'Other', yearAdopted: 3000 } },
          { token: admin.accessToken },
        ),
      ),
    ).toEqual(['BAD_USER_INPUT']);
    const UPDATE = `mutation($i: UpdateInstrumentInput!) { updateInstrument(input: $i) { instrument { id yearAdopted sourceUrl } } }`;
    expect(
      ok(
        await gql(
          server,
          UPDATE,
          { i: { id: created.id, yearAdopted: 2001, sourceUrl: '' } },
          { token: admin.accessToken },
        ),
      ).updateInstrument.instrument,
    ).toEqual({ id: created.id, yearAdopted: 2001, sourceUrl: null });
    const unknown = Buffer.from('Instrument:00000000-0000-4000-8000-000000000000').toString('base64url');
    expect(
      codes(
        await gql(server, UPDATE, { i: { id: unknown, yearAdopted: 2001 } }, { token: admin.accessToken }),
      ),
    ).toEqual(['NOT_FOUND']);
    expect(
      codes(
        await gql(
          server,
          UPDATE,
          { i: { id: created.id, yearAdopted: 2001 } },
          { token: member.accessToken },
        ),
      ),
    ).toEqual(['FORBIDDEN']);
  });
});

describe('recordTreatyAction', () => {
  it('keeps the history and publishes a TREATY_ACTION legal development in the same transaction', async () => {
    const signed = ok(
      await record(moderator, {
        countryCode: 'TD',
        status: 'SIGNED',
        date: '2000-01-15',
        note: 'Signed in New York.',
      }),
    ).recordTreatyAction;
    expect(signed.treatyStatus).toMatchObject({
      status: 'SIGNED',
      date: '2000-01-15',
      country: { code: 'TD' },
      instrument: { shortName: 'Terrorist Financing Convention' },
      recordedBy: { id: moderator.id },
      history: [{ fromStatus: null, status: 'SIGNED', date: '2000-01-15', note: 'Signed in New York.' }],
    });
    expect(signed.legalDevelopment).toMatchObject({
      kind: 'TREATY_ACTION',
      status: 'PUBLISHED',
      title: 'Chad signed the Terrorist Financing Convention (1999)',
      summary: 'Signed in New York.',
      effectiveDate: '2000-01-15',
      country: { code: 'TD' },
      instruments: [{ shortName: 'Terrorist Financing Convention' }],
      author: { id: moderator.id },
    });
    const ratified = ok(
      await record(expert, {
        countryCode: 'TD',
        status: 'RATIFIED',
        date: '2003-07-10',
        reservations: 'Article 24(1)',
      }),
    ).recordTreatyAction;
    expect(ratified.treatyStatus).toMatchObject({
      status: 'RATIFIED',
      reservations: 'Article 24(1)',
      recordedBy: { id: expert.id },
    });
    expect(
      ratified.treatyStatus.history.map((h: { fromStatus: string | null; status: string }) => [
        h.fromStatus,
        h.status,
      ]),
    ).toEqual([
      [null, 'SIGNED'],
      ['SIGNED', 'RATIFIED'],
    ]);
    // The developments are listed like any other, and the history rows point at them.
    const listed = ok(
      await gql(
        server,
        `{ legalDevelopments(filter: { countryCodes: ["TD"], kinds: [TREATY_ACTION] }) { edges { node { id } } } }`,
      ),
    ).legalDevelopments.edges.map((e: { node: { id: string } }) => e.node.id);
    expect(listed).toEqual([ratified.legalDevelopment.id, signed.legalDevelopment.id]);
    const rows = await server.database.dataSource.query(
      `SELECT "legalDevelopmentId" FROM treaty_status_history WHERE "countryCode" = 'TD' ORDER BY "recordedAt"`,
    );
    expect(rows).toHaveLength(2);
    expect(rows.every((r: { legalDevelopmentId: string | null }) => r.legalDevelopmentId)).toBe(true);
  });

  it('an unknown instrument is NOT_FOUND and writes nothing', async () => {
    const before = await server.database.dataSource.query(`SELECT count(*)::int AS n FROM legal_development`);
    const unknown = Buffer.from('Instrument:00000000-0000-4000-8000-000000000000').toString('base64url');
    expect(codes(await record(moderator, { countryCode: 'BJ', instrumentId: unknown }))).toEqual([
      'NOT_FOUND',
    ]);
    const after = await server.database.dataSource.query(`SELECT count(*)::int AS n FROM legal_development`);
    expect(after[0].n).toBe(before[0].n);
    const statuses = await server.database.dataSource.query(
      `SELECT 1 FROM treaty_status WHERE "countryCode" = 'BJ'`,
    );
    expect(statuses).toEqual([]);
  });

  it('refuses members, anonymous callers and bad input with clear errors', async () => {
    expect(codes(await record(member, {}))).toEqual(['FORBIDDEN']);
    expect(codes(await record(null, {}))).toEqual(['UNAUTHENTICATED']);
    const unknownCountry = await record(moderator, { countryCode: 'ZZ' });
    expect(codes(unknownCountry)).toEqual(['BAD_USER_INPUT']);
    expect(unknownCountry.errors![0].extensions?.fields?.[0].field).toBe('countryCode');
    const future = new Date(Date.now() + 10 * 24 * 3600 * 1000).toISOString().slice(0, 10);
    const futureDate = await record(moderator, { date: future });
    expect(codes(futureDate)).toEqual(['BAD_USER_INPUT']);
    expect(futureDate.errors![0].message).toMatch(/date cannot be in the future/);
    const badUrl = await record(moderator, { sourceUrl: 'www.example.org' });
    expect(codes(badUrl)).toEqual(['BAD_USER_INPUT']);
    expect(badUrl.errors![0].extensions?.fields?.[0].field).toBe('sourceUrl');
    expect(codes(await record(moderator, { date: null }))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await record(moderator, { instrumentId: member.id }))).toEqual(['BAD_USER_INPUT']);
  });
});

describe('statuses and the matrix', () => {
  const bound = ['RATIFIED', 'ACCEDED', 'SUCCEEDED', 'ACCEPTED_OR_APPROVED'];
  // Five countries used only here; the statuses are test data, not real ones.
  const five = ['GH', 'SN', 'KE', 'PE', 'NP'];
  beforeAll(async () => {
    const financing = instruments.get('Terrorist Financing Convention')!;
    const bombings = instruments.get('Terrorist Bombings Convention')!;
    const nuclear = instruments.get('Nuclear Terrorism Convention')!;
    for (const [i, code] of five.entries()) {
      ok(
        await record(moderator, {
          countryCode: code,
          instrumentId: financing,
          status: bound[i % bound.length],
          date: '2005-01-01',
        }),
      );
      ok(
        await record(moderator, {
          countryCode: code,
          instrumentId: bombings,
          status: i === 4 ? 'SIGNED' : 'RATIFIED',
          date: '2006-01-01',
        }),
      );
    }
    ok(
      await record(moderator, {
        countryCode: 'GH',
        instrumentId: nuclear,
        status: 'RATIFIED',
        date: '2007-01-01',
      }),
    );
    ok(
      await record(moderator, {
        countryCode: 'SN',
        instrumentId: nuclear,
        status: 'DENOUNCED',
        date: '2008-01-01',
      }),
    );
    // Each action publishes a legal development, which the outbox fans out into home timelines after the
    // commit: done before the tests below count statements.
    await server.services.outbox.drain();
  });

  const MATRIX = `query($c: [String!]!, $i: [ID!]) { treatyMatrix(countryCodes: $c, instrumentIds: $i) {
    countries { code } bindingAll { shortName }
    rows { bindsAll instrument { shortName } cells { country { code } status bound date } } } }`;

  it('answers for two countries', async () => {
    const ids = [
      'Terrorist Financing Convention',
      'Terrorist Bombings Convention',
      'Nuclear Terrorism Convention',
    ].map((n) => instruments.get(n));
    const m = ok(await gql(server, MATRIX, { c: ['GH', 'SN'], i: ids })).treatyMatrix;
    expect(m.countries).toEqual([{ code: 'GH' }, { code: 'SN' }]);
    expect(m.bindingAll.map((i: { shortName: string }) => i.shortName)).toEqual([
      'Terrorist Financing Convention',
      'Terrorist Bombings Convention',
    ]);
    const nuclearRow = m.rows.find(
      (r: { instrument: { shortName: string } }) => r.instrument.shortName === 'Nuclear Terrorism Convention',
    );
    expect(nuclearRow).toEqual({
      bindsAll: false,
      instrument: { shortName: 'Nuclear Terrorism Convention' },
      cells: [
        { country: { code: 'GH' }, status: 'RATIFIED', bound: true, date: '2007-01-01' },
        { country: { code: 'SN' }, status: 'DENOUNCED', bound: false, date: '2008-01-01' },
      ],
    });
  });

  it('answers for five countries over every instrument, in as many statements as for two', async () => {
    let before = server.database.counter.count;
    const m5 = ok(await gql(server, MATRIX, { c: five })).treatyMatrix;
    const withFive = server.database.counter.count - before;
    before = server.database.counter.count;
    ok(await gql(server, MATRIX, { c: five.slice(0, 2) }));
    expect(server.database.counter.count - before).toBe(withFive);
    expect(m5.rows.length).toBeGreaterThanOrEqual(20);
    expect(m5.bindingAll.map((i: { shortName: string }) => i.shortName)).toEqual([
      'Terrorist Financing Convention',
    ]);
    const untoc = m5.rows.find(
      (r: { instrument: { shortName: string } }) => r.instrument.shortName === 'UNTOC',
    );
    expect(
      untoc.cells.every((c: { status: string; bound: boolean }) => c.status === 'NONE' && !c.bound),
    ).toBe(true);
  });

  it('refuses fewer than two countries, repeats and unknown countries', async () => {
    expect(codes(await gql(server, MATRIX, { c: ['GH'] }))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await gql(server, MATRIX, { c: ['GH', 'gh'] }))).toEqual(['BAD_USER_INPUT']);
    const unknown = await gql(server, MATRIX, { c: ['GH', 'XX'] });
    expect(codes(unknown)).toEqual(['BAD_USER_INPUT']);
    expect(unknown.errors![0].message).toMatch(/Unknown country code XX/);
  });

  it('lists an instrument’s statuses by country, region and status, and a country’s statuses', async () => {
    const STATUSES = `query($id: ID!, $f: TreatyStatusFilter) { node(id: $id) { ... on Instrument { statuses(filter: $f) { status country { code } } } } }`;
    const financing = instruments.get('Terrorist Financing Convention');
    const byCountry = ok(await gql(server, STATUSES, { id: financing, f: { countryCodes: ['GH', 'KE'] } }))
      .node.statuses;
    expect(byCountry).toEqual([
      { status: 'RATIFIED', country: { code: 'GH' } },
      { status: 'SUCCEEDED', country: { code: 'KE' } },
    ]);
    // Western Africa (011): Ghana and Senegal among the five.
    const byRegion = ok(
      await gql(server, STATUSES, { id: financing, f: { regionCodes: ['011'], countryCodes: [] } }),
    ).node.statuses;
    expect(byRegion.map((s: { country: { code: string } }) => s.country.code)).toEqual(
      expect.arrayContaining(['GH', 'SN']),
    );
    expect(byRegion.map((s: { country: { code: string } }) => s.country.code)).not.toContain('KE');
    const acceded = ok(await gql(server, STATUSES, { id: financing, f: { statuses: ['ACCEDED'] } })).node
      .statuses;
    expect(acceded).toEqual([{ status: 'ACCEDED', country: { code: 'SN' } }]);
    expect(codes(await gql(server, STATUSES, { id: financing, f: { regionCodes: ['999'] } }))).toEqual([
      'BAD_USER_INPUT',
    ]);
    const country = ok(
      await gql(server, `{ country(code: "SN") { treatyStatuses { status instrument { shortName } } } }`),
    ).country.treatyStatuses;
    expect(country).toEqual([
      { status: 'RATIFIED', instrument: { shortName: 'Terrorist Bombings Convention' } },
      { status: 'ACCEDED', instrument: { shortName: 'Terrorist Financing Convention' } },
      { status: 'DENOUNCED', instrument: { shortName: 'Nuclear Terrorism Convention' } },
    ]);
  });
});
