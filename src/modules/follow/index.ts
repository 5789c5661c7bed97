import { defineModule } from '../../platform/module/module-manifest';
import type { PractitionerService } from '../practitioner';
import type { NetworkQueryService } from '../network';
import type { BlockService } from '../block';
import { NetworkFollowEntity, PractitionerFollowEntity } from './follow.entity';
import { endFollowsBetween } from './follow-rows';
import { FollowService } from './follow.service';
import { FollowResolver, NetworkFollowResolver, PractitionerFollowResolver } from './follow.resolver';
import { createFollowLoaders } from './follow.loaders';

export const followModule = defineModule({
  name: 'follow',
  entities: [PractitionerFollowEntity, NetworkFollowEntity],
  services: (
    s: { practitioners: PractitionerService; networkQueries: NetworkQueryService; blocks: BlockService },
    { dataSource },
  ) => {
    // A block ends the follows between the two, in its transaction (after the contact module's reaction).
    s.blocks.addReaction({ ended: endFollowsBetween });
    return { follows: new FollowService(dataSource, s.practitioners, s.networkQueries) };
  },
  resolvers: [
    { resolver: FollowResolver, create: (s) => new FollowResolver(s.follows) },
    PractitionerFollowResolver,
    NetworkFollowResolver,
  ],
  loaders: (viewer, _s, { dataSource }) => ({ follow: createFollowLoaders(dataSource, viewer) }),
});

// Used by other modules through this index (kept by scripts/codemods/module-imports.mjs).
export {
  followedNetworkIdsSql,
  followedPractitionerIdsSql,
  followsNetworkSql,
  followsPractitionerSql,
  networkFollowerIdsSql,
  practitionerFollowerIdsSql,
} from './follow-rows';
