import type { DataSource } from 'typeorm';
import type { Config } from '../config/config';
import type { ReferenceCatalog } from '../modules/reference/reference.catalog';
import { PractitionerService } from '../modules/practitioner/practitioner.service';
import { IdentityService } from '../modules/identity/identity.service';

/** The application's services, built once per server. */
export interface Services {
  catalog: ReferenceCatalog;
  practitioners: PractitionerService;
  identity: IdentityService;
}

export function createServices(dataSource: DataSource, catalog: ReferenceCatalog, config: Config): Services {
  const practitioners = new PractitionerService(dataSource, catalog);
  const identity = new IdentityService(dataSource, practitioners, {
    jwtSecret: config.jwtSecret,
    accessTokenTtlSeconds: config.accessTokenTtlSeconds,
    refreshTokenTtlDays: config.refreshTokenTtlDays,
  });
  return { catalog, practitioners, identity };
}
