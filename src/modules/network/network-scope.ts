import type { DataSource } from 'typeorm';
import { MembershipStatus, NetworkRole } from './network.enums';

/** The networks a viewer belongs to, and those they moderate (OWNER or MODERATOR), for visibility checks. */
export interface ViewerNetworkScope {
  activeNetworkIds: ReadonlySet<string>;
  moderatedNetworkIds: ReadonlySet<string>;
}

const EMPTY: ViewerNetworkScope = { activeNetworkIds: new Set(), moderatedNetworkIds: new Set() };

/** Loads the scope with one query, at most once per request (memoised by the caller's loaders). */
export function loadViewerNetworkScope(
  dataSource: DataSource,
  viewerId: string | null,
): () => Promise<ViewerNetworkScope> {
  let pending: Promise<ViewerNetworkScope> | null = null;
  return () => {
    if (!viewerId) return Promise.resolve(EMPTY);
    pending ??= dataSource
      .query(`SELECT "networkId", "role" FROM network_member WHERE "practitionerId" = $1 AND "status" = $2`, [
        viewerId,
        MembershipStatus.ACTIVE,
      ])
      .then((rows: { networkId: string; role: NetworkRole }[]) => ({
        activeNetworkIds: new Set(rows.map((r) => r.networkId)),
        moderatedNetworkIds: new Set(
          rows.filter((r) => r.role !== NetworkRole.MEMBER).map((r) => r.networkId),
        ),
      }));
    return pending;
  };
}
