import DataLoader from 'dataloader';
import { In } from 'typeorm';
import type { DataSource } from 'typeorm';
import { loadViewerNetworkScope } from '../network';
import type { ViewerNetworkScope } from '../network';
import { NetworkEntity } from '../network';
import { byParent, groupBy, isoMicros, lateralPagesSql } from '../../common/relay/batched-connection';
import type { PageRequest } from '../../common/relay/batched-connection';
import { query, raw, sql } from '../../common/db/sql';
import { Keyset, keysetLoader } from '../../common/relay/keyset';
import type { Page } from '../../common/relay/pagination';
import type { Viewer } from '../../common/auth/viewer';
import { PostEntity, PostNetworkEntity, PostTransitionEntity } from './post.entity';
import { readablePublishedSql } from './post-rows';

/** The parents of a scoped `posts` connection: an author, a network, a country or a thematic area. */
export type PostScope = 'author' | 'network' | 'country' | 'thematicArea';

/** How each scope selects the posts of its parent (`parent.id` in lateralPagesSql), and its key type. */
const POST_SCOPES: Record<PostScope, { keyType: 'uuid' | 'text'; sql: string }> = {
  author: { keyType: 'uuid', sql: 'p."authorId" = parent.id' },
  network: {
    keyType: 'uuid',
    sql: 'EXISTS (SELECT 1 FROM post_network spn WHERE spn."postId" = p."id" AND spn."networkId" = parent.id)',
  },
  country: { keyType: 'text', sql: 'p."countryCodes" @> ARRAY[parent.id]::text[]' },
  thematicArea: { keyType: 'text', sql: 'p."thematicAreaCodes" @> ARRAY[parent.id]::text[]' },
};

/** A post of a scoped page, with its keyset value (newest published first). */
export type PostPageRow = PostEntity & { cursorAt: string };

const POST_PAGE_ORDER = new Keyset<PostPageRow>(
  [
    { column: 'p."publishedAt"', kind: 'timestamp', as: 'publishedAt' },
    { column: 'p."id"', kind: 'uuid', as: 'id' },
  ],
  'DESC',
  (r) => [r.cursorAt, r.id],
);

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
  /**
   * Pages of the published posts the viewer may read, newest first, of several parents of one scope in
   * one statement (postPolicy's SQL form applies to every row).
   */
  pages(scope: PostScope): DataLoader<PageRequest, Page<PostPageRow>, string>;
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

export function createPostLoaders(dataSource: DataSource, viewer: Viewer | null): PostLoaders {
  const viewerId = viewer?.id ?? null;
  const pagesByScope = new Map<PostScope, DataLoader<PageRequest, Page<PostPageRow>, string>>();
  const pagesOf = (scope: PostScope) => {
    let loader = pagesByScope.get(scope);
    if (!loader) {
      const { keyType, sql: parentSql } = POST_SCOPES[scope];
      loader = keysetLoader(POST_PAGE_ORDER, async (parentIds, w) => {
        if (!viewer) return new Map(); // the scoped lists are for verified members (guarded by @Authorized)
        const inner = sql`SELECT p.*, ${raw(isoMicros('p."publishedAt"'))} AS "cursorAt"
            FROM post p
            WHERE ${readablePublishedSql(viewer, 'p')} AND ${raw(parentSql)} ${w.andAfter}
            ORDER BY ${w.orderBy} ${w.limit}`;
        return byParent(
          await query<Record<string, unknown>>(
            dataSource,
            lateralPagesSql(inner, parentIds, w.outerOrderBy, keyType),
          ),
          (row): PostPageRow => Object.assign(new PostEntity(), row as { cursorAt: string }),
        );
      });
      pagesByScope.set(scope, loader);
    }
    return loader;
  };
  return {
    pages: pagesOf,
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
      const rows = await query<Record<string, unknown> & { postId__: string }>(
        dataSource,
        sql`SELECT pn."postId" AS "postId__", n.* FROM post_network pn JOIN network n ON n.id = pn."networkId"
          WHERE pn."postId" = ANY(${[...postIds]}::uuid[]) ORDER BY n.name, n.id`,
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
      const ids = [...postIds];
      const rows = await query<{ postId: string; kind: 'E' | 'B' }>(
        dataSource,
        sql`SELECT "postId", 'E' AS kind FROM post_endorsement WHERE "practitionerId" = ${viewerId} AND "postId" = ANY(${ids}::uuid[])
         UNION ALL
         SELECT "postId", 'B' AS kind FROM post_bookmark WHERE "practitionerId" = ${viewerId} AND "postId" = ANY(${ids}::uuid[])`,
      );
      const endorsed = new Set(rows.filter((r) => r.kind === 'E').map((r) => r.postId));
      const bookmarked = new Set(rows.filter((r) => r.kind === 'B').map((r) => r.postId));
      return postIds.map((id) => ({ endorsed: endorsed.has(id), bookmarked: bookmarked.has(id) }));
    }),
    viewerScope: loadViewerNetworkScope(dataSource, viewerId),
  };
}
