import type { DataSource } from 'typeorm';
import { Language } from '../../common/i18n/language';
import { CountryEntity, RegionEntity, ThematicAreaEntity } from './reference.entity';
import { buildCountries, buildRegions } from './reference.data';
import { THEMATIC_AREAS } from './thematic-areas.data';

/**
 * Reference data (countries, M49 areas, thematic areas) is the same for every caller and changes
 * only with a release, so it is written to the database at boot and then served from memory.
 */
export class ReferenceCatalog {
  readonly countries = new Map<string, CountryEntity>();
  readonly regions = new Map<string, RegionEntity>();
  readonly thematicAreas = new Map<string, ThematicAreaEntity>();

  /** Writes the packaged reference data (idempotent upserts), then loads it into memory. */
  static async load(dataSource: DataSource): Promise<ReferenceCatalog> {
    await dataSource.transaction(async (manager) => {
      await manager.upsert(RegionEntity, buildRegions(), ['code']);
      await manager.upsert(CountryEntity, buildCountries(), ['code']);
      await manager.upsert(
        ThematicAreaEntity,
        THEMATIC_AREAS.map((t, i) => ({ ...t, sortOrder: i + 1 })),
        ['code'],
      );
    });
    const catalog = new ReferenceCatalog();
    for (const r of await dataSource.getRepository(RegionEntity).find()) catalog.regions.set(r.code, r);
    for (const c of await dataSource.getRepository(CountryEntity).find()) catalog.countries.set(c.code, c);
    const areas = await dataSource.getRepository(ThematicAreaEntity).find({ order: { sortOrder: 'ASC' } });
    for (const t of areas) catalog.thematicAreas.set(t.code, t);
    return catalog;
  }

  country(code: string): CountryEntity | null {
    return this.countries.get(code.toUpperCase()) ?? null;
  }

  region(code: string): RegionEntity | null {
    return this.regions.get(code) ?? null;
  }

  thematicArea(code: string): ThematicAreaEntity | null {
    return this.thematicAreas.get(code) ?? null;
  }

  /** Countries sorted by their name in the given language. */
  sortedCountries(language: Language, filter?: (c: CountryEntity) => boolean): CountryEntity[] {
    const collator = new Intl.Collator(language);
    const list = [...this.countries.values()].filter(filter ?? (() => true));
    return list.sort((a, b) =>
      collator.compare(a.names[language] ?? a.names[Language.EN], b.names[language] ?? b.names[Language.EN]),
    );
  }

  /** Whether a country belongs to an M49 area at any level. */
  inRegion(country: CountryEntity, regionCode: string): boolean {
    return (
      country.regionCode === regionCode ||
      country.subregionCode === regionCode ||
      country.intermediateRegionCode === regionCode ||
      regionCode === '001'
    );
  }
}
