import DataLoader from 'dataloader';
import { In } from 'typeorm';
import type { DataSource } from 'typeorm';
import { NetworkEntity } from './network.entity';

export interface NetworkLoaders {
  /** Network rows by id, one query per batch; null when absent. */
  byId: DataLoader<string, NetworkEntity | null>;
}

declare module '../../common/context' {
  interface Loaders {
    network: NetworkLoaders;
  }
}

export function createNetworkLoaders(dataSource: DataSource): NetworkLoaders {
  const repo = dataSource.getRepository(NetworkEntity);
  return {
    byId: new DataLoader(async (ids) => {
      const rows = await repo.findBy({ id: In([...ids]) });
      const map = new Map(rows.map((r) => [r.id, r]));
      return ids.map((id) => map.get(id) ?? null);
    }),
  };
}
