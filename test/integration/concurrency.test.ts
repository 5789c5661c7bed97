import { startTestServer } from '../helpers/server';
import type { TestServer } from '../helpers/server';
import { gql, ok } from '../helpers/graphql';
import { createPractitioner } from '../helpers/factories';
import { PractitionerEntity } from '../../src/modules/practitioner/practitioner.entity';
import { SessionEntity } from '../../src/modules/identity/session.entity';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.stop());

describe('concurrent writing mutations', () => {
  it('all commit, none interleave: 30 registrations, logins and profile updates at once', async () => {
    const users = await Promise.all(
      Array.from({ length: 5 }, (_, i) => createPractitioner(server, { displayName: `Seed ${i}` })),
    );
    const before = await server.database.dataSource.getRepository(PractitionerEntity).count();
    const registrations = Array.from({ length: 10 }, (_, i) =>
      gql(server, `mutation($i: RegisterInput!) { register(input: $i) { accepted } }`, {
        i: {
          email: `concurrent-${i}@example.org`,
          password: 'long enough password',
          displayName: `Concurrent ${i}`,
          countryCode: 'FR',
          profession: 'JUDGE',
        },
      }),
    );
    const logins = users.map((u) =>
      gql(server, `mutation($i: LoginInput!) { login(input: $i) { accessToken } }`, {
        i: { email: u.email, password: u.password },
      }),
    );
    const updates = users.flatMap((u, i) =>
      [1, 2, 3].map((n) =>
        gql(
          server,
          `mutation($i: UpdateProfileInput!) { updateProfile(input: $i) { practitioner { bio } } }`,
          { i: { bio: `bio ${i}-${n}` } },
          { token: u.accessToken },
        ),
      ),
    );
    // One registration with a duplicate e-mail races the original: exactly one account is created, and both
    // get the same answer (register does not tell whether an address was taken).
    const duplicate = gql(server, `mutation($i: RegisterInput!) { register(input: $i) { accepted } }`, {
      i: {
        email: 'CONCURRENT-0@example.org',
        password: 'long enough password',
        displayName: 'Duplicate',
        countryCode: 'FR',
        profession: 'JUDGE',
      },
    });
    const results = await Promise.all([...registrations, ...logins, ...updates]);
    results.forEach((r) => ok(r));
    expect(ok(await duplicate).register).toEqual({ accepted: true });
    expect(await server.database.dataSource.getRepository(PractitionerEntity).count()).toBe(before + 10);
    const sessions = await server.database.dataSource.getRepository(SessionEntity).count();
    expect(sessions).toBe(2 * users.length); // registering opens none: one per factory sign-in, one per login
    for (const [i, u] of users.entries()) {
      const me = ok(await gql(server, `{ me { bio } }`, {}, { token: u.accessToken })).me;
      expect(me.bio).toMatch(new RegExp(`^bio ${i}-[123]$`));
    }
  });

  it('a transaction that fails rolls back completely while others commit', async () => {
    const ds = server.database.dataSource;
    const repo = ds.getRepository(PractitionerEntity);
    const before = await repo.count();
    const failing = ds.transaction(async (manager) => {
      await manager.query(`UPDATE practitioner SET bio = 'rolled back'`);
      await new Promise((r) => setTimeout(r, 20));
      throw new Error('boom');
    });
    const other = gql(server, `mutation($i: RegisterInput!) { register(input: $i) { accepted } }`, {
      i: {
        email: 'during-rollback@example.org',
        password: 'long enough password',
        displayName: 'During rollback',
        countryCode: 'MA',
        profession: 'JUDGE',
      },
    });
    await expect(failing).rejects.toThrow('boom');
    ok(await other);
    expect(await repo.count()).toBe(before + 1);
    expect(await repo.countBy({ bio: 'rolled back' })).toBe(0);
  });
});
