import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Search over courses and publications (issue 15): their tables mark their records dirty like the first
 * eight types' (`search_mark_dirty`, created by the Search migration), and the records that exist are marked
 * so that the next catch-up indexes them.
 */
const TRIGGERS: ReadonlyArray<[table: string, type: string, idColumn: string]> = [
  ['course', 'Course', 'id'],
  ['publication', 'Publication', 'id'],
  ['publication_network', 'Publication', 'publicationId'],
];

export class SearchCoursesPublications1796380000001 implements MigrationInterface {
  name = 'SearchCoursesPublications1796380000001';

  public async up(queryRunner: QueryRunner): Promise<void> {
    for (const [table, type, idColumn] of TRIGGERS) {
      await queryRunner.query(
        `CREATE TRIGGER "search_dirty_${table}" AFTER INSERT OR UPDATE OR DELETE ON "${table}" FOR EACH ROW EXECUTE FUNCTION search_mark_dirty('${type}', '${idColumn}')`,
      );
    }
    for (const [table, type, idColumn] of TRIGGERS) {
      if (idColumn !== 'id') continue;
      await queryRunner.query(
        `INSERT INTO "search_dirty" ("type", "recordId") SELECT '${type}', "id" FROM "${table}" ON CONFLICT DO NOTHING`,
      );
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const [table] of TRIGGERS) {
      await queryRunner.query(`DROP TRIGGER IF EXISTS "search_dirty_${table}" ON "${table}"`);
    }
    await queryRunner.query(`DELETE FROM "search_document" WHERE "type" IN ('Course', 'Publication')`);
  }
}
