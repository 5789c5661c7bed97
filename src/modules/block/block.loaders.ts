import DataLoader from 'dataloader';
import type { Viewer } from '../../common/auth/viewer';
import type { BlockService } from './block.service';

export interface BlockLoaders {
  /** Whether the viewer blocked each practitioner. */
  viewerBlocked: DataLoader<string, boolean>;
  /** Whether the viewer muted each practitioner. */
  viewerMuted: DataLoader<string, boolean>;
  /** Whether the viewer muted each network. */
  viewerMutedNetwork: DataLoader<string, boolean>;
}

declare module '../../common/context' {
  interface Loaders {
    block: BlockLoaders;
  }
}

export function createBlockLoaders(blocks: BlockService, viewer: Viewer | null): BlockLoaders {
  const relationLoader = (kind: 'blocked' | 'muted') =>
    new DataLoader<string, boolean>(async (ids) => {
      if (!viewer) return ids.map(() => false);
      const sets = await blocks.relationsOf(viewer.id, ids);
      return ids.map((id) => sets[kind].has(id));
    });
  return {
    viewerBlocked: relationLoader('blocked'),
    viewerMuted: relationLoader('muted'),
    viewerMutedNetwork: new DataLoader<string, boolean>(async (ids) => {
      if (!viewer) return ids.map(() => false);
      const set = await blocks.mutedNetworks(viewer.id, ids);
      return ids.map((id) => set.has(id));
    }),
  };
}
