import { query, sql } from '../../common/db/sql';
import type { Queryable } from '../../common/db/sql';

/**
 * Serializes the contact operations of one pair of practitioners (requests cross in both directions; a
 * block takes the same lock so that a crossing contact request waits for it).
 */
export async function lockContactPair(db: Queryable, a: string, b: string): Promise<void> {
  const key = [a, b].sort().join(':');
  await query(db, sql`SELECT pg_advisory_xact_lock(hashtext(${`contact:${key}`}))`);
}

/** Withdraws the pending contact requests and ends the contact between two practitioners, both ways. */
export async function endContactBetween(db: Queryable, a: string, b: string): Promise<void> {
  await query(
    db,
    sql`UPDATE contact_request SET "status" = 'CANCELLED', "respondedAt" = now()
        WHERE "status" = 'PENDING'
          AND (("requesterId" = ${a} AND "addresseeId" = ${b}) OR ("requesterId" = ${b} AND "addresseeId" = ${a}))`,
  );
  await query(
    db,
    sql`DELETE FROM contact
        WHERE ("practitionerId" = ${a} AND "contactId" = ${b}) OR ("practitionerId" = ${b} AND "contactId" = ${a})`,
  );
}
