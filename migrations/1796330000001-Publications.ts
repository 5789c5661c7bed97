import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Publications1796330000001 implements MigrationInterface {
  name = 'Publications1796330000001';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TYPE "public"."publication_kind" AS ENUM('HANDBOOK', 'MODEL_LAW', 'DIGEST', 'TRAINING_MODULE', 'REPORT')`,
    );
    await queryRunner.query(`CREATE TYPE "public"."publication_visibility" AS ENUM('COMMUNITY', 'NETWORKS')`);
    await queryRunner.query(
      `CREATE TABLE "publication" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "title" character varying(300) NOT NULL, "summary" character varying(1000) NOT NULL DEFAULT '', "body" text NOT NULL DEFAULT '', "language" character varying(2) NOT NULL, "thematicAreaCodes" text array NOT NULL DEFAULT '{}', "publishedAt" TIMESTAMP WITH TIME ZONE, "editedAt" TIMESTAMP WITH TIME ZONE, "hiddenAt" TIMESTAMP WITH TIME ZONE, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "authorId" uuid NOT NULL, "kind" "public"."publication_kind" NOT NULL, "symbol" character varying(100), "isbn" character varying(13), "year" integer NOT NULL, "countryCodes" text array NOT NULL DEFAULT '{}', "visibility" "public"."publication_visibility" NOT NULL DEFAULT 'COMMUNITY', CONSTRAINT "publication_year" CHECK ("year" BETWEEN 1945 AND 2200), CONSTRAINT "publication_title_len" CHECK (char_length("title") BETWEEN 1 AND 300), CONSTRAINT "publication_summary_len" CHECK (char_length("summary") <= 1000), CONSTRAINT "publication_body_len" CHECK (char_length("body") <= 20000), CONSTRAINT "publication_language" CHECK ("language" IN ('ar', 'zh', 'en', 'fr', 'ru', 'es')), CONSTRAINT "PK_8aea8363d5213896a78d8365fab" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "publication_year_idx" ON "publication"  ("year") `);
    await queryRunner.query(`CREATE INDEX "publication_list_idx" ON "publication"  ("publishedAt", "id") `);
    await queryRunner.query(
      `CREATE TABLE "publication_network" ("publicationId" uuid NOT NULL, "networkId" uuid NOT NULL, CONSTRAINT "PK_7fbc0bd85f7a45ce6078ec52f78" PRIMARY KEY ("publicationId", "networkId"))`,
    );
    await queryRunner.query(`CREATE TABLE "publication_version" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "publicationId" uuid NOT NULL, "language" character varying(35) NOT NULL, "title" character varying(300) NOT NULL, "isOfficial" boolean NOT NULL DEFAULT false, "fileContentType" character varying(100), "fileSize" bigint, "fileName" character varying(255), "externalUrl" character varying(2000), "createdById" uuid NOT NULL, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "publication_version_source" CHECK (("fileContentType" IS NOT NULL AND "fileSize" IS NOT NULL AND "externalUrl" IS NULL)
   OR ("fileContentType" IS NULL AND "fileSize" IS NULL AND "externalUrl" IS NOT NULL)), CONSTRAINT "PK_dd843c27158a155b20aa99269ff" PRIMARY KEY ("id"))`);
    await queryRunner.query(
      `CREATE INDEX "publication_version_publication_idx" ON "publication_version"  ("publicationId", "createdAt", "id") `,
    );
    await queryRunner.query(
      `ALTER TABLE "publication" ADD CONSTRAINT "FK_152fc564787a7fc0f5456ad7dff" FOREIGN KEY ("authorId") REFERENCES "practitioner"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "publication_network" ADD CONSTRAINT "FK_55d7f5ea38d750cf1dbafb11e14" FOREIGN KEY ("publicationId") REFERENCES "publication"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "publication_network" ADD CONSTRAINT "FK_74780a89e39dc394cc3d5f760a1" FOREIGN KEY ("networkId") REFERENCES "network"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "publication_version" ADD CONSTRAINT "FK_97a7f548212d25c0615ad089970" FOREIGN KEY ("publicationId") REFERENCES "publication"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "publication_version" ADD CONSTRAINT "FK_aeb73f14a9fd6f74cbd6e855e4b" FOREIGN KEY ("createdById") REFERENCES "practitioner"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "publication_version" DROP CONSTRAINT "FK_aeb73f14a9fd6f74cbd6e855e4b"`,
    );
    await queryRunner.query(
      `ALTER TABLE "publication_version" DROP CONSTRAINT "FK_97a7f548212d25c0615ad089970"`,
    );
    await queryRunner.query(
      `ALTER TABLE "publication_network" DROP CONSTRAINT "FK_74780a89e39dc394cc3d5f760a1"`,
    );
    await queryRunner.query(
      `ALTER TABLE "publication_network" DROP CONSTRAINT "FK_55d7f5ea38d750cf1dbafb11e14"`,
    );
    await queryRunner.query(`ALTER TABLE "publication" DROP CONSTRAINT "FK_152fc564787a7fc0f5456ad7dff"`);
    await queryRunner.query(`DROP INDEX "public"."publication_version_publication_idx"`);
    await queryRunner.query(`DROP TABLE "publication_version"`);
    await queryRunner.query(`DROP TABLE "publication_network"`);
    await queryRunner.query(`DROP INDEX "public"."publication_list_idx"`);
    await queryRunner.query(`DROP INDEX "public"."publication_year_idx"`);
    await queryRunner.query(`DROP TABLE "publication"`);
    await queryRunner.query(`DROP TYPE "public"."publication_visibility"`);
    await queryRunner.query(`DROP TYPE "public"."publication_kind"`);
  }
}
