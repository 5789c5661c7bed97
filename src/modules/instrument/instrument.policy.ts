import { Role } from '../../common/auth/role';
import type { Viewer } from '../../common/auth/viewer';
import { canWriteContent, isAdmin, isModerator } from '../practitioner';

/** Instruments and treaty statuses are public reference information: anyone may read them. */
export function canViewTreatyData(): boolean {
  return true;
}

/** Admins add and edit instruments. */
export function canManageInstruments(viewer: Viewer | null): boolean {
  return isAdmin(viewer);
}

/** Moderators and (verified) experts record treaty actions. */
export function canRecordTreatyAction(viewer: Viewer | null): boolean {
  return isModerator(viewer) || (viewer?.role === Role.EXPERT && canWriteContent(viewer));
}
