import DataLoader from 'dataloader';
import { In } from 'typeorm';
import type { DataSource } from 'typeorm';
import { groupBy } from '../../common/relay/batched-connection';
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
}

declare module '../../common/context' {
  interface Loaders {
    legalDevelopment: LegalDevelopmentLoaders;
  }
}

export function createLegalDevelopmentLoaders(dataSource: DataSource): LegalDevelopmentLoaders {
  return {
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
