import type { Viewer } from '../../common/auth/viewer';
import { isGlobalModerator, isVerified } from '../../common/auth/policy';
import type { SqlViewer } from '../../common/auth/policy';
import { Role } from '../../common/auth/role';
import type { ViewerNetworkScope } from '../network';
import { blockedSql } from '../post';
import { LiveEventStatus, LiveEventVisibility, RegistrationStatus, SpeakerRole } from './live-event.enums';

/** The fields of an event the policies look at. */
export interface LiveEventFacts {
  authorId: string;
  status: LiveEventStatus;
  visibility: LiveEventVisibility;
  hiddenAt?: Date | null;
  startsAt: Date;
  endsAt: Date;
}

/** Its people: the speakers (organisers included) with their roles. */
export interface LiveEventPeople {
  speakers: readonly { practitionerId: string; role: SpeakerRole }[];
}

/** How long before the start the join URL is shown. */
export const JOIN_URL_LEAD_MS = 15 * 60 * 1000;

function isSpeaker(viewer: Viewer, people: LiveEventPeople): boolean {
  return people.speakers.some((s) => s.practitionerId === viewer.id);
}

/**
 * Who organises an event (edits it, schedules, starts, ends, cancels it, decides on registrations, sees its
 * participants): its author, the speakers listed as ORGANIZER, and global moderators. Verified only.
 */
export function canManageLiveEvent(
  viewer: Viewer | null,
  event: Pick<LiveEventFacts, 'authorId'>,
  people: LiveEventPeople,
): boolean {
  if (!isVerified(viewer)) return false;
  const moderator: boolean = isGlobalModerator(viewer);
  if (moderator || event.authorId === viewer.id) return true;
  return people.speakers.some((s) => s.practitionerId === viewer.id && s.role === SpeakerRole.ORGANIZER);
}

/**
 * Who may create an event: experts, moderators and admins for the community (COMMUNITY); for NETWORKS,
 * global moderators and admins, experts, and the owners of every chosen network (`ownedNetworkIds`).
 */
export function canCreateLiveEvent(
  viewer: Viewer | null,
  visibility: LiveEventVisibility,
  networkIds: readonly string[],
  ownedNetworkIds: ReadonlySet<string>,
): boolean {
  if (!isVerified(viewer)) return false;
  const moderator: boolean = isGlobalModerator(viewer);
  if (moderator || viewer.role === Role.EXPERT) return true;
  return (
    visibility === LiveEventVisibility.NETWORKS &&
    networkIds.length > 0 &&
    networkIds.every((id) => ownedNetworkIds.has(id))
  );
}

/**
 * Who may see a live event, on every path (`liveEvent`, `node`, lists, nested fields, payloads). Verified
 * members only. Its author and speakers always; nobody in a block with the author (global moderators
 * excepted); hidden by a moderator: global moderators; DRAFT: global moderators (besides author and
 * speakers); SCHEDULED, LIVE, ENDED, CANCELLED: COMMUNITY to every member, NETWORKS to global moderators
 * and the active members of one of its networks. liveEventReadSql is the same rule in SQL.
 */
export function canViewLiveEvent(
  viewer: Viewer | null,
  event: LiveEventFacts,
  networkIds: readonly string[],
  people: LiveEventPeople,
  scope: ViewerNetworkScope,
): boolean {
  if (!isVerified(viewer)) return false;
  if (event.authorId === viewer.id || isSpeaker(viewer, people)) return true;
  const moderator: boolean = isGlobalModerator(viewer);
  if (moderator) return true;
  if (scope.blockedIds?.has(event.authorId)) return false;
  if (event.hiddenAt || event.status === LiveEventStatus.DRAFT) return false;
  return (
    event.visibility === LiveEventVisibility.COMMUNITY ||
    networkIds.some((id) => scope.activeNetworkIds.has(id))
  );
}

/**
 * SQL form of canViewLiveEvent: events aliased `e` that the viewer `v` may read. Status values are literals.
 */
export function liveEventReadSql(v: SqlViewer, e: string): string {
  return `(${v.verified} AND (${e}."authorId" = ${v.id} OR ${v.moderator}
    OR EXISTS (SELECT 1 FROM live_event_speaker vs WHERE vs."eventId" = ${e}."id" AND vs."practitionerId" = ${v.id})
    OR (NOT ${blockedSql(v, `${e}."authorId"`)} AND ${e}."hiddenAt" IS NULL
      AND ${e}."status" IN ('SCHEDULED', 'LIVE', 'ENDED', 'CANCELLED')
      AND (${e}."visibility" = 'COMMUNITY'
        OR EXISTS (SELECT 1 FROM live_event_network ven JOIN network_member vm ON vm."networkId" = ven."networkId"
                   AND vm."practitionerId" = ${v.id} AND vm."status" = 'ACTIVE' WHERE ven."eventId" = ${e}."id")))))`;
}

/**
 * SQL: the live event aliased `e` is announced and visible (SCHEDULED, LIVE or ENDED, not hidden), whoever
 * reads: a draft is not out yet, and a cancelled event is not news.
 */
export function listedLiveEventSql(e: string): string {
  return `(${e}."status" IN ('SCHEDULED', 'LIVE', 'ENDED') AND ${e}."hiddenAt" IS NULL)`;
}

/**
 * Whether the join URL is shown to the viewer now: to its organisers, speakers and APPROVED participants,
 * from 15 minutes before the start until the end, while it is SCHEDULED or LIVE.
 */
export function canSeeJoinUrl(
  viewer: Viewer | null,
  event: LiveEventFacts,
  people: LiveEventPeople,
  viewerStatus: RegistrationStatus | null,
  now: Date = new Date(),
): boolean {
  if (!isVerified(viewer)) return false;
  if (event.status !== LiveEventStatus.SCHEDULED && event.status !== LiveEventStatus.LIVE) return false;
  const t = now.getTime();
  if (t < event.startsAt.getTime() - JOIN_URL_LEAD_MS || t >= event.endsAt.getTime()) return false;
  return (
    event.authorId === viewer.id || isSpeaker(viewer, people) || viewerStatus === RegistrationStatus.APPROVED
  );
}

/** A registration is seen by the person registered and by the event's organisers. */
export function canViewRegistration(
  viewer: Viewer | null,
  registration: { practitionerId: string },
  managesEvent: boolean,
): boolean {
  if (!isVerified(viewer)) return false;
  return registration.practitionerId === viewer.id || managesEvent;
}
