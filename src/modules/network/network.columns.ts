import type { ColumnNeeds } from '../../common/db/lean-columns';

/**
 * The columns each `Network` field reads (lean reads, see common/db/lean-columns.ts). Fields not named here
 * (members, posts, the viewer's relation…) read whole rows. `always`: the id and the kind.
 */
export const NETWORK_COLUMN_NEEDS: ColumnNeeds = {
  always: ['id', 'kind'],
  byField: {
    id: [],
    name: ['name'],
    kind: [],
    description: ['description'],
    descriptionHtml: ['description'],
    joinPolicy: ['joinPolicy'],
    memberCount: ['memberCount'],
    createdAt: ['createdAt'],
    country: ['countryCode'],
    region: ['regionCode'],
    thematicArea: ['thematicAreaCode'],
  },
};
