import DataLoader from 'dataloader';
import { In } from 'typeorm';
import type { DataSource } from 'typeorm';
import type { Viewer } from '../../common/auth/viewer';
import { policyScope, query, raw, sql } from '../../common/db/sql';
import type { Sql } from '../../common/db/sql';
import { byParent, isoMicros, lateralPagesSql } from '../../common/relay/batched-connection';
import type { PageRequest } from '../../common/relay/batched-connection';
import { Keyset, keysetLoader } from '../../common/relay/keyset';
import type { Page } from '../../common/relay/pagination';
import { CommentEntity } from './comment.entity';
import { commentReadSql } from './comment.policy';

/** A comment of a page, with its keyset value (oldest first). */
export type CommentPageRow = CommentEntity & { cursorAt: string };

export interface CommentLoaders {
  byId: DataLoader<string, CommentEntity | null>;
  /** Number of replies to each comment (deleted ones included: they keep their place). */
  replyCount: DataLoader<string, number>;
  /** `Post.comments` pages: the top-level comments of several posts, oldest first, in one statement. */
  threads: DataLoader<PageRequest, Page<CommentPageRow>, string>;
  /** `Comment.replies` pages: the replies to several comments, oldest first, in one statement. */
  replies: DataLoader<PageRequest, Page<CommentPageRow>, string>;
}

/** Comments pages: oldest first. */
const COMMENT_ORDER = new Keyset<CommentPageRow>(
  [
    { column: 'c."createdAt"', kind: 'timestamp', as: 'createdAt' },
    { column: 'c."id"', kind: 'uuid', as: 'id' },
  ],
  'ASC',
  (r) => [r.cursorAt, r.id],
);

/**
 * Pages of the comments the viewer may read (commentPolicy's SQL form) whose `parentCondition` holds for
 * the parent (`parent.id`), oldest first. Nobody signed out reads comments.
 */
function commentPages(
  dataSource: DataSource,
  viewer: Viewer | null,
  parentCondition: Sql,
): DataLoader<PageRequest, Page<CommentPageRow>, string> {
  return keysetLoader(COMMENT_ORDER, async (parentIds, w) => {
    if (!viewer) return new Map();
    const inner = sql`SELECT c.*, ${raw(isoMicros('c."createdAt"'))} AS "cursorAt"
        FROM comment c
        WHERE ${parentCondition} AND ${policyScope(viewer, (v) => commentReadSql(v, 'c'))} ${w.andAfter}
        ORDER BY ${w.orderBy} ${w.limit}`;
    return byParent(
      await query<Record<string, unknown>>(dataSource, lateralPagesSql(inner, parentIds, w.outerOrderBy)),
      (row): CommentPageRow => Object.assign(new CommentEntity(), row as { cursorAt: string }),
    );
  });
}

declare module '../../common/context' {
  interface Loaders {
    comment: CommentLoaders;
  }
}

export function createCommentLoaders(dataSource: DataSource, viewer: Viewer | null): CommentLoaders {
  return {
    threads: commentPages(dataSource, viewer, raw('c."postId" = parent.id AND c."parentId" IS NULL')),
    replies: commentPages(dataSource, viewer, raw('c."parentId" = parent.id')),
    byId: new DataLoader(async (ids) => {
      const rows = await dataSource.getRepository(CommentEntity).findBy({ id: In([...ids]) });
      const map = new Map(rows.map((r) => [r.id, r]));
      return ids.map((id) => map.get(id) ?? null);
    }),
    replyCount: new DataLoader(async (ids) => {
      const rows = await query<{ parentId: string; n: number }>(
        dataSource,
        sql`SELECT "parentId", count(*)::int AS n FROM comment
            WHERE "parentId" = ANY(${[...ids]}::uuid[]) AND "hiddenAt" IS NULL GROUP BY "parentId"`,
      );
      const map = new Map(rows.map((r) => [r.parentId, r.n]));
      return ids.map((id) => map.get(id) ?? 0);
    }),
  };
}
