import { comparableName, holdsAddress } from '../../src/modules/network/network-names';

describe('comparableName', () => {
  it.each([
    ["Côte-d'Ivoire", 'cotedivoire'],
    ['  NI-GER ', 'niger'],
    ['Níger', 'niger'],
    ['Ниге́р', 'нигер'],
    ['النَّيجر', 'النيجر'],
    ['资助恐怖主义', '资助恐怖主义'],
    ['Ｓａｈｅｌ', 'sahel'],
  ])('%s → %s', (name, expected) => {
    expect(comparableName(name)).toBe(expected);
  });
});

describe('holdsAddress', () => {
  it.each([
    'Verify at https://evil.example/login',
    'URGENT: www.evil.example',
    'verify your account at evil.example',
    'evil.com',
    'Write to admin@evil.com',
    'ftp://files',
  ])('finds an address in %s', (name) => {
    expect(holdsAddress(name)).toBe(true);
  });

  it.each([
    'Niger–Mali extradition course',
    'St. Petersburg group',
    'U.N.O.D.C. alumni',
    'e.g. Sahel',
    'Course 2026.1',
    'Art.7 review',
    'Financing of terrorism: cases',
  ])('finds none in %s', (name) => {
    expect(holdsAddress(name)).toBe(false);
  });
});
