import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Initial1795837439313 implements MigrationInterface {
  name = 'Initial1795837439313';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TYPE "public"."region_level" AS ENUM('WORLD', 'REGION', 'SUBREGION', 'INTERMEDIATE_REGION')`,
    );
    await queryRunner.query(
      `CREATE TABLE "region" ("code" character(3) NOT NULL, "level" "public"."region_level" NOT NULL, "parentCode" character(3), "names" jsonb NOT NULL, CONSTRAINT "region_code_format" CHECK ("code" ~ '^[0-9]{3}$'), CONSTRAINT "PK_74f7723fdff738f92929c0056cb" PRIMARY KEY ("code"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "country" ("code" character(2) NOT NULL, "alpha3" character(3) NOT NULL, "m49Code" character(3), "regionCode" character(3), "subregionCode" character(3), "intermediateRegionCode" character(3), "names" jsonb NOT NULL, CONSTRAINT "country_code_format" CHECK ("code" ~ '^[A-Z]{2}$'), CONSTRAINT "PK_8ff4c23dc9a3f3856555bd86186" PRIMARY KEY ("code"))`,
    );
    await queryRunner.query(`CREATE INDEX "country_subregion_idx" ON "country"  ("subregionCode") `);
    await queryRunner.query(`CREATE INDEX "country_region_idx" ON "country"  ("regionCode") `);
    await queryRunner.query(
      `CREATE TABLE "thematic_area" ("code" character varying(64) NOT NULL, "names" jsonb NOT NULL, "descriptions" jsonb NOT NULL, "sortOrder" smallint NOT NULL, CONSTRAINT "thematic_area_code_format" CHECK ("code" ~ '^[A-Z][A-Z0-9_]{1,63}$'), CONSTRAINT "PK_54ebe77d6166e2a1f69d035ff8b" PRIMARY KEY ("code"))`,
    );
    await queryRunner.query(
      `CREATE TYPE "public"."profession" AS ENUM('PROSECUTOR', 'JUDGE', 'INVESTIGATOR', 'CENTRAL_AUTHORITY', 'POLICY_MAKER', 'DEFENCE_LAWYER', 'ACADEMIC', 'INTERNATIONAL_ORGANIZATION', 'OTHER')`,
    );
    await queryRunner.query(
      `CREATE TYPE "public"."contact_visibility" AS ENUM('NOBODY', 'CONTACTS', 'VERIFIED_MEMBERS')`,
    );
    await queryRunner.query(`CREATE TYPE "public"."role" AS ENUM('MEMBER', 'EXPERT', 'MODERATOR', 'ADMIN')`);
    await queryRunner.query(
      `CREATE TYPE "public"."verification_status" AS ENUM('PENDING', 'VERIFIED', 'REJECTED')`,
    );
    await queryRunner.query(
      `CREATE TABLE "practitioner" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "email" character varying(254) NOT NULL, "emailNormalized" character varying(254) NOT NULL, "passwordHash" character varying(200) NOT NULL, "displayName" character varying(120) NOT NULL, "countryCode" character(2) NOT NULL, "organization" character varying(200), "position" character varying(200), "profession" "public"."profession" NOT NULL, "bio" text, "languages" text array NOT NULL DEFAULT '{}', "thematicAreaCodes" text array NOT NULL DEFAULT '{}', "phone" character varying(40), "contactVisibility" "public"."contact_visibility" NOT NULL DEFAULT 'CONTACTS', "role" "public"."role" NOT NULL DEFAULT 'MEMBER', "verification" "public"."verification_status" NOT NULL DEFAULT 'PENDING', "verifiedAt" TIMESTAMP WITH TIME ZONE, "verifiedById" uuid, "verificationNote" character varying(1000), "isDemo" boolean NOT NULL DEFAULT false, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "practitioner_bio_len" CHECK ("bio" IS NULL OR char_length("bio") <= 4000), CONSTRAINT "practitioner_display_name_len" CHECK (char_length("displayName") BETWEEN 1 AND 120), CONSTRAINT "PK_6e23eae1429fc2e897d9eebac42" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "practitioner_country_idx" ON "practitioner"  ("countryCode") `);
    await queryRunner.query(
      `CREATE INDEX "practitioner_directory_idx" ON "practitioner"  ("verification", "displayName", "id") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "practitioner_email_key" ON "practitioner"  ("emailNormalized") `,
    );
    // Hand-written: directory filters on array overlap (languages, thematic areas); TypeORM does not model GIN.
    await queryRunner.query(
      `CREATE INDEX "practitioner_languages_idx" ON "practitioner" USING GIN ("languages")`,
    );
    await queryRunner.query(
      `CREATE INDEX "practitioner_thematic_areas_idx" ON "practitioner" USING GIN ("thematicAreaCodes")`,
    );
    await queryRunner.query(
      `CREATE TABLE "auth_session" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "practitionerId" uuid NOT NULL, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "revokedAt" TIMESTAMP WITH TIME ZONE, "revokedReason" character varying(40), CONSTRAINT "PK_19354ed146424a728c1112a8cbf" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "auth_session_practitioner_idx" ON "auth_session"  ("practitionerId") `,
    );
    await queryRunner.query(
      `CREATE TABLE "refresh_token" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "sessionId" uuid NOT NULL, "tokenHash" character(64) NOT NULL, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "expiresAt" TIMESTAMP WITH TIME ZONE NOT NULL, "usedAt" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_b575dd3c21fb0831013c909e7fe" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "refresh_token_session_idx" ON "refresh_token"  ("sessionId") `);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "refresh_token_hash_key" ON "refresh_token"  ("tokenHash") `,
    );
    await queryRunner.query(
      `ALTER TABLE "practitioner" ADD CONSTRAINT "FK_fa9868e119e3dee92869d737e90" FOREIGN KEY ("countryCode") REFERENCES "country"("code") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "auth_session" ADD CONSTRAINT "FK_b4932ad0c450de4a5a0a64139ab" FOREIGN KEY ("practitionerId") REFERENCES "practitioner"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "refresh_token" ADD CONSTRAINT "FK_4f310b2b1f45ec02710a7193611" FOREIGN KEY ("sessionId") REFERENCES "auth_session"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "refresh_token" DROP CONSTRAINT "FK_4f310b2b1f45ec02710a7193611"`);
    await queryRunner.query(`ALTER TABLE "auth_session" DROP CONSTRAINT "FK_b4932ad0c450de4a5a0a64139ab"`);
    await queryRunner.query(`ALTER TABLE "practitioner" DROP CONSTRAINT "FK_fa9868e119e3dee92869d737e90"`);
    await queryRunner.query(`DROP INDEX "public"."refresh_token_hash_key"`);
    await queryRunner.query(`DROP INDEX "public"."refresh_token_session_idx"`);
    await queryRunner.query(`DROP TABLE "refresh_token"`);
    await queryRunner.query(`DROP INDEX "public"."auth_session_practitioner_idx"`);
    await queryRunner.query(`DROP TABLE "auth_session"`);
    await queryRunner.query(`DROP INDEX "public"."practitioner_thematic_areas_idx"`);
    await queryRunner.query(`DROP INDEX "public"."practitioner_languages_idx"`);
    await queryRunner.query(`DROP INDEX "public"."practitioner_email_key"`);
    await queryRunner.query(`DROP INDEX "public"."practitioner_directory_idx"`);
    await queryRunner.query(`DROP INDEX "public"."practitioner_country_idx"`);
    await queryRunner.query(`DROP TABLE "practitioner"`);
    await queryRunner.query(`DROP TYPE "public"."verification_status"`);
    await queryRunner.query(`DROP TYPE "public"."role"`);
    await queryRunner.query(`DROP TYPE "public"."contact_visibility"`);
    await queryRunner.query(`DROP TYPE "public"."profession"`);
    await queryRunner.query(`DROP TABLE "thematic_area"`);
    await queryRunner.query(`DROP INDEX "public"."country_region_idx"`);
    await queryRunner.query(`DROP INDEX "public"."country_subregion_idx"`);
    await queryRunner.query(`DROP TABLE "country"`);
    await queryRunner.query(`DROP TABLE "region"`);
    await queryRunner.query(`DROP TYPE "public"."region_level"`);
  }
}
