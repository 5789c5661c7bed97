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
