import { query, sql, together } from '../../common/db/sql';
import type { Queryable } from '../../common/db/sql';
import { blockedEitherWayOfManySql, blockedEitherWaySql } from '../block';
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
  dataSource: Queryable,
  viewerId: string | null,
): () => Promise<ViewerNetworkScope> {
  let pending: Promise<ViewerNetworkScope> | null = null;
  return () => {
    if (!viewerId) return Promise.resolve(EMPTY);
    pending ??= together(
      dataSource,
      () =>
        query<{ networkId: string; role: NetworkRole }>(
          dataSource,
          sql`SELECT "networkId", "role" FROM network_member
              WHERE "practitionerId" = ${viewerId} AND "status" = ${MembershipStatus.ACTIVE}`,
        ),
      () => query<{ id: string }>(dataSource, blockedEitherWaySql(viewerId)),
    ).then(([rows, blocks]) => ({
      activeNetworkIds: new Set(rows.map((r) => r.networkId)),
      moderatedNetworkIds: new Set(rows.filter((r) => r.role !== NetworkRole.MEMBER).map((r) => r.networkId)),
      blockedIds: new Set(blocks.map((b) => b.id)),
    }));
    return pending;
  };
}

/**
 * The scopes of many viewers with two queries, whatever their number (for deliveries worked out once for
 * all the subscribers of an event).
 */
export async function loadViewerNetworkScopes(
  dataSource: Queryable,
  viewerIds: readonly string[],
): Promise<Map<string, ViewerNetworkScope>> {
  const [rows, blocks] = await together(
    dataSource,
    () =>
      query<{ practitionerId: string; networkId: string; role: NetworkRole }>(
        dataSource,
        sql`SELECT "practitionerId", "networkId", "role" FROM network_member
            WHERE "practitionerId" = ANY(${[...viewerIds]}::uuid[]) AND "status" = ${MembershipStatus.ACTIVE}`,
      ),
    () => query<{ viewerId: string; id: string }>(dataSource, blockedEitherWayOfManySql(viewerIds)),
  );
  const scopes = new Map<
    string,
    { activeNetworkIds: Set<string>; moderatedNetworkIds: Set<string>; blockedIds: Set<string> }
  >(
    viewerIds.map((id) => [
      id,
      { activeNetworkIds: new Set(), moderatedNetworkIds: new Set(), blockedIds: new Set() },
    ]),
  );
  for (const r of rows) {
    const scope = scopes.get(r.practitionerId);
    scope?.activeNetworkIds.add(r.networkId);
    if (r.role !== NetworkRole.MEMBER) scope?.moderatedNetworkIds.add(r.networkId);
  }
  for (const b of blocks) scopes.get(b.viewerId)?.blockedIds.add(b.id);
  return scopes;
}
