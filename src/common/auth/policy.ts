import { MODERATION_ROLES, VerificationStatus } from './role';
import type { Viewer } from './viewer';

/**
 * The shared vocabulary of the policy modules (`<feature>.policy.ts`). Each kind of record has one policy
 * that owns each rule once, in two forms that a parity test keeps in agreement:
 *
 * - `can(viewer, action, record, facts)`: a check on a loaded record, for `node`, nested fields, mutation
 *   payloads and subscription deliveries;
 * - `scope(viewer, action, alias, bind)`: an SQL condition on the record's table aliased `alias`, for lists.
 *
 * The SQL form is written against an `SqlViewer`, so that the same text serves one bound viewer (lists) and
 * a set of viewers held in columns (the audience of a live event, one statement for all subscribers).
 */

/**
 * Adds a query parameter and returns its placeholder. The policies' SQL forms take one so that the same text
 * serves a bound viewer and a viewer held in columns; statements compose them as `sql` fragments through
 * `policyScope`/`fromBind` (src/common/db/sql.ts), which supply the Bind.
 */
export type Bind = (value: unknown) => string;

/** How the SQL form of a policy refers to the viewer. Each member is an SQL expression. */
export interface SqlViewer {
  /** The viewer's practitioner id (uuid). */
  id: string;
  /** TRUE when the viewer is VERIFIED (a member of the community). */
  verified: string;
  /** TRUE when the viewer is a verified global moderator or admin. */
  moderator: string;
  /**
   * Set when the viewer is read from a column (`columnViewer`): it changes from row to row, so a subquery on
   * it runs for each row, and the SQL forms choose the shape that is cheapest per row (index probes) over the
   * one that is cheapest once per statement (a hashed subquery).
   */
  perRow?: true;
}

/** A verified member of the community: the only accounts that see anything of it. */
export function isVerified(viewer: Viewer | null): viewer is Viewer {
  return viewer?.verification === VerificationStatus.VERIFIED;
}

/** A verified global moderator or admin (a moderator whose verification was withdrawn moderates nothing). */
export function isGlobalModerator(viewer: Viewer | null): viewer is Viewer {
  return isVerified(viewer) && MODERATION_ROLES.includes(viewer.role);
}

/** The SQL viewer of one known viewer: its id bound as a parameter, its role and verification as literals. */
export function boundViewer(viewer: Viewer, bind: Bind): SqlViewer {
  return {
    id: `${bind(viewer.id)}::uuid`,
    verified: isVerified(viewer) ? 'TRUE' : 'FALSE',
    moderator: isGlobalModerator(viewer) ? 'TRUE' : 'FALSE',
  };
}

/** The SQL viewer of a practitioner row aliased `alias` (e.g. each subscriber of an event). */
export function columnViewer(alias: string): SqlViewer {
  const verified = `(${alias}."verification" = 'VERIFIED')`;
  const roles = MODERATION_ROLES.map((r) => `'${r}'`).join(', ');
  return {
    id: `${alias}."id"`,
    verified,
    moderator: `(${verified} AND ${alias}."role" IN (${roles}))`,
    perRow: true,
  };
}
