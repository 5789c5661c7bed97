import DataLoader from 'dataloader';
import { In } from 'typeorm';
import type { DataSource } from 'typeorm';
import { PractitionerEntity } from './practitioner.entity';

export interface PractitionerLoaders {
  /** Practitioner rows by id, one query per batch; null when absent. */
  byId: DataLoader<string, PractitionerEntity | null>;
}

declare module '../../common/context' {
  interface Loaders {
    practitioner: PractitionerLoaders;
  }
}

export function createPractitionerLoaders(dataSource: DataSource): PractitionerLoaders {
  const repo = dataSource.getRepository(PractitionerEntity);
  return {
    byId: new DataLoader(async (ids) => {
      const rows = await repo.findBy({ id: In([...ids]) });
      const map = new Map(rows.map((r) => [r.id, r]));
      return ids.map((id) => map.get(id) ?? null);
    }),
  };
}
