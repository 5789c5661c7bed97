import type { Viewer } from '../../common/auth/viewer';
import { isGlobalModerator } from '../../common/auth/policy';
import type { SqlViewer } from '../../common/auth/policy';
import { blockedSql, listedPostSql, readablePostByIdSql } from '../post';

/** The fields of a comment the policies look at. */
export interface CommentFacts {
  authorId: string;
  /** Set when a moderator hid it. */
  hiddenAt?: Date | null;
}

/**
 * Who may read a comment: whoever may read its post (`postReadable`, from postPolicy), then its author and
 * global moderators always; anyone else unless a moderator hid it or its author and the viewer are in a
 * block. commentReadSql is the same rule in SQL; the parity test keeps them in agreement.
 */
export function canViewComment(
  viewer: Viewer | null,
  comment: CommentFacts,
  postReadable: boolean,
  blockedIds: ReadonlySet<string> | undefined,
): boolean {
  if (!viewer || !postReadable) return false;
  if (comment.authorId === viewer.id || isGlobalModerator(viewer)) return true;
  if (comment.hiddenAt) return false;
  return !blockedIds?.has(comment.authorId);
}

/** The comment's own part of commentReadSql (author, moderators, hiding, blocks). */
function commentOwnReadSql(v: SqlViewer, c: string): string {
  return `(${c}."authorId" = ${v.id} OR ${v.moderator}
    OR (${c}."hiddenAt" IS NULL AND NOT ${blockedSql(v, `${c}."authorId"`)}))`;
}

/** SQL form of canViewComment: comments aliased `c` the viewer `v` may read (their post included). */
export function commentReadSql(v: SqlViewer, c: string): string {
  return `(${readablePostByIdSql(v, `${c}."postId"`)}
    AND ${commentOwnReadSql(v, c)})`;
}

/** SQL: the comment aliased `c` is visible and its post listed (listedPostSql), whoever reads. */
export function listedCommentSql(c: string): string {
  return `(${c}."hiddenAt" IS NULL AND ${c}."deletedAt" IS NULL
    AND EXISTS (SELECT 1 FROM post lp WHERE lp."id" = ${c}."postId" AND ${listedPostSql('lp')}))`;
}
