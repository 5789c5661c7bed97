import type { ColumnNeeds } from '../../common/db/lean-columns';

/**
 * The columns each `Practitioner` field reads (lean reads, see common/db/lean-columns.ts). Fields not named
 * here (contact details, relationships, moderation…) read whole rows. `always`: the id and what the
 * practitioner read rule and the profile's state look at.
 */
export const PRACTITIONER_COLUMN_NEEDS: ColumnNeeds = {
  always: ['id', 'verification', 'role', 'deletedAt', 'suspendedUntil'],
  byField: {
    id: [],
    displayName: ['displayName'],
    country: ['countryCode'],
    organization: ['organization'],
    position: ['position'],
    profession: ['profession'],
    languages: ['languages'],
    thematicAreas: ['thematicAreaCodes'],
    memberSince: ['createdAt'],
    role: [],
    verification: [],
    isDemo: ['isDemo'],
    isDeleted: [],
  },
};
