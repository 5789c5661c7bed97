import DataLoader from 'dataloader';
import { In } from 'typeorm';
import type { DataSource } from 'typeorm';
import type { Viewer } from '../../common/auth/viewer';
import { anyOf, empty, policyScope, raw, sql } from '../../common/db/sql';
import { queryPrepared, tableColumnsSql } from '../../common/db/prepared';
import type { Sql } from '../../common/db/sql';
import { byParent, isoMicros, jsonPageSql, lateralPagesSql } from '../../common/relay/batched-connection';
import type { PageRequest } from '../../common/relay/batched-connection';
import { Keyset, keysetLoader } from '../../common/relay/keyset';
import type { KeysetWindow } from '../../common/relay/keyset';
import type { ReadAheadPart } from '../../common/relay/read-ahead';
import { readAheadArgs } from '../../common/relay/read-ahead';
import type { Page, PageArgs } from '../../common/relay/pagination';
import { CommentEntity } from './comment.entity';
import { commentReadSql } from './comment.policy';
import { PRACTITIONER_COLUMN_NEEDS, PractitionerEntity } from '../practitioner';
import { jsonArraySql, leanShape, wholeShape } from '../../common/db/lean-columns';
import type { LeanShape } from '../../common/db/lean-columns';

/** A comment of a page, with its keyset value (oldest first). */
export type CommentPageRow = CommentEntity & { cursorAt: string };

export interface CommentLoaders {
  byId: DataLoader<string, CommentEntity | null>;
  /** Number of replies to each comment (deleted ones included: they keep their place). */
  replyCount: DataLoader<string, number>;
  /** `Post.comments` pages: the top-level comments of several posts, oldest first, in one statement. */
  threads: DataLoader<PageRequest, Page<CommentPageRow>, string>;
  /** `threads` with each comment's author and reply count read in the same statement (see CommentPageExtras). */
  threadsWith(extras: CommentPageExtras): DataLoader<PageRequest, Page<CommentPageRow>, string>;
  /** `Comment.replies` pages: the replies to several comments, oldest first, in one statement. */
  replies: DataLoader<PageRequest, Page<CommentPageRow>, string>;
  /**
   * The page `threadsWith(extras)` would read for `args`, as a column of a post's statement (node(id)'s
   * read-ahead, common/relay/read-ahead.ts): a JSON array of its rows, which primes that loader. Null when
   * it does not apply (no viewer, arguments the field refuses, columns JSON cannot carry).
   */
  threadReadAhead(extras: CommentPageExtras, args: PageArgs): ReadAheadPart | null;
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
  extras: { author: LeanShape<PractitionerEntity> | null; replyCount: boolean } = {
    author: null,
    replyCount: false,
  },
): DataLoader<PageRequest, Page<CommentPageRow>, string> {
  // The lean read path: what the page's nested fields will read, in the same statement (the resolver looks
  // ahead at the selection): each author's columns its selected fields need, each reply count (as the
  // replyCount loader counts).
  const author = extras.author ? raw(`, ${extras.author.sql('ca', AUTHOR_PREFIX)}`) : empty;
  const authorJoin = extras.author ? raw(AUTHOR_JOIN) : empty;
  const replyCount = extras.replyCount ? raw(`, ${REPLY_COUNT} AS "replyCount__"`) : empty;
  const comments = wholeShape(dataSource, CommentEntity);
  return keysetLoader(COMMENT_ORDER, async (parentIds, w) => {
    if (!viewer) return new Map();
    const inner = sql`SELECT ${raw(tableColumnsSql(dataSource, CommentEntity, 'c'))}, ${raw(isoMicros('c."createdAt"'))} AS "cursorAt" ${author} ${replyCount}
        FROM comment c ${authorJoin}
        WHERE ${parentCondition} AND ${policyScope(viewer, (v) => commentReadSql(v, 'c'))} ${w.andAfter}
        ORDER BY ${w.orderBy} ${w.limit}`;
    return byParent(
      await queryPrepared<Record<string, unknown>>(
        dataSource,
        lateralPagesSql(inner, parentIds, w.outerOrderBy),
      ),
      (row): CommentPageRow => {
        // The comment's own columns (the row also has the page's keys, the author's columns and the count).
        const comment = comments.from(row, '') as CommentPageRow;
        comment.cursorAt = row.cursorAt as string;
        if (extras.author || extras.replyCount)
          (comment as { [READ_WITH]?: ReadWith })[READ_WITH] = {
            author: extras.author ? extras.author.from(row, AUTHOR_PREFIX) : undefined,
            replyCount: extras.replyCount ? (row.replyCount__ as number) : undefined,
          };
        return comment;
      },
    );
  });
}

/** What a page of comments reads besides the comments (the resolver's look-ahead decides). */
export interface CommentPageExtras {
  /** The authors' selected fields (their columns are read, see leanShape); null: the authors are not selected. */
  author: Iterable<string> | null;
  replyCount: boolean;
}

const AUTHOR_PREFIX = 'author__';
const AUTHOR_JOIN = 'LEFT JOIN practitioner ca ON ca.id = c."authorId"';
/** A comment's reply count, as the replyCount loader counts. */
const REPLY_COUNT = `(SELECT count(*)::int FROM comment rc WHERE rc."parentId" = c.id AND rc."hiddenAt" IS NULL)`;
// Kept on the comment under a symbol (not in a WeakMap: a WeakMap entry per comment was 2.8 % of a
// post-with-comments request), so no GraphQL field or JSON ever sees it.
const READ_WITH = Symbol('read with the comment');
interface ReadWith {
  author?: PractitionerEntity | null;
  replyCount?: number;
}
const NOTHING_READ_WITH: ReadWith = Object.freeze({});

/**
 * The author (undefined: not read with it) and the reply count (undefined: idem) read with a comment of a
 * page (the lean read path); `Comment.author` and `Comment.replyCount` use them before their loaders.
 */
export function readWithComment(comment: CommentEntity): ReadWith {
  return (comment as { [READ_WITH]?: ReadWith })[READ_WITH] ?? NOTHING_READ_WITH;
}

declare module '../../common/context' {
  interface Loaders {
    comment: CommentLoaders;
  }
}

export function createCommentLoaders(dataSource: DataSource, viewer: Viewer | null): CommentLoaders {
  const threadCondition = raw('c."postId" = parent.id AND c."parentId" IS NULL');
  // One loader per set of extras: per author shape (leanShape caches one object per set of columns) and
  // whether reply counts are read.
  const threadsWith = new Map<string, DataLoader<PageRequest, Page<CommentPageRow>, string>>();
  const shapeKeys = new Map<LeanShape<PractitionerEntity>, number>();
  const threads = commentPages(dataSource, viewer, threadCondition);
  const threadsWithLoader = (extras: CommentPageExtras) => {
    if (!extras.author && !extras.replyCount) return threads;
    const author = extras.author
      ? leanShape(dataSource, PractitionerEntity, PRACTITIONER_COLUMN_NEEDS, extras.author)
      : null;
    let shapeKey = author ? shapeKeys.get(author) : 0;
    if (shapeKey === undefined) shapeKeys.set(author!, (shapeKey = shapeKeys.size + 1));
    const key = `${shapeKey}:${extras.replyCount}`;
    let loader = threadsWith.get(key);
    if (!loader)
      threadsWith.set(
        key,
        (loader = commentPages(dataSource, viewer, threadCondition, {
          author,
          replyCount: extras.replyCount,
        })),
      );
    return loader;
  };
  const threadReadAhead = (extras: CommentPageExtras, args: PageArgs): ReadAheadPart | null => {
    if (!viewer || !readAheadArgs(args)) return null;
    let w: KeysetWindow<CommentPageRow>;
    let row: string;
    let at: { k: number; a: number; n: number };
    const author = extras.author
      ? leanShape(dataSource, PractitionerEntity, PRACTITIONER_COLUMN_NEEDS, extras.author)
      : null;
    const comments = wholeShape(dataSource, CommentEntity);
    try {
      w = COMMENT_ORDER.window(args); // a bad cursor: the field's own read reports it
      // Each row, positionally: the comment's values, its keyset value, its author's values (nulls when the
      // author's row is gone), its reply count.
      const values = comments.jsonValues('c');
      const authorValues = author ? author.jsonValues('ca') : [];
      at = {
        k: values.length,
        a: values.length + 1,
        n: values.length + 1 + authorValues.length,
      };
      row = jsonArraySql([
        ...values,
        isoMicros('c."createdAt"'),
        ...authorValues,
        ...(extras.replyCount ? [REPLY_COUNT] : []),
      ]);
    } catch {
      return null;
    }
    const loader = threadsWithLoader(extras);
    return {
      // The same rows as commentPages with threadCondition, for the one post of the statement.
      sql: (idSql) =>
        jsonPageSql(
          sql`SELECT ${raw(row)} AS j, c."createdAt" AS "createdAt", c."id" AS "id"
              FROM comment c ${raw(author ? AUTHOR_JOIN : '')}
              WHERE ${threadCondition} AND ${policyScope(viewer, (v) => commentReadSql(v, 'c'))} ${w.andAfter}
              ORDER BY ${w.orderBy} ${w.limit}`,
          idSql,
          w.outerOrderBy,
        ),
      take: (postId, value) => {
        const rows = (value as unknown[][]).map((j) => {
          const comment = comments.fromJson(j) as CommentPageRow;
          comment.cursorAt = j[at.k] as string;
          if (author || extras.replyCount)
            (comment as { [READ_WITH]?: ReadWith })[READ_WITH] = {
              author: author ? author.fromJson(j, at.a) : undefined,
              replyCount: extras.replyCount ? (j[at.n] as number) : undefined,
            };
          return comment;
        });
        loader.prime({ ...args, parentId: postId }, w.page(rows));
      },
    };
  };
  return {
    threads,
    threadsWith: threadsWithLoader,
    threadReadAhead,
    replies: commentPages(dataSource, viewer, raw('c."parentId" = parent.id')),
    byId: new DataLoader(async (ids) => {
      const rows = await dataSource.getRepository(CommentEntity).findBy({ id: In([...ids]) });
      const map = new Map(rows.map((r) => [r.id, r]));
      return ids.map((id) => map.get(id) ?? null);
    }),
    replyCount: new DataLoader(async (ids) => {
      const rows = await queryPrepared<{ parentId: string; n: number }>(
        dataSource,
        sql`SELECT "parentId", count(*)::int AS n FROM comment
            WHERE "parentId" ${anyOf(ids, 'uuid')} AND "hiddenAt" IS NULL GROUP BY "parentId"`,
      );
      const map = new Map(rows.map((r) => [r.parentId, r.n]));
      return ids.map((id) => map.get(id) ?? 0);
    }),
  };
}
