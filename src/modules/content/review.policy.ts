import type { Viewer } from '../../common/auth/viewer';
import { isModerator } from '../practitioner';

/**
 * Who may review one piece of content: global moderators (and admins) always, plus whoever the content's
 * own rule admits (`scopedReviewer`, e.g. the moderators of every network a post is shared with).
 */
export function canReview(viewer: Viewer | null, scopedReviewer = false): boolean {
  if (!viewer) return false;
  return isModerator(viewer) || scopedReviewer;
}

/** Why this viewer may not decide on this content, or null when they may. Nobody reviews their own. */
export function reviewRefusal(
  viewer: Viewer,
  authorId: string,
  mayReview: boolean,
  noun: string,
): string | null {
  if (!mayReview) return `You may not review this ${noun}.`;
  if (authorId === viewer.id) return `Moderators cannot review their own ${noun}s.`;
  return null;
}
