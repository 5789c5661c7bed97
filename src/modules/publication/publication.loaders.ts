import DataLoader from 'dataloader';
import { In } from 'typeorm';
import type { DataSource } from 'typeorm';
import { loadViewerNetworkScope, NetworkEntity } from '../network';
import type { ViewerNetworkScope } from '../network';
import { groupBy } from '../../common/relay/batched-connection';
import { query, sql } from '../../common/db/sql';
import type { Viewer } from '../../common/auth/viewer';
import { PublicationEntity, PublicationNetworkEntity, PublicationVersionEntity } from './publication.entity';

export interface PublicationLoaders {
  byId: DataLoader<string, PublicationEntity | null>;
  versionById: DataLoader<string, PublicationVersionEntity | null>;
  /** The versions of each publication, oldest first. */
  versions: DataLoader<string, PublicationVersionEntity[]>;
  /** The ids of the networks each publication is for. */
  networkIds: DataLoader<string, string[]>;
  /** The network rows of each publication (one query). */
  networks: DataLoader<string, NetworkEntity[]>;
  /** The viewer's networks and blocks (one query per request). */
  viewerScope: () => Promise<ViewerNetworkScope>;
}

declare module '../../common/context' {
  interface Loaders {
    publication: PublicationLoaders;
  }
}

export function createPublicationLoaders(dataSource: DataSource, viewer: Viewer | null): PublicationLoaders {
  return {
    byId: new DataLoader(async (ids) => {
      const rows = await dataSource.getRepository(PublicationEntity).findBy({ id: In([...ids]) });
      const map = new Map(rows.map((r) => [r.id, r]));
      return ids.map((id) => map.get(id) ?? null);
    }),
    versionById: new DataLoader(async (ids) => {
      const rows = await dataSource.getRepository(PublicationVersionEntity).findBy({ id: In([...ids]) });
      const map = new Map(rows.map((r) => [r.id, r]));
      return ids.map((id) => map.get(id) ?? null);
    }),
    versions: new DataLoader(async (publicationIds) => {
      const rows = await dataSource.getRepository(PublicationVersionEntity).find({
        where: { publicationId: In([...publicationIds]) },
        order: { createdAt: 'ASC', id: 'ASC' },
      });
      const map = groupBy(rows, (r) => r.publicationId);
      return publicationIds.map((id) => map.get(id) ?? []);
    }),
    networkIds: new DataLoader(async (publicationIds) => {
      const rows = await dataSource
        .getRepository(PublicationNetworkEntity)
        .findBy({ publicationId: In([...publicationIds]) });
      const map = groupBy(rows, (r) => r.publicationId);
      return publicationIds.map((id) => (map.get(id) ?? []).map((r) => r.networkId));
    }),
    networks: new DataLoader(async (publicationIds) => {
      const rows = await query<Record<string, unknown> & { publicationId__: string }>(
        dataSource,
        sql`SELECT pn."publicationId" AS "publicationId__", n.* FROM publication_network pn
          JOIN network n ON n.id = pn."networkId"
          WHERE pn."publicationId" = ANY(${[...publicationIds]}::uuid[]) ORDER BY n.name, n.id`,
      );
      const map = groupBy(rows, (r) => r.publicationId__);
      return publicationIds.map((id) =>
        (map.get(id) ?? []).map(({ publicationId__: _id, ...columns }) =>
          Object.assign(new NetworkEntity(), columns),
        ),
      );
    }),
    viewerScope: loadViewerNetworkScope(dataSource, viewer?.id ?? null),
  };
}
