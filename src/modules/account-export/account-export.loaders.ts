import DataLoader from 'dataloader';
import type { DataExportEntity } from './account-export.entity';
import type { DataExportService } from './account-export.service';

export interface AccountExportLoaders {
  dataExportById: DataLoader<string, DataExportEntity | null>;
}

declare module '../../common/context' {
  interface Loaders {
    accountExport: AccountExportLoaders;
  }
}

/** The account-export module's per-request loaders (exports, for `node` and notifications' subjects). */
export function createAccountExportLoaders(exports: DataExportService): AccountExportLoaders {
  return {
    dataExportById: new DataLoader<string, DataExportEntity | null>(async (ids) => {
      const map = new Map((await exports.byIds(ids)).map((r) => [r.id, r]));
      return ids.map((id) => map.get(id) ?? null);
    }),
  };
}
