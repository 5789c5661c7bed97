import DataLoader from 'dataloader';
import { In } from 'typeorm';
import type { DataSource } from 'typeorm';
import { byParent, groupBy, lateralPagesSql } from '../../common/relay/batched-connection';
import type { PageRequest } from '../../common/relay/batched-connection';
import { query, raw, sql } from '../../common/db/sql';
import { Keyset, keysetLoader } from '../../common/relay/keyset';
import type { Page } from '../../common/relay/pagination';
import { listedLegalDevelopmentSql } from './legal-development.policy';
import {
  LegalDevelopmentEntity,
  LegalDevelopmentInstrumentEntity,
  LegalDevelopmentTransitionEntity,
} from './legal-development.entity';

export interface LegalDevelopmentLoaders {
  byId: DataLoader<string, LegalDevelopmentEntity | null>;
  /** The instruments each development relates to. */
  instrumentIds: DataLoader<string, string[]>;
  /** The review history of each development, oldest first. */
  history: DataLoader<string, LegalDevelopmentTransitionEntity[]>;
  /**
   * `Country.legalDevelopments` pages: the listed developments of several countries (keyed by code),
   * newest by effective date first, in one statement.
   */
  countryPages: DataLoader<PageRequest, Page<LegalDevelopmentPageRow>, string>;
}

/** A development of a page: its id and keyset values (effective date as YYYY-MM-DD, id). */
export interface LegalDevelopmentPageRow {
  id: string;
  cursorDate: string;
}

const COUNTRY_PAGE_ORDER = new Keyset<LegalDevelopmentPageRow>(
  [
    { column: 'ld."effectiveDate"', kind: 'date', as: 'effectiveDate' },
    { column: 'ld."id"', kind: 'uuid', as: 'id' },
  ],
  'DESC',
  (r) => [r.cursorDate, r.id],
);

declare module '../../common/context' {
  interface Loaders {
    legalDevelopment: LegalDevelopmentLoaders;
  }
}

export function createLegalDevelopmentLoaders(dataSource: DataSource): LegalDevelopmentLoaders {
  return {
    countryPages: keysetLoader(COUNTRY_PAGE_ORDER, async (countryCodes, w) => {
      const inner = sql`SELECT ld."id", ld."effectiveDate", to_char(ld."effectiveDate", 'YYYY-MM-DD') AS "cursorDate"
          FROM legal_development ld
          WHERE ${raw(listedLegalDevelopmentSql('ld'))} AND ld."jurisdictionCountryCode" = parent.id ${w.andAfter}
          ORDER BY ${w.orderBy} ${w.limit}`;
      return byParent<LegalDevelopmentPageRow>(
        await query(dataSource, lateralPagesSql(inner, countryCodes, w.outerOrderBy, 'text')),
      );
    }),
    byId: new DataLoader(async (ids) => {
      const rows = await dataSource.getRepository(LegalDevelopmentEntity).findBy({ id: In([...ids]) });
      const map = new Map(rows.map((r) => [r.id, r]));
      return ids.map((id) => map.get(id) ?? null);
    }),
    instrumentIds: new DataLoader(async (ids) => {
      const rows = await dataSource
        .getRepository(LegalDevelopmentInstrumentEntity)
        .findBy({ legalDevelopmentId: In([...ids]) });
      const map = new Map<string, string[]>();
      for (const r of rows)
        map.set(r.legalDevelopmentId, [...(map.get(r.legalDevelopmentId) ?? []), r.instrumentId]);
      return ids.map((id) => map.get(id) ?? []);
    }),
    history: new DataLoader(async (ids) => {
      const rows = await dataSource.getRepository(LegalDevelopmentTransitionEntity).find({
        where: { legalDevelopmentId: In([...ids]) },
        order: { createdAt: 'ASC', id: 'ASC' },
      });
      const map = groupBy(rows, (r) => r.legalDevelopmentId);
      return ids.map((id) => map.get(id) ?? []);
    }),
  };
}
