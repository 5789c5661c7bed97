import type { MigrationInterface, QueryRunner } from 'typeorm';

export class LiveEventMaterials1796220000001 implements MigrationInterface {
  name = 'LiveEventMaterials1796220000001';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "live_event_recording" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "eventId" uuid NOT NULL, "language" character varying(2) NOT NULL, "url" character varying(2000) NOT NULL, "title" character varying(200), "durationSeconds" integer, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "live_event_recording_duration" CHECK ("durationSeconds" IS NULL OR "durationSeconds" > 0), CONSTRAINT "live_event_recording_language" CHECK ("language" IN ('ar', 'zh', 'en', 'fr', 'ru', 'es')), CONSTRAINT "PK_4b00b79d2bfd7825068a603a3ab" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "live_event_recording_event_idx" ON "live_event_recording"  ("eventId", "createdAt", "id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "live_event_transcript" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "eventId" uuid NOT NULL, "language" character varying(2) NOT NULL, "body" text NOT NULL, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "live_event_transcript_once" UNIQUE ("eventId", "language"), CONSTRAINT "live_event_transcript_language" CHECK ("language" IN ('ar', 'zh', 'en', 'fr', 'ru', 'es')), CONSTRAINT "PK_eba013edc10cc9cb03cf123be05" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "live_event_summary" ("eventId" uuid NOT NULL, "body" text NOT NULL, "postId" uuid, "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_7f4a2993d6f6d82c21f8ab718de" UNIQUE ("postId"), CONSTRAINT "PK_8852beb423e17f2e3fba1693433" PRIMARY KEY ("eventId"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "live_event_attendance" ("registrationId" uuid NOT NULL, "eventId" uuid NOT NULL, "attended" boolean NOT NULL, "attendedAt" TIMESTAMP WITH TIME ZONE, "recordedById" uuid, CONSTRAINT "PK_ee55ad027913b66bb96400ed74e" PRIMARY KEY ("registrationId"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "live_event_attendance_event_idx" ON "live_event_attendance"  ("eventId") WHERE "attended"`,
    );
    await queryRunner.query(
      `ALTER TABLE "live_event_recording" ADD CONSTRAINT "FK_7303befd5dbf82d69ae9cac04ae" FOREIGN KEY ("eventId") REFERENCES "live_event"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "live_event_transcript" ADD CONSTRAINT "FK_7e3c2014e6b298ea579db73033b" FOREIGN KEY ("eventId") REFERENCES "live_event"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "live_event_summary" ADD CONSTRAINT "FK_8852beb423e17f2e3fba1693433" FOREIGN KEY ("eventId") REFERENCES "live_event"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "live_event_attendance" ADD CONSTRAINT "FK_ee55ad027913b66bb96400ed74e" FOREIGN KEY ("registrationId") REFERENCES "live_event_registration"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "live_event_attendance" ADD CONSTRAINT "FK_d716eae61786eeb4b2a7b5b458e" FOREIGN KEY ("eventId") REFERENCES "live_event"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "live_event_attendance" ADD CONSTRAINT "FK_ddd601f8dd7edc19acc17d9cdce" FOREIGN KEY ("recordedById") REFERENCES "practitioner"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "live_event_attendance" DROP CONSTRAINT "FK_ddd601f8dd7edc19acc17d9cdce"`,
    );
    await queryRunner.query(
      `ALTER TABLE "live_event_attendance" DROP CONSTRAINT "FK_d716eae61786eeb4b2a7b5b458e"`,
    );
    await queryRunner.query(
      `ALTER TABLE "live_event_attendance" DROP CONSTRAINT "FK_ee55ad027913b66bb96400ed74e"`,
    );
    await queryRunner.query(
      `ALTER TABLE "live_event_summary" DROP CONSTRAINT "FK_8852beb423e17f2e3fba1693433"`,
    );
    await queryRunner.query(
      `ALTER TABLE "live_event_transcript" DROP CONSTRAINT "FK_7e3c2014e6b298ea579db73033b"`,
    );
    await queryRunner.query(
      `ALTER TABLE "live_event_recording" DROP CONSTRAINT "FK_7303befd5dbf82d69ae9cac04ae"`,
    );
    await queryRunner.query(`DROP INDEX "public"."live_event_attendance_event_idx"`);
    await queryRunner.query(`DROP TABLE "live_event_attendance"`);
    await queryRunner.query(`DROP TABLE "live_event_summary"`);
    await queryRunner.query(`DROP TABLE "live_event_transcript"`);
    await queryRunner.query(`DROP INDEX "public"."live_event_recording_event_idx"`);
    await queryRunner.query(`DROP TABLE "live_event_recording"`);
  }
}
