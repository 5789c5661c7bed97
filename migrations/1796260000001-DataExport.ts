import type { MigrationInterface, QueryRunner } from 'typeorm';

export class DataExport1796260000001 implements MigrationInterface {
  name = 'DataExport1796260000001';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "data_export" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "practitionerId" uuid NOT NULL, "status" character varying(20) NOT NULL DEFAULT 'PENDING', "requestedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "readyAt" TIMESTAMP WITH TIME ZONE, "expiresAt" TIMESTAMP WITH TIME ZONE, "tokenHash" character varying(64), "sealedToken" text, "sizeBytes" integer, "archive" bytea, CONSTRAINT "UQ_998f5247dcd239bc92f1ef9adf8" UNIQUE ("tokenHash"), CONSTRAINT "PK_0765a950021643539f983b764ad" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "data_export_expires_idx" ON "data_export"  ("expiresAt") `);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "data_export_one_pending" ON "data_export"  ("practitionerId") WHERE "status" = 'PENDING'`,
    );
    await queryRunner.query(
      `CREATE INDEX "data_export_practitioner_idx" ON "data_export"  ("practitionerId", "requestedAt", "id") `,
    );
    await queryRunner.query(`ALTER TYPE "public"."notification_type" ADD VALUE 'DATA_EXPORT_READY'`);
    await queryRunner.query(
      `ALTER TABLE "data_export" ADD CONSTRAINT "FK_e40124dd0f8b88a90d242447c49" FOREIGN KEY ("practitionerId") REFERENCES "practitioner"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "data_export" DROP CONSTRAINT "FK_e40124dd0f8b88a90d242447c49"`);
    // The old type has no DATA_EXPORT_READY: those notifications go with the feature.
    await queryRunner.query(`DELETE FROM "notification" WHERE "type" = 'DATA_EXPORT_READY'`);
    await queryRunner.query(
      `CREATE TYPE "public"."notification_type_old" AS ENUM('COMMENT_ON_YOUR_POST', 'REPLY_TO_YOUR_COMMENT', 'POST_ENDORSED', 'POST_REVIEWED', 'CONTACT_REQUEST', 'CONTACT_ACCEPTED', 'NETWORK_JOIN_REQUEST', 'NETWORK_INVITATION', 'VERIFICATION_DECIDED', 'LEGAL_DEVELOPMENT_IN_FOLLOWED_COUNTRY', 'MODERATION_ACTION_ON_YOUR_CONTENT', 'LIVE_EVENT_INVITATION', 'LIVE_EVENT_REGISTRATION_DECIDED', 'LIVE_EVENT_PROMOTED', 'LIVE_EVENT_CANCELLED', 'LIVE_EVENT_QUESTION_ANSWERED', 'LIVE_EVENT_CHANGED', 'LIVE_EVENT_REMINDER_24H', 'LIVE_EVENT_REMINDER_1H')`,
    );
    await queryRunner.query(
      `ALTER TABLE "notification" ALTER COLUMN "type" TYPE "public"."notification_type_old" USING "type"::"text"::"public"."notification_type_old"`,
    );
    await queryRunner.query(`DROP TYPE "public"."notification_type"`);
    await queryRunner.query(`ALTER TYPE "public"."notification_type_old" RENAME TO "notification_type"`);
    await queryRunner.query(`DROP INDEX "public"."data_export_practitioner_idx"`);
    await queryRunner.query(`DROP INDEX "public"."data_export_one_pending"`);
    await queryRunner.query(`DROP INDEX "public"."data_export_expires_idx"`);
    await queryRunner.query(`DROP TABLE "data_export"`);
  }
}
