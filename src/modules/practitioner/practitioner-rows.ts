// What other modules' statements need of the practitioner table besides the read policy (practitioner.policy.ts).

/** A subquery of the practitioners awaiting verification: `id` and `createdAt` (the moderation queue's items). */
export function pendingVerificationsSql(): string {
  return `SELECT pr.id, pr."createdAt" FROM practitioner pr WHERE pr.verification = 'PENDING' AND pr."deletedAt" IS NULL`;
}
