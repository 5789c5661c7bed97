import { defineModule } from '../../platform/module/module-manifest';
import type { UnitOfWork } from '../../platform/unit-of-work/unit-of-work';
import type { IdempotencyService } from '../../platform/idempotency/idempotency.service';
import type { PractitionerService } from '../practitioner/practitioner.service';
import { ContactEntity, ContactRequestEntity } from './contact.entity';
import { ContactService } from './contact.service';
import { ContactResolver, PractitionerContactResolver, contactRequestNode } from './contact.resolver';
import { createContactLoaders } from './contact.loaders';

interface ContactNeeds {
  practitioners: PractitionerService;
  idempotency: IdempotencyService;
  uow: UnitOfWork;
}

export const contactModule = defineModule({
  name: 'contact',
  entities: [ContactRequestEntity, ContactEntity],
  services: (s: ContactNeeds, { dataSource }) => ({
    contacts: new ContactService(dataSource, s.practitioners, s.idempotency, s.uow),
  }),
  resolvers: [
    { resolver: ContactResolver, create: (s) => new ContactResolver(s.contacts) },
    PractitionerContactResolver,
  ],
  loaders: (viewer, _s, { dataSource }) => ({ contact: createContactLoaders(dataSource, viewer) }),
  nodes: [contactRequestNode],
});
