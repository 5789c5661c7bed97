import type { Viewer } from '../../common/auth/viewer';
import type { DataSource, EntityManager } from 'typeorm';
import { policyScope, query, sql } from '../../common/db/sql';
import type { Queryable, Sql } from '../../common/db/sql';
import { jsonArraySql } from '../../common/db/lean-columns';
import type { LeanShape } from '../../common/db/lean-columns';
import type { NetworkEntity } from '../network';
import { PostEntity } from './post.entity';
import { postReadSql } from './post.policy';

// What other modules' statements need of the post tables (the feed, the audience of live events). Like the
// policies' SQL forms, the string forms take SQL expressions (a bound parameter or a column), never values.

/** SQL condition: published posts aliased `alias` that `viewer` may read (postReadSql, and PUBLISHED). */
export function readablePublishedSql(viewer: Viewer, alias: string): Sql {
  return policyScope(viewer, (v) => `(${alias}."status" = 'PUBLISHED' AND ${postReadSql(v, alias)})`);
}

/**
 * TRUE when the post `post` (an expression for its id) is shared with a network that `where` accepts (given
 * the network id column of the share row `alias`); `join` may join a table on that column instead. The
 * status predicate of published posts stays a literal where it appears (a partial index needs it).
 */
export function sharedWithNetworkSql(
  post: string,
  alias: string,
  { where, join }: { where?: (network: string) => string; join?: (network: string) => string },
): string {
  const network = `${alias}."networkId"`;
  return `EXISTS (SELECT 1 FROM post_network ${alias}${join ? ` ${join(network)}` : ''}
    WHERE ${alias}."postId" = ${post}${where ? ` AND (${where(network)})` : ''})`;
}

/**
 * The networks the post `post` (an expression for its id) is shared with, as `Post.networks` lists them (by
 * name), as one JSON array of the `network` shape's values (LeanShape.jsonValues, an array per network): for
 * a list of posts read in one statement.
 */
export function postNetworksJsonSql(post: string, network: LeanShape<NetworkEntity>): string {
  return `(SELECT coalesce(json_agg(${jsonArraySql(network.jsonValues('n'))} ORDER BY n."name", n."id"), '[]')
    FROM post_network pn JOIN network n ON n."id" = pn."networkId" WHERE pn."postId" = ${post})`;
}

/** The published post `postId` as a one-row relation (all its columns), to join in another module's statement. */
export function publishedPostSql(postId: string): Sql {
  return sql`SELECT * FROM post WHERE id = ${postId} AND "status" = 'PUBLISHED'`;
}

/** The post `id`, or null (one statement, in the caller's unit of work or on the DataSource). */
export function findPost(db: DataSource | EntityManager, id: string): Promise<PostEntity | null> {
  return db.getRepository(PostEntity).findOneBy({ id });
}

/** The ids of the networks the post `postId` is shared with (one statement). */
export async function postNetworkIds(db: Queryable, postId: string): Promise<string[]> {
  const rows = await query<{ networkId: string }>(
    db,
    sql`SELECT "networkId" FROM post_network WHERE "postId" = ${postId}`,
  );
  return rows.map((r) => r.networkId);
}
