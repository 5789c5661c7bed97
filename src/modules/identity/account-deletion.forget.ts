import type { EntityManager } from 'typeorm';
import { query, sql } from '../../common/db/sql';
import type { Sql } from '../../common/db/sql';

/** One statement of the list, and the columns naming the practitioner it clears (checked by a test). */
export interface Forgetting {
  table: string;
  columns: string[];
  statement: Sql;
}

/** What the tombstone of a deleted account shows in place of a name (`Practitioner.displayName`). */
export const FORMER_MEMBER_NAME = 'Former member';

/** The body a removed comment keeps in the database (the API shows a deleted comment's body as null). */
const REMOVED_BODY = '[removed]';

/**
 * Every table that holds something about a practitioner, and what deleting the account does to it: one
 * statement per table, run in order inside the caller's unit of work. Tables not listed keep their rows
 * pointing at the tombstone (the practitioner row itself, kept with its name and personal data removed):
 *
 * - `legal_development.authorId`, `central_authority.lastConfirmedById`, `central_authority_revision.actorId`,
 *   `instrument.createdById`, `treaty_status(_history).recordedById`, the review histories' `actorId`: KEPT.
 *   The treaty tracker and the central-authority directory are the community's shared record; their
 *   history stays, attributed to the tombstone ("Former member", no name, no contact details).
 * - `live_event.authorId`, `live_event_question.authorId`/`answeredById`, `live_event_attendance.recordedById`,
 *   `network.createdById`: KEPT, attributed to the tombstone (events, questions and networks others take part in).
 * - `moderation_log`, `report` (filed by or about them, resolved by them): KEPT, moderators' accountability;
 *   the log names the tombstone. An admin's deletion is itself entered there with its reason.
 * - Two-factor secrets and recovery codes: none are stored yet; the table that holds them must be REMOVED
 *   here when it lands (the foreign-key test below `KEPT_REFERENCES` fails until it is decided).
 * - `post.authorId`, `comment.authorId`: KEPT, attributed to "Former member", unless removeContent (below).
 */
export function forgetStatements(id: string, removeContent: boolean): Forgetting[] {
  const removed: Forgetting[] = [
    // REMOVED: sessions and (by cascade) their refresh tokens. The caller recorded `session.ended` for the
    // open ones first, so that their sockets close after the commit.
    {
      table: 'auth_session',
      columns: ['practitionerId'],
      statement: sql`DELETE FROM auth_session WHERE "practitionerId" = ${id}`,
    },
    // REMOVED: one-use links (confirm address, reset password); nothing to send any more.
    {
      table: 'account_token',
      columns: ['practitionerId'],
      statement: sql`DELETE FROM account_token WHERE "practitionerId" = ${id}`,
    },
    // REMOVED: the security log (clients, IP prefixes): personal data, and nobody else reads it.
    {
      table: 'security_event',
      columns: ['practitionerId'],
      statement: sql`DELETE FROM security_event WHERE "practitionerId" = ${id}`,
    },
    // REMOVED: data exports (the archives are copies of this very data, and their download links).
    {
      table: 'data_export',
      columns: ['practitionerId'],
      statement: sql`DELETE FROM data_export WHERE "practitionerId" = ${id}`,
    },
    // REMOVED: the second factor (sealed TOTP secret, hashed recovery codes) and open login challenges.
    {
      table: 'two_factor',
      columns: ['practitionerId'],
      statement: sql`DELETE FROM two_factor WHERE "practitionerId" = ${id}`,
    },
    {
      table: 'two_factor_recovery_code',
      columns: ['practitionerId'],
      statement: sql`DELETE FROM two_factor_recovery_code WHERE "practitionerId" = ${id}`,
    },
    {
      table: 'login_challenge',
      columns: ['practitionerId'],
      statement: sql`DELETE FROM login_challenge WHERE "practitionerId" = ${id}`,
    },
    // REMOVED: notifications to them, and their notification settings.
    {
      table: 'notification',
      columns: ['recipientId'],
      statement: sql`DELETE FROM notification WHERE "recipientId" = ${id}`,
    },
    {
      table: 'notification_preference',
      columns: ['practitionerId'],
      statement: sql`DELETE FROM notification_preference WHERE "practitionerId" = ${id}`,
    },
    // REMOVED: their saved searches (and what these found).
    {
      table: 'saved_search',
      columns: ['ownerId'],
      statement: sql`DELETE FROM saved_search WHERE "ownerId" = ${id}`,
    },
    // ANONYMISED: others' notifications keep what happened, not who did it.
    {
      table: 'notification (actor)',
      columns: ['actorId'],
      statement: sql`UPDATE notification SET "actorId" = NULL WHERE "actorId" = ${id}`,
    },
    // REMOVED: their home timeline, and their items in others' (`readerId` and `authorId`, no foreign key:
    // a derived copy; others' next rebuild brings back what they may still see of the kept content). Nothing
    // else removes these rows: the practitioner row stays (the tombstone), and the table has no key to it.
    {
      table: 'home_timeline',
      columns: [],
      statement: sql`DELETE FROM home_timeline WHERE "readerId" = ${id} OR "authorId" = ${id}`,
    },
    {
      table: 'home_timeline_state',
      columns: ['readerId'],
      statement: sql`DELETE FROM home_timeline_state WHERE "readerId" = ${id}`,
    },
    // REMOVED: the social graph, both directions (follows, contacts and requests, blocks, mutes).
    {
      table: 'practitioner_follow',
      columns: ['followerId', 'followeeId'],
      statement: sql`DELETE FROM practitioner_follow WHERE "followerId" = ${id} OR "followeeId" = ${id}`,
    },
    {
      table: 'network_follow',
      columns: ['followerId'],
      statement: sql`DELETE FROM network_follow WHERE "followerId" = ${id}`,
    },
    {
      table: 'contact_request',
      columns: ['requesterId', 'addresseeId'],
      statement: sql`DELETE FROM contact_request WHERE "requesterId" = ${id} OR "addresseeId" = ${id}`,
    },
    {
      table: 'contact',
      columns: ['practitionerId', 'contactId'],
      statement: sql`DELETE FROM contact WHERE "practitionerId" = ${id} OR "contactId" = ${id}`,
    },
    {
      table: 'practitioner_block',
      columns: ['blockerId', 'blockedId'],
      statement: sql`DELETE FROM practitioner_block WHERE "blockerId" = ${id} OR "blockedId" = ${id}`,
    },
    {
      table: 'practitioner_mute',
      columns: ['muterId', 'mutedId'],
      statement: sql`DELETE FROM practitioner_mute WHERE "muterId" = ${id} OR "mutedId" = ${id}`,
    },
    {
      table: 'network_mute',
      columns: ['muterId'],
      statement: sql`DELETE FROM network_mute WHERE "muterId" = ${id}`,
    },
    // REMOVED: network memberships (which networks one belongs to); the networks' member counts follow.
    {
      table: 'network_member',
      columns: ['practitionerId'],
      statement: sql`WITH gone AS (DELETE FROM network_member WHERE "practitionerId" = ${id} RETURNING "networkId", status)
                     UPDATE network n SET "memberCount" = n."memberCount" - g.c
                       FROM (SELECT "networkId", count(*)::int AS c FROM gone WHERE status = 'ACTIVE' GROUP BY "networkId") g
                      WHERE n.id = g."networkId"`,
    },
    // REMOVED: live-event registrations, reminders, speaking roles and the private calendar feed; the
    // events' seat counts follow. The waiting lists are promoted after the commit, by the live-event module's
    // consumer of `practitioner.deleted` (identity does not reach that module).
    {
      table: 'live_event_registration',
      columns: ['practitionerId'],
      statement: sql`WITH gone AS (DELETE FROM live_event_registration WHERE "practitionerId" = ${id} RETURNING "eventId", status)
                     UPDATE live_event e
                        SET "registeredCount" = e."registeredCount" - g.approved, "waitingCount" = e."waitingCount" - g.waiting
                       FROM (SELECT "eventId", count(*) FILTER (WHERE status = 'APPROVED')::int AS approved,
                                    count(*) FILTER (WHERE status = 'WAITING')::int AS waiting
                               FROM gone GROUP BY "eventId") g
                      WHERE e.id = g."eventId"`,
    },
    {
      table: 'live_event_reminder',
      columns: ['practitionerId'],
      statement: sql`DELETE FROM live_event_reminder WHERE "practitionerId" = ${id}`,
    },
    {
      table: 'live_event_speaker',
      columns: ['practitionerId'],
      statement: sql`DELETE FROM live_event_speaker WHERE "practitionerId" = ${id}`,
    },
    {
      table: 'live_event_calendar_feed',
      columns: ['practitionerId'],
      statement: sql`DELETE FROM live_event_calendar_feed WHERE "practitionerId" = ${id}`,
    },
    // REMOVED: upvotes of live-event questions (the questions' counts follow).
    {
      table: 'live_event_question_upvote',
      columns: ['practitionerId'],
      statement: sql`WITH gone AS (DELETE FROM live_event_question_upvote WHERE "practitionerId" = ${id} RETURNING "questionId")
                     UPDATE live_event_question q SET "upvoteCount" = q."upvoteCount" - g.c
                       FROM (SELECT "questionId", count(*)::int AS c FROM gone GROUP BY "questionId") g
                      WHERE q.id = g."questionId"`,
    },
    // REMOVED: bookmarks and endorsements (personal reading and reactions); the posts' counts follow.
    {
      table: 'post_bookmark',
      columns: ['practitionerId'],
      statement: sql`DELETE FROM post_bookmark WHERE "practitionerId" = ${id}`,
    },
    {
      table: 'post_endorsement',
      columns: ['practitionerId'],
      statement: sql`WITH gone AS (DELETE FROM post_endorsement WHERE "practitionerId" = ${id} RETURNING "postId")
                     UPDATE post p SET "endorsementCount" = p."endorsementCount" - g.c
                       FROM (SELECT "postId", count(*)::int AS c FROM gone GROUP BY "postId") g
                      WHERE p.id = g."postId"`,
    },
    // REMOVED: stored idempotency keys (they replay what the account created) and queue assignments.
    {
      table: 'idempotency_key',
      columns: ['practitionerId'],
      statement: sql`DELETE FROM idempotency_key WHERE "practitionerId" = ${id}`,
    },
    {
      table: 'moderation_assignment',
      columns: ['assigneeId'],
      statement: sql`DELETE FROM moderation_assignment WHERE "assigneeId" = ${id}`,
    },
    // REMOVED: certificates of completion. The PDF bears the holder's name: verifying its code afterwards
    // answers as for an unknown code (null), so that nothing confirms the name of someone forgotten.
    {
      table: 'certificate',
      columns: ['holderId'],
      statement: sql`DELETE FROM certificate WHERE "holderId" = ${id}`,
    },
    // REMOVED: what a learner wrote for course activities (their own text; facilitators' feedback goes with it).
    {
      table: 'course_activity_submission',
      columns: ['practitionerId'],
      statement: sql`DELETE FROM course_activity_submission WHERE "practitionerId" = ${id}`,
    },
    // REMOVED: course enrolments, whatever their status (invitations, requests waiting for approval, places,
    // progress; their lesson completions and quiz attempts go with them by cascade). A deleted learner holds
    // no place: the courses' `enrolledCount` follows, a full course takes someone else, and the approval queue
    // and the cohort list keep no nameless entry (the cohort network membership went above). The courses are
    // locked first, in id order, as enrolment decisions lock them (course, then enrolment), so that a
    // facilitator approving at the same moment waits instead of deadlocking. A `course.completed` still in the
    // outbox then issues nothing (the certificate consumer finds no enrolment).
    {
      table: 'course (lock)',
      columns: [],
      statement: sql`SELECT c.id FROM course c
                      WHERE c.id IN (SELECT "courseId" FROM course_enrollment WHERE "practitionerId" = ${id})
                      ORDER BY c.id FOR UPDATE`,
    },
    {
      table: 'course_enrollment',
      columns: ['practitionerId'],
      statement: sql`WITH gone AS (DELETE FROM course_enrollment WHERE "practitionerId" = ${id} RETURNING "courseId", status)
                     UPDATE course c SET "enrolledCount" = c."enrolledCount" - g.c
                       FROM (SELECT "courseId", count(*)::int AS c FROM gone WHERE status = 'APPROVED' GROUP BY "courseId") g
                      WHERE c.id = g."courseId"`,
    },
    // REMOVED: the course invitations they accepted (nominations included) and those sent to their address
    // (the address is personal data; the enrolments went above). Run before the tombstone replaces the address.
    {
      table: 'course_invitation',
      columns: ['acceptedById'],
      statement: sql`DELETE FROM course_invitation
                      WHERE "acceptedById" = ${id}
                         OR email = (SELECT "emailNormalized" FROM practitioner WHERE id = ${id})`,
    },
    // The invitations they sent that nobody accepted yet stop working: who vouched for the link is gone (the
    // rows stay in the courses' lists, sent by "Former member": `course_invitation.invitedById` is KEPT).
    {
      table: 'course_invitation (revoke)',
      columns: [],
      statement: sql`UPDATE course_invitation SET "revokedAt" = now()
                      WHERE "invitedById" = ${id} AND "acceptedAt" IS NULL AND "revokedAt" IS NULL`,
    },
    // REMOVED: messages not sent yet (they would go to an address that is gone).
    {
      table: 'outbox_event (mail)',
      columns: [],
      statement: sql`DELETE FROM outbox_event WHERE "type" = 'mail.requested' AND "processedAt" IS NULL
                        AND payload ->> 'recipientId' = ${id}`,
    },
  ];
  const content: Forgetting[] = removeContent
    ? [
        // REMOVED on request: their posts (with what hangs on them: comments, endorsements, bookmarks, history).
        { table: 'post', columns: [], statement: sql`DELETE FROM post WHERE "authorId" = ${id}` },
        // REMOVED on request: their comments on others' posts, as a deletion does (the thread keeps its
        // shape, replies stay; the body is overwritten); the posts' comment counts follow.
        {
          table: 'comment',
          columns: [],
          statement: sql`WITH gone AS (
                           UPDATE comment c SET "body" = ${REMOVED_BODY}, "deletedAt" = COALESCE(old."deletedAt", now()),
                                  "deletedById" = COALESCE(old."deletedById", ${id})
                             FROM comment old
                            WHERE old.id = c.id AND old."authorId" = ${id}
                          RETURNING c."postId", old."deletedAt" AS was_deleted, c."hiddenAt")
                         UPDATE post p SET "commentCount" = p."commentCount" - g.c
                           FROM (SELECT "postId", count(*)::int AS c FROM gone
                                  WHERE was_deleted IS NULL AND "hiddenAt" IS NULL GROUP BY "postId") g
                          WHERE p.id = g."postId"`,
        },
      ]
    : [];
  return [...removed, ...content];
}

/** The tombstone: the practitioner row stays (content points at it), with everything personal removed. */
export function tombstoneStatement(id: string, unusablePasswordHash: string): Sql {
  const placeholder = `deleted-${id}@deleted.invalid`;
  return sql`UPDATE practitioner SET
      "email" = ${placeholder}, "emailNormalized" = ${placeholder}, "emailConfirmedAt" = NULL,
      "passwordHash" = ${unusablePasswordHash}, "displayName" = ${FORMER_MEMBER_NAME},
      "organization" = NULL, "position" = NULL, "profession" = 'OTHER', "bio" = NULL,
      "languages" = '{}', "thematicAreaCodes" = '{}', "phone" = NULL, "contactVisibility" = 'NOBODY',
      "role" = 'MEMBER', "verifiedById" = NULL, "verificationNote" = NULL,
      "suspendedUntil" = NULL, "suspensionReason" = NULL, "deletedAt" = now(), "updatedAt" = now()
    WHERE id = ${id}`;
}

/** Runs every statement of `forgetStatements`, then turns the row into its tombstone. */
export async function forgetPractitioner(
  manager: EntityManager,
  id: string,
  removeContent: boolean,
  unusablePasswordHash: string,
): Promise<void> {
  for (const { statement } of forgetStatements(id, removeContent)) await query(manager, statement);
  await query(manager, tombstoneStatement(id, unusablePasswordHash));
}

/**
 * The references to a practitioner that deletion keeps (they then name the tombstone), as `table.column`,
 * each with its reason. With `forgetStatements`' columns, they cover every foreign key to `practitioner`:
 * test/integration/account-deletion.test.ts fails when a new table references a practitioner and is in
 * neither list, so that whoever adds one decides what deleting an account does to it.
 */
export const KEPT_REFERENCES: Record<string, string> = {
  'post.authorId': 'posts stay, attributed to "Former member" (removed with removeContent)',
  'comment.authorId': 'comments stay, attributed to "Former member" (deleted with removeContent)',
  'legal_development.authorId': 'the treaty tracker and legal record stay whole, by "Former member"',
  'legal_development_transition.actorId': 'review history of legal developments: its steps stay',
  'post_transition.actorId': 'review history of posts: its steps stay',
  'instrument.createdById': 'instruments are reference records of the treaty tracker',
  'treaty_status.recordedById': 'treaty statuses keep who recorded them (now nameless)',
  'treaty_status_history.recordedById': 'the treaty history keeps every entry',
  'central_authority.lastConfirmedById': 'the central-authority directory keeps its confirmation date',
  'central_authority_revision.actorId': 'the central-authority revision history keeps every entry',
  'live_event.authorId': 'events others registered for and speak at stay, organised by "Former member"',
  'live_event_attendance.recordedById': 'attendance others have stays, as recorded',
  'live_event_question.authorId': 'questions stay in the event’s record (some were asked anonymously)',
  'live_event_question.answeredById': 'an answer stays marked as answered',
  'live_event_question_comment.authorId': 'the discussion of a question stays, by "Former member"',
  'publication.authorId': 'the library keeps its publications, added by "Former member"',
  'publication_version.createdById': 'language versions and their files stay in the library',
  'publication_upload.ownerId': 'unattached uploads are swept with their files after UPLOAD_MAX_AGE_SECONDS',
  'network.createdById': 'networks others belong to stay',
  'report.reporterId': 'moderation records stay (moderators’ accountability); the reporter is nameless',
  'report.resolvedById': 'moderation records stay: who resolved a report (now nameless)',
  'course.authorId': 'courses others enrolled in stay, created by "Former member"',
  'course_facilitator.practitionerId': 'a course keeps its facilitators list, naming "Former member"',
  'course_invitation.invitedById': 'a course’s invitation list keeps what was sent, by "Former member"',
  'course_activity_submission.feedbackById': 'feedback a learner received stays, by "Former member"',
  'certificate.revokedById': 'a revocation stays, by "Former member" (the holder sees the reason)',
  'content_version.translatorId': 'translations stay with the content, by "Former member"',
  'content_version.reviewerId': 'a translation keeps its review state; the reviewer is nameless',
  'translation_request.requesterId': 'the daily budget of machine translations counts every request',
};
