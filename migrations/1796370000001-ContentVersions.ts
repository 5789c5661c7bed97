import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Language versions of content (issue 15): `content_version` (one translation per content kind, id and
 * language), `content_revision` (the revision of each original's text) and `translation_request` (machine
 * translations asked for). A trigger on each content table counts the revisions and marks the versions
 * outdated in the writer's transaction when the original's title, summary or body changes, and removes
 * them with the content; another marks a content's search documents dirty when one of its versions changes.
 */
export const VERSIONED_TABLES: ReadonlyArray<[table: string, kind: string]> = [
  ['post', 'Post'],
  ['legal_development', 'LegalDevelopment'],
  ['live_event', 'LiveEvent'],
  ['course', 'Course'],
  ['publication', 'Publication'],
];

export class ContentVersions1796370000001 implements MigrationInterface {
  name = 'ContentVersions1796370000001';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TYPE "public"."content_version_origin" AS ENUM('ORIGINAL', 'HUMAN', 'MACHINE', 'MACHINE_POST_EDITED')`,
    );
    await queryRunner.query(
      `CREATE TYPE "public"."content_version_review_state" AS ENUM('UNREVIEWED', 'REVIEWED', 'REJECTED')`,
    );
    await queryRunner.query(
      `CREATE TABLE "content_version" ("kind" character varying(40) NOT NULL, "contentId" uuid NOT NULL, "language" character varying(2) NOT NULL, "title" text NOT NULL, "summary" text NOT NULL DEFAULT '', "body" text NOT NULL DEFAULT '', "origin" "public"."content_version_origin" NOT NULL, "translatorId" uuid, "engine" character varying(64), "sourceRevision" integer NOT NULL, "isOutdated" boolean NOT NULL DEFAULT false, "reviewState" "public"."content_version_review_state" NOT NULL DEFAULT 'UNREVIEWED', "reviewerId" uuid, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "content_version_language" CHECK ("language" IN ('ar', 'zh', 'en', 'fr', 'ru', 'es')), CONSTRAINT "content_version_origin" CHECK ("origin" <> 'ORIGINAL'), CONSTRAINT "PK_content_version" PRIMARY KEY ("kind", "contentId", "language"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "content_revision" ("kind" character varying(40) NOT NULL, "contentId" uuid NOT NULL, "revision" integer NOT NULL DEFAULT '2', CONSTRAINT "PK_content_revision" PRIMARY KEY ("kind", "contentId"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "translation_request" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "kind" character varying(40) NOT NULL, "contentId" uuid NOT NULL, "language" character varying(2) NOT NULL, "requesterId" uuid, "status" character varying(16) NOT NULL DEFAULT 'PENDING', "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_translation_request" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "translation_request_content_idx" ON "translation_request" ("kind", "contentId", "language", "createdAt") `,
    );
    await queryRunner.query(
      `ALTER TABLE "content_version" ADD CONSTRAINT "FK_bb0be6f548d122af1f9721d3378" FOREIGN KEY ("translatorId") REFERENCES "practitioner"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "content_version" ADD CONSTRAINT "FK_ca192a812badf11b20dca1711bb" FOREIGN KEY ("reviewerId") REFERENCES "practitioner"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "translation_request" ADD CONSTRAINT "FK_2ea1141f9c5767779e84f7cc77b" FOREIGN KEY ("requesterId") REFERENCES "practitioner"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(`CREATE OR REPLACE FUNCTION content_text_changed() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    DELETE FROM content_version WHERE "kind" = TG_ARGV[0] AND "contentId" = OLD."id";
    DELETE FROM content_revision WHERE "kind" = TG_ARGV[0] AND "contentId" = OLD."id";
    RETURN NULL;
  END IF;
  IF NEW."title" IS DISTINCT FROM OLD."title" OR NEW."summary" IS DISTINCT FROM OLD."summary"
     OR NEW."body" IS DISTINCT FROM OLD."body" OR NEW."language" IS DISTINCT FROM OLD."language" THEN
    INSERT INTO content_revision ("kind", "contentId", "revision") VALUES (TG_ARGV[0], NEW."id", 2)
      ON CONFLICT ("kind", "contentId") DO UPDATE SET "revision" = content_revision."revision" + 1;
    UPDATE content_version SET "isOutdated" = true
     WHERE "kind" = TG_ARGV[0] AND "contentId" = NEW."id" AND NOT "isOutdated";
  END IF;
  RETURN NULL;
END $$ LANGUAGE plpgsql`);
    await queryRunner.query(`CREATE OR REPLACE FUNCTION content_version_search_dirty() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    INSERT INTO search_dirty ("type", "recordId") VALUES (OLD."kind", OLD."contentId") ON CONFLICT DO NOTHING;
  ELSE
    INSERT INTO search_dirty ("type", "recordId") VALUES (NEW."kind", NEW."contentId") ON CONFLICT DO NOTHING;
  END IF;
  RETURN NULL;
END $$ LANGUAGE plpgsql`);
    for (const [table, kind] of VERSIONED_TABLES) {
      await queryRunner.query(
        `CREATE TRIGGER "content_text_${table}" AFTER UPDATE OR DELETE ON "${table}" FOR EACH ROW EXECUTE FUNCTION content_text_changed('${kind}')`,
      );
    }
    await queryRunner.query(
      `CREATE TRIGGER "search_dirty_content_version" AFTER INSERT OR UPDATE OR DELETE ON "content_version" FOR EACH ROW EXECUTE FUNCTION content_version_search_dirty()`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER IF EXISTS "search_dirty_content_version" ON "content_version"`);
    for (const [table] of VERSIONED_TABLES) {
      await queryRunner.query(`DROP TRIGGER IF EXISTS "content_text_${table}" ON "${table}"`);
    }
    await queryRunner.query(`DROP FUNCTION IF EXISTS content_version_search_dirty()`);
    await queryRunner.query(`DROP FUNCTION IF EXISTS content_text_changed()`);
    await queryRunner.query(
      `ALTER TABLE "translation_request" DROP CONSTRAINT "FK_2ea1141f9c5767779e84f7cc77b"`,
    );
    await queryRunner.query(`ALTER TABLE "content_version" DROP CONSTRAINT "FK_ca192a812badf11b20dca1711bb"`);
    await queryRunner.query(`ALTER TABLE "content_version" DROP CONSTRAINT "FK_bb0be6f548d122af1f9721d3378"`);
    await queryRunner.query(`DROP INDEX "public"."translation_request_content_idx"`);
    await queryRunner.query(`DROP TABLE "translation_request"`);
    await queryRunner.query(`DROP TABLE "content_revision"`);
    await queryRunner.query(`DROP TABLE "content_version"`);
    await queryRunner.query(`DROP TYPE "public"."content_version_review_state"`);
    await queryRunner.query(`DROP TYPE "public"."content_version_origin"`);
  }
}
