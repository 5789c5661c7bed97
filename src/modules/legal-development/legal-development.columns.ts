import type { ColumnNeeds } from '../../common/db/lean-columns';

/**
 * The columns each `LegalDevelopment` field reads (lean reads, see common/db/lean-columns.ts). Fields not named
 * here (history, version…) read whole rows. `always`: the id and what the read policy looks at.
 */
export const LEGAL_DEVELOPMENT_COLUMN_NEEDS: ColumnNeeds = {
  always: ['id', 'authorId', 'status', 'hiddenAt', 'publishedAt'],
  byField: {
    id: [],
    kind: ['kind'],
    title: ['title'],
    summary: ['summary'],
    body: ['body'],
    bodyHtml: ['body'],
    country: ['jurisdictionCountryCode'],
    jurisdictionBody: ['jurisdictionBody'],
    effectiveDate: ['effectiveDate'],
    citation: ['citation'],
    sourceUrl: ['sourceUrl'],
    language: ['language'],
    status: [],
    publishedAt: [],
    isDemo: ['isDemo'],
    editedAt: ['editedAt'],
    createdAt: ['createdAt'],
    thematicAreas: ['thematicAreaCodes'],
    instruments: [],
    author: [],
  },
};
