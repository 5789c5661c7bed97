import { isVerified } from '../../common/auth/policy';
import type { Viewer } from '../../common/auth/viewer';
import { isModerator } from '../practitioner';

/** The public part of a directory entry (name, kinds, channels, address, website) is for everyone. */
export function canViewCentralAuthority(_viewer: Viewer | null): boolean {
  return true;
}

/** Direct phone, e-mail and the urgent 24/7 contact: verified members only (null for anyone else). */
export function canViewRestrictedContacts(viewer: Viewer | null): boolean {
  return isVerified(viewer);
}

/** Moderators and admins create, edit and confirm entries, and read their history. */
export function canManageCentralAuthorities(viewer: Viewer | null): boolean {
  return isModerator(viewer);
}
