import { registerEnumType } from 'type-graphql';

export enum PublicationKind {
  HANDBOOK = 'HANDBOOK',
  MODEL_LAW = 'MODEL_LAW',
  DIGEST = 'DIGEST',
  TRAINING_MODULE = 'TRAINING_MODULE',
  REPORT = 'REPORT',
}
registerEnumType(PublicationKind, {
  name: 'PublicationKind',
  description: 'What a technical tool of the library is.',
  valuesConfig: {
    HANDBOOK: { description: 'A handbook or manual for practitioners.' },
    MODEL_LAW: { description: 'Model legislative provisions.' },
    DIGEST: { description: 'A digest of cases or practice.' },
    TRAINING_MODULE: { description: 'A module of a training curriculum.' },
    REPORT: { description: 'A report or study.' },
  },
});

export enum PublicationVisibility {
  COMMUNITY = 'COMMUNITY',
  NETWORKS = 'NETWORKS',
}
registerEnumType(PublicationVisibility, {
  name: 'PublicationVisibility',
  description: 'Who may see a publication (and download its files).',
  valuesConfig: {
    COMMUNITY: { description: 'Every verified member.' },
    NETWORKS: { description: 'The active members of one of its networks (and moderators).' },
  },
});
