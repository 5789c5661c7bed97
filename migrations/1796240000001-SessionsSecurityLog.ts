import type { MigrationInterface, QueryRunner } from 'typeorm';

export class SessionsSecurityLog1796240000001 implements MigrationInterface {
  name = 'SessionsSecurityLog1796240000001';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "security_event" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "practitionerId" uuid NOT NULL, "kind" character varying(40) NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "sessionId" uuid, "clientName" character varying(100), "ipPrefix" character varying(64), "details" jsonb, CONSTRAINT "PK_fb070407ce281c218223836bad4" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "security_event_at_idx" ON "security_event"  ("at") `);
    await queryRunner.query(
      `CREATE INDEX "security_event_practitioner_at_idx" ON "security_event"  ("practitionerId", "at", "id") `,
    );
    await queryRunner.query(`ALTER TABLE "auth_session" ADD "clientName" character varying(100)`);
    await queryRunner.query(`ALTER TABLE "auth_session" ADD "ipPrefix" character varying(64)`);
    await queryRunner.query(
      `ALTER TABLE "auth_session" ADD "lastUsedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now()`,
    );
    // Sessions opened before: their last known use is their last sign-in or refresh.
    await queryRunner.query(`UPDATE "auth_session" SET "lastUsedAt" = "refreshedAt"`);
    await queryRunner.query(
      `ALTER TABLE "security_event" ADD CONSTRAINT "FK_ec3436d2cd73a0d56a0d2fba390" FOREIGN KEY ("practitionerId") REFERENCES "practitioner"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "security_event" DROP CONSTRAINT "FK_ec3436d2cd73a0d56a0d2fba390"`);
    await queryRunner.query(`ALTER TABLE "auth_session" DROP COLUMN "lastUsedAt"`);
    await queryRunner.query(`ALTER TABLE "auth_session" DROP COLUMN "ipPrefix"`);
    await queryRunner.query(`ALTER TABLE "auth_session" DROP COLUMN "clientName"`);
    await queryRunner.query(`DROP INDEX "public"."security_event_practitioner_at_idx"`);
    await queryRunner.query(`DROP INDEX "public"."security_event_at_idx"`);
    await queryRunner.query(`DROP TABLE "security_event"`);
  }
}
