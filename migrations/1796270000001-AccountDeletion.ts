import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Account deletion: the tombstone's `practitioner.deletedAt`, and PRACTITIONER_DELETED in the moderation log. */
export class AccountDeletion1796270000001 implements MigrationInterface {
  name = 'AccountDeletion1796270000001';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "practitioner" ADD "deletedAt" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TYPE "public"."moderation_log_action" ADD VALUE 'PRACTITIONER_DELETED'`);
  }

  // The enum value stays: the append-only log may hold PRACTITIONER_DELETED entries, and a later migration
  // may have added values after it (as the reminders migration's down() keeps its value).
  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "practitioner" DROP COLUMN "deletedAt"`);
  }
}
