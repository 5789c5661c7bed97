import DataLoader from 'dataloader';
import { In } from 'typeorm';
import type { DataSource } from 'typeorm';
import { groupBy } from '../../common/relay/batched-connection';
import { CentralAuthorityEntity, CentralAuthorityRevisionEntity } from './central-authority.entity';

export interface CentralAuthorityLoaders {
  byId: DataLoader<string, CentralAuthorityEntity | null>;
  /** Every change of each entry, oldest first. */
  history: DataLoader<string, CentralAuthorityRevisionEntity[]>;
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
    history: new DataLoader(async (ids) => {
      const rows = await dataSource.getRepository(CentralAuthorityRevisionEntity).find({
        where: { centralAuthorityId: In([...ids]) },
        order: { createdAt: 'ASC', id: 'ASC' },
      });
      const map = groupBy(rows, (r) => r.centralAuthorityId);
      return ids.map((id) => map.get(id) ?? []);
    }),
  };
}
