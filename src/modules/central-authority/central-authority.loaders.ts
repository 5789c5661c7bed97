import DataLoader from 'dataloader';
import { In } from 'typeorm';
import type { DataSource } from 'typeorm';
import { CentralAuthorityEntity } from './central-authority.entity';

export interface CentralAuthorityLoaders {
  byId: DataLoader<string, CentralAuthorityEntity | null>;
}

declare module '../../common/context' {
  interface Loaders {
    centralAuthority: CentralAuthorityLoaders;
  }
}

export function createCentralAuthorityLoaders(dataSource: DataSource): CentralAuthorityLoaders {
  return {
    byId: new DataLoader(async (ids) => {
      const rows = await dataSource.getRepository(CentralAuthorityEntity).findBy({ id: In([...ids]) });
      const map = new Map(rows.map((r) => [r.id, r]));
      return ids.map((id) => map.get(id) ?? null);
    }),
  };
}
