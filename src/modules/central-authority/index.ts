import { defineModule } from '../../platform/module/module-manifest';
import type { ReferenceCatalog } from '../reference';
import { CentralAuthorityEntity, CentralAuthorityRevisionEntity } from './central-authority.entity';
import { CentralAuthorityService } from './central-authority.service';
import { CentralAuthorityResolver, centralAuthorityNode } from './central-authority.resolver';
import { createCentralAuthorityLoaders } from './central-authority.loaders';

export const centralAuthorityModule = defineModule({
  name: 'central-authority',
  entities: [CentralAuthorityEntity, CentralAuthorityRevisionEntity],
  services: (s: { catalog: ReferenceCatalog }, { dataSource }) => ({
    centralAuthorities: new CentralAuthorityService(dataSource, s.catalog),
  }),
  resolvers: [
    {
      resolver: CentralAuthorityResolver,
      create: (s) => new CentralAuthorityResolver(s.centralAuthorities, s.catalog),
    },
  ],
  loaders: (_viewer, _s, { dataSource }) => ({
    centralAuthority: createCentralAuthorityLoaders(dataSource),
  }),
  nodes: [centralAuthorityNode],
});

// Used by other modules through this index (kept by scripts/codemods/module-imports.mjs).
export { CentralAuthority } from './central-authority.types';
