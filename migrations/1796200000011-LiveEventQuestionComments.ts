import type { MigrationInterface, QueryRunner } from 'typeorm';

export class LiveEventQuestionComments1796200000011 implements MigrationInterface {
  name = 'LiveEventQuestionComments1796200000011';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "live_event_question_comment" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "questionId" uuid NOT NULL, "authorId" uuid NOT NULL, "body" text NOT NULL, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "live_event_question_comment_body" CHECK (char_length("body") BETWEEN 1 AND 2000), CONSTRAINT "PK_9265ac7596cbe084f491d8a59b7" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "live_event_question_comment_author_idx" ON "live_event_question_comment"  ("authorId") `,
    );
    await queryRunner.query(
      `CREATE INDEX "live_event_question_comment_list_idx" ON "live_event_question_comment"  ("questionId", "createdAt", "id") `,
    );
    await queryRunner.query(
      `ALTER TABLE "live_event_question_comment" ADD CONSTRAINT "FK_50e3dda6709365e0afa816e4e4b" FOREIGN KEY ("questionId") REFERENCES "live_event_question"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "live_event_question_comment" ADD CONSTRAINT "FK_0fe6635883624cc2dad883a1579" FOREIGN KEY ("authorId") REFERENCES "practitioner"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "live_event_question_comment" DROP CONSTRAINT "FK_0fe6635883624cc2dad883a1579"`,
    );
    await queryRunner.query(
      `ALTER TABLE "live_event_question_comment" DROP CONSTRAINT "FK_50e3dda6709365e0afa816e4e4b"`,
    );
    await queryRunner.query(`DROP INDEX "public"."live_event_question_comment_list_idx"`);
    await queryRunner.query(`DROP INDEX "public"."live_event_question_comment_author_idx"`);
    await queryRunner.query(`DROP TABLE "live_event_question_comment"`);
  }
}
