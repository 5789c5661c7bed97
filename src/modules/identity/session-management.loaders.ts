import DataLoader from 'dataloader';
import type { SessionEntity } from './session.entity';
import type { SecurityEventEntity } from './security-log.entity';
import type { SessionManagementService } from './session-management.service';
import type { SecurityLog } from './security-log';

export interface IdentityLoaders {
  sessionById: DataLoader<string, SessionEntity | null>;
  securityEventById: DataLoader<string, SecurityEventEntity | null>;
}

declare module '../../common/context' {
  interface Loaders {
    identity: IdentityLoaders;
  }
}

function byId<T extends { id: string }>(load: (ids: readonly string[]) => Promise<T[]>) {
  return new DataLoader<string, T | null>(async (ids) => {
    const rows = await load(ids);
    const map = new Map(rows.map((r) => [r.id, r]));
    return ids.map((id) => map.get(id) ?? null);
  });
}

/** The identity module's per-request loaders (sessions and security events, for `node`). */
export function createIdentityLoaders(
  sessions: SessionManagementService,
  securityLog: SecurityLog,
): IdentityLoaders {
  return {
    sessionById: byId((ids) => sessions.byIds(ids)),
    securityEventById: byId((ids) => securityLog.byIds(ids)),
  };
}
