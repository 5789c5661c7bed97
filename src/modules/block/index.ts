import { defineModule } from '../../platform/module/module-manifest';
import type { PractitionerService } from '../practitioner/practitioner.service';
import type { NetworkQueryService } from '../network/network-query.service';
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
