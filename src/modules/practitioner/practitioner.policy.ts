import { Role, VerificationStatus } from '../../common/auth/role';
import type { Viewer } from '../../common/auth/viewer';
import { boundViewer, isGlobalModerator, isVerified } from '../../common/auth/policy';
import type { Bind, SqlViewer } from '../../common/auth/policy';
import { fromBind } from '../../common/db/sql';
import type { Sql } from '../../common/db/sql';
import { ContactVisibility } from './practitioner.enums';

/** The fields of a practitioner the policies look at. */
export interface PractitionerFacts {
  id: string;
  verification: VerificationStatus;
  contactVisibility: ContactVisibility;
}

/** A verified global moderator or admin. */
export function isModerator(viewer: Viewer | null): boolean {
  return isGlobalModerator(viewer);
}

/** A verified admin. */
export function isAdmin(viewer: Viewer | null): boolean {
  return isVerified(viewer) && viewer.role === Role.ADMIN;
}

/**
 * Who may read a profile. Everyone sees their own. The community is for vetted officials: anyone else's
 * profile is for verified members only, and an unverified profile (pending, rejected) for moderators only.
 * The SQL form is practitionerReadSql; the parity test keeps the two in agreement.
 */
export function canViewPractitioner(viewer: Viewer | null, p: PractitionerFacts): boolean {
  if (!viewer) return false;
  if (viewer.id === p.id) return true;
  if (!isVerified(viewer)) return false;
  return p.verification === VerificationStatus.VERIFIED || isModerator(viewer);
}

/** The SQL form of canViewPractitioner: practitioners `alias` that the viewer `v` may read. */
export function practitionerReadSql(v: SqlViewer, alias: string): string {
  return `(${alias}."id" = ${v.id} OR (${v.verified} AND (${alias}."verification" = 'VERIFIED' OR ${v.moderator})))`;
}

/** SQL: the practitioner aliased `alias` is a verified member (not awaiting vetting), whoever reads. */
export function listedPractitionerSql(alias: string): string {
  return `(${alias}."verification" = 'VERIFIED')`;
}

/** E-mail and phone: never anonymous; always the owner and moderators; otherwise per the owner's setting. */
export function canViewContactDetails(
  viewer: Viewer | null,
  p: PractitionerFacts,
  isContact: boolean,
): boolean {
  if (!viewer) return false;
  if (viewer.id === p.id) return true;
  if (!isVerified(viewer)) return false;
  if (isModerator(viewer)) return true;
  switch (p.contactVisibility) {
    case ContactVisibility.VERIFIED_MEMBERS:
      return true; // the viewer is verified (above)
    case ContactVisibility.CONTACTS:
      return isContact;
    case ContactVisibility.NOBODY:
    default:
      return false;
  }
}

/** Only verified members write content. */
export function canWriteContent(viewer: Viewer | null): boolean {
  return isVerified(viewer);
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
 * canViewPractitioner as an SQL condition on the practitioner table aliased `alias`, for lists of people
 * (directory, followers, members, contacts). `bind` adds a query parameter and returns its placeholder.
 */
export function visiblePractitionerSql(viewer: Viewer | null, alias: string, bind: Bind): string {
  if (!viewer) return 'FALSE';
  return practitionerReadSql(boundViewer(viewer, bind), alias);
}

/** visiblePractitionerSql as an `sql` fragment, for statements composed with the `sql` tag. */
export function visiblePractitioners(viewer: Viewer | null, alias: string): Sql {
  return fromBind((bind) => visiblePractitionerSql(viewer, alias, bind));
}
