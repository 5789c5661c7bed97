import { defineModule } from '../../platform/module/module-manifest';
import type { UnitOfWork } from '../../platform/unit-of-work/unit-of-work';
import type { ReferenceCatalog } from '../reference';
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

// Used by other modules through this index (kept by scripts/codemods/module-imports.mjs).
export { practitionerColumnsSql, practitionerFromColumns } from './practitioner-columns';
export { PRACTITIONER_COLUMN_NEEDS } from './practitioner.columns';
export { pendingVerificationsSql } from './practitioner-rows';
export { PractitionerEntity } from './practitioner.entity';
export { ContactVisibility, Profession } from './practitioner.enums';
export { COUNTRY_CODE, CodePointLength, PHONE } from './practitioner.inputs';
export {
  OUTRANKED_MESSAGE,
  canDecideOnAccount,
  canVerify,
  canViewContactDetails,
  canViewPractitioner,
  canWriteContent,
  isAdmin,
  isModerator,
  listedPractitionerSql,
  practitionerReadSql,
  visiblePractitioners,
} from './practitioner.policy';
export { PRACTITIONER_TYPE } from './practitioner.resolver';
export { normalizeEmail } from './practitioner.service';
export type { PractitionerListener, PractitionerService } from './practitioner.service';
export { Practitioner, PractitionerConnection, VerificationDecision } from './practitioner.types';
