import type { MigrationInterface, QueryRunner } from 'typeorm';

export class IdempotencyKeys1795870382987 implements MigrationInterface {
  name = 'IdempotencyKeys1795870382987';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "idempotency_key" ("practitionerId" uuid NOT NULL, "key" character varying(100) NOT NULL, "operation" character varying(40) NOT NULL, "requestHash" character(64) NOT NULL, "resultId" uuid, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "idempotency_key_length" CHECK (char_length("key") BETWEEN 1 AND 100), CONSTRAINT "PK_d73e10b58cbc48b4c342718c65f" PRIMARY KEY ("practitionerId", "key"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "idempotency_key_created_idx" ON "idempotency_key"  ("createdAt") `,
    );
    await queryRunner.query(
      `ALTER TABLE "idempotency_key" ADD CONSTRAINT "FK_a6ebe89d60d7f5c90ac33f8ffbc" FOREIGN KEY ("practitionerId") REFERENCES "practitioner"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "idempotency_key" DROP CONSTRAINT "FK_a6ebe89d60d7f5c90ac33f8ffbc"`);
    await queryRunner.query(`DROP INDEX "public"."idempotency_key_created_idx"`);
    await queryRunner.query(`DROP TABLE "idempotency_key"`);
  }
}
