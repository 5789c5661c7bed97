import { defineModule } from '../../platform/module/module-manifest';
import type { UnitOfWork } from '../../platform/unit-of-work/unit-of-work';
import type { IdempotencyService } from '../../platform/idempotency/idempotency.service';
import type { ReferenceCatalog } from '../reference';
import type { PractitionerService } from '../practitioner';
import { NetworkCountryEntity, NetworkEntity, NetworkMemberEntity } from './network.entity';
import { ReferenceNetworkService } from './network-reference.service';
import { NetworkQueryService } from './network-query.service';
import { NetworkMembershipService } from './network-membership.service';
import { NetworkRoleService } from './network-role.service';
import { NetworkEditingService } from './network-editing.service';
import {
  NetworkMembershipResolver,
  NetworkResolver,
  PractitionerNetworksResolver,
  networkMembershipNode,
  networkNode,
} from './network.resolver';
import { NetworkHtmlResolver } from './network-html.resolver';
import { createNetworkLoaders } from './network.loaders';

interface NetworkNeeds {
  catalog: ReferenceCatalog;
  uow: UnitOfWork;
  idempotency: IdempotencyService;
  practitioners: PractitionerService;
}

export const networkModule = defineModule({
  name: 'network',
  entities: [NetworkEntity, NetworkCountryEntity, NetworkMemberEntity],
  services: (s: NetworkNeeds, { dataSource }) => {
    const referenceNetworks = new ReferenceNetworkService(dataSource, s.catalog);
    const services = {
      /** Reference networks (created at start-up, country networks joined on verification, regional countries). */
      referenceNetworks,
      networkQueries: new NetworkQueryService(dataSource, s.catalog, s.practitioners),
      networkMembership: new NetworkMembershipService(dataSource, s.practitioners, s.uow),
      networkRoles: new NetworkRoleService(dataSource, s.practitioners),
      /** Working groups and the editing of networks. */
      networkEditing: new NetworkEditingService(dataSource, s.catalog, s.idempotency),
    };
    // Verified members belong to their country's network: joined in the transaction that verifies or moves them.
    s.practitioners.addListener({
      onVerified: (manager, p) => referenceNetworks.joinCountryNetwork(manager, p.id, p.countryCode),
      onCountryChanged: (manager, p) => referenceNetworks.joinCountryNetwork(manager, p.id, p.countryCode),
    });
    return services;
  },
  resolvers: [
    {
      resolver: NetworkResolver,
      create: (s) =>
        new NetworkResolver(
          s.networkQueries,
          s.networkMembership,
          s.networkRoles,
          s.networkEditing,
          s.referenceNetworks,
          s.catalog,
        ),
    },
    NetworkMembershipResolver,
    PractitionerNetworksResolver,
    NetworkHtmlResolver,
  ],
  loaders: (viewer, _s, { dataSource }) => ({ network: createNetworkLoaders(dataSource, viewer) }),
  nodes: [networkNode, networkMembershipNode],
});

// Used by other modules through this index (kept by scripts/codemods/module-imports.mjs).
export { activate, removeMembership } from './network-member-rows';
export type { NetworkQueryService } from './network-query.service';
export { loadViewerNetworkScope, loadViewerNetworkScopes } from './network-scope';
export type { ViewerNetworkScope } from './network-scope';
export {
  activeMemberIdsSql,
  activeNetworkIdsSql,
  countryNetworkIdsSql,
  coveringNetworkIdsSql,
  coversCountryOrAreaSql,
  isActiveMemberSql,
} from './network-sql';
export { NETWORK_COLUMN_NEEDS } from './network.columns';
export { NetworkEntity, NetworkMemberEntity } from './network.entity';
export { JoinPolicy, NetworkKind, NetworkRole } from './network.enums';
export { networkReadSql } from './network.policy';
export { NETWORK_TYPE, Network, NetworkConnection } from './network.types';
export { viewerScopeColumnsSql, viewerScopeFromColumns } from './viewer-scope-columns';
