import { raw, sql } from '../../common/db/sql';
import type { Sql } from '../../common/db/sql';
import { blockedEitherWayIdsSql } from '../block';
import { MembershipStatus, NetworkRole } from './network.enums';
import type { ViewerNetworkScope } from './network-scope';

/**
 * The viewer's network scope (loadViewerNetworkScope's facts) as three array columns of another statement,
 * for `practitioner` (an SQL expression: the viewer's id column): the identity check reads them with the
 * session, in the request's first statement (the lean read path).
 */
export function viewerScopeColumnsSql(practitioner: string): Sql {
  return sql`ARRAY(SELECT vsm."networkId"::text FROM network_member vsm
             WHERE vsm."practitionerId" = ${raw(practitioner)} AND vsm."status" = ${MembershipStatus.ACTIVE}) AS "scopeActive",
           ARRAY(SELECT vsm."networkId"::text FROM network_member vsm
             WHERE vsm."practitionerId" = ${raw(practitioner)} AND vsm."status" = ${MembershipStatus.ACTIVE}
               AND vsm."role" <> ${NetworkRole.MEMBER}) AS "scopeModerated",
           ARRAY(SELECT vsb."blockedId"::text FROM (${raw(blockedEitherWayIdsSql(practitioner))}) vsb("blockedId")) AS "scopeBlocked"`;
}

/** The scope from the columns of viewerScopeColumnsSql. */
export function viewerScopeFromColumns(row: Record<string, unknown>): ViewerNetworkScope {
  return {
    activeNetworkIds: new Set(row.scopeActive as string[]),
    moderatedNetworkIds: new Set(row.scopeModerated as string[]),
    blockedIds: new Set(row.scopeBlocked as string[]),
  };
}
