import type { Viewer } from '../../common/auth/viewer';
import { isVerified } from '../../common/auth/policy';
import type { SqlViewer } from '../../common/auth/policy';
import { join, policyScope, raw, sql } from '../../common/db/sql';
import type { Sql } from '../../common/db/sql';
import type { SearchProvider } from './search-provider';

/**
 * Who may read a search document, cheaply. The types' read policies (their owning modules' SQL forms) stay
 * the only rules; the indexer stores two facts about each record beside its text:
 * - `open`: the type's read policy answered for a verified member who holds no role, membership,
 *   facilitation, authorship or block (`NOBODY`, an id no account has). Every policy grants a verified
 *   viewer at least what it grants that member, except where a block between the viewer and a party of the
 *   record (its author; a comment's author and its post's author) takes it away;
 * - `blockParties`: those parties.
 * A viewer may then read an open document whose parties are in no block with the viewer without evaluating
 * the policy; for every other document (drafts, hidden records, network audiences, a block) the search
 * evaluates the type's policy on the record's live row, as before. `open` changes only with the record's
 * own rows (and a comment's post), whose writes mark it for re-indexing, and a search indexes what is
 * marked before it reads: membership, blocks, hiding and visibility still count at once.
 * search-access.test.ts compares the shortcut with the policy over a viewer × record matrix.
 */
export const NOBODY: SqlViewer = {
  id: `'00000000-0000-0000-0000-000000000000'::uuid`,
  verified: 'TRUE',
  moderator: 'FALSE',
};

/** SQL: the record whose id is the expression `recordId`, of the provider's type, is open (see above). */
export function openSql(provider: SearchProvider, recordId: string): string {
  return provider.readSql(NOBODY, recordId);
}

/** SQL, for the indexer: `open` of the record `recordId` whose type is the expression `type`. */
export function openByTypeSql(providers: readonly SearchProvider[], type: string, recordId: string): string {
  return `CASE ${type} ${providers
    .map((p) => `WHEN '${p.nodeType}' THEN ${openSql(p, recordId)}`)
    .join(' ')} ELSE FALSE END`;
}

/**
 * SQL: the practitioners in a block with the viewer, either direction (one uncorrelated subquery: computed
 * once per statement).
 */
export function blockedArraySql(viewer: Viewer): Sql {
  return policyScope(
    viewer,
    (v) => `ARRAY(SELECT CASE WHEN vb."blockerId" = ${v.id} THEN vb."blockedId" ELSE vb."blockerId" END
      FROM practitioner_block vb WHERE vb."blockerId" = ${v.id} OR vb."blockedId" = ${v.id})`,
  );
}

/** SQL: the shortcut, for a verified viewer: the document aliased `d` is open and no party is in a block. */
export function shortcutSql(d: string, blocked: Sql): Sql {
  return sql`(${raw(d)}."open" AND NOT (${raw(d)}."blockParties" && ${blocked}))`;
}

/** SQL: the type's read policy on the live row of the record of the document aliased `d`. */
export function policySql(viewer: Viewer, providers: readonly SearchProvider[], d: string): Sql {
  return join(
    [
      raw(`CASE ${d}."type"`),
      ...providers.map(
        (p) =>
          sql`WHEN ${raw(`'${p.nodeType}'`)} THEN ${policyScope(viewer, (v) => p.readSql(v, `${d}."recordId"`))}`,
      ),
      raw('ELSE FALSE END'),
    ],
    ' ',
  );
}

/**
 * SQL: the viewer may read the record of the document aliased `d` whose type is one of `providers`: the
 * shortcut, else the type's read policy on the record's live row (`blocked`: blockedArraySql).
 */
export function readableSql(
  viewer: Viewer,
  providers: readonly SearchProvider[],
  d: string,
  blocked: Sql,
): Sql {
  // The shortcut speaks of verified viewers only (NOBODY is one; the others see nothing).
  if (!isVerified(viewer)) return sql`FALSE`;
  return sql`(${shortcutSql(d, blocked)} OR ${policySql(viewer, providers, d)})`;
}
