import type { Viewer } from '../../common/auth/viewer';
import { isVerified } from '../../common/auth/policy';
import type { SqlViewer } from '../../common/auth/policy';

/**
 * A contact request is between its two parties: nobody else sees it (moderators included), and neither
 * party once their verification is withdrawn (the community is for verified members).
 */
export function canViewContactRequest(
  viewer: Viewer | null,
  request: { requesterId: string; addresseeId: string },
): boolean {
  return isVerified(viewer) && (viewer.id === request.requesterId || viewer.id === request.addresseeId);
}

/** SQL form of canViewContactRequest for contact requests aliased `r`. */
export function contactRequestReadSql(v: SqlViewer, r: string): string {
  return `(${v.verified} AND (${r}."requesterId" = ${v.id} OR ${r}."addresseeId" = ${v.id}))`;
}
