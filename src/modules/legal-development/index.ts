import { defineModule } from '../../platform/module/module-manifest';
import type { UnitOfWork } from '../../platform/unit-of-work/unit-of-work';
import type { IdempotencyService } from '../../platform/idempotency/idempotency.service';
import type { ReferenceCatalog } from '../reference/reference.catalog';
import type { InstrumentService } from '../instrument/instrument.service';
import type { ContentKinds } from '../content/content-kind';
import { legalDevelopmentContentKind } from './legal-development.kind';
import { TreatyService } from '../instrument/treaty.service';
import {
  LegalDevelopmentEntity,
  LegalDevelopmentInstrumentEntity,
  LegalDevelopmentTransitionEntity,
} from './legal-development.entity';
import { LegalDevelopmentService } from './legal-development.service';
import {
  CountryLegalDevelopmentsResolver,
  LegalDevelopmentResolver,
  TreatyActionLegalDevelopmentResolver,
  legalDevelopmentNode,
} from './legal-development.resolver';
import { LegalDevelopmentHtmlResolver } from './legal-development-html.resolver';
import { createLegalDevelopmentLoaders } from './legal-development.loaders';

interface LegalDevelopmentNeeds {
  catalog: ReferenceCatalog;
  uow: UnitOfWork;
  idempotency: IdempotencyService;
  instruments: InstrumentService;
  contentKinds: ContentKinds;
}

export const legalDevelopmentModule = defineModule({
  name: 'legal-development',
  entities: [LegalDevelopmentEntity, LegalDevelopmentInstrumentEntity, LegalDevelopmentTransitionEntity],
  services: (s: LegalDevelopmentNeeds, { dataSource }) => {
    s.contentKinds.register(legalDevelopmentContentKind);
    const legalDevelopments = new LegalDevelopmentService(
      dataSource,
      s.catalog,
      s.instruments,
      s.uow,
      s.idempotency,
    );
    // Recording a treaty action publishes a legal development: the instrument module's treaty service is
    // built here, once both exist.
    const treaties = new TreatyService(dataSource, s.catalog, s.instruments, legalDevelopments, s.uow);
    return { legalDevelopments, treaties };
  },
  resolvers: [
    {
      resolver: LegalDevelopmentResolver,
      create: (s) => new LegalDevelopmentResolver(s.legalDevelopments, s.catalog),
    },
    CountryLegalDevelopmentsResolver,
    TreatyActionLegalDevelopmentResolver,
    LegalDevelopmentHtmlResolver,
  ],
  loaders: (_viewer, _s, { dataSource }) => ({
    legalDevelopment: createLegalDevelopmentLoaders(dataSource),
  }),
  contextServices: (s) => ({ legalDevelopments: s.legalDevelopments }),
  nodes: [legalDevelopmentNode],
});
