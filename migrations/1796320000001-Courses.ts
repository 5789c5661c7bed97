import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Courses (issue 14): courses (with their cohort network), facilitators, modules, lessons, enrolments and
 * completions; two notification types.
 */
export class Courses1796320000001 implements MigrationInterface {
  name = 'Courses1796320000001';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TYPE "public"."course_status" AS ENUM('DRAFT', 'PUBLISHED')`);
    await queryRunner.query(
      `CREATE TYPE "public"."course_enrollment_policy" AS ENUM('OPEN', 'APPROVAL', 'INVITE_ONLY')`,
    );
    await queryRunner.query(
      `CREATE TABLE "course" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "title" character varying(200) NOT NULL, "summary" character varying(1000) NOT NULL DEFAULT '', "body" text NOT NULL DEFAULT '', "language" character varying(2) NOT NULL, "thematicAreaCodes" text array NOT NULL DEFAULT '{}', "publishedAt" TIMESTAMP WITH TIME ZONE, "editedAt" TIMESTAMP WITH TIME ZONE, "hiddenAt" TIMESTAMP WITH TIME ZONE, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "authorId" uuid NOT NULL, "status" "public"."course_status" NOT NULL DEFAULT 'DRAFT', "languages" text array NOT NULL DEFAULT '{}', "startsAt" TIMESTAMP WITH TIME ZONE, "endsAt" TIMESTAMP WITH TIME ZONE, "enrollmentPolicy" "public"."course_enrollment_policy" NOT NULL DEFAULT 'OPEN', "capacity" integer, "enrolledCount" integer NOT NULL DEFAULT '0', "lessonCount" integer NOT NULL DEFAULT '0', "networkId" uuid, CONSTRAINT "course_dates" CHECK ("endsAt" IS NULL OR "startsAt" IS NULL OR "endsAt" > "startsAt"), CONSTRAINT "course_places" CHECK ("enrolledCount" >= 0 AND ("capacity" IS NULL OR "enrolledCount" <= "capacity")), CONSTRAINT "course_title_len" CHECK (char_length("title") BETWEEN 1 AND 200), CONSTRAINT "course_summary_len" CHECK (char_length("summary") <= 1000), CONSTRAINT "course_body_len" CHECK (char_length("body") <= 20000), CONSTRAINT "course_language" CHECK ("language" IN ('ar', 'zh', 'en', 'fr', 'ru', 'es')), CONSTRAINT "PK_bf95180dd756fd204fb01ce4916" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "course_created_idx" ON "course"  ("createdAt", "id") `);
    await queryRunner.query(
      `CREATE TABLE "course_facilitator" ("courseId" uuid NOT NULL, "practitionerId" uuid NOT NULL, "position" integer NOT NULL DEFAULT '0', CONSTRAINT "PK_66a181a89aa66061c13884f3c82" PRIMARY KEY ("courseId", "practitionerId"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "course_facilitator_practitioner_idx" ON "course_facilitator"  ("practitionerId") `,
    );
    await queryRunner.query(
      `CREATE TABLE "course_module" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "courseId" uuid NOT NULL, "position" integer NOT NULL, "title" character varying(200) NOT NULL, "unlockAt" TIMESTAMP WITH TIME ZONE, "sequential" boolean NOT NULL DEFAULT false, "prerequisiteIds" uuid array NOT NULL DEFAULT '{}', "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "course_module_title_len" CHECK (char_length("title") BETWEEN 1 AND 200), CONSTRAINT "PK_9d04c56010223c5997cc71093b4" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "course_module_course_idx" ON "course_module"  ("courseId", "position") `,
    );
    await queryRunner.query(
      `CREATE TYPE "public"."course_lesson_kind" AS ENUM('PAGE', 'RESOURCE', 'ACTIVITY', 'QUIZ', 'LIVE_SESSION')`,
    );
    await queryRunner.query(
      `CREATE TYPE "public"."course_completion_rule" AS ENUM('VIEWED', 'MARKED_DONE', 'SUBMITTED', 'QUIZ_PASSED', 'ATTENDED')`,
    );
    await queryRunner.query(
      `CREATE TABLE "course_lesson" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "moduleId" uuid NOT NULL, "courseId" uuid NOT NULL, "position" integer NOT NULL, "title" character varying(200) NOT NULL, "kind" "public"."course_lesson_kind" NOT NULL, "completionRule" "public"."course_completion_rule" NOT NULL, "bodies" jsonb NOT NULL DEFAULT '{}', "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "course_lesson_title_len" CHECK (char_length("title") BETWEEN 1 AND 200), CONSTRAINT "PK_ea7d1f2645beebe65fb9644c41b" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "course_lesson_course_idx" ON "course_lesson"  ("courseId") `);
    await queryRunner.query(
      `CREATE INDEX "course_lesson_module_idx" ON "course_lesson"  ("moduleId", "position") `,
    );
    await queryRunner.query(
      `CREATE TYPE "public"."course_enrollment_status" AS ENUM('INVITED', 'PENDING', 'APPROVED', 'DECLINED', 'WITHDRAWN')`,
    );
    await queryRunner.query(
      `CREATE TABLE "course_enrollment" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "courseId" uuid NOT NULL, "practitionerId" uuid NOT NULL, "status" "public"."course_enrollment_status" NOT NULL, "doneCount" integer NOT NULL DEFAULT '0', "lastActivityAt" TIMESTAMP WITH TIME ZONE, "completedAt" TIMESTAMP WITH TIME ZONE, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "course_enrollment_once" UNIQUE ("courseId", "practitionerId"), CONSTRAINT "course_enrollment_done" CHECK ("doneCount" >= 0), CONSTRAINT "PK_3ae773370689173c290163de513" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "course_enrollment_learner_idx" ON "course_enrollment"  ("practitionerId", "createdAt", "id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "course_lesson_completion" ("enrollmentId" uuid NOT NULL, "lessonId" uuid NOT NULL, "completedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_4145f6c0622a71e617a7503f336" PRIMARY KEY ("enrollmentId", "lessonId"))`,
    );
    await queryRunner.query(`ALTER TYPE "public"."notification_type" ADD VALUE 'COURSE_INVITATION'`);
    await queryRunner.query(`ALTER TYPE "public"."notification_type" ADD VALUE 'COURSE_ENROLLMENT_DECIDED'`);
    await queryRunner.query(
      `ALTER TABLE "course" ADD CONSTRAINT "FK_98522d97c4ecc30c636f5f5115e" FOREIGN KEY ("authorId") REFERENCES "practitioner"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "course" ADD CONSTRAINT "FK_a8ee21c7a69c9261dd7fc83c99c" FOREIGN KEY ("networkId") REFERENCES "network"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "course_facilitator" ADD CONSTRAINT "FK_f08449b69fe06e816736c24c4ed" FOREIGN KEY ("courseId") REFERENCES "course"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "course_facilitator" ADD CONSTRAINT "FK_af4cd3671e8334cbb79d1334006" FOREIGN KEY ("practitionerId") REFERENCES "practitioner"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "course_module" ADD CONSTRAINT "FK_e27b3a3cf92fd9b32f152a4f7fc" FOREIGN KEY ("courseId") REFERENCES "course"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "course_lesson" ADD CONSTRAINT "FK_a7cc9613d61bd7acec0eec27e64" FOREIGN KEY ("moduleId") REFERENCES "course_module"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "course_lesson" ADD CONSTRAINT "FK_f56afea94c72f0ade6546a500ee" FOREIGN KEY ("courseId") REFERENCES "course"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "course_enrollment" ADD CONSTRAINT "FK_59e16bd8605d12d48dd554e4c03" FOREIGN KEY ("courseId") REFERENCES "course"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "course_enrollment" ADD CONSTRAINT "FK_494ddbf50abe61366a1d0434ef9" FOREIGN KEY ("practitionerId") REFERENCES "practitioner"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "course_lesson_completion" ADD CONSTRAINT "FK_a870e0cf1df083960bd2a50698e" FOREIGN KEY ("enrollmentId") REFERENCES "course_enrollment"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "course_lesson_completion" ADD CONSTRAINT "FK_b77e2d4c103d999de07932a1521" FOREIGN KEY ("lessonId") REFERENCES "course_lesson"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "course_lesson_completion" DROP CONSTRAINT "FK_b77e2d4c103d999de07932a1521"`,
    );
    await queryRunner.query(
      `ALTER TABLE "course_lesson_completion" DROP CONSTRAINT "FK_a870e0cf1df083960bd2a50698e"`,
    );
    await queryRunner.query(
      `ALTER TABLE "course_enrollment" DROP CONSTRAINT "FK_494ddbf50abe61366a1d0434ef9"`,
    );
    await queryRunner.query(
      `ALTER TABLE "course_enrollment" DROP CONSTRAINT "FK_59e16bd8605d12d48dd554e4c03"`,
    );
    await queryRunner.query(`ALTER TABLE "course_lesson" DROP CONSTRAINT "FK_f56afea94c72f0ade6546a500ee"`);
    await queryRunner.query(`ALTER TABLE "course_lesson" DROP CONSTRAINT "FK_a7cc9613d61bd7acec0eec27e64"`);
    await queryRunner.query(`ALTER TABLE "course_module" DROP CONSTRAINT "FK_e27b3a3cf92fd9b32f152a4f7fc"`);
    await queryRunner.query(
      `ALTER TABLE "course_facilitator" DROP CONSTRAINT "FK_af4cd3671e8334cbb79d1334006"`,
    );
    await queryRunner.query(
      `ALTER TABLE "course_facilitator" DROP CONSTRAINT "FK_f08449b69fe06e816736c24c4ed"`,
    );
    await queryRunner.query(`ALTER TABLE "course" DROP CONSTRAINT "FK_a8ee21c7a69c9261dd7fc83c99c"`);
    await queryRunner.query(`ALTER TABLE "course" DROP CONSTRAINT "FK_98522d97c4ecc30c636f5f5115e"`);
    await queryRunner.query(
      `DELETE FROM "notification" WHERE "type" IN ('COURSE_INVITATION', 'COURSE_ENROLLMENT_DECIDED')`,
    );
    await queryRunner.query(
      `CREATE TYPE "public"."notification_type_old" AS ENUM('COMMENT_ON_YOUR_POST', 'REPLY_TO_YOUR_COMMENT', 'POST_ENDORSED', 'POST_REVIEWED', 'CONTACT_REQUEST', 'CONTACT_ACCEPTED', 'NETWORK_JOIN_REQUEST', 'NETWORK_INVITATION', 'VERIFICATION_DECIDED', 'LEGAL_DEVELOPMENT_IN_FOLLOWED_COUNTRY', 'MODERATION_ACTION_ON_YOUR_CONTENT', 'LIVE_EVENT_INVITATION', 'LIVE_EVENT_REGISTRATION_DECIDED', 'LIVE_EVENT_PROMOTED', 'LIVE_EVENT_CANCELLED', 'LIVE_EVENT_QUESTION_ANSWERED', 'LIVE_EVENT_CHANGED', 'LIVE_EVENT_REMINDER_24H', 'LIVE_EVENT_REMINDER_1H', 'DATA_EXPORT_READY')`,
    );
    await queryRunner.query(
      `ALTER TABLE "notification" ALTER COLUMN "type" TYPE "public"."notification_type_old" USING "type"::"text"::"public"."notification_type_old"`,
    );
    await queryRunner.query(`DROP TYPE "public"."notification_type"`);
    await queryRunner.query(`ALTER TYPE "public"."notification_type_old" RENAME TO "notification_type"`);
    await queryRunner.query(`DROP TABLE "course_lesson_completion"`);
    await queryRunner.query(`DROP INDEX "public"."course_enrollment_learner_idx"`);
    await queryRunner.query(`DROP TABLE "course_enrollment"`);
    await queryRunner.query(`DROP TYPE "public"."course_enrollment_status"`);
    await queryRunner.query(`DROP INDEX "public"."course_lesson_module_idx"`);
    await queryRunner.query(`DROP INDEX "public"."course_lesson_course_idx"`);
    await queryRunner.query(`DROP TABLE "course_lesson"`);
    await queryRunner.query(`DROP TYPE "public"."course_completion_rule"`);
    await queryRunner.query(`DROP TYPE "public"."course_lesson_kind"`);
    await queryRunner.query(`DROP INDEX "public"."course_module_course_idx"`);
    await queryRunner.query(`DROP TABLE "course_module"`);
    await queryRunner.query(`DROP INDEX "public"."course_facilitator_practitioner_idx"`);
    await queryRunner.query(`DROP TABLE "course_facilitator"`);
    await queryRunner.query(`DROP INDEX "public"."course_created_idx"`);
    await queryRunner.query(`DROP TABLE "course"`);
    await queryRunner.query(`DROP TYPE "public"."course_enrollment_policy"`);
    await queryRunner.query(`DROP TYPE "public"."course_status"`);
  }
}
