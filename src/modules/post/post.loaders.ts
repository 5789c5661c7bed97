import DataLoader from 'dataloader';
import { In } from 'typeorm';
import type { DataSource } from 'typeorm';
import { loadViewerNetworkScope } from '../network';
import type { ViewerNetworkScope } from '../network';
import { NetworkEntity } from '../network';
import {
  byParent,
  groupBy,
  isoMicros,
  jsonPageSql,
  lateralPagesSql,
} from '../../common/relay/batched-connection';
import type { PageRequest } from '../../common/relay/batched-connection';
import { anyOf, raw, sql } from '../../common/db/sql';
import type { ReadAheadPart } from '../../common/relay/read-ahead';
import { queryPrepared, tableColumnsSql } from '../../common/db/prepared';
import { jsonArraySql, leanShape, wholeShape } from '../../common/db/lean-columns';
import type { LeanShape } from '../../common/db/lean-columns';
import { POST_COLUMN_NEEDS } from './post.columns';
import { Keyset, keysetLoader } from '../../common/relay/keyset';
import type { KeysetWindow } from '../../common/relay/keyset';
import { readAheadArgs, readAheadColumns, takeReadAheads } from '../../common/relay/read-ahead';
import type { Page, PageArgs } from '../../common/relay/pagination';
import type { Viewer } from '../../common/auth/viewer';
import type { PrefetchedViewerFacts } from '../../common/auth/viewer-facts';
import { PostEntity, PostNetworkEntity, PostTransitionEntity } from './post.entity';
import { readablePublishedSql } from './post-rows';
import { practitionerColumnsSql, practitionerFromColumns } from '../practitioner';
import type { PractitionerEntity } from '../practitioner';

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
  /**
   * One post read as `byId` reads it, with the read-ahead parts' columns in the same statement (node(id)'s
   * look-ahead, common/relay/read-ahead.ts); primes `byId`.
   */
  byIdWith(id: string, parts: readonly ReadAheadPart[]): Promise<PostEntity | null>;
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
  /**
   * Pages of a scope's posts. `fields`: the Post fields the pages' nodes select, read lean (only the columns
   * they need, common/db/lean-columns.ts); omitted, whole rows.
   */
  pages(scope: PostScope, fields?: Iterable<string>): DataLoader<PageRequest, Page<PostPageRow>, string>;
  /**
   * The page `pages(scope, fields)` would read for `args`, as a column of its parent's statement (node(id)'s
   * read-ahead, common/relay/read-ahead.ts): a JSON array of its rows, which primes that loader. Null when
   * it does not apply (no viewer, arguments the field refuses, columns JSON cannot carry).
   */
  pageReadAhead(scope: PostScope, fields: Iterable<string>, args: PageArgs): ReadAheadPart | null;
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

const AUTHOR_PREFIX = 'author__';
/**
 * What was read with a post in its statement (a page, or `byId`) for its fields, kept on the entity under a
 * symbol (no copy of the row, no lookup table): the author's row (null: no such practitioner), the networks
 * it is shared with, the viewer's endorsement and bookmark. Absent: the field's loader reads it.
 */
const READ_WITH = Symbol('read with the post');
interface ReadWithPost {
  [READ_WITH]?: {
    author?: PractitionerEntity | null;
    networks?: NetworkEntity[];
    flags?: ViewerPostFlags;
  };
}
const readWith = (post: PostEntity) => ((post as ReadWithPost)[READ_WITH] ??= {});

/**
 * The author of a post as read in the same statement, or undefined when the post came without it (then the
 * practitioner loader reads it). `Post.author` primes the practitioner loader with a whole row.
 */
export function authorReadWith(post: PostEntity): PractitionerEntity | null | undefined {
  return (post as ReadWithPost)[READ_WITH]?.author;
}

/**
 * Keeps an author read in the same statement as the post (a list's page) for `Post.author`. A lean author
 * (common/db/lean-columns.ts) is handed to that field only; a whole one also primes the practitioner loader.
 */
export function keepAuthorReadWith(post: PostEntity, author: PractitionerEntity | null): void {
  readWith(post).author = author;
}

/** Keeps the networks read with a post for `Post.networks` (lean ones included: never primed anywhere). */
export function keepNetworksReadWith(post: PostEntity, networks: NetworkEntity[]): void {
  readWith(post).networks = networks;
}

/** The networks read with the post (keepNetworksReadWith), or undefined: then the loader reads them. */
export function networksReadWith(post: PostEntity): NetworkEntity[] | undefined {
  return (post as ReadWithPost)[READ_WITH]?.networks;
}

/** Keeps the viewer's endorsement and bookmark read with a post, for the `viewerHas…` fields. */
export function keepFlagsReadWith(post: PostEntity, flags: ViewerPostFlags): void {
  readWith(post).flags = flags;
}

/** The viewer's flags read with the post (keepFlagsReadWith), or undefined: then the loader reads them. */
export function flagsReadWith(post: PostEntity): ViewerPostFlags | undefined {
  return (post as ReadWithPost)[READ_WITH]?.flags;
}

export function createPostLoaders(
  dataSource: DataSource,
  viewer: Viewer | null,
  prefetched: PrefetchedViewerFacts | null = null,
): PostLoaders {
  const viewerId = viewer?.id ?? null;
  // One loader per scope and shape (leanShape caches its shapes: one object per set of columns).
  const pagesByScope = new Map<
    PostScope,
    Map<LeanShape<PostEntity>, DataLoader<PageRequest, Page<PostPageRow>, string>>
  >();
  const pagesOf = (scope: PostScope, fields?: Iterable<string>) => {
    const shape = leanShape(dataSource, PostEntity, POST_COLUMN_NEEDS, fields ?? null);
    let byShape = pagesByScope.get(scope);
    if (!byShape) pagesByScope.set(scope, (byShape = new Map()));
    let loader = byShape.get(shape);
    if (!loader) {
      const { keyType, sql: parentSql } = POST_SCOPES[scope];
      loader = keysetLoader(POST_PAGE_ORDER, async (parentIds, w) => {
        if (!viewer) return new Map(); // the scoped lists are for verified members (guarded by @Authorized)
        const inner = sql`SELECT ${raw(shape.sql('p', ''))}, ${raw(isoMicros('p."publishedAt"'))} AS "cursorAt"
            FROM post p
            WHERE ${readablePublishedSql(viewer, 'p')} AND ${raw(parentSql)} ${w.andAfter}
            ORDER BY ${w.orderBy} ${w.limit}`;
        return byParent(
          await queryPrepared<Record<string, unknown>>(
            dataSource,
            lateralPagesSql(inner, parentIds, w.outerOrderBy, keyType),
          ),
          (row): PostPageRow => Object.assign(shape.from(row, '')!, { cursorAt: row.cursorAt as string }),
        );
      });
      byShape.set(shape, loader);
    }
    return loader;
  };
  const networkIdsLoader = new DataLoader<string, string[]>(async (postIds) => {
    const rows = await dataSource.getRepository(PostNetworkEntity).findBy({ postId: In([...postIds]) });
    const map = new Map<string, string[]>();
    for (const r of rows) map.set(r.postId, [...(map.get(r.postId) ?? []), r.networkId]);
    return postIds.map((id) => map.get(id) ?? []);
  });
  // Rows to entities (every column, converted as TypeORM converts them), for post.byId and post.networks.
  const wholePosts = wholeShape(dataSource, PostEntity);
  const wholeNetworks = wholeShape(dataSource, NetworkEntity);
  // Posts by id with their network ids and author (see byId), and the read-ahead parts' columns.
  const readPosts = async (ids: readonly string[], parts: readonly ReadAheadPart[]) => {
    const rows = await queryPrepared<Record<string, unknown>>(
      dataSource,
      sql`SELECT ${raw(tableColumnsSql(dataSource, PostEntity, 'p'))}, ARRAY(SELECT pn."networkId"::text FROM post_network pn WHERE pn."postId" = p.id) AS "networkIds__",
            ${raw(practitionerColumnsSql(dataSource, 'a', AUTHOR_PREFIX))} ${readAheadColumns(parts, 'p.id')}
          FROM post p LEFT JOIN practitioner a ON a.id = p."authorId"
          WHERE p.id ${anyOf(ids, 'uuid')}`,
    );
    return rows.map((row) => {
      // The post's own columns (the row also has its network ids and its author's prefixed columns).
      const post = wholePosts.from(row, '')!;
      keepAuthorReadWith(post, practitionerFromColumns(dataSource, row, AUTHOR_PREFIX));
      networkIdsLoader.prime(post.id, row.networkIds__ as string[]);
      return { post, row };
    });
  };
  const byId = new DataLoader<string, PostEntity | null>(async (ids) => {
    const map = new Map<string, PostEntity>();
    for (const { post } of await readPosts(ids, [])) map.set(post.id, post);
    return ids.map((id) => map.get(id) ?? null);
  });
  const pageReadAhead = (
    scope: PostScope,
    fields: Iterable<string>,
    args: PageArgs,
  ): ReadAheadPart | null => {
    if (!viewer || !readAheadArgs(args)) return null;
    const shape = leanShape(dataSource, PostEntity, POST_COLUMN_NEEDS, fields);
    let w: KeysetWindow<PostPageRow>;
    let row: string;
    let k: number;
    try {
      w = POST_PAGE_ORDER.window(args); // a bad cursor: the field's own read reports it
      const values = shape.jsonValues('p');
      k = values.length; // each row: the post's values, then its keyset value
      row = jsonArraySql([...values, isoMicros('p."publishedAt"')]);
    } catch {
      return null;
    }
    const { keyType, sql: parentSql } = POST_SCOPES[scope];
    const loader = pagesOf(scope, fields);
    return {
      // The same rows as the scope's pages (pagesOf), for the one parent of the statement.
      sql: (idSql) =>
        jsonPageSql(
          sql`SELECT ${raw(row)} AS j, p."publishedAt" AS "publishedAt", p."id" AS "id"
              FROM post p
              WHERE ${readablePublishedSql(viewer, 'p')} AND ${raw(parentSql)} ${w.andAfter}
              ORDER BY ${w.orderBy} ${w.limit}`,
          `${idSql}::${keyType}`,
          w.outerOrderBy,
        ),
      take: (parentId, value) => {
        const rows = (value as unknown[][]).map((j): PostPageRow =>
          Object.assign(shape.fromJson(j)!, { cursorAt: j[k] as string }),
        );
        loader.prime({ ...args, parentId }, w.page(rows));
      },
    };
  };
  return {
    pages: pagesOf,
    pageReadAhead,
    // The lean read path: each post with its network ids (primed into `networkIds`, which its read check
    // needs) and its author's row (kept for `Post.author`, see authorReadWith), in one statement.
    byId,
    byIdWith: async (id, parts) => {
      const [found] = await readPosts([id], parts);
      if (!found) return null;
      byId.prime(found.post.id, found.post);
      takeReadAheads(parts, found.row)(found.post.id);
      return found.post;
    },
    networkIds: networkIdsLoader,
    networks: new DataLoader(async (postIds) => {
      const rows = await queryPrepared<Record<string, unknown> & { postId__: string }>(
        dataSource,
        sql`SELECT pn."postId" AS "postId__", ${raw(tableColumnsSql(dataSource, NetworkEntity, 'n'))} FROM post_network pn JOIN network n ON n.id = pn."networkId"
          WHERE pn."postId" ${anyOf(postIds, 'uuid')} ORDER BY n.name, n.id`,
      );
      const map = groupBy(rows, (r) => r.postId__);
      return postIds.map((id) => (map.get(id) ?? []).map((row) => wholeNetworks.from(row, '')!));
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
      const rows = await queryPrepared<{ postId: string; kind: 'E' | 'B' }>(
        dataSource,
        sql`SELECT "postId", 'E' AS kind FROM post_endorsement WHERE "practitionerId" = ${viewerId} AND "postId" ${anyOf(ids, 'uuid')}
         UNION ALL
         SELECT "postId", 'B' AS kind FROM post_bookmark WHERE "practitionerId" = ${viewerId} AND "postId" ${anyOf(ids, 'uuid')}`,
      );
      const endorsed = new Set(rows.filter((r) => r.kind === 'E').map((r) => r.postId));
      const bookmarked = new Set(rows.filter((r) => r.kind === 'B').map((r) => r.postId));
      return postIds.map((id) => ({ endorsed: endorsed.has(id), bookmarked: bookmarked.has(id) }));
    }),
    // Read with the session when the request has it (the lean read path), else once on first use.
    viewerScope: prefetched?.networkScope
      ? (
          (scope) => () =>
            Promise.resolve(scope)
        )(prefetched.networkScope)
      : loadViewerNetworkScope(dataSource, viewerId),
  };
}
