import { Role, VerificationStatus } from '../../src/common/auth/role';
import type { Viewer } from '../../src/common/auth/viewer';
import { MembershipStatus, NetworkKind, NetworkRole } from '../../src/modules/network/network.enums';
import {
  canManageNetwork,
  canModerateNetwork,
  canViewNetwork,
  isReferenceNetwork,
} from '../../src/modules/network/network.policy';
import { canFollow, canViewFollowedNetworks } from '../../src/modules/follow/follow.policy';
import { canViewContactRequest } from '../../src/modules/contact/contact.policy';
import { visiblePractitionerSql } from '../../src/modules/practitioner/practitioner.policy';

const viewer = (role: Role = Role.MEMBER, verification = VerificationStatus.VERIFIED): Viewer => ({
  id: 'v',
  sessionId: 's',
  role,
  verification,
});
const membership = (role: NetworkRole, status = MembershipStatus.ACTIVE) => ({ role, status });

describe('network policy', () => {
  it('shows networks to signed-in callers only', () => {
    expect(canViewNetwork(viewer())).toBe(true);
    expect(canViewNetwork(null)).toBe(false);
  });

  it.each([
    [NetworkRole.OWNER, MembershipStatus.ACTIVE, true, true],
    [NetworkRole.MODERATOR, MembershipStatus.ACTIVE, true, false],
    [NetworkRole.MEMBER, MembershipStatus.ACTIVE, false, false],
    [NetworkRole.OWNER, MembershipStatus.INVITED, false, false],
    [NetworkRole.MODERATOR, MembershipStatus.REQUESTED, false, false],
  ])('a network %s (%s) moderates: %s, manages: %s', (role, status, moderates, manages) => {
    expect(canModerateNetwork(viewer(), membership(role, status))).toBe(moderates);
    expect(canManageNetwork(viewer(), membership(role, status))).toBe(manages);
  });

  it('gives global moderators moderation, and global admins management too', () => {
    expect(canModerateNetwork(viewer(Role.MODERATOR), null)).toBe(true);
    expect(canManageNetwork(viewer(Role.MODERATOR), null)).toBe(false);
    expect(canModerateNetwork(viewer(Role.ADMIN), null)).toBe(true);
    expect(canManageNetwork(viewer(Role.ADMIN), null)).toBe(true);
    expect(canModerateNetwork(viewer(Role.EXPERT), null)).toBe(false);
    expect(canModerateNetwork(null, membership(NetworkRole.OWNER))).toBe(false);
  });

  it('tells reference networks from working groups', () => {
    expect(isReferenceNetwork({ kind: NetworkKind.COUNTRY })).toBe(true);
    expect(isReferenceNetwork({ kind: NetworkKind.WORKING_GROUP })).toBe(false);
  });
});

describe('follow and contact policies', () => {
  it('lets verified members follow, and shows followed networks to their owner only', () => {
    expect(canFollow(viewer())).toBe(true);
    expect(canFollow(viewer(Role.MEMBER, VerificationStatus.PENDING))).toBe(false);
    expect(canFollow(null)).toBe(false);
    expect(canViewFollowedNetworks(viewer(), 'v')).toBe(true);
    expect(canViewFollowedNetworks(viewer(Role.ADMIN), 'other')).toBe(false);
  });

  it('shows a contact request to its two parties only', () => {
    const request = { requesterId: 'a', addresseeId: 'b' };
    expect(canViewContactRequest({ ...viewer(), id: 'a' }, request)).toBe(true);
    expect(canViewContactRequest({ ...viewer(), id: 'b' }, request)).toBe(true);
    expect(canViewContactRequest({ ...viewer(Role.ADMIN), id: 'c' }, request)).toBe(false);
    expect(canViewContactRequest(null, request)).toBe(false);
  });

  it('filters lists of people in SQL as canViewPractitioner does', () => {
    const bound: unknown[] = [];
    const bind = (v: unknown) => {
      bound.push(v);
      return `$${bound.length}`;
    };
    // The viewer's id is bound; role and verification become literals that PostgreSQL folds away.
    expect(visiblePractitionerSql(null, 'p', bind)).toBe('FALSE');
    expect(visiblePractitionerSql(viewer(Role.MODERATOR), 'p', bind)).toBe(
      `(p."id" = $1::uuid OR (TRUE AND (p."verification" = 'VERIFIED' OR TRUE)))`,
    );
    expect(visiblePractitionerSql(viewer(), 'p', bind)).toBe(
      `(p."id" = $2::uuid OR (TRUE AND (p."verification" = 'VERIFIED' OR FALSE)))`,
    );
    expect(visiblePractitionerSql(viewer(Role.MEMBER, VerificationStatus.PENDING), 'p', bind)).toBe(
      `(p."id" = $3::uuid OR (FALSE AND (p."verification" = 'VERIFIED' OR FALSE)))`,
    );
    expect(bound).toEqual(['v', 'v', 'v']);
  });
});
