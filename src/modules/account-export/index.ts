import { defineModule } from '../../platform/module/module-manifest';
import type { IdempotencyService } from '../../platform/idempotency/idempotency.service';
import type { UnitOfWork } from '../../platform/unit-of-work/unit-of-work';
import type { SecurityLog } from '../identity';
import { DataExportEntity } from './account-export.entity';
import { DataExportService, dataExportConsumer } from './account-export.service';
import { DataExportResolver, dataExportNode } from './account-export.resolver';
import { createAccountExportLoaders } from './account-export.loaders';

/**
 * Exports of a member's data (issue 16): `requestDataExport`, the outbox consumer that builds the zip,
 * `myDataExports`, and the archive served by GET /exports/<token>.zip (src/app/server.ts).
 */
export const accountExportModule = defineModule({
  name: 'account-export',
  entities: [DataExportEntity],
  services: (
    s: { uow: UnitOfWork; idempotency: IdempotencyService; securityLog: SecurityLog },
    { dataSource, config },
  ) => ({
    dataExports: new DataExportService(dataSource, s.uow, s.idempotency, s.securityLog, config.jwtSecret),
  }),
  resolvers: [{ resolver: DataExportResolver, create: (s) => new DataExportResolver(s.dataExports) }],
  loaders: (_viewer, s) => ({ accountExport: createAccountExportLoaders(s.dataExports) }),
  nodes: [dataExportNode],
  outboxConsumers: (s) => [dataExportConsumer(s.dataExports)],
});

// Used by other modules through this index (kept by scripts/codemods/module-imports.mjs).
export { DataExportService } from './account-export.service';
