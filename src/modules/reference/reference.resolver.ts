import { Arg, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import { Public } from '../../common/auth/auth-checker';
import type { Context } from '../../common/context';
import { Language, localize } from '../../common/i18n/language';
import { BadUserInputError } from '../../common/errors/errors';
import type { CountryEntity, RegionEntity, ThematicAreaEntity } from './reference.entity';
import { RegionLevel } from './reference.entity';
import { ReferenceCatalog } from './reference.catalog';
import { Country, Region, ThematicArea } from './reference.types';
import { ListSize } from '../../common/limits/list-size';
import { REFERENCE_LIST_BOUNDS } from './reference.data';

/** A country listed by `countries(language:)`: its names default to that language, as its sort order does. */
type ListedCountry = CountryEntity & { listLanguage?: Language };

const LANGUAGE_ARG = {
  nullable: true,
  description: 'Language of the name; defaults to the request’s Accept-Language, else English.',
} as const;

@Resolver(() => Country)
export class CountryResolver {
  constructor(private readonly catalog: ReferenceCatalog) {}

  @Public()
  @ListSize(REFERENCE_LIST_BOUNDS.countries)
  @Query(() => [Country], { description: 'Every country, sorted by name in the requested language.' })
  countries(
    @Ctx() ctx: Context,
    @Arg('regionCode', () => String, { nullable: true, description: 'Only countries in this M49 area.' })
    regionCode: string | null,
    @Arg('language', () => Language, LANGUAGE_ARG) language: Language | null,
  ): ListedCountry[] {
    if (regionCode && !this.catalog.region(regionCode)) {
      throw new BadUserInputError(`Unknown M49 region code ${regionCode}.`, [
        { field: 'regionCode', message: 'is not a UN M49 area code' },
      ]);
    }
    const sorted = this.catalog.sortedCountries(
      language ?? ctx.language,
      regionCode ? (c) => this.catalog.inRegion(c, regionCode) : undefined,
    );
    return language ? sorted.map((c) => ({ ...c, listLanguage: language })) : sorted;
  }

  @Public()
  @Query(() => Country, {
    nullable: true,
    description: 'One country by ISO 3166-1 alpha-2 code; null when unknown.',
  })
  country(
    @Arg('code', { description: 'ISO 3166-1 alpha-2 code, e.g. `NE`.' }) code: string,
  ): CountryEntity | null {
    return this.catalog.country(code.trim());
  }

  @FieldResolver(() => String, { description: 'Name in the requested language.' })
  name(
    @Root() country: ListedCountry,
    @Ctx() ctx: Context,
    @Arg('language', () => Language, LANGUAGE_ARG) language: Language | null,
  ): string {
    return localize(country.names, language ?? country.listLanguage ?? ctx.language);
  }

  @FieldResolver(() => Region, { nullable: true, description: 'The M49 region (e.g. Africa).' })
  region(@Root() country: CountryEntity): RegionEntity | null {
    return country.regionCode ? this.catalog.region(country.regionCode) : null;
  }

  @FieldResolver(() => Region, {
    nullable: true,
    description: 'The M49 sub-region (e.g. Sub-Saharan Africa).',
  })
  subregion(@Root() country: CountryEntity): RegionEntity | null {
    return country.subregionCode ? this.catalog.region(country.subregionCode) : null;
  }

  @FieldResolver(() => Region, {
    nullable: true,
    description: 'The M49 intermediate region (e.g. Western Africa), where there is one.',
  })
  intermediateRegion(@Root() country: CountryEntity): RegionEntity | null {
    return country.intermediateRegionCode ? this.catalog.region(country.intermediateRegionCode) : null;
  }
}

@Resolver(() => Region)
export class RegionResolver {
  constructor(private readonly catalog: ReferenceCatalog) {}

  @Public()
  @ListSize(REFERENCE_LIST_BOUNDS.regions)
  @Query(() => [Region], { description: 'UN M49 areas, optionally of one level, in code order.' })
  regions(
    @Arg('level', () => RegionLevel, { nullable: true, description: 'Only areas of this level.' })
    level: RegionLevel | null,
  ): RegionEntity[] {
    return [...this.catalog.regions.values()]
      .filter((r) => !level || r.level === level)
      .sort((a, b) => a.code.localeCompare(b.code));
  }

  @FieldResolver(() => String, {
    description: 'Name in the requested language (M49 names are in English where no translation is loaded).',
  })
  name(
    @Root() region: RegionEntity,
    @Ctx() ctx: Context,
    @Arg('language', () => Language, LANGUAGE_ARG) language: Language | null,
  ): string {
    return localize(region.names, language ?? ctx.language);
  }

  @FieldResolver(() => Region, { nullable: true, description: 'The enclosing area; null for the World.' })
  parent(@Root() region: RegionEntity): RegionEntity | null {
    return region.parentCode ? this.catalog.region(region.parentCode) : null;
  }

  @ListSize(REFERENCE_LIST_BOUNDS.countries)
  @FieldResolver(() => [Country], { description: 'Countries in this area, at any depth, sorted by name.' })
  countries(@Root() region: RegionEntity, @Ctx() ctx: Context): CountryEntity[] {
    return this.catalog.sortedCountries(ctx.language, (c) => this.catalog.inRegion(c, region.code));
  }
}

@Resolver(() => ThematicArea)
export class ThematicAreaResolver {
  constructor(private readonly catalog: ReferenceCatalog) {}

  @Public()
  @ListSize(REFERENCE_LIST_BOUNDS.thematicAreas)
  @Query(() => [ThematicArea], { description: 'The thematic areas of the community.' })
  thematicAreas(): ThematicAreaEntity[] {
    return [...this.catalog.thematicAreas.values()];
  }

  @FieldResolver(() => String, { description: 'Name in the requested language.' })
  name(
    @Root() area: ThematicAreaEntity,
    @Ctx() ctx: Context,
    @Arg('language', () => Language, LANGUAGE_ARG) language: Language | null,
  ): string {
    return localize(area.names, language ?? ctx.language);
  }

  @FieldResolver(() => String, { description: 'What the area covers, in the requested language.' })
  description(
    @Root() area: ThematicAreaEntity,
    @Ctx() ctx: Context,
    @Arg('language', () => Language, LANGUAGE_ARG) language: Language | null,
  ): string {
    return localize(area.descriptions, language ?? ctx.language);
  }
}
