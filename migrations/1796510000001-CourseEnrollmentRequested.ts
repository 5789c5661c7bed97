import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Facilitators are notified of enrolment requests on APPROVAL courses (COURSE_ENROLLMENT_REQUESTED). */
export class CourseEnrollmentRequested1796510000001 implements MigrationInterface {
  name = 'CourseEnrollmentRequested1796510000001';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TYPE "public"."notification_type" ADD VALUE IF NOT EXISTS 'COURSE_ENROLLMENT_REQUESTED'`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    // The value stays in notification_type (up adds it IF NOT EXISTS); its notifications and preferences go.
    await queryRunner.query(`DELETE FROM "notification" WHERE "type" = 'COURSE_ENROLLMENT_REQUESTED'`);
    await queryRunner.query(
      `DELETE FROM "notification_preference" WHERE "type" = 'COURSE_ENROLLMENT_REQUESTED'`,
    );
  }
}
