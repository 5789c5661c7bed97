import { BadUserInputError } from '../../common/errors/errors';
import { fromGlobalIdOf } from '../../common/relay/global-id';
import { empty, list, sql } from '../../common/db/sql';
import type { Sql } from '../../common/db/sql';
import { checkDate } from '../../common/validation/values';
import type { ReferenceCatalog } from '../reference';
import { INSTRUMENT_TYPE } from '../instrument';
import { checkThematicAreas } from '../content';
import type { LegalDevelopmentEntity } from './legal-development.entity';
import type { LegalDevelopmentKind } from './legal-development.enums';
import type { LegalDevelopmentFilter } from './legal-development.inputs';

/** A validated filter, usable both in SQL (lists) and in memory (the live subscription). */
export interface ResolvedLegalFilter {
  /** Jurisdiction countries (from countryCodes and regionCodes); null for any. */
  countries: Set<string> | null;
  areas: string[] | null;
  kinds: LegalDevelopmentKind[] | null;
  instrumentIds: string[] | null;
  from: string | null;
  to: string | null;
}

/** A known ISO 3166-1 alpha-2 code, upper-cased (BAD_USER_INPUT on `field` otherwise). */
export function checkLegalCountry(catalog: ReferenceCatalog, code: string, field: string): string {
  const upper = code.trim().toUpperCase();
  if (!catalog.country(upper))
    throw new BadUserInputError(`Unknown country code ${code}.`, [
      { field, message: 'is not a known ISO 3166-1 alpha-2 code' },
    ]);
  return upper;
}

/** Validates a list filter (unknown codes and malformed dates or ids are BAD_USER_INPUT). */
export function resolveLegalFilter(
  catalog: ReferenceCatalog,
  filter: LegalDevelopmentFilter | null | undefined,
): ResolvedLegalFilter {
  let countries: Set<string> | null = null;
  if (filter?.countryCodes?.length || filter?.regionCodes?.length) {
    countries = new Set(
      (filter.countryCodes ?? []).map((c) => checkLegalCountry(catalog, c, 'filter.countryCodes')),
    );
    for (const region of filter.regionCodes ?? []) {
      if (!catalog.region(region))
        throw new BadUserInputError(`Unknown M49 region code ${region}.`, [
          { field: 'filter.regionCodes', message: 'is not a UN M49 area code' },
        ]);
      for (const c of catalog.countries.values()) if (catalog.inRegion(c, region)) countries.add(c.code);
    }
  }
  const from = filter?.from ? checkDate(filter.from, 'filter.from') : null;
  const to = filter?.to ? checkDate(filter.to, 'filter.to') : null;
  if (from && to && from > to)
    throw new BadUserInputError('filter.from must not be after filter.to.', [
      { field: 'filter.from', message: 'must not be after filter.to' },
    ]);
  return {
    countries,
    areas: filter?.thematicAreaCodes?.length
      ? checkThematicAreas(catalog, filter.thematicAreaCodes, 'filter.thematicAreaCodes')
      : null,
    kinds: filter?.kinds?.length ? filter.kinds : null,
    instrumentIds: filter?.instrumentIds?.length
      ? filter.instrumentIds.map((g, i) => fromGlobalIdOf(INSTRUMENT_TYPE, g, `filter.instrumentIds[${i}]`))
      : null,
    from,
    to,
  };
}

/** The in-memory form of the filter, for live events (same meaning as legalFilterSql). */
export function matchesLegalFilter(
  f: ResolvedLegalFilter,
  ld: LegalDevelopmentEntity,
  instrumentIds: readonly string[],
): boolean {
  if (f.countries && !(ld.jurisdictionCountryCode && f.countries.has(ld.jurisdictionCountryCode)))
    return false;
  if (f.areas && !f.areas.some((a) => ld.thematicAreaCodes.includes(a))) return false;
  if (f.kinds && !f.kinds.includes(ld.kind)) return false;
  if (f.instrumentIds && !f.instrumentIds.some((i) => instrumentIds.includes(i))) return false;
  if (f.from && ld.effectiveDate < f.from) return false;
  if (f.to && ld.effectiveDate > f.to) return false;
  return true;
}

/** The filter's conditions on alias `ld`, as `sql` fragments. */
export function legalFilterSql(f: ResolvedLegalFilter): Sql[] {
  return [
    f.countries
      ? sql`ld."jurisdictionCountryCode" IN (${list(f.countries.size ? [...f.countries] : ['--'])})`
      : empty,
    f.areas ? sql`ld."thematicAreaCodes" && ARRAY[${list(f.areas)}]::text[]` : empty,
    f.kinds ? sql`ld."kind" IN (${list(f.kinds)})` : empty,
    f.instrumentIds
      ? sql`EXISTS (SELECT 1 FROM legal_development_instrument fli WHERE fli."legalDevelopmentId" = ld."id" AND fli."instrumentId" IN (${list(f.instrumentIds)}))`
      : empty,
    f.from ? sql`ld."effectiveDate" >= ${f.from}` : empty,
    f.to ? sql`ld."effectiveDate" <= ${f.to}` : empty,
  ];
}
