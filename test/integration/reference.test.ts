import { startTestServer } from '../helpers/server';
import type { TestServer } from '../helpers/server';
import { codes, gql, ok } from '../helpers/graphql';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.stop());

const COUNTRIES = `query($language: Language, $regionCode: String) {
  countries(language: $language, regionCode: $regionCode) { code alpha3 m49Code name }
}`;

interface CountryRow {
  code: string;
  alpha3: string;
  m49Code: string | null;
  name: string;
}

const lang = (header: string) => ({ headers: { 'accept-language': header } });

async function countries(variables: Record<string, unknown> = {}, header?: string): Promise<CountryRow[]> {
  return ok(await gql(server, COUNTRIES, variables, header ? lang(header) : {})).countries;
}

const nameOf = (list: CountryRow[], code: string) => list.find((c) => c.code === code)?.name;

/** The names of Niger in the six UN languages, as i18n-iso-countries spells them. */
const NIGER = { en: 'Niger', fr: 'Niger', es: 'Níger', ru: 'Нигер', ar: 'النيجر', zh: '尼日尔' };

describe('countries', () => {
  it('lists every ISO 3166-1 country once, with its codes, sorted by English name by default', async () => {
    const list = await countries();
    expect(list.length).toBeGreaterThanOrEqual(249);
    expect(new Set(list.map((c) => c.code)).size).toBe(list.length);
    expect(list.every((c) => /^[A-Z]{2}$/.test(c.code) && /^[A-Z]{3}$/.test(c.alpha3))).toBe(true);
    expect(list.find((c) => c.code === 'NE')).toEqual({
      code: 'NE',
      alpha3: 'NER',
      m49Code: '562',
      name: 'Niger',
    });
    const names = list.map((c) => c.name);
    expect(names).toEqual([...names].sort(new Intl.Collator('en').compare));
    // Sorted by name, not by code or by code point: Åland sits with the A's, South Africa with the S's.
    expect(names[0]).toBe('Afghanistan');
    expect(names.indexOf('Åland Islands')).toBeLessThan(names.indexOf('Albania'));
    expect(names.indexOf('South Africa')).toBeGreaterThan(names.indexOf('Niger'));
  });

  it.each([
    ['ar', 'ar'],
    ['zh', 'zh'],
    ['ru', 'ru'],
    ['es', 'es'],
    ['fr', 'fr'],
    ['fr-CA', 'fr'],
    ['zh-Hans-CN', 'zh'],
  ] as const)('names and sorts in the language of Accept-Language: %s', async (header, expected) => {
    const list = await countries({}, header);
    expect(nameOf(list, 'NE')).toBe(NIGER[expected]);
    const names = list.map((c) => c.name);
    expect(names).toEqual([...names].sort(new Intl.Collator(expected).compare));
  });

  it('sorts by the requested language: in French, Afrique du Sud follows Afghanistan', async () => {
    const names = (await countries({}, 'fr')).map((c) => c.name);
    expect(names.slice(0, 2)).toEqual(['Afghanistan', 'Afrique du Sud']);
  });

  it('honours q-values in Accept-Language and skips unsupported languages', async () => {
    expect(nameOf(await countries({}, 'fr;q=0.5, ar;q=0.9'), 'NE')).toBe(NIGER.ar);
    expect(nameOf(await countries({}, 'de-DE, de;q=0.9, es;q=0.8, en;q=0.7'), 'NE')).toBe(NIGER.es);
    expect(nameOf(await countries({}, 'ru;q=0, zh;q=0.1'), 'NE')).toBe(NIGER.zh);
    expect(nameOf(await countries({}, 'de, it'), 'NE')).toBe(NIGER.en);
    expect(nameOf(await countries({}, '*'), 'NE')).toBe(NIGER.en);
    expect(nameOf(await countries({}, 'ar, en;q=oops'), 'NE')).toBe(NIGER.ar);
  });

  it('lets the language argument win over Accept-Language, for the names and the order', async () => {
    const list = await countries({ language: 'RU' }, 'ar');
    expect(nameOf(list, 'NE')).toBe(NIGER.ru);
    const names = list.map((c) => c.name);
    expect(names).toEqual([...names].sort(new Intl.Collator('ru').compare));
    const fr = await countries({ language: 'FR' }, 'en');
    expect(fr.slice(0, 2).map((c) => c.name)).toEqual(['Afghanistan', 'Afrique du Sud']);
  });

  it('lets name(language:) win over both the list language and the header', async () => {
    const res = ok(
      await gql(
        server,
        `{ countries(language: FR) { code listed: name ar: name(language: AR) } }`,
        {},
        lang('es'),
      ),
    );
    expect(res.countries.find((c: { code: string }) => c.code === 'US')).toEqual({
      code: 'US',
      listed: "États-Unis d'Amérique",
      ar: 'الولايات المتحدة',
    });
  });

  it('filters by an M49 area: Western Africa (011) has Niger and not France', async () => {
    const codesIn = async (regionCode: string) => (await countries({ regionCode })).map((c) => c.code);
    const western = await codesIn('011');
    expect(western).toEqual(expect.arrayContaining(['NE', 'ML', 'SN', 'NG', 'BF']));
    expect(western).not.toContain('FR');
    expect(western).not.toContain('KE');
    const africa = await codesIn('002');
    expect(africa).toEqual(expect.arrayContaining([...western, 'KE', 'EG', 'ZA']));
    expect(africa).not.toContain('FR');
    expect(await codesIn('150')).toEqual(expect.arrayContaining(['FR', 'DE']));
  });

  it.each(['999', 'abc', '11'])(
    'rejects the unknown region code %p with BAD_USER_INPUT',
    async (regionCode) => {
      const res = await gql(server, COUNTRIES, { regionCode });
      expect(codes(res)).toEqual(['BAD_USER_INPUT']);
      expect(res.errors![0].extensions!.fields).toEqual([
        { field: 'regionCode', message: expect.any(String) },
      ]);
      expect(res.data).toBeNull();
    },
  );

  it('rejects a language outside the six UN languages before running anything', async () => {
    const asVariable = await gql(server, COUNTRIES, { language: 'DE' });
    expect(asVariable.status).toBe(400);
    expect(codes(asVariable)).toEqual(['BAD_USER_INPUT']);
    const inline = await gql(server, `{ countries(language: DE) { code } }`);
    expect(inline.status).toBe(400);
    expect(codes(inline)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
  });

  it('is open to anonymous callers', async () => {
    const res = await gql(server, `{ countries { code } }`);
    expect(res.errors).toBeUndefined();
    expect(res.data!.countries.length).toBeGreaterThanOrEqual(249);
  });
});

describe('country', () => {
  const COUNTRY = `query($code: String!) {
    country(code: $code) {
      code alpha3 m49Code name
      region { code level name }
      subregion { code level name }
      intermediateRegion { code level name parent { code } }
    }
  }`;

  it.each(['NE', 'ne', 'Ne', ' ne '])('finds Niger by %p, whatever the case', async (code) => {
    expect(ok(await gql(server, COUNTRY, { code })).country).toEqual({
      code: 'NE',
      alpha3: 'NER',
      m49Code: '562',
      name: 'Niger',
      region: { code: '002', level: 'REGION', name: 'Africa' },
      subregion: { code: '202', level: 'SUBREGION', name: 'Sub-Saharan Africa' },
      intermediateRegion: {
        code: '011',
        level: 'INTERMEDIATE_REGION',
        name: 'Western Africa',
        parent: { code: '202' },
      },
    });
  });

  it('has no intermediate region where M49 has none', async () => {
    const fr = ok(await gql(server, COUNTRY, { code: 'FR' })).country;
    expect(fr).toMatchObject({ code: 'FR', region: { code: '150' }, subregion: { code: '155' } });
    expect(fr.intermediateRegion).toBeNull();
  });

  it.each(['ZZ', 'XX', 'NER', '', '12'])('is null for the unknown code %p', async (code) => {
    const res = await gql(server, COUNTRY, { code });
    expect(res.errors).toBeUndefined();
    expect(res.data!.country).toBeNull();
  });

  it('names a country in each of the six languages, Arabic byte for byte', async () => {
    const res = ok(
      await gql(
        server,
        `{ country(code: "NE") {
          ar: name(language: AR) zh: name(language: ZH) ru: name(language: RU)
          es: name(language: ES) fr: name(language: FR) en: name(language: EN)
        } }`,
      ),
    );
    expect(res.country).toEqual(NIGER);
    expect(Buffer.from(res.country.ar, 'utf8')).toEqual(
      Buffer.from([0xd8, 0xa7, 0xd9, 0x84, 0xd9, 0x86, 0xd9, 0x8a, 0xd8, 0xac, 0xd8, 0xb1]),
    );
  });

  it('sends Arabic as UTF-8 in the raw response body, not as escapes', async () => {
    const res = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'accept-language': 'ar' },
      body: JSON.stringify({ query: '{ country(code: "NE") { name } }' }),
    });
    expect(res.headers.get('content-type')).toMatch(/charset=utf-8/i);
    const raw = Buffer.from(await res.arrayBuffer());
    expect(raw.includes(Buffer.from('"name":"النيجر"', 'utf8'))).toBe(true);
  });
});

describe('regions', () => {
  const REGIONS = `query($level: RegionLevel) { regions(level: $level) { code level name parent { code level } } }`;

  it('lists the M49 areas in code order, each with its parent', async () => {
    const all = ok(await gql(server, REGIONS)).regions;
    const allCodes = all.map((r: { code: string }) => r.code);
    expect(allCodes).toEqual([...allCodes].sort());
    expect(all[0]).toEqual({ code: '001', level: 'WORLD', name: 'World', parent: null });
    expect(
      all.filter((r: { level: string }) => r.level === 'REGION').map((r: { code: string }) => r.code),
    ).toEqual(['002', '009', '019', '142', '150']);
  });

  it('filters by level: sub-regions include Sub-Saharan Africa, under Africa', async () => {
    const subs = ok(await gql(server, REGIONS, { level: 'SUBREGION' })).regions;
    expect(subs.length).toBeGreaterThanOrEqual(17);
    expect(subs.every((r: { level: string }) => r.level === 'SUBREGION')).toBe(true);
    expect(subs).toContainEqual({
      code: '202',
      level: 'SUBREGION',
      name: 'Sub-Saharan Africa',
      parent: { code: '002', level: 'REGION' },
    });
    const inter = ok(await gql(server, REGIONS, { level: 'INTERMEDIATE_REGION' })).regions;
    expect(inter).toContainEqual({
      code: '011',
      level: 'INTERMEDIATE_REGION',
      name: 'Western Africa',
      parent: { code: '202', level: 'SUBREGION' },
    });
  });

  it('rejects an unknown level', async () => {
    const res = await gql(server, REGIONS, { level: 'CONTINENT' });
    expect(res.status).toBe(400);
    expect(codes(res)).toEqual(['BAD_USER_INPUT']);
  });

  it('gives each area its countries at any depth, sorted by name in the caller’s language', async () => {
    const res = ok(
      await gql(server, `{ regions(level: REGION) { code countries { code name } } }`, {}, lang('fr')),
    );
    const africa = res.regions.find((r: { code: string }) => r.code === '002');
    const africaCodes = africa.countries.map((c: CountryRow) => c.code);
    expect(africaCodes).toEqual(expect.arrayContaining(['NE', 'ML', 'EG', 'ZA', 'KE']));
    expect(africaCodes).not.toContain('FR');
    expect(africa.countries.find((c: CountryRow) => c.code === 'ZA').name).toBe('Afrique du Sud');
    const names = africa.countries.map((c: CountryRow) => c.name);
    expect(names).toEqual([...names].sort(new Intl.Collator('fr').compare));
    // The same countries as countries(regionCode:).
    const viaQuery = (await countries({ regionCode: '002' }, 'fr')).map((c) => c.code);
    expect(africaCodes).toEqual(viaQuery);
    // Every country with an M49 region is listed under exactly that one of the five regions.
    const all = ok(await gql(server, `{ countries { code region { code } } }`)).countries;
    const listed = res.regions.flatMap((r: { code: string; countries: CountryRow[] }) =>
      r.countries.map((c) => `${c.code}@${r.code}`),
    );
    const expected = all
      .filter((c: { region: { code: string } | null }) => c.region)
      .map((c: { code: string; region: { code: string } }) => `${c.code}@${c.region.code}`);
    expect(listed.sort()).toEqual(expected.sort());
  });
});

describe('thematicAreas', () => {
  const AREAS = `{ thematicAreas {
    code en: name(language: EN) fr: name(language: FR) es: name(language: ES)
    ru: name(language: RU) ar: name(language: AR) zh: name(language: ZH) description
  } }`;

  it('lists the ten areas of the issue, each named and described in the six UN languages', async () => {
    const areas = ok(await gql(server, AREAS)).thematicAreas;
    expect(areas.map((a: { code: string }) => a.code)).toEqual([
      'FINANCING_OF_TERRORISM',
      'INTERNATIONAL_COOPERATION',
      'CBRN_TERRORISM',
      'VICTIMS_OF_TERRORISM',
      'INTERNET_USE_FOR_TERRORIST_PURPOSES',
      'UNIVERSAL_LEGAL_FRAMEWORK',
      'FOREIGN_TERRORIST_FIGHTERS',
      'BORDER_SECURITY',
      'HUMAN_RIGHTS_IN_CT_CRIMINAL_JUSTICE',
      'PRISON_MANAGEMENT_AND_RADICALIZATION',
    ]);
    for (const a of areas) {
      const names = [a.en, a.fr, a.es, a.ru, a.ar, a.zh];
      expect(names.every((n: string) => n.length > 0)).toBe(true);
      expect(new Set(names).size).toBe(6);
      expect(a.ar).toMatch(/[\u0600-\u06FF]/);
      expect(a.zh).toMatch(/[\u4E00-\u9FFF]/);
      expect(a.ru).toMatch(/[\u0400-\u04FF]/);
      expect(a.description.length).toBeGreaterThan(10);
    }
    expect(areas[0]).toMatchObject({
      en: 'Financing of terrorism',
      fr: 'Financement du terrorisme',
      ar: 'تمويل الإرهاب',
      zh: '资助恐怖主义',
    });
  });

  it('names and describes areas in the Accept-Language, the argument winning over the header', async () => {
    const res = ok(
      await gql(server, `{ thematicAreas { code name description es: name(language: ES) } }`, {}, lang('ar')),
    );
    const victims = res.thematicAreas.find((a: { code: string }) => a.code === 'VICTIMS_OF_TERRORISM');
    expect(victims).toEqual({
      code: 'VICTIMS_OF_TERRORISM',
      name: 'ضحايا الإرهاب',
      description: 'دعم ضحايا الإرهاب وحمايتهم في الإجراءات الجنائية.',
      es: 'Víctimas del terrorismo',
    });
  });
});
