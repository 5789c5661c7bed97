import type { MigrationInterface, QueryRunner } from 'typeorm';

export class SessionLifetimes1796143811980 implements MigrationInterface {
  name = 'SessionLifetimes1796143811980';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "auth_session" ADD "refreshedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now()`,
    );
    // Existing sessions: last refreshed when their newest refresh token was issued.
    await queryRunner.query(
      `UPDATE "auth_session" s SET "refreshedAt" = COALESCE((SELECT max(t."createdAt") FROM "refresh_token" t WHERE t."sessionId" = s."id"), s."createdAt")`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "auth_session" DROP COLUMN "refreshedAt"`);
  }
}
