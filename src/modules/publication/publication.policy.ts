import type { Viewer } from '../../common/auth/viewer';
import { isGlobalModerator, isVerified } from '../../common/auth/policy';
import type { SqlViewer } from '../../common/auth/policy';
import { Role } from '../../common/auth/role';
import type { ViewerNetworkScope } from '../network';
import { blockedSql } from '../post';
import { PublicationVisibility } from './publication.enums';

/** The fields of a publication the policies look at. */
export interface PublicationFacts {
  authorId: string;
  visibility: PublicationVisibility;
  hiddenAt?: Date | null;
}

/**
 * Who may add to the library (create a publication, add its versions): experts, moderators and admins for
 * the community; for NETWORKS also the owners of every chosen network. Verified only.
 */
export function canCreatePublication(
  viewer: Viewer | null,
  visibility: PublicationVisibility,
  networkIds: readonly string[],
  ownedNetworkIds: ReadonlySet<string>,
): boolean {
  if (!isVerified(viewer)) return false;
  const moderator: boolean = isGlobalModerator(viewer);
  if (moderator || viewer.role === Role.EXPERT) return true;
  return (
    visibility === PublicationVisibility.NETWORKS &&
    networkIds.length > 0 &&
    networkIds.every((id) => ownedNetworkIds.has(id))
  );
}

/**
 * Who reviews a publication (decides on reports about it, hides and restores it): global moderators, and
 * for a NETWORKS publication the moderators (OWNER or MODERATOR, active) of every one of its networks.
 */
export function canReviewPublication(
  viewer: Viewer | null,
  publication: Pick<PublicationFacts, 'visibility'>,
  networkIds: readonly string[],
  scope: ViewerNetworkScope,
): boolean {
  if (!isVerified(viewer)) return false;
  if (isGlobalModerator(viewer)) return true;
  return (
    publication.visibility === PublicationVisibility.NETWORKS &&
    networkIds.length > 0 &&
    networkIds.every((id) => scope.moderatedNetworkIds.has(id))
  );
}

/**
 * Who may edit a publication (its metadata, its language versions) and delete it: its author and its
 * reviewers (canReviewPublication), who must also see it.
 */
export function canEditPublication(
  viewer: Viewer | null,
  publication: PublicationFacts,
  networkIds: readonly string[],
  scope: ViewerNetworkScope,
): boolean {
  if (!isVerified(viewer)) return false;
  return publication.authorId === viewer.id || canReviewPublication(viewer, publication, networkIds, scope);
}

/**
 * Who may see a publication, its versions and download their files, on every path (`publication`, `node`,
 * `publications`, nested fields, payloads, `GET /files/<id>`). Verified members only. Its author and global
 * moderators always; nobody in a block with the author; hidden by a moderator: its reviewers only
 * (canReviewPublication); COMMUNITY: every member; NETWORKS: the active members of one of its networks. publicationReadSql is the same rule in SQL.
 */
export function canViewPublication(
  viewer: Viewer | null,
  publication: PublicationFacts,
  networkIds: readonly string[],
  scope: ViewerNetworkScope,
): boolean {
  if (!isVerified(viewer)) return false;
  const moderator: boolean = isGlobalModerator(viewer);
  if (publication.authorId === viewer.id || moderator) return true;
  if (scope.blockedIds?.has(publication.authorId)) return false;
  if (publication.hiddenAt) return canReviewPublication(viewer, publication, networkIds, scope);
  return (
    publication.visibility === PublicationVisibility.COMMUNITY ||
    networkIds.some((id) => scope.activeNetworkIds.has(id))
  );
}

/** SQL form of canViewPublication: publications aliased `p` that the viewer `v` may read. */
export function publicationReadSql(v: SqlViewer, p: string): string {
  return `(${v.verified} AND (${p}."authorId" = ${v.id} OR ${v.moderator}
    OR (NOT ${blockedSql(v, `${p}."authorId"`)}
      AND (${p}."hiddenAt" IS NULL OR ${publicationReviewerSql(v, p)})
      AND (${p}."hiddenAt" IS NOT NULL OR ${p}."visibility" = 'COMMUNITY'
        OR EXISTS (SELECT 1 FROM publication_network pn JOIN network_member pm ON pm."networkId" = pn."networkId"
                   AND pm."practitionerId" = ${v.id} AND pm."status" = 'ACTIVE' WHERE pn."publicationId" = ${p}."id")))))`;
}

/** SQL: the publication aliased `p` is not hidden (publications have no draft state), whoever reads. */
export function listedPublicationSql(p: string): string {
  return `(${p}."hiddenAt" IS NULL)`;
}

/** SQL form of canReviewPublication for publications aliased `p`. */
export function publicationReviewerSql(v: SqlViewer, p: string): string {
  return `(${v.moderator} OR (${p}."visibility" = 'NETWORKS'
    AND EXISTS (SELECT 1 FROM publication_network rpn WHERE rpn."publicationId" = ${p}."id")
    AND NOT EXISTS (SELECT 1 FROM publication_network rpn WHERE rpn."publicationId" = ${p}."id" AND NOT EXISTS (
      SELECT 1 FROM network_member rm WHERE rm."networkId" = rpn."networkId" AND rm."practitionerId" = ${v.id}
        AND rm."status" = 'ACTIVE' AND rm."role" IN ('OWNER', 'MODERATOR')))))`;
}
