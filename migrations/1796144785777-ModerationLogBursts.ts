import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ModerationLogBursts1796144785777 implements MigrationInterface {
  name = 'ModerationLogBursts1796144785777';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "moderation_log" ADD "burstOfId" uuid`);
    await queryRunner.query(
      `CREATE INDEX "moderation_log_burst_idx" ON "moderation_log"  ("burstOfId", "createdAt", "id") WHERE "burstOfId" IS NOT NULL`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."moderation_log_burst_idx"`);
    await queryRunner.query(`ALTER TABLE "moderation_log" DROP COLUMN "burstOfId"`);
  }
}
