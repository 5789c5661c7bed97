import type { Viewer } from '../../common/auth/viewer';
import { canWriteContent } from '../practitioner';

/** Following adds to one's feed: verified members only, and never oneself. */
export function canFollow(viewer: Viewer | null): boolean {
  return canWriteContent(viewer);
}

/** Which networks someone follows is their own business: shown to themselves only. */
export function canViewFollowedNetworks(viewer: Viewer | null, practitionerId: string): boolean {
  return viewer?.id === practitionerId;
}
