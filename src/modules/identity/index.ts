import { defineModule } from '../../platform/module/module-manifest';
import type { UnitOfWork } from '../../platform/unit-of-work/unit-of-work';
import type { PractitionerService } from '../practitioner';
import { RefreshTokenEntity, SessionEntity } from './session.entity';
import { IdentityService } from './identity.service';
import { IdentityResolver } from './identity.resolver';
import { AccountTokenEntity } from './account-token.entity';
import { EmailConfirmationService } from './email-confirmation.service';
import { PasswordService } from './password.service';
import { AccountResolver, PractitionerEmailConfirmationResolver } from './account.resolver';

export const identityModule = defineModule({
  name: 'identity',
  entities: [SessionEntity, RefreshTokenEntity, AccountTokenEntity],
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
      // Stateless: the one registration uses and the one `confirmEmail` uses may be two instances.
      new EmailConfirmationService(dataSource, s.uow, config.jwtSecret),
    ),
    emailConfirmation: new EmailConfirmationService(dataSource, s.uow, config.jwtSecret),
    passwords: new PasswordService(dataSource, s.uow, config.jwtSecret),
  }),
  resolvers: [
    { resolver: IdentityResolver, create: (s) => new IdentityResolver(s.identity) },
    { resolver: AccountResolver, create: (s) => new AccountResolver(s.emailConfirmation, s.passwords) },
    PractitionerEmailConfirmationResolver,
  ],
});

// Used by other modules through this index (kept by scripts/codemods/module-imports.mjs).
export { expireRefreshTokensOf } from './session-rows';
