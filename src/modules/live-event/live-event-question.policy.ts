import type { Viewer } from '../../common/auth/viewer';
import { isGlobalModerator, isVerified } from '../../common/auth/policy';
import type { SqlViewer } from '../../common/auth/policy';
import { LiveEventStatus, RegistrationStatus, SpeakerRole } from './live-event.enums';
import type { LiveEventFacts, LiveEventPeople } from './live-event.policy';
import { canManageLiveEvent, liveEventReadSql } from './live-event.policy';
import { LiveEventQuestionStatus } from './live-event-question.enums';

/** The fields of a question the policies look at. */
export interface LiveEventQuestionFacts {
  authorId: string;
  status: LiveEventQuestionStatus;
  isAnonymous: boolean;
  /** Set when a moderator hid it (a report's HIDE_CONTENT). */
  hiddenAt?: Date | null;
}

/**
 * Question moderators of an event (publish, pin, answer, dismiss, restore; see every question and every
 * asker): its author, its ORGANIZER and MODERATOR speakers, and global moderators and admins. Verified only.
 */
export function isQuestionModerator(
  viewer: Viewer | null,
  event: Pick<LiveEventFacts, 'authorId'>,
  people: LiveEventPeople,
): boolean {
  if (!isVerified(viewer)) return false;
  const moderator: boolean = isGlobalModerator(viewer);
  if (moderator || event.authorId === viewer.id) return true;
  return people.speakers.some(
    (s) =>
      s.practitionerId === viewer.id &&
      (s.role === SpeakerRole.ORGANIZER || s.role === SpeakerRole.MODERATOR),
  );
}

/**
 * Who takes part in an event's Q&A (asks, upvotes, follows `liveEventQuestionChanged`): its organisers
 * (canManageLiveEvent), its speakers of any role, question moderators, and members whose registration is
 * APPROVED. The caller checks first that the viewer may see the event.
 */
export function isQuestionParticipant(
  viewer: Viewer | null,
  event: Pick<LiveEventFacts, 'authorId'>,
  people: LiveEventPeople,
  viewerStatus: RegistrationStatus | null,
): boolean {
  if (!isVerified(viewer)) return false;
  if (canManageLiveEvent(viewer, event, people) || isQuestionModerator(viewer, event, people)) return true;
  if (people.speakers.some((s) => s.practitionerId === viewer.id)) return true;
  return viewerStatus === RegistrationStatus.APPROVED;
}

/** Whether questions may be asked and upvoted now: the event is SCHEDULED or LIVE. */
export function questionsRunning(event: Pick<LiveEventFacts, 'status'>): boolean {
  return event.status === LiveEventStatus.SCHEDULED || event.status === LiveEventStatus.LIVE;
}

/**
 * Who may read a question, on every path: whoever may see its event (`eventReadable`, canViewLiveEvent)
 * when it is PUBLISHED and not hidden by a moderator; its asker whatever its status; question moderators
 * always.
 * liveEventQuestionReadSql is the same rule in SQL.
 */
export function canViewLiveEventQuestion(
  viewer: Viewer | null,
  question: LiveEventQuestionFacts,
  eventReadable: boolean,
  questionModerator: boolean,
): boolean {
  if (!isVerified(viewer) || !eventReadable) return false;
  return (
    (question.status === LiveEventQuestionStatus.PUBLISHED && !question.hiddenAt) ||
    question.authorId === viewer.id ||
    questionModerator
  );
}

/** Whether the viewer sees who asked: not anonymous, or the viewer asked it, or moderates the questions. */
export function canSeeAsker(
  viewer: Viewer | null,
  question: LiveEventQuestionFacts,
  questionModerator: boolean,
): boolean {
  if (!isVerified(viewer)) return false;
  return !question.isAnonymous || question.authorId === viewer.id || questionModerator;
}

/** SQL form of isQuestionModerator (verification checked by the caller) for the event aliased `e`. */
export function questionModeratorSql(v: SqlViewer, e: string, alias: string): string {
  return `(${v.moderator} OR ${e}."authorId" = ${v.id}
      OR EXISTS (SELECT 1 FROM live_event_speaker ${alias} WHERE ${alias}."eventId" = ${e}."id" AND ${alias}."practitionerId" = ${v.id}
                 AND ${alias}."role" IN ('ORGANIZER', 'MODERATOR')))`;
}

/** SQL form of canViewLiveEventQuestion: questions aliased `q` that the viewer `v` may read. */
export function liveEventQuestionReadSql(v: SqlViewer, q: string): string {
  return `EXISTS (SELECT 1 FROM live_event qe WHERE qe."id" = ${q}."eventId" AND ${liveEventReadSql(v, 'qe')}
    AND ((${q}."status" = 'PUBLISHED' AND ${q}."hiddenAt" IS NULL) OR ${q}."authorId" = ${v.id}
      OR ${questionModeratorSql(v, 'qe', 'qs')}))`;
}

/**
 * Who may read a comment on a question: whoever may read the question (`questionReadable`); once a moderator
 * hid it, only its author and the event's question moderators. liveEventQuestionCommentReadSql is the same
 * rule in SQL.
 */
export function canViewLiveEventQuestionComment(
  viewer: Viewer | null,
  comment: { authorId: string; hiddenAt?: Date | null },
  questionReadable: boolean,
  questionModerator: boolean,
): boolean {
  if (!isVerified(viewer) || !questionReadable) return false;
  return !comment.hiddenAt || comment.authorId === viewer.id || questionModerator;
}

/** SQL form of canViewLiveEventQuestionComment: comments aliased `c` that the viewer `v` may read. */
export function liveEventQuestionCommentReadSql(v: SqlViewer, c: string): string {
  return `EXISTS (SELECT 1 FROM live_event_question cq WHERE cq."id" = ${c}."questionId"
    AND ${liveEventQuestionReadSql(v, 'cq')}
    AND (${c}."hiddenAt" IS NULL OR ${c}."authorId" = ${v.id}
      OR EXISTS (SELECT 1 FROM live_event ce WHERE ce."id" = cq."eventId" AND ${questionModeratorSql(v, 'ce', 'cs')})))`;
}

/**
 * SQL: the viewer `v` moderates the questions of the event of the question whose id is `questionIdSql` (the
 * reviewers of reports about it besides global moderators).
 */
export function questionReviewerSql(v: SqlViewer, questionIdSql: string): string {
  return `(${v.verified} AND EXISTS (SELECT 1 FROM live_event_question rq JOIN live_event re ON re."id" = rq."eventId"
    WHERE rq."id" = ${questionIdSql} AND ${questionModeratorSql(v, 're', 'rs')}))`;
}
