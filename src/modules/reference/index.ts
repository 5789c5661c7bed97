import { defineModule } from '../../platform/module/module-manifest';
import type { ReferenceCatalog } from './reference.catalog';
import { CountryEntity, RegionEntity, ThematicAreaEntity } from './reference.entity';
import { CountryResolver, RegionResolver, ThematicAreaResolver } from './reference.resolver';

/** Regions, countries and thematic areas (the catalog is loaded by the app before services are built). */
export const referenceModule = defineModule<{ catalog: ReferenceCatalog }>({
  name: 'reference',
  entities: [RegionEntity, CountryEntity, ThematicAreaEntity],
  resolvers: [
    { resolver: CountryResolver, create: (s) => new CountryResolver(s.catalog) },
    { resolver: RegionResolver, create: (s) => new RegionResolver(s.catalog) },
    { resolver: ThematicAreaResolver, create: (s) => new ThematicAreaResolver(s.catalog) },
  ],
});

// Used by other modules through this index (kept by scripts/codemods/module-imports.mjs).
export { ReferenceCatalog } from './reference.catalog';
export { REFERENCE_LIST_BOUNDS } from './reference.data';
export { CountryEntity, RegionLevel } from './reference.entity';
export type { RegionEntity, ThematicAreaEntity } from './reference.entity';
export { Country, Region, ThematicArea } from './reference.types';
export { AccountCountryCode, AccountCountryCodes, CountryCode, CountryCodes } from './reference.validation';
