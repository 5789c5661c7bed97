import { defineModule } from '../../platform/module/module-manifest';
import type { UnitOfWork } from '../../platform/unit-of-work/unit-of-work';
import type { ReferenceCatalog } from '../reference/reference.catalog';
import { PractitionerEntity } from './practitioner.entity';
import { PractitionerService } from './practitioner.service';
import { PractitionerResolver, practitionerNode } from './practitioner.resolver';
import { PractitionerHtmlResolver } from './practitioner-html.resolver';
import { createPractitionerLoaders } from './practitioner.loaders';

export const practitionerModule = defineModule({
  name: 'practitioner',
  entities: [PractitionerEntity],
  services: (s: { catalog: ReferenceCatalog; uow: UnitOfWork }, { dataSource }) => ({
    practitioners: new PractitionerService(dataSource, s.catalog, s.uow),
  }),
  resolvers: [
    {
      resolver: PractitionerResolver,
      create: (s) => new PractitionerResolver(s.practitioners, s.catalog),
    },
    PractitionerHtmlResolver,
  ],
  loaders: (_viewer, _s, { dataSource }) => ({ practitioner: createPractitionerLoaders(dataSource) }),
  nodes: [practitionerNode],
});
