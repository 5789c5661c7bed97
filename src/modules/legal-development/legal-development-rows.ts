import { query, sql } from '../../common/db/sql';
import type { Queryable } from '../../common/db/sql';

/** What other modules need of a development (notifications of a newly published one): one statement. */
export async function legalDevelopmentJurisdiction(
  db: Queryable,
  id: string,
): Promise<{ authorId: string | null; country: string | null } | undefined> {
  const [ld] = await query<{ authorId: string | null; country: string | null }>(
    db,
    sql`SELECT "authorId", "jurisdictionCountryCode" AS country FROM legal_development WHERE id = ${id}`,
  );
  return ld;
}
