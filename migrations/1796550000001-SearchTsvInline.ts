import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Search at scale (issue 15, Performance): a search reads the `tsv` of every matching document two or three
 * times (the match, its own language's query, the rank). Stored EXTENDED, the larger ones (about a third of
 * the benchmark's posts) were moved out of line to the TOAST table, and each reading fetched them from there
 * again: 32,000 buffer reads for 4,086 matches of one common word, where the rows themselves are 3,800
 * pages. MAIN keeps `tsv` in the row (compressed if need be; out of line only when nothing else makes the
 * row fit): the same scan reads 3,900 buffers, about 2.5 times faster (measured on the benchmark data).
 * The setting applies to values written from now on: every document is re-indexed once (the background
 * catch-up writes each again).
 */
export class SearchTsvInline1796550000001 implements MigrationInterface {
  name = 'SearchTsvInline1796550000001';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "search_document" ALTER COLUMN "tsv" SET STORAGE MAIN`);
    await queryRunner.query(
      `INSERT INTO "search_dirty" ("type", "recordId") SELECT DISTINCT "type", "recordId" FROM "search_document" ON CONFLICT DO NOTHING`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "search_document" ALTER COLUMN "tsv" SET STORAGE EXTENDED`);
  }
}
