import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ModerationLogCommentDeleted1795885823758 implements MigrationInterface {
  name = 'ModerationLogCommentDeleted1795885823758';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TYPE "public"."moderation_log_action" ADD VALUE 'COMMENT_DELETED'`);
  }

  // Fails while the append-only log holds a COMMENT_DELETED entry: such a log cannot go back to the old type.
  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TYPE "public"."moderation_log_action_old" AS ENUM('VERIFICATION_APPROVED', 'VERIFICATION_REJECTED', 'POST_APPROVED', 'POST_CHANGES_REQUESTED', 'POST_REJECTED', 'POST_FEATURED', 'POST_UNFEATURED', 'REPORT_DISMISSED', 'CONTENT_HIDDEN', 'CONTENT_RESTORED', 'AUTHOR_WARNED', 'PRACTITIONER_SUSPENDED', 'PRACTITIONER_UNSUSPENDED', 'ROLE_CHANGED', 'LEGAL_DEVELOPMENT_APPROVED', 'LEGAL_DEVELOPMENT_CHANGES_REQUESTED', 'LEGAL_DEVELOPMENT_REJECTED')`,
    );
    await queryRunner.query(
      `ALTER TABLE "moderation_log" ALTER COLUMN "action" TYPE "public"."moderation_log_action_old" USING "action"::"text"::"public"."moderation_log_action_old"`,
    );
    await queryRunner.query(`DROP TYPE "public"."moderation_log_action"`);
    await queryRunner.query(
      `ALTER TYPE "public"."moderation_log_action_old" RENAME TO "moderation_log_action"`,
    );
  }
}
