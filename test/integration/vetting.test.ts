import crypto from 'node:crypto';
import { startTestServer } from '../helpers/server';
import type { TestServer } from '../helpers/server';
import { codes, gql, ok } from '../helpers/graphql';
import { createAdmin, createModerator, createPending, createPractitioner } from '../helpers/factories';
import type { TestUser } from '../helpers/factories';
import { Role, VerificationStatus } from '../../src/common/auth/role';
import { toGlobalId } from '../../src/common/relay/global-id';
import { PractitionerEntity } from '../../src/modules/practitioner/practitioner.entity';

const VERIFY = `mutation($id: ID!, $decision: VerificationDecision!, $note: String) {
  verifyPractitioner(input: { id: $id, decision: $decision, note: $note }) { practitioner { id verification role } }
}`;
const SET_ROLE = `mutation($id: ID!, $role: Role!) { setRole(input: { id: $id, role: $role }) { practitioner { id role verification } } }`;

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.stop());

const repo = () => server.database.dataSource.getRepository(PractitionerEntity);
const row = (user: TestUser) => repo().findOneByOrFail({ id: user.localId });
const verify = (by: TestUser | null, id: string, decision: string, note?: string | null) =>
  gql(server, VERIFY, { id, decision, note }, { token: by?.accessToken });
const setRole = (by: TestUser | null, id: string, role: string) =>
  gql(server, SET_ROLE, { id, role }, { token: by?.accessToken });
const unknownId = () => toGlobalId('Practitioner', crypto.randomUUID());

/** Leaves `keep` as the only admins, demoting every other admin through the API. */
async function onlyAdmins(...keep: TestUser[]): Promise<void> {
  const others = await repo().findBy({ role: Role.ADMIN });
  for (const other of others.filter((o) => !keep.some((k) => k.localId === o.id))) {
    ok(await setRole(keep[0], toGlobalId('Practitioner', other.id), 'MEMBER'));
  }
  expect((await repo().findBy({ role: Role.ADMIN })).map((r) => r.id).sort()).toEqual(
    keep.map((k) => k.localId).sort(),
  );
}

describe('verifyPractitioner', () => {
  it('lets a moderator approve a pending member, recording who, when and why', async () => {
    const moderator = await createModerator(server);
    const pending = await createPending(server);
    const before = Date.now();
    const res = await verify(
      moderator,
      pending.id,
      'APPROVE',
      '  Checked with the prosecutor general’s office.  ',
    );
    expect(ok(res).verifyPractitioner.practitioner).toEqual({
      id: pending.id,
      verification: 'VERIFIED',
      role: 'MEMBER',
    });
    const stored = await row(pending);
    expect(stored.verification).toBe(VerificationStatus.VERIFIED);
    expect(stored.verificationNote).toBe('Checked with the prosecutor general’s office.');
    expect(stored.verifiedById).toBe(moderator.localId);
    expect(stored.verifiedAt!.getTime()).toBeGreaterThanOrEqual(before - 1000);
    // The member sees the change on their next request.
    const me = ok(await gql(server, `{ me { verification } }`, {}, { token: pending.accessToken })).me;
    expect(me.verification).toBe('VERIFIED');
  });

  it('lets a moderator reject a pending member; no note is stored as null', async () => {
    const moderator = await createModerator(server);
    const pending = await createPending(server);
    expect(
      ok(await verify(moderator, pending.id, 'REJECT')).verifyPractitioner.practitioner.verification,
    ).toBe('REJECTED');
    const stored = await row(pending);
    expect(stored.verification).toBe(VerificationStatus.REJECTED);
    expect(stored.verificationNote).toBeNull();
    expect(stored.verifiedById).toBe(moderator.localId);
  });

  it('stores a blank note as null and accepts a note of exactly 1000 characters', async () => {
    const moderator = await createModerator(server);
    const a = await createPending(server);
    ok(await verify(moderator, a.id, 'REJECT', '   '));
    expect((await row(a)).verificationNote).toBeNull();
    const b = await createPending(server);
    const note = 'ملاحظة '.repeat(142) + 'x'.repeat(6);
    expect(note).toHaveLength(1000);
    ok(await verify(moderator, b.id, 'APPROVE', note));
    expect((await row(b)).verificationNote).toBe(note);
  });

  it('lets a rejected member be approved later, and a verified one be rejected', async () => {
    const moderator = await createModerator(server);
    const pending = await createPending(server);
    ok(await verify(moderator, pending.id, 'REJECT', 'No answer from the ministry.'));
    ok(await verify(moderator, pending.id, 'APPROVE', 'The ministry confirmed.'));
    expect(await row(pending)).toMatchObject({
      verification: VerificationStatus.VERIFIED,
      verificationNote: 'The ministry confirmed.',
    });
    ok(await verify(moderator, pending.id, 'REJECT', 'Left the prosecution service.'));
    expect((await row(pending)).verification).toBe(VerificationStatus.REJECTED);
  });

  it('lets an admin vet members too', async () => {
    const admin = await createAdmin(server);
    const pending = await createPending(server);
    expect(
      ok(await verify(admin, pending.id, 'APPROVE', 'Known to the admin.')).verifyPractitioner.practitioner,
    ).toEqual({
      id: pending.id,
      verification: 'VERIFIED',
      role: 'MEMBER',
    });
    expect((await row(pending)).verifiedById).toBe(admin.localId);
  });

  it.each([
    ['a verified member', () => createPractitioner(server)],
    ['an expert', () => createPractitioner(server, { role: Role.EXPERT })],
    ['a pending member', () => createPending(server)],
  ])('refuses %s with FORBIDDEN and changes nothing', async (_label, make) => {
    const caller = await make();
    const pending = await createPending(server);
    const res = await verify(caller, pending.id, 'APPROVE', 'I vouch for them.');
    expect(codes(res)).toEqual(['FORBIDDEN']);
    expect(res.data).toBeNull();
    expect(await row(pending)).toMatchObject({
      verification: VerificationStatus.PENDING,
      verificationNote: null,
      verifiedById: null,
    });
  });

  it('refuses an anonymous caller with UNAUTHENTICATED', async () => {
    const pending = await createPending(server);
    const res = await verify(null, pending.id, 'APPROVE');
    expect(codes(res)).toEqual(['UNAUTHENTICATED']);
    expect((await row(pending)).verification).toBe(VerificationStatus.PENDING);
  });

  it('refuses a moderator vetting their own account (FORBIDDEN), whatever the decision', async () => {
    const moderator = await createModerator(server, { verification: VerificationStatus.PENDING });
    expect(codes(await verify(moderator, moderator.id, 'APPROVE'))).toEqual(['FORBIDDEN']);
    expect((await row(moderator)).verification).toBe(VerificationStatus.PENDING);
    const admin = await createAdmin(server);
    expect(codes(await verify(admin, admin.id, 'REJECT'))).toEqual(['FORBIDDEN']);
    expect((await row(admin)).verification).toBe(VerificationStatus.VERIFIED);
  });

  it('refuses a moderator deciding on an admin’s or another moderator’s verification (FORBIDDEN, unchanged); an admin may', async () => {
    const moderator = await createModerator(server);
    const admin = await createAdmin(server);
    const otherModerator = await createModerator(server);
    for (const target of [admin, otherModerator]) {
      const before = await row(target);
      const res = await verify(moderator, target.id, 'REJECT', 'Not a prosecutor.');
      expect(codes(res)).toEqual(['FORBIDDEN']);
      expect(res.data).toBeNull();
      expect(await row(target)).toEqual(before);
    }
    const pendingModerator = await createModerator(server, { verification: VerificationStatus.PENDING });
    expect(codes(await verify(moderator, pendingModerator.id, 'APPROVE'))).toEqual(['FORBIDDEN']);
    expect((await row(pendingModerator)).verification).toBe(VerificationStatus.PENDING);

    const otherAdmin = await createAdmin(server);
    expect(
      ok(await verify(otherAdmin, otherModerator.id, 'REJECT')).verifyPractitioner.practitioner.verification,
    ).toBe('REJECTED');
    expect(
      ok(await verify(otherAdmin, admin.id, 'REJECT')).verifyPractitioner.practitioner.verification,
    ).toBe('REJECTED');
    // A role counts only while its holder is verified: the rejected admin decides nothing any more.
    expect(codes(await verify(admin, pendingModerator.id, 'APPROVE'))).toEqual(['FORBIDDEN']);
    expect(
      ok(await verify(otherAdmin, pendingModerator.id, 'APPROVE')).verifyPractitioner.practitioner
        .verification,
    ).toBe('VERIFIED');
  });

  it('answers NOT_FOUND for a well-formed ID of nobody', async () => {
    const moderator = await createModerator(server);
    const res = await verify(moderator, unknownId(), 'APPROVE');
    expect(codes(res)).toEqual(['NOT_FOUND']);
    expect(res.data).toBeNull();
  });

  it.each([
    ['a malformed ID', 'not an id!'],
    ['a base64 string that is no ID', Buffer.from('hello').toString('base64url')],
    ['the ID of another type (Network)', toGlobalId('Network', crypto.randomUUID())],
    ['a Practitioner ID with a non-uuid local part', toGlobalId('Practitioner', '42')],
    ['a raw uuid', crypto.randomUUID()],
  ])('rejects %s with BAD_USER_INPUT naming the id', async (_label, id) => {
    const moderator = await createModerator(server);
    const res = await verify(moderator, id, 'APPROVE');
    expect(codes(res)).toEqual(['BAD_USER_INPUT']);
    expect(res.errors![0].extensions!.fields).toEqual([{ field: 'id', message: expect.any(String) }]);
  });

  it('rejects an unknown decision before running anything', async () => {
    const moderator = await createModerator(server);
    const pending = await createPending(server);
    const res = await verify(moderator, pending.id, 'MAYBE');
    expect(res.status).toBe(400);
    expect(codes(res)).toEqual(['BAD_USER_INPUT']);
    expect((await row(pending)).verification).toBe(VerificationStatus.PENDING);
  });

  it('answers CONFLICT when the same decision is taken twice, keeping the first record', async () => {
    const first = await createModerator(server);
    const second = await createModerator(server);
    const pending = await createPending(server);
    ok(await verify(first, pending.id, 'APPROVE', 'First check.'));
    const again = await verify(second, pending.id, 'APPROVE', 'Second check.');
    expect(codes(again)).toEqual(['CONFLICT']);
    expect(await row(pending)).toMatchObject({
      verification: VerificationStatus.VERIFIED,
      verificationNote: 'First check.',
      verifiedById: first.localId,
    });
    ok(await verify(first, pending.id, 'REJECT'));
    expect(codes(await verify(first, pending.id, 'REJECT'))).toEqual(['CONFLICT']);
  });

  it('rejects a note over 1000 characters with BAD_USER_INPUT and changes nothing', async () => {
    const moderator = await createModerator(server);
    const pending = await createPending(server);
    const res = await verify(moderator, pending.id, 'APPROVE', 'x'.repeat(1001));
    expect(codes(res)).toEqual(['BAD_USER_INPUT']);
    expect(res.errors![0].extensions!.fields).toEqual([{ field: 'note', message: expect.any(String) }]);
    expect((await row(pending)).verification).toBe(VerificationStatus.PENDING);
  });
});

describe('setRole', () => {
  it('lets an admin make a verified member an expert, a moderator, an admin, and a member again', async () => {
    const admin = await createAdmin(server);
    const member = await createPractitioner(server);
    for (const role of ['EXPERT', 'MODERATOR', 'ADMIN', 'MEMBER']) {
      expect(ok(await setRole(admin, member.id, role)).setRole.practitioner).toEqual({
        id: member.id,
        role,
        verification: 'VERIFIED',
      });
      expect((await row(member)).role).toBe(role);
    }
  });

  it('gives the new role effect on the next request: a new moderator can vet', async () => {
    const admin = await createAdmin(server);
    const member = await createPractitioner(server);
    const pending = await createPending(server);
    expect(codes(await verify(member, pending.id, 'APPROVE'))).toEqual(['FORBIDDEN']);
    ok(await setRole(admin, member.id, 'MODERATOR'));
    ok(await verify(member, pending.id, 'APPROVE'));
    ok(await setRole(admin, member.id, 'MEMBER'));
    expect(codes(await verify(member, pending.id, 'REJECT'))).toEqual(['FORBIDDEN']);
  });

  it('returns the practitioner unchanged when the role is already theirs', async () => {
    const admin = await createAdmin(server);
    const expert = await createPractitioner(server, { role: Role.EXPERT });
    expect(ok(await setRole(admin, expert.id, 'EXPERT')).setRole.practitioner.role).toBe('EXPERT');
  });

  it.each([
    ['a moderator', () => createModerator(server)],
    ['an expert', () => createPractitioner(server, { role: Role.EXPERT })],
    ['a member', () => createPractitioner(server)],
  ])('refuses %s with FORBIDDEN and changes nothing', async (_label, make) => {
    const caller = await make();
    const member = await createPractitioner(server);
    expect(codes(await setRole(caller, member.id, 'EXPERT'))).toEqual(['FORBIDDEN']);
    // Nobody below admin can raise themselves either.
    expect(codes(await setRole(caller, caller.id, 'ADMIN'))).toEqual(['FORBIDDEN']);
    expect((await row(member)).role).toBe(Role.MEMBER);
    expect((await row(caller)).role).not.toBe(Role.ADMIN);
  });

  it('refuses an anonymous caller with UNAUTHENTICATED', async () => {
    const member = await createPractitioner(server);
    expect(codes(await setRole(null, member.id, 'ADMIN'))).toEqual(['UNAUTHENTICATED']);
    expect((await row(member)).role).toBe(Role.MEMBER);
  });

  it.each(['EXPERT', 'MODERATOR', 'ADMIN'])(
    'refuses to give %s to a pending or rejected member (CONFLICT)',
    async (role) => {
      const admin = await createAdmin(server);
      const pending = await createPending(server);
      const rejected = await createPractitioner(server, { verification: VerificationStatus.REJECTED });
      for (const target of [pending, rejected]) {
        expect(codes(await setRole(admin, target.id, role))).toEqual(['CONFLICT']);
        expect((await row(target)).role).toBe(Role.MEMBER);
      }
    },
  );

  it('answers NOT_FOUND for an unknown practitioner, BAD_USER_INPUT for a bad ID or role', async () => {
    const admin = await createAdmin(server);
    expect(codes(await setRole(admin, unknownId(), 'EXPERT'))).toEqual(['NOT_FOUND']);
    const bad = await setRole(admin, 'abc', 'EXPERT');
    expect(codes(bad)).toEqual(['BAD_USER_INPUT']);
    expect(bad.errors![0].extensions!.fields).toEqual([{ field: 'id', message: expect.any(String) }]);
    expect(codes(await setRole(admin, toGlobalId('Network', crypto.randomUUID()), 'EXPERT'))).toEqual([
      'BAD_USER_INPUT',
    ]);
    const member = await createPractitioner(server);
    const role = await setRole(admin, member.id, 'SUPERUSER');
    expect(role.status).toBe(400);
    expect(codes(role)).toEqual(['BAD_USER_INPUT']);
  });

  it('refuses to demote the last admin (CONFLICT), and allows it while another admin remains', async () => {
    const admin = await createAdmin(server);
    const second = await createAdmin(server);
    await onlyAdmins(admin, second);
    // Two admins: one may step down.
    expect(ok(await setRole(second, second.id, 'MODERATOR')).setRole.practitioner.role).toBe('MODERATOR');
    // Now the last one cannot, to any role.
    for (const role of ['MODERATOR', 'EXPERT', 'MEMBER']) {
      const res = await setRole(admin, admin.id, role);
      expect(codes(res)).toEqual(['CONFLICT']);
    }
    expect((await row(admin)).role).toBe(Role.ADMIN);
    // Promoting another admin first makes stepping down possible again.
    ok(await setRole(admin, second.id, 'ADMIN'));
    ok(await setRole(second, admin.id, 'MEMBER'));
    expect((await repo().findBy({ role: Role.ADMIN })).map((r) => r.id)).toEqual([second.localId]);
  });

  it('keeps one admin when the last two demote each other at the same time', async () => {
    // A race: repeated so that a regression shows up even when one round happens to serialize.
    for (let round = 0; round < 5; round++) {
      const a = await createAdmin(server);
      const b = await createAdmin(server);
      await onlyAdmins(a, b);
      const results = await Promise.all([setRole(a, b.id, 'MEMBER'), setRole(b, a.id, 'MEMBER')]);
      const outcomes = results.map((r) => (r.errors ? codes(r)[0] : 'OK'));
      // One wins; the other is refused: CONFLICT if it raced inside the transaction, FORBIDDEN if its
      // request was authenticated after the first one had already committed.
      expect(outcomes.filter((o) => o === 'OK')).toHaveLength(1);
      expect(['CONFLICT', 'FORBIDDEN']).toContain(outcomes.find((o) => o !== 'OK'));
      expect(await repo().countBy({ role: Role.ADMIN })).toBe(1);
    }
  });
});

describe('what a pending member can still read', () => {
  it('reads me and the reference data; the directory and other profiles are for verified members', async () => {
    const pending = await createPending(server, { displayName: 'Pending Reader' });
    const verified = await createPractitioner(server, { displayName: 'Verified Colleague' });
    const token = pending.accessToken;
    expect(ok(await gql(server, `{ me { id verification } }`, {}, { token })).me).toEqual({
      id: pending.id,
      verification: 'PENDING',
    });
    const countries = ok(await gql(server, `{ countries { code } }`, {}, { token })).countries;
    expect(countries.map((c: { code: string }) => c.code)).toContain('NE');
    expect(ok(await gql(server, `{ thematicAreas { code } }`, {}, { token })).thematicAreas).toHaveLength(10);
    const directory = await gql(
      server,
      `query($f: PractitionerFilter) { practitioners(first: 100, filter: $f) { edges { node { id } } } }`,
      { f: { nameContains: 'Verified Colleague' } },
      { token },
    );
    expect(codes(directory)).toEqual(['FORBIDDEN']);
    const node = ok(
      await gql(server, `query($id: ID!) { node(id: $id) { id } }`, { id: verified.id }, { token }),
    ).node;
    expect(node).toBeNull();
  });

  it('cannot write anything that needs a role (vetting), and is not in the directory', async () => {
    const pending = await createPending(server, { displayName: 'Pending Hidden' });
    const other = await createPending(server);
    expect(codes(await verify(pending, other.id, 'APPROVE'))).toEqual(['FORBIDDEN']);
    const reader = await createPractitioner(server);
    const directory = ok(
      await gql(
        server,
        `query($f: PractitionerFilter) { practitioners(filter: $f) { edges { node { id } } } }`,
        { f: { nameContains: 'Pending Hidden' } },
        { token: reader.accessToken },
      ),
    ).practitioners;
    expect(directory.edges).toEqual([]);
  });
});
