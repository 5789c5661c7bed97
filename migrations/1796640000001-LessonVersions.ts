import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Lessons get language versions like every other content kind (issue 15). `course_lesson.bodies` (a
 * language → Markdown map with no original) becomes an original (`language`, `body`; `body` null for a
 * lesson without one) and HUMAN versions in `content_version` (kind 'Lesson'). The original is the course's
 * language when the lesson has a body in it, else the first language in alphabetical order (the order
 * `Lesson.body` fell back to). The other bodies become REVIEWED versions: facilitators wrote them as part of
 * the course, nobody has to review them, and learners keep reading them as before. A trigger counts the
 * revisions of the original and marks the versions outdated in the writer's transaction, as for the other
 * content tables (lessons have no summary, hence their own function), and removes them with the lesson.
 */
export class LessonVersions1796640000001 implements MigrationInterface {
  name = 'LessonVersions1796640000001';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "course_lesson" ADD "language" character varying(2)`);
    await queryRunner.query(`ALTER TABLE "course_lesson" ADD "body" text`);
    await queryRunner.query(
      `UPDATE "course_lesson" l SET "language" = CASE WHEN l."bodies" ? c."language" THEN c."language"
         ELSE coalesce((SELECT min(k) FROM jsonb_object_keys(l."bodies") k), c."language") END
         FROM "course" c WHERE c."id" = l."courseId"`,
    );
    await queryRunner.query(`UPDATE "course_lesson" SET "body" = "bodies" ->> "language"`);
    await queryRunner.query(
      `INSERT INTO content_version ("kind", "contentId", "language", "title", "summary", "body", "origin",
         "translatorId", "engine", "sourceRevision", "isOutdated", "reviewState", "reviewerId")
       SELECT 'Lesson', l."id", b."key", l."title", '', b."value", 'HUMAN', NULL, NULL, 1, false, 'REVIEWED', NULL
         FROM "course_lesson" l, jsonb_each_text(l."bodies") b WHERE b."key" <> l."language"`,
    );
    await queryRunner.query(`ALTER TABLE "course_lesson" ALTER COLUMN "language" SET NOT NULL`);
    await queryRunner.query(`ALTER TABLE "course_lesson" DROP COLUMN "bodies"`);
    await queryRunner.query(
      `ALTER TABLE "course_lesson" ADD CONSTRAINT "course_lesson_language" CHECK ("language" IN ('ar', 'zh', 'en', 'fr', 'ru', 'es'))`,
    );
    await queryRunner.query(`CREATE OR REPLACE FUNCTION lesson_text_changed() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    DELETE FROM content_version WHERE "kind" = 'Lesson' AND "contentId" = OLD."id";
    DELETE FROM content_revision WHERE "kind" = 'Lesson' AND "contentId" = OLD."id";
    RETURN NULL;
  END IF;
  IF NEW."title" IS DISTINCT FROM OLD."title" OR NEW."body" IS DISTINCT FROM OLD."body"
     OR NEW."language" IS DISTINCT FROM OLD."language" THEN
    INSERT INTO content_revision ("kind", "contentId", "revision") VALUES ('Lesson', NEW."id", 2)
      ON CONFLICT ("kind", "contentId") DO UPDATE SET "revision" = content_revision."revision" + 1;
    UPDATE content_version SET "isOutdated" = true
     WHERE "kind" = 'Lesson' AND "contentId" = NEW."id" AND NOT "isOutdated";
  END IF;
  RETURN NULL;
END $$ LANGUAGE plpgsql`);
    await queryRunner.query(
      `CREATE TRIGGER "content_text_course_lesson" AFTER UPDATE OR DELETE ON "course_lesson" FOR EACH ROW EXECUTE FUNCTION lesson_text_changed()`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER IF EXISTS "content_text_course_lesson" ON "course_lesson"`);
    await queryRunner.query(`DROP FUNCTION IF EXISTS lesson_text_changed()`);
    await queryRunner.query(`ALTER TABLE "course_lesson" DROP CONSTRAINT "course_lesson_language"`);
    await queryRunner.query(`ALTER TABLE "course_lesson" ADD "bodies" jsonb NOT NULL DEFAULT '{}'`);
    // The map again: the original and the REVIEWED versions (those `up` made, the facilitators' `bodies`,
    // and translations they accepted); pending, rejected and machine ones were never the course's text. The
    // versions and revisions of lessons go.
    await queryRunner.query(
      `UPDATE "course_lesson" l SET "bodies" = coalesce((SELECT jsonb_object_agg(v."language", v."body")
           FROM content_version v WHERE v."kind" = 'Lesson' AND v."contentId" = l."id"
            AND v."reviewState" = 'REVIEWED' AND v."language" <> l."language"), '{}'::jsonb)
         || CASE WHEN l."body" IS NULL THEN '{}'::jsonb ELSE jsonb_build_object(l."language", l."body") END`,
    );
    await queryRunner.query(`DELETE FROM content_version WHERE "kind" = 'Lesson'`);
    await queryRunner.query(`DELETE FROM content_revision WHERE "kind" = 'Lesson'`);
    await queryRunner.query(`DELETE FROM translation_request WHERE "kind" = 'Lesson'`);
    await queryRunner.query(`ALTER TABLE "course_lesson" DROP COLUMN "body"`);
    await queryRunner.query(`ALTER TABLE "course_lesson" DROP COLUMN "language"`);
  }
}
