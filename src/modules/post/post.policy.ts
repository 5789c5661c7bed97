import type { Viewer } from '../../common/auth/viewer';
import { isGlobalModerator, isVerified } from '../../common/auth/policy';
import type { SqlViewer } from '../../common/auth/policy';
import type { ViewerNetworkScope } from '../network';
import { blockedBetweenSql, blockedEitherWayIdsSql } from '../block';
import { PostStatus, PostVisibility } from './post.enums';

/** The fields of a post the policies look at. */
export interface PostFacts {
  authorId: string;
  status: PostStatus;
  visibility: PostVisibility;
  /** Set when a moderator hid it. */
  hiddenAt?: Date | null;
}

/**
 * Who reviews a post (and sees it while it waits, and once it is hidden). Only global moderators decide on
 * what the whole community reads: a COMMUNITY post always needs one. A network's owners and moderators
 * review a NETWORKS post shared only with networks they moderate.
 */
export function canReviewPost(
  viewer: Viewer | null,
  post: Pick<PostFacts, 'visibility'>,
  postNetworkIds: readonly string[],
  scope: ViewerNetworkScope,
): boolean {
  if (!isVerified(viewer)) return false;
  if (isGlobalModerator(viewer)) return true;
  return (
    post.visibility === PostVisibility.NETWORKS &&
    postNetworkIds.length > 0 &&
    postNetworkIds.every((id) => scope.moderatedNetworkIds.has(id))
  );
}

/**
 * Who may read a post, on every path (node, nested fields, payloads, feeds, lists, subscriptions).
 * Verified members only (the author included: an account whose verification was withdrawn sees nothing of
 * the community). The author always; nobody in a block with the author (global moderators excepted);
 * hidden posts: those who review them; published: COMMUNITY to all, NETWORKS to global moderators and the
 * active members of one of its networks; waiting or rejected: its reviewers; archived: global moderators.
 * postReadSql is the same rule in SQL; the parity test keeps them in agreement.
 */
export function canViewPost(
  viewer: Viewer | null,
  post: PostFacts,
  postNetworkIds: readonly string[],
  scope: ViewerNetworkScope,
): boolean {
  if (!isVerified(viewer)) return false;
  if (post.authorId === viewer.id) return true;
  const moderator = isGlobalModerator(viewer);
  if (!moderator && scope.blockedIds?.has(post.authorId)) return false;
  if (post.hiddenAt) return canReviewPost(viewer, post, postNetworkIds, scope);
  switch (post.status) {
    case PostStatus.PUBLISHED:
      return (
        post.visibility === PostVisibility.COMMUNITY ||
        moderator ||
        postNetworkIds.some((id) => scope.activeNetworkIds.has(id))
      );
    case PostStatus.PENDING_REVIEW:
    case PostStatus.CHANGES_REQUESTED:
    case PostStatus.REJECTED:
      return canReviewPost(viewer, post, postNetworkIds, scope);
    case PostStatus.ARCHIVED:
      return moderator;
    case PostStatus.DRAFT:
    default:
      return false;
  }
}

/**
 * SQL: a block, in either direction, between the viewer `v` and the practitioner `authorColumn`. FALSE, never
 * NULL, for a NULL author. Two shapes of one rule:
 *
 * - a viewer bound as a parameter (lists): the author's membership in the viewer's blocks either way (the block
 *   module's `blockedEitherWayIdsSql`), a subquery that reads nothing of the row, which PostgreSQL runs once per
 *   statement and probes as a hash for each row ("hashed SubPlan"), where the former
 *   `EXISTS (… (blocker = viewer AND blocked = author) OR (…))` scanned two indexes for each row (a home feed
 *   page: 114 index scans; BENCHMARKS.md, "Blocks");
 * - a viewer read from a column (`v.perRow`: each subscriber of an event): that subquery depends on the row, so
 *   it would be run and de-duplicated (`UNION`) for each row; two primary-key probes instead (the block module's
 *   `blockedBetweenSql`): 1-3 ms less for an audience of 1,000 (BENCHMARKS.md, "The audience statement").
 */
export function blockedSql(v: SqlViewer, authorColumn: string): string {
  if (v.perRow) return blockedBetweenSql(v.id, authorColumn);
  return `COALESCE(${authorColumn} IN (${blockedEitherWayIdsSql(v.id)}), FALSE)`;
}

/** SQL form of canReviewPost for posts aliased `p`. */
export function postReviewerSql(v: SqlViewer, p: string): string {
  return `(${v.moderator} OR (${p}."visibility" = 'NETWORKS'
    AND EXISTS (SELECT 1 FROM post_network rpn WHERE rpn."postId" = ${p}."id")
    AND NOT EXISTS (SELECT 1 FROM post_network rpn WHERE rpn."postId" = ${p}."id" AND NOT EXISTS (
      SELECT 1 FROM network_member rm WHERE rm."networkId" = rpn."networkId" AND rm."practitionerId" = ${v.id}
        AND rm."status" = 'ACTIVE' AND rm."role" IN ('OWNER', 'MODERATOR')))))`;
}

/**
 * SQL form of canViewPost: posts aliased `p` that the viewer `v` may read. Status values are literals so
 * that partial indexes stay usable under generic plans. Lists add their own filters (status, scope).
 *
 * The network rule's `EXISTS` ends with `OFFSET 0`, which keeps PostgreSQL from turning it into a hashed
 * subquery: given the choice, the planner often hashed every post shared with the viewer's networks (4,179 rows
 * on the benchmark data, 0.6 ms) on each execution of a page of 50, where probing the few NETWORKS posts of the
 * page costs two index scans each (an author's page: 1.46 → 0.28 ms; BENCHMARKS.md, "The network rule probed").
 * Probing grows with the page, hashing with the viewer's networks.
 */
export function postReadSql(v: SqlViewer, p: string): string {
  const reviewer = postReviewerSql(v, p);
  return `(${v.verified} AND (${p}."authorId" = ${v.id}
    OR ((${v.moderator} OR NOT ${blockedSql(v, `${p}."authorId"`)}) AND (
      (${p}."hiddenAt" IS NULL AND (
        (${p}."status" = 'PUBLISHED' AND (${p}."visibility" = 'COMMUNITY' OR ${v.moderator}
          OR EXISTS (SELECT 1 FROM post_network vpn JOIN network_member vm ON vm."networkId" = vpn."networkId"
                     AND vm."practitionerId" = ${v.id} AND vm."status" = 'ACTIVE' WHERE vpn."postId" = ${p}."id" OFFSET 0)))
        OR (${p}."status" IN ('PENDING_REVIEW', 'CHANGES_REQUESTED', 'REJECTED') AND ${reviewer})
        OR (${p}."status" = 'ARCHIVED' AND ${v.moderator})))
      OR (${p}."hiddenAt" IS NOT NULL AND ${reviewer})))))`;
}

/**
 * SQL: the post aliased `p` is in its published, visible state (what members see once it is out: not a
 * draft, not awaiting review, not hidden), whoever reads. Saved searches tell of posts in this state only.
 */
export function listedPostSql(p: string): string {
  return `(${p}."status" = 'PUBLISHED' AND ${p}."hiddenAt" IS NULL)`;
}

/** The author edits drafts and posts sent back for changes. */
export function isEditable(status: PostStatus): boolean {
  return status === PostStatus.DRAFT || status === PostStatus.CHANGES_REQUESTED;
}

/** SQL: the post whose id is the expression `postIdSql` may be read by the viewer `v` (for comments' policy). */
export function readablePostByIdSql(v: SqlViewer, postIdSql: string): string {
  return `EXISTS (SELECT 1 FROM post cp WHERE cp."id" = ${postIdSql} AND ${postReadSql(v, 'cp')})`;
}
