import { query, sql } from '../../common/db/sql';
import type { Queryable } from '../../common/db/sql';

/** Ends the follows between two practitioners, both ways (a block does this in its unit of work). */
export async function endFollowsBetween(db: Queryable, a: string, b: string): Promise<void> {
  await query(
    db,
    sql`DELETE FROM practitioner_follow
        WHERE ("followerId" = ${a} AND "followeeId" = ${b}) OR ("followerId" = ${b} AND "followeeId" = ${a})`,
  );
}

// SQL forms of "who follows what", for statements of other modules (the feed, the audience of live events).
// Like the policies' SQL forms they take SQL expressions (a bound parameter or a column), never values.

/** A subquery of the practitioners `follower` follows (as `followeeId`). */
export function followedPractitionerIdsSql(follower: string): string {
  return `SELECT f."followeeId" FROM practitioner_follow f WHERE f."followerId" = ${follower}`;
}

/** TRUE when `follower` follows the practitioner `followee`. */
export function followsPractitionerSql(follower: string, followee: string): string {
  return `EXISTS (SELECT 1 FROM practitioner_follow f WHERE f."followerId" = ${follower} AND f."followeeId" = ${followee})`;
}

/** A subquery of the networks `follower` follows (as `networkId`). */
export function followedNetworkIdsSql(follower: string): string {
  return `SELECT nf."networkId" FROM network_follow nf WHERE nf."followerId" = ${follower}`;
}

/** TRUE when `follower` follows the network `network`. */
export function followsNetworkSql(follower: string, network: string): string {
  return `EXISTS (SELECT 1 FROM network_follow nf WHERE nf."networkId" = ${network} AND nf."followerId" = ${follower})`;
}

/** A subquery of the practitioners who follow one of the networks `networkIds` (a subquery), as `followerId`. */
export function networkFollowerIdsSql(networkIds: string): string {
  return `SELECT f."followerId" FROM network_follow f WHERE f."networkId" IN (${networkIds})`;
}

/** A subquery of the practitioners who follow the practitioner `followee`, as `followerId`. */
export function practitionerFollowerIdsSql(followee: string): string {
  return `SELECT pf."followerId" FROM practitioner_follow pf WHERE pf."followeeId" = ${followee}`;
}
