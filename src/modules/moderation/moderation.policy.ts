import type { Viewer } from '../../common/auth/viewer';
import { isGlobalModerator, isVerified } from '../../common/auth/policy';
import type { SqlViewer } from '../../common/auth/policy';

/** A report: its reporter (while a verified member) and global moderators. */
export function canViewReport(viewer: Viewer | null, report: { reporterId: string }): boolean {
  if (!isVerified(viewer)) return false;
  return report.reporterId === viewer.id || isGlobalModerator(viewer);
}

/** SQL form of canViewReport for reports aliased `r`. */
export function reportReadSql(v: SqlViewer, r: string): string {
  return `(${v.verified} AND (${r}."reporterId" = ${v.id} OR ${v.moderator}))`;
}

/** The moderation log: global moderators and admins. */
export function canViewModerationLog(viewer: Viewer | null): boolean {
  return isGlobalModerator(viewer);
}
