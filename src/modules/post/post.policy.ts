import type { Viewer } from '../../common/auth/viewer';
import type { ViewerNetworkScope } from '../network/network-scope';
import { isModerator } from '../practitioner/practitioner.policy';
import { canReview } from '../review/review.policy';
import { PostStatus, PostVisibility } from './post.enums';

export interface PostFacts {
  authorId: string;
  status: PostStatus;
  visibility: PostVisibility;
  /** Set when a moderator hid it. */
  hiddenAt?: Date | null;
}

/** Global moderators review anything; network moderators only posts shared exclusively with networks they moderate. */
export function canReviewPost(
  viewer: Viewer | null,
  postNetworkIds: readonly string[],
  scope: ViewerNetworkScope,
): boolean {
  return canReview(
    viewer,
    postNetworkIds.length > 0 && postNetworkIds.every((id) => scope.moderatedNetworkIds.has(id)),
  );
}

/** Who may read a post, on every path (node, feeds, lists, subscriptions). */
export function canViewPost(
  viewer: Viewer | null,
  post: PostFacts,
  postNetworkIds: readonly string[],
  scope: ViewerNetworkScope,
): boolean {
  if (!viewer) return false;
  if (post.authorId === viewer.id) return true;
  // Hidden by a moderator: its author (above) and the moderators who may review it only.
  if (post.hiddenAt) return canReviewPost(viewer, postNetworkIds, scope);
  // Blocking works both ways; moderators keep seeing what they moderate.
  if (scope.blockedIds?.has(post.authorId) && !isModerator(viewer)) return false;
  switch (post.status) {
    case PostStatus.PUBLISHED:
      return (
        post.visibility === PostVisibility.COMMUNITY ||
        isModerator(viewer) ||
        postNetworkIds.some((id) => scope.activeNetworkIds.has(id))
      );
    case PostStatus.PENDING_REVIEW:
    case PostStatus.CHANGES_REQUESTED:
    case PostStatus.REJECTED:
      return canReviewPost(viewer, postNetworkIds, scope);
    case PostStatus.ARCHIVED:
      return isModerator(viewer);
    case PostStatus.DRAFT:
    default:
      return false;
  }
}

/** The author edits drafts and posts sent back for changes. */
export function isEditable(status: PostStatus): boolean {
  return status === PostStatus.DRAFT || status === PostStatus.CHANGES_REQUESTED;
}
