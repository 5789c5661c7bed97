import type { MigrationInterface, QueryRunner } from 'typeorm';

export class NetworkNameIndex1795839709430 implements MigrationInterface {
  name = 'NetworkNameIndex1795839709430';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX "network_name_idx" ON "network"  ("name", "id") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."network_name_idx"`);
  }
}
