import type { Viewer } from '../../common/auth/viewer';
import { isVerified } from '../../common/auth/policy';
import type { SqlViewer } from '../../common/auth/policy';
import { MembershipStatus, NetworkKind, NetworkRole } from './network.enums';
import { isAdmin, isModerator } from '../practitioner';

/** The viewer's own membership row of one network, as the policies need it. */
export interface MembershipFacts {
  role: NetworkRole;
  status: MembershipStatus;
}

/** Networks are for verified members: every one of them sees every network (posts have their own rules). */
export function canViewNetwork(viewer: Viewer | null): boolean {
  return isVerified(viewer);
}

/** SQL form of canViewNetwork. */
export function networkReadSql(v: SqlViewer): string {
  return `(${v.verified})`;
}

/** Approves requests and invites: an active OWNER or MODERATOR of the network, or a global moderator or admin. */
export function canModerateNetwork(viewer: Viewer | null, membership: MembershipFacts | null): boolean {
  if (!viewer) return false;
  if (isModerator(viewer)) return true;
  return (
    membership?.status === MembershipStatus.ACTIVE &&
    (membership.role === NetworkRole.OWNER || membership.role === NetworkRole.MODERATOR)
  );
}

/** Edits the network and assigns roles: an active OWNER of the network, or a global admin. */
export function canManageNetwork(viewer: Viewer | null, membership: MembershipFacts | null): boolean {
  if (!viewer) return false;
  if (isAdmin(viewer)) return true;
  return membership?.status === MembershipStatus.ACTIVE && membership.role === NetworkRole.OWNER;
}

/** Reference networks (a country's, a region's, a thematic area's) are created by the platform, not by members. */
export function isReferenceNetwork(network: { kind: NetworkKind }): boolean {
  return network.kind !== NetworkKind.WORKING_GROUP;
}
