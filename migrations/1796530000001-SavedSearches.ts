import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Saved searches (issue 15): `saved_search` (a practitioner's named search filter and how they hear of new
 * matches) and `saved_search_match` (one row per saved search and record found, so each record is announced
 * once), and the notification type SAVED_SEARCH_MATCHED.
 */
export class SavedSearches1796530000001 implements MigrationInterface {
  name = 'SavedSearches1796530000001';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "saved_search" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "ownerId" uuid NOT NULL, "name" character varying(100) NOT NULL, "query" character varying(200) NOT NULL, "normalizedQuery" text NOT NULL, "types" text array, "languages" text array, "countryCodes" text array, "thematicAreaCodes" text array, "networkIds" uuid array, "from" TIMESTAMP WITH TIME ZONE, "to" TIMESTAMP WITH TIME ZONE, "notify" character varying(12) NOT NULL DEFAULT 'IN_APP', "lastNotifiedAt" TIMESTAMP WITH TIME ZONE, "digestDueAt" TIMESTAMP WITH TIME ZONE, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "saved_search_notify_check" CHECK ("notify" IN ('IN_APP', 'EMAIL_DIGEST', 'OFF')), CONSTRAINT "PK_563b338d8b4878fa46697c8f3f2" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "saved_search_owner_idx" ON "saved_search"  ("ownerId", "createdAt", "id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "saved_search_match" ("savedSearchId" uuid NOT NULL, "type" character varying(40) NOT NULL, "recordId" uuid NOT NULL, "matchedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "notifiedAt" TIMESTAMP WITH TIME ZONE, CONSTRAINT "saved_search_match_pk" PRIMARY KEY ("savedSearchId", "type", "recordId"))`,
    );
    await queryRunner.query(`ALTER TYPE "public"."notification_type" ADD VALUE 'SAVED_SEARCH_MATCHED'`);
    await queryRunner.query(
      `ALTER TABLE "saved_search" ADD CONSTRAINT "FK_ee889b05327b90788a3441041ff" FOREIGN KEY ("ownerId") REFERENCES "practitioner"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "saved_search_match" ADD CONSTRAINT "FK_1b43e11adead2a94c9201ef6423" FOREIGN KEY ("savedSearchId") REFERENCES "saved_search"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "saved_search_match" DROP CONSTRAINT "FK_1b43e11adead2a94c9201ef6423"`,
    );
    await queryRunner.query(`ALTER TABLE "saved_search" DROP CONSTRAINT "FK_ee889b05327b90788a3441041ff"`);
    await queryRunner.query(`DELETE FROM "notification" WHERE "type" = 'SAVED_SEARCH_MATCHED'`);
    await queryRunner.query(
      `CREATE TYPE "public"."notification_type_old" AS ENUM('COMMENT_ON_YOUR_POST', 'REPLY_TO_YOUR_COMMENT', 'POST_ENDORSED', 'POST_REVIEWED', 'CONTACT_REQUEST', 'CONTACT_ACCEPTED', 'NETWORK_JOIN_REQUEST', 'NETWORK_INVITATION', 'VERIFICATION_DECIDED', 'LEGAL_DEVELOPMENT_IN_FOLLOWED_COUNTRY', 'MODERATION_ACTION_ON_YOUR_CONTENT', 'LIVE_EVENT_INVITATION', 'LIVE_EVENT_REGISTRATION_DECIDED', 'LIVE_EVENT_PROMOTED', 'LIVE_EVENT_CANCELLED', 'LIVE_EVENT_QUESTION_ANSWERED', 'LIVE_EVENT_CHANGED', 'LIVE_EVENT_REMINDER_24H', 'LIVE_EVENT_REMINDER_1H', 'DATA_EXPORT_READY', 'COURSE_INVITATION', 'COURSE_ENROLLMENT_DECIDED', 'COURSE_ACTIVITY_FEEDBACK', 'COURSE_ENROLLMENT_REQUESTED')`,
    );
    await queryRunner.query(
      `ALTER TABLE "notification" ALTER COLUMN "type" TYPE "public"."notification_type_old" USING "type"::"text"::"public"."notification_type_old"`,
    );
    await queryRunner.query(`DROP TYPE "public"."notification_type"`);
    await queryRunner.query(`ALTER TYPE "public"."notification_type_old" RENAME TO "notification_type"`);
    await queryRunner.query(`DROP TABLE "saved_search_match"`);
    await queryRunner.query(`DROP INDEX "public"."saved_search_owner_idx"`);
    await queryRunner.query(`DROP TABLE "saved_search"`);
  }
}
