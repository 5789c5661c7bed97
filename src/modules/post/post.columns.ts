import type { ColumnNeeds } from '../../common/db/lean-columns';

/**
 * The columns each `Post` field reads (lean reads, see common/db/lean-columns.ts). Fields not named here
 * (comments, history, version…) read whole rows. `always`: the id and what the post read rules look at.
 */
export const POST_COLUMN_NEEDS: ColumnNeeds = {
  always: ['id', 'authorId', 'status', 'visibility', 'hiddenAt', 'publishedAt'],
  byField: {
    id: [],
    title: ['title'],
    summary: ['summary'],
    body: ['body'],
    bodyHtml: ['body'],
    language: ['language'],
    visibility: [],
    status: [],
    publishedAt: [],
    featured: ['featured'],
    editedAt: ['editedAt'],
    createdAt: ['createdAt'],
    author: [],
    countries: ['countryCodes'],
    thematicAreas: ['thematicAreaCodes'],
    networks: [],
    endorsementCount: ['endorsementCount'],
    commentCount: ['commentCount'],
    viewerHasEndorsed: [],
    viewerHasBookmarked: [],
  },
};
