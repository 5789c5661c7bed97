import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Search (issue 15): one row per searchable record and language (`search_document`), the records whose text
 * changed since they were last indexed (`search_dirty`, marked by triggers in the writer's transaction), and
 * pg_trgm for names. The triggers are the index's only knowledge of the source tables; what a row says is
 * computed by the search module's providers (src/modules/search/search-providers.ts).
 */
export const SEARCH_TRIGGERS: ReadonlyArray<[table: string, type: string, idColumn: string]> = [
  ['post', 'Post', 'id'],
  ['post_network', 'Post', 'postId'],
  ['comment', 'Comment', 'id'],
  ['legal_development', 'LegalDevelopment', 'id'],
  ['instrument', 'Instrument', 'id'],
  ['central_authority', 'CentralAuthority', 'id'],
  ['practitioner', 'Practitioner', 'id'],
  ['network', 'Network', 'id'],
  ['network_country', 'Network', 'networkId'],
  ['live_event', 'LiveEvent', 'id'],
  ['live_event_network', 'LiveEvent', 'eventId'],
];

export class Search1796340000001 implements MigrationInterface {
  name = 'Search1796340000001';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    await queryRunner.query(
      `CREATE TABLE "search_document" ("type" character varying(40) NOT NULL, "recordId" uuid NOT NULL, "language" character varying(2) NOT NULL DEFAULT '', "title" text NOT NULL DEFAULT '', "body" text NOT NULL DEFAULT '', "names" text, "tsv" tsvector NOT NULL, "countryCodes" text array NOT NULL DEFAULT '{}', "thematicAreaCodes" text array NOT NULL DEFAULT '{}', "networkIds" uuid array NOT NULL DEFAULT '{}', "date" TIMESTAMP WITH TIME ZONE, "indexedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "search_document_pk" PRIMARY KEY ("type", "recordId", "language"))`,
    );
    await queryRunner.query(`CREATE INDEX "search_document_tsv_idx" ON "search_document" USING GIN ("tsv")`);
    await queryRunner.query(
      `CREATE INDEX "search_document_names_trgm_idx" ON "search_document" USING GIN ("names" gin_trgm_ops)`,
    );
    await queryRunner.query(`CREATE INDEX "search_document_record_idx" ON "search_document" ("recordId")`);
    await queryRunner.query(
      `CREATE TABLE "search_dirty" ("type" character varying(40) NOT NULL, "recordId" uuid NOT NULL, "markedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "search_dirty_pk" PRIMARY KEY ("type", "recordId"))`,
    );
    await queryRunner.query(`CREATE OR REPLACE FUNCTION search_mark_dirty() RETURNS trigger AS $$
DECLARE rid uuid;
BEGIN
  IF TG_OP = 'DELETE' THEN
    EXECUTE format('SELECT ($1).%I', TG_ARGV[1]) USING OLD INTO rid;
  ELSE
    EXECUTE format('SELECT ($1).%I', TG_ARGV[1]) USING NEW INTO rid;
  END IF;
  INSERT INTO search_dirty ("type", "recordId") VALUES (TG_ARGV[0], rid) ON CONFLICT DO NOTHING;
  IF TG_OP = 'UPDATE' THEN
    EXECUTE format('SELECT ($1).%I', TG_ARGV[1]) USING OLD INTO rid;
    INSERT INTO search_dirty ("type", "recordId") VALUES (TG_ARGV[0], rid) ON CONFLICT DO NOTHING;
  END IF;
  RETURN NULL;
END $$ LANGUAGE plpgsql`);
    for (const [table, type, idColumn] of SEARCH_TRIGGERS) {
      await queryRunner.query(
        `CREATE TRIGGER "search_dirty_${table}" AFTER INSERT OR UPDATE OR DELETE ON "${table}" FOR EACH ROW EXECUTE FUNCTION search_mark_dirty('${type}', '${idColumn}')`,
      );
    }
    // Everything that exists is indexed by the first search.
    for (const [table, type, idColumn] of SEARCH_TRIGGERS) {
      if (idColumn !== 'id') continue;
      await queryRunner.query(
        `INSERT INTO "search_dirty" ("type", "recordId") SELECT '${type}', "id" FROM "${table}" ON CONFLICT DO NOTHING`,
      );
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const [table] of SEARCH_TRIGGERS) {
      await queryRunner.query(`DROP TRIGGER IF EXISTS "search_dirty_${table}" ON "${table}"`);
    }
    await queryRunner.query(`DROP FUNCTION IF EXISTS search_mark_dirty()`);
    await queryRunner.query(`DROP TABLE "search_dirty"`);
    await queryRunner.query(`DROP TABLE "search_document"`);
  }
}
