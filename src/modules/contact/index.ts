import { defineModule } from '../../platform/module/module-manifest';
import type { UnitOfWork } from '../../platform/unit-of-work/unit-of-work';
import type { IdempotencyService } from '../../platform/idempotency/idempotency.service';
import type { PractitionerService } from '../practitioner';
import type { BlockService } from '../block';
import { ContactEntity, ContactRequestEntity } from './contact.entity';
import { endContactBetween, lockContactPair } from './contact-rows';
import { ContactService } from './contact.service';
import { ContactResolver, PractitionerContactResolver, contactRequestNode } from './contact.resolver';
import { createContactLoaders } from './contact.loaders';

interface ContactNeeds {
  practitioners: PractitionerService;
  idempotency: IdempotencyService;
  uow: UnitOfWork;
  blocks: BlockService;
}

export const contactModule = defineModule({
  name: 'contact',
  entities: [ContactRequestEntity, ContactEntity],
  services: (s: ContactNeeds, { dataSource }) => {
    // A block ends the contact and withdraws pending requests, in its transaction. The pair is locked first, as
    // contact operations lock it: a crossing request waits for the block. Requests go before the contact: an
    // acceptance in flight holds the request's row; once it commits, the DELETE sees the contact it created.
    s.blocks.addReaction({ lock: lockContactPair, ended: endContactBetween });
    return { contacts: new ContactService(dataSource, s.practitioners, s.idempotency, s.uow) };
  },
  resolvers: [
    { resolver: ContactResolver, create: (s) => new ContactResolver(s.contacts) },
    PractitionerContactResolver,
  ],
  loaders: (viewer, _s, { dataSource }) => ({ contact: createContactLoaders(dataSource, viewer) }),
  nodes: [contactRequestNode],
});
