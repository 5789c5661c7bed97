import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Signed upload URLs of the library (issue 14): uploads waiting to be attached to a publication version. */
export class PublicationUploads1796520000002 implements MigrationInterface {
  name = 'PublicationUploads1796520000002';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "publication_upload" ("id" uuid NOT NULL, "ownerId" uuid NOT NULL, "purpose" character varying(40) NOT NULL, "fileName" character varying(255) NOT NULL, "declaredSize" bigint NOT NULL, "declaredType" character varying(100) NOT NULL, "expiresAt" TIMESTAMP WITH TIME ZONE NOT NULL, "receivedAt" TIMESTAMP WITH TIME ZONE, "fileContentType" character varying(100), "fileSize" bigint, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_1fe8ac9cc61867eb8d842880237" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "publication_upload_created_idx" ON "publication_upload" ("createdAt") `,
    );
    await queryRunner.query(
      `ALTER TABLE "publication_upload" ADD CONSTRAINT "FK_62cd0896caf282fab1ad6eac3f6" FOREIGN KEY ("ownerId") REFERENCES "practitioner"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "publication_upload" DROP CONSTRAINT "FK_62cd0896caf282fab1ad6eac3f6"`,
    );
    await queryRunner.query(`DROP INDEX "public"."publication_upload_created_idx"`);
    await queryRunner.query(`DROP TABLE "publication_upload"`);
  }
}
