import { registerEnumType } from 'type-graphql';

/** Where a language version of content comes from. */
export enum VersionOrigin {
  ORIGINAL = 'ORIGINAL',
  HUMAN = 'HUMAN',
  MACHINE = 'MACHINE',
  MACHINE_POST_EDITED = 'MACHINE_POST_EDITED',
}
registerEnumType(VersionOrigin, {
  name: 'VersionOrigin',
  description: 'Where a language version comes from (machine output is always labelled as such).',
  valuesConfig: {
    ORIGINAL: { description: 'The text as its author wrote it.' },
    HUMAN: { description: 'Translated by a person (`translator`).' },
    MACHINE: { description: 'Machine translation (`engine`), not edited by a person.' },
    MACHINE_POST_EDITED: { description: 'Machine translation edited by a person (`translator`).' },
  },
});

/** The review state of a translation. */
export enum VersionReviewState {
  UNREVIEWED = 'UNREVIEWED',
  REVIEWED = 'REVIEWED',
  REJECTED = 'REJECTED',
}
registerEnumType(VersionReviewState, {
  name: 'VersionReviewState',
  description: 'Review of a translation by moderators (or the content’s network moderators).',
  valuesConfig: {
    UNREVIEWED: { description: 'Not reviewed yet.' },
    REVIEWED: { description: 'Checked and accepted by a reviewer (the original is REVIEWED too).' },
    REJECTED: { description: 'Refused by a reviewer: shown to nobody but its translator and reviewers.' },
  },
});
