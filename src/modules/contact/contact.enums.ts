import { registerEnumType } from 'type-graphql';

export enum ContactRequestStatus {
  PENDING = 'PENDING',
  ACCEPTED = 'ACCEPTED',
  DECLINED = 'DECLINED',
  CANCELLED = 'CANCELLED',
}
registerEnumType(ContactRequestStatus, {
  name: 'ContactRequestStatus',
  description: 'Where a contact request stands.',
  valuesConfig: {
    PENDING: { description: 'Awaiting the addressee.' },
    ACCEPTED: { description: 'Accepted: the two are contacts.' },
    DECLINED: { description: 'Declined by the addressee.' },
    CANCELLED: { description: 'Withdrawn, or ended because one blocked the other.' },
  },
});

export enum ContactStatus {
  NONE = 'NONE',
  PENDING_OUTGOING = 'PENDING_OUTGOING',
  PENDING_INCOMING = 'PENDING_INCOMING',
  CONTACT = 'CONTACT',
}
registerEnumType(ContactStatus, {
  name: 'ContactStatus',
  description: 'Where you stand with another practitioner.',
  valuesConfig: {
    NONE: { description: 'Not contacts, and no pending request (also for yourself).' },
    PENDING_OUTGOING: { description: 'You asked them; they have not answered yet.' },
    PENDING_INCOMING: { description: 'They asked you; answer with respondToContactRequest.' },
    CONTACT: { description: 'You are contacts.' },
  },
});

export enum ContactRequestDirection {
  INCOMING = 'INCOMING',
  OUTGOING = 'OUTGOING',
}
registerEnumType(ContactRequestDirection, {
  name: 'ContactRequestDirection',
  description: 'Which side of a contact request you are on.',
  valuesConfig: {
    INCOMING: { description: 'Requests others sent you.' },
    OUTGOING: { description: 'Requests you sent.' },
  },
});
