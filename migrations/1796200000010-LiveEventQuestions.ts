import type { MigrationInterface, QueryRunner } from 'typeorm';

export class LiveEventQuestions1796200000010 implements MigrationInterface {
  name = 'LiveEventQuestions1796200000010';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TYPE "public"."live_event_question_status" AS ENUM('PENDING', 'PUBLISHED', 'DISMISSED')`,
    );
    await queryRunner.query(
      `CREATE TYPE "public"."live_event_question_answer_mode" AS ENUM('LIVE', 'WRITTEN')`,
    );
    await queryRunner.query(
      `CREATE TABLE "live_event_question" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "eventId" uuid NOT NULL, "authorId" uuid NOT NULL, "isAnonymous" boolean NOT NULL DEFAULT false, "language" character varying(2) NOT NULL, "body" text NOT NULL, "status" "public"."live_event_question_status" NOT NULL, "dismissReason" character varying(500), "isPinned" boolean NOT NULL DEFAULT false, "upvoteCount" integer NOT NULL DEFAULT '0', "publishedAt" TIMESTAMP WITH TIME ZONE, "answeredAt" TIMESTAMP WITH TIME ZONE, "answerMode" "public"."live_event_question_answer_mode", "answer" text, "answeredById" uuid, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL, "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "live_event_question_body" CHECK (char_length("body") BETWEEN 1 AND 2000), CONSTRAINT "live_event_question_upvotes" CHECK ("upvoteCount" >= 0), CONSTRAINT "live_event_question_language" CHECK ("language" IN ('ar', 'zh', 'en', 'fr', 'ru', 'es')), CONSTRAINT "PK_54f48b126bfb984e94dfbc1f90f" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "live_event_question_author_idx" ON "live_event_question"  ("authorId") `,
    );
    await queryRunner.query(
      `CREATE INDEX "live_event_question_top_idx" ON "live_event_question"  ("eventId", "isPinned", "upvoteCount", "createdAt", "id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "live_event_question_newest_idx" ON "live_event_question"  ("eventId", "createdAt", "id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "live_event_question_upvote" ("questionId" uuid NOT NULL, "practitionerId" uuid NOT NULL, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_d5b7771e3a353344cda233790cd" PRIMARY KEY ("questionId", "practitionerId"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "live_event_question_settings" ("eventId" uuid NOT NULL, "questionsOpen" boolean NOT NULL DEFAULT true, "moderated" boolean NOT NULL DEFAULT true, CONSTRAINT "PK_3f3ee5c1dd64396a5e6d1368777" PRIMARY KEY ("eventId"))`,
    );
    await queryRunner.query(
      `ALTER TYPE "public"."notification_type" ADD VALUE 'LIVE_EVENT_QUESTION_ANSWERED'`,
    );
    await queryRunner.query(
      `ALTER TABLE "live_event_question" ADD CONSTRAINT "FK_9e39c4b1d5b34f63fffc8532e0f" FOREIGN KEY ("eventId") REFERENCES "live_event"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "live_event_question" ADD CONSTRAINT "FK_8b9cc18a1a9901df8c159d6f57e" FOREIGN KEY ("authorId") REFERENCES "practitioner"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "live_event_question" ADD CONSTRAINT "FK_ced437ba7f4270ba182c1f105e1" FOREIGN KEY ("answeredById") REFERENCES "practitioner"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "live_event_question_upvote" ADD CONSTRAINT "FK_f0960d6db7f7d2a421f8b9b8cd9" FOREIGN KEY ("questionId") REFERENCES "live_event_question"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "live_event_question_upvote" ADD CONSTRAINT "FK_12311ca85594f2de5d7201d4798" FOREIGN KEY ("practitionerId") REFERENCES "practitioner"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "live_event_question_settings" ADD CONSTRAINT "FK_3f3ee5c1dd64396a5e6d1368777" FOREIGN KEY ("eventId") REFERENCES "live_event"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "live_event_question_settings" DROP CONSTRAINT "FK_3f3ee5c1dd64396a5e6d1368777"`,
    );
    await queryRunner.query(
      `ALTER TABLE "live_event_question_upvote" DROP CONSTRAINT "FK_12311ca85594f2de5d7201d4798"`,
    );
    await queryRunner.query(
      `ALTER TABLE "live_event_question_upvote" DROP CONSTRAINT "FK_f0960d6db7f7d2a421f8b9b8cd9"`,
    );
    await queryRunner.query(
      `ALTER TABLE "live_event_question" DROP CONSTRAINT "FK_ced437ba7f4270ba182c1f105e1"`,
    );
    await queryRunner.query(
      `ALTER TABLE "live_event_question" DROP CONSTRAINT "FK_8b9cc18a1a9901df8c159d6f57e"`,
    );
    await queryRunner.query(
      `ALTER TABLE "live_event_question" DROP CONSTRAINT "FK_9e39c4b1d5b34f63fffc8532e0f"`,
    );
    await queryRunner.query(
      `CREATE TYPE "public"."notification_type_old" AS ENUM('COMMENT_ON_YOUR_POST', 'REPLY_TO_YOUR_COMMENT', 'POST_ENDORSED', 'POST_REVIEWED', 'CONTACT_REQUEST', 'CONTACT_ACCEPTED', 'NETWORK_JOIN_REQUEST', 'NETWORK_INVITATION', 'VERIFICATION_DECIDED', 'LEGAL_DEVELOPMENT_IN_FOLLOWED_COUNTRY', 'MODERATION_ACTION_ON_YOUR_CONTENT', 'LIVE_EVENT_INVITATION', 'LIVE_EVENT_REGISTRATION_DECIDED', 'LIVE_EVENT_PROMOTED', 'LIVE_EVENT_CANCELLED')`,
    );
    await queryRunner.query(
      `ALTER TABLE "notification" ALTER COLUMN "type" TYPE "public"."notification_type_old" USING "type"::"text"::"public"."notification_type_old"`,
    );
    await queryRunner.query(`DROP TYPE "public"."notification_type"`);
    await queryRunner.query(`ALTER TYPE "public"."notification_type_old" RENAME TO "notification_type"`);
    await queryRunner.query(`DROP TABLE "live_event_question_settings"`);
    await queryRunner.query(`DROP TABLE "live_event_question_upvote"`);
    await queryRunner.query(`DROP INDEX "public"."live_event_question_newest_idx"`);
    await queryRunner.query(`DROP INDEX "public"."live_event_question_top_idx"`);
    await queryRunner.query(`DROP INDEX "public"."live_event_question_author_idx"`);
    await queryRunner.query(`DROP TABLE "live_event_question"`);
    await queryRunner.query(`DROP TYPE "public"."live_event_question_answer_mode"`);
    await queryRunner.query(`DROP TYPE "public"."live_event_question_status"`);
  }
}
