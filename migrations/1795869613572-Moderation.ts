import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Moderation1795869613572 implements MigrationInterface {
  name = 'Moderation1795869613572';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TYPE "public"."report_reason" AS ENUM('SPAM', 'INACCURATE', 'INAPPROPRIATE', 'CONFIDENTIAL_INFORMATION', 'IMPERSONATION', 'OTHER')`,
    );
    await queryRunner.query(`CREATE TYPE "public"."report_status" AS ENUM('OPEN', 'RESOLVED')`);
    await queryRunner.query(
      `CREATE TYPE "public"."moderation_action" AS ENUM('DISMISS', 'HIDE_CONTENT', 'RESTORE_CONTENT', 'WARN_AUTHOR', 'SUSPEND_AUTHOR')`,
    );
    await queryRunner.query(
      `CREATE TABLE "report" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "reporterId" uuid NOT NULL, "targetType" character varying(20) NOT NULL, "targetId" uuid NOT NULL, "reason" "public"."report_reason" NOT NULL, "details" text, "status" "public"."report_status" NOT NULL DEFAULT 'OPEN', "resolution" "public"."moderation_action", "resolutionNote" character varying(1000), "resolvedById" uuid, "resolvedAt" TIMESTAMP WITH TIME ZONE, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "report_details_len" CHECK ("details" IS NULL OR char_length("details") <= 2000), CONSTRAINT "report_target_type" CHECK ("targetType" IN ('POST', 'COMMENT', 'LEGAL_DEVELOPMENT', 'PRACTITIONER', 'NETWORK')), CONSTRAINT "PK_99e4d0bea58cba73c57f935a546" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "report_open_idx" ON "report"  ("createdAt", "id") WHERE "status" = 'OPEN'`,
    );
    await queryRunner.query(
      `CREATE INDEX "report_target_idx" ON "report"  ("targetType", "targetId", "status") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "report_open_unique" ON "report"  ("reporterId", "targetType", "targetId") WHERE "status" = 'OPEN'`,
    );
    await queryRunner.query(
      `CREATE TYPE "public"."moderation_log_action" AS ENUM('VERIFICATION_APPROVED', 'VERIFICATION_REJECTED', 'POST_APPROVED', 'POST_CHANGES_REQUESTED', 'POST_REJECTED', 'POST_FEATURED', 'POST_UNFEATURED', 'REPORT_DISMISSED', 'CONTENT_HIDDEN', 'CONTENT_RESTORED', 'AUTHOR_WARNED', 'PRACTITIONER_SUSPENDED', 'PRACTITIONER_UNSUSPENDED', 'ROLE_CHANGED')`,
    );
    await queryRunner.query(
      `CREATE TABLE "moderation_log" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "actorId" uuid NOT NULL, "action" "public"."moderation_log_action" NOT NULL, "targetType" character varying(20) NOT NULL, "targetId" uuid NOT NULL, "reportId" uuid, "note" character varying(1000), "details" jsonb, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "moderation_log_target_type" CHECK ("targetType" IN ('POST', 'COMMENT', 'LEGAL_DEVELOPMENT', 'PRACTITIONER', 'NETWORK')), CONSTRAINT "PK_d0adca6ecfd068db83e4526cc26" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "moderation_log_target_idx" ON "moderation_log"  ("targetId", "createdAt", "id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "moderation_log_actor_idx" ON "moderation_log"  ("actorId", "createdAt", "id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "moderation_log_time_idx" ON "moderation_log"  ("createdAt", "id") `,
    );
    // The moderation log is append-only: the database itself refuses to change or remove a record.
    await queryRunner.query(
      `CREATE FUNCTION moderation_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN RAISE EXCEPTION 'moderation_log is append-only'; END $$`,
    );
    await queryRunner.query(
      `CREATE TRIGGER moderation_log_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON "moderation_log"
       FOR EACH STATEMENT EXECUTE FUNCTION moderation_log_append_only()`,
    );
    await queryRunner.query(
      `CREATE TABLE "moderation_assignment" ("itemKey" character varying(120) NOT NULL, "assigneeId" uuid NOT NULL, "assignedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_0c7dcf41bde121d70d7bc34edd6" PRIMARY KEY ("itemKey"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "practitioner_block" ("blockerId" uuid NOT NULL, "blockedId" uuid NOT NULL, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "practitioner_block_not_self" CHECK ("blockerId" <> "blockedId"), CONSTRAINT "PK_51ea519c431860bf698a5decd59" PRIMARY KEY ("blockerId", "blockedId"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "practitioner_block_blocked_idx" ON "practitioner_block"  ("blockedId", "blockerId") `,
    );
    await queryRunner.query(
      `CREATE TABLE "practitioner_mute" ("muterId" uuid NOT NULL, "mutedId" uuid NOT NULL, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "practitioner_mute_not_self" CHECK ("muterId" <> "mutedId"), CONSTRAINT "PK_080e08b06d54c4b1e39381757e3" PRIMARY KEY ("muterId", "mutedId"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "network_mute" ("muterId" uuid NOT NULL, "networkId" uuid NOT NULL, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_60dfae5eb02811288ee52f23384" PRIMARY KEY ("muterId", "networkId"))`,
    );
    await queryRunner.query(
      `CREATE TYPE "public"."notification_type" AS ENUM('COMMENT_ON_YOUR_POST', 'REPLY_TO_YOUR_COMMENT', 'POST_ENDORSED', 'POST_REVIEWED', 'CONTACT_REQUEST', 'CONTACT_ACCEPTED', 'NETWORK_JOIN_REQUEST', 'NETWORK_INVITATION', 'VERIFICATION_DECIDED', 'LEGAL_DEVELOPMENT_IN_FOLLOWED_COUNTRY', 'MODERATION_ACTION_ON_YOUR_CONTENT')`,
    );
    await queryRunner.query(
      `CREATE TABLE "notification" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "recipientId" uuid NOT NULL, "type" "public"."notification_type" NOT NULL, "actorId" uuid, "subjectType" character varying(40), "subjectId" uuid, "decision" character varying(40), "note" character varying(1000), "readAt" TIMESTAMP WITH TIME ZONE, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_705b6c7cdf9b2c2ff7ac7872cb7" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "notification_unread_idx" ON "notification"  ("recipientId") WHERE "readAt" IS NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX "notification_recipient_idx" ON "notification"  ("recipientId", "createdAt", "id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "notification_preference" ("practitionerId" uuid NOT NULL, "type" character varying(60) NOT NULL, "enabled" boolean NOT NULL, CONSTRAINT "PK_b722c246d2f5f6e850cda8f017c" PRIMARY KEY ("practitionerId", "type"))`,
    );
    await queryRunner.query(`ALTER TABLE "practitioner" ADD "suspendedUntil" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "practitioner" ADD "suspensionReason" character varying(1000)`);
    await queryRunner.query(`ALTER TABLE "post" ADD "hiddenAt" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "comment" ADD "hiddenAt" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(
      `ALTER TABLE "report" ADD CONSTRAINT "FK_253163ca85b927f62596606f6cc" FOREIGN KEY ("reporterId") REFERENCES "practitioner"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "report" ADD CONSTRAINT "FK_b124e169f2e90e688c4570e4357" FOREIGN KEY ("resolvedById") REFERENCES "practitioner"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "moderation_assignment" ADD CONSTRAINT "FK_685ae1ec98ad564e1706ac6e6db" FOREIGN KEY ("assigneeId") REFERENCES "practitioner"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "practitioner_block" ADD CONSTRAINT "FK_4cf04d1aa908d0fb18d789b741a" FOREIGN KEY ("blockerId") REFERENCES "practitioner"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "practitioner_block" ADD CONSTRAINT "FK_2f36aac690a5fdcb4f9d6373c58" FOREIGN KEY ("blockedId") REFERENCES "practitioner"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "practitioner_mute" ADD CONSTRAINT "FK_3cf9b92b739bad6598d04cbfe36" FOREIGN KEY ("muterId") REFERENCES "practitioner"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "practitioner_mute" ADD CONSTRAINT "FK_0f35e4754ac8dad1526a799f191" FOREIGN KEY ("mutedId") REFERENCES "practitioner"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "network_mute" ADD CONSTRAINT "FK_860f33d973d0892091b6f165000" FOREIGN KEY ("muterId") REFERENCES "practitioner"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "network_mute" ADD CONSTRAINT "FK_ecd641278b616f7913a1a0f1a31" FOREIGN KEY ("networkId") REFERENCES "network"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "notification" ADD CONSTRAINT "FK_ab7cbe7a013ecac5da0a8f88884" FOREIGN KEY ("recipientId") REFERENCES "practitioner"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "notification" ADD CONSTRAINT "FK_c5133a026bd1b3d9feccac1a234" FOREIGN KEY ("actorId") REFERENCES "practitioner"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "notification_preference" ADD CONSTRAINT "FK_97111f1b269ce39d4a36e1f24dc" FOREIGN KEY ("practitionerId") REFERENCES "practitioner"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "notification_preference" DROP CONSTRAINT "FK_97111f1b269ce39d4a36e1f24dc"`,
    );
    await queryRunner.query(`ALTER TABLE "notification" DROP CONSTRAINT "FK_c5133a026bd1b3d9feccac1a234"`);
    await queryRunner.query(`ALTER TABLE "notification" DROP CONSTRAINT "FK_ab7cbe7a013ecac5da0a8f88884"`);
    await queryRunner.query(`ALTER TABLE "network_mute" DROP CONSTRAINT "FK_ecd641278b616f7913a1a0f1a31"`);
    await queryRunner.query(`ALTER TABLE "network_mute" DROP CONSTRAINT "FK_860f33d973d0892091b6f165000"`);
    await queryRunner.query(
      `ALTER TABLE "practitioner_mute" DROP CONSTRAINT "FK_0f35e4754ac8dad1526a799f191"`,
    );
    await queryRunner.query(
      `ALTER TABLE "practitioner_mute" DROP CONSTRAINT "FK_3cf9b92b739bad6598d04cbfe36"`,
    );
    await queryRunner.query(
      `ALTER TABLE "practitioner_block" DROP CONSTRAINT "FK_2f36aac690a5fdcb4f9d6373c58"`,
    );
    await queryRunner.query(
      `ALTER TABLE "practitioner_block" DROP CONSTRAINT "FK_4cf04d1aa908d0fb18d789b741a"`,
    );
    await queryRunner.query(
      `ALTER TABLE "moderation_assignment" DROP CONSTRAINT "FK_685ae1ec98ad564e1706ac6e6db"`,
    );
    await queryRunner.query(`ALTER TABLE "report" DROP CONSTRAINT "FK_b124e169f2e90e688c4570e4357"`);
    await queryRunner.query(`ALTER TABLE "report" DROP CONSTRAINT "FK_253163ca85b927f62596606f6cc"`);
    await queryRunner.query(`ALTER TABLE "comment" DROP COLUMN "hiddenAt"`);
    await queryRunner.query(`ALTER TABLE "post" DROP COLUMN "hiddenAt"`);
    await queryRunner.query(`ALTER TABLE "practitioner" DROP COLUMN "suspensionReason"`);
    await queryRunner.query(`ALTER TABLE "practitioner" DROP COLUMN "suspendedUntil"`);
    await queryRunner.query(`DROP TABLE "notification_preference"`);
    await queryRunner.query(`DROP INDEX "public"."notification_recipient_idx"`);
    await queryRunner.query(`DROP INDEX "public"."notification_unread_idx"`);
    await queryRunner.query(`DROP TABLE "notification"`);
    await queryRunner.query(`DROP TYPE "public"."notification_type"`);
    await queryRunner.query(`DROP TABLE "network_mute"`);
    await queryRunner.query(`DROP TABLE "practitioner_mute"`);
    await queryRunner.query(`DROP INDEX "public"."practitioner_block_blocked_idx"`);
    await queryRunner.query(`DROP TABLE "practitioner_block"`);
    await queryRunner.query(`DROP TABLE "moderation_assignment"`);
    await queryRunner.query(`DROP INDEX "public"."moderation_log_time_idx"`);
    await queryRunner.query(`DROP INDEX "public"."moderation_log_actor_idx"`);
    await queryRunner.query(`DROP INDEX "public"."moderation_log_target_idx"`);
    await queryRunner.query(`DROP TRIGGER moderation_log_append_only ON "moderation_log"`);
    await queryRunner.query(`DROP FUNCTION moderation_log_append_only()`);
    await queryRunner.query(`DROP TABLE "moderation_log"`);
    await queryRunner.query(`DROP TYPE "public"."moderation_log_action"`);
    await queryRunner.query(`DROP INDEX "public"."report_open_unique"`);
    await queryRunner.query(`DROP INDEX "public"."report_target_idx"`);
    await queryRunner.query(`DROP INDEX "public"."report_open_idx"`);
    await queryRunner.query(`DROP TABLE "report"`);
    await queryRunner.query(`DROP TYPE "public"."moderation_action"`);
    await queryRunner.query(`DROP TYPE "public"."report_status"`);
    await queryRunner.query(`DROP TYPE "public"."report_reason"`);
  }
}
