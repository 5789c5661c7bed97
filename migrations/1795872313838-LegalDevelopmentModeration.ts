import type { MigrationInterface, QueryRunner } from 'typeorm';

export class LegalDevelopmentModeration1795872313838 implements MigrationInterface {
  name = 'LegalDevelopmentModeration1795872313838';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "legal_development" ADD "hiddenAt" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(
      `ALTER TYPE "public"."moderation_log_action" ADD VALUE 'LEGAL_DEVELOPMENT_APPROVED'`,
    );
    await queryRunner.query(
      `ALTER TYPE "public"."moderation_log_action" ADD VALUE 'LEGAL_DEVELOPMENT_CHANGES_REQUESTED'`,
    );
    await queryRunner.query(
      `ALTER TYPE "public"."moderation_log_action" ADD VALUE 'LEGAL_DEVELOPMENT_REJECTED'`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TYPE "public"."moderation_log_action_old" AS ENUM('VERIFICATION_APPROVED', 'VERIFICATION_REJECTED', 'POST_APPROVED', 'POST_CHANGES_REQUESTED', 'POST_REJECTED', 'POST_FEATURED', 'POST_UNFEATURED', 'REPORT_DISMISSED', 'CONTENT_HIDDEN', 'CONTENT_RESTORED', 'AUTHOR_WARNED', 'PRACTITIONER_SUSPENDED', 'PRACTITIONER_UNSUSPENDED', 'ROLE_CHANGED')`,
    );
    await queryRunner.query(
      `ALTER TABLE "moderation_log" ALTER COLUMN "action" TYPE "public"."moderation_log_action_old" USING "action"::"text"::"public"."moderation_log_action_old"`,
    );
    await queryRunner.query(`DROP TYPE "public"."moderation_log_action"`);
    await queryRunner.query(
      `ALTER TYPE "public"."moderation_log_action_old" RENAME TO "moderation_log_action"`,
    );
    await queryRunner.query(`ALTER TABLE "legal_development" DROP COLUMN "hiddenAt"`);
  }
}
