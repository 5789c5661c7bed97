import DataLoader from 'dataloader';
import { In } from 'typeorm';
import type { DataSource } from 'typeorm';
import { loadViewerNetworkScope } from '../network/network-scope';
import type { ViewerNetworkScope } from '../network/network-scope';
import { BookmarkEntity, EndorsementEntity, PostEntity, PostNetworkEntity } from './post.entity';

export interface PostLoaders {
  byId: DataLoader<string, PostEntity | null>;
  /** The networks each post is shared with. */
  networkIds: DataLoader<string, string[]>;
  viewerHasEndorsed: DataLoader<string, boolean>;
  viewerHasBookmarked: DataLoader<string, boolean>;
  /** The viewer's networks (one query per request). */
  viewerScope: () => Promise<ViewerNetworkScope>;
}

declare module '../../common/context' {
  interface Loaders {
    post: PostLoaders;
  }
}

export function createPostLoaders(dataSource: DataSource, viewerId: string | null): PostLoaders {
  const flagLoader = (entity: typeof EndorsementEntity | typeof BookmarkEntity) =>
    new DataLoader<string, boolean>(async (postIds) => {
      if (!viewerId) return postIds.map(() => false);
      const rows = await dataSource.getRepository(entity).find({
        select: { postId: true },
        where: { practitionerId: viewerId, postId: In([...postIds]) },
      });
      const set = new Set(rows.map((r) => r.postId));
      return postIds.map((id) => set.has(id));
    });
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
    viewerHasEndorsed: flagLoader(EndorsementEntity),
    viewerHasBookmarked: flagLoader(BookmarkEntity),
    viewerScope: loadViewerNetworkScope(dataSource, viewerId),
  };
}
