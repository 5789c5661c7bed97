import type { MigrationInterface, QueryRunner } from 'typeorm';

const BEFORE = `'POST', 'COMMENT', 'LEGAL_DEVELOPMENT', 'LIVE_EVENT', 'PRACTITIONER', 'NETWORK'`;
const AFTER = `'POST', 'COMMENT', 'LEGAL_DEVELOPMENT', 'LIVE_EVENT', 'LIVE_EVENT_QUESTION', 'QUESTION_COMMENT', 'PRACTITIONER', 'NETWORK'`;

/** Live-event questions and their comments can be reported and hidden (hiddenAt; TargetType values). */
export class LiveEventQuestionModeration1796280000001 implements MigrationInterface {
  name = 'LiveEventQuestionModeration1796280000001';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "live_event_question" ADD "hiddenAt" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(
      `ALTER TABLE "live_event_question_comment" ADD "hiddenAt" TIMESTAMP WITH TIME ZONE`,
    );
    await this.targets(queryRunner, AFTER);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `DELETE FROM "report" WHERE "targetType" IN ('LIVE_EVENT_QUESTION', 'QUESTION_COMMENT')`,
    );
    // The log is append-only: its entries about questions stay, the narrower check applies to new rows only.
    await this.targets(queryRunner, BEFORE, ' NOT VALID');
    await queryRunner.query(`ALTER TABLE "live_event_question_comment" DROP COLUMN "hiddenAt"`);
    await queryRunner.query(`ALTER TABLE "live_event_question" DROP COLUMN "hiddenAt"`);
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
