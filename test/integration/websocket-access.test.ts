import WebSocket from 'ws';
import { startTestServer } from '../helpers/server';
import type { TestServer } from '../helpers/server';
import { codes, gql, ok } from '../helpers/graphql';
import { createAdmin, createModerator, createPractitioner } from '../helpers/factories';
import type { TestUser } from '../helpers/factories';
import { connectWs, wsExecute } from '../helpers/ws';
import { Role, VerificationStatus } from '../../src/common/auth/role';
import { PractitionerEntity } from '../../src/modules/practitioner/practitioner.entity';
import { SessionEntity } from '../../src/modules/identity/session.entity';
import { fromGlobalId } from '../../src/common/relay/global-id';
import {
  ACCESS_CHANGED_CLOSE_CODE,
  SESSION_ENDED_CLOSE_CODE,
} from '../../src/common/realtime/connection-registry';

// Role and verification are current on every WebSocket operation (issue 10, hole 1).

let server: TestServer;
let moderator: TestUser;
beforeAll(async () => {
  server = await startTestServer();
  moderator = await createModerator(server);
  // A central authority with restricted contacts, for what a rejected member may no longer read.
  ok(
    await gql(
      server,
      `mutation($i: CreateCentralAuthorityInput!) { createCentralAuthority(input: $i) { centralAuthority { id } } }`,
      {
        i: {
          countryCode: 'NE',
          name: 'Demo Directorate of Criminal Affairs (demo)',
          kinds: ['EXTRADITION'],
          languages: ['FR'],
          channels: ['DIRECT'],
          phone: '+227 20 00 00 00',
          email: 'entraide@example.org',
          urgentContact: 'Duty prosecutor (24/7)',
        },
      },
      { token: moderator.accessToken },
    ),
  );
});
afterAll(() => server.stop());

const SET_ROLE = `mutation($id: ID!, $role: Role!) { setRole(input: { id: $id, role: $role }) { practitioner { id role } } }`;
const VERIFY = `mutation($id: ID!, $d: VerificationDecision!) { verifyPractitioner(input: { id: $id, decision: $d }) { practitioner { id verification } } }`;
const CREATE_POST = `mutation($i: CreatePostInput!) { createPost(input: $i) { post { id } } }`;
const CONTACTS = `{ centralAuthorities(countryCode: "NE") { name phone email urgentContact } }`;
const postInput = {
  title: 'Joint investigation teams in the Sahel',
  summary: 'What worked.',
  body: 'Body.',
  language: 'EN',
  visibility: 'COMMUNITY',
  networkIds: [],
  countryCodes: ['NE'],
  thematicAreaCodes: ['FINANCING_OF_TERRORISM'],
};

const repo = () => server.database.dataSource.getRepository(PractitionerEntity);
const roleOf = async (u: TestUser) => (await repo().findOneByOrFail({ id: u.localId })).role;
const postCount = async (u: TestUser): Promise<number> =>
  (
    await server.database.dataSource.query(`SELECT count(*)::int AS n FROM post WHERE "authorId" = $1`, [
      u.localId,
    ])
  )[0].n;

/**
 * A raw graphql-transport-ws connection (no client library, no reconnects): what arrives, in order, and
 * how the socket closed, so that a test can send on the very socket that was open before a change.
 */
async function rawSocket(token: string) {
  const socket = new WebSocket(server.wsUrl, 'graphql-transport-ws');
  const messages: { id?: string; type: string; payload?: unknown }[] = [];
  const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
  socket.on('message', (data) => messages.push(JSON.parse(String(data))));
  await new Promise((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('error', reject);
  });
  socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${token}` } }));
  await new Promise<void>((resolve) => {
    const check = () =>
      messages.some((m) => m.type === 'connection_ack') ? resolve() : setTimeout(check, 5);
    check();
  });
  let seq = 0;
  return {
    closed,
    /** Sends one operation if the socket is still open; resolves with its outcome or the close code. */
    async execute(query: string, variables?: Record<string, unknown>) {
      const id = String(++seq);
      if (socket.readyState !== WebSocket.OPEN) return { closedWith: await closed };
      socket.send(JSON.stringify({ id, type: 'subscribe', payload: { query, variables } }));
      const done = new Promise<{ id?: string; type: string; payload?: unknown }[]>((resolve) => {
        const check = () => {
          const mine = messages.filter((m) => m.id === id);
          if (mine.some((m) => m.type === 'complete' || m.type === 'error')) resolve(mine);
          else setTimeout(check, 5);
        };
        check();
      });
      const outcome = await Promise.race([done, closed]);
      if (typeof outcome !== 'number') return { messages: outcome };
      // Closed: an answer that arrived just before the close still counts.
      const mine = messages.filter((m) => m.id === id);
      return mine.some((m) => m.type === 'complete' || m.type === 'error')
        ? { messages: mine }
        : { closedWith: outcome };
    },
  };
}

/** The error codes of a raw outcome, or the close code when the socket closed first. */
function refusal(outcome: { closedWith?: number; messages?: { type: string; payload?: unknown }[] }) {
  if (outcome.closedWith !== undefined) return { closedWith: outcome.closedWith };
  const errors = outcome.messages!.flatMap((m) =>
    m.type === 'error'
      ? (m.payload as { extensions?: { code?: string } }[])
      : ((m.payload as { errors?: { extensions?: { code?: string } }[] })?.errors ?? []),
  );
  const data = outcome.messages!.find((m) => m.type === 'next')?.payload as { data?: unknown } | undefined;
  return { codes: errors.map((e) => e.extensions?.code), data: data?.data ?? null };
}

describe('each WebSocket operation reads the viewer afresh', () => {
  it('a role taken away behind the socket’s back (no close order) applies to the next operation', async () => {
    const admin = await createAdmin(server);
    const target = await createPractitioner(server);
    const ws = connectWs(server, admin.accessToken);
    await ws.connected;
    const promoted = await wsExecute(ws.client, SET_ROLE, { id: target.id, role: 'EXPERT' });
    expect(promoted.errors).toBeUndefined();
    // Another path (say, an instance that missed the broadcast) demotes the admin without closing sockets.
    await repo().update({ id: admin.localId }, { role: Role.MEMBER });
    const res = await wsExecute(ws.client, SET_ROLE, { id: target.id, role: 'MODERATOR' });
    expect(res.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
    expect(await roleOf(target)).toBe(Role.EXPERT);
    const me = await wsExecute<{ me: { role: string } }>(ws.client, '{ me { role } }');
    expect(me.data?.me.role).toBe('MEMBER');
    await ws.client.dispose();
  });

  it('a verification withdrawn behind the socket’s back applies to the next operation', async () => {
    const member = await createPractitioner(server);
    const ws = connectWs(server, member.accessToken);
    await ws.connected;
    const before = await wsExecute<{ centralAuthorities: { phone: string | null }[] }>(ws.client, CONTACTS);
    expect(before.data?.centralAuthorities[0].phone).toBe('+227 20 00 00 00');
    await repo().update({ id: member.localId }, { verification: VerificationStatus.REJECTED });
    const post = await wsExecute(ws.client, CREATE_POST, { i: postInput });
    expect(post.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
    expect(await postCount(member)).toBe(0);
    const after = await wsExecute<{ centralAuthorities: Record<string, string | null>[] }>(
      ws.client,
      CONTACTS,
    );
    expect(after.data?.centralAuthorities[0]).toMatchObject({
      phone: null,
      email: null,
      urgentContact: null,
    });
    await ws.client.dispose();
  });

  it('a session ended behind the socket’s back refuses the next operation and closes the socket (4401)', async () => {
    const member = await createPractitioner(server);
    const ws = await rawSocket(member.accessToken);
    const sid = JSON.parse(Buffer.from(member.accessToken.split('.')[1], 'base64url').toString()).sid;
    await server.database.dataSource
      .getRepository(SessionEntity)
      .update({ id: sid }, { revokedAt: new Date(), revokedReason: 'test' });
    const outcome = refusal(
      await ws.execute(`mutation { updateProfile(input: { position: "X" }) { practitioner { id } } }`),
    );
    expect(outcome).toEqual({ codes: ['UNAUTHENTICATED'], data: null });
    expect(await ws.closed).toBe(SESSION_ENDED_CLOSE_CODE);
    expect((await repo().findOneByOrFail({ id: member.localId })).position).toBeNull();
  });
});

describe('a change of role or verification closes the practitioner’s sockets (4412)', () => {
  it('a demoted admin’s open socket cannot act as admin once the demotion has returned', async () => {
    const [a, b] = [await createAdmin(server), await createAdmin(server)];
    const bystander = await createPractitioner(server);
    const socket = await rawSocket(a.accessToken);
    const other = connectWs(server, bystander.accessToken);
    await other.connected;

    ok(await gql(server, SET_ROLE, { id: a.id, role: 'MEMBER' }, { token: b.accessToken }));
    // Straight away, over the socket opened as admin: make oneself admin again, demote the other admin.
    const again = refusal(await socket.execute(SET_ROLE, { id: a.id, role: 'ADMIN' }));
    const demote = refusal(await socket.execute(SET_ROLE, { id: b.id, role: 'MEMBER' }));
    for (const outcome of [again, demote]) {
      expect([
        { closedWith: ACCESS_CHANGED_CLOSE_CODE },
        { codes: ['FORBIDDEN'], data: null },
      ]).toContainEqual(outcome);
    }
    expect(await socket.closed).toBe(ACCESS_CHANGED_CLOSE_CODE);
    expect(await roleOf(a)).toBe(Role.MEMBER);
    expect(await roleOf(b)).toBe(Role.ADMIN);

    // Other practitioners' sockets stay open; a reconnect with the same token is served as a member.
    expect((await wsExecute<{ me: { id: string } }>(other.client, '{ me { id } }')).data?.me.id).toBe(
      bystander.id,
    );
    const back = connectWs(server, a.accessToken);
    await back.connected;
    const res = await wsExecute(back.client, SET_ROLE, { id: b.id, role: 'MEMBER' });
    expect(res.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
    expect(await roleOf(b)).toBe(Role.ADMIN);
    await Promise.all([back.client.dispose(), other.client.dispose()]);
  });

  it('a member rejected after connecting can no longer post nor read restricted contacts over it', async () => {
    const member = await createPractitioner(server);
    const socket = await rawSocket(member.accessToken);
    const contacts = refusal(await socket.execute(CONTACTS));
    expect(contacts.data).toMatchObject({ centralAuthorities: [{ phone: '+227 20 00 00 00' }] });

    ok(await gql(server, VERIFY, { id: member.id, d: 'REJECT' }, { token: moderator.accessToken }));
    const post = refusal(await socket.execute(CREATE_POST, { i: postInput }));
    expect([{ closedWith: ACCESS_CHANGED_CLOSE_CODE }, { codes: ['FORBIDDEN'], data: null }]).toContainEqual(
      post,
    );
    const read = refusal(await socket.execute(CONTACTS));
    if (read.closedWith === undefined)
      expect(read.data).toMatchObject({
        centralAuthorities: [{ phone: null, email: null, urgentContact: null }],
      });
    expect(await socket.closed).toBe(ACCESS_CHANGED_CLOSE_CODE);
    expect(await postCount(member)).toBe(0);

    // Reconnected with the same token: a rejected member.
    const back = connectWs(server, member.accessToken);
    await back.connected;
    const again = await wsExecute(back.client, CREATE_POST, { i: postInput });
    expect(again.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
    const contactsNow = await wsExecute<{ centralAuthorities: Record<string, string | null>[] }>(
      back.client,
      CONTACTS,
    );
    expect(contactsNow.data?.centralAuthorities[0]).toMatchObject({
      phone: null,
      email: null,
      urgentContact: null,
    });
    expect(await postCount(member)).toBe(0);
    await back.client.dispose();
  });

  it('a verification or a promotion closes them too; a role set to the same value closes nothing', async () => {
    const admin = await createAdmin(server);
    const member = await createPractitioner(server);
    const pendingId = fromGlobalId(member.id).id;
    await repo().update({ id: pendingId }, { verification: VerificationStatus.PENDING });
    const first = await rawSocket(member.accessToken);
    ok(await gql(server, VERIFY, { id: member.id, d: 'APPROVE' }, { token: moderator.accessToken }));
    expect(await first.closed).toBe(ACCESS_CHANGED_CLOSE_CODE);

    const second = await rawSocket(member.accessToken);
    ok(await gql(server, SET_ROLE, { id: member.id, role: 'MEMBER' }, { token: admin.accessToken }));
    expect(refusal(await second.execute('{ me { role } }'))).toEqual({
      codes: [],
      data: { me: { role: 'MEMBER' } },
    });
    ok(await gql(server, SET_ROLE, { id: member.id, role: 'EXPERT' }, { token: admin.accessToken }));
    expect(await second.closed).toBe(ACCESS_CHANGED_CLOSE_CODE);
    expect(codes(await gql(server, '{ me { role } }', {}, { token: member.accessToken }))).toEqual([]);
  });
});
