import type { MigrationInterface, QueryRunner } from 'typeorm';

export class LiveEvents1796166877116 implements MigrationInterface {
  name = 'LiveEvents1796166877116';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TYPE "public"."live_event_status" AS ENUM('DRAFT', 'SCHEDULED', 'LIVE', 'ENDED', 'CANCELLED')`,
    );
    await queryRunner.query(`CREATE TYPE "public"."live_event_visibility" AS ENUM('COMMUNITY', 'NETWORKS')`);
    await queryRunner.query(
      `CREATE TYPE "public"."live_event_registration_policy" AS ENUM('OPEN', 'APPROVAL', 'INVITE_ONLY')`,
    );
    await queryRunner.query(
      `CREATE TABLE "live_event" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "title" character varying(200) NOT NULL, "summary" character varying(1000) NOT NULL DEFAULT '', "body" text NOT NULL DEFAULT '', "language" character varying(2) NOT NULL, "thematicAreaCodes" text array NOT NULL DEFAULT '{}', "publishedAt" TIMESTAMP WITH TIME ZONE, "editedAt" TIMESTAMP WITH TIME ZONE, "hiddenAt" TIMESTAMP WITH TIME ZONE, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "authorId" uuid NOT NULL, "startsAt" TIMESTAMP WITH TIME ZONE NOT NULL, "endsAt" TIMESTAMP WITH TIME ZONE NOT NULL, "timeZone" character varying(64) NOT NULL, "status" "public"."live_event_status" NOT NULL DEFAULT 'DRAFT', "visibility" "public"."live_event_visibility" NOT NULL DEFAULT 'COMMUNITY', "countryCodes" text array NOT NULL DEFAULT '{}', "interpretationLanguages" text array NOT NULL DEFAULT '{}', "capacity" integer NOT NULL, "registrationPolicy" "public"."live_event_registration_policy" NOT NULL DEFAULT 'OPEN', "joinUrl" character varying(2000), "registeredCount" integer NOT NULL DEFAULT '0', "waitingCount" integer NOT NULL DEFAULT '0', CONSTRAINT "live_event_seats" CHECK ("capacity" >= 1 AND "registeredCount" >= 0 AND "registeredCount" <= "capacity" AND "waitingCount" >= 0), CONSTRAINT "live_event_times" CHECK ("endsAt" > "startsAt"), CONSTRAINT "live_event_title_len" CHECK (char_length("title") BETWEEN 1 AND 200), CONSTRAINT "live_event_summary_len" CHECK (char_length("summary") <= 1000), CONSTRAINT "live_event_body_len" CHECK (char_length("body") <= 20000), CONSTRAINT "live_event_language" CHECK ("language" IN ('ar', 'zh', 'en', 'fr', 'ru', 'es')), CONSTRAINT "PK_00a726071a9457820e5a6471d36" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "live_event_author_idx" ON "live_event"  ("authorId", "startsAt") `,
    );
    await queryRunner.query(`CREATE INDEX "live_event_starts_idx" ON "live_event"  ("startsAt", "id") `);
    await queryRunner.query(
      `CREATE TABLE "live_event_network" ("eventId" uuid NOT NULL, "networkId" uuid NOT NULL, CONSTRAINT "PK_da3e2c945d2c5fcfcb5cf08f60e" PRIMARY KEY ("eventId", "networkId"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "live_event_network_network_idx" ON "live_event_network"  ("networkId", "eventId") `,
    );
    await queryRunner.query(
      `CREATE TYPE "public"."live_event_speaker_role" AS ENUM('ORGANIZER', 'MODERATOR', 'SPEAKER', 'INTERPRETER')`,
    );
    await queryRunner.query(
      `CREATE TABLE "live_event_speaker" ("eventId" uuid NOT NULL, "practitionerId" uuid NOT NULL, "role" "public"."live_event_speaker_role" NOT NULL, "position" smallint NOT NULL DEFAULT '0', CONSTRAINT "PK_2d3b4f3a2d1479d64e26add7fe5" PRIMARY KEY ("eventId", "practitionerId"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "live_event_speaker_practitioner_idx" ON "live_event_speaker"  ("practitionerId", "eventId") `,
    );
    await queryRunner.query(
      `CREATE TYPE "public"."live_event_registration_status" AS ENUM('INVITED', 'PENDING', 'APPROVED', 'WAITING', 'DECLINED', 'WITHDRAWN')`,
    );
    await queryRunner.query(
      `CREATE TABLE "live_event_registration" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "eventId" uuid NOT NULL, "practitionerId" uuid NOT NULL, "status" "public"."live_event_registration_status" NOT NULL, "queuedAt" TIMESTAMP WITH TIME ZONE, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "live_event_registration_once" UNIQUE ("eventId", "practitionerId"), CONSTRAINT "PK_c98f110283e37afd398ad610bab" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "live_event_registration_practitioner_idx" ON "live_event_registration"  ("practitionerId", "eventId") `,
    );
    await queryRunner.query(
      `CREATE INDEX "live_event_registration_waiting_idx" ON "live_event_registration"  ("eventId", "queuedAt", "id") WHERE "status" = 'WAITING'`,
    );
    await queryRunner.query(
      `CREATE INDEX "live_event_registration_list_idx" ON "live_event_registration"  ("eventId", "createdAt", "id") `,
    );
    await queryRunner.query(`ALTER TYPE "public"."notification_type" ADD VALUE 'LIVE_EVENT_INVITATION'`);
    await queryRunner.query(
      `ALTER TYPE "public"."notification_type" ADD VALUE 'LIVE_EVENT_REGISTRATION_DECIDED'`,
    );
    await queryRunner.query(`ALTER TYPE "public"."notification_type" ADD VALUE 'LIVE_EVENT_PROMOTED'`);
    await queryRunner.query(`ALTER TYPE "public"."notification_type" ADD VALUE 'LIVE_EVENT_CANCELLED'`);
    await queryRunner.query(
      `ALTER TABLE "live_event" ADD CONSTRAINT "FK_e93e250839c73ac775305cd1600" FOREIGN KEY ("authorId") REFERENCES "practitioner"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "live_event_network" ADD CONSTRAINT "FK_130f683640e5a9de15f1fc0e40c" FOREIGN KEY ("eventId") REFERENCES "live_event"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "live_event_network" ADD CONSTRAINT "FK_d5a2cd0db67720cc4685a3d2d1e" FOREIGN KEY ("networkId") REFERENCES "network"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "live_event_speaker" ADD CONSTRAINT "FK_20cd4d1bedf25a26340f97c76a3" FOREIGN KEY ("eventId") REFERENCES "live_event"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "live_event_speaker" ADD CONSTRAINT "FK_c84bc4f92ec5260088bde7f3b7e" FOREIGN KEY ("practitionerId") REFERENCES "practitioner"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "live_event_registration" ADD CONSTRAINT "FK_e6a173218b3bb79b6c4784ce1c5" FOREIGN KEY ("eventId") REFERENCES "live_event"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "live_event_registration" ADD CONSTRAINT "FK_68491fda692fbbb589161b7020e" FOREIGN KEY ("practitionerId") REFERENCES "practitioner"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    // Live events can be reported and logged (TargetType LIVE_EVENT; TypeORM does not diff check texts).
    await queryRunner.query(`ALTER TABLE "report" DROP CONSTRAINT "report_target_type"`);
    await queryRunner.query(
      `ALTER TABLE "report" ADD CONSTRAINT "report_target_type" CHECK ("targetType" IN ('POST', 'COMMENT', 'LEGAL_DEVELOPMENT', 'LIVE_EVENT', 'PRACTITIONER', 'NETWORK'))`,
    );
    await queryRunner.query(`ALTER TABLE "moderation_log" DROP CONSTRAINT "moderation_log_target_type"`);
    await queryRunner.query(
      `ALTER TABLE "moderation_log" ADD CONSTRAINT "moderation_log_target_type" CHECK ("targetType" IN ('POST', 'COMMENT', 'LEGAL_DEVELOPMENT', 'LIVE_EVENT', 'PRACTITIONER', 'NETWORK'))`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "report" DROP CONSTRAINT "report_target_type"`);
    await queryRunner.query(
      `ALTER TABLE "report" ADD CONSTRAINT "report_target_type" CHECK ("targetType" IN ('POST', 'COMMENT', 'LEGAL_DEVELOPMENT', 'PRACTITIONER', 'NETWORK'))`,
    );
    await queryRunner.query(`ALTER TABLE "moderation_log" DROP CONSTRAINT "moderation_log_target_type"`);
    await queryRunner.query(
      `ALTER TABLE "moderation_log" ADD CONSTRAINT "moderation_log_target_type" CHECK ("targetType" IN ('POST', 'COMMENT', 'LEGAL_DEVELOPMENT', 'PRACTITIONER', 'NETWORK'))`,
    );
    await queryRunner.query(
      `ALTER TABLE "live_event_registration" DROP CONSTRAINT "FK_68491fda692fbbb589161b7020e"`,
    );
    await queryRunner.query(
      `ALTER TABLE "live_event_registration" DROP CONSTRAINT "FK_e6a173218b3bb79b6c4784ce1c5"`,
    );
    await queryRunner.query(
      `ALTER TABLE "live_event_speaker" DROP CONSTRAINT "FK_c84bc4f92ec5260088bde7f3b7e"`,
    );
    await queryRunner.query(
      `ALTER TABLE "live_event_speaker" DROP CONSTRAINT "FK_20cd4d1bedf25a26340f97c76a3"`,
    );
    await queryRunner.query(
      `ALTER TABLE "live_event_network" DROP CONSTRAINT "FK_d5a2cd0db67720cc4685a3d2d1e"`,
    );
    await queryRunner.query(
      `ALTER TABLE "live_event_network" DROP CONSTRAINT "FK_130f683640e5a9de15f1fc0e40c"`,
    );
    await queryRunner.query(`ALTER TABLE "live_event" DROP CONSTRAINT "FK_e93e250839c73ac775305cd1600"`);
    await queryRunner.query(
      `CREATE TYPE "public"."notification_type_old" AS ENUM('COMMENT_ON_YOUR_POST', 'REPLY_TO_YOUR_COMMENT', 'POST_ENDORSED', 'POST_REVIEWED', 'CONTACT_REQUEST', 'CONTACT_ACCEPTED', 'NETWORK_JOIN_REQUEST', 'NETWORK_INVITATION', 'VERIFICATION_DECIDED', 'LEGAL_DEVELOPMENT_IN_FOLLOWED_COUNTRY', 'MODERATION_ACTION_ON_YOUR_CONTENT')`,
    );
    await queryRunner.query(
      `ALTER TABLE "notification" ALTER COLUMN "type" TYPE "public"."notification_type_old" USING "type"::"text"::"public"."notification_type_old"`,
    );
    await queryRunner.query(`DROP TYPE "public"."notification_type"`);
    await queryRunner.query(`ALTER TYPE "public"."notification_type_old" RENAME TO "notification_type"`);
    await queryRunner.query(`DROP INDEX "public"."live_event_registration_list_idx"`);
    await queryRunner.query(`DROP INDEX "public"."live_event_registration_waiting_idx"`);
    await queryRunner.query(`DROP INDEX "public"."live_event_registration_practitioner_idx"`);
    await queryRunner.query(`DROP TABLE "live_event_registration"`);
    await queryRunner.query(`DROP TYPE "public"."live_event_registration_status"`);
    await queryRunner.query(`DROP INDEX "public"."live_event_speaker_practitioner_idx"`);
    await queryRunner.query(`DROP TABLE "live_event_speaker"`);
    await queryRunner.query(`DROP TYPE "public"."live_event_speaker_role"`);
    await queryRunner.query(`DROP INDEX "public"."live_event_network_network_idx"`);
    await queryRunner.query(`DROP TABLE "live_event_network"`);
    await queryRunner.query(`DROP INDEX "public"."live_event_starts_idx"`);
    await queryRunner.query(`DROP INDEX "public"."live_event_author_idx"`);
    await queryRunner.query(`DROP TABLE "live_event"`);
    await queryRunner.query(`DROP TYPE "public"."live_event_registration_policy"`);
    await queryRunner.query(`DROP TYPE "public"."live_event_visibility"`);
    await queryRunner.query(`DROP TYPE "public"."live_event_status"`);
  }
}
