import type { Viewer } from '../../common/auth/viewer';

/** A contact request is between its two parties: nobody else sees it (moderators included). */
export function canViewContactRequest(
  viewer: Viewer | null,
  request: { requesterId: string; addresseeId: string },
): boolean {
  return !!viewer && (viewer.id === request.requesterId || viewer.id === request.addresseeId);
}
