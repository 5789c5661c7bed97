import DataLoader from 'dataloader';
import { In } from 'typeorm';
import type { DataSource } from 'typeorm';
import { boundViewer } from '../../common/auth/policy';
import type { Viewer } from '../../common/auth/viewer';
import {
  byParent,
  connectionLoader,
  isoMicros,
  lateralPages,
  sqlParams,
} from '../../common/relay/batched-connection';
import type { PageRequest } from '../../common/relay/batched-connection';
import { decodeCursor } from '../../common/relay/pagination';
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

/**
 * Pages of the comments the viewer may read (commentPolicy's SQL form) whose `parentCondition` holds for
 * the parent (`parent.id`), oldest first. Nobody signed out reads comments.
 */
function commentPages(
  dataSource: DataSource,
  viewer: Viewer | null,
  parentCondition: string,
): DataLoader<PageRequest, Page<CommentPageRow>, string> {
  return connectionLoader<CommentPageRow>(
    async (parentIds, first, after) => {
      if (!viewer) return new Map();
      const { params, bind } = sqlParams();
      const ids = bind(parentIds);
      let keyset = '';
      if (after) {
        const [at, id] = decodeCursor(after, ['timestamp', 'uuid']);
        keyset = `AND (c."createdAt", c."id") > (${bind(at)}::timestamptz, ${bind(id)}::uuid)`;
      }
      const inner = `SELECT c.*, ${isoMicros('c."createdAt"')} AS "cursorAt"
        FROM comment c
        WHERE ${parentCondition} AND ${commentReadSql(boundViewer(viewer, bind), 'c')} ${keyset}
        ORDER BY c."createdAt", c."id" LIMIT ${bind(first + 1)}`;
      return byParent(
        await dataSource.query(lateralPages(inner, ids, 'page."createdAt", page."id"'), params),
        (row): CommentPageRow => Object.assign(new CommentEntity(), row as { cursorAt: string }),
      );
    },
    (r) => [r.cursorAt, r.id],
  );
}

declare module '../../common/context' {
  interface Loaders {
    comment: CommentLoaders;
  }
}

export function createCommentLoaders(dataSource: DataSource, viewer: Viewer | null): CommentLoaders {
  return {
    threads: commentPages(dataSource, viewer, 'c."postId" = parent.id AND c."parentId" IS NULL'),
    replies: commentPages(dataSource, viewer, 'c."parentId" = parent.id'),
    byId: new DataLoader(async (ids) => {
      const rows = await dataSource.getRepository(CommentEntity).findBy({ id: In([...ids]) });
      const map = new Map(rows.map((r) => [r.id, r]));
      return ids.map((id) => map.get(id) ?? null);
    }),
    replyCount: new DataLoader(async (ids) => {
      const rows: { parentId: string; n: number }[] = await dataSource.query(
        `SELECT "parentId", count(*)::int AS n FROM comment
           WHERE "parentId" = ANY($1::uuid[]) AND "hiddenAt" IS NULL GROUP BY "parentId"`,
        [[...ids]],
      );
      const map = new Map(rows.map((r) => [r.parentId, r.n]));
      return ids.map((id) => map.get(id) ?? 0);
    }),
  };
}
