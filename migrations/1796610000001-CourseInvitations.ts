import type { MigrationInterface, QueryRunner } from 'typeorm';

/** E-mail invitations to courses (issue 14): a course is a way into the community, through vetting. */
export class CourseInvitations1796610000001 implements MigrationInterface {
  name = 'CourseInvitations1796610000001';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "course_invitation" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "courseId" uuid NOT NULL,
        "email" text NOT NULL,
        "invitedById" uuid NOT NULL,
        "tokenHash" text NOT NULL,
        "expiresAt" TIMESTAMP WITH TIME ZONE NOT NULL,
        "acceptedById" uuid,
        "acceptedAt" TIMESTAMP WITH TIME ZONE,
        "enrolledAt" TIMESTAMP WITH TIME ZONE,
        "revokedAt" TIMESTAMP WITH TIME ZONE,
        "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "PK_course_invitation" PRIMARY KEY ("id"),
        CONSTRAINT "FK_b7078288d60b8ca141513b76d0b" FOREIGN KEY ("courseId") REFERENCES "course"("id") ON DELETE CASCADE,
        CONSTRAINT "FK_c9b3da00dd2e9f0f8a7f9929916" FOREIGN KEY ("invitedById") REFERENCES "practitioner"("id") ON DELETE CASCADE,
        CONSTRAINT "FK_449b53a27154ea81640008d1d1c" FOREIGN KEY ("acceptedById") REFERENCES "practitioner"("id") ON DELETE CASCADE
      )`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "course_invitation_token_idx" ON "course_invitation" ("tokenHash")`,
    );
    await queryRunner.query(
      `CREATE INDEX "course_invitation_course_idx" ON "course_invitation" ("courseId", "createdAt", "id")`,
    );
    await queryRunner.query(
      `CREATE INDEX "course_invitation_accepted_idx" ON "course_invitation" ("acceptedById")`,
    );
    await queryRunner.query(
      `CREATE INDEX "course_invitation_inviter_idx" ON "course_invitation" ("invitedById")`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "course_invitation"`);
  }
}
