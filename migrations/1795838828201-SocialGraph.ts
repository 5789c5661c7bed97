import type { MigrationInterface, QueryRunner } from 'typeorm';

export class SocialGraph1795838828201 implements MigrationInterface {
  name = 'SocialGraph1795838828201';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TYPE "public"."network_kind" AS ENUM('COUNTRY', 'REGIONAL', 'THEMATIC', 'WORKING_GROUP')`,
    );
    await queryRunner.query(`CREATE TYPE "public"."join_policy" AS ENUM('OPEN', 'REQUEST', 'INVITE')`);
    await queryRunner.query(
      `CREATE TABLE "network" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "kind" "public"."network_kind" NOT NULL, "name" character varying(200) NOT NULL, "description" text, "countryCode" character(2), "regionCode" character(3), "thematicAreaCode" character varying(64), "joinPolicy" "public"."join_policy" NOT NULL, "createdById" uuid, "memberCount" integer NOT NULL DEFAULT '0', "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "network_member_count" CHECK ("memberCount" >= 0), CONSTRAINT "network_description_len" CHECK ("description" IS NULL OR char_length("description") <= 4000), CONSTRAINT "network_name_len" CHECK (char_length("name") BETWEEN 1 AND 200), CONSTRAINT "PK_8f8264c2d37cbbd8282ee9a3c97" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "network_list_idx" ON "network"  ("kind", "name", "id") `);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "network_thematic_key" ON "network"  ("thematicAreaCode") WHERE "kind" = 'THEMATIC'`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "network_region_key" ON "network"  ("regionCode") WHERE "kind" = 'REGIONAL' AND "regionCode" IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "network_country_key" ON "network"  ("countryCode") WHERE "kind" = 'COUNTRY'`,
    );
    await queryRunner.query(
      `CREATE TABLE "network_country" ("networkId" uuid NOT NULL, "countryCode" character(2) NOT NULL, CONSTRAINT "PK_f2d33f1d5db990431f7c7fd42cb" PRIMARY KEY ("networkId", "countryCode"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "network_country_country_idx" ON "network_country"  ("countryCode") `,
    );
    await queryRunner.query(`CREATE TYPE "public"."network_role" AS ENUM('OWNER', 'MODERATOR', 'MEMBER')`);
    await queryRunner.query(
      `CREATE TYPE "public"."membership_status" AS ENUM('ACTIVE', 'REQUESTED', 'INVITED')`,
    );
    await queryRunner.query(
      `CREATE TABLE "network_member" ("networkId" uuid NOT NULL, "practitionerId" uuid NOT NULL, "role" "public"."network_role" NOT NULL DEFAULT 'MEMBER', "status" "public"."membership_status" NOT NULL, "invitedById" uuid, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "joinedAt" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_d7b23690d8cee3f9aae31ed7b5a" PRIMARY KEY ("networkId", "practitionerId"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "network_member_list_idx" ON "network_member"  ("networkId", "status", "createdAt", "practitionerId") `,
    );
    await queryRunner.query(
      `CREATE INDEX "network_member_practitioner_idx" ON "network_member"  ("practitionerId", "status") `,
    );
    await queryRunner.query(
      `CREATE TABLE "practitioner_follow" ("followerId" uuid NOT NULL, "followeeId" uuid NOT NULL, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "practitioner_follow_not_self" CHECK ("followerId" <> "followeeId"), CONSTRAINT "PK_8b643401187e4fbf91e18ca0100" PRIMARY KEY ("followerId", "followeeId"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "practitioner_follow_follower_idx" ON "practitioner_follow"  ("followerId", "createdAt", "followeeId") `,
    );
    await queryRunner.query(
      `CREATE INDEX "practitioner_follow_followee_idx" ON "practitioner_follow"  ("followeeId", "createdAt", "followerId") `,
    );
    await queryRunner.query(
      `CREATE TABLE "network_follow" ("followerId" uuid NOT NULL, "networkId" uuid NOT NULL, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_f87b182cafea9faae5fdcd2e74b" PRIMARY KEY ("followerId", "networkId"))`,
    );
    await queryRunner.query(`CREATE INDEX "network_follow_network_idx" ON "network_follow"  ("networkId") `);
    await queryRunner.query(
      `CREATE TYPE "public"."contact_request_status" AS ENUM('PENDING', 'ACCEPTED', 'DECLINED', 'CANCELLED')`,
    );
    await queryRunner.query(
      `CREATE TABLE "contact_request" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "requesterId" uuid NOT NULL, "addresseeId" uuid NOT NULL, "message" character varying(1000), "status" "public"."contact_request_status" NOT NULL DEFAULT 'PENDING', "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "respondedAt" TIMESTAMP WITH TIME ZONE, CONSTRAINT "contact_request_not_self" CHECK ("requesterId" <> "addresseeId"), CONSTRAINT "PK_d74ea9b4efcf950e4f98d14b173" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "contact_request_outgoing_idx" ON "contact_request"  ("requesterId", "status", "createdAt", "id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "contact_request_incoming_idx" ON "contact_request"  ("addresseeId", "status", "createdAt", "id") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "contact_request_pending_key" ON "contact_request"  ("requesterId", "addresseeId") WHERE "status" = 'PENDING'`,
    );
    await queryRunner.query(
      `CREATE TABLE "contact" ("practitionerId" uuid NOT NULL, "contactId" uuid NOT NULL, "since" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "contact_not_self" CHECK ("practitionerId" <> "contactId"), CONSTRAINT "PK_0124b77cd7f852ed32f942d6655" PRIMARY KEY ("practitionerId", "contactId"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "contact_list_idx" ON "contact"  ("practitionerId", "since", "contactId") `,
    );
    await queryRunner.query(
      `ALTER TABLE "network" ADD CONSTRAINT "FK_c13e3d644c35086743d23c3d6a2" FOREIGN KEY ("countryCode") REFERENCES "country"("code") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "network" ADD CONSTRAINT "FK_7486ee3a1e401fe799be1a83ece" FOREIGN KEY ("createdById") REFERENCES "practitioner"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "network_country" ADD CONSTRAINT "FK_4068eb9aa7974290e211ebfdf50" FOREIGN KEY ("networkId") REFERENCES "network"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "network_country" ADD CONSTRAINT "FK_109d7159ee6e1b56a8cf59caa83" FOREIGN KEY ("countryCode") REFERENCES "country"("code") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "network_member" ADD CONSTRAINT "FK_f183cf5191ee2d53bc0ab24376b" FOREIGN KEY ("networkId") REFERENCES "network"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "network_member" ADD CONSTRAINT "FK_c11d1d2e3c3cec239509e646f1a" FOREIGN KEY ("practitionerId") REFERENCES "practitioner"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "practitioner_follow" ADD CONSTRAINT "FK_5ecfc960f3afeba6a0de7c62037" FOREIGN KEY ("followerId") REFERENCES "practitioner"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "practitioner_follow" ADD CONSTRAINT "FK_fe7b0dc852128b8dea5a2c74221" FOREIGN KEY ("followeeId") REFERENCES "practitioner"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "network_follow" ADD CONSTRAINT "FK_a9d3bad25edb4adf4f84c208c26" FOREIGN KEY ("followerId") REFERENCES "practitioner"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "network_follow" ADD CONSTRAINT "FK_a41a19b4454a5fd361cce4f777d" FOREIGN KEY ("networkId") REFERENCES "network"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "contact_request" ADD CONSTRAINT "FK_812fcd3c1eceb1461f759b7eff0" FOREIGN KEY ("requesterId") REFERENCES "practitioner"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "contact_request" ADD CONSTRAINT "FK_2ea2ed8c8c6178d431d3141b556" FOREIGN KEY ("addresseeId") REFERENCES "practitioner"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "contact" ADD CONSTRAINT "FK_1a37025e51d9944b1e380190b27" FOREIGN KEY ("practitionerId") REFERENCES "practitioner"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "contact" ADD CONSTRAINT "FK_81d0572d7bf850a3b64b328ed13" FOREIGN KEY ("contactId") REFERENCES "practitioner"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "contact" DROP CONSTRAINT "FK_81d0572d7bf850a3b64b328ed13"`);
    await queryRunner.query(`ALTER TABLE "contact" DROP CONSTRAINT "FK_1a37025e51d9944b1e380190b27"`);
    await queryRunner.query(`ALTER TABLE "contact_request" DROP CONSTRAINT "FK_2ea2ed8c8c6178d431d3141b556"`);
    await queryRunner.query(`ALTER TABLE "contact_request" DROP CONSTRAINT "FK_812fcd3c1eceb1461f759b7eff0"`);
    await queryRunner.query(`ALTER TABLE "network_follow" DROP CONSTRAINT "FK_a41a19b4454a5fd361cce4f777d"`);
    await queryRunner.query(`ALTER TABLE "network_follow" DROP CONSTRAINT "FK_a9d3bad25edb4adf4f84c208c26"`);
    await queryRunner.query(
      `ALTER TABLE "practitioner_follow" DROP CONSTRAINT "FK_fe7b0dc852128b8dea5a2c74221"`,
    );
    await queryRunner.query(
      `ALTER TABLE "practitioner_follow" DROP CONSTRAINT "FK_5ecfc960f3afeba6a0de7c62037"`,
    );
    await queryRunner.query(`ALTER TABLE "network_member" DROP CONSTRAINT "FK_c11d1d2e3c3cec239509e646f1a"`);
    await queryRunner.query(`ALTER TABLE "network_member" DROP CONSTRAINT "FK_f183cf5191ee2d53bc0ab24376b"`);
    await queryRunner.query(`ALTER TABLE "network_country" DROP CONSTRAINT "FK_109d7159ee6e1b56a8cf59caa83"`);
    await queryRunner.query(`ALTER TABLE "network_country" DROP CONSTRAINT "FK_4068eb9aa7974290e211ebfdf50"`);
    await queryRunner.query(`ALTER TABLE "network" DROP CONSTRAINT "FK_7486ee3a1e401fe799be1a83ece"`);
    await queryRunner.query(`ALTER TABLE "network" DROP CONSTRAINT "FK_c13e3d644c35086743d23c3d6a2"`);
    await queryRunner.query(`DROP INDEX "public"."contact_list_idx"`);
    await queryRunner.query(`DROP TABLE "contact"`);
    await queryRunner.query(`DROP INDEX "public"."contact_request_pending_key"`);
    await queryRunner.query(`DROP INDEX "public"."contact_request_incoming_idx"`);
    await queryRunner.query(`DROP INDEX "public"."contact_request_outgoing_idx"`);
    await queryRunner.query(`DROP TABLE "contact_request"`);
    await queryRunner.query(`DROP TYPE "public"."contact_request_status"`);
    await queryRunner.query(`DROP INDEX "public"."network_follow_network_idx"`);
    await queryRunner.query(`DROP TABLE "network_follow"`);
    await queryRunner.query(`DROP INDEX "public"."practitioner_follow_followee_idx"`);
    await queryRunner.query(`DROP INDEX "public"."practitioner_follow_follower_idx"`);
    await queryRunner.query(`DROP TABLE "practitioner_follow"`);
    await queryRunner.query(`DROP INDEX "public"."network_member_practitioner_idx"`);
    await queryRunner.query(`DROP INDEX "public"."network_member_list_idx"`);
    await queryRunner.query(`DROP TABLE "network_member"`);
    await queryRunner.query(`DROP TYPE "public"."membership_status"`);
    await queryRunner.query(`DROP TYPE "public"."network_role"`);
    await queryRunner.query(`DROP INDEX "public"."network_country_country_idx"`);
    await queryRunner.query(`DROP TABLE "network_country"`);
    await queryRunner.query(`DROP INDEX "public"."network_country_key"`);
    await queryRunner.query(`DROP INDEX "public"."network_region_key"`);
    await queryRunner.query(`DROP INDEX "public"."network_thematic_key"`);
    await queryRunner.query(`DROP INDEX "public"."network_list_idx"`);
    await queryRunner.query(`DROP TABLE "network"`);
    await queryRunner.query(`DROP TYPE "public"."join_policy"`);
    await queryRunner.query(`DROP TYPE "public"."network_kind"`);
  }
}
