import type { Context } from '../../common/context';
import type { Viewer } from '../../common/auth/viewer';
import { latestHistory } from '../../common/limits/list-size';
import type { ReferenceCatalog } from '../reference';
import type { ThematicAreaEntity } from '../reference';
import type { PractitionerEntity } from '../practitioner';
import { canViewPractitioner } from '../practitioner';

/** The fields every content type resolves alike, for its resolver's field resolvers. */

/** A content's author through the request's loader; null if gone or not visible to the viewer. */
export async function visibleAuthor(
  ctx: Context,
  authorId: string | null,
): Promise<PractitionerEntity | null> {
  return visibleAuthorNow(ctx, authorId);
}

/**
 * visibleAuthor, answered at once when the request's loader already holds the author (no promise for graphql-js
 * to wait on: a list's fields stay synchronous; SettledLoader).
 */
export function visibleAuthorNow(
  ctx: Context,
  authorId: string | null,
): PractitionerEntity | null | Promise<PractitionerEntity | null> {
  if (!authorId) return null;
  const visible = (author: PractitionerEntity | null) =>
    author && canViewPractitioner(ctx.viewer, author) ? author : null;
  const found = ctx.loaders.practitioner.byId.loadNow(authorId);
  return found instanceof Promise ? found.then(visible) : visible(found);
}

/** The thematic areas of stored codes (codes no longer in the catalogue are left out). */
export function thematicAreasOf(catalog: ReferenceCatalog, codes: readonly string[]): ThematicAreaEntity[] {
  return codes.map((c) => catalog.thematicArea(c)).filter((t): t is ThematicAreaEntity => !!t);
}

/**
 * A content's review history (the latest entries) for its author and whoever `mayReview` admits (asked only
 * when the viewer is not the author); null for anyone else.
 */
export async function visibleHistory<T>(
  ctx: Context,
  authorId: string | null,
  mayReview: (viewer: Viewer) => boolean | Promise<boolean>,
  load: () => Promise<T[]>,
): Promise<T[] | null> {
  const viewer = ctx.viewer;
  if (!viewer) return null;
  if (authorId !== viewer.id && !(await mayReview(viewer))) return null;
  return latestHistory(await load());
}
