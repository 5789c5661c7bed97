import { Role } from '../../common/auth/role';
import type { Viewer } from '../../common/auth/viewer';
import type { SqlViewer } from '../../common/auth/policy';
import { canWriteContent, isModerator } from '../practitioner';
import { canReview } from '../content';
import { LegalDevelopmentStatus } from './legal-development.enums';

/** The fields of a legal development the policies look at. */
export interface LegalDevelopmentFacts {
  authorId: string | null;
  status: LegalDevelopmentStatus;
  /** Set when a moderator hid it. */
  hiddenAt?: Date | null;
}

/**
 * Who may read a legal development, on every path (node, lists, feed, subscription). Published ones are
 * public facts; the others are for their author and the moderators. (Extend here, e.g. for hidden ones.)
 */
export function canViewLegalDevelopment(viewer: Viewer | null, ld: LegalDevelopmentFacts): boolean {
  if (ld.hiddenAt) return !!viewer && (ld.authorId === viewer.id || isModerator(viewer));
  if (ld.status === LegalDevelopmentStatus.PUBLISHED) return true;
  if (!viewer) return false;
  return ld.authorId === viewer.id || isModerator(viewer);
}

/**
 * SQL form of canViewLegalDevelopment (legal developments aliased `ld` that the viewer `v`, or an anonymous
 * caller when null, may read); the parity test keeps the two in agreement.
 */
export function legalDevelopmentReadSql(v: SqlViewer | null, ld: string): string {
  const published = `(${ld}."status" = 'PUBLISHED' AND ${ld}."hiddenAt" IS NULL)`;
  if (!v) return published;
  return `(${published} OR ${ld}."authorId" = ${v.id} OR ${v.moderator})`;
}

/**
 * What public lists show (alias `alias`): the published, visible developments, which every caller may
 * read under legalDevelopmentReadSql; drafts and proposals are reached through `node` and the queue.
 */
export function listedLegalDevelopmentSql(alias: string): string {
  return `(${alias}."status" = 'PUBLISHED' AND ${alias}."hiddenAt" IS NULL)`;
}

/** Verified experts, moderators and admins publish without review. */
export function mayPublishDirectly(viewer: Viewer | null): boolean {
  return canWriteContent(viewer) && (viewer!.role === Role.EXPERT || isModerator(viewer));
}

/** Global moderators review legal developments (never their own: see the shared review rules). */
export function canReviewLegalDevelopment(viewer: Viewer | null): boolean {
  return canReview(viewer);
}

/** Why the viewer may not edit it (null when they may); assumes they may see it. */
export function editRefusal(
  viewer: Viewer,
  ld: LegalDevelopmentFacts,
): { code: 'FORBIDDEN' | 'CONFLICT'; message: string } | null {
  if (isModerator(viewer)) return null;
  if (ld.authorId !== viewer.id)
    return { code: 'FORBIDDEN', message: 'Only its author and moderators edit a legal development.' };
  switch (ld.status) {
    case LegalDevelopmentStatus.PENDING_REVIEW:
    case LegalDevelopmentStatus.CHANGES_REQUESTED:
      return null;
    case LegalDevelopmentStatus.PUBLISHED:
      return mayPublishDirectly(viewer)
        ? null
        : { code: 'FORBIDDEN', message: 'Only experts and moderators edit published legal developments.' };
    default:
      return { code: 'CONFLICT', message: `A ${ld.status} legal development cannot be edited.` };
  }
}
