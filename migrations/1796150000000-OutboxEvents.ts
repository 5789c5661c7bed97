import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The transactional outbox (issue 11): domain events written in the transaction of the change they record. */
export class OutboxEvents1796150000000 implements MigrationInterface {
  name = 'OutboxEvents1796150000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "outbox_event" (
         "id" uuid NOT NULL,
         "type" text NOT NULL,
         "payload" jsonb NOT NULL,
         "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT clock_timestamp(),
         "availableAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
         "attempts" integer NOT NULL DEFAULT 0,
         "consumersDone" text[] NOT NULL DEFAULT '{}',
         "lastError" text,
         "processedAt" TIMESTAMP WITH TIME ZONE,
         CONSTRAINT "PK_outbox_event" PRIMARY KEY ("id")
       )`,
    );
    // The dispatchers' claim: pending rows by availability (a literal predicate, so that generic plans use it).
    await queryRunner.query(
      `CREATE INDEX "outbox_event_pending_idx" ON "outbox_event" ("availableAt") WHERE "processedAt" IS NULL`,
    );
    // The pruning of processed rows.
    await queryRunner.query(
      `CREATE INDEX "outbox_event_processed_idx" ON "outbox_event" ("processedAt") WHERE "processedAt" IS NOT NULL`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "outbox_event"`);
  }
}
