import { defineModule } from '../../platform/module/module-manifest';
import type { PractitionerService } from '../practitioner/practitioner.service';
import type { NetworkQueryService } from '../network/network-query.service';
import { NetworkFollowEntity, PractitionerFollowEntity } from './follow.entity';
import { FollowService } from './follow.service';
import { FollowResolver, NetworkFollowResolver, PractitionerFollowResolver } from './follow.resolver';
import { createFollowLoaders } from './follow.loaders';

export const followModule = defineModule({
  name: 'follow',
  entities: [PractitionerFollowEntity, NetworkFollowEntity],
  services: (
    s: { practitioners: PractitionerService; networkQueries: NetworkQueryService },
    { dataSource },
  ) => ({
    follows: new FollowService(dataSource, s.practitioners, s.networkQueries),
  }),
  resolvers: [
    { resolver: FollowResolver, create: (s) => new FollowResolver(s.follows) },
    PractitionerFollowResolver,
    NetworkFollowResolver,
  ],
  loaders: (viewer, _s, { dataSource }) => ({ follow: createFollowLoaders(dataSource, viewer) }),
});
