import type { DataSource } from 'typeorm';
import type { Viewer } from '../../common/auth/viewer';
import { BadUserInputError, ForbiddenError } from '../../common/errors/errors';
import { isModerator } from '../practitioner';
import { loadViewerNetworkScope } from '../network';
import type { ViewerNetworkScope } from '../network';
import type { ContentKinds } from '../content';
import { MODERATION_NOTE_MAX } from './moderation.entity';

/** Indefinite suspensions are stored as this date (JavaScript dates cannot hold PostgreSQL's 'infinity'). */
export const INDEFINITELY = new Date('9999-12-31T23:59:59.000Z');

export function checkNote(note: string | null | undefined, field = 'note', required = true): string | null {
  const text = note?.trim() ?? '';
  if (required && !text)
    throw new BadUserInputError(`${field} cannot be blank.`, [{ field, message: 'cannot be blank' }]);
  if ([...text].length > MODERATION_NOTE_MAX)
    throw new BadUserInputError(`${field} is too long (1,000 characters at most).`, [
      { field, message: `must be at most ${MODERATION_NOTE_MAX} characters` },
    ]);
  return text || null;
}

export function checkUntil(until: Date | null | undefined, field: string): Date {
  if (!until) return INDEFINITELY;
  if (Number.isNaN(until.getTime()) || until.getTime() <= Date.now())
    throw new BadUserInputError(`${field} must be in the future.`, [
      { field, message: 'must be in the future' },
    ]);
  return until;
}

/** Network moderators work on what is shared only with networks they moderate; global moderators on all. */
export async function moderatedNetworks(
  dataSource: DataSource,
  viewer: Viewer,
  kinds?: ContentKinds,
): Promise<ViewerNetworkScope | 'all'> {
  if (isModerator(viewer)) return 'all';
  const scope = await loadViewerNetworkScope(dataSource, viewer.id)();
  if (!scope.moderatedNetworkIds.size) {
    // Some kinds are also reviewed by people who moderate no network (a live event's question moderators).
    for (const kind of kinds?.all ?? [])
      if (await kind.networkReview?.reviewsAny?.(dataSource.manager, viewer)) return scope;
    throw new ForbiddenError('Only moderators (global, or of a network) see the moderation queue.');
  }
  return scope;
}
