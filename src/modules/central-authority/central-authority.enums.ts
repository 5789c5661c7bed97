import { registerEnumType } from 'type-graphql';

export enum CooperationKind {
  EXTRADITION = 'EXTRADITION',
  MUTUAL_LEGAL_ASSISTANCE = 'MUTUAL_LEGAL_ASSISTANCE',
  TRANSFER_OF_SENTENCED_PERSONS = 'TRANSFER_OF_SENTENCED_PERSONS',
  ASSET_RECOVERY = 'ASSET_RECOVERY',
}
registerEnumType(CooperationKind, {
  name: 'CooperationKind',
  description: 'A kind of international cooperation in criminal matters.',
  valuesConfig: {
    EXTRADITION: { description: 'Extradition requests.' },
    MUTUAL_LEGAL_ASSISTANCE: { description: 'Mutual legal assistance requests.' },
    TRANSFER_OF_SENTENCED_PERSONS: { description: 'Transfer of sentenced persons.' },
    ASSET_RECOVERY: { description: 'Freezing, confiscation and return of assets.' },
  },
});

export enum CommunicationChannel {
  DIPLOMATIC = 'DIPLOMATIC',
  DIRECT = 'DIRECT',
  INTERPOL = 'INTERPOL',
  JUDICIAL_NETWORK = 'JUDICIAL_NETWORK',
  ELECTRONIC = 'ELECTRONIC',
}
registerEnumType(CommunicationChannel, {
  name: 'CommunicationChannel',
  description: 'A channel through which a central authority accepts requests.',
  valuesConfig: {
    DIPLOMATIC: { description: 'Through diplomatic channels.' },
    DIRECT: { description: 'Directly between central or judicial authorities.' },
    INTERPOL: { description: 'Through INTERPOL (e.g. for urgent or provisional-arrest requests).' },
    JUDICIAL_NETWORK: { description: 'Through a judicial cooperation network or liaison magistrates.' },
    ELECTRONIC: { description: 'Through a secure electronic platform.' },
  },
});

export enum CentralAuthorityChange {
  CREATE = 'CREATE',
  UPDATE = 'UPDATE',
  CONFIRM = 'CONFIRM',
}
registerEnumType(CentralAuthorityChange, {
  name: 'CentralAuthorityChange',
  description: 'What a recorded change to a directory entry was.',
  valuesConfig: {
    CREATE: { description: 'The entry was created.' },
    UPDATE: { description: 'Fields were edited.' },
    CONFIRM: { description: 'Someone confirmed the entry is still correct.' },
  },
});
