import { defineModule } from '../../platform/module/module-manifest';
import type { UnitOfWork } from '../../platform/unit-of-work/unit-of-work';
import type { IdempotencyService } from '../../platform/idempotency/idempotency.service';
import type { ReferenceCatalog } from '../reference';
import type { InstrumentService } from '../instrument';
import type { ContentKinds } from '../content';
import { legalDevelopmentContentKind } from './legal-development.kind';
import { TreatyService } from '../instrument';
import {
  LegalDevelopmentEntity,
  LegalDevelopmentInstrumentEntity,
  LegalDevelopmentTransitionEntity,
} from './legal-development.entity';
import { LegalDevelopmentService } from './legal-development.service';
import { LegalDevelopmentReviewService } from './legal-development-review.service';
import { LegalDevelopmentQueryService } from './legal-development-query.service';
import {
  CountryLegalDevelopmentsResolver,
  LegalDevelopmentResolver,
  TreatyActionLegalDevelopmentResolver,
  legalDevelopmentNode,
} from './legal-development.resolver';
import { LegalDevelopmentHtmlResolver } from './legal-development-html.resolver';
import { createLegalDevelopmentLoaders } from './legal-development.loaders';
import { VersionFieldResolver } from '../content';
import type { ContentVersionService } from '../content';
import { LegalDevelopment } from './legal-development.types';

/** Language versions of LegalDevelopment (the `version` field, from the content kernel). */
const LegalDevelopmentVersionField = VersionFieldResolver(LegalDevelopment, 'LegalDevelopment');

interface LegalDevelopmentNeeds {
  catalog: ReferenceCatalog;
  uow: UnitOfWork;
  idempotency: IdempotencyService;
  instruments: InstrumentService;
  contentKinds: ContentKinds;
  contentVersions: ContentVersionService;
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
      s.idempotency,
      s.uow,
    );
    const legalDevelopmentReviews = new LegalDevelopmentReviewService(s.uow);
    const legalDevelopmentQueries = new LegalDevelopmentQueryService(dataSource, s.catalog);
    // Recording a treaty action publishes a legal development: the instrument module's treaty service is
    // built here, once both exist.
    const treaties = new TreatyService(dataSource, s.catalog, s.instruments, legalDevelopments, s.uow);
    return { legalDevelopments, legalDevelopmentReviews, legalDevelopmentQueries, treaties };
  },
  resolvers: [
    {
      resolver: LegalDevelopmentVersionField,
      create: (s) => new LegalDevelopmentVersionField(s.contentVersions),
    },
    {
      resolver: LegalDevelopmentResolver,
      create: (s) =>
        new LegalDevelopmentResolver(
          s.legalDevelopments,
          s.legalDevelopmentReviews,
          s.legalDevelopmentQueries,
          s.catalog,
        ),
    },
    CountryLegalDevelopmentsResolver,
    TreatyActionLegalDevelopmentResolver,
    LegalDevelopmentHtmlResolver,
  ],
  loaders: (_viewer, _s, { dataSource }) => ({
    legalDevelopment: createLegalDevelopmentLoaders(dataSource),
  }),
  contextServices: (s) => ({ legalDevelopmentQueries: s.legalDevelopmentQueries }),
  nodes: [legalDevelopmentNode],
});

// Used by other modules through this index (kept by scripts/codemods/module-imports.mjs).
export type { LegalDevelopmentQueryService } from './legal-development-query.service';
export { legalDevelopmentJurisdiction } from './legal-development-rows';
export { LEGAL_DEVELOPMENT_COLUMN_NEEDS } from './legal-development.columns';
export { LegalDevelopmentEntity } from './legal-development.entity';
export { LegalDevelopmentKind } from './legal-development.enums';
export { legalDevelopmentReadSql, listedLegalDevelopmentSql } from './legal-development.policy';
export type { LegalDevelopmentService } from './legal-development.service';
export { LegalDevelopment } from './legal-development.types';
