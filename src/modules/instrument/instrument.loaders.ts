import DataLoader from 'dataloader';
import { namedSql, sql } from '../../common/db/sql';
import { In } from 'typeorm';
import type { DataSource } from 'typeorm';
import { InstrumentEntity, TreatyStatusEntity, TreatyStatusHistoryEntity } from './instrument.entity';
import type { ResolvedStatusFilter, TreatyService } from './treaty.service';

export interface InstrumentLoaders {
  byId: DataLoader<string, InstrumentEntity | null>;
  /** Current treaty statuses by id. */
  statusById: DataLoader<string, TreatyStatusEntity | null>;
  /** Current statuses of each country (by country code). */
  statusesOfCountry: DataLoader<string, TreatyStatusEntity[]>;
  /** Current statuses of each instrument under one filter (one loader per distinct filter). */
  statusesOfInstrument: (filter: ResolvedStatusFilter) => DataLoader<string, TreatyStatusEntity[]>;
  /** History of each `countryCode|instrumentId` pair, oldest first. */
  history: DataLoader<string, TreatyStatusHistoryEntity[]>;
}

declare module '../../common/context' {
  interface Loaders {
    instrument: InstrumentLoaders;
  }
}

export function createInstrumentLoaders(dataSource: DataSource, treaties: TreatyService): InstrumentLoaders {
  const perFilter = new Map<string, DataLoader<string, TreatyStatusEntity[]>>();
  return {
    byId: new DataLoader(async (ids) => {
      const rows = await dataSource.getRepository(InstrumentEntity).findBy({ id: In([...ids]) });
      const map = new Map(rows.map((r) => [r.id, r]));
      return ids.map((id) => map.get(id) ?? null);
    }),
    statusById: new DataLoader(async (ids) => {
      const rows = await dataSource.getRepository(TreatyStatusEntity).findBy({ id: In([...ids]) });
      const map = new Map(rows.map((r) => [r.id, r]));
      return ids.map((id) => map.get(id) ?? null);
    }),
    statusesOfCountry: new DataLoader(async (codes) => {
      const map = await treaties.statusesOfCountries(codes);
      return codes.map((c) => map.get(c) ?? []);
    }),
    statusesOfInstrument: (filter) => {
      const key = JSON.stringify(filter);
      let loader = perFilter.get(key);
      if (!loader) {
        loader = new DataLoader(async (ids) => {
          const map = await treaties.statusesOfInstruments(ids, filter);
          return ids.map((id) => map.get(id) ?? []);
        });
        perFilter.set(key, loader);
      }
      return loader;
    },
    history: new DataLoader(async (keys) => {
      const pairs = keys.map((k) => k.split('|'));
      const rows = await dataSource
        .getRepository(TreatyStatusHistoryEntity)
        .createQueryBuilder('h')
        .where(
          ...namedSql(
            sql`(h."countryCode", h."instrumentId") IN
                  (SELECT * FROM unnest(${pairs.map((p) => p[0])}::text[], ${pairs.map((p) => p[1])}::uuid[]))`,
            'w',
          ),
        )
        .orderBy('h."recordedAt"', 'ASC')
        .addOrderBy('h."id"', 'ASC')
        .getMany();
      const map = new Map<string, TreatyStatusHistoryEntity[]>();
      for (const r of rows) {
        const key = `${r.countryCode}|${r.instrumentId}`;
        map.set(key, [...(map.get(key) ?? []), r]);
      }
      return keys.map((k) => map.get(k) ?? []);
    }),
  };
}
