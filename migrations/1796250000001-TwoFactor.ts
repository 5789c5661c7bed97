import type { MigrationInterface, QueryRunner } from 'typeorm';

export class TwoFactor1796250000001 implements MigrationInterface {
  name = 'TwoFactor1796250000001';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "two_factor" ("practitionerId" uuid NOT NULL, "sealedSecret" character varying(200), "pendingSealedSecret" character varying(200), "pendingSince" TIMESTAMP WITH TIME ZONE, "enabledAt" TIMESTAMP WITH TIME ZONE, "lastUsedStep" bigint, CONSTRAINT "PK_991c394a19ceb4d26a3e1e59dbf" PRIMARY KEY ("practitionerId"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "two_factor_recovery_code" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "practitionerId" uuid NOT NULL, "codeHash" character(64) NOT NULL, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "usedAt" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_fa04aedaed83606b135f6391294" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "two_factor_recovery_code_key" ON "two_factor_recovery_code"  ("practitionerId", "codeHash") `,
    );
    await queryRunner.query(
      `CREATE TABLE "login_challenge" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "practitionerId" uuid NOT NULL, "tokenHash" character(64) NOT NULL, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "expiresAt" TIMESTAMP WITH TIME ZONE NOT NULL, "endedAt" TIMESTAMP WITH TIME ZONE, "failures" integer NOT NULL DEFAULT '0', CONSTRAINT "PK_179c2cb373394f4f74956209237" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "login_challenge_practitioner_idx" ON "login_challenge"  ("practitionerId") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "login_challenge_hash_key" ON "login_challenge"  ("tokenHash") `,
    );
    await queryRunner.query(
      `ALTER TABLE "two_factor" ADD CONSTRAINT "FK_991c394a19ceb4d26a3e1e59dbf" FOREIGN KEY ("practitionerId") REFERENCES "practitioner"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "two_factor_recovery_code" ADD CONSTRAINT "FK_1442c6d15dd72ea483086da2f15" FOREIGN KEY ("practitionerId") REFERENCES "practitioner"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "login_challenge" ADD CONSTRAINT "FK_3ceed4577dda30b17921de0e409" FOREIGN KEY ("practitionerId") REFERENCES "practitioner"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "login_challenge" DROP CONSTRAINT "FK_3ceed4577dda30b17921de0e409"`);
    await queryRunner.query(
      `ALTER TABLE "two_factor_recovery_code" DROP CONSTRAINT "FK_1442c6d15dd72ea483086da2f15"`,
    );
    await queryRunner.query(`ALTER TABLE "two_factor" DROP CONSTRAINT "FK_991c394a19ceb4d26a3e1e59dbf"`);
    await queryRunner.query(`DROP INDEX "public"."login_challenge_hash_key"`);
    await queryRunner.query(`DROP INDEX "public"."login_challenge_practitioner_idx"`);
    await queryRunner.query(`DROP TABLE "login_challenge"`);
    await queryRunner.query(`DROP INDEX "public"."two_factor_recovery_code_key"`);
    await queryRunner.query(`DROP TABLE "two_factor_recovery_code"`);
    await queryRunner.query(`DROP TABLE "two_factor"`);
  }
}
