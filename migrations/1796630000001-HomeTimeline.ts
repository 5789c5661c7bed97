import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The home feed from a per-reader home timeline (issue 17): `home_timeline` holds, per reader, the items
 * (posts, legal developments) their relationships bring into their home feed, newest first (fanned out when
 * an item is published, built from the eligibility SQL when missing or stale). `home_timeline_state` says
 * whether a reader's timeline was built and is current: triggers on the relationship tables (practitioner
 * and network follows, network memberships) mark the reader stale in the same transaction, whatever code
 * path made the change, and the next read rebuilds it. Timelines are built on first read, not here.
 */
export class HomeTimeline1796630000001 implements MigrationInterface {
  name = 'HomeTimeline1796630000001';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "home_timeline" (
      "readerId" uuid NOT NULL,
      "itemType" varchar(20) NOT NULL,
      "itemId" uuid NOT NULL,
      "sortAt" timestamptz NOT NULL,
      "authorId" uuid NOT NULL,
      CONSTRAINT "home_timeline_pk" PRIMARY KEY ("readerId", "itemId"),
      CONSTRAINT "home_timeline_item_type_check" CHECK ("itemType" IN ('POST', 'LEGAL_DEVELOPMENT')),
      CONSTRAINT "home_timeline_reader_fk" FOREIGN KEY ("readerId") REFERENCES "practitioner"("id") ON DELETE CASCADE
    )`);
    await queryRunner.query(
      `CREATE INDEX "home_timeline_page_idx" ON "home_timeline" ("readerId", "sortAt" DESC, "itemId" DESC)`,
    );
    await queryRunner.query(`CREATE INDEX "home_timeline_author_idx" ON "home_timeline" ("authorId")`);
    await queryRunner.query(`CREATE INDEX "home_timeline_item_idx" ON "home_timeline" ("itemId")`);
    await queryRunner.query(`CREATE TABLE "home_timeline_state" (
      "readerId" uuid NOT NULL,
      "stale" boolean NOT NULL DEFAULT true,
      "builtAt" timestamptz,
      CONSTRAINT "home_timeline_state_pk" PRIMARY KEY ("readerId"),
      CONSTRAINT "home_timeline_state_reader_fk" FOREIGN KEY ("readerId") REFERENCES "practitioner"("id") ON DELETE CASCADE
    )`);
    // A relationship change marks its practitioner's timeline stale (only timelines already built: one
    // never built is built on first read anyway), in the transaction that makes it.
    // The trigger's argument names the column of the practitioner whose relationships changed.
    await queryRunner.query(`CREATE FUNCTION home_timeline_mark_stale() RETURNS trigger AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN
    UPDATE home_timeline_state SET "stale" = true
      WHERE "readerId" = (to_jsonb(OLD) ->> TG_ARGV[0])::uuid AND NOT "stale";
  END IF;
  IF TG_OP <> 'DELETE' THEN
    UPDATE home_timeline_state SET "stale" = true
      WHERE "readerId" = (to_jsonb(NEW) ->> TG_ARGV[0])::uuid AND NOT "stale";
  END IF;
  RETURN NULL;
END $$ LANGUAGE plpgsql`);
    for (const [table, column] of [
      ['practitioner_follow', 'followerId'],
      ['network_follow', 'followerId'],
      ['network_member', 'practitionerId'],
    ])
      await queryRunner.query(
        `CREATE TRIGGER "home_timeline_${table}" AFTER INSERT OR DELETE OR UPDATE ON "${table}" FOR EACH ROW EXECUTE FUNCTION home_timeline_mark_stale('${column}')`,
      );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER "home_timeline_network_member" ON "network_member"`);
    await queryRunner.query(`DROP TRIGGER "home_timeline_network_follow" ON "network_follow"`);
    await queryRunner.query(`DROP TRIGGER "home_timeline_practitioner_follow" ON "practitioner_follow"`);
    await queryRunner.query(`DROP FUNCTION home_timeline_mark_stale()`);
    await queryRunner.query(`DROP TABLE "home_timeline_state"`);
    await queryRunner.query(`DROP TABLE "home_timeline"`);
  }
}
