import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CourseLessonKinds1796350000001 implements MigrationInterface {
  name = 'CourseLessonKinds1796350000001';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TYPE "public"."notification_type" ADD VALUE IF NOT EXISTS 'COURSE_ACTIVITY_FEEDBACK'`,
    );
    await queryRunner.query(
      `CREATE TABLE "course_quiz" ("lessonId" uuid NOT NULL, "passMark" integer NOT NULL, "maxAttempts" integer NOT NULL, "questions" jsonb NOT NULL DEFAULT '[]', "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "course_quiz_attempts" CHECK ("maxAttempts" BETWEEN 1 AND 20), CONSTRAINT "course_quiz_pass_mark" CHECK ("passMark" BETWEEN 1 AND 100), CONSTRAINT "PK_fc98074ce2852c219393272b16a" PRIMARY KEY ("lessonId"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "course_quiz_attempt" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "lessonId" uuid NOT NULL, "enrollmentId" uuid NOT NULL, "number" integer NOT NULL, "answers" jsonb NOT NULL, "score" integer NOT NULL, "passed" boolean NOT NULL, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "course_quiz_attempt_number" UNIQUE ("lessonId", "enrollmentId", "number"), CONSTRAINT "course_quiz_attempt_score" CHECK ("score" BETWEEN 0 AND 100), CONSTRAINT "PK_eb1b8d3656ba3c678ba8f0a46a8" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "course_activity_submission" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "lessonId" uuid NOT NULL, "courseId" uuid NOT NULL, "enrollmentId" uuid NOT NULL, "practitionerId" uuid NOT NULL, "body" text NOT NULL, "feedback" text, "feedbackById" uuid, "feedbackAt" TIMESTAMP WITH TIME ZONE, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "course_activity_submission_once" UNIQUE ("lessonId", "practitionerId"), CONSTRAINT "course_activity_submission_body_len" CHECK (char_length("body") BETWEEN 1 AND 10000), CONSTRAINT "PK_a26d01b0b5cde0f88acba186e77" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "course_activity_submission_lesson_idx" ON "course_activity_submission"  ("lessonId", "createdAt", "id") `,
    );
    await queryRunner.query(`ALTER TABLE "course_lesson" ADD "liveEventId" uuid`);
    await queryRunner.query(`ALTER TABLE "course_lesson" ADD "publicationId" uuid`);
    await queryRunner.query(
      `ALTER TABLE "course_quiz" ADD CONSTRAINT "FK_fc98074ce2852c219393272b16a" FOREIGN KEY ("lessonId") REFERENCES "course_lesson"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "course_quiz_attempt" ADD CONSTRAINT "FK_c7eba218b3a53c832e1fc497e61" FOREIGN KEY ("lessonId") REFERENCES "course_lesson"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "course_quiz_attempt" ADD CONSTRAINT "FK_2b57ad031803e61bce091ba6022" FOREIGN KEY ("enrollmentId") REFERENCES "course_enrollment"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "course_activity_submission" ADD CONSTRAINT "FK_18908dc9f02421d4afff31aa4d6" FOREIGN KEY ("lessonId") REFERENCES "course_lesson"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "course_activity_submission" ADD CONSTRAINT "FK_38c135378c7bef6970c10d9ba2b" FOREIGN KEY ("enrollmentId") REFERENCES "course_enrollment"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "course_activity_submission" ADD CONSTRAINT "FK_6839c0c825e6c7e362717309e98" FOREIGN KEY ("practitionerId") REFERENCES "practitioner"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "course_activity_submission" ADD CONSTRAINT "FK_7426f05ee75253c3ece902c89ea" FOREIGN KEY ("feedbackById") REFERENCES "practitioner"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    // The COURSE_ACTIVITY_FEEDBACK value stays in notification_type (up adds it IF NOT EXISTS).
    await queryRunner.query(`DELETE FROM "notification" WHERE "type" = 'COURSE_ACTIVITY_FEEDBACK'`);
    await queryRunner.query(
      `ALTER TABLE "course_activity_submission" DROP CONSTRAINT "FK_7426f05ee75253c3ece902c89ea"`,
    );
    await queryRunner.query(
      `ALTER TABLE "course_activity_submission" DROP CONSTRAINT "FK_6839c0c825e6c7e362717309e98"`,
    );
    await queryRunner.query(
      `ALTER TABLE "course_activity_submission" DROP CONSTRAINT "FK_38c135378c7bef6970c10d9ba2b"`,
    );
    await queryRunner.query(
      `ALTER TABLE "course_activity_submission" DROP CONSTRAINT "FK_18908dc9f02421d4afff31aa4d6"`,
    );
    await queryRunner.query(
      `ALTER TABLE "course_quiz_attempt" DROP CONSTRAINT "FK_2b57ad031803e61bce091ba6022"`,
    );
    await queryRunner.query(
      `ALTER TABLE "course_quiz_attempt" DROP CONSTRAINT "FK_c7eba218b3a53c832e1fc497e61"`,
    );
    await queryRunner.query(`ALTER TABLE "course_quiz" DROP CONSTRAINT "FK_fc98074ce2852c219393272b16a"`);
    await queryRunner.query(`ALTER TABLE "course_lesson" DROP COLUMN "publicationId"`);
    await queryRunner.query(`ALTER TABLE "course_lesson" DROP COLUMN "liveEventId"`);
    await queryRunner.query(`DROP INDEX "public"."course_activity_submission_lesson_idx"`);
    await queryRunner.query(`DROP TABLE "course_activity_submission"`);
    await queryRunner.query(`DROP TABLE "course_quiz_attempt"`);
    await queryRunner.query(`DROP TABLE "course_quiz"`);
  }
}
