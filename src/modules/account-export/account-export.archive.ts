import { strToU8, zipSync } from 'fflate';
import type { EntityManager } from 'typeorm';
import { query, sql } from '../../common/db/sql';
import type { Sql } from '../../common/db/sql';

/**
 * What an export holds: one JSON file per section, each described in the archive's README.md. The
 * statements read other modules' tables directly (the one reader of everything stored about a member: see
 * ARCHITECTURE.md, "What still names another module's table"). Other members appear by their public name
 * only (contacts, follows, blocks); moderators not at all (decisions about you keep their note, not who).
 */
interface Section {
  file: string;
  describe: string;
  load(m: EntityManager, me: string): Promise<unknown>;
}

const rows = (m: EntityManager, q: Sql) => query<Record<string, unknown>>(m, q);

export const EXPORT_SECTIONS: readonly Section[] = [
  {
    file: 'profile.json',
    describe:
      'Your account and profile: e-mail, name, country, organisation, position, profession, biography, ' +
      'languages, thematic areas, phone, who may see your contact details, role, vetting and suspension.',
    load: async (m, me) =>
      (
        await rows(
          m,
          sql`SELECT "id", "email", "emailConfirmedAt", "displayName", "countryCode", "organization", "position",
                "profession", "bio", "languages", "thematicAreaCodes", "phone", "contactVisibility", "role",
                "verification", "verifiedAt", "verificationNote", "suspendedUntil", "suspensionReason",
                "createdAt", "updatedAt"
              FROM practitioner WHERE "id" = ${me}`,
        )
      )[0] ?? null,
  },
  {
    file: 'posts.json',
    describe:
      'The posts you wrote, in every state (drafts, in review, published, archived, hidden), with the ' +
      'names of the networks they were shared with.',
    load: (m, me) =>
      rows(
        m,
        sql`SELECT p.*, ARRAY(SELECT n."name" FROM post_network pn JOIN network n ON n."id" = pn."networkId"
                              WHERE pn."postId" = p."id" ORDER BY n."name") AS "networks"
            FROM post p WHERE p."authorId" = ${me} ORDER BY p."createdAt", p."id"`,
      ),
  },
  {
    file: 'post-history.json',
    describe:
      'The review history of your posts: each step (submitted, approved, changes requested, ...) with its ' +
      'note and time.',
    load: (m, me) =>
      rows(
        m,
        sql`SELECT t."postId", t."action", t."fromStatus", t."toStatus", t."note", t."createdAt"
            FROM post_transition t JOIN post p ON p."id" = t."postId"
            WHERE p."authorId" = ${me} ORDER BY t."createdAt", t."id"`,
      ),
  },
  {
    file: 'comments.json',
    describe: 'The comments you wrote (the post they belong to by id), deleted and hidden ones included.',
    load: (m, me) =>
      rows(
        m,
        sql`SELECT c."id", c."postId", c."parentId", c."body", c."createdAt", c."editedAt", c."deletedAt", c."hiddenAt"
            FROM comment c WHERE c."authorId" = ${me} ORDER BY c."createdAt", c."id"`,
      ),
  },
  {
    file: 'endorsements-and-bookmarks.json',
    describe: 'The posts you endorsed and bookmarked (by id), and when.',
    load: async (m, me) => ({
      endorsements: await rows(
        m,
        sql`SELECT "postId", "createdAt" FROM post_endorsement WHERE "practitionerId" = ${me} ORDER BY "createdAt"`,
      ),
      bookmarks: await rows(
        m,
        sql`SELECT "postId", "createdAt" FROM post_bookmark WHERE "practitionerId" = ${me} ORDER BY "createdAt"`,
      ),
    }),
  },
  {
    file: 'legal-developments.json',
    describe: 'The legal developments you proposed or published, in every state.',
    load: (m, me) =>
      rows(
        m,
        sql`SELECT ld.* FROM legal_development ld WHERE ld."authorId" = ${me} ORDER BY ld."createdAt", ld."id"`,
      ),
  },
  {
    file: 'live-events.json',
    describe: 'The live events you organised, and those where you were listed as a speaker (by title).',
    load: async (m, me) => ({
      organised: await rows(
        m,
        sql`SELECT e.* FROM live_event e WHERE e."authorId" = ${me} ORDER BY e."startsAt", e."id"`,
      ),
      speaking: await rows(
        m,
        sql`SELECT s."eventId", e."title" AS "eventTitle", e."startsAt", s."role"
            FROM live_event_speaker s JOIN live_event e ON e."id" = s."eventId"
            WHERE s."practitionerId" = ${me} ORDER BY e."startsAt"`,
      ),
    }),
  },
  {
    file: 'live-event-registrations.json',
    describe:
      'Your registrations to live events (the event by id and title), their status and your attendance ' +
      'when the organiser recorded it.',
    load: (m, me) =>
      rows(
        m,
        sql`SELECT r."id", r."eventId", e."title" AS "eventTitle", e."startsAt", r."status", r."queuedAt",
                   r."createdAt", r."updatedAt", a."attended", a."attendedAt"
            FROM live_event_registration r JOIN live_event e ON e."id" = r."eventId"
            LEFT JOIN live_event_attendance a ON a."registrationId" = r."id"
            WHERE r."practitionerId" = ${me} ORDER BY r."createdAt", r."id"`,
      ),
  },
  {
    file: 'live-event-questions.json',
    describe:
      'The questions you asked at live events (anonymous ones included: they are yours), the answers ' +
      'they received, the comments you wrote on questions and the questions you upvoted.',
    load: async (m, me) => ({
      questions: await rows(
        m,
        sql`SELECT q."id", q."eventId", e."title" AS "eventTitle", q."isAnonymous", q."language", q."body",
                   q."status", q."dismissReason", q."isPinned", q."upvoteCount", q."publishedAt",
                   q."answeredAt", q."answerMode", q."answer", q."createdAt"
            FROM live_event_question q JOIN live_event e ON e."id" = q."eventId"
            WHERE q."authorId" = ${me} ORDER BY q."createdAt", q."id"`,
      ),
      comments: await rows(
        m,
        sql`SELECT c."id", c."questionId", c."body", c."createdAt" FROM live_event_question_comment c
            WHERE c."authorId" = ${me} ORDER BY c."createdAt", c."id"`,
      ),
      upvotes: await rows(
        m,
        sql`SELECT "questionId", "createdAt" FROM live_event_question_upvote
            WHERE "practitionerId" = ${me} ORDER BY "createdAt"`,
      ),
    }),
  },
  {
    file: 'contacts.json',
    describe:
      'Your contacts and contact requests. Other members appear by their public name only (not their ' +
      'e-mail, phone or profile).',
    load: async (m, me) => ({
      contacts: await rows(
        m,
        sql`SELECT o."displayName" AS "name", c."since" FROM contact c JOIN practitioner o ON o."id" = c."contactId"
            WHERE c."practitionerId" = ${me} ORDER BY c."since"`,
      ),
      requestsSent: await rows(
        m,
        sql`SELECT o."displayName" AS "to", r."message", r."status", r."createdAt", r."respondedAt"
            FROM contact_request r JOIN practitioner o ON o."id" = r."addresseeId"
            WHERE r."requesterId" = ${me} ORDER BY r."createdAt"`,
      ),
      requestsReceived: await rows(
        m,
        sql`SELECT o."displayName" AS "from", r."message", r."status", r."createdAt", r."respondedAt"
            FROM contact_request r JOIN practitioner o ON o."id" = r."requesterId"
            WHERE r."addresseeId" = ${me} ORDER BY r."createdAt"`,
      ),
    }),
  },
  {
    file: 'follows.json',
    describe:
      'The members (by public name) and networks (by name) you follow, and how many members follow you.',
    load: async (m, me) => ({
      practitioners: await rows(
        m,
        sql`SELECT o."displayName" AS "name", f."createdAt" FROM practitioner_follow f
            JOIN practitioner o ON o."id" = f."followeeId" WHERE f."followerId" = ${me} ORDER BY f."createdAt"`,
      ),
      networks: await rows(
        m,
        sql`SELECT n."name", f."createdAt" FROM network_follow f JOIN network n ON n."id" = f."networkId"
            WHERE f."followerId" = ${me} ORDER BY f."createdAt"`,
      ),
      followerCount:
        (
          await query<{ n: number }>(
            m,
            sql`SELECT count(*)::int AS n FROM practitioner_follow WHERE "followeeId" = ${me}`,
          )
        )[0]?.n ?? 0,
    }),
  },
  {
    file: 'blocks-and-mutes.json',
    describe: 'The members you blocked or muted (by public name) and the networks you muted.',
    load: async (m, me) => ({
      blocked: await rows(
        m,
        sql`SELECT o."displayName" AS "name", b."createdAt" FROM practitioner_block b
            JOIN practitioner o ON o."id" = b."blockedId" WHERE b."blockerId" = ${me} ORDER BY b."createdAt"`,
      ),
      mutedPractitioners: await rows(
        m,
        sql`SELECT o."displayName" AS "name", x."createdAt" FROM practitioner_mute x
            JOIN practitioner o ON o."id" = x."mutedId" WHERE x."muterId" = ${me} ORDER BY x."createdAt"`,
      ),
      mutedNetworks: await rows(
        m,
        sql`SELECT n."name", x."createdAt" FROM network_mute x JOIN network n ON n."id" = x."networkId"
            WHERE x."muterId" = ${me} ORDER BY x."createdAt"`,
      ),
    }),
  },
  {
    file: 'network-memberships.json',
    describe:
      'Your memberships of networks (member, invited, requested, ...), your role in each and when you joined.',
    load: (m, me) =>
      rows(
        m,
        sql`SELECT m."networkId", n."name" AS "networkName", n."kind", m."role", m."status", m."createdAt", m."joinedAt"
            FROM network_member m JOIN network n ON n."id" = m."networkId"
            WHERE m."practitionerId" = ${me} ORDER BY m."createdAt"`,
      ),
  },
  {
    file: 'notifications.json',
    describe:
      'The notifications you received (what they are about by type and id, without who caused them) and ' +
      'your notification preferences.',
    load: async (m, me) => ({
      notifications: await rows(
        m,
        sql`SELECT "id", "type", "subjectType", "subjectId", "decision", "note", "readAt", "createdAt"
            FROM notification WHERE "recipientId" = ${me} ORDER BY "createdAt", "id"`,
      ),
      preferences: await rows(
        m,
        sql`SELECT "type", "enabled" FROM notification_preference WHERE "practitionerId" = ${me} ORDER BY "type"`,
      ),
    }),
  },
  {
    file: 'sessions.json',
    describe:
      'Your sessions, open and ended: client name, network prefix, sign-in, last use and end (never tokens).',
    load: (m, me) =>
      rows(
        m,
        sql`SELECT "id", "createdAt", "refreshedAt", "lastUsedAt", "revokedAt", "revokedReason", "clientName", "ipPrefix"
            FROM auth_session WHERE "practitionerId" = ${me} ORDER BY "createdAt", "id"`,
      ),
  },
  {
    file: 'security-log.json',
    describe: 'Your security log (sign-ins, failures, ended sessions, password changes, exports).',
    load: (m, me) =>
      rows(
        m,
        sql`SELECT "kind", "at", "sessionId", "clientName", "ipPrefix", "details"
            FROM security_event WHERE "practitionerId" = ${me} ORDER BY "at", "id"`,
      ),
  },
  {
    file: 'two-factor.json',
    describe:
      'Your second factor: whether it is on, since when, and how many recovery codes are left (never the ' +
      'secret or the codes).',
    load: async (m, me) => {
      const [factor] = await rows(
        m,
        sql`SELECT "enabledAt" FROM two_factor WHERE "practitionerId" = ${me} AND "enabledAt" IS NOT NULL`,
      );
      const [codes] = await rows(
        m,
        sql`SELECT count(*)::int AS "left" FROM two_factor_recovery_code
            WHERE "practitionerId" = ${me} AND "usedAt" IS NULL`,
      );
      return {
        enabled: !!factor,
        enabledAt: factor?.enabledAt ?? null,
        recoveryCodesLeft: factor ? codes.left : 0,
      };
    },
  },
  {
    file: 'moderation.json',
    describe:
      'Moderation decisions about you or your content (action, what it was about, note, time; not which ' +
      'moderator), and the reports you filed with their outcome.',
    load: async (m, me) => ({
      decisionsAboutYou: await rows(
        m,
        sql`SELECT l."action", l."targetType", l."targetId", l."note", l."createdAt" FROM moderation_log l
            WHERE (l."targetType" = 'PRACTITIONER' AND l."targetId" = ${me})
               OR (l."targetType" = 'POST' AND l."targetId" IN (SELECT "id" FROM post WHERE "authorId" = ${me}))
               OR (l."targetType" = 'COMMENT' AND l."targetId" IN (SELECT "id" FROM comment WHERE "authorId" = ${me}))
               OR (l."targetType" = 'LEGAL_DEVELOPMENT'
                   AND l."targetId" IN (SELECT "id" FROM legal_development WHERE "authorId" = ${me}))
               OR (l."targetType" = 'LIVE_EVENT'
                   AND l."targetId" IN (SELECT "id" FROM live_event WHERE "authorId" = ${me}))
               OR (l."targetType" = 'LIVE_EVENT_QUESTION'
                   AND l."targetId" IN (SELECT "id" FROM live_event_question WHERE "authorId" = ${me}))
               OR (l."targetType" = 'QUESTION_COMMENT'
                   AND l."targetId" IN (SELECT "id" FROM live_event_question_comment WHERE "authorId" = ${me}))
               OR (l."targetType" = 'COURSE'
                   AND l."targetId" IN (SELECT "id" FROM course WHERE "authorId" = ${me}))
               OR (l."targetType" = 'PUBLICATION'
                   AND l."targetId" IN (SELECT "id" FROM publication WHERE "authorId" = ${me}))
            ORDER BY l."createdAt", l."id"`,
      ),
      reportsYouFiled: await rows(
        m,
        sql`SELECT "targetType", "targetId", "reason", "details", "status", "resolution", "resolutionNote",
                   "createdAt", "resolvedAt"
            FROM report WHERE "reporterId" = ${me} ORDER BY "createdAt", "id"`,
      ),
    }),
  },
];

/** The README.md at the root of every archive: what each file holds. */
export function exportReadme(practitionerId: string, generatedAt: Date): string {
  return [
    '# Your Praxis data',
    '',
    `Exported ${generatedAt.toISOString()} for account ${practitionerId}.`,
    '',
    'Every file is JSON (UTF-8). Times are ISO 8601 instants (UTC); ids are the database ids (the API',
    "shows them encoded as global ids). Other members appear by their public name only; moderators' names",
    'do not appear. The archive link expires 7 days after it was prepared.',
    '',
    '## Files',
    '',
    ...EXPORT_SECTIONS.map((s) => `- \`${s.file}\`: ${s.describe}`),
    '',
  ].join('\n');
}

/** Reads every section for one member (in the caller's transaction) and zips them with the README. */
export async function buildArchive(
  manager: EntityManager,
  practitionerId: string,
  now = new Date(),
): Promise<{ zip: Uint8Array; files: string[] }> {
  const files: Record<string, Uint8Array> = {
    'README.md': strToU8(exportReadme(practitionerId, now)),
  };
  for (const section of EXPORT_SECTIONS) {
    const data = await section.load(manager, practitionerId);
    files[section.file] = strToU8(JSON.stringify(data, null, 2));
  }
  return { zip: zipSync(files, { level: 6 }), files: Object.keys(files) };
}
