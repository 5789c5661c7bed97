import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The home timeline is a derived copy (issue 17): every row can be built again from the posts, legal
 * developments and relationships it was fanned out from, and a reader whose timeline is missing or stale gets
 * it rebuilt on the next read. Two costs of a durable table went with it, measured on the fan-out of one post
 * to 10,000 readers (BENCHMARKS.md, "The home timeline's writes"):
 *
 * - the foreign key from `home_timeline."readerId"` to `practitioner`: one check per row written (about a
 *   third of the fan-out's time). A practitioner row is never deleted (account deletion keeps a tombstone and
 *   deletes the reader's rows itself), so the key caught nothing.
 * - the write-ahead log: both tables are UNLOGGED. After a crash PostgreSQL empties them together (an unlogged
 *   table comes back empty), so no reader is marked built with an empty timeline: each is rebuilt on its next
 *   read. Read replicas hold no rows of unlogged tables; the timeline is read on the primary only
 *   (`readTimelinePage` runs there), which this relies on.
 *
 * `home_timeline_state` keeps its foreign key (one row per reader, written once per rebuild).
 */
export class HomeTimelineUnlogged1796670000001 implements MigrationInterface {
  name = 'HomeTimelineUnlogged1796670000001';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "home_timeline" DROP CONSTRAINT "home_timeline_reader_fk"`);
    await queryRunner.query(`ALTER TABLE "home_timeline" SET UNLOGGED`);
    await queryRunner.query(`ALTER TABLE "home_timeline_state" SET UNLOGGED`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "home_timeline_state" SET LOGGED`);
    await queryRunner.query(`ALTER TABLE "home_timeline" SET LOGGED`);
    // Rows whose reader is gone (none are expected: practitioners are kept as tombstones) would stop the key.
    await queryRunner.query(
      `DELETE FROM "home_timeline" h WHERE NOT EXISTS (SELECT 1 FROM "practitioner" p WHERE p."id" = h."readerId")`,
    );
    await queryRunner.query(`ALTER TABLE "home_timeline" ADD CONSTRAINT "home_timeline_reader_fk"
      FOREIGN KEY ("readerId") REFERENCES "practitioner"("id") ON DELETE CASCADE`);
  }
}
