import { registerEnumType } from 'type-graphql';

/** What a security-log entry records. Flows that do not exist yet have their kinds ready. */
export enum SecurityEventKind {
  SIGNED_IN = 'SIGNED_IN',
  SIGN_IN_FAILED = 'SIGN_IN_FAILED',
  SIGNED_OUT = 'SIGNED_OUT',
  SESSION_ENDED = 'SESSION_ENDED',
  OTHER_SESSIONS_ENDED = 'OTHER_SESSIONS_ENDED',
  REFRESH_TOKEN_REUSED = 'REFRESH_TOKEN_REUSED',
  PASSWORD_CHANGED = 'PASSWORD_CHANGED',
  PASSWORD_RESET = 'PASSWORD_RESET',
  EMAIL_CHANGED = 'EMAIL_CHANGED',
  SECOND_FACTOR_ENABLED = 'SECOND_FACTOR_ENABLED',
  SECOND_FACTOR_DISABLED = 'SECOND_FACTOR_DISABLED',
  RECOVERY_CODE_USED = 'RECOVERY_CODE_USED',
  RECOVERY_CODES_REGENERATED = 'RECOVERY_CODES_REGENERATED',
  SECOND_FACTOR_FAILED = 'SECOND_FACTOR_FAILED',
  DATA_EXPORTED = 'DATA_EXPORTED',
}
registerEnumType(SecurityEventKind, {
  name: 'SecurityEventKind',
  description: 'What happened to the account, in an entry of `mySecurityEvents`.',
  valuesConfig: {
    SIGNED_IN: { description: 'A sign-in (a new session).' },
    SIGN_IN_FAILED: { description: 'A sign-in with a wrong password for this account.' },
    SIGNED_OUT: { description: 'A session signed out (`logout`).' },
    SESSION_ENDED: { description: 'You ended one session (`endSession`).' },
    OTHER_SESSIONS_ENDED: { description: 'You ended all your other sessions (`endOtherSessions`).' },
    REFRESH_TOKEN_REUSED: {
      description:
        'A refresh token was used twice, so someone else may hold it: its session was ended. Consider ' +
        'changing your password.',
    },
    PASSWORD_CHANGED: { description: 'The password was changed.' },
    PASSWORD_RESET: { description: 'The password was reset through an e-mailed link.' },
    EMAIL_CHANGED: { description: 'The e-mail address was changed.' },
    SECOND_FACTOR_ENABLED: { description: 'A second sign-in factor was enabled.' },
    SECOND_FACTOR_DISABLED: { description: 'A second sign-in factor was disabled.' },
    RECOVERY_CODE_USED: {
      description: 'A recovery code was used (to sign in or to disable two-factor sign-in).',
    },
    RECOVERY_CODES_REGENERATED: { description: 'New recovery codes were made; the old ones no longer work.' },
    SECOND_FACTOR_FAILED: {
      description: 'A sign-in with the right password failed at its second step (a wrong or replayed code).',
    },
    DATA_EXPORTED: { description: 'An export of your data was prepared.' },
  },
});
