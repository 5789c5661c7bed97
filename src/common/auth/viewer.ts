import type { Role, VerificationStatus } from './role';

/** The authenticated caller of one request, as read from the database at the start of the request. */
export interface Viewer {
  id: string;
  sessionId: string;
  role: Role;
  verification: VerificationStatus;
  /** Suspended by a moderator at the start of this request: every write is refused (FORBIDDEN). */
  suspended?: boolean;
  /**
   * A moderator or admin without two-factor sign-in while REQUIRE_TWO_FACTOR_FOR_STAFF is on: every operation
   * but enrolment is FORBIDDEN (`reason` TWO_FACTOR_REQUIRED).
   */
  twoFactorRequired?: boolean;
}

/**
 * An account as a viewer outside any request (no session): what its row says now (role, verification,
 * suspension). For rules asked on someone's behalf: may the invitee see this event, may the inviter vet.
 */
export function accountViewer(account: {
  id: string;
  role: Role;
  verification: VerificationStatus;
  suspendedUntil?: Date | null;
}): Viewer {
  return {
    id: account.id,
    sessionId: '',
    role: account.role,
    verification: account.verification,
    suspended: !!account.suspendedUntil && account.suspendedUntil.getTime() > Date.now(),
  };
}
