import { MODERATION_ROLES, Role, VerificationStatus } from '../../common/auth/role';
import type { Viewer } from '../../common/auth/viewer';
import { ContactVisibility } from './practitioner.enums';

/** The fields of a practitioner the policies look at. */
export interface PractitionerFacts {
  id: string;
  verification: VerificationStatus;
  contactVisibility: ContactVisibility;
}

export function isModerator(viewer: Viewer | null): boolean {
  return !!viewer && MODERATION_ROLES.includes(viewer.role);
}

export function isAdmin(viewer: Viewer | null): boolean {
  return viewer?.role === Role.ADMIN;
}

/** Profiles are for signed-in callers; unverified ones only for their owner and moderators. */
export function canViewPractitioner(viewer: Viewer | null, p: PractitionerFacts): boolean {
  if (!viewer) return false;
  return p.verification === VerificationStatus.VERIFIED || viewer.id === p.id || isModerator(viewer);
}

/** E-mail and phone: never anonymous; always the owner and moderators; otherwise per the owner's setting. */
export function canViewContactDetails(
  viewer: Viewer | null,
  p: PractitionerFacts,
  isContact: boolean,
): boolean {
  if (!viewer) return false;
  if (viewer.id === p.id || isModerator(viewer)) return true;
  switch (p.contactVisibility) {
    case ContactVisibility.VERIFIED_MEMBERS:
      return viewer.verification === VerificationStatus.VERIFIED;
    case ContactVisibility.CONTACTS:
      return isContact;
    case ContactVisibility.NOBODY:
    default:
      return false;
  }
}

/** Only verified members write content. */
export function canWriteContent(viewer: Viewer | null): boolean {
  return viewer?.verification === VerificationStatus.VERIFIED;
}

/** Rank: ADMIN > MODERATOR > EXPERT = MEMBER. */
const RANK: Record<Role, number> = {
  [Role.MEMBER]: 0,
  [Role.EXPERT]: 0,
  [Role.MODERATOR]: 1,
  [Role.ADMIN]: 2,
};

/**
 * Who may decide on a practitioner's account (vet or reject, suspend, lift a suspension, change the role):
 * an admin on anyone; a moderator only on someone of lower rank (members and experts), never on another
 * moderator or an admin. Whether one may decide on one's own account is each decision's own rule.
 */
export function canDecideOnAccount(viewer: Viewer | null, target: { role: Role }): boolean {
  if (!viewer || !isModerator(viewer)) return false;
  return isAdmin(viewer) || RANK[target.role] < RANK[viewer.role];
}

/** Why a moderator may not decide on this account (FORBIDDEN message), for the services. */
export const OUTRANKED_MESSAGE = 'Only an admin decides on the account of a moderator or an admin.';

/** Moderators vet others of lower rank (admins anyone), never themselves. */
export function canVerify(viewer: Viewer | null, target: { id: string; role: Role }): boolean {
  return canDecideOnAccount(viewer, target) && viewer!.id !== target.id;
}

/**
 * The SQL form of canViewPractitioner for lists of people (followers, members, contacts): a condition on
 * the practitioner table aliased `alias`. `bind` adds a query parameter and returns its placeholder.
 */
export function visiblePractitionerSql(
  viewer: Viewer | null,
  alias: string,
  bind: (value: string) => string,
): string {
  if (!viewer) return 'FALSE';
  if (isModerator(viewer)) return 'TRUE';
  return `(${alias}."verification" = 'VERIFIED' OR ${alias}."id" = ${bind(viewer.id)})`;
}
