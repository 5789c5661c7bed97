import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Search at scale (issue 15, Performance): each document says whether every verified member may read its
 * record (`open`: the record's read policy answered for a member with no role, membership, block or
 * authorship, computed by the indexer) and who can hide it from one viewer by a block (`blockParties`), so
 * that the search evaluates the full policy only for the few documents that are not open or whose parties
 * are in a block with the viewer. A post's comments are re-indexed when what decides whether they are open
 * changes on the post (status, visibility, hiding, author). Every document is re-indexed once. The GIN
 * indexes keep a small pending list (see below).
 */
export class SearchAccess1796540000001 implements MigrationInterface {
  name = 'SearchAccess1796540000001';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "search_document" ADD "open" boolean NOT NULL DEFAULT false, ADD "blockParties" uuid array NOT NULL DEFAULT '{}'`,
    );
    await queryRunner.query(`CREATE OR REPLACE FUNCTION search_mark_post_comments() RETURNS trigger AS $$
BEGIN
  INSERT INTO search_dirty ("type", "recordId")
    SELECT 'Comment', c."id" FROM comment c WHERE c."postId" = NEW."id" ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$ LANGUAGE plpgsql`);
    await queryRunner.query(
      `CREATE TRIGGER "search_dirty_post_comments" AFTER UPDATE ON "post" FOR EACH ROW WHEN (OLD."status" IS DISTINCT FROM NEW."status" OR OLD."visibility" IS DISTINCT FROM NEW."visibility" OR OLD."hiddenAt" IS DISTINCT FROM NEW."hiddenAt" OR OLD."authorId" IS DISTINCT FROM NEW."authorId") EXECUTE FUNCTION search_mark_post_comments()`,
    );
    // The GIN indexes' pending lists (fast update) are scanned in full by every search until a vacuum
    // merges them (up to 4 MB by default: tens of milliseconds per search measured on the benchmark data):
    // kept small, they are merged by the writes themselves, a few dozen documents at a time.
    for (const index of ['search_document_tsv_idx', 'search_document_names_trgm_idx']) {
      await queryRunner.query(`ALTER INDEX "${index}" SET (gin_pending_list_limit = 64)`);
      await queryRunner.query(`SELECT gin_clean_pending_list('"${index}"'::regclass)`);
    }
    await queryRunner.query(
      `INSERT INTO "search_dirty" ("type", "recordId") SELECT DISTINCT "type", "recordId" FROM "search_document" ON CONFLICT DO NOTHING`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const index of ['search_document_tsv_idx', 'search_document_names_trgm_idx'])
      await queryRunner.query(`ALTER INDEX "${index}" RESET (gin_pending_list_limit)`);
    await queryRunner.query(`DROP TRIGGER IF EXISTS "search_dirty_post_comments" ON "post"`);
    await queryRunner.query(`DROP FUNCTION IF EXISTS search_mark_post_comments()`);
    await queryRunner.query(`ALTER TABLE "search_document" DROP COLUMN "blockParties", DROP COLUMN "open"`);
  }
}
