import type { MigrationInterface, QueryRunner } from 'typeorm';

export class LegalDevelopments1795870211370 implements MigrationInterface {
  name = 'LegalDevelopments1795870211370';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TYPE "public"."instrument_category" AS ENUM('UNIVERSAL_COUNTER_TERRORISM', 'UN_CONVENTION', 'REGIONAL_CONVENTION', 'COOPERATION_TREATY')`,
    );
    await queryRunner.query(
      `CREATE TABLE "instrument" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "shortName" character varying(200) NOT NULL, "title" character varying(1000) NOT NULL, "yearAdopted" smallint NOT NULL, "category" "public"."instrument_category" NOT NULL, "depositary" character varying(500) NOT NULL DEFAULT '', "sourceUrl" character varying(2000), "createdById" uuid, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "instrument_year" CHECK ("yearAdopted" BETWEEN 1800 AND 2200), CONSTRAINT "instrument_title_len" CHECK (char_length("title") BETWEEN 1 AND 1000), CONSTRAINT "instrument_short_name_len" CHECK (char_length("shortName") BETWEEN 1 AND 200), CONSTRAINT "PK_1707dc7e7c2845211b38bef3d29" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "instrument_category_idx" ON "instrument"  ("category", "yearAdopted", "shortName", "id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "instrument_list_idx" ON "instrument"  ("yearAdopted", "shortName", "id") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "instrument_short_name_key" ON "instrument"  ("shortName") `,
    );
    await queryRunner.query(
      `CREATE TYPE "public"."treaty_status_kind" AS ENUM('NONE', 'SIGNED', 'RATIFIED', 'ACCEDED', 'SUCCEEDED', 'ACCEPTED_OR_APPROVED', 'DENOUNCED')`,
    );
    await queryRunner.query(
      `CREATE TABLE "treaty_status" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "countryCode" character(2) NOT NULL, "instrumentId" uuid NOT NULL, "status" "public"."treaty_status_kind" NOT NULL, "date" date, "reservations" text NOT NULL DEFAULT '', "declarations" text NOT NULL DEFAULT '', "sourceUrl" character varying(2000), "recordedById" uuid, "recordedAt" TIMESTAMP WITH TIME ZONE NOT NULL, "isDemo" boolean NOT NULL DEFAULT false, CONSTRAINT "PK_6c98d849b835353aef0736c008d" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "treaty_status_instrument_idx" ON "treaty_status"  ("instrumentId", "countryCode") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "treaty_status_country_instrument_key" ON "treaty_status"  ("countryCode", "instrumentId") `,
    );
    await queryRunner.query(
      `CREATE TABLE "treaty_status_history" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "countryCode" character(2) NOT NULL, "instrumentId" uuid NOT NULL, "fromStatus" character varying(24), "status" character varying(24) NOT NULL, "date" date, "reservations" text NOT NULL DEFAULT '', "declarations" text NOT NULL DEFAULT '', "sourceUrl" character varying(2000), "note" character varying(1000), "recordedById" uuid, "recordedAt" TIMESTAMP WITH TIME ZONE NOT NULL, "legalDevelopmentId" uuid, "isDemo" boolean NOT NULL DEFAULT false, CONSTRAINT "treaty_status_history_statuses" CHECK (("fromStatus" IS NULL OR "fromStatus" IN ('NONE', 'SIGNED', 'RATIFIED', 'ACCEDED', 'SUCCEEDED', 'ACCEPTED_OR_APPROVED', 'DENOUNCED')) AND "status" IN ('NONE', 'SIGNED', 'RATIFIED', 'ACCEDED', 'SUCCEEDED', 'ACCEPTED_OR_APPROVED', 'DENOUNCED')), CONSTRAINT "PK_122ca9985b890865b98a252a3ff" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "treaty_status_history_idx" ON "treaty_status_history"  ("countryCode", "instrumentId", "recordedAt") `,
    );
    await queryRunner.query(
      `CREATE TYPE "public"."legal_development_kind" AS ENUM('LEGISLATION', 'TREATY_ACTION', 'COURT_DECISION', 'POLICY', 'UN_RESOLUTION', 'OTHER')`,
    );
    await queryRunner.query(
      `CREATE TYPE "public"."legal_development_status" AS ENUM('PENDING_REVIEW', 'CHANGES_REQUESTED', 'PUBLISHED', 'REJECTED')`,
    );
    await queryRunner.query(
      `CREATE TABLE "legal_development" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "kind" "public"."legal_development_kind" NOT NULL, "title" character varying(300) NOT NULL, "summary" character varying(2000) NOT NULL DEFAULT '', "body" text NOT NULL DEFAULT '', "jurisdictionCountryCode" character(2), "jurisdictionBody" character varying(200), "effectiveDate" date NOT NULL, "citation" character varying(500) NOT NULL DEFAULT '', "sourceUrl" character varying(2000), "language" character varying(2) NOT NULL, "thematicAreaCodes" text array NOT NULL DEFAULT '{}', "authorId" uuid, "status" "public"."legal_development_status" NOT NULL, "publishedAt" TIMESTAMP WITH TIME ZONE, "isDemo" boolean NOT NULL DEFAULT false, "editedAt" TIMESTAMP WITH TIME ZONE, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "legal_development_published_at" CHECK (("status" = 'PUBLISHED') = ("publishedAt" IS NOT NULL)), CONSTRAINT "legal_development_jurisdiction" CHECK (("jurisdictionCountryCode" IS NULL) <> ("jurisdictionBody" IS NULL)), CONSTRAINT "legal_development_language" CHECK ("language" IN ('ar', 'zh', 'en', 'fr', 'ru', 'es')), CONSTRAINT "legal_development_body_len" CHECK (char_length("body") <= 50000), CONSTRAINT "legal_development_summary_len" CHECK (char_length("summary") <= 2000), CONSTRAINT "legal_development_title_len" CHECK (char_length("title") BETWEEN 1 AND 300), CONSTRAINT "PK_b2964ddc136a13dc8fdfd25cd3d" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "legal_development_author_idx" ON "legal_development"  ("authorId", "updatedAt") `,
    );
    await queryRunner.query(
      `CREATE INDEX "legal_development_status_idx" ON "legal_development"  ("status", "updatedAt") `,
    );
    await queryRunner.query(
      `CREATE INDEX "legal_development_country_idx" ON "legal_development"  ("jurisdictionCountryCode", "effectiveDate", "id") WHERE "status" = 'PUBLISHED'`,
    );
    await queryRunner.query(
      `CREATE INDEX "legal_development_published_idx" ON "legal_development"  ("publishedAt", "id") WHERE "status" = 'PUBLISHED'`,
    );
    await queryRunner.query(
      `CREATE INDEX "legal_development_date_idx" ON "legal_development"  ("effectiveDate", "id") WHERE "status" = 'PUBLISHED'`,
    );
    // Hand-written: GIN index for the thematic-area filter (TypeORM does not model GIN).
    await queryRunner.query(
      `CREATE INDEX "legal_development_thematic_area_codes_idx" ON "legal_development" USING GIN ("thematicAreaCodes")`,
    );
    await queryRunner.query(
      `CREATE TABLE "legal_development_instrument" ("legalDevelopmentId" uuid NOT NULL, "instrumentId" uuid NOT NULL, CONSTRAINT "PK_e5e84a080180572f114b4604e82" PRIMARY KEY ("legalDevelopmentId", "instrumentId"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "legal_development_instrument_instrument_idx" ON "legal_development_instrument"  ("instrumentId", "legalDevelopmentId") `,
    );
    await queryRunner.query(
      `CREATE TYPE "public"."legal_development_action" AS ENUM('SUBMIT', 'PUBLISH', 'APPROVE', 'REQUEST_CHANGES', 'REJECT')`,
    );
    await queryRunner.query(
      `CREATE TABLE "legal_development_transition" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "legalDevelopmentId" uuid NOT NULL, "actorId" uuid, "action" "public"."legal_development_action" NOT NULL, "fromStatus" character varying(20), "toStatus" character varying(20) NOT NULL, "note" character varying(1000), "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "legal_development_transition_statuses" CHECK (("fromStatus" IS NULL OR "fromStatus" IN ('PENDING_REVIEW', 'CHANGES_REQUESTED', 'PUBLISHED', 'REJECTED')) AND "toStatus" IN ('PENDING_REVIEW', 'CHANGES_REQUESTED', 'PUBLISHED', 'REJECTED')), CONSTRAINT "PK_18b43d7ab0004c5c1e046e49277" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "legal_development_transition_idx" ON "legal_development_transition"  ("legalDevelopmentId", "createdAt") `,
    );
    await queryRunner.query(
      `CREATE TABLE "central_authority" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "countryCode" character(2) NOT NULL, "name" character varying(300) NOT NULL, "kinds" text array NOT NULL, "legalBasis" character varying(5000) NOT NULL DEFAULT '', "languages" text array NOT NULL DEFAULT '{}', "channels" text array NOT NULL DEFAULT '{}', "address" character varying(1000) NOT NULL DEFAULT '', "website" character varying(2000), "phone" character varying(50), "email" character varying(320), "urgentContact" character varying(1000), "lastConfirmedAt" TIMESTAMP WITH TIME ZONE, "lastConfirmedById" uuid, "isDemo" boolean NOT NULL DEFAULT false, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "central_authority_languages" CHECK ("languages" <@ ARRAY['ar', 'zh', 'en', 'fr', 'ru', 'es']::text[]), CONSTRAINT "central_authority_channels" CHECK ("channels" <@ ARRAY['DIPLOMATIC', 'DIRECT', 'INTERPOL', 'JUDICIAL_NETWORK', 'ELECTRONIC']::text[]), CONSTRAINT "central_authority_kinds" CHECK (cardinality("kinds") > 0 AND "kinds" <@ ARRAY['EXTRADITION', 'MUTUAL_LEGAL_ASSISTANCE', 'TRANSFER_OF_SENTENCED_PERSONS', 'ASSET_RECOVERY']::text[]), CONSTRAINT "central_authority_name_len" CHECK (char_length("name") BETWEEN 1 AND 300), CONSTRAINT "PK_dbcbb8b5349b212fe8cecd503a0" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "central_authority_country_idx" ON "central_authority"  ("countryCode", "name", "id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "central_authority_revision" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "centralAuthorityId" uuid NOT NULL, "actorId" uuid, "change" character varying(10) NOT NULL, "changedFields" text array NOT NULL DEFAULT '{}', "snapshot" jsonb NOT NULL, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "central_authority_revision_change" CHECK ("change" IN ('CREATE', 'UPDATE', 'CONFIRM')), CONSTRAINT "PK_ed5d497a86a72c58fbde0f751ed" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "central_authority_revision_idx" ON "central_authority_revision"  ("centralAuthorityId", "createdAt") `,
    );
    await queryRunner.query(
      `ALTER TABLE "instrument" ADD CONSTRAINT "FK_0c6d84cd6490b6f171d965360e8" FOREIGN KEY ("createdById") REFERENCES "practitioner"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "treaty_status" ADD CONSTRAINT "FK_0e364b496de691dfb8e6c7b4177" FOREIGN KEY ("countryCode") REFERENCES "country"("code") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "treaty_status" ADD CONSTRAINT "FK_7e0cad40bb956e0d0e9a2a4d8c6" FOREIGN KEY ("instrumentId") REFERENCES "instrument"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "treaty_status" ADD CONSTRAINT "FK_1aaf89e51e909b94764a605713f" FOREIGN KEY ("recordedById") REFERENCES "practitioner"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "treaty_status_history" ADD CONSTRAINT "FK_7593074ad55685f07fcb14553f2" FOREIGN KEY ("countryCode") REFERENCES "country"("code") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "treaty_status_history" ADD CONSTRAINT "FK_064940863df21a4b845e96bf22b" FOREIGN KEY ("instrumentId") REFERENCES "instrument"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "treaty_status_history" ADD CONSTRAINT "FK_1d0f04d911e2d2dfdf5a7baf3bc" FOREIGN KEY ("recordedById") REFERENCES "practitioner"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "treaty_status_history" ADD CONSTRAINT "FK_9b1271d6032abd1bf4ae19365d4" FOREIGN KEY ("legalDevelopmentId") REFERENCES "legal_development"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "legal_development" ADD CONSTRAINT "FK_e3808291e8f6e5b97bfd99abbab" FOREIGN KEY ("jurisdictionCountryCode") REFERENCES "country"("code") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "legal_development" ADD CONSTRAINT "FK_b712ac5930fde2c1a5d10f2393b" FOREIGN KEY ("authorId") REFERENCES "practitioner"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "legal_development_instrument" ADD CONSTRAINT "FK_f6ff05ddd7e01ba0f004f3e1b07" FOREIGN KEY ("legalDevelopmentId") REFERENCES "legal_development"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "legal_development_instrument" ADD CONSTRAINT "FK_cb3a498b5e2a06016335732c361" FOREIGN KEY ("instrumentId") REFERENCES "instrument"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "legal_development_transition" ADD CONSTRAINT "FK_8ff98ef1526bd34395dd3083933" FOREIGN KEY ("legalDevelopmentId") REFERENCES "legal_development"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "legal_development_transition" ADD CONSTRAINT "FK_0bb986c6bf5f6c4de15c6346dc6" FOREIGN KEY ("actorId") REFERENCES "practitioner"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "central_authority" ADD CONSTRAINT "FK_6d79f72239bff099376ba2dd4cd" FOREIGN KEY ("countryCode") REFERENCES "country"("code") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "central_authority" ADD CONSTRAINT "FK_9082126528ea09c857adaf27007" FOREIGN KEY ("lastConfirmedById") REFERENCES "practitioner"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "central_authority_revision" ADD CONSTRAINT "FK_1e0ad337e017f5c33ffb3dc80a1" FOREIGN KEY ("centralAuthorityId") REFERENCES "central_authority"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "central_authority_revision" ADD CONSTRAINT "FK_a5a45c34ccd56b1ed25a4e2d4f1" FOREIGN KEY ("actorId") REFERENCES "practitioner"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "central_authority_revision" DROP CONSTRAINT "FK_a5a45c34ccd56b1ed25a4e2d4f1"`,
    );
    await queryRunner.query(
      `ALTER TABLE "central_authority_revision" DROP CONSTRAINT "FK_1e0ad337e017f5c33ffb3dc80a1"`,
    );
    await queryRunner.query(
      `ALTER TABLE "central_authority" DROP CONSTRAINT "FK_9082126528ea09c857adaf27007"`,
    );
    await queryRunner.query(
      `ALTER TABLE "central_authority" DROP CONSTRAINT "FK_6d79f72239bff099376ba2dd4cd"`,
    );
    await queryRunner.query(
      `ALTER TABLE "legal_development_transition" DROP CONSTRAINT "FK_0bb986c6bf5f6c4de15c6346dc6"`,
    );
    await queryRunner.query(
      `ALTER TABLE "legal_development_transition" DROP CONSTRAINT "FK_8ff98ef1526bd34395dd3083933"`,
    );
    await queryRunner.query(
      `ALTER TABLE "legal_development_instrument" DROP CONSTRAINT "FK_cb3a498b5e2a06016335732c361"`,
    );
    await queryRunner.query(
      `ALTER TABLE "legal_development_instrument" DROP CONSTRAINT "FK_f6ff05ddd7e01ba0f004f3e1b07"`,
    );
    await queryRunner.query(
      `ALTER TABLE "legal_development" DROP CONSTRAINT "FK_b712ac5930fde2c1a5d10f2393b"`,
    );
    await queryRunner.query(
      `ALTER TABLE "legal_development" DROP CONSTRAINT "FK_e3808291e8f6e5b97bfd99abbab"`,
    );
    await queryRunner.query(
      `ALTER TABLE "treaty_status_history" DROP CONSTRAINT "FK_9b1271d6032abd1bf4ae19365d4"`,
    );
    await queryRunner.query(
      `ALTER TABLE "treaty_status_history" DROP CONSTRAINT "FK_1d0f04d911e2d2dfdf5a7baf3bc"`,
    );
    await queryRunner.query(
      `ALTER TABLE "treaty_status_history" DROP CONSTRAINT "FK_064940863df21a4b845e96bf22b"`,
    );
    await queryRunner.query(
      `ALTER TABLE "treaty_status_history" DROP CONSTRAINT "FK_7593074ad55685f07fcb14553f2"`,
    );
    await queryRunner.query(`ALTER TABLE "treaty_status" DROP CONSTRAINT "FK_1aaf89e51e909b94764a605713f"`);
    await queryRunner.query(`ALTER TABLE "treaty_status" DROP CONSTRAINT "FK_7e0cad40bb956e0d0e9a2a4d8c6"`);
    await queryRunner.query(`ALTER TABLE "treaty_status" DROP CONSTRAINT "FK_0e364b496de691dfb8e6c7b4177"`);
    await queryRunner.query(`ALTER TABLE "instrument" DROP CONSTRAINT "FK_0c6d84cd6490b6f171d965360e8"`);
    await queryRunner.query(`DROP INDEX "public"."central_authority_revision_idx"`);
    await queryRunner.query(`DROP TABLE "central_authority_revision"`);
    await queryRunner.query(`DROP INDEX "public"."central_authority_country_idx"`);
    await queryRunner.query(`DROP TABLE "central_authority"`);
    await queryRunner.query(`DROP INDEX "public"."legal_development_transition_idx"`);
    await queryRunner.query(`DROP TABLE "legal_development_transition"`);
    await queryRunner.query(`DROP TYPE "public"."legal_development_action"`);
    await queryRunner.query(`DROP INDEX "public"."legal_development_instrument_instrument_idx"`);
    await queryRunner.query(`DROP TABLE "legal_development_instrument"`);
    await queryRunner.query(`DROP INDEX "public"."legal_development_thematic_area_codes_idx"`);
    await queryRunner.query(`DROP INDEX "public"."legal_development_date_idx"`);
    await queryRunner.query(`DROP INDEX "public"."legal_development_published_idx"`);
    await queryRunner.query(`DROP INDEX "public"."legal_development_country_idx"`);
    await queryRunner.query(`DROP INDEX "public"."legal_development_status_idx"`);
    await queryRunner.query(`DROP INDEX "public"."legal_development_author_idx"`);
    await queryRunner.query(`DROP TABLE "legal_development"`);
    await queryRunner.query(`DROP TYPE "public"."legal_development_status"`);
    await queryRunner.query(`DROP TYPE "public"."legal_development_kind"`);
    await queryRunner.query(`DROP INDEX "public"."treaty_status_history_idx"`);
    await queryRunner.query(`DROP TABLE "treaty_status_history"`);
    await queryRunner.query(`DROP INDEX "public"."treaty_status_country_instrument_key"`);
    await queryRunner.query(`DROP INDEX "public"."treaty_status_instrument_idx"`);
    await queryRunner.query(`DROP TABLE "treaty_status"`);
    await queryRunner.query(`DROP TYPE "public"."treaty_status_kind"`);
    await queryRunner.query(`DROP INDEX "public"."instrument_short_name_key"`);
    await queryRunner.query(`DROP INDEX "public"."instrument_list_idx"`);
    await queryRunner.query(`DROP INDEX "public"."instrument_category_idx"`);
    await queryRunner.query(`DROP TABLE "instrument"`);
    await queryRunner.query(`DROP TYPE "public"."instrument_category"`);
  }
}
