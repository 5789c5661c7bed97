import { defineModule } from '../../platform/module/module-manifest';
import type { ReferenceCatalog } from '../reference';
import { InstrumentEntity, TreatyStatusEntity, TreatyStatusHistoryEntity } from './instrument.entity';
import { InstrumentService } from './instrument.service';
import type { TreatyService } from './treaty.service';
import {
  CountryTreatyStatusesResolver,
  InstrumentResolver,
  TreatyStatusResolver,
  instrumentNode,
  treatyStatusNode,
} from './instrument.resolver';
import { createInstrumentLoaders } from './instrument.loaders';

/**
 * Instruments and treaty statuses. The treaty service records legal developments, so the legal-development
 * module (listed after this one) builds it; this module's resolvers and loaders use it.
 */
export const instrumentModule = defineModule({
  name: 'instrument',
  entities: [InstrumentEntity, TreatyStatusEntity, TreatyStatusHistoryEntity],
  services: (_s: { catalog: ReferenceCatalog; treaties: TreatyService }, { dataSource }) => ({
    instruments: new InstrumentService(dataSource),
  }),
  resolvers: [
    { resolver: InstrumentResolver, create: (s) => new InstrumentResolver(s.instruments, s.treaties) },
    { resolver: TreatyStatusResolver, create: (s) => new TreatyStatusResolver(s.catalog) },
    CountryTreatyStatusesResolver,
  ],
  loaders: (_viewer, s, { dataSource }) => ({ instrument: createInstrumentLoaders(dataSource, s.treaties) }),
  nodes: [instrumentNode, treatyStatusNode],
});

// Used by other modules through this index (kept by scripts/codemods/module-imports.mjs).
export { InstrumentEntity } from './instrument.entity';
export { INSTRUMENT_TYPE } from './instrument.service';
export type { InstrumentService } from './instrument.service';
export { Instrument, RecordTreatyActionPayload } from './instrument.types';
export { TreatyService } from './treaty.service';
