import type { MigrationInterface, QueryRunner } from 'typeorm';

export class LiveEventCalendars1796168314769 implements MigrationInterface {
  name = 'LiveEventCalendars1796168314769';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "live_event_calendar_feed" ("practitionerId" uuid NOT NULL, "tokenHash" character varying(64) NOT NULL, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "live_event_calendar_feed_token" UNIQUE ("tokenHash"), CONSTRAINT "PK_64dfdae64a92ef493286223490e" PRIMARY KEY ("practitionerId"))`,
    );
    await queryRunner.query(`ALTER TABLE "live_event" ADD "sequence" integer NOT NULL DEFAULT '0'`);
    await queryRunner.query(
      `ALTER TABLE "live_event_calendar_feed" ADD CONSTRAINT "FK_64dfdae64a92ef493286223490e" FOREIGN KEY ("practitionerId") REFERENCES "practitioner"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "live_event_calendar_feed" DROP CONSTRAINT "FK_64dfdae64a92ef493286223490e"`,
    );
    await queryRunner.query(`ALTER TABLE "live_event" DROP COLUMN "sequence"`);
    await queryRunner.query(`DROP TABLE "live_event_calendar_feed"`);
  }
}
