import type { MigrationInterface, QueryRunner } from 'typeorm';

export class AccountMail1796230000016 implements MigrationInterface {
  name = 'AccountMail1796230000016';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "account_token" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "practitionerId" uuid NOT NULL, "purpose" character varying(30) NOT NULL, "tokenHash" character(64) NOT NULL, "email" character varying(254), "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "expiresAt" TIMESTAMP WITH TIME ZONE NOT NULL, "usedAt" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_a55842d3341d42534e39f85e931" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "account_token_practitioner_idx" ON "account_token"  ("practitionerId", "purpose") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "account_token_hash_key" ON "account_token"  ("tokenHash") `,
    );
    await queryRunner.query(
      `CREATE TABLE "mail_delivery" ("eventId" uuid NOT NULL, "template" character varying(40) NOT NULL, "deliveredAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_0437e8df2d6190a5111755f3f90" PRIMARY KEY ("eventId"))`,
    );
    await queryRunner.query(`ALTER TABLE "practitioner" ADD "emailConfirmedAt" TIMESTAMP WITH TIME ZONE`);
    // Accounts vetted before addresses were confirmed keep working; pending ones confirm theirs through a
    // password reset (its link proves the mailbox too).
    await queryRunner.query(
      `UPDATE "practitioner" SET "emailConfirmedAt" = "createdAt" WHERE "verification" = 'VERIFIED'`,
    );
    await queryRunner.query(
      `ALTER TABLE "account_token" ADD CONSTRAINT "FK_83f9a45b7f23f7548a3c806edd0" FOREIGN KEY ("practitionerId") REFERENCES "practitioner"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "account_token" DROP CONSTRAINT "FK_83f9a45b7f23f7548a3c806edd0"`);
    await queryRunner.query(`ALTER TABLE "practitioner" DROP COLUMN "emailConfirmedAt"`);
    await queryRunner.query(`DROP TABLE "mail_delivery"`);
    await queryRunner.query(`DROP INDEX "public"."account_token_hash_key"`);
    await queryRunner.query(`DROP INDEX "public"."account_token_practitioner_idx"`);
    await queryRunner.query(`DROP TABLE "account_token"`);
  }
}
