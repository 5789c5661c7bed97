import { registerEnumType } from 'type-graphql';

export enum InstrumentCategory {
  UNIVERSAL_COUNTER_TERRORISM = 'UNIVERSAL_COUNTER_TERRORISM',
  UN_CONVENTION = 'UN_CONVENTION',
  REGIONAL_CONVENTION = 'REGIONAL_CONVENTION',
  COOPERATION_TREATY = 'COOPERATION_TREATY',
}
registerEnumType(InstrumentCategory, {
  name: 'InstrumentCategory',
  description: 'What kind of legal instrument it is.',
  valuesConfig: {
    UNIVERSAL_COUNTER_TERRORISM: {
      description: 'One of the 19 universal legal instruments against terrorism (1963 to 2014).',
    },
    UN_CONVENTION: {
      description: 'Another United Nations convention, e.g. against Transnational Organized Crime.',
    },
    REGIONAL_CONVENTION: {
      description: 'A regional convention (e.g. of the African Union, the Council of Europe, the OAS).',
    },
    COOPERATION_TREATY: {
      description: 'A bilateral or multilateral extradition or mutual-legal-assistance treaty.',
    },
  },
});

export enum TreatyStatusKind {
  NONE = 'NONE',
  SIGNED = 'SIGNED',
  RATIFIED = 'RATIFIED',
  ACCEDED = 'ACCEDED',
  SUCCEEDED = 'SUCCEEDED',
  ACCEPTED_OR_APPROVED = 'ACCEPTED_OR_APPROVED',
  DENOUNCED = 'DENOUNCED',
}
registerEnumType(TreatyStatusKind, {
  name: 'TreatyStatusKind',
  description: 'Where a country stands towards an instrument.',
  valuesConfig: {
    NONE: { description: 'Not a party and not a signatory (also the answer where nothing is recorded).' },
    SIGNED: { description: 'Signed, not (yet) ratified: not bound.' },
    RATIFIED: { description: 'Ratified: a party, bound.' },
    ACCEDED: { description: 'Acceded: a party, bound.' },
    SUCCEEDED: { description: 'Succeeded to it (state succession): a party, bound.' },
    ACCEPTED_OR_APPROVED: { description: 'Accepted or approved it: a party, bound.' },
    DENOUNCED: { description: 'Denounced it: no longer bound.' },
  },
});

/** The statuses that make a country a party bound by the instrument. */
export const BINDING_STATUSES: readonly TreatyStatusKind[] = [
  TreatyStatusKind.RATIFIED,
  TreatyStatusKind.ACCEDED,
  TreatyStatusKind.SUCCEEDED,
  TreatyStatusKind.ACCEPTED_OR_APPROVED,
];
