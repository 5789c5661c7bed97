/**
 * The parity test of the authorization issue: for a matrix of viewers × records, the check form and the
 * SQL form of each policy agree on every pair (for one bound viewer and for a set of viewers held in
 * columns, as live events use it), and the read paths (`node`, `nodes`) return exactly what they allow.
 */
import 'reflect-metadata';
import type { DataSource } from 'typeorm';
import { Role, VerificationStatus } from '../../src/common/auth/role';
import type { Viewer } from '../../src/common/auth/viewer';
import { boundViewer, columnViewer } from '../../src/common/auth/policy';
import { sqlParams } from '../../src/common/relay/batched-connection';
import { toGlobalId } from '../../src/common/relay/global-id';
import { loadViewerNetworkScope } from '../../src/modules/network/network-scope';
import { canReviewPost, canViewPost, postReadSql } from '../../src/modules/post/post.policy';
import { canViewComment, commentReadSql } from '../../src/modules/comment/comment.policy';
import { canViewPractitioner, practitionerReadSql } from '../../src/modules/practitioner/practitioner.policy';
import { canViewContactRequest, contactRequestReadSql } from '../../src/modules/contact/contact.policy';
import { canViewReport, reportReadSql } from '../../src/modules/moderation/moderation.policy';
import { canViewNotification, notificationReadSql } from '../../src/modules/notification/notification.policy';
import {
  canViewLegalDevelopment,
  legalDevelopmentReadSql,
} from '../../src/modules/legal-development/legal-development.policy';
import { startTestServer } from '../helpers/server';
import type { TestServer } from '../helpers/server';
import { createPractitioner } from '../helpers/factories';
import type { TestUser } from '../helpers/factories';
import { gql, ok } from '../helpers/graphql';

interface MatrixViewer {
  name: string;
  user: TestUser | null;
  viewer: Viewer | null;
}

let server: TestServer;
let ds: DataSource;
const viewers: MatrixViewer[] = [];
const posts = new Map<string, string>(); // name → local id
const comments = new Map<string, string>();
let contactRequestIds: string[] = [];
let reportIds: string[] = [];
let notificationIds: string[] = [];

async function insert(table: string, row: Record<string, unknown>): Promise<string> {
  const cols = Object.keys(row);
  const rows: { id: string }[] = await ds.query(
    `INSERT INTO "${table}" (${cols.map((c) => `"${c}"`).join(', ')}) VALUES (${cols.map((_, i) => `$${i + 1}`).join(', ')})
     RETURNING *`,
    Object.values(row),
  );
  return rows[0]?.id;
}

async function viewerOf(user: TestUser): Promise<Viewer> {
  const [row] = await ds.query(
    `SELECT id, role, verification, COALESCE("suspendedUntil" > now(), false) AS suspended FROM practitioner WHERE id = $1`,
    [user.localId],
  );
  return {
    id: row.id,
    sessionId: 's',
    role: row.role,
    verification: row.verification,
    suspended: row.suspended,
  };
}

beforeAll(async () => {
  server = await startTestServer();
  ds = server.database.dataSource;
  const mk = (o: Parameters<typeof createPractitioner>[1] = {}) => createPractitioner(server, o);
  const [
    author,
    member,
    expert,
    netMod,
    wgOwner,
    globalMod,
    admin,
    suspended,
    blocker,
    blocked,
    netMember,
    removed,
    pending,
    rejected,
  ] = await Promise.all([
    mk(),
    mk(),
    mk({ role: Role.EXPERT }),
    mk(),
    mk(),
    mk({ role: Role.MODERATOR }),
    mk({ role: Role.ADMIN }),
    mk(),
    mk(),
    mk(),
    mk(),
    mk(),
    mk({ verification: VerificationStatus.PENDING }),
    mk({ verification: VerificationStatus.REJECTED }),
  ]);
  await ds.query(`UPDATE practitioner SET "suspendedUntil" = now() + interval '1 day' WHERE id = $1`, [
    suspended.localId,
  ]);
  // Two networks: N1 (netMod moderates, netMember and removed were members) and WG (wgOwner owns).
  const n1 = await insert('network', { kind: 'WORKING_GROUP', name: 'Parity N1', joinPolicy: 'OPEN' });
  const wg = await insert('network', { kind: 'WORKING_GROUP', name: 'Parity WG', joinPolicy: 'OPEN' });
  const member_ = (networkId: string, u: TestUser, role: string) =>
    insert('network_member', { networkId, practitionerId: u.localId, role, status: 'ACTIVE' });
  await member_(n1, netMod, 'MODERATOR');
  await member_(n1, netMember, 'MEMBER');
  await member_(n1, author, 'MEMBER');
  await member_(wg, wgOwner, 'OWNER');
  await member_(wg, author, 'MEMBER');
  await ds.query(`DELETE FROM network_member WHERE "practitionerId" = $1`, [removed.localId]); // removed from N1
  // Blocks with the author, both ways.
  await insert('practitioner_block', { blockerId: author.localId, blockedId: blocked.localId });
  await insert('practitioner_block', { blockerId: blocker.localId, blockedId: author.localId });

  const post = async (
    name: string,
    status: string,
    visibility: string,
    networks: string[] = [],
    hidden = false,
  ) => {
    const id = await insert('post', {
      authorId: author.localId,
      title: name,
      language: 'en',
      status,
      visibility,
      publishedAt: status === 'PUBLISHED' ? new Date() : null,
      hiddenAt: hidden ? new Date() : null,
    });
    for (const networkId of networks) await insert('post_network', { postId: id, networkId });
    posts.set(name, id);
    return id;
  };
  await post('draft', 'DRAFT', 'COMMUNITY');
  await post('pending community', 'PENDING_REVIEW', 'COMMUNITY', [n1]);
  await post('pending N1', 'PENDING_REVIEW', 'NETWORKS', [n1]);
  await post('pending N1+WG', 'PENDING_REVIEW', 'NETWORKS', [n1, wg]);
  await post('changes requested WG', 'CHANGES_REQUESTED', 'NETWORKS', [wg]);
  await post('rejected N1', 'REJECTED', 'NETWORKS', [n1]);
  const pub = await post('published community', 'PUBLISHED', 'COMMUNITY');
  const pubN1 = await post('published N1', 'PUBLISHED', 'NETWORKS', [n1]);
  await post('published WG', 'PUBLISHED', 'NETWORKS', [wg]);
  await post('hidden community', 'PUBLISHED', 'COMMUNITY', [], true);
  await post('hidden N1', 'PUBLISHED', 'NETWORKS', [n1], true);
  await post('archived', 'ARCHIVED', 'COMMUNITY');
  // A post by someone else in a block with nobody, for the author's own view of others.
  const other = await insert('post', {
    authorId: member.localId,
    title: 'by member',
    language: 'en',
    status: 'PUBLISHED',
    visibility: 'COMMUNITY',
    publishedAt: new Date(),
  });
  posts.set('by member', other);

  const comment = async (name: string, postId: string, authorId: string, hidden = false) => {
    const id = await insert('comment', {
      postId,
      authorId,
      body: name,
      createdAt: new Date(),
      hiddenAt: hidden ? new Date() : null,
    });
    comments.set(name, id);
  };
  await comment('on public', pub, member.localId);
  await comment('hidden on public', pub, member.localId, true);
  await comment('by blocked on public', pub, blocked.localId);
  await comment('by author on public', pub, author.localId);
  await comment('on N1', pubN1, netMember.localId);
  await comment('by author on N1', pubN1, author.localId);

  contactRequestIds = [
    await insert('contact_request', {
      requesterId: member.localId,
      addresseeId: expert.localId,
      status: 'PENDING',
    }),
    await insert('contact_request', {
      requesterId: rejected.localId,
      addresseeId: member.localId,
      status: 'PENDING',
    }),
  ];
  reportIds = [
    await insert('report', {
      reporterId: member.localId,
      targetType: 'POST',
      targetId: pub,
      reason: 'SPAM',
      status: 'OPEN',
    }),
    await insert('report', {
      reporterId: wgOwner.localId,
      targetType: 'POST',
      targetId: pubN1,
      reason: 'SPAM',
      status: 'OPEN',
    }),
  ];
  const development = (status: string, hidden = false) =>
    insert('legal_development', {
      kind: 'LEGISLATION',
      title: `Development ${status}${hidden ? ' hidden' : ''}`,
      effectiveDate: '2026-01-01',
      language: 'en',
      jurisdictionCountryCode: 'NE',
      status,
      authorId: member.localId,
      publishedAt: status === 'PUBLISHED' ? new Date() : null,
      hiddenAt: hidden ? new Date() : null,
    });
  for (const [status, hidden] of [
    ['PUBLISHED', false],
    ['PUBLISHED', true],
    ['PENDING_REVIEW', false],
    ['REJECTED', false],
  ] as const)
    await development(status, hidden);
  notificationIds = [
    await insert('notification', {
      recipientId: member.localId,
      type: 'POST_ENDORSED',
      actorId: expert.localId,
    }),
    await insert('notification', { recipientId: pending.localId, type: 'POST_ENDORSED', actorId: null }),
  ];

  const named: [string, TestUser][] = Object.entries({
    author,
    member,
    expert,
    netMod,
    wgOwner,
    globalMod,
    admin,
    suspended,
    blocker,
    blocked,
    netMember,
    removed,
    pending,
    rejected,
  });
  viewers.push({ name: 'anonymous', user: null, viewer: null });
  for (const [name, user] of named) viewers.push({ name, user, viewer: await viewerOf(user) });
}, 120_000);

afterAll(async () => {
  await server?.stop();
});

/** The ids of `table` rows aliased `alias` that the SQL form admits for one bound viewer. */
async function sqlAdmitted(
  table: string,
  viewer: Viewer | null,
  predicate: (v: ReturnType<typeof boundViewer>, alias: string) => string,
  anonymous?: (alias: string) => string,
): Promise<Set<string>> {
  if (!viewer) {
    if (!anonymous) return new Set(); // the policy admits nothing to anonymous callers
    const rows: { id: string }[] = await ds.query(`SELECT t.id FROM "${table}" t WHERE ${anonymous('t')}`);
    return new Set(rows.map((r) => r.id));
  }
  const { params, bind } = sqlParams();
  const rows: { id: string }[] = await ds.query(
    `SELECT t.id FROM "${table}" t WHERE ${predicate(boundViewer(viewer, bind), 't')}`,
    params,
  );
  return new Set(rows.map((r) => r.id));
}

/** (viewer id, record id) pairs that the SQL form admits for every practitioner at once (column viewer). */
async function sqlAdmittedForAll(
  table: string,
  predicate: (v: ReturnType<typeof columnViewer>, alias: string) => string,
): Promise<Set<string>> {
  const rows: { vid: string; id: string }[] = await ds.query(
    `SELECT s.id AS vid, t.id FROM practitioner s, "${table}" t WHERE ${predicate(columnViewer('s'), 't')}`,
  );
  return new Set(rows.map((r) => `${r.vid}:${r.id}`));
}

function describeMismatch(kind: string, mismatches: string[]): string {
  return `${kind}: check and SQL forms disagree on\n  ${mismatches.join('\n  ')}`;
}

describe('policy parity: check form = SQL form, on every viewer × record pair', () => {
  it('posts', async () => {
    const rows: Record<string, unknown>[] = await ds.query(`SELECT * FROM post`);
    const networkRows: { postId: string; networkId: string }[] = await ds.query(`SELECT * FROM post_network`);
    const netsOf = (id: string) => networkRows.filter((r) => r.postId === id).map((r) => r.networkId);
    const all = await sqlAdmittedForAll('post', postReadSql);
    const mismatches: string[] = [];
    let admitted = 0;
    for (const v of viewers) {
      const scope = await loadViewerNetworkScope(ds, v.viewer?.id ?? null)();
      const bound = await sqlAdmitted('post', v.viewer, postReadSql);
      for (const row of rows) {
        const check = canViewPost(v.viewer, row as never, netsOf(row.id as string), scope);
        if (check) admitted++;
        if (check !== bound.has(row.id as string)) mismatches.push(`${v.name} × ${row.title} (bound viewer)`);
        if (v.viewer && check !== all.has(`${v.viewer.id}:${row.id}`))
          mismatches.push(`${v.name} × ${row.title} (column viewer)`);
      }
    }
    expect(describeMismatch('post', mismatches)).toBe(describeMismatch('post', []));
    // The matrix is not trivially all-false or all-true.
    expect(admitted).toBeGreaterThan(20);
    expect(admitted).toBeLessThan(viewers.length * rows.length - 40);
  });

  it('comments', async () => {
    const rows: Record<string, unknown>[] = await ds.query(`SELECT * FROM comment`);
    const all = await sqlAdmittedForAll('comment', commentReadSql);
    const postRows: Record<string, unknown>[] = await ds.query(`SELECT * FROM post`);
    const networkRows: { postId: string; networkId: string }[] = await ds.query(`SELECT * FROM post_network`);
    const mismatches: string[] = [];
    for (const v of viewers) {
      const scope = await loadViewerNetworkScope(ds, v.viewer?.id ?? null)();
      const bound = await sqlAdmitted('comment', v.viewer, commentReadSql);
      for (const row of rows) {
        const post = postRows.find((p) => p.id === row.postId)!;
        const nets = networkRows.filter((r) => r.postId === post.id).map((r) => r.networkId);
        const postReadable = canViewPost(v.viewer, post as never, nets, scope);
        const check = canViewComment(v.viewer, row as never, postReadable, scope.blockedIds);
        if (check !== bound.has(row.id as string)) mismatches.push(`${v.name} × ${row.body} (bound viewer)`);
        if (v.viewer && check !== all.has(`${v.viewer.id}:${row.id}`))
          mismatches.push(`${v.name} × ${row.body} (column viewer)`);
      }
    }
    expect(describeMismatch('comment', mismatches)).toBe(describeMismatch('comment', []));
  });

  it('practitioners, contact requests, reports, notifications and legal developments', async () => {
    const cases = [
      { table: 'practitioner', check: canViewPractitioner, sql: practitionerReadSql },
      { table: 'contact_request', check: canViewContactRequest, sql: contactRequestReadSql },
      { table: 'notification', check: canViewNotification, sql: notificationReadSql },
      {
        table: 'legal_development',
        check: canViewLegalDevelopment,
        sql: legalDevelopmentReadSql,
        anonymous: (a: string) => legalDevelopmentReadSql(null, a),
      },
    ] as const;
    const mismatches: string[] = [];
    for (const c of cases) {
      const rows: Record<string, unknown>[] = await ds.query(`SELECT * FROM "${c.table}"`);
      const all = await sqlAdmittedForAll(c.table, c.sql);
      for (const v of viewers) {
        const bound = await sqlAdmitted(c.table, v.viewer, c.sql, 'anonymous' in c ? c.anonymous : undefined);
        for (const row of rows) {
          const check = (c.check as (v: Viewer | null, r: never) => boolean)(v.viewer, row as never);
          if (check !== bound.has(row.id as string))
            mismatches.push(`${c.table}: ${v.name} × ${row.id} (bound)`);
          if (v.viewer && check !== all.has(`${v.viewer.id}:${row.id}`))
            mismatches.push(`${c.table}: ${v.name} × ${row.id} (column)`);
        }
      }
    }
    // Reports: the check form takes whether the viewer reviews the reported content (postPolicy).
    const reports: Record<string, unknown>[] = await ds.query(`SELECT * FROM report`);
    const postRows: Record<string, unknown>[] = await ds.query(`SELECT * FROM post`);
    const networkRows: { postId: string; networkId: string }[] = await ds.query(`SELECT * FROM post_network`);
    const allReports = await sqlAdmittedForAll('report', reportReadSql);
    for (const v of viewers) {
      const scope = await loadViewerNetworkScope(ds, v.viewer?.id ?? null)();
      const bound = await sqlAdmitted('report', v.viewer, reportReadSql);
      for (const row of reports) {
        const post = postRows.find((p) => p.id === row.targetId)!;
        const nets = networkRows.filter((r) => r.postId === post.id).map((r) => r.networkId);
        const reviews = canReviewPost(v.viewer, post as never, nets, scope);
        const check = canViewReport(v.viewer, row as never, reviews);
        if (check !== bound.has(row.id as string)) mismatches.push(`report: ${v.name} × ${row.id} (bound)`);
        if (v.viewer && check !== allReports.has(`${v.viewer.id}:${row.id}`))
          mismatches.push(`report: ${v.name} × ${row.id} (column)`);
      }
    }
    expect(mismatches).toEqual([]);
    expect(contactRequestIds.length + reportIds.length + notificationIds.length).toBe(6);
  });
});

describe('read paths return exactly what the policies allow', () => {
  async function nodesFor(v: MatrixViewer, ids: string[]): Promise<(string | null)[]> {
    const res = await gql(
      server,
      `query($ids: [ID!]!) { nodes(ids: $ids) { id } }`,
      { ids },
      { token: v.user?.accessToken },
    );
    return (ok(res).nodes as ({ id: string } | null)[]).map((n) => n?.id ?? null);
  }

  it('node and nodes give each viewer the posts, comments and profiles its policy admits, and nothing else', async () => {
    const mismatches: string[] = [];
    const kinds = [
      { type: 'Post', table: 'post', sql: postReadSql, ids: [...posts.values()] },
      { type: 'Comment', table: 'comment', sql: commentReadSql, ids: [...comments.values()] },
      {
        type: 'Practitioner',
        table: 'practitioner',
        sql: practitionerReadSql,
        ids: viewers.filter((v) => v.user).map((v) => v.user!.localId),
      },
    ];
    for (const kind of kinds) {
      const globalIds = kind.ids.map((id) => toGlobalId(kind.type, id));
      for (const v of viewers) {
        const allowed = await sqlAdmitted(kind.table, v.viewer, kind.sql);
        const got = await nodesFor(v, globalIds);
        kind.ids.forEach((id, i) => {
          const expected = allowed.has(id) ? globalIds[i] : null;
          if (got[i] !== expected) mismatches.push(`${kind.type} ${id} for ${v.name}: got ${got[i]}`);
        });
        // node(id) agrees with nodes for one of them (the first admitted, or the first).
        const probe = kind.ids.findIndex((id) => allowed.has(id));
        const i = probe >= 0 ? probe : 0;
        const single = await gql(
          server,
          `query($id: ID!) { node(id: $id) { id } }`,
          { id: globalIds[i] },
          {
            token: v.user?.accessToken,
          },
        );
        if ((ok(single).node?.id ?? null) !== got[i])
          mismatches.push(`node ≠ nodes for ${kind.type} / ${v.name}`);
      }
    }
    expect(mismatches).toEqual([]);
  });
});
