import type { Viewer } from '../../common/auth/viewer';
import { isGlobalModerator, isVerified } from '../../common/auth/policy';
import type { SqlViewer } from '../../common/auth/policy';
import { postReviewerSql } from '../post/post.policy';

/**
 * A report: its reporter (while a verified member), global moderators, and whoever reviews the reported
 * content under postPolicy (the moderators of a NETWORKS post's networks, for a post or a comment on it):
 * they are the ones who decide on it. `reviewsTarget` is that last fact, worked out by the caller.
 */
export function canViewReport(
  viewer: Viewer | null,
  report: { reporterId: string },
  reviewsTarget: boolean,
): boolean {
  if (!isVerified(viewer)) return false;
  return report.reporterId === viewer.id || isGlobalModerator(viewer) || reviewsTarget;
}

/**
 * SQL: the post that a row aliased `r` with `targetType` and `targetId` (a report, a queue item) is about:
 * the post itself, or the post of a comment; NULL for other targets.
 */
export function reportedPostIdSql(r: string): string {
  return `(CASE ${r}."targetType" WHEN 'POST' THEN ${r}."targetId"
            WHEN 'COMMENT' THEN (SELECT rc."postId" FROM comment rc WHERE rc."id" = ${r}."targetId") END)`;
}

/** SQL form of canViewReport for reports aliased `r`. */
export function reportReadSql(v: SqlViewer, r: string): string {
  return `(${v.verified} AND (${r}."reporterId" = ${v.id} OR ${v.moderator}
    OR EXISTS (SELECT 1 FROM post rp WHERE rp."id" = ${reportedPostIdSql(r)} AND ${postReviewerSql(v, 'rp')})))`;
}

/**
 * An item of the moderation queue: global moderators see every kind; network moderators the post reviews
 * and reports about content they review under postPolicy (`reviewsTarget`); nobody else. The queue's SQL
 * applies the same rule (moderation-queue.service.ts, `inScope`, with postReviewerSql).
 */
export function canViewModerationItem(viewer: Viewer | null, kind: string, reviewsTarget: boolean): boolean {
  if (isGlobalModerator(viewer)) return true;
  return isVerified(viewer) && (kind === 'POST_REVIEW' || kind === 'REPORT') && reviewsTarget;
}

/** The moderation log: global moderators and admins. */
export function canViewModerationLog(viewer: Viewer | null): boolean {
  return isGlobalModerator(viewer);
}
