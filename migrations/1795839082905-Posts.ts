import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Posts1795839082905 implements MigrationInterface {
  name = 'Posts1795839082905';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TYPE "public"."post_visibility" AS ENUM('COMMUNITY', 'NETWORKS')`);
    await queryRunner.query(
      `CREATE TYPE "public"."post_status" AS ENUM('DRAFT', 'PENDING_REVIEW', 'CHANGES_REQUESTED', 'PUBLISHED', 'REJECTED', 'ARCHIVED')`,
    );
    await queryRunner.query(
      `CREATE TABLE "post" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "authorId" uuid NOT NULL, "title" character varying(200) NOT NULL, "summary" character varying(1000) NOT NULL DEFAULT '', "body" text NOT NULL DEFAULT '', "language" character varying(2) NOT NULL, "countryCodes" text array NOT NULL DEFAULT '{}', "thematicAreaCodes" text array NOT NULL DEFAULT '{}', "visibility" "public"."post_visibility" NOT NULL DEFAULT 'COMMUNITY', "status" "public"."post_status" NOT NULL DEFAULT 'DRAFT', "publishedAt" TIMESTAMP WITH TIME ZONE, "featured" boolean NOT NULL DEFAULT false, "featuredAt" TIMESTAMP WITH TIME ZONE, "endorsementCount" integer NOT NULL DEFAULT '0', "commentCount" integer NOT NULL DEFAULT '0', "editedAt" TIMESTAMP WITH TIME ZONE, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "post_counts" CHECK ("endorsementCount" >= 0 AND "commentCount" >= 0), CONSTRAINT "post_published_at" CHECK (("status" = 'PUBLISHED') = ("publishedAt" IS NOT NULL) OR "status" = 'ARCHIVED'), CONSTRAINT "post_language" CHECK ("language" IN ('ar', 'zh', 'en', 'fr', 'ru', 'es')), CONSTRAINT "post_body_len" CHECK (char_length("body") <= 50000), CONSTRAINT "post_summary_len" CHECK (char_length("summary") <= 1000), CONSTRAINT "post_title_len" CHECK (char_length("title") BETWEEN 1 AND 200), CONSTRAINT "PK_be5fda3aac270b134ff9c21cdee" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "post_status_idx" ON "post"  ("status", "updatedAt") `);
    await queryRunner.query(`CREATE INDEX "post_author_idx" ON "post"  ("authorId", "updatedAt", "id") `);
    await queryRunner.query(
      `CREATE INDEX "post_featured_idx" ON "post"  ("featuredAt", "id") WHERE "status" = 'PUBLISHED' AND "featured"`,
    );
    await queryRunner.query(
      `CREATE INDEX "post_author_published_idx" ON "post"  ("authorId", "publishedAt", "id") WHERE "status" = 'PUBLISHED'`,
    );
    await queryRunner.query(
      `CREATE INDEX "post_published_idx" ON "post"  ("publishedAt", "id") WHERE "status" = 'PUBLISHED'`,
    );
    // Hand-written: GIN indexes for country.posts and thematicArea.posts (TypeORM does not model GIN).
    await queryRunner.query(`CREATE INDEX "post_country_codes_idx" ON "post" USING GIN ("countryCodes")`);
    await queryRunner.query(
      `CREATE INDEX "post_thematic_area_codes_idx" ON "post" USING GIN ("thematicAreaCodes")`,
    );
    await queryRunner.query(
      `CREATE TABLE "post_network" ("postId" uuid NOT NULL, "networkId" uuid NOT NULL, CONSTRAINT "PK_4f6707551cde0dc026c667cf7e0" PRIMARY KEY ("postId", "networkId"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "post_network_network_idx" ON "post_network"  ("networkId", "postId") `,
    );
    await queryRunner.query(
      `CREATE TYPE "public"."post_action" AS ENUM('SUBMIT', 'APPROVE', 'REQUEST_CHANGES', 'REJECT', 'ARCHIVE', 'FEATURE', 'UNFEATURE')`,
    );
    await queryRunner.query(
      `CREATE TABLE "post_transition" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "postId" uuid NOT NULL, "actorId" uuid, "action" "public"."post_action" NOT NULL, "fromStatus" character varying(20) NOT NULL, "toStatus" character varying(20) NOT NULL, "note" character varying(1000), "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "post_transition_statuses" CHECK ("fromStatus" IN ('DRAFT', 'PENDING_REVIEW', 'CHANGES_REQUESTED', 'PUBLISHED', 'REJECTED', 'ARCHIVED') AND "toStatus" IN ('DRAFT', 'PENDING_REVIEW', 'CHANGES_REQUESTED', 'PUBLISHED', 'REJECTED', 'ARCHIVED')), CONSTRAINT "PK_647e22f34d46fdd4a0b9178abdc" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "post_transition_post_idx" ON "post_transition"  ("postId", "createdAt") `,
    );
    await queryRunner.query(
      `CREATE TABLE "post_endorsement" ("postId" uuid NOT NULL, "practitionerId" uuid NOT NULL, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_2617da7a9aa32988fe8cc60ac1b" PRIMARY KEY ("postId", "practitionerId"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "post_bookmark" ("practitionerId" uuid NOT NULL, "postId" uuid NOT NULL, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_314ff7c8029d57c84b27e102b97" PRIMARY KEY ("practitionerId", "postId"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "post_bookmark_list_idx" ON "post_bookmark"  ("practitionerId", "createdAt", "postId") `,
    );
    await queryRunner.query(
      `CREATE TABLE "comment" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "postId" uuid NOT NULL, "authorId" uuid NOT NULL, "parentId" uuid, "body" text NOT NULL, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "editedAt" TIMESTAMP WITH TIME ZONE, "deletedAt" TIMESTAMP WITH TIME ZONE, "deletedById" uuid, CONSTRAINT "comment_body_len" CHECK (char_length("body") BETWEEN 1 AND 5000), CONSTRAINT "PK_0b0e4bbc8415ec426f87f3a88e2" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "comment_replies_idx" ON "comment"  ("parentId", "createdAt", "id") `,
    );
    await queryRunner.query(`CREATE INDEX "comment_thread_idx" ON "comment"  ("postId", "createdAt", "id") `);
    await queryRunner.query(
      `ALTER TABLE "post" ADD CONSTRAINT "FK_c6fb082a3114f35d0cc27c518e0" FOREIGN KEY ("authorId") REFERENCES "practitioner"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "post_network" ADD CONSTRAINT "FK_d930513b74223f22d3459990100" FOREIGN KEY ("postId") REFERENCES "post"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "post_network" ADD CONSTRAINT "FK_65edf5b241764cb8d0701bbd5a6" FOREIGN KEY ("networkId") REFERENCES "network"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "post_transition" ADD CONSTRAINT "FK_ca2ce4116120bb4012faeb06c48" FOREIGN KEY ("postId") REFERENCES "post"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "post_transition" ADD CONSTRAINT "FK_47d4932cba2e98db2e8d0ef7ea7" FOREIGN KEY ("actorId") REFERENCES "practitioner"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "post_endorsement" ADD CONSTRAINT "FK_93a720d0da30fcd3aed5c78489f" FOREIGN KEY ("postId") REFERENCES "post"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "post_endorsement" ADD CONSTRAINT "FK_9e4b3a4a32d2d1be5b0ae6747c6" FOREIGN KEY ("practitionerId") REFERENCES "practitioner"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "post_bookmark" ADD CONSTRAINT "FK_f3e334c35fc88a867d0481271bd" FOREIGN KEY ("practitionerId") REFERENCES "practitioner"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "post_bookmark" ADD CONSTRAINT "FK_8ae7277a2a5baa818f1f4e2a972" FOREIGN KEY ("postId") REFERENCES "post"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "comment" ADD CONSTRAINT "FK_94a85bb16d24033a2afdd5df060" FOREIGN KEY ("postId") REFERENCES "post"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "comment" ADD CONSTRAINT "FK_276779da446413a0d79598d4fbd" FOREIGN KEY ("authorId") REFERENCES "practitioner"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "comment" ADD CONSTRAINT "FK_e3aebe2bd1c53467a07109be596" FOREIGN KEY ("parentId") REFERENCES "comment"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "comment" DROP CONSTRAINT "FK_e3aebe2bd1c53467a07109be596"`);
    await queryRunner.query(`ALTER TABLE "comment" DROP CONSTRAINT "FK_276779da446413a0d79598d4fbd"`);
    await queryRunner.query(`ALTER TABLE "comment" DROP CONSTRAINT "FK_94a85bb16d24033a2afdd5df060"`);
    await queryRunner.query(`ALTER TABLE "post_bookmark" DROP CONSTRAINT "FK_8ae7277a2a5baa818f1f4e2a972"`);
    await queryRunner.query(`ALTER TABLE "post_bookmark" DROP CONSTRAINT "FK_f3e334c35fc88a867d0481271bd"`);
    await queryRunner.query(
      `ALTER TABLE "post_endorsement" DROP CONSTRAINT "FK_9e4b3a4a32d2d1be5b0ae6747c6"`,
    );
    await queryRunner.query(
      `ALTER TABLE "post_endorsement" DROP CONSTRAINT "FK_93a720d0da30fcd3aed5c78489f"`,
    );
    await queryRunner.query(`ALTER TABLE "post_transition" DROP CONSTRAINT "FK_47d4932cba2e98db2e8d0ef7ea7"`);
    await queryRunner.query(`ALTER TABLE "post_transition" DROP CONSTRAINT "FK_ca2ce4116120bb4012faeb06c48"`);
    await queryRunner.query(`ALTER TABLE "post_network" DROP CONSTRAINT "FK_65edf5b241764cb8d0701bbd5a6"`);
    await queryRunner.query(`ALTER TABLE "post_network" DROP CONSTRAINT "FK_d930513b74223f22d3459990100"`);
    await queryRunner.query(`ALTER TABLE "post" DROP CONSTRAINT "FK_c6fb082a3114f35d0cc27c518e0"`);
    await queryRunner.query(`DROP INDEX "public"."comment_thread_idx"`);
    await queryRunner.query(`DROP INDEX "public"."comment_replies_idx"`);
    await queryRunner.query(`DROP TABLE "comment"`);
    await queryRunner.query(`DROP INDEX "public"."post_bookmark_list_idx"`);
    await queryRunner.query(`DROP TABLE "post_bookmark"`);
    await queryRunner.query(`DROP TABLE "post_endorsement"`);
    await queryRunner.query(`DROP INDEX "public"."post_transition_post_idx"`);
    await queryRunner.query(`DROP TABLE "post_transition"`);
    await queryRunner.query(`DROP TYPE "public"."post_action"`);
    await queryRunner.query(`DROP INDEX "public"."post_network_network_idx"`);
    await queryRunner.query(`DROP TABLE "post_network"`);
    await queryRunner.query(`DROP INDEX "public"."post_published_idx"`);
    await queryRunner.query(`DROP INDEX "public"."post_author_published_idx"`);
    await queryRunner.query(`DROP INDEX "public"."post_featured_idx"`);
    await queryRunner.query(`DROP INDEX "public"."post_author_idx"`);
    await queryRunner.query(`DROP INDEX "public"."post_status_idx"`);
    await queryRunner.query(`DROP INDEX "public"."post_thematic_area_codes_idx"`);
    await queryRunner.query(`DROP INDEX "public"."post_country_codes_idx"`);
    await queryRunner.query(`DROP TABLE "post"`);
    await queryRunner.query(`DROP TYPE "public"."post_status"`);
    await queryRunner.query(`DROP TYPE "public"."post_visibility"`);
  }
}
