import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Saved searches tell of content once it is out (issue 15): each search document remembers whether its
 * record was in its published, visible state (`listed`: not a draft, not awaiting review, not hidden) when
 * it was indexed, so that the indexer can tell when a record enters that state (a post approved, an event
 * scheduled, a course published, content restored) and have saved searches matched then. The existing
 * documents get the state of their records now (the rule as it stands at this migration), so that nothing
 * already out looks new.
 */
export class SearchListed1796620000001 implements MigrationInterface {
  name = 'SearchListed1796620000001';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "search_document" ADD "listed" boolean NOT NULL DEFAULT false`);
    await queryRunner.query(`UPDATE "search_document" sd SET "listed" = CASE sd."type"
      WHEN 'Post' THEN EXISTS (SELECT 1 FROM "post" x WHERE x."id" = sd."recordId" AND x."status" = 'PUBLISHED' AND x."hiddenAt" IS NULL)
      WHEN 'Comment' THEN EXISTS (SELECT 1 FROM "comment" x JOIN "post" p ON p."id" = x."postId"
        WHERE x."id" = sd."recordId" AND x."hiddenAt" IS NULL AND x."deletedAt" IS NULL AND p."status" = 'PUBLISHED' AND p."hiddenAt" IS NULL)
      WHEN 'LegalDevelopment' THEN EXISTS (SELECT 1 FROM "legal_development" x WHERE x."id" = sd."recordId" AND x."status" = 'PUBLISHED' AND x."hiddenAt" IS NULL)
      WHEN 'LiveEvent' THEN EXISTS (SELECT 1 FROM "live_event" x WHERE x."id" = sd."recordId" AND x."status" IN ('SCHEDULED', 'LIVE', 'ENDED') AND x."hiddenAt" IS NULL)
      WHEN 'Course' THEN EXISTS (SELECT 1 FROM "course" x WHERE x."id" = sd."recordId" AND x."status" = 'PUBLISHED' AND x."hiddenAt" IS NULL)
      WHEN 'Publication' THEN EXISTS (SELECT 1 FROM "publication" x WHERE x."id" = sd."recordId" AND x."hiddenAt" IS NULL)
      WHEN 'Practitioner' THEN EXISTS (SELECT 1 FROM "practitioner" x WHERE x."id" = sd."recordId" AND x."verification" = 'VERIFIED')
      ELSE TRUE END`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "search_document" DROP COLUMN "listed"`);
  }
}
