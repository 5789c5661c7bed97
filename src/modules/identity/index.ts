import { defineModule } from '../../platform/module/module-manifest';
import type { UnitOfWork } from '../../platform/unit-of-work/unit-of-work';
import type { PractitionerService } from '../practitioner';
import { RefreshTokenEntity, SessionEntity } from './session.entity';
import { IdentityService } from './identity.service';
import { IdentityResolver } from './identity.resolver';

export const identityModule = defineModule({
  name: 'identity',
  entities: [SessionEntity, RefreshTokenEntity],
  services: (s: { practitioners: PractitionerService; uow: UnitOfWork }, { dataSource, config }) => ({
    identity: new IdentityService(
      dataSource,
      s.practitioners,
      {
        jwtSecret: config.jwtSecret,
        accessTokenTtlSeconds: config.accessTokenTtlSeconds,
        sessionMaxLifetimeDays: config.sessionMaxLifetimeDays,
        sessionIdleTimeoutDays: config.sessionIdleTimeoutDays,
      },
      s.uow,
    ),
  }),
  resolvers: [{ resolver: IdentityResolver, create: (s) => new IdentityResolver(s.identity) }],
});

// Used by other modules through this index (kept by scripts/codemods/module-imports.mjs).
export { expireRefreshTokensOf } from './session-rows';
