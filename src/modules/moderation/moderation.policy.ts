import type { Viewer } from '../../common/auth/viewer';
import { isGlobalModerator, isVerified } from '../../common/auth/policy';
import type { SqlViewer } from '../../common/auth/policy';
import type { ContentKinds } from '../content';

/**
 * A report: its reporter (while a verified member), global moderators, and whoever reviews the reported
 * content under its content kind's network review (the moderators of a NETWORKS post's networks, for a post
 * or a comment on it): they are the ones who decide on it. `reviewsTarget` is that last fact, worked out by
 * the caller.
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
 * SQL form of canViewReport for reports aliased `r`, given the content kinds: the reviewer rule is the
 * reported kind's network review (`networkReview.reviewerSql`); other targets have no reviewers.
 */
export function reportReadSql(kinds: ContentKinds): (v: SqlViewer, r: string) => string {
  return (v, r) => `(${v.verified} AND (${r}."reporterId" = ${v.id} OR ${v.moderator}
    OR ${kinds.caseSql(`${r}."targetType"`, (k) => k.networkReview?.reviewerSql(v, `${r}."targetId"`) ?? null)}))`;
}

/**
 * An item of the moderation queue: global moderators see every kind; network moderators the post reviews
 * and reports about content they review under its kind's network review (`reviewsTarget`); nobody else. The
 * queue's SQL applies the same rule (moderation-queue.service.ts, with `networkReview.reviewerSql`).
 */
export function canViewModerationItem(viewer: Viewer | null, kind: string, reviewsTarget: boolean): boolean {
  if (isGlobalModerator(viewer)) return true;
  return isVerified(viewer) && (kind === 'POST_REVIEW' || kind === 'REPORT') && reviewsTarget;
}

/** The moderation log: global moderators and admins. */
export function canViewModerationLog(viewer: Viewer | null): boolean {
  return isGlobalModerator(viewer);
}
