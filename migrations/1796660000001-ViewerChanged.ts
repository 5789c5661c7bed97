import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The viewer snapshot cache (issue 17; src/app/viewer-snapshots.ts): every write that changes what a request
 * learns about its viewer (the session, the practitioner's role, verification and suspension, two-factor
 * enrolment, network memberships, blocks either way) sends `NOTIFY praxis_viewer_changed, '<practitioner id>'`
 * when its transaction commits, whatever wrote it (a resolver, a job, psql). Every instance listens and drops
 * that practitioner's snapshots. The triggers' arguments name the columns holding practitioner ids.
 */
export class ViewerChanged1796660000001 implements MigrationInterface {
  name = 'ViewerChanged1796660000001';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE FUNCTION praxis_viewer_changed() RETURNS trigger AS $$
DECLARE
  i integer;
BEGIN
  FOR i IN 0 .. TG_NARGS - 1 LOOP
    IF TG_OP <> 'INSERT' THEN
      PERFORM pg_notify('praxis_viewer_changed', to_jsonb(OLD) ->> TG_ARGV[i]);
    END IF;
    IF TG_OP <> 'DELETE' THEN
      PERFORM pg_notify('praxis_viewer_changed', to_jsonb(NEW) ->> TG_ARGV[i]);
    END IF;
  END LOOP;
  RETURN NULL;
END $$ LANGUAGE plpgsql`);
    for (const [name, when, table, columns] of VIEWER_TRIGGERS)
      await queryRunner.query(
        `CREATE TRIGGER "${name}" AFTER ${when} ON "${table}" FOR EACH ROW
           EXECUTE FUNCTION praxis_viewer_changed(${columns.map((c) => `'${c}'`).join(', ')})`,
      );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const [name, , table] of VIEWER_TRIGGERS)
      await queryRunner.query(`DROP TRIGGER "${name}" ON "${table}"`);
    await queryRunner.query(`DROP FUNCTION praxis_viewer_changed()`);
  }
}

// A new practitioner or session has no snapshot yet: inserts matter only where they change an existing one.
// A session's "lastUsedAt" is not part of a snapshot (a snapshot ends when it becomes stale, see the cache).
const VIEWER_TRIGGERS: [string, string, string, string[]][] = [
  [
    'viewer_changed_session',
    'UPDATE OF "revokedAt", "refreshedAt", "createdAt", "practitionerId" OR DELETE',
    'auth_session',
    ['practitionerId'],
  ],
  [
    'viewer_changed_practitioner',
    'UPDATE OF "role", "verification", "suspendedUntil" OR DELETE',
    'practitioner',
    ['id'],
  ],
  [
    'viewer_changed_two_factor',
    'INSERT OR UPDATE OF "enabledAt" OR DELETE',
    'two_factor',
    ['practitionerId'],
  ],
  ['viewer_changed_membership', 'INSERT OR UPDATE OR DELETE', 'network_member', ['practitionerId']],
  ['viewer_changed_block', 'INSERT OR UPDATE OR DELETE', 'practitioner_block', ['blockerId', 'blockedId']],
];
