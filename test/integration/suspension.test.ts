import type { Client } from 'graphql-ws';
import { startTestServer } from '../helpers/server';
import type { TestServer } from '../helpers/server';
import { codes, gql, ok } from '../helpers/graphql';
import { AUTH_FIELDS, createAdmin, createModerator, createPractitioner } from '../helpers/factories';
import type { TestUser } from '../helpers/factories';
import { connectWs, wsExecute } from '../helpers/ws';
import { PractitionerEntity } from '../../src/modules/practitioner/practitioner.entity';

let server: TestServer;
let moderator: TestUser;
const clients: Client[] = [];
beforeAll(async () => {
  server = await startTestServer();
  moderator = await createModerator(server);
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.dispose()));
  await server.stop();
});

const SUSPEND = `mutation($id: ID!, $until: DateTimeISO, $reason: String!) {
  suspendPractitioner(input: { id: $id, until: $until, reason: $reason }) { practitioner { id suspendedUntil suspensionReason } } }`;
const UNSUSPEND = `mutation($id: ID!) { unsuspendPractitioner(input: { id: $id, note: "Appeal accepted." }) { practitioner { id suspendedUntil } } }`;
const WRITE = `mutation { updateProfile(input: { position: "Deputy prosecutor" }) { practitioner { id } } }`;
const READ = `{ me { id suspendedUntil suspensionReason } }`;

function suspend(by: TestUser, target: TestUser, until: string | null = null, reason = 'Shared case files.') {
  return gql(server, SUSPEND, { id: target.id, until, reason }, { token: by.accessToken });
}

describe('suspendPractitioner', () => {
  it('takes effect at once: writes FORBIDDEN, reads still allowed, refresh tokens revoked, sockets closed', async () => {
    const target = await createPractitioner(server);
    const bystander = await createPractitioner(server);
    ok(await gql(server, WRITE, {}, { token: target.accessToken }));

    // Two live connections of the target (one with a running subscription) and one of someone else.
    const ws1 = connectWs(server, target.accessToken);
    const ws2 = connectWs(server, target.accessToken);
    const other = connectWs(server, bystander.accessToken);
    clients.push(ws1.client, ws2.client, other.client);
    await Promise.all([ws1.connected, ws2.connected, other.connected]);
    ws1.client.subscribe(
      { query: `subscription { notificationReceived { id } }` },
      { next: () => undefined, error: () => undefined, complete: () => undefined },
    );
    await expect(wsExecute(ws2.client, READ)).resolves.toMatchObject({ data: { me: { id: target.id } } });

    const until = new Date(Date.now() + 30 * 86400_000).toISOString();
    const res = ok(await suspend(moderator, target, until));
    expect(res.suspendPractitioner.practitioner).toEqual({
      id: target.id,
      suspendedUntil: until,
      suspensionReason: 'Shared case files.',
    });

    expect(await ws1.closed).toBe(4403);
    expect(await ws2.closed).toBe(4403);
    expect(await wsExecute(other.client, READ)).toMatchObject({ data: { me: { id: bystander.id } } });

    expect(codes(await gql(server, WRITE, {}, { token: target.accessToken }))).toEqual(['FORBIDDEN']);
    expect(ok(await gql(server, READ, {}, { token: target.accessToken })).me).toEqual({
      id: target.id,
      suspendedUntil: until,
      suspensionReason: 'Shared case files.',
    });
    const refresh = await gql(
      server,
      `mutation($t: String!) { refreshSession(input: { refreshToken: $t }) { accessToken } }`,
      { t: target.refreshToken },
    );
    expect(codes(refresh)).toEqual(['UNAUTHENTICATED']);

    // Signing in again gives a reader, not a writer; a new socket can read but not write.
    const login = ok(
      await gql(server, `mutation($i: LoginInput!) { login(input: $i) { ${AUTH_FIELDS} } }`, {
        i: { email: target.email, password: target.password },
      }),
    ).login;
    expect(codes(await gql(server, WRITE, {}, { token: login.accessToken }))).toEqual(['FORBIDDEN']);
    const ws3 = connectWs(server, login.accessToken);
    clients.push(ws3.client);
    await ws3.connected;
    const wsWrite = await wsExecute(ws3.client, WRITE);
    expect(wsWrite.errors?.[0].extensions?.code).toBe('FORBIDDEN');

    // Others do not see the suspension fields.
    const seen = ok(
      await gql(
        server,
        `query($id: ID!) { node(id: $id) { ... on Practitioner { suspendedUntil } } }`,
        { id: target.id },
        {
          token: bystander.accessToken,
        },
      ),
    ).node;
    expect(seen).toEqual({ suspendedUntil: null });

    const lifted = ok(await gql(server, UNSUSPEND, { id: target.id }, { token: moderator.accessToken }));
    expect(lifted.unsuspendPractitioner.practitioner.suspendedUntil).toBeNull();
    ok(await gql(server, WRITE, {}, { token: login.accessToken }));
    expect(codes(await gql(server, UNSUSPEND, { id: target.id }, { token: moderator.accessToken }))).toEqual([
      'CONFLICT',
    ]);
  });

  it('suspends indefinitely without `until`, and a suspension that has ended no longer blocks writes', async () => {
    const target = await createPractitioner(server);
    const res = ok(await suspend(moderator, target));
    expect(new Date(res.suspendPractitioner.practitioner.suspendedUntil).getUTCFullYear()).toBe(9999);
    expect(codes(await gql(server, WRITE, {}, { token: target.accessToken }))).toEqual(['FORBIDDEN']);
    await server.database.dataSource
      .getRepository(PractitionerEntity)
      .update({ id: target.localId }, { suspendedUntil: new Date(Date.now() - 1000) });
    ok(await gql(server, WRITE, {}, { token: target.accessToken }));
  });

  it('is for global moderators; only admins suspend moderators; nobody suspends themselves', async () => {
    const member = await createPractitioner(server);
    const target = await createPractitioner(server);
    const otherModerator = await createModerator(server);
    const admin = await createAdmin(server);
    expect(codes(await suspend(member, target))).toEqual(['FORBIDDEN']);
    expect(codes(await gql(server, SUSPEND, { id: target.id, reason: 'x' }))).toEqual(['UNAUTHENTICATED']);
    expect(codes(await suspend(moderator, otherModerator))).toEqual(['FORBIDDEN']);
    expect(codes(await suspend(moderator, moderator))).toEqual(['FORBIDDEN']);
    ok(await suspend(admin, otherModerator));
    // A suspended moderator cannot moderate.
    expect(codes(await suspend(otherModerator, target))).toEqual(['FORBIDDEN']);
    expect(codes(await gql(server, UNSUSPEND, { id: target.id }, { token: member.accessToken }))).toEqual([
      'FORBIDDEN',
    ]);
  });

  it('a moderator cannot lift an admin’s suspension of another moderator, nor suspend an admin; an admin can', async () => {
    const admin = await createAdmin(server);
    const suspendedModerator = await createModerator(server);
    ok(await suspend(admin, suspendedModerator));
    const row = () =>
      server.database.dataSource
        .getRepository(PractitionerEntity)
        .findOneByOrFail({ id: suspendedModerator.localId });
    const before = await row();
    const lift = await gql(
      server,
      UNSUSPEND,
      { id: suspendedModerator.id },
      { token: moderator.accessToken },
    );
    expect(codes(lift)).toEqual(['FORBIDDEN']);
    expect(lift.data).toBeNull();
    expect(await row()).toEqual(before);
    expect(codes(await suspend(moderator, admin))).toEqual(['FORBIDDEN']);
    expect(
      (
        await server.database.dataSource
          .getRepository(PractitionerEntity)
          .findOneByOrFail({ id: admin.localId })
      ).suspendedUntil,
    ).toBeNull();

    const otherAdmin = await createAdmin(server);
    expect(
      ok(await gql(server, UNSUSPEND, { id: suspendedModerator.id }, { token: otherAdmin.accessToken }))
        .unsuspendPractitioner.practitioner.suspendedUntil,
    ).toBeNull();
    ok(await suspend(otherAdmin, admin));
  });

  it('rejects bad input and unknown practitioners', async () => {
    const target = await createPractitioner(server);
    const past = await suspend(moderator, target, '2020-01-01T00:00:00.000Z');
    expect(codes(past)).toEqual(['BAD_USER_INPUT']);
    expect(past.errors![0].extensions!.fields![0].field).toBe('until');
    const blank = await suspend(moderator, target, null, '  ');
    expect(codes(blank)).toEqual(['BAD_USER_INPUT']);
    expect(codes(await suspend(moderator, target, null, 'x'.repeat(1001)))).toEqual(['BAD_USER_INPUT']);
    const unknown = Buffer.from('Practitioner:00000000-0000-4000-8000-000000000000').toString('base64url');
    expect(
      codes(await gql(server, SUSPEND, { id: unknown, reason: 'x' }, { token: moderator.accessToken })),
    ).toEqual(['NOT_FOUND']);
    expect(codes(await gql(server, UNSUSPEND, { id: unknown }, { token: moderator.accessToken }))).toEqual([
      'NOT_FOUND',
    ]);
    expect(
      codes(await gql(server, SUSPEND, { id: 'zzz', reason: 'x' }, { token: moderator.accessToken })),
    ).toEqual(['BAD_USER_INPUT']);
  });
});
