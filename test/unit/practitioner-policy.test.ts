import { Role, VerificationStatus } from '../../src/common/auth/role';
import type { Viewer } from '../../src/common/auth/viewer';
import { canDecideOnAccount, canVerify } from '../../src/modules/practitioner/practitioner.policy';

const viewer = (role: Role, id = 'v'): Viewer => ({
  id,
  sessionId: 's',
  role,
  verification: VerificationStatus.VERIFIED,
});
const { MEMBER, EXPERT, MODERATOR, ADMIN } = Role;

describe('rank: ADMIN > MODERATOR > EXPERT = MEMBER', () => {
  // [actor, target, may decide on the target's account]
  it.each([
    [MEMBER, MEMBER, false],
    [MEMBER, EXPERT, false],
    [EXPERT, MEMBER, false],
    [EXPERT, EXPERT, false],
    [MODERATOR, MEMBER, true],
    [MODERATOR, EXPERT, true],
    [MODERATOR, MODERATOR, false],
    [MODERATOR, ADMIN, false],
    [ADMIN, MEMBER, true],
    [ADMIN, EXPERT, true],
    [ADMIN, MODERATOR, true],
    [ADMIN, ADMIN, true],
  ])('%s deciding on a %s account: %s', (actor, target, expected) => {
    expect(canDecideOnAccount(viewer(actor), { role: target })).toBe(expected);
  });

  it('refuses anonymous callers', () => {
    expect(canDecideOnAccount(null, { role: MEMBER })).toBe(false);
  });

  it('vetting follows the rank and is never about oneself', () => {
    expect(canVerify(viewer(MODERATOR), { id: 't', role: MEMBER })).toBe(true);
    expect(canVerify(viewer(MODERATOR), { id: 't', role: MODERATOR })).toBe(false);
    expect(canVerify(viewer(MODERATOR), { id: 't', role: ADMIN })).toBe(false);
    expect(canVerify(viewer(ADMIN), { id: 't', role: ADMIN })).toBe(true);
    expect(canVerify(viewer(ADMIN, 't'), { id: 't', role: ADMIN })).toBe(false);
    expect(canVerify(viewer(MODERATOR, 't'), { id: 't', role: MEMBER })).toBe(false);
  });
});
