import { startTestServer } from '../helpers/server';
import type { TestServer } from '../helpers/server';
import { codes, gql, ok } from '../helpers/graphql';
import { Role } from '../../src/common/auth/role';
import { AUTH_FIELDS, createAdmin, createModerator, createPractitioner } from '../helpers/factories';
import type { TestUser } from '../helpers/factories';
import { publishPost } from '../helpers/posts';
import { addComment } from '../helpers/moderation';
import { connectWs, wsExecute } from '../helpers/ws';
import { addMember, createWorkingGroup } from '../helpers/networks';
import { query, raw, sql } from '../../src/common/db/sql';
import { forgetStatements, KEPT_REFERENCES } from '../../src/modules/identity/account-deletion.forget';
import { fromGlobalIdOf } from '../../src/common/relay/global-id';

let server: TestServer;
let moderator: TestUser;
let admin: TestUser;
let reader: TestUser;
beforeAll(async () => {
  server = await startTestServer();
  moderator = await createModerator(server);
  admin = await createAdmin(server);
  reader = await createPractitioner(server, { displayName: 'Reader Rahman' });
});
afterAll(() => server.stop());

const LOGIN = `mutation($input: LoginInput!) { login(input: $input) { ${AUTH_FIELDS} } }`;
const REFRESH = `mutation($t: String!) { refreshSession(input: { refreshToken: $t }) { ${AUTH_FIELDS} } }`;
const REGISTER = `mutation($input: RegisterInput!) { register(input: $input) { accepted } }`;
const DELETE_ACCOUNT = `mutation($input: DeleteAccountInput!) {
  deleteAccount(input: $input) { deletedPractitionerId contentRemoved sessionsEnded } }`;
const DELETE_PRACTITIONER = `mutation($input: DeletePractitionerInput!) {
  deletePractitioner(input: $input) { deletedPractitionerId contentRemoved sessionsEnded } }`;
const AUTHOR = `author { id displayName isDeleted organization bio email phone }`;
const POST_NODE = `query($id: ID!) { node(id: $id) { ... on Post { id commentCount ${AUTHOR} } } }`;
const POST_NODE_COUNTS = `query($id: ID!) { node(id: $id) { ... on Post { endorsementCount } } }`;
const COMMENT_NODE = `query($id: ID!) { node(id: $id) { ... on Comment { id body isDeleted ${AUTHOR} } } }`;
const THREAD = `query($id: ID!) { node(id: $id) { ... on Post { commentCount
  comments(first: 50) { edges { node { id body isDeleted ${AUTHOR} } } } } } }`;
const COUNTRY_POSTS = `{ country(code: "NE") { posts(first: 100) { edges { node { id ${AUTHOR} } } } } }`;
const PRACTITIONER_NODE = `query($id: ID!) { node(id: $id) { ... on Practitioner {
  id displayName isDeleted organization position bio languages email phone } } }`;
const DIRECTORY = `query($f: PractitionerFilter) { practitioners(first: 100, filter: $f) { edges { node { id displayName } } } }`;
const LOG = `query($f: ModerationLogFilter) { moderationLog(first: 100, filter: $f) {
  edges { node { action note targetId actor { id } details { key value } } } } }`;

const TOMBSTONE = {
  displayName: 'Former member',
  isDeleted: true,
  organization: null,
  bio: null,
  email: null,
  phone: null,
};

/** Count of rows of `table` where `column` is the practitioner (by local id). */
async function rows(table: string, column: string, localId: string): Promise<number> {
  const [r] = await query<{ n: number }>(
    server.database.dataSource,
    sql`SELECT count(*)::int AS n FROM ${rawTable(table)} WHERE ${rawColumn(column)} = ${localId}`,
  );
  return r.n;
}
// Names chosen by the test itself (never input).
const rawTable = (t: string) => raw(t);
const rawColumn = (c: string) => raw(`"${c}"`);

describe('deleteAccount (by oneself)', () => {
  it('refuses a wrong password and changes nothing', async () => {
    const member = await createPractitioner(server);
    const res = await gql(
      server,
      DELETE_ACCOUNT,
      { input: { password: 'not my password at all' } },
      { token: member.accessToken },
    );
    expect(codes(res)).toEqual(['BAD_USER_INPUT']);
    expect(res.errors![0].extensions!.reason).toBe('WRONG_PASSWORD');
    expect(ok(await gql(server, `{ me { id } }`, {}, { token: member.accessToken })).me.id).toBe(member.id);
  });

  it('is refused to anonymous callers', async () => {
    const res = await gql(server, DELETE_ACCOUNT, { input: { password: 'whatever password' } });
    expect(codes(res)).toEqual(['UNAUTHENTICATED']);
  });

  it('removes personal data, ends sessions and sockets, keeps posts and comments as "Former member"', async () => {
    const member = await createPractitioner(server, {
      displayName: 'Zeynep Unfindable',
      organization: 'Parquet national',
      profile: { bio: 'Prosecutor.', phone: '+227 20 00 00 00' },
    });
    const postId = await publishPost(server, member, moderator, { title: 'A post that outlives its author' });
    const readersPost = await publishPost(server, reader, moderator);
    const commentId = await addComment(server, member, readersPost, 'A comment that stays.');
    ok(
      await gql(
        server,
        `mutation($t: ID!) { follow(input: { targetId: $t }) { practitioner { id } } }`,
        { t: reader.id },
        { token: member.accessToken },
      ),
    );
    ok(
      await gql(
        server,
        `mutation($t: ID!) { follow(input: { targetId: $t }) { practitioner { id } } }`,
        { t: member.id },
        { token: reader.accessToken },
      ),
    );
    // A network membership, an endorsement, a block: rows with counters, and a relation both ways.
    const group = await createWorkingGroup(server, reader, 'OPEN');
    await addMember(server, group, member);
    ok(
      await gql(
        server,
        `mutation($p: ID!) { endorsePost(input: { postId: $p }) { post { id } } }`,
        { p: readersPost },
        { token: member.accessToken },
      ),
    );
    ok(
      await gql(
        server,
        `mutation($p: ID!) { blockPractitioner(input: { practitionerId: $p }) { practitioner { id } } }`,
        { p: member.id },
        { token: reader.accessToken },
      ),
    );
    const memberCount = async () =>
      ok(
        await gql(
          server,
          `query($id: ID!) { node(id: $id) { ... on Network { memberCount } } }`,
          { id: group },
          { token: reader.accessToken },
        ),
      ).node.memberCount;
    expect(await memberCount()).toBe(2);
    // Their home timeline, built by reading the feed (rows of their own and of the reader's posts).
    ok(
      await gql(
        server,
        `{ feed(first: 5) { edges { node { __typename } } } }`,
        {},
        { token: member.accessToken },
      ),
    );
    expect(await rows('home_timeline', 'readerId', member.localId)).toBeGreaterThan(0);
    expect(await rows('home_timeline_state', 'readerId', member.localId)).toBe(1);
    // A second session, and a socket on each.
    const second = ok(
      await gql(server, LOGIN, { input: { email: member.email, password: member.password } }),
    ).login;
    const ws1 = connectWs(server, member.accessToken);
    const ws2 = connectWs(server, second.accessToken);
    await Promise.all([ws1.connected, ws2.connected]);

    const out = ok(
      await gql(
        server,
        DELETE_ACCOUNT,
        { input: { password: member.password } },
        { token: member.accessToken },
      ),
    ).deleteAccount;
    expect(out).toEqual({ deletedPractitionerId: member.id, contentRemoved: false, sessionsEnded: 2 });

    // Sockets of every session close (4401), tokens stop working, sign-in is refused.
    expect(await ws1.closed).toBe(4401);
    expect(await ws2.closed).toBe(4401);
    expect(codes(await gql(server, `{ me { id } }`, {}, { token: member.accessToken }))).toEqual([
      'UNAUTHENTICATED',
    ]);
    expect(codes(await gql(server, REFRESH, { t: member.refreshToken }))).toEqual(['UNAUTHENTICATED']);
    expect(codes(await gql(server, REFRESH, { t: second.refreshToken }))).toEqual(['UNAUTHENTICATED']);
    expect(
      codes(await gql(server, LOGIN, { input: { email: member.email, password: member.password } })),
    ).toEqual(['UNAUTHENTICATED']);

    // The post stays, attributed to the tombstone, over node(id) and in a list.
    const post = ok(await gql(server, POST_NODE, { id: postId }, { token: reader.accessToken })).node;
    expect(post.author).toEqual({ id: member.id, ...TOMBSTONE });
    const listed = ok(
      await gql(server, COUNTRY_POSTS, {}, { token: reader.accessToken }),
    ).country.posts.edges.map((e: { node: { id: string } }) => e.node);
    expect(listed.find((p: { id: string }) => p.id === postId).author).toEqual({
      id: member.id,
      ...TOMBSTONE,
    });
    // So does the comment, over node(id) and in its thread.
    const comment = ok(
      await gql(server, COMMENT_NODE, { id: commentId }, { token: reader.accessToken }),
    ).node;
    expect(comment).toMatchObject({
      body: 'A comment that stays.',
      isDeleted: false,
      author: { id: member.id, ...TOMBSTONE },
    });
    const thread = ok(await gql(server, THREAD, { id: readersPost }, { token: reader.accessToken })).node;
    expect(thread.commentCount).toBe(1);
    expect(thread.comments.edges[0].node.author).toEqual({ id: member.id, ...TOMBSTONE });
    // The tombstone itself: no name, no profile, no contact details (moderators included).
    const tomb = ok(
      await gql(server, PRACTITIONER_NODE, { id: member.id }, { token: moderator.accessToken }),
    ).node;
    expect(tomb).toMatchObject({
      displayName: 'Former member',
      isDeleted: true,
      organization: null,
      position: null,
      bio: null,
      languages: [],
      phone: null,
    });
    expect(tomb.email).not.toContain('@example.org');

    // Gone from the directory, by old name or by the tombstone's.
    for (const nameContains of ['Zeynep', 'Former member']) {
      const found = ok(await gql(server, DIRECTORY, { f: { nameContains } }, { token: reader.accessToken }));
      expect(found.practitioners.edges).toEqual([]);
    }
    // Counters follow the removed rows.
    expect(await memberCount()).toBe(1);
    expect(
      ok(await gql(server, POST_NODE_COUNTS, { id: readersPost }, { token: reader.accessToken })).node
        .endorsementCount,
    ).toBe(0);
    expect(await rows('network_member', 'practitionerId', member.localId)).toBe(0);
    expect(await rows('practitioner_block', 'blockedId', member.localId)).toBe(0);
    expect(await rows('post_endorsement', 'practitionerId', member.localId)).toBe(0);
    // Follows both ways, sessions and the security log are gone from the database.
    expect(await rows('practitioner_follow', 'followerId', member.localId)).toBe(0);
    expect(await rows('practitioner_follow', 'followeeId', member.localId)).toBe(0);
    expect(await rows('auth_session', 'practitionerId', member.localId)).toBe(0);
    expect(await rows('security_event', 'practitionerId', member.localId)).toBe(0);
    // Their home timeline (no foreign key holds it: the statement in forgetStatements does).
    expect(await rows('home_timeline', 'readerId', member.localId)).toBe(0);
    expect(await rows('home_timeline_state', 'readerId', member.localId)).toBe(0);
    const [p] = await query<{ email: string; passwordHash: string }>(
      server.database.dataSource,
      sql`SELECT email, "passwordHash" FROM practitioner WHERE id = ${member.localId}`,
    );
    expect(p.email).toBe(`deleted-${member.localId}@deleted.invalid`);

    // A second deletion with the same (now dead) token is refused.
    expect(
      codes(
        await gql(
          server,
          DELETE_ACCOUNT,
          { input: { password: member.password } },
          { token: member.accessToken },
        ),
      ),
    ).toEqual(['UNAUTHENTICATED']);

    // The address can register again: a new, different account.
    const input = {
      email: member.email,
      password: 'a brand new long password',
      displayName: 'Zeynep Returns',
      countryCode: 'NE',
      profession: 'PROSECUTOR',
    };
    expect(ok(await gql(server, REGISTER, { input })).register.accepted).toBe(true);
    const again = ok(
      await gql(server, LOGIN, { input: { email: member.email, password: input.password } }),
    ).login;
    expect(again.practitioner.id).not.toBe(member.id);
    expect(again.practitioner.displayName).toBe('Zeynep Returns');
  });

  it('works over WebSocket: a wrong password is refused there too; then the answer arrives and the socket closes', async () => {
    const member = await createPractitioner(server);
    const ws = connectWs(server, member.accessToken);
    await ws.connected;
    const wrong = await wsExecute(ws.client, DELETE_ACCOUNT, {
      input: { password: 'not the password at all' },
    });
    expect(wrong.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const res = await wsExecute<{ deleteAccount: { deletedPractitionerId: string } }>(
      ws.client,
      DELETE_ACCOUNT,
      { input: { password: member.password } },
    );
    expect(res.data?.deleteAccount.deletedPractitionerId).toBe(member.id);
    expect(await ws.closed).toBe(4401);
    expect(codes(await gql(server, REFRESH, { t: member.refreshToken }))).toEqual(['UNAUTHENTICATED']);
  });

  it('removeContent: true removes one’s posts and comments', async () => {
    const member = await createPractitioner(server);
    const postId = await publishPost(server, member, moderator);
    const readersPost = await publishPost(server, reader, moderator);
    const commentId = await addComment(server, member, readersPost, 'To be removed.');
    const replyId = await addComment(server, reader, readersPost, 'A reply by someone else.', commentId);
    ok(
      await gql(
        server,
        DELETE_ACCOUNT,
        { input: { password: member.password, removeContent: true } },
        { token: member.accessToken },
      ),
    );
    expect(ok(await gql(server, POST_NODE, { id: postId }, { token: reader.accessToken })).node).toBeNull();
    const comment = ok(
      await gql(server, COMMENT_NODE, { id: commentId }, { token: reader.accessToken }),
    ).node;
    expect(comment).toMatchObject({ isDeleted: true, body: null });
    const [stored] = await query<{ body: string }>(
      server.database.dataSource,
      sql`SELECT body FROM comment WHERE id = ${fromGlobalIdOf('Comment', commentId)}`,
    );
    expect(stored.body).not.toContain('To be removed');
    // Others' replies stay; the post's count no longer counts the removed comment.
    const reply = ok(await gql(server, COMMENT_NODE, { id: replyId }, { token: reader.accessToken })).node;
    expect(reply.body).toBe('A reply by someone else.');
    expect(
      ok(await gql(server, POST_NODE, { id: readersPost }, { token: reader.accessToken })).node.commentCount,
    ).toBe(1);
  });
});

describe('deletePractitioner (by an admin)', () => {
  it('is for admins only: a moderator and a member are FORBIDDEN, nothing changes', async () => {
    const target = await createPractitioner(server);
    for (const caller of [moderator, reader]) {
      const res = await gql(
        server,
        DELETE_PRACTITIONER,
        { input: { practitionerId: target.id, reason: 'Left the service.' } },
        { token: caller.accessToken },
      );
      expect(codes(res)).toEqual(['FORBIDDEN']);
    }
    expect(ok(await gql(server, `{ me { id } }`, {}, { token: target.accessToken })).me.id).toBe(target.id);
  });

  it('deletes with a reason in the moderation log, closes sockets, removes content on request', async () => {
    const target = await createPractitioner(server, { displayName: 'Target Tamsin' });
    const postId = await publishPost(server, target, moderator);
    const ws = connectWs(server, target.accessToken);
    await ws.connected;
    const out = ok(
      await gql(
        server,
        DELETE_PRACTITIONER,
        {
          input: {
            practitionerId: target.id,
            reason: 'The ministry reports the member left.',
            removeContent: true,
          },
        },
        { token: admin.accessToken },
      ),
    ).deletePractitioner;
    expect(out).toEqual({ deletedPractitionerId: target.id, contentRemoved: true, sessionsEnded: 1 });
    expect(await ws.closed).toBe(4401);
    expect(ok(await gql(server, POST_NODE, { id: postId }, { token: reader.accessToken })).node).toBeNull();
    expect(codes(await gql(server, REFRESH, { t: target.refreshToken }))).toEqual(['UNAUTHENTICATED']);
    const entries = ok(
      await gql(server, LOG, { f: { actions: ['PRACTITIONER_DELETED'] } }, { token: admin.accessToken }),
    ).moderationLog.edges.map((e: { node: unknown }) => e.node);
    expect(entries).toContainEqual({
      action: 'PRACTITIONER_DELETED',
      note: 'The ministry reports the member left.',
      targetId: target.id,
      actor: { id: admin.id },
      details: [{ key: 'contentRemoved', value: 'true' }],
    });
    // Deleting again: NOT_FOUND; oneself: BAD_USER_INPUT; a blank reason: BAD_USER_INPUT.
    const again = await gql(
      server,
      DELETE_PRACTITIONER,
      { input: { practitionerId: target.id, reason: 'Twice.' } },
      { token: admin.accessToken },
    );
    expect(codes(again)).toEqual(['NOT_FOUND']);
    const self = await gql(
      server,
      DELETE_PRACTITIONER,
      { input: { practitionerId: admin.id, reason: 'Me.' } },
      { token: admin.accessToken },
    );
    expect(codes(self)).toEqual(['BAD_USER_INPUT']);
    const other = await createPractitioner(server);
    const blank = await gql(
      server,
      DELETE_PRACTITIONER,
      { input: { practitionerId: other.id, reason: '   ' } },
      { token: admin.accessToken },
    );
    expect(codes(blank)).toEqual(['BAD_USER_INPUT']);
    expect(ok(await gql(server, `{ me { id } }`, {}, { token: other.accessToken })).me.id).toBe(other.id);
  });
});

describe('live-event registrations', () => {
  it('are removed with the account, the event’s seat counts follow and the waiting list is promoted', async () => {
    const organiser = await createPractitioner(server, { role: Role.EXPERT });
    const [seated, waiting] = [await createPractitioner(server), await createPractitioner(server)];
    const startsAt = new Date(Date.now() + 48 * 3600_000);
    const input = {
      title: 'Extradition between criminal-justice officers',
      description: 'Is mutual legal assistance satisfactory?',
      floorLanguage: 'EN',
      startsAt: startsAt.toISOString(),
      endsAt: new Date(startsAt.getTime() + 7200_000).toISOString(),
      timeZone: 'Africa/Niamey',
      capacity: 1,
      countryCodes: ['NE'],
    };
    const id = ok(
      await gql(
        server,
        `mutation($i: CreateLiveEventInput!) { createLiveEvent(input: $i) { liveEvent { id } } }`,
        { i: input },
        { token: organiser.accessToken },
      ),
    ).createLiveEvent.liveEvent.id;
    ok(
      await gql(
        server,
        `mutation($i: ScheduleLiveEventInput!) { scheduleLiveEvent(input: $i) { liveEvent { id } } }`,
        { i: { id } },
        { token: organiser.accessToken },
      ),
    );
    const REGISTER_EVENT = `mutation($i: RegisterForLiveEventInput!) { registerForLiveEvent(input: $i) { registration { status } } }`;
    for (const u of [seated, waiting])
      ok(await gql(server, REGISTER_EVENT, { i: { liveEventId: id } }, { token: u.accessToken }));
    const COUNTS = `query($id: ID!) { node(id: $id) { ... on LiveEvent { registeredCount waitingCount } } }`;
    expect(ok(await gql(server, COUNTS, { id }, { token: organiser.accessToken })).node).toEqual({
      registeredCount: 1,
      waitingCount: 1,
    });
    ok(
      await gql(
        server,
        DELETE_ACCOUNT,
        { input: { password: seated.password } },
        { token: seated.accessToken },
      ),
    );
    // The freed seat goes to the waiting list after the commit (the live-event module's outbox consumer).
    const MINE = `query($id: ID!) { node(id: $id) { ... on LiveEvent { viewerRegistration { status } } } }`;
    const deadline = Date.now() + 10_000;
    let status: string | undefined;
    while (Date.now() < deadline) {
      status = ok(await gql(server, MINE, { id }, { token: waiting.accessToken })).node.viewerRegistration
        ?.status;
      if (status === 'APPROVED') break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(status).toBe('APPROVED');
    expect(ok(await gql(server, COUNTS, { id }, { token: organiser.accessToken })).node).toEqual({
      registeredCount: 1,
      waitingCount: 0,
    });
    ok(
      await gql(
        server,
        DELETE_ACCOUNT,
        { input: { password: waiting.password } },
        { token: waiting.accessToken },
      ),
    );
    expect(ok(await gql(server, COUNTS, { id }, { token: organiser.accessToken })).node).toEqual({
      registeredCount: 0,
      waitingCount: 0,
    });
    expect(await rows('live_event_registration', 'practitionerId', seated.localId)).toBe(0);
  });
});

describe('the list of what deletion forgets', () => {
  it('decides, for every foreign key to practitioner, whether it is forgotten or kept', async () => {
    const fks = await query<{ ref: string }>(
      server.database.dataSource,
      sql`SELECT c.conrelid::regclass::text || '.' || a.attname AS ref
            FROM pg_constraint c
            JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = ANY (c.conkey)
           WHERE c.contype = 'f' AND c.confrelid = 'practitioner'::regclass
           ORDER BY 1`,
    );
    const forgotten = forgetStatements('00000000-0000-0000-0000-000000000000', true).flatMap((f) =>
      f.columns.map((c) => `${f.table.split(' ')[0]}.${c}`),
    );
    const decided = new Set([...forgotten, ...Object.keys(KEPT_REFERENCES)]);
    expect(fks.map((f) => f.ref.replace(/"/g, '')).filter((r) => !decided.has(r))).toEqual([]);
    // And nothing listed that is not a reference (a renamed column would go unnoticed otherwise).
    const actual = new Set(fks.map((f) => f.ref.replace(/"/g, '')));
    expect([...decided].filter((r) => !actual.has(r))).toEqual([]);
  });
});
