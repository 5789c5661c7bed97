import type { MigrationInterface, QueryRunner } from 'typeorm';

export class LiveEventReminders1796210000001 implements MigrationInterface {
  name = 'LiveEventReminders1796210000001';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "live_event_reminder" ("eventId" uuid NOT NULL, "practitionerId" uuid NOT NULL, "leadHours" smallint NOT NULL, "startsAt" TIMESTAMP WITH TIME ZONE NOT NULL, "sentAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_5de1b97396f2b170ca50e433be6" PRIMARY KEY ("eventId", "practitionerId", "leadHours", "startsAt"))`,
    );
    await queryRunner.query(`ALTER TYPE "public"."notification_type" ADD VALUE 'LIVE_EVENT_CHANGED'`);
    await queryRunner.query(`ALTER TYPE "public"."notification_type" ADD VALUE 'LIVE_EVENT_REMINDER_24H'`);
    await queryRunner.query(`ALTER TYPE "public"."notification_type" ADD VALUE 'LIVE_EVENT_REMINDER_1H'`);
    await queryRunner.query(
      `ALTER TABLE "live_event_reminder" ADD CONSTRAINT "FK_5502703658a5668bdbb15229833" FOREIGN KEY ("eventId") REFERENCES "live_event"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "live_event_reminder" ADD CONSTRAINT "FK_e0fbf8185d9608505d6e5809521" FOREIGN KEY ("practitionerId") REFERENCES "practitioner"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "live_event_reminder" DROP CONSTRAINT "FK_e0fbf8185d9608505d6e5809521"`,
    );
    await queryRunner.query(
      `ALTER TABLE "live_event_reminder" DROP CONSTRAINT "FK_5502703658a5668bdbb15229833"`,
    );
    await queryRunner.query(
      `CREATE TYPE "public"."notification_type_old" AS ENUM('COMMENT_ON_YOUR_POST', 'REPLY_TO_YOUR_COMMENT', 'POST_ENDORSED', 'POST_REVIEWED', 'CONTACT_REQUEST', 'CONTACT_ACCEPTED', 'NETWORK_JOIN_REQUEST', 'NETWORK_INVITATION', 'VERIFICATION_DECIDED', 'LEGAL_DEVELOPMENT_IN_FOLLOWED_COUNTRY', 'MODERATION_ACTION_ON_YOUR_CONTENT', 'LIVE_EVENT_INVITATION', 'LIVE_EVENT_REGISTRATION_DECIDED', 'LIVE_EVENT_PROMOTED', 'LIVE_EVENT_CANCELLED', 'LIVE_EVENT_QUESTION_ANSWERED')`,
    );
    await queryRunner.query(
      `ALTER TABLE "notification" ALTER COLUMN "type" TYPE "public"."notification_type_old" USING "type"::"text"::"public"."notification_type_old"`,
    );
    await queryRunner.query(`DROP TYPE "public"."notification_type"`);
    await queryRunner.query(`ALTER TYPE "public"."notification_type_old" RENAME TO "notification_type"`);
    await queryRunner.query(`DROP TABLE "live_event_reminder"`);
  }
}
