import { Role, VerificationStatus } from '../../src/common/auth/role';
import type { Viewer } from '../../src/common/auth/viewer';
import { ReviewDecision } from '../../src/modules/content/review.enums';
import { checkReviewNote, decideReview } from '../../src/modules/content/review.workflow';
import { POST_REVIEW } from '../../src/modules/post/post.review';
import { PostStatus } from '../../src/modules/post/post.enums';
import { LEGAL_DEVELOPMENT_REVIEW } from '../../src/modules/legal-development/legal-development-review.service';
import { LegalDevelopmentStatus } from '../../src/modules/legal-development/legal-development.enums';
import {
  canViewLegalDevelopment,
  editRefusal,
  mayPublishDirectly,
} from '../../src/modules/legal-development/legal-development.policy';
import { canRecordTreatyAction } from '../../src/modules/instrument/instrument.policy';
import {
  canManageCentralAuthorities,
  canViewRestrictedContacts,
} from '../../src/modules/central-authority/central-authority.policy';
import { checkDate, checkUrl } from '../../src/common/validation/values';

const viewer = (role: Role = Role.MEMBER, verification = VerificationStatus.VERIFIED, id = 'v'): Viewer => ({
  id,
  sessionId: 's',
  role,
  verification,
});

describe('shared review rules', () => {
  it.each([
    [ReviewDecision.APPROVE, PostStatus.PUBLISHED, LegalDevelopmentStatus.PUBLISHED, true],
    [
      ReviewDecision.REQUEST_CHANGES,
      PostStatus.CHANGES_REQUESTED,
      LegalDevelopmentStatus.CHANGES_REQUESTED,
      false,
    ],
    [ReviewDecision.REJECT, PostStatus.REJECTED, LegalDevelopmentStatus.REJECTED, false],
  ])('%s leads posts and legal developments to the same place', (decision, post, legal, publishes) => {
    const mod = viewer(Role.MODERATOR);
    const p = decideReview(
      POST_REVIEW,
      mod,
      { authorId: 'a', status: PostStatus.PENDING_REVIEW },
      true,
      decision,
    );
    const l = decideReview(
      LEGAL_DEVELOPMENT_REVIEW,
      mod,
      { authorId: 'a', status: LegalDevelopmentStatus.PENDING_REVIEW },
      true,
      decision,
    );
    expect([p.to, p.publishes]).toEqual([post, publishes]);
    expect([l.to, l.publishes]).toEqual([legal, publishes]);
    expect(l.action).toBe(p.action);
  });

  it('refuses reviewers without the right, the author, and content that is not pending', () => {
    const mod = viewer(Role.MODERATOR);
    const pending = { authorId: 'a', status: LegalDevelopmentStatus.PENDING_REVIEW };
    expect(() => decideReview(LEGAL_DEVELOPMENT_REVIEW, mod, pending, false, ReviewDecision.APPROVE)).toThrow(
      /may not review/,
    );
    expect(() =>
      decideReview(
        LEGAL_DEVELOPMENT_REVIEW,
        mod,
        { ...pending, authorId: 'v' },
        true,
        ReviewDecision.APPROVE,
      ),
    ).toThrow(/own legal developments/);
    expect(() =>
      decideReview(
        LEGAL_DEVELOPMENT_REVIEW,
        mod,
        { ...pending, status: LegalDevelopmentStatus.PUBLISHED },
        true,
        ReviewDecision.REJECT,
      ),
    ).toThrow(/Only a PENDING_REVIEW legal development/);
  });

  it('normalises notes and bounds them in code points', () => {
    expect(checkReviewNote('  ')).toBeNull();
    expect(checkReviewNote(' ok ')).toBe('ok');
    expect(checkReviewNote('😀'.repeat(1000))).toHaveLength(2000);
    expect(() => checkReviewNote('x'.repeat(1001))).toThrow(/too long/);
  });
});

describe('legal development policy', () => {
  const member = viewer();
  const expert = viewer(Role.EXPERT);
  const mod = viewer(Role.MODERATOR, VerificationStatus.VERIFIED, 'm');
  it.each([
    [LegalDevelopmentStatus.PUBLISHED, null, true],
    [LegalDevelopmentStatus.PUBLISHED, viewer(Role.MEMBER, VerificationStatus.PENDING, 'x'), true],
    [LegalDevelopmentStatus.PENDING_REVIEW, null, false],
    [LegalDevelopmentStatus.PENDING_REVIEW, viewer(Role.MEMBER, VerificationStatus.VERIFIED, 'x'), false],
    [LegalDevelopmentStatus.PENDING_REVIEW, member, true],
    [LegalDevelopmentStatus.REJECTED, mod, true],
  ])('a %s development is visible to %j: %s', (status, who, expected) => {
    expect(canViewLegalDevelopment(who, { authorId: 'v', status })).toBe(expected);
  });

  it('publishes directly for verified experts, moderators and admins only', () => {
    expect(mayPublishDirectly(member)).toBe(false);
    expect(mayPublishDirectly(expert)).toBe(true);
    expect(mayPublishDirectly(viewer(Role.EXPERT, VerificationStatus.PENDING))).toBe(false);
    expect(mayPublishDirectly(viewer(Role.ADMIN))).toBe(true);
    expect(mayPublishDirectly(null)).toBe(false);
  });

  it('lets authors edit pending ones, experts their published ones, moderators any', () => {
    expect(
      editRefusal(member, { authorId: 'v', status: LegalDevelopmentStatus.CHANGES_REQUESTED }),
    ).toBeNull();
    expect(editRefusal(member, { authorId: 'v', status: LegalDevelopmentStatus.PUBLISHED })?.code).toBe(
      'FORBIDDEN',
    );
    expect(editRefusal(expert, { authorId: 'v', status: LegalDevelopmentStatus.PUBLISHED })).toBeNull();
    expect(editRefusal(member, { authorId: 'v', status: LegalDevelopmentStatus.REJECTED })?.code).toBe(
      'CONFLICT',
    );
    expect(
      editRefusal(member, { authorId: 'other', status: LegalDevelopmentStatus.PENDING_REVIEW })?.code,
    ).toBe('FORBIDDEN');
    expect(editRefusal(mod, { authorId: null, status: LegalDevelopmentStatus.REJECTED })).toBeNull();
  });
});

describe('treaty and directory policies', () => {
  it('lets moderators and verified experts record treaty actions', () => {
    expect(canRecordTreatyAction(viewer(Role.MODERATOR))).toBe(true);
    expect(canRecordTreatyAction(viewer(Role.EXPERT))).toBe(true);
    expect(canRecordTreatyAction(viewer(Role.EXPERT, VerificationStatus.PENDING))).toBe(false);
    expect(canRecordTreatyAction(viewer())).toBe(false);
  });

  it('shows restricted contacts to verified members; lets moderators and admins manage the directory', () => {
    expect(canViewRestrictedContacts(viewer())).toBe(true);
    expect(canViewRestrictedContacts(viewer(Role.MODERATOR, VerificationStatus.PENDING))).toBe(false);
    expect(canViewRestrictedContacts(null)).toBe(false);
    expect(canManageCentralAuthorities(viewer(Role.ADMIN))).toBe(true);
    expect(canManageCentralAuthorities(viewer(Role.EXPERT))).toBe(false);
  });
});

describe('value checks', () => {
  it.each(['2024-02-29', '1999-12-31'])('accepts the date %s', (d) => expect(checkDate(d, 'd')).toBe(d));
  it.each(['2023-02-29', '2024-1-01', '24-01-01', '2024-01-01T00:00:00Z', '1700-01-01'])(
    'refuses the date %s',
    (d) => expect(() => checkDate(d, 'd')).toThrow(/YYYY-MM-DD/),
  );
  it('refuses future dates when asked', () => {
    expect(() => checkDate('2999-01-01', 'd', { notInFuture: 'x' })).toThrow(/future/);
    expect(checkDate('2999-01-01', 'd')).toBe('2999-01-01');
  });
  it.each(['https://treaties.un.org/', 'http://example.org/a?b=c'])('accepts the URL %s', (u) =>
    expect(checkUrl(u, 'u')).toBe(u),
  );
  it.each(['example.org', 'mailto:a@example.org', 'https://localhost/', 'javascript:alert(1)'])(
    'refuses the URL %s',
    (u) => expect(() => checkUrl(u, 'u')).toThrow(/http/),
  );
});
