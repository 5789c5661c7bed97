import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Certificates1796360000001 implements MigrationInterface {
  name = 'Certificates1796360000001';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "certificate" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "code" character varying(64) NOT NULL, "courseId" uuid NOT NULL, "holderId" uuid NOT NULL, "enrollmentId" uuid, "issuedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "revokedAt" TIMESTAMP WITH TIME ZONE, "revokedById" uuid, "revocationReason" character varying(1000), CONSTRAINT "PK_8daddfc65f59e341c2bbc9c9e43" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "certificate_holder_idx" ON "certificate"  ("holderId", "issuedAt", "id") `,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "certificate_code" ON "certificate"  ("code") `);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "certificate_once" ON "certificate"  ("courseId", "holderId") `,
    );
    await queryRunner.query(
      `ALTER TABLE "certificate" ADD CONSTRAINT "FK_067bc1af8daea88b10772b8749f" FOREIGN KEY ("courseId") REFERENCES "course"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "certificate" ADD CONSTRAINT "FK_95562af43a0369b9b2037b8ae37" FOREIGN KEY ("holderId") REFERENCES "practitioner"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "certificate" ADD CONSTRAINT "FK_f531d68488c762967073817d8be" FOREIGN KEY ("enrollmentId") REFERENCES "course_enrollment"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "certificate" ADD CONSTRAINT "FK_4de613c5c3c799e902d8b4884af" FOREIGN KEY ("revokedById") REFERENCES "practitioner"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "certificate" DROP CONSTRAINT "FK_4de613c5c3c799e902d8b4884af"`);
    await queryRunner.query(`ALTER TABLE "certificate" DROP CONSTRAINT "FK_f531d68488c762967073817d8be"`);
    await queryRunner.query(`ALTER TABLE "certificate" DROP CONSTRAINT "FK_95562af43a0369b9b2037b8ae37"`);
    await queryRunner.query(`ALTER TABLE "certificate" DROP CONSTRAINT "FK_067bc1af8daea88b10772b8749f"`);
    await queryRunner.query(`DROP INDEX "public"."certificate_once"`);
    await queryRunner.query(`DROP INDEX "public"."certificate_code"`);
    await queryRunner.query(`DROP INDEX "public"."certificate_holder_idx"`);
    await queryRunner.query(`DROP TABLE "certificate"`);
  }
}
