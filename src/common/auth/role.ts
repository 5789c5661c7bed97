import { registerEnumType } from 'type-graphql';

export enum Role {
  MEMBER = 'MEMBER',
  EXPERT = 'EXPERT',
  MODERATOR = 'MODERATOR',
  ADMIN = 'ADMIN',
}
registerEnumType(Role, {
  name: 'Role',
  description: 'What a practitioner may do on the platform beyond membership.',
  valuesConfig: {
    MEMBER: { description: 'A member of the community.' },
    EXPERT: {
      description: 'An expert or lecturer: may publish legal developments directly and lead events.',
    },
    MODERATOR: { description: 'Vets new members and curates what is shared.' },
    ADMIN: { description: 'Runs the platform: assigns roles and edits reference data.' },
  },
});

export enum VerificationStatus {
  PENDING = 'PENDING',
  VERIFIED = 'VERIFIED',
  REJECTED = 'REJECTED',
}
registerEnumType(VerificationStatus, {
  name: 'VerificationStatus',
  description: 'Whether a moderator has confirmed that the practitioner is a criminal-justice official.',
  valuesConfig: {
    PENDING: { description: 'Registered, awaiting vetting: may read, may not write content.' },
    VERIFIED: { description: 'Vetted by a moderator: a full member.' },
    REJECTED: { description: 'Vetting refused: may read only what pending members may read.' },
  },
});

/**
 * The coarse guard of everything that belongs to the community: `@Authorized(COMMUNITY)` admits any
 * VERIFIED practitioner, whatever their role. Unverified accounts (pending, rejected) see nothing of the
 * community. Any role requirement (`@Authorized(Role.MODERATOR)`) implies verification too.
 */
export const COMMUNITY = 'COMMUNITY';

/** Roles that moderate (ADMIN includes every moderator power). */
export const MODERATION_ROLES: readonly Role[] = [Role.MODERATOR, Role.ADMIN];

/**
 * `@Authorized(OWN_DATA)`: any signed-in account, verified or not and even suspended, for operations that
 * only hand an account its own data (requestDataExport): a suspension stops changes, not taking one's data.
 */
export const OWN_DATA = 'OWN_DATA';
