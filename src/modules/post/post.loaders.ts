import DataLoader from 'dataloader';
import { In } from 'typeorm';
import type { DataSource } from 'typeorm';
import { loadViewerNetworkScope } from '../network/network-scope';
import type { ViewerNetworkScope } from '../network/network-scope';
import { NetworkEntity } from '../network/network.entity';
import { groupBy } from '../../common/relay/batched-connection';
import { PostEntity, PostNetworkEntity, PostTransitionEntity } from './post.entity';

export interface PostLoaders {
  byId: DataLoader<string, PostEntity | null>;
  /** The networks each post is shared with. */
  networkIds: DataLoader<string, string[]>;
  /** The network rows each post is shared with (one query joining post_network and network). */
  networks: DataLoader<string, NetworkEntity[]>;
  /** Whether the viewer endorses and has bookmarked each post (one query answers both). */
  viewerFlags: DataLoader<string, ViewerPostFlags>;
  /** The review history of each post, oldest first. */
  history: DataLoader<string, PostTransitionEntity[]>;
  /** The viewer's networks (one query per request). */
  viewerScope: () => Promise<ViewerNetworkScope>;
}

declare module '../../common/context' {
  interface Loaders {
    post: PostLoaders;
  }
}

export interface ViewerPostFlags {
  endorsed: boolean;
  bookmarked: boolean;
}

export function createPostLoaders(dataSource: DataSource, viewerId: string | null): PostLoaders {
  return {
    byId: new DataLoader(async (ids) => {
      const rows = await dataSource.getRepository(PostEntity).findBy({ id: In([...ids]) });
      const map = new Map(rows.map((r) => [r.id, r]));
      return ids.map((id) => map.get(id) ?? null);
    }),
    networkIds: new DataLoader(async (postIds) => {
      const rows = await dataSource.getRepository(PostNetworkEntity).findBy({ postId: In([...postIds]) });
      const map = new Map<string, string[]>();
      for (const r of rows) map.set(r.postId, [...(map.get(r.postId) ?? []), r.networkId]);
      return postIds.map((id) => map.get(id) ?? []);
    }),
    networks: new DataLoader(async (postIds) => {
      const rows: Array<Record<string, unknown> & { postId__: string }> = await dataSource.query(
        `SELECT pn."postId" AS "postId__", n.* FROM post_network pn JOIN network n ON n.id = pn."networkId"
          WHERE pn."postId" = ANY($1::uuid[]) ORDER BY n.name, n.id`,
        [[...postIds]],
      );
      const map = groupBy(rows, (r) => r.postId__);
      return postIds.map((id) =>
        (map.get(id) ?? []).map(({ postId__: _postId, ...columns }) =>
          Object.assign(new NetworkEntity(), columns),
        ),
      );
    }),
    history: new DataLoader(async (postIds) => {
      const rows = await dataSource.getRepository(PostTransitionEntity).find({
        where: { postId: In([...postIds]) },
        order: { createdAt: 'ASC', id: 'ASC' },
      });
      const map = groupBy(rows, (r) => r.postId);
      return postIds.map((id) => map.get(id) ?? []);
    }),
    viewerFlags: new DataLoader(async (postIds) => {
      if (!viewerId) return postIds.map(() => ({ endorsed: false, bookmarked: false }));
      const rows: { postId: string; kind: 'E' | 'B' }[] = await dataSource.query(
        `SELECT "postId", 'E' AS kind FROM post_endorsement WHERE "practitionerId" = $1 AND "postId" = ANY($2::uuid[])
         UNION ALL
         SELECT "postId", 'B' AS kind FROM post_bookmark WHERE "practitionerId" = $1 AND "postId" = ANY($2::uuid[])`,
        [viewerId, [...postIds]],
      );
      const endorsed = new Set(rows.filter((r) => r.kind === 'E').map((r) => r.postId));
      const bookmarked = new Set(rows.filter((r) => r.kind === 'B').map((r) => r.postId));
      return postIds.map((id) => ({ endorsed: endorsed.has(id), bookmarked: bookmarked.has(id) }));
    }),
    viewerScope: loadViewerNetworkScope(dataSource, viewerId),
  };
}
