import { defineModule } from '../../platform/module/module-manifest';
import type { PractitionerService } from '../practitioner';
import type { NetworkQueryService } from '../network';
import { NetworkMuteEntity, PractitionerBlockEntity, PractitionerMuteEntity } from './block.entity';
import { BlockService } from './block.service';
import { BlockResolver, NetworkMuteResolver, PractitionerBlockResolver } from './block.resolver';
import { createBlockLoaders } from './block.loaders';

export const blockModule = defineModule({
  name: 'block',
  entities: [PractitionerBlockEntity, PractitionerMuteEntity, NetworkMuteEntity],
  services: (
    s: { practitioners: PractitionerService; networkQueries: NetworkQueryService },
    { dataSource },
  ) => ({
    blocks: new BlockService(dataSource, s.practitioners, s.networkQueries),
  }),
  resolvers: [
    { resolver: BlockResolver, create: (s) => new BlockResolver(s.blocks) },
    PractitionerBlockResolver,
    NetworkMuteResolver,
  ],
  loaders: (viewer, s) => ({ block: createBlockLoaders(s.blocks, viewer) }),
  contextServices: (s) => ({ blocks: s.blocks }),
});

// Used by other modules through this index (kept by scripts/codemods/module-imports.mjs).
export {
  blockedBetweenSql,
  blockedEitherWayIdsSql,
  blockedEitherWayOfManySql,
  blockedEitherWaySql,
  mutedPractitionerIdsSql,
  mutesNetworkSql,
  mutesPractitionerSql,
  networkMuteJoinSql,
} from './block-rows';
export { isBlockedBetween } from './block.service';
export type { BlockService } from './block.service';
