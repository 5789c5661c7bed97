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
import { fromBind, query, raw, sql } from '../../src/common/db/sql';
import { toGlobalId } from '../../src/common/relay/global-id';
import { loadViewerNetworkScope } from '../../src/modules/network/network-scope';
import type { ViewerNetworkScope } from '../../src/modules/network/network-scope';
import { canReviewPost, canViewPost, postReadSql } from '../../src/modules/post/post.policy';
import { canViewComment, commentReadSql } from '../../src/modules/comment/comment.policy';
import { canViewPractitioner, practitionerReadSql } from '../../src/modules/practitioner/practitioner.policy';
import { canViewContactRequest, contactRequestReadSql } from '../../src/modules/contact/contact.policy';
import { canViewReport, reportReadSql } from '../../src/modules/moderation/moderation.policy';
import { ContentKinds } from '../../src/modules/content/content-kind';
import { postContentKind } from '../../src/modules/post/post.kind';
import { commentContentKind } from '../../src/modules/comment/comment.kind';
import { legalDevelopmentContentKind } from '../../src/modules/legal-development/legal-development.kind';
import { canViewNotification, notificationReadSql } from '../../src/modules/notification/notification.policy';
import {
  canViewLegalDevelopment,
  legalDevelopmentReadSql,
} from '../../src/modules/legal-development/legal-development.policy';
import { canViewLiveEvent, liveEventReadSql } from '../../src/modules/live-event/live-event.policy';
import { canViewPublication, publicationReadSql } from '../../src/modules/publication/publication.policy';
import {
  canViewLiveEventQuestion,
  canViewLiveEventQuestionComment,
  isQuestionModerator,
  liveEventQuestionCommentReadSql,
  liveEventQuestionReadSql,
} from '../../src/modules/live-event/live-event-question.policy';
import { startTestServer } from '../helpers/server';
import type { TestServer } from '../helpers/server';
import { createPractitioner } from '../helpers/factories';
import type { TestUser } from '../helpers/factories';
import { gql, ok } from '../helpers/graphql';

/** The content kinds the app registers (src/app/services.ts): the report policy's SQL form asks them. */
const CONTENT_KINDS = new ContentKinds([postContentKind, legalDevelopmentContentKind, commentContentKind]);

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
  const specs: Record<string, Parameters<typeof createPractitioner>[1]> = {
    author: {},
    member: {},
    expert: { role: Role.EXPERT },
    netMod: {},
    wgOwner: {},
    globalMod: { role: Role.MODERATOR },
    admin: { role: Role.ADMIN },
    suspended: {},
    blocker: {},
    blocked: {},
    netMember: {},
    removed: {},
    pending: { verification: VerificationStatus.PENDING },
    rejected: { verification: VerificationStatus.REJECTED },
  };
  const users: Record<string, TestUser> = Object.fromEntries(
    await Promise.all(
      Object.entries(specs).map(async ([name, o]) => [name, await createPractitioner(server, o)]),
    ),
  );
  const {
    author,
    member,
    expert,
    netMod,
    wgOwner,
    suspended,
    blocker,
    blocked,
    netMember,
    removed,
    pending,
    rejected,
  } = users;
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

  const named = Object.entries(users);
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
  const admits = fromBind((bind) => predicate(boundViewer(viewer, bind), 't'));
  const rows = await query<{ id: string }>(ds, sql`SELECT t.id FROM ${raw(`"${table}"`)} t WHERE ${admits}`);
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

type Row = Record<string, unknown>;

/**
 * Runs one policy over every viewer × row of `table`: the check form (given the viewer's networks and
 * blocks) against the SQL form for the bound viewer and for all viewers in columns. Returns the pairs that
 * disagree (labelled by `label`) and how many pairs the check form admits.
 */
async function parity(
  table: string,
  sql: (v: ReturnType<typeof boundViewer>, alias: string) => string,
  check: (viewer: Viewer | null, row: Row, scope: ViewerNetworkScope) => boolean,
  label: (row: Row) => unknown = (row) => row.id,
  anonymous?: (alias: string) => string,
): Promise<{ mismatches: string[]; admitted: number; rows: number }> {
  const rows: Row[] = await ds.query(`SELECT * FROM "${table}"`);
  const all = await sqlAdmittedForAll(table, sql);
  const mismatches: string[] = [];
  let admitted = 0;
  for (const v of viewers) {
    const scope = await loadViewerNetworkScope(ds, v.viewer?.id ?? null)();
    const bound = await sqlAdmitted(table, v.viewer, sql, anonymous);
    for (const row of rows) {
      const allowed = check(v.viewer, row, scope);
      if (allowed) admitted++;
      if (allowed !== bound.has(row.id as string))
        mismatches.push(`${v.name} × ${label(row)} (bound viewer)`);
      if (v.viewer && allowed !== all.has(`${v.viewer.id}:${row.id}`))
        mismatches.push(`${v.name} × ${label(row)} (column viewer)`);
    }
  }
  return { mismatches, admitted, rows: rows.length };
}

/** The posts and their networks, for check forms that build on postPolicy. */
async function postFacts(): Promise<{ post: (id: unknown) => Row; netsOf: (id: unknown) => string[] }> {
  const postRows: Row[] = await ds.query(`SELECT * FROM post`);
  const networkRows: { postId: string; networkId: string }[] = await ds.query(`SELECT * FROM post_network`);
  return {
    post: (id) => postRows.find((p) => p.id === id)!,
    netsOf: (id) => networkRows.filter((r) => r.postId === id).map((r) => r.networkId),
  };
}

describe('policy parity: check form = SQL form, on every viewer × record pair', () => {
  it('posts', async () => {
    const { netsOf } = await postFacts();
    const { mismatches, admitted, rows } = await parity(
      'post',
      postReadSql,
      (viewer, row, scope) => canViewPost(viewer, row as never, netsOf(row.id), scope),
      (row) => row.title,
    );
    expect(describeMismatch('post', mismatches)).toBe(describeMismatch('post', []));
    // The matrix is not trivially all-false or all-true.
    expect(admitted).toBeGreaterThan(20);
    expect(admitted).toBeLessThan(viewers.length * rows - 40);
  });

  it('comments', async () => {
    const { post, netsOf } = await postFacts();
    const { mismatches } = await parity(
      'comment',
      commentReadSql,
      (viewer, row, scope) => {
        const postReadable = canViewPost(viewer, post(row.postId) as never, netsOf(row.postId), scope);
        return canViewComment(viewer, row as never, postReadable, scope.blockedIds);
      },
      (row) => row.body,
    );
    expect(describeMismatch('comment', mismatches)).toBe(describeMismatch('comment', []));
  });

  it('practitioners, contact requests, reports, notifications and legal developments', async () => {
    const { post, netsOf } = await postFacts();
    const cases: [
      string,
      Parameters<typeof parity>[1],
      Parameters<typeof parity>[2],
      ((a: string) => string)?,
    ][] = [
      ['practitioner', practitionerReadSql, (v, row) => canViewPractitioner(v, row as never)],
      ['contact_request', contactRequestReadSql, (v, row) => canViewContactRequest(v, row as never)],
      ['notification', notificationReadSql, (v, row) => canViewNotification(v, row as never)],
      [
        'legal_development',
        legalDevelopmentReadSql,
        (v, row) => canViewLegalDevelopment(v, row as never),
        (a: string) => legalDevelopmentReadSql(null, a),
      ],
      // The report's check form takes whether the viewer reviews the reported content (postPolicy).
      [
        'report',
        reportReadSql(CONTENT_KINDS),
        (v, row, scope) =>
          canViewReport(
            v,
            row as never,
            canReviewPost(v, post(row.targetId) as never, netsOf(row.targetId), scope),
          ),
      ],
    ];
    const mismatches: string[] = [];
    for (const [table, sql, check, anonymous] of cases) {
      const result = await parity(table, sql, check, (row) => `${table} ${row.id}`, anonymous);
      mismatches.push(...result.mismatches);
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

describe('policy parity: live events', () => {
  it('check form = SQL form on every viewer × event (statuses, visibility, networks, speakers, hiding, blocks)', async () => {
    const idOf = (name: string) => viewers.find((v) => v.name === name)!.viewer!.id;
    const networkId = async (name: string) =>
      ((await ds.query(`SELECT id FROM network WHERE name = $1`, [name])) as { id: string }[])[0].id;
    const [n1, wg] = [await networkId('Parity N1'), await networkId('Parity WG')];
    const event = async (
      title: string,
      status: string,
      visibility: string,
      networks: string[] = [],
      options: { hidden?: boolean; speaker?: string; author?: string } = {},
    ) => {
      const id = await insert('live_event', {
        authorId: idOf(options.author ?? 'author'),
        title,
        language: 'en',
        status,
        visibility,
        startsAt: new Date('2027-01-01T10:00:00Z'),
        endsAt: new Date('2027-01-01T12:00:00Z'),
        timeZone: 'Africa/Niamey',
        capacity: 10,
        hiddenAt: options.hidden ? new Date() : null,
      });
      for (const n of networks) await insert('live_event_network', { eventId: id, networkId: n });
      if (options.speaker)
        await insert('live_event_speaker', {
          eventId: id,
          practitionerId: idOf(options.speaker),
          role: 'SPEAKER',
        });
    };
    await event('draft', 'DRAFT', 'COMMUNITY');
    await event('draft with expert speaking', 'DRAFT', 'COMMUNITY', [], { speaker: 'expert' });
    for (const status of ['SCHEDULED', 'LIVE', 'ENDED', 'CANCELLED'])
      await event(`${status} community`, status, 'COMMUNITY');
    await event('scheduled N1', 'SCHEDULED', 'NETWORKS', [n1]);
    await event('scheduled WG', 'SCHEDULED', 'NETWORKS', [wg]);
    await event('scheduled N1 + WG', 'SCHEDULED', 'NETWORKS', [n1, wg]);
    await event('hidden community', 'SCHEDULED', 'COMMUNITY', [], { hidden: true });
    await event('scheduled by member', 'SCHEDULED', 'COMMUNITY', [], { author: 'member' });
    const nets: { eventId: string; networkId: string }[] = await ds.query(`SELECT * FROM live_event_network`);
    const speakers: { eventId: string; practitionerId: string; role: string }[] = await ds.query(
      `SELECT * FROM live_event_speaker`,
    );
    const { mismatches, admitted, rows } = await parity(
      'live_event',
      liveEventReadSql,
      (viewer, row, scope) =>
        canViewLiveEvent(
          viewer,
          row as never,
          nets.filter((n) => n.eventId === row.id).map((n) => n.networkId),
          { speakers: speakers.filter((s) => s.eventId === row.id) as never },
          scope,
        ),
      (row) => row.title,
    );
    expect(describeMismatch('live_event', mismatches)).toBe(describeMismatch('live_event', []));
    expect(admitted).toBeGreaterThan(20);
    expect(admitted).toBeLessThan(viewers.length * rows - 20);
  });
});

describe('policy parity: live-event questions', () => {
  it('check form = SQL form on every viewer × question (statuses, askers, question moderators, event visibility)', async () => {
    const idOf = (name: string) => viewers.find((v) => v.name === name)!.viewer!.id;
    // One more event with a MODERATOR and an ORGANIZER speaker; the events of the previous test are reused.
    const chaired = await insert('live_event', {
      authorId: idOf('author'),
      title: 'chaired',
      language: 'en',
      status: 'LIVE',
      visibility: 'COMMUNITY',
      startsAt: new Date('2027-01-01T10:00:00Z'),
      endsAt: new Date('2027-01-01T12:00:00Z'),
      timeZone: 'Africa/Niamey',
      capacity: 10,
    });
    await insert('live_event_speaker', {
      eventId: chaired,
      practitionerId: idOf('member'),
      role: 'MODERATOR',
    });
    await insert('live_event_speaker', {
      eventId: chaired,
      practitionerId: idOf('netMember'),
      role: 'ORGANIZER',
    });
    const events: Row[] = await ds.query(`SELECT * FROM live_event`);
    const now = new Date();
    for (const e of events)
      for (const status of ['PENDING', 'PUBLISHED', 'DISMISSED'])
        for (const asker of ['expert', 'blocked'])
          for (const hidden of [false, true])
            await insert('live_event_question', {
              eventId: e.id,
              authorId: idOf(asker),
              language: 'fr',
              body: `${e.title} / ${status} / ${asker}${hidden ? ' / hidden' : ''}`,
              status,
              isAnonymous: asker === 'blocked',
              createdAt: now,
              updatedAt: now,
              hiddenAt: hidden ? now : null,
            });
    const nets: { eventId: string; networkId: string }[] = await ds.query(`SELECT * FROM live_event_network`);
    const speakers: { eventId: string; practitionerId: string; role: string }[] = await ds.query(
      `SELECT * FROM live_event_speaker`,
    );
    const { mismatches, admitted, rows } = await parity(
      'live_event_question',
      liveEventQuestionReadSql,
      (viewer, row, scope) => {
        const event = events.find((e) => e.id === row.eventId)!;
        const people = { speakers: speakers.filter((sp) => sp.eventId === event.id) as never };
        const readable = canViewLiveEvent(
          viewer,
          event as never,
          nets.filter((n) => n.eventId === event.id).map((n) => n.networkId),
          people,
          scope,
        );
        return canViewLiveEventQuestion(
          viewer,
          row as never,
          readable,
          isQuestionModerator(viewer, event as never, people),
        );
      },
      (row) => row.body,
    );
    expect(describeMismatch('live_event_question', mismatches)).toBe(
      describeMismatch('live_event_question', []),
    );
    expect(admitted).toBeGreaterThan(50);
    expect(admitted).toBeLessThan(viewers.length * rows - 50);
  });
  it('check form = SQL form on every viewer × comment on a question (hidden ones, their authors, question moderators)', async () => {
    const idOf = (name: string) => viewers.find((v) => v.name === name)!.viewer!.id;
    const questions: Row[] = await ds.query(`SELECT * FROM live_event_question`);
    const now = new Date();
    for (const q of questions)
      for (const [author, hidden] of [
        ['member', false],
        ['member', true],
        ['blocked', true],
      ] as const)
        await insert('live_event_question_comment', {
          questionId: q.id,
          authorId: idOf(author),
          body: `${String(q.body)} → ${author}${hidden ? ' (hidden)' : ''}`,
          createdAt: now,
          hiddenAt: hidden ? now : null,
        });
    const events: Row[] = await ds.query(`SELECT * FROM live_event`);
    const nets: { eventId: string; networkId: string }[] = await ds.query(`SELECT * FROM live_event_network`);
    const speakers: { eventId: string; practitionerId: string; role: string }[] = await ds.query(
      `SELECT * FROM live_event_speaker`,
    );
    const { mismatches, admitted, rows } = await parity(
      'live_event_question_comment',
      liveEventQuestionCommentReadSql,
      (viewer, row, scope) => {
        const question = questions.find((q) => q.id === row.questionId)!;
        const event = events.find((e) => e.id === question.eventId)!;
        const people = { speakers: speakers.filter((sp) => sp.eventId === event.id) as never };
        const moderator = isQuestionModerator(viewer, event as never, people);
        const eventReadable = canViewLiveEvent(
          viewer,
          event as never,
          nets.filter((n) => n.eventId === event.id).map((n) => n.networkId),
          people,
          scope,
        );
        const questionReadable = canViewLiveEventQuestion(
          viewer,
          question as never,
          eventReadable,
          moderator,
        );
        return canViewLiveEventQuestionComment(viewer, row as never, questionReadable, moderator);
      },
      (row) => row.body,
    );
    expect(describeMismatch('live_event_question_comment', mismatches)).toBe(
      describeMismatch('live_event_question_comment', []),
    );
    expect(admitted).toBeGreaterThan(50);
    expect(admitted).toBeLessThan(viewers.length * rows - 50);
  });
});

describe('policy parity: publications', () => {
  it('check form = SQL form on every viewer × publication (visibility, networks, hiding, blocks)', async () => {
    const idOf = (name: string) => viewers.find((v) => v.name === name)!.viewer!.id;
    const networkId = async (name: string) =>
      ((await ds.query(`SELECT id FROM network WHERE name = $1`, [name])) as { id: string }[])[0].id;
    const [n1, wg] = [await networkId('Parity N1'), await networkId('Parity WG')];
    const publication = async (
      title: string,
      visibility: string,
      networks: string[] = [],
      options: { hidden?: boolean; author?: string } = {},
    ) => {
      const id = await insert('publication', {
        authorId: idOf(options.author ?? 'author'),
        title,
        language: 'en',
        kind: 'HANDBOOK',
        year: 2020,
        visibility,
        publishedAt: new Date(),
        hiddenAt: options.hidden ? new Date() : null,
      });
      for (const n of networks) await insert('publication_network', { publicationId: id, networkId: n });
    };
    await publication('community', 'COMMUNITY');
    await publication('N1', 'NETWORKS', [n1]);
    await publication('WG', 'NETWORKS', [wg]);
    await publication('N1 + WG', 'NETWORKS', [n1, wg]);
    await publication('hidden community', 'COMMUNITY', [], { hidden: true });
    await publication('by member', 'COMMUNITY', [], { author: 'member' });
    const nets: { publicationId: string; networkId: string }[] = await ds.query(
      `SELECT * FROM publication_network`,
    );
    const { mismatches, admitted, rows } = await parity(
      'publication',
      publicationReadSql,
      (viewer, row, scope) =>
        canViewPublication(
          viewer,
          row as never,
          nets.filter((n) => n.publicationId === row.id).map((n) => n.networkId),
          scope,
        ),
      (row) => row.title,
    );
    expect(describeMismatch('publication', mismatches)).toBe(describeMismatch('publication', []));
    expect(admitted).toBeGreaterThan(10);
    expect(admitted).toBeLessThan(viewers.length * rows - 10);
  });
});
