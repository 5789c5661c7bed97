import { ContentKinds } from '../../src/modules/content/content-kind';
import type { ContentKind } from '../../src/modules/content/content-kind';

const kind = (targetType: string, reviewed = false): ContentKind => ({
  targetType,
  nodeType: targetType.toLowerCase(),
  notFound: targetType,
  load: () => Promise.resolve(null),
  setHidden: () => Promise.resolve(false),
  networkReview: reviewed
    ? {
        reviews: () => Promise.resolve(false),
        reviewsLoaded: () => Promise.resolve(false),
        reviewerSql: (_v, id) => `reviews(${id})`,
        inNetworksSql: (ids, id) => `shared(${ids}, ${id})`,
      }
    : undefined,
});

describe('ContentKinds', () => {
  it('finds a kind by the target type moderation stores, and nothing for what is not content', () => {
    const post = kind('POST');
    const kinds = new ContentKinds([post, kind('COMMENT')]);
    expect(kinds.of('POST')).toBe(post);
    expect(kinds.of('PRACTITIONER')).toBeUndefined();
  });

  it('refuses a kind registered twice', () => {
    expect(() => new ContentKinds([kind('POST'), kind('POST')])).toThrow(
      'Content kind POST is registered twice.',
    );
  });

  it('builds a CASE with an arm for each kind that defines the rule, FALSE for the others', () => {
    const kinds = new ContentKinds([kind('POST', true), kind('LEGAL_DEVELOPMENT'), kind('COMMENT', true)]);
    expect(
      kinds.caseSql('r."targetType"', (k) => k.networkReview?.reviewerSql({} as never, 'x') ?? null),
    ).toBe(`(CASE r."targetType" WHEN 'POST' THEN reviews(x) WHEN 'COMMENT' THEN reviews(x) ELSE FALSE END)`);
  });

  it('is FALSE when no kind defines the rule', () => {
    const kinds = new ContentKinds([kind('LEGAL_DEVELOPMENT')]);
    expect(kinds.caseSql('q."targetType"', (k) => k.networkReview?.inNetworksSql('$1', 'x') ?? null)).toBe(
      'FALSE',
    );
  });
});
