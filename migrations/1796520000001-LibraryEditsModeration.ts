import type { MigrationInterface, QueryRunner } from 'typeorm';

const BEFORE = `'POST', 'COMMENT', 'LEGAL_DEVELOPMENT', 'LIVE_EVENT', 'LIVE_EVENT_QUESTION', 'QUESTION_COMMENT', 'PRACTITIONER', 'NETWORK'`;
const AFTER = `'POST', 'COMMENT', 'LEGAL_DEVELOPMENT', 'LIVE_EVENT', 'LIVE_EVENT_QUESTION', 'QUESTION_COMMENT', 'COURSE', 'PUBLICATION', 'PRACTITIONER', 'NETWORK'`;

/**
 * The library's edits and moderation (issue 14): a version's file is stored under its own key
 * (`fileKey`, the version's id for the files stored so far), and courses and publications can be reported
 * and hidden (TargetType values).
 */
export class LibraryEditsModeration1796520000001 implements MigrationInterface {
  name = 'LibraryEditsModeration1796520000001';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "publication_version" ADD "fileKey" uuid`);
    await queryRunner.query(
      `UPDATE "publication_version" SET "fileKey" = "id" WHERE "fileContentType" IS NOT NULL`,
    );
    await this.targets(queryRunner, AFTER);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM "report" WHERE "targetType" IN ('COURSE', 'PUBLICATION')`);
    // The log is append-only: its entries about courses and publications stay (new rows only are checked).
    await this.targets(queryRunner, BEFORE, ' NOT VALID');
    await queryRunner.query(`ALTER TABLE "publication_version" DROP COLUMN "fileKey"`);
  }

  // TypeORM does not diff check texts: the constraints are rewritten by hand.
  private async targets(queryRunner: QueryRunner, values: string, logOption = ''): Promise<void> {
    await queryRunner.query(`ALTER TABLE "report" DROP CONSTRAINT "report_target_type"`);
    await queryRunner.query(
      `ALTER TABLE "report" ADD CONSTRAINT "report_target_type" CHECK ("targetType" IN (${values}))`,
    );
    await queryRunner.query(`ALTER TABLE "moderation_log" DROP CONSTRAINT "moderation_log_target_type"`);
    await queryRunner.query(
      `ALTER TABLE "moderation_log" ADD CONSTRAINT "moderation_log_target_type" CHECK ("targetType" IN (${values}))${logOption}`,
    );
  }
}
