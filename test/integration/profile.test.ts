import { startTestServer } from '../helpers/server';
import type { TestServer } from '../helpers/server';
import { codes, gql, ok } from '../helpers/graphql';
import type { GraphQLResponse } from '../helpers/graphql';
import { createPending, createPractitioner } from '../helpers/factories';
import type { TestUser } from '../helpers/factories';

const PROFILE_FIELDS = `id displayName country { code } organization position profession bio languages
  thematicAreas { code } phone email contactVisibility verification`;
const UPDATE = `mutation($input: UpdateProfileInput!) { updateProfile(input: $input) { practitioner { ${PROFILE_FIELDS} } } }`;
const ME = `{ me { ${PROFILE_FIELDS} } }`;

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.stop());

const update = (user: TestUser | null, input: Record<string, unknown>) =>
  gql(server, UPDATE, { input }, { token: user?.accessToken });
const me = async (user: TestUser) => ok(await gql(server, ME, {}, { token: user.accessToken })).me;

/** A practitioner whose every profile field is set, so that clearing and keeping can be seen. */
async function fullProfile(): Promise<TestUser> {
  const user = await createPractitioner(server, { displayName: 'Fatima Traoré', countryCode: 'ML' });
  ok(
    await update(user, {
      organization: 'Pôle judiciaire spécialisé',
      position: 'Procureure',
      bio: 'Dix ans au parquet antiterroriste.',
      languages: ['FR', 'EN'],
      thematicAreaCodes: ['FINANCING_OF_TERRORISM'],
      phone: '+223 20 22 00 00',
      contactVisibility: 'VERIFIED_MEMBERS',
    }),
  );
  return user;
}

/** Asserts a failed update: the codes, the offending fields, and that nothing was written. */
async function expectRefused(
  user: TestUser,
  input: Record<string, unknown>,
  code: string,
  fields?: string[],
): Promise<GraphQLResponse> {
  const before = await me(user);
  const res = await update(user, input);
  expect(codes(res)).toEqual([code]);
  expect(res.data ?? null).toBeNull();
  if (fields) expect(res.errors![0].extensions!.fields!.map((f) => f.field).sort()).toEqual(fields.sort());
  expect(await me(user)).toEqual(before);
  return res;
}

describe('updateProfile: valid changes', () => {
  it('changes every field at once and returns the stored profile', async () => {
    const user = await fullProfile();
    const res = ok(
      await update(user, {
        displayName: '  Aïcha Maïga  ',
        countryCode: 'ne',
        organization: 'Ministère de la Justice',
        position: 'Directrice des affaires pénales',
        profession: 'POLICY_MAKER',
        bio: 'Négociatrice des accords d’entraide.\n\nاللغة العربية أيضاً.',
        languages: ['AR', 'FR', 'ZH'],
        thematicAreaCodes: ['INTERNATIONAL_COOPERATION', 'VICTIMS_OF_TERRORISM'],
        phone: '+227 20 72 00 00',
        contactVisibility: 'NOBODY',
      }),
    ).updateProfile.practitioner;
    const expected = {
      id: user.id,
      displayName: 'Aïcha Maïga',
      country: { code: 'NE' },
      organization: 'Ministère de la Justice',
      position: 'Directrice des affaires pénales',
      profession: 'POLICY_MAKER',
      bio: 'Négociatrice des accords d’entraide.\n\nاللغة العربية أيضاً.',
      languages: ['AR', 'FR', 'ZH'],
      thematicAreas: [{ code: 'INTERNATIONAL_COOPERATION' }, { code: 'VICTIMS_OF_TERRORISM' }],
      phone: '+227 20 72 00 00',
      email: user.email,
      contactVisibility: 'NOBODY',
      verification: 'VERIFIED',
    };
    expect(res).toEqual(expected);
    expect(await me(user)).toEqual(expected);
  });

  it.each([
    ['displayName', { displayName: 'Moussa Diarra' }, { displayName: 'Moussa Diarra' }],
    ['countryCode (lower case)', { countryCode: 'sn' }, { country: { code: 'SN' } }],
    ['countryCode (upper case)', { countryCode: 'BF' }, { country: { code: 'BF' } }],
    ['organization', { organization: 'Cour suprême' }, { organization: 'Cour suprême' }],
    ['position', { position: 'Juge d’instruction' }, { position: 'Juge d’instruction' }],
    ['profession', { profession: 'JUDGE' }, { profession: 'JUDGE' }],
    ['bio', { bio: 'Spécialiste du financement.' }, { bio: 'Spécialiste du financement.' }],
    ['languages', { languages: ['RU', 'ES'] }, { languages: ['RU', 'ES'] }],
    ['languages (emptied)', { languages: [] }, { languages: [] }],
    [
      'thematicAreaCodes',
      { thematicAreaCodes: ['BORDER_SECURITY', 'CBRN_TERRORISM'] },
      { thematicAreas: [{ code: 'BORDER_SECURITY' }, { code: 'CBRN_TERRORISM' }] },
    ],
    ['thematicAreaCodes (emptied)', { thematicAreaCodes: [] }, { thematicAreas: [] }],
    ['phone', { phone: '+227 (20) 72-00.00' }, { phone: '+227 (20) 72-00.00' }],
    ['contactVisibility', { contactVisibility: 'CONTACTS' }, { contactVisibility: 'CONTACTS' }],
  ])('changes only %s, keeping every other field', async (_label, input, changed) => {
    const user = await fullProfile();
    const before = await me(user);
    const res = ok(await update(user, input)).updateProfile.practitioner;
    expect(res).toEqual({ ...before, ...changed });
    expect(await me(user)).toEqual({ ...before, ...changed });
  });

  it('clears the optional fields with null (and with empty strings)', async () => {
    const user = await fullProfile();
    const before = await me(user);
    const cleared = { organization: null, position: null, bio: null, phone: null };
    expect(ok(await update(user, cleared)).updateProfile.practitioner).toEqual({ ...before, ...cleared });
    expect(await me(user)).toEqual({ ...before, ...cleared });
    const other = await fullProfile();
    const otherBefore = await me(other);
    ok(await update(other, { organization: '', position: '  ', bio: '' }));
    expect(await me(other)).toEqual({ ...otherBefore, organization: null, position: null, bio: null });
  });

  it('changes nothing for an empty input', async () => {
    const user = await fullProfile();
    const before = await me(user);
    expect(ok(await update(user, {})).updateProfile.practitioner).toEqual(before);
  });

  it('accepts the longest allowed values: a 120-character name, a 4000-character bio', async () => {
    const user = await fullProfile();
    const displayName = 'ا'.repeat(60) + '阿'.repeat(60);
    const bio = 'é'.repeat(4000);
    const res = ok(await update(user, { displayName, bio })).updateProfile.practitioner;
    expect(res).toMatchObject({ displayName, bio });
    expect(await me(user)).toMatchObject({ displayName, bio });
  });

  it('counts characters, not UTF-16 units: 120 characters outside the BMP make a valid name', async () => {
    const user = await fullProfile();
    const displayName = '𝔸'.repeat(120);
    expect(displayName).toHaveLength(240);
    expect(ok(await update(user, { displayName })).updateProfile.practitioner.displayName).toBe(displayName);
  });

  it('lets a pending member complete their profile before vetting', async () => {
    const pending = await createPending(server);
    const res = ok(await update(pending, { position: 'Substitut du procureur' })).updateProfile.practitioner;
    expect(res).toMatchObject({ position: 'Substitut du procureur', verification: 'PENDING' });
  });
});

describe('updateProfile: invalid input (BAD_USER_INPUT, nothing written)', () => {
  let user: TestUser;
  beforeAll(async () => {
    user = await fullProfile();
  });

  it.each([
    ['a display name of 121 characters', { displayName: 'x'.repeat(121) }, ['displayName']],
    ['an empty display name', { displayName: '' }, ['displayName']],
    ['a blank display name', { displayName: '   ' }, ['displayName']],
    ['a null display name', { displayName: null }, ['displayName']],
    ['a bio over 4000 characters', { bio: 'x'.repeat(4001) }, ['bio']],
    ['an organization over 200 characters', { organization: 'x'.repeat(201) }, ['organization']],
    ['a position over 200 characters', { position: 'x'.repeat(201) }, ['position']],
    ['a three-letter country code', { countryCode: 'NER' }, ['countryCode']],
    ['a numeric country code', { countryCode: '56' }, ['countryCode']],
    ['an unknown country code', { countryCode: 'ZZ' }, ['countryCode']],
    ['a null country', { countryCode: null }, ['countryCode']],
    ['a null profession', { profession: null }, ['profession']],
    ['null languages', { languages: null }, ['languages']],
    ['a repeated language', { languages: ['FR', 'FR'] }, ['languages']],
    ['an unknown thematic area code', { thematicAreaCodes: ['ASTROLOGY'] }, ['thematicAreaCodes']],
    [
      'an unknown code beside known ones',
      { thematicAreaCodes: ['BORDER_SECURITY', 'border_security'] },
      ['thematicAreaCodes'],
    ],
    [
      'a repeated thematic area code',
      { thematicAreaCodes: ['BORDER_SECURITY', 'BORDER_SECURITY'] },
      ['thematicAreaCodes'],
    ],
    ['null thematic areas', { thematicAreaCodes: null }, ['thematicAreaCodes']],
    ['a phone with letters', { phone: 'call me maybe' }, ['phone']],
    ['a phone too short', { phone: '123' }, ['phone']],
    ['a phone too long', { phone: '1'.repeat(41) }, ['phone']],
    ['a null contact visibility', { contactVisibility: null }, ['contactVisibility']],
    [
      'several bad fields at once',
      { displayName: 'x'.repeat(121), bio: 'x'.repeat(4001), phone: 'nope' },
      ['bio', 'displayName', 'phone'],
    ],
  ])('refuses %s', async (_label, input, fields) => {
    await expectRefused(user, input, 'BAD_USER_INPUT', fields);
  });

  it.each([
    ['an unknown country', { displayName: 'Changed Name', countryCode: 'ZZ' }],
    ['an unknown thematic area', { displayName: 'Changed Name', thematicAreaCodes: ['NOPE'] }],
    ['a bad phone', { displayName: 'Changed Name', organization: 'Elsewhere', phone: 'x' }],
  ])('writes none of the valid fields when one field is bad: %s', async (_label, input) => {
    await expectRefused(user, input, 'BAD_USER_INPUT');
  });

  // '❤️' is two code points (U+2764 U+FE0F); the database counts both, so must the validation.
  it.each([
    ['a name', { displayName: '❤️'.repeat(61) }, 'displayName'],
    ['an organization', { organization: '❤️'.repeat(101) }, 'organization'],
    ['a position', { position: '❤️'.repeat(101) }, 'position'],
    ['a bio', { bio: '❤️'.repeat(2001) }, 'bio'],
  ])('refuses %s too long once variation selectors are counted', async (_label, input, field) => {
    await expectRefused(user, input, 'BAD_USER_INPUT', [field]);
  });

  it('refuses an unknown profession sent as a variable: 400 BAD_USER_INPUT before running', async () => {
    const res = await expectRefused(user, { profession: 'ASTRONAUT' }, 'BAD_USER_INPUT');
    expect(res.status).toBe(400);
    expect(res.errors![0].message).toMatch(/ASTRONAUT/);
  });

  it('refuses an unknown profession written in the query: 400 GRAPHQL_VALIDATION_FAILED', async () => {
    const before = await me(user);
    const res = await gql(
      server,
      `mutation { updateProfile(input: { profession: ASTRONAUT }) { practitioner { id } } }`,
      {},
      { token: user.accessToken },
    );
    expect(res.status).toBe(400);
    expect(codes(res)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    expect(res.data).toBeUndefined();
    expect(await me(user)).toEqual(before);
  });

  it.each([
    ['contactVisibility', { contactVisibility: 'EVERYONE' }],
    ['languages', { languages: ['DE'] }],
    ['an unknown input field', { email: 'other@example.org' }],
  ])('refuses an unknown value for %s sent as a variable (400 BAD_USER_INPUT)', async (_label, input) => {
    const res = await expectRefused(user, input, 'BAD_USER_INPUT');
    expect(res.status).toBe(400);
  });
});

describe('updateProfile: who may call it', () => {
  it('refuses an anonymous caller with UNAUTHENTICATED', async () => {
    const res = await update(null, { displayName: 'Nobody' });
    expect(codes(res)).toEqual(['UNAUTHENTICATED']);
    expect(res.data).toBeNull();
  });

  it('changes only the caller’s own profile', async () => {
    const user = await fullProfile();
    const other = await fullProfile();
    const otherBefore = await me(other);
    ok(await update(user, { displayName: 'Only Mine' }));
    expect(await me(other)).toEqual(otherBefore);
  });
});
