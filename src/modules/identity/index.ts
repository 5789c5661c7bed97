import { defineModule } from '../../platform/module/module-manifest';
import type { UnitOfWork } from '../../platform/unit-of-work/unit-of-work';
import type { PractitionerService } from '../practitioner';
import { RefreshTokenEntity, SessionEntity } from './session.entity';
import { IdentityService } from './identity.service';
import { IdentityResolver } from './identity.resolver';
import { SecurityEventEntity } from './security-log.entity';
import { SecurityLog } from './security-log';
import { SecurityLogResolver, securityEventNode } from './security-log.resolver';
import { SessionManagementService } from './session-management.service';
import { SessionManagementResolver, sessionNode } from './session-management.resolver';
import { createIdentityLoaders } from './session-management.loaders';
import { AccountTokenEntity } from './account-token.entity';
import { EmailConfirmationService } from './email-confirmation.service';
import { PasswordService } from './password.service';
import { AccountResolver, PractitionerEmailConfirmationResolver } from './account.resolver';
import { AccountDeletionService } from './account-deletion.service';
import { AccountDeletionResolver, PractitionerDeletionResolver } from './account-deletion.resolver';
import { LoginChallengeEntity, RecoveryCodeEntity, TwoFactorEntity } from './two-factor.entity';
import { TwoFactorService } from './two-factor.service';
import { PractitionerTwoFactorResolver, TwoFactorResolver } from './two-factor.resolver';

export const identityModule = defineModule({
  name: 'identity',
  entities: [
    SessionEntity,
    RefreshTokenEntity,
    SecurityEventEntity,
    AccountTokenEntity,
    TwoFactorEntity,
    RecoveryCodeEntity,
    LoginChallengeEntity,
  ],
  services: (s: { practitioners: PractitionerService; uow: UnitOfWork }, { dataSource, config }) => {
    const securityLog = new SecurityLog(dataSource);
    // One service for registration (which sends the link) and `confirmEmail`; it keeps no state.
    const emailConfirmation = new EmailConfirmationService(dataSource, s.uow, config.jwtSecret, securityLog);
    const twoFactor = new TwoFactorService(dataSource, s.uow, securityLog, {
      secret: config.jwtSecret,
      challengeTtlSeconds: config.twoFactor.challengeTtlSeconds,
    });
    return {
      twoFactor,
      identity: new IdentityService(
        dataSource,
        s.practitioners,
        {
          jwtSecret: config.jwtSecret,
          accessTokenTtlSeconds: config.accessTokenTtlSeconds,
          sessionMaxLifetimeDays: config.sessionMaxLifetimeDays,
          sessionIdleTimeoutDays: config.sessionIdleTimeoutDays,
          twoFactorRequiredForStaff: config.twoFactor.requiredForStaff,
        },
        s.uow,
        securityLog,
        emailConfirmation,
        twoFactor,
      ),
      securityLog,
      emailConfirmation,
      passwords: new PasswordService(dataSource, s.uow, config.jwtSecret, securityLog),
      accountDeletion: new AccountDeletionService(dataSource, s.uow),
      sessionManagement: new SessionManagementService(dataSource, s.uow, securityLog, {
        sessionMaxLifetimeDays: config.sessionMaxLifetimeDays,
        sessionIdleTimeoutDays: config.sessionIdleTimeoutDays,
      }),
    };
  },
  resolvers: [
    { resolver: IdentityResolver, create: (s) => new IdentityResolver(s.identity) },
    {
      resolver: SessionManagementResolver,
      create: (s) => new SessionManagementResolver(s.sessionManagement),
    },
    { resolver: SecurityLogResolver, create: (s) => new SecurityLogResolver(s.securityLog) },
    { resolver: AccountResolver, create: (s) => new AccountResolver(s.emailConfirmation, s.passwords) },
    PractitionerEmailConfirmationResolver,
    { resolver: AccountDeletionResolver, create: (s) => new AccountDeletionResolver(s.accountDeletion) },
    PractitionerDeletionResolver,
    { resolver: TwoFactorResolver, create: (s) => new TwoFactorResolver(s.twoFactor, s.identity) },
    {
      resolver: PractitionerTwoFactorResolver,
      create: (s) => new PractitionerTwoFactorResolver(s.twoFactor),
    },
  ],
  loaders: (_viewer, s) => ({ identity: createIdentityLoaders(s.sessionManagement, s.securityLog) }),
  nodes: [sessionNode, securityEventNode],
});

// Used by other modules through this index (kept by scripts/codemods/module-imports.mjs).
export { clientOf } from './client-info';
export type { ClientInfo } from './client-info';
export { SecurityEventKind } from './security-log.enums';
export { SECURITY_LOG_RETENTION_DAYS, SecurityLog } from './security-log';
export type { SecurityEventDetails } from './security-log';
export { expireRefreshTokensOf } from './session-rows';
