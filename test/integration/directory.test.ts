import crypto from 'node:crypto';
import { startTestServer } from '../helpers/server';
import type { TestServer } from '../helpers/server';
import { codes, gql, ok } from '../helpers/graphql';
import { createPending, createPractitioner } from '../helpers/factories';
import type { PractitionerOptions, TestUser } from '../helpers/factories';
import { VerificationStatus } from '../../src/common/auth/role';
import { encodeCursor } from '../../src/common/relay/pagination';

const DIRECTORY = `query($first: Int, $after: String, $filter: PractitionerFilter) {
  practitioners(first: $first, after: $after, filter: $filter) {
    edges { cursor node { id displayName verification profession languages country { code } thematicAreas { code } } }
    pageInfo { hasNextPage endCursor }
  }
}`;

interface Node {
  id: string;
  displayName: string;
  verification: string;
  profession: string;
  languages: string[];
  country: { code: string };
  thematicAreas: { code: string }[];
}
interface Connection {
  edges: { cursor: string; node: Node }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

let server: TestServer;
let reader: TestUser;
beforeAll(async () => {
  server = await startTestServer();
  reader = await createPractitioner(server, { displayName: 'Directory Reader' });
});
afterAll(() => server.stop());

const query = (variables: Record<string, unknown>, token: string | null = reader.accessToken) =>
  gql(server, DIRECTORY, variables, { token });

async function page(variables: Record<string, unknown>): Promise<Connection> {
  return ok(await query(variables)).practitioners;
}

/** Every practitioner the filter matches, following the pages. */
async function all(filter: Record<string, unknown> = {}): Promise<Node[]> {
  const nodes: Node[] = [];
  let after: string | null = null;
  for (;;) {
    const conn: Connection = await page({ first: 100, after, filter });
    nodes.push(...conn.edges.map((e) => e.node));
    if (!conn.pageInfo.hasNextPage) return nodes;
    after = conn.pageInfo.endCursor;
  }
}

const ids = (nodes: { id: string }[]) => nodes.map((n) => n.id).sort();
const userIds = (users: TestUser[]) => users.map((u) => u.id).sort();
/** A token that no other test uses, to tell this test's practitioners apart. */
const tag = () => `Q${crypto.randomBytes(3).toString('hex')}`;
const make = (o: PractitionerOptions) => createPractitioner(server, o);

/** Western Africa (M49 011) and Africa (002), read from the API itself. */
async function countriesIn(regionCode: string): Promise<string[]> {
  const res = ok(
    await gql(server, `query($r: String) { countries(regionCode: $r) { code } }`, { r: regionCode }),
  );
  return res.countries.map((c: { code: string }) => c.code);
}

describe('practitioners: who is listed', () => {
  it('lists verified practitioners only, never pending or rejected ones', async () => {
    const t = tag();
    const verified = await make({ displayName: `${t} Verified` });
    await createPending(server, { displayName: `${t} Pending` });
    await make({ displayName: `${t} Rejected`, verification: VerificationStatus.REJECTED });
    expect(ids(await all({ nameContains: t }))).toEqual([verified.id]);
    const everyone = await all();
    expect(everyone.length).toBeGreaterThan(1);
    expect(everyone.every((n) => n.verification === 'VERIFIED')).toBe(true);
  });

  it('is closed to accounts that are not verified (FORBIDDEN)', async () => {
    const t = tag();
    await make({ displayName: `${t} Listed` });
    const pending = await createPending(server);
    const res = await query({ filter: { nameContains: t } }, pending.accessToken);
    expect(codes(res)).toEqual(['FORBIDDEN']);
    expect(res.data).toBeNull();
  });

  it('refuses an anonymous caller with UNAUTHENTICATED', async () => {
    const res = await query({}, null);
    expect(codes(res)).toEqual(['UNAUTHENTICATED']);
    expect(res.data).toBeNull();
  });
});

describe('practitioners: filters', () => {
  it('countryCodes: any of the countries, in any case', async () => {
    const iceland = await make({ countryCode: 'IS' });
    const liechtenstein = await make({ countryCode: 'LI' });
    await make({ countryCode: 'LU' });
    expect(ids(await all({ countryCodes: ['IS', 'li'] }))).toEqual(userIds([iceland, liechtenstein]));
    expect(ids(await all({ countryCodes: ['is'] }))).toEqual([iceland.id]);
  });

  it('regionCodes: Western Africa (011) and Africa (002) at any depth', async () => {
    const t = tag();
    const niger = await make({ displayName: `${t} Niger`, countryCode: 'NE' });
    const mali = await make({ displayName: `${t} Mali`, countryCode: 'ML' });
    const kenya = await make({ displayName: `${t} Kenya`, countryCode: 'KE' });
    const france = await make({ displayName: `${t} France`, countryCode: 'FR' });
    const western = await countriesIn('011');
    const africa = await countriesIn('002');

    const inWestern = await all({ regionCodes: ['011'] });
    expect(inWestern.every((n) => western.includes(n.country.code))).toBe(true);
    expect(ids(inWestern.filter((n) => n.displayName.startsWith(t)))).toEqual(userIds([niger, mali]));

    const inAfrica = await all({ regionCodes: ['002'] });
    expect(inAfrica.every((n) => africa.includes(n.country.code))).toBe(true);
    expect(ids(inAfrica.filter((n) => n.displayName.startsWith(t)))).toEqual(userIds([niger, mali, kenya]));

    // Several areas: any of them. Europe (150) brings France in.
    expect(ids(await all({ regionCodes: ['011', '150'], nameContains: t }))).toEqual(
      userIds([niger, mali, france]),
    );
    // The World (001) is everyone.
    expect(ids(await all({ regionCodes: ['001'], nameContains: t }))).toEqual(
      userIds([niger, mali, kenya, france]),
    );
  });

  it('regionCodes with countryCodes: both must match', async () => {
    const t = tag();
    const niger = await make({ displayName: `${t} Niger`, countryCode: 'NE' });
    await make({ displayName: `${t} Kenya`, countryCode: 'KE' });
    await make({ displayName: `${t} France`, countryCode: 'FR' });
    expect(ids(await all({ regionCodes: ['002'], countryCodes: ['NE', 'FR'], nameContains: t }))).toEqual([
      niger.id,
    ]);
    expect(await all({ regionCodes: ['011'], countryCodes: ['FR'] })).toEqual([]);
  });

  it('professions: any of them', async () => {
    const t = tag();
    const judge = await make({ displayName: `${t} Judge`, profession: 'JUDGE' });
    const academic = await make({ displayName: `${t} Academic`, profession: 'ACADEMIC' });
    await make({ displayName: `${t} Prosecutor`, profession: 'PROSECUTOR' });
    const found = await all({ professions: ['JUDGE', 'ACADEMIC'] });
    expect(found.every((n) => ['JUDGE', 'ACADEMIC'].includes(n.profession))).toBe(true);
    expect(ids(found.filter((n) => n.displayName.startsWith(t)))).toEqual(userIds([judge, academic]));
  });

  it('thematicAreaCodes: experts in any of the areas', async () => {
    const t = tag();
    const cbrn = await make({ displayName: `${t} A`, profile: { thematicAreaCodes: ['CBRN_TERRORISM'] } });
    const both = await make({
      displayName: `${t} B`,
      profile: { thematicAreaCodes: ['BORDER_SECURITY', 'CBRN_TERRORISM'] },
    });
    const border = await make({ displayName: `${t} C`, profile: { thematicAreaCodes: ['BORDER_SECURITY'] } });
    await make({ displayName: `${t} D`, profile: { thematicAreaCodes: ['VICTIMS_OF_TERRORISM'] } });
    await make({ displayName: `${t} E` });
    const onlyCbrn = await all({ thematicAreaCodes: ['CBRN_TERRORISM'], nameContains: t });
    expect(ids(onlyCbrn)).toEqual(userIds([cbrn, both]));
    const either = await all({ thematicAreaCodes: ['CBRN_TERRORISM', 'BORDER_SECURITY'] });
    expect(
      either.every((n) =>
        n.thematicAreas.some((a) => ['CBRN_TERRORISM', 'BORDER_SECURITY'].includes(a.code)),
      ),
    ).toBe(true);
    expect(ids(either.filter((n) => n.displayName.startsWith(t)))).toEqual(userIds([cbrn, both, border]));
  });

  it('languages: speaking any of them', async () => {
    const t = tag();
    const russian = await make({ displayName: `${t} A`, languages: ['RU'] });
    const both = await make({ displayName: `${t} B`, languages: ['EN', 'ZH'] });
    await make({ displayName: `${t} C`, languages: ['FR', 'AR'] });
    await make({ displayName: `${t} D`, languages: [] });
    const found = await all({ languages: ['RU', 'ZH'] });
    expect(found.every((n) => n.languages.some((l) => ['RU', 'ZH'].includes(l)))).toBe(true);
    expect(ids(found.filter((n) => n.displayName.startsWith(t)))).toEqual(userIds([russian, both]));
  });

  it('nameContains: case-insensitive substring', async () => {
    const t = tag();
    const a = await make({ displayName: `Ibrahim ${t} Maiga` });
    const b = await make({ displayName: `${t}-Sani` });
    expect(ids(await all({ nameContains: t.toLowerCase() }))).toEqual(userIds([a, b]));
    expect(ids(await all({ nameContains: `${t.toUpperCase()} MAIGA` }))).toEqual([a.id]);
    expect(await all({ nameContains: `${t} Nobody` })).toEqual([]);
  });

  it('nameContains: %, _ and \\ are literal characters, not patterns', async () => {
    const t = tag();
    const percent = await make({ displayName: `${t} 100% Sure` });
    await make({ displayName: `${t} 1000 Sure` });
    const underscore = await make({ displayName: `${t} snake_case` });
    await make({ displayName: `${t} snakeXcase` });
    const backslash = await make({ displayName: `${t} back\\slash` });
    await make({ displayName: `${t} backslash` });
    expect(ids(await all({ nameContains: '0%' }))).toEqual([percent.id]);
    expect(ids(await all({ nameContains: `${t} %` }))).toEqual([]);
    expect(ids(await all({ nameContains: 'e_c' }))).toEqual([underscore.id]);
    expect(ids(await all({ nameContains: 'k\\s' }))).toEqual([backslash.id]);
  });

  it('combines every filter: all must match', async () => {
    const t = tag();
    const base: PractitionerOptions = {
      countryCode: 'SN',
      profession: 'INVESTIGATOR',
      languages: ['FR', 'ES'],
      profile: { thematicAreaCodes: ['FOREIGN_TERRORIST_FIGHTERS'] },
    };
    const match = await make({ ...base, displayName: `${t} Match` });
    await make({ ...base, displayName: `${t} Other country`, countryCode: 'GH' });
    await make({ ...base, displayName: `${t} Other region`, countryCode: 'FR' });
    await make({ ...base, displayName: `${t} Other profession`, profession: 'JUDGE' });
    await make({ ...base, displayName: `${t} Other language`, languages: ['EN'] });
    await make({
      ...base,
      displayName: `${t} Other area`,
      profile: { thematicAreaCodes: ['BORDER_SECURITY'] },
    });
    await make({ ...base, displayName: `Someone else entirely` });
    const filter = {
      countryCodes: ['SN', 'FR'],
      regionCodes: ['011'],
      professions: ['INVESTIGATOR'],
      thematicAreaCodes: ['FOREIGN_TERRORIST_FIGHTERS'],
      languages: ['ES'],
      nameContains: t,
    };
    expect(ids(await all(filter))).toEqual([match.id]);
    // Each filter alone lets the others' misfits through.
    const { regionCodes: _r, ...withoutRegion } = filter;
    expect((await all(withoutRegion)).map((n) => n.displayName).sort()).toEqual(
      [`${t} Match`, `${t} Other region`].sort(),
    );
    expect(await all({ ...filter, countryCodes: ['FR'] })).toEqual([]);
  });

  it('returns an empty page when nothing matches', async () => {
    const conn = await page({ filter: { nameContains: `${tag()} nobody at all` } });
    expect(conn).toEqual({ edges: [], pageInfo: { hasNextPage: false, endCursor: null } });
  });
});

describe('practitioners: pagination', () => {
  it('pages through 25 practitioners 10 at a time, by name, with no duplicates and no gaps', async () => {
    const t = tag();
    const names = Array.from({ length: 25 }, (_, i) => `${t} Member ${String(i + 1).padStart(2, '0')}`);
    // Created in a shuffled order, so that the order of the pages comes from the names.
    const order = [...names.keys()].sort(() => Math.random() - 0.5);
    const byName = new Map<string, TestUser>();
    for (const i of order) byName.set(names[i], await make({ displayName: names[i], countryCode: 'MT' }));

    const pages: Connection[] = [];
    let after: string | null = null;
    do {
      const conn: Connection = await page({ first: 10, after, filter: { countryCodes: ['MT'] } });
      pages.push(conn);
      after = conn.pageInfo.endCursor;
    } while (pages[pages.length - 1].pageInfo.hasNextPage);

    expect(pages.map((p) => p.edges.length)).toEqual([10, 10, 5]);
    expect(pages.map((p) => p.pageInfo.hasNextPage)).toEqual([true, true, false]);
    for (const p of pages) expect(p.pageInfo.endCursor).toBe(p.edges[p.edges.length - 1].cursor);
    const seen = pages.flatMap((p) => p.edges.map((e) => e.node));
    expect(seen.map((n) => n.displayName)).toEqual(names);
    expect(seen.map((n) => n.id)).toEqual(names.map((n) => byName.get(n)!.id));
    expect(new Set(pages.flatMap((p) => p.edges.map((e) => e.cursor))).size).toBe(25);
  });

  it('breaks ties between equal names by id: no one is skipped or repeated', async () => {
    const same = await Promise.all(
      Array.from({ length: 5 }, () => make({ displayName: 'Same Name', countryCode: 'MC' })),
    );
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      const conn: Connection = await page({ first: 2, after, filter: { countryCodes: ['MC'] } });
      seen.push(...conn.edges.map((e) => e.node.id));
      pages++;
      if (!conn.pageInfo.hasNextPage) break;
      after = conn.pageInfo.endCursor;
    }
    expect(pages).toBe(3);
    expect(seen).toHaveLength(5);
    expect([...seen].sort()).toEqual(userIds(same));
  });

  it('returns 20 by default and up to 100 on request', async () => {
    const t = tag();
    for (let i = 0; i < 21; i++) await make({ displayName: `${t} ${String(i).padStart(2, '0')}` });
    const byDefault = await page({ filter: { nameContains: t } });
    expect(byDefault.edges).toHaveLength(20);
    expect(byDefault.pageInfo.hasNextPage).toBe(true);
    const max = await page({ first: 100, filter: { nameContains: t } });
    expect(max.edges).toHaveLength(21);
    expect(max.pageInfo.hasNextPage).toBe(false);
    const exact = await page({ first: 21, filter: { nameContains: t } });
    expect(exact.pageInfo).toEqual({ hasNextPage: false, endCursor: exact.edges[20].cursor });
  });

  it.each([0, -1, 101, 1000])('rejects first: %p with BAD_USER_INPUT', async (first) => {
    const res = await query({ first });
    expect(codes(res)).toEqual(['BAD_USER_INPUT']);
    expect(res.errors![0].extensions!.fields!.map((f) => f.field)).toEqual(['first']);
    expect(res.data).toBeNull();
  });

  it.each([
    ['garbage', 'garbage'],
    ['not base64 at all', '!!!'],
    ['a cursor of the wrong shape', encodeCursor(['only a name'])],
    ['a cursor with a non-uuid id', encodeCursor(['Name', 'not-a-uuid'])],
    ['a cursor with a number for a name', encodeCursor([42, crypto.randomUUID()])],
    ['a cursor of 600 characters', 'A'.repeat(600)],
  ])('rejects %s as after with BAD_USER_INPUT', async (_label, after) => {
    const res = await query({ after });
    expect(codes(res)).toEqual(['BAD_USER_INPUT']);
    expect(res.errors![0].extensions!.fields!.map((f) => f.field)).toEqual(['after']);
  });
});

describe('practitioners: invalid filters (BAD_USER_INPUT)', () => {
  it.each([
    ['an unknown region code', { regionCodes: ['999'] }, 'regionCodes'],
    ['a malformed region code', { regionCodes: ['11'] }, 'regionCodes'],
    ['an unknown country code', { countryCodes: ['ZZ'] }, 'countryCodes'],
    ['a three-letter country code', { countryCodes: ['NER'] }, 'countryCodes'],
    ['an unknown thematic area code', { thematicAreaCodes: ['ASTROLOGY'] }, 'thematicAreaCodes'],
    ['an empty nameContains', { nameContains: '' }, 'nameContains'],
    ['a nameContains over 100 characters', { nameContains: 'x'.repeat(101) }, 'nameContains'],
  ])('rejects %s', async (_label, filter, field) => {
    const res = await query({ filter });
    expect(codes(res)).toEqual(['BAD_USER_INPUT']);
    // The field is named `filter.x` by the service's checks and `x` by argument validation.
    expect(res.errors![0].extensions!.fields).toEqual([
      { field: expect.stringMatching(new RegExp(`^(filter\\.)?${field}$`)), message: expect.any(String) },
    ]);
    expect(res.data).toBeNull();
  });

  it('rejects an unknown profession or language before running anything', async () => {
    for (const filter of [{ professions: ['ASTRONAUT'] }, { languages: ['DE'] }]) {
      const res = await query({ filter });
      expect(res.status).toBe(400);
      expect(codes(res)).toEqual(['BAD_USER_INPUT']);
    }
  });
});
