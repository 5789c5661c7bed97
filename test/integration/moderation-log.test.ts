import { isObjectType, getNamedType } from 'graphql';
import { startTestServer } from '../helpers/server';
import type { TestServer } from '../helpers/server';
import { codes, gql, ok } from '../helpers/graphql';
import { createAdmin, createModerator, createPending, createPractitioner } from '../helpers/factories';
import type { TestUser } from '../helpers/factories';
import { createDraft, publishPost } from '../helpers/posts';
import { addComment, fileReport, resolveRaw } from '../helpers/moderation';
import { addMember, createWorkingGroup } from '../helpers/networks';

let server: TestServer;
let admin: TestUser;
beforeAll(async () => {
  server = await startTestServer();
  admin = await createAdmin(server);
});
afterAll(() => server.stop());

const LOG = `query($first: Int, $after: String, $f: ModerationLogFilter) {
  moderationLog(first: $first, after: $after, filter: $f) {
    edges { node { id action note createdAt targetId reportId actor { id } target { id } details { key value } } }
    pageInfo { hasNextPage endCursor }
  }
}`;

interface Entry {
  id: string;
  action: string;
  note: string | null;
  createdAt: string;
  targetId: string;
  reportId: string | null;
  actor: { id: string } | null;
  target: { id: string } | null;
  details: { key: string; value: string | null }[];
}

async function log(user: TestUser, f: Record<string, unknown> = {}, first = 100): Promise<Entry[]> {
  return ok(await gql(server, LOG, { first, f }, { token: user.accessToken })).moderationLog.edges.map(
    (e: { node: Entry }) => e.node,
  );
}

const m = (user: TestUser, query: string, variables: Record<string, unknown>) =>
  gql(server, query, variables, { token: user.accessToken });

async function submitted(author: TestUser): Promise<string> {
  const { id } = await createDraft(server, author);
  ok(await m(author, `mutation($id: ID!) { submitPost(input: { id: $id }) { post { id } } }`, { id }));
  return id;
}
const REVIEW = `mutation($id: ID!, $d: ReviewDecision!, $n: String) { reviewPost(input: { id: $id, decision: $d, note: $n }) { post { id } } }`;
const VERIFY = `mutation($id: ID!, $d: VerificationDecision!, $n: String) { verifyPractitioner(input: { id: $id, decision: $d, note: $n }) { practitioner { id } } }`;

describe('moderationLog completeness', () => {
  it('records every kind of decision exactly once, with actor, target, note and time, and nothing for no-ops or failures', async () => {
    const mod = await createModerator(server);
    const author = await createPractitioner(server);
    const reporter = await createPractitioner(server);
    const started = new Date().toISOString();
    const expected: { action: string; targetId: string; note?: string | null; actor?: TestUser }[] = [];

    const approvedP = await createPending(server);
    ok(await m(mod, VERIFY, { id: approvedP.id, d: 'APPROVE', n: 'Checked with the ministry.' }));
    expected.push({
      action: 'VERIFICATION_APPROVED',
      targetId: approvedP.id,
      note: 'Checked with the ministry.',
    });
    const rejectedP = await createPending(server);
    ok(await m(mod, VERIFY, { id: rejectedP.id, d: 'REJECT', n: 'Not an official.' }));
    expected.push({ action: 'VERIFICATION_REJECTED', targetId: rejectedP.id, note: 'Not an official.' });
    // Failures are not decisions: verifying again is CONFLICT and logs nothing.
    expect(codes(await m(mod, VERIFY, { id: rejectedP.id, d: 'REJECT' }))).toEqual(['CONFLICT']);

    for (const [d, action] of [
      ['APPROVE', 'POST_APPROVED'],
      ['REQUEST_CHANGES', 'POST_CHANGES_REQUESTED'],
      ['REJECT', 'POST_REJECTED'],
    ]) {
      const id = await submitted(author);
      ok(await m(mod, REVIEW, { id, d, n: `Decision ${d}` }));
      expected.push({ action, targetId: id, note: `Decision ${d}` });
    }
    const post = await publishPost(server, author, admin);
    ok(await m(mod, `mutation($id: ID!) { featurePost(input: { id: $id }) { post { id } } }`, { id: post }));
    ok(await m(mod, `mutation($id: ID!) { featurePost(input: { id: $id }) { post { id } } }`, { id: post })); // no-op
    ok(
      await m(mod, `mutation($id: ID!) { unfeaturePost(input: { id: $id }) { post { id } } }`, { id: post }),
    );
    expected.push({ action: 'POST_FEATURED', targetId: post }, { action: 'POST_UNFEATURED', targetId: post });

    for (const [action, logged] of [
      ['DISMISS', 'REPORT_DISMISSED'],
      ['HIDE_CONTENT', 'CONTENT_HIDDEN'],
      ['RESTORE_CONTENT', 'CONTENT_RESTORED'],
      ['WARN_AUTHOR', 'AUTHOR_WARNED'],
    ]) {
      // Two reports on the target: one decision, one entry. (Reporters are moderators: they still see it hidden.)
      const r = await fileReport(server, await createModerator(server), post);
      await fileReport(server, await createModerator(server), post);
      ok(await resolveRaw(server, mod, r, action, `Resolved with ${action}`));
      expected.push({ action: logged, targetId: post, note: `Resolved with ${action}` });
    }
    const offender = await createPractitioner(server);
    const r = await fileReport(server, reporter, offender.id, 'IMPERSONATION', 'Fake office.');
    ok(await resolveRaw(server, mod, r, 'SUSPEND_AUTHOR', 'Impersonation confirmed.'));
    expected.push({
      action: 'PRACTITIONER_SUSPENDED',
      targetId: offender.id,
      note: 'Impersonation confirmed.',
    });
    ok(
      await m(
        mod,
        `mutation($id: ID!) { unsuspendPractitioner(input: { id: $id, note: "Lifted." }) { practitioner { id } } }`,
        {
          id: offender.id,
        },
      ),
    );
    expected.push({ action: 'PRACTITIONER_UNSUSPENDED', targetId: offender.id, note: 'Lifted.' });
    ok(
      await m(
        mod,
        `mutation($id: ID!) { suspendPractitioner(input: { id: $id, reason: "Spam." }) { practitioner { id } } }`,
        {
          id: offender.id,
        },
      ),
    );
    expected.push({ action: 'PRACTITIONER_SUSPENDED', targetId: offender.id, note: 'Spam.' });

    const promoted = await createPractitioner(server);
    const SET_ROLE = `mutation($id: ID!, $r: Role!) { setRole(input: { id: $id, role: $r }) { practitioner { id } } }`;
    ok(await m(admin, SET_ROLE, { id: promoted.id, r: 'EXPERT' }));
    ok(await m(admin, SET_ROLE, { id: promoted.id, r: 'EXPERT' })); // no-op
    expected.push({ action: 'ROLE_CHANGED', targetId: promoted.id, note: null, actor: admin });

    const entries = await log(admin, { from: started });
    // Only this test's decisions (the helper's approvals were by `admin` too: keep those of our targets).
    const ours = entries.filter((e) => expected.some((x) => x.targetId === e.targetId) && e.actor);
    const byMod = ours.filter((e) => e.actor!.id === mod.id || e.action === 'ROLE_CHANGED');
    const key = (e: { action: string; targetId: string }) => `${e.action}|${e.targetId}`;
    expect(byMod.map(key).sort()).toEqual(expected.map(key).sort());
    for (const x of expected) {
      const matches = byMod.filter((e) => key(e) === key(x) && (x.note === undefined || e.note === x.note));
      expect(matches).toHaveLength(1);
      expect(matches[0].actor!.id).toBe((x.actor ?? mod).id);
    }
    const role = byMod.find((e) => e.action === 'ROLE_CHANGED')!;
    expect(role.details).toEqual([
      { key: 'from', value: 'MEMBER' },
      { key: 'to', value: 'EXPERT' },
    ]);
    const resolution = byMod.find((e) => e.action === 'AUTHOR_WARNED')!;
    expect(resolution.reportId).toBeTruthy();
    // Newest first.
    const times = entries.map((e) => Date.parse(e.createdAt));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
  });
});

describe('network role changes', () => {
  it('are logged once, with the network and the roles, and not when nothing changes', async () => {
    const owner = await createPractitioner(server);
    const member = await createPractitioner(server);
    const group = await createWorkingGroup(server, owner, 'OPEN');
    await addMember(server, group, member);
    const SET = `mutation($n: ID!, $p: ID!) { setNetworkRole(input: { networkId: $n, practitionerId: $p, role: MODERATOR }) { membership { role } } }`;
    ok(await m(owner, SET, { n: group, p: member.id }));
    ok(await m(owner, SET, { n: group, p: member.id })); // no-op
    const entries = await log(admin, { targetId: member.id });
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ action: 'ROLE_CHANGED', actor: { id: owner.id } });
    expect(entries[0].details).toEqual([
      { key: 'from', value: 'MEMBER' },
      { key: 'network', value: group },
      { key: 'to', value: 'MODERATOR' },
    ]);
  });
});

describe('role-change bursts', () => {
  const BURST = `query($f: ModerationLogFilter) {
    moderationLog(first: 100, filter: $f) {
      edges { node { id action createdAt lastAt repeats burstOf actor { id } details { key value } finalDetails { key value } } }
    }
  }`;
  interface BurstEntry {
    id: string;
    action: string;
    createdAt: string;
    lastAt: string;
    repeats: number;
    burstOf: string | null;
    actor: { id: string } | null;
    details: { key: string; value: string | null }[];
    finalDetails: { key: string; value: string | null }[];
  }
  const burstLog = async (f: Record<string, unknown>): Promise<BurstEntry[]> =>
    ok(await m(admin, BURST, { f })).moderationLog.edges.map((e: { node: BurstEntry }) => e.node);
  const SET = `mutation($n: ID!, $p: ID!, $r: NetworkRole!) { setNetworkRole(input: { networkId: $n, practitionerId: $p, role: $r }) { membership { role } } }`;
  const value = (details: { key: string; value: string | null }[], key: string) =>
    details.find((d) => d.key === key)?.value;

  it('50 switches of one member by one owner are one entry with the count, the first and the final role; every switch is still kept', async () => {
    const [owner, member, bystander] = await Promise.all([1, 2, 3].map(() => createPractitioner(server)));
    const group = await createWorkingGroup(server, owner, 'OPEN');
    await addMember(server, group, member);
    await addMember(server, group, bystander);
    for (let i = 0; i < 50; i++)
      ok(await m(owner, SET, { n: group, p: member.id, r: i % 2 === 0 ? 'MODERATOR' : 'MEMBER' }));
    ok(await m(owner, SET, { n: group, p: bystander.id, r: 'MODERATOR' })); // another target: its own entry

    const entries = await burstLog({ targetId: member.id });
    expect(entries).toHaveLength(1);
    const [head] = entries;
    expect(head).toMatchObject({
      action: 'ROLE_CHANGED',
      actor: { id: owner.id },
      repeats: 49,
      burstOf: null,
    });
    expect([value(head.details, 'from'), value(head.details, 'to')]).toEqual(['MEMBER', 'MODERATOR']);
    expect([value(head.finalDetails, 'from'), value(head.finalDetails, 'to')]).toEqual([
      'MODERATOR',
      'MEMBER',
    ]);
    expect(value(head.finalDetails, 'network')).toBe(group);
    expect(new Date(head.lastAt).getTime()).toBeGreaterThanOrEqual(new Date(head.createdAt).getTime());
    expect(await burstLog({ targetId: bystander.id })).toEqual([expect.objectContaining({ repeats: 0 })]);

    // Nothing vanished: with its repeats, the log holds all 50 switches, each pointing at the burst's head.
    const all = await burstLog({ targetId: member.id, includeRepeats: true });
    expect(all).toHaveLength(50);
    expect(all.filter((e) => e.burstOf === head.id)).toHaveLength(49);
    expect(all.at(-1)!.id).toBe(head.id);
  });

  it('starts a new entry when someone else acts in between, for another network, or after 10 quiet minutes', async () => {
    const [owner, coOwner, member] = await Promise.all([1, 2, 3].map(() => createPractitioner(server)));
    const group = await createWorkingGroup(server, owner, 'OPEN');
    const other = await createWorkingGroup(server, owner, 'OPEN');
    for (const u of [coOwner, member]) await addMember(server, group, u);
    await addMember(server, other, member);
    ok(await m(owner, SET, { n: group, p: coOwner.id, r: 'OWNER' }));
    ok(await m(owner, SET, { n: group, p: member.id, r: 'MODERATOR' }));
    ok(await m(coOwner, SET, { n: group, p: member.id, r: 'MEMBER' })); // another actor
    ok(await m(owner, SET, { n: group, p: member.id, r: 'MODERATOR' })); // not a repeat of the owner's first
    ok(await m(owner, SET, { n: other, p: member.id, r: 'MODERATOR' })); // another network
    expect((await burstLog({ targetId: member.id })).map((e) => e.repeats)).toEqual([0, 0, 0, 0]);

    // Ten quiet minutes later (the log is append-only: the test lifts the guard to age its rows).
    const ds = server.database.dataSource;
    await ds.query(`ALTER TABLE moderation_log DISABLE TRIGGER moderation_log_append_only`);
    try {
      await ds.query(
        `UPDATE moderation_log SET "createdAt" = "createdAt" - interval '11 minutes' WHERE "targetId" = $1`,
        [(await ds.query(`SELECT id FROM practitioner WHERE email = $1`, [member.email]))[0].id],
      );
    } finally {
      await ds.query(`ALTER TABLE moderation_log ENABLE TRIGGER moderation_log_append_only`);
    }
    ok(await m(owner, SET, { n: other, p: member.id, r: 'MEMBER' }));
    ok(await m(owner, SET, { n: other, p: member.id, r: 'MODERATOR' })); // within 10 minutes of the last
    expect((await burstLog({ targetId: member.id })).map((e) => e.repeats)).toEqual([1, 0, 0, 0, 0]);
  });

  it('folds an admin’s repeated changes of one practitioner’s global role the same way', async () => {
    const target = await createPractitioner(server);
    const SET_ROLE = `mutation($id: ID!, $r: Role!) { setRole(input: { id: $id, role: $r }) { practitioner { role } } }`;
    for (const r of ['MODERATOR', 'MEMBER', 'MODERATOR', 'MEMBER'])
      ok(await m(admin, SET_ROLE, { id: target.id, r }));
    const entries = await burstLog({ targetId: target.id, actions: ['ROLE_CHANGED'] });
    expect(entries).toHaveLength(1);
    expect(entries[0].repeats).toBe(3);
    expect(value(entries[0].finalDetails, 'to')).toBe('MEMBER');
  });
});

describe('comment deletion', () => {
  const DELETE = `mutation($id: ID!) { deleteComment(input: { id: $id }) { comment { id } } }`;
  it('by a moderator is logged once as COMMENT_DELETED with the post and the author; by its author, not at all', async () => {
    const mod = await createModerator(server);
    const author = await createPractitioner(server);
    const commenter = await createPractitioner(server);
    const post = await publishPost(server, author, admin);
    const moderated = await addComment(server, commenter, post, 'Names a witness.');
    const own = await addComment(server, commenter, post, 'Withdrawn.');
    ok(await m(mod, DELETE, { id: moderated }));
    ok(await m(mod, DELETE, { id: moderated })); // already deleted: a no-op
    ok(await m(commenter, DELETE, { id: own }));
    const entries = await log(admin, { targetId: moderated });
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      action: 'COMMENT_DELETED',
      actor: { id: mod.id },
      targetId: moderated,
    });
    expect(entries[0].details).toEqual([
      { key: 'author', value: commenter.id },
      { key: 'post', value: post },
    ]);
    expect(await log(admin, { targetId: own })).toEqual([]);
  });
});

describe('moderationLog filters and access', () => {
  it('filters by actor, target, actions and time, and pages', async () => {
    const mod = await createModerator(server);
    const author = await createPractitioner(server);
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const id = await submitted(author);
      ok(await m(mod, REVIEW, { id, d: 'REJECT', n: 'Off topic.' }));
      ids.push(id);
    }
    const mine = await log(admin, { actorId: mod.id });
    expect(mine.map((e) => e.targetId)).toEqual([...ids].reverse());
    expect(await log(admin, { actorId: mod.id, actions: ['POST_APPROVED'] })).toEqual([]);
    expect((await log(admin, { targetId: ids[1] })).map((e) => e.targetId)).toEqual([ids[1]]);
    expect(await log(admin, { actorId: mod.id, to: '2000-01-01T00:00:00Z' })).toEqual([]);

    const first = ok(
      await gql(server, LOG, { first: 2, f: { actorId: mod.id } }, { token: admin.accessToken }),
    ).moderationLog;
    expect(first.pageInfo.hasNextPage).toBe(true);
    const rest = ok(
      await gql(
        server,
        LOG,
        { first: 2, after: first.pageInfo.endCursor, f: { actorId: mod.id } },
        { token: admin.accessToken },
      ),
    ).moderationLog;
    expect(rest.edges.map((e: { node: Entry }) => e.node.targetId)).toEqual([ids[0]]);

    const entryId = mine[0].id;
    const NODE = `query($id: ID!) { node(id: $id) { ... on ModerationLogEntry { action } } }`;
    expect(ok(await m(mod, NODE, { id: entryId })).node).toEqual({ action: 'POST_REJECTED' });
    expect(ok(await m(author, NODE, { id: entryId })).node).toBeNull();
  });

  it('is for moderators only; bad filters are BAD_USER_INPUT', async () => {
    const member = await createPractitioner(server);
    expect(codes(await gql(server, LOG, {}, { token: member.accessToken }))).toEqual(['FORBIDDEN']);
    expect(codes(await gql(server, LOG, {}))).toEqual(['UNAUTHENTICATED']);
    expect(codes(await gql(server, LOG, { f: { actorId: 'nope' } }, { token: admin.accessToken }))).toEqual([
      'BAD_USER_INPUT',
    ]);
    expect(codes(await gql(server, LOG, { after: 'nope' }, { token: admin.accessToken }))).toEqual([
      'BAD_USER_INPUT',
    ]);
  });
});

describe('moderationLog immutability', () => {
  it('has no operation that edits or deletes it: no mutation returns or names a log entry', () => {
    const mutations = server.schema.getMutationType()!.getFields();
    for (const [name, field] of Object.entries(mutations)) {
      expect(name).not.toMatch(/moderationLog|logEntry/i);
      const returned = getNamedType(field.type);
      expect(returned.name).not.toMatch(/ModerationLog/);
      if (isObjectType(returned))
        for (const f of Object.values(returned.getFields()))
          expect(getNamedType(f.type).name).not.toMatch(/ModerationLog/);
    }
  });

  it('is refused by the database itself: UPDATE, DELETE and TRUNCATE fail', async () => {
    const mod = await createModerator(server);
    ok(await m(mod, VERIFY, { id: (await createPending(server)).id, d: 'APPROVE' }));
    const ds = server.database.dataSource;
    const before: { n: number }[] = await ds.query(`SELECT count(*)::int AS n FROM moderation_log`);
    await expect(ds.query(`UPDATE moderation_log SET note = 'edited'`)).rejects.toThrow(/append-only/);
    await expect(ds.query(`DELETE FROM moderation_log`)).rejects.toThrow(/append-only/);
    await expect(ds.query(`TRUNCATE moderation_log`)).rejects.toThrow(/append-only/);
    const after: { n: number }[] = await ds.query(`SELECT count(*)::int AS n FROM moderation_log`);
    expect(after[0].n).toBe(before[0].n);
    expect(before[0].n).toBeGreaterThan(0);
  });
});
