import type { DataSource } from 'typeorm';
import { MembershipStatus, NetworkRole } from './network.enums';

/** The networks a viewer belongs to, and those they moderate (OWNER or MODERATOR), for visibility checks. */
export interface ViewerNetworkScope {
  activeNetworkIds: ReadonlySet<string>;
  moderatedNetworkIds: ReadonlySet<string>;
  /** Practitioners the viewer blocked or who blocked the viewer: neither sees the other's posts and comments. */
  blockedIds?: ReadonlySet<string>;
}

const EMPTY: ViewerNetworkScope = {
  activeNetworkIds: new Set(),
  moderatedNetworkIds: new Set(),
  blockedIds: new Set(),
};

/** Loads the scope with one query, at most once per request (memoised by the caller's loaders). */
export function loadViewerNetworkScope(
  dataSource: Pick<DataSource, 'query'>,
  viewerId: string | null,
): () => Promise<ViewerNetworkScope> {
  let pending: Promise<ViewerNetworkScope> | null = null;
  return () => {
    if (!viewerId) return Promise.resolve(EMPTY);
    pending ??= Promise.all([
      dataSource.query(
        `SELECT "networkId", "role" FROM network_member WHERE "practitionerId" = $1 AND "status" = $2`,
        [viewerId, MembershipStatus.ACTIVE],
      ) as Promise<{ networkId: string; role: NetworkRole }[]>,
      dataSource.query(
        `SELECT "blockedId" AS id FROM practitioner_block WHERE "blockerId" = $1
         UNION SELECT "blockerId" FROM practitioner_block WHERE "blockedId" = $1`,
        [viewerId],
      ) as Promise<{ id: string }[]>,
    ]).then(([rows, blocks]) => ({
      activeNetworkIds: new Set(rows.map((r) => r.networkId)),
      moderatedNetworkIds: new Set(rows.filter((r) => r.role !== NetworkRole.MEMBER).map((r) => r.networkId)),
      blockedIds: new Set(blocks.map((b) => b.id)),
    }));
    return pending;
  };
}
