/**
 * E-mail invitations to courses (issue 14): a course is a way into the community without bypassing vetting.
 * A moderator's invitation vets its acceptor; a facilitator's is a nomination moderators decide on.
 */
import crypto from 'node:crypto';
import type { ParsedMail } from 'mailparser';
import { startTestServer } from '../helpers/server';
import type { TestServer } from '../helpers/server';
import { codes, gql, ok } from '../helpers/graphql';
import type { GraphQLResponse } from '../helpers/graphql';
import { AUTH_FIELDS, createModerator, createPending, createPractitioner } from '../helpers/factories';
import type { TestUser } from '../helpers/factories';
import { startMailbox, recipients } from '../helpers/mail';
import type { TestMailbox } from '../helpers/mail';
import { Role, VerificationStatus } from '../../src/common/auth/role';
import { PractitionerEntity } from '../../src/modules/practitioner/practitioner.entity';

const LINK_BASE = 'https://app.praxis.test';
let server: TestServer;
let mailbox: TestMailbox;
let moderator: TestUser;
let expert: TestUser;
let member: TestUser;

beforeAll(async () => {
  mailbox = await startMailbox();
  server = await startTestServer({ SMTP_URL: mailbox.url, MAIL_LINK_BASE: `${LINK_BASE}/` });
  [moderator, expert, member] = await Promise.all([
    createModerator(server, { displayName: 'Mona Moderator' }),
    createPractitioner(server, { role: Role.EXPERT, displayName: 'Farida Facilitator' }),
    createPractitioner(server, { displayName: 'Plain Member' }),
  ]);
});
afterAll(async () => {
  await server.stop();
  await mailbox.stop();
});

const run = (user: TestUser | null, query: string, vars: Record<string, unknown> = {}) =>
  gql(server, query, vars, user ? { token: user.accessToken } : {});
const mutate = (user: TestUser, name: string, input: Record<string, unknown>, select: string) =>
  run(
    user,
    `mutation($i: ${name[0].toUpperCase() + name.slice(1)}Input!) { ${name}(input: $i) { ${select} } }`,
    {
      i: input,
    },
  );

const INVITATION = 'id email status expiresAt invitedBy { id displayName } course { id title }';
const invite = (user: TestUser, input: Record<string, unknown>) =>
  mutate(user, 'inviteToCourse', input, `enrollment { id status } invitation { ${INVITATION} }`);
const accept = (user: TestUser, token: string) =>
  mutate(
    user,
    'acceptCourseInvitation',
    { token },
    'verification enrollment { id status course { id title } }',
  );

async function course(
  title: string,
  options: { capacity?: number; language?: string; publish?: boolean } = {},
): Promise<string> {
  const id = ok(
    await mutate(
      expert,
      'createCourse',
      {
        title,
        language: options.language ?? 'EN',
        languages: [options.language ?? 'EN'],
        enrollmentPolicy: 'INVITE_ONLY',
        capacity: options.capacity ?? null,
      },
      'course { id }',
    ),
  ).createCourse.course.id as string;
  if (options.publish ?? true) ok(await mutate(expert, 'publishCourse', { id }, 'course { id }'));
  return id;
}

const address = () => `invitee-${crypto.randomBytes(5).toString('hex')}@Example.org`;

/** The message sent to an address, and the token of its `/course-invitations/<token>` link. */
async function invitationMail(to: string): Promise<{ mail: ParsedMail; token: string }> {
  const mail = await mailbox.waitFor((m) => recipients(m).includes(to.toLowerCase()));
  const match = /\/course-invitations\/([A-Za-z0-9_-]+)/.exec(mail.text ?? '');
  if (!match) throw new Error('no invitation link');
  return { mail, token: match[1] };
}

/** Registers an account with this address through the API and signs it in. */
async function register(email: string, displayName = 'New Learner'): Promise<TestUser> {
  const password = 'a long and uncommon passphrase 42';
  ok(
    await gql(
      server,
      `mutation($i: RegisterInput!) { register(input: $i) { __typename } }`,
      {
        i: { email, password, displayName, countryCode: 'NE', profession: 'PROSECUTOR', languages: ['FR'] },
      },
      { headers: { 'x-forwarded-for': `2001:db8:1::${crypto.randomBytes(2).toString('hex')}` } },
    ),
  );
  const login = ok(
    await gql(server, `mutation($i: LoginInput!) { login(input: $i) { ${AUTH_FIELDS} } }`, {
      i: { email, password },
    }),
  ).login;
  return {
    id: login.practitioner.id,
    localId: '',
    email,
    password,
    accessToken: login.accessToken,
    refreshToken: login.refreshToken,
  };
}

const COURSE_VIEW = `query($id: ID!) { course(id: $id) { id title enrolledCount viewerEnrollment { status }
  network { id viewerMembership { role status } } } }`;
const listOf = async (user: TestUser, courseId: string) =>
  run(
    user,
    `query($id: ID!) { course(id: $id) { invitations(first: 50) { edges { node { ${INVITATION} } } } } }`,
    {
      id: courseId,
    },
  );
const enrollmentsOf = async (courseId: string) =>
  ok(
    await run(
      expert,
      `query($id: ID!) { course(id: $id) { enrolledCount enrollments(first: 50) { edges { node { status learner { id } } } } } }`,
      { id: courseId },
    ),
  ).course;
const nominationsOf = async (user: TestUser, practitionerId: string) =>
  run(
    user,
    `query($id: ID!) { node(id: $id) { ... on Practitioner { verification courseNominations { status acceptedAt course { id title } invitedBy { id } } } } }`,
    { id: practitionerId },
  );
const expectNotFound = (res: GraphQLResponse<unknown>) => {
  expect(codes(res)).toEqual(['NOT_FOUND']);
  expect(res.errors![0].message).toBe('Course invitation was not found.');
};

describe('inviteToCourse by e-mail', () => {
  it('makes a PENDING invitation and sends the course-invitation message in the course’s language', async () => {
    const courseId = await course('Extradition: building the request');
    const to = address();
    const res = ok(await invite(expert, { courseId, email: to }));
    expect(res.inviteToCourse.enrollment).toBeNull();
    const inv = res.inviteToCourse.invitation;
    expect(inv).toMatchObject({
      email: to.toLowerCase(),
      status: 'PENDING',
      invitedBy: { id: expert.id, displayName: 'Farida Facilitator' },
      course: { id: courseId, title: 'Extradition: building the request' },
    });
    const days = (Date.parse(inv.expiresAt) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(13.9);
    expect(days).toBeLessThanOrEqual(14);
    const { mail, token } = await invitationMail(to);
    expect(mail.subject).toBe('Invitation to the course “Extradition: building the request”');
    expect(mail.text).toContain('Farida Facilitator invites you');
    expect(mail.text).toContain(`${LINK_BASE}/course-invitations/${token}`);
    expect(mail.html).toContain('dir="ltr"');
    // The facilitators' list shows it; nobody else sees the list.
    const list = ok(await listOf(expert, courseId)).course.invitations.edges;
    expect(list.map((e: { node: { id: string } }) => e.node.id)).toEqual([inv.id]);
    expect(ok(await listOf(moderator, courseId)).course.invitations.edges).toHaveLength(1);
    expect(ok(await listOf(member, courseId)).course.invitations).toBeNull();
    // The invitation as a node: its facilitators, not a member.
    const node = `query($id: ID!) { node(id: $id) { id } }`;
    expect(ok(await run(expert, node, { id: inv.id })).node).toEqual({ id: inv.id });
    expect(ok(await run(member, node, { id: inv.id })).node).toBeNull();
  });

  it('is written in Arabic, right to left, for an Arabic course', async () => {
    const courseId = await course('التعاون الدولي في المسائل الجنائية', { language: 'AR' });
    const to = address();
    ok(await invite(moderator, { courseId, email: to }));
    const { mail } = await invitationMail(to);
    expect(mail.subject).toBe('دعوة إلى الدورة «التعاون الدولي في المسائل الجنائية»');
    expect(mail.text).toContain('Mona Moderator');
    expect(mail.html).toContain('dir="rtl"');
  });

  it('answers the same whether or not the address has an account', async () => {
    const courseId = await course('Mutual legal assistance');
    const withAccount = await createPending(server);
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const shape = (r: GraphQLResponse<Record<string, any>>) => {
      const i = ok(r).inviteToCourse.invitation;
      return { ...i, id: typeof i.id, email: typeof i.email, expiresAt: typeof i.expiresAt };
    };
    const a = await invite(expert, { courseId, email: withAccount.email });
    const b = await invite(expert, { courseId, email: address() });
    expect(a.errors).toBeUndefined();
    expect(shape(a)).toEqual(shape(b));
    // A member already enrolled: the same answer too (nobody's enrolment is revealed).
    const c = await invite(expert, { courseId, email: member.email });
    expect(shape(c)).toEqual(shape(b));
  });

  it('takes exactly one of practitionerId and email; non-facilitators are FORBIDDEN; nothing written', async () => {
    const courseId = await course('Central authorities');
    for (const input of [{ courseId }, { courseId, email: address(), practitionerId: member.id }]) {
      const res = await invite(expert, input);
      expect(codes(res)).toEqual(['BAD_USER_INPUT']);
    }
    expect(codes(await invite(expert, { courseId, email: 'not an address' }))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await invite(member, { courseId, email: address() }))).toEqual(['FORBIDDEN']);
    const pending = await createPending(server);
    expect(codes(await invite(pending, { courseId, email: address() }))).toEqual(['FORBIDDEN']);
    expect(ok(await listOf(expert, courseId)).course.invitations.edges).toEqual([]);
    // Inviting a member by id works as before.
    const byId = ok(await invite(expert, { courseId, practitionerId: member.id })).inviteToCourse;
    expect(byId).toMatchObject({ enrollment: { status: 'INVITED' }, invitation: null });
  });

  it('keeps an idempotency key: a retry returns the first invitation and sends nothing more', async () => {
    const courseId = await course('Transfer of sentenced persons');
    const to = address();
    const key = crypto.randomUUID();
    const first = ok(await invite(expert, { courseId, email: to, idempotencyKey: key }));
    const again = ok(await invite(expert, { courseId, email: to, idempotencyKey: key }));
    expect(again.inviteToCourse.invitation.id).toBe(first.inviteToCourse.invitation.id);
    await invitationMail(to);
    await new Promise((r) => setTimeout(r, 300));
    expect(mailbox.messages.filter((m) => recipients(m).includes(to.toLowerCase()))).toHaveLength(1);
  });
});

describe('acceptCourseInvitation', () => {
  it('invited by a moderator: register, sign in, accept: VERIFIED, enrolled, in the cohort network', async () => {
    const courseId = await course('Countering the financing of terrorism');
    const to = address();
    ok(await invite(moderator, { courseId, email: to }));
    const { token } = await invitationMail(to);
    const learner = await register(to, 'Amadou Learner');
    // Before: the account sees nothing of the community.
    expect(codes(await run(learner, COURSE_VIEW, { id: courseId }))).toEqual(['FORBIDDEN']);
    const res = ok(await accept(learner, token)).acceptCourseInvitation;
    expect(res).toMatchObject({
      verification: 'VERIFIED',
      enrollment: { status: 'APPROVED', course: { id: courseId } },
    });
    // The next request reads the account fresh: a member, enrolled, in the cohort's network.
    const view = ok(await run(learner, COURSE_VIEW, { id: courseId })).course;
    expect(view).toMatchObject({
      enrolledCount: 1,
      viewerEnrollment: { status: 'APPROVED' },
      network: { viewerMembership: { role: 'MEMBER', status: 'ACTIVE' } },
    });
    // Community content: the directory and the network's page.
    ok(await run(learner, `{ practitioners(first: 5) { edges { node { id } } } }`));
    expect(
      ok(await run(learner, `query($id: ID!) { node(id: $id) { id } }`, { id: view.network.id })).node,
    ).toEqual({ id: view.network.id });
    // Recorded as verifyPractitioner records it: the moderator decided, with the course as the note.
    const me = ok(await nominationsOf(moderator, learner.id)).node;
    expect(me).toMatchObject({ verification: 'VERIFIED', courseNominations: [] });
    const log = ok(
      await run(
        moderator,
        `{ moderationLog(first: 20) { edges { node { action note actor { id } target { id } } } } }`,
      ),
    ).moderationLog.edges.map((e: { node: unknown }) => e.node);
    expect(log).toContainEqual({
      action: 'VERIFICATION_APPROVED',
      note: 'Course invitation: Countering the financing of terrorism',
      actor: { id: moderator.id },
      target: { id: learner.id },
    });
    // The invitation is ACCEPTED; its token is used.
    expect(ok(await listOf(expert, courseId)).course.invitations.edges[0].node.status).toBe('ACCEPTED');
    expectNotFound(await accept(learner, token));
  });

  it('invited by a facilitator: stays PENDING and sees nothing; a moderator sees the nomination and verifying enrols', async () => {
    const courseId = await course('Victims of terrorism');
    const to = address();
    ok(await invite(expert, { courseId, email: to }));
    const { token } = await invitationMail(to);
    const learner = await register(to);
    expect(ok(await accept(learner, token)).acceptCourseInvitation).toEqual({
      verification: 'PENDING',
      enrollment: null,
    });
    expect(codes(await run(learner, COURSE_VIEW, { id: courseId }))).toEqual(['FORBIDDEN']);
    expect(codes(await run(learner, `{ myCourses(first: 5) { edges { node { id } } } }`))).toEqual([
      'FORBIDDEN',
    ]);
    expect((await enrollmentsOf(courseId)).enrollments.edges).toEqual([]);
    // The vetting queue shows the nomination to moderators; nobody else sees it.
    const queue = ok(
      await run(
        moderator,
        `{ moderationQueue(first: 50, filter: { kinds: [VERIFICATION] }) { edges { node { subject {
            ... on Practitioner { id courseNominations { status course { id } invitedBy { id } } } } } } } }`,
      ),
    ).moderationQueue.edges.map((e: { node: { subject: unknown } }) => e.node.subject);
    expect(queue).toContainEqual({
      id: learner.id,
      courseNominations: [{ status: 'ACCEPTED', course: { id: courseId }, invitedBy: { id: expert.id } }],
    });
    expect(ok(await nominationsOf(expert, learner.id)).node?.courseNominations ?? null).toBeNull();
    // Verifying the account enrols it in the same transaction: a place and the cohort network.
    ok(
      await mutate(
        moderator,
        'verifyPractitioner',
        { id: learner.id, decision: 'APPROVE' },
        'practitioner { verification }',
      ),
    );
    const view = ok(await run(learner, COURSE_VIEW, { id: courseId })).course;
    expect(view).toMatchObject({
      enrolledCount: 1,
      viewerEnrollment: { status: 'APPROVED' },
      network: { viewerMembership: { role: 'MEMBER', status: 'ACTIVE' } },
    });
    expect(ok(await nominationsOf(moderator, learner.id)).node.courseNominations).toEqual([]);
  });

  it('a REJECT removes the nominations: no enrolment', async () => {
    const courseId = await course('Foreign terrorist fighters');
    const to = address();
    ok(await invite(expert, { courseId, email: to }));
    const { token } = await invitationMail(to);
    const learner = await register(to);
    ok(await accept(learner, token));
    ok(
      await mutate(
        moderator,
        'verifyPractitioner',
        { id: learner.id, decision: 'REJECT' },
        'practitioner { verification }',
      ),
    );
    expect(ok(await nominationsOf(moderator, learner.id)).node).toEqual({
      verification: 'REJECTED',
      courseNominations: [],
    });
    expect((await enrollmentsOf(courseId)).enrollments.edges).toEqual([]);
    expect(ok(await listOf(expert, courseId)).course.invitations.edges[0].node.status).toBe('REVOKED');
  });

  it('a verified member accepting is enrolled (as enrollInCourse after an invitation)', async () => {
    const courseId = await course('Nuclear terrorism: the legal framework');
    const learner = await createPractitioner(server);
    ok(await invite(expert, { courseId, email: learner.email.toUpperCase() }));
    const { token } = await invitationMail(learner.email);
    expect(ok(await accept(learner, token)).acceptCourseInvitation).toMatchObject({
      verification: 'VERIFIED',
      enrollment: { status: 'APPROVED' },
    });
    expect(ok(await run(learner, COURSE_VIEW, { id: courseId })).course.network.viewerMembership).toEqual({
      role: 'MEMBER',
      status: 'ACTIVE',
    });
  });

  it('two acceptances of one token at once: one enrols, the other is NOT_FOUND', async () => {
    const courseId = await course('Judicial and police cooperation');
    const learner = await createPractitioner(server);
    ok(await invite(expert, { courseId, email: learner.email }));
    const { token } = await invitationMail(learner.email);
    const results = await Promise.all([accept(learner, token), accept(learner, token)]);
    expect(results.map((r) => (r.errors ? codes(r)[0] : 'OK')).sort()).toEqual(['NOT_FOUND', 'OK']);
    expect((await enrollmentsOf(courseId)).enrolledCount).toBe(1);
  });

  it('a full course puts the accepted invitation on its waiting list (PENDING)', async () => {
    const courseId = await course('Border security', { capacity: 1 });
    const [first, second] = await Promise.all([createPractitioner(server), createPractitioner(server)]);
    ok(await invite(expert, { courseId, email: first.email }));
    ok(await invite(expert, { courseId, email: second.email }));
    const t1 = (await invitationMail(first.email)).token;
    const t2 = (await invitationMail(second.email)).token;
    expect(ok(await accept(first, t1)).acceptCourseInvitation.enrollment.status).toBe('APPROVED');
    expect(ok(await accept(second, t2)).acceptCourseInvitation.enrollment.status).toBe('PENDING');
    expect((await enrollmentsOf(courseId)).enrolledCount).toBe(1);
  });

  it('unknown, malformed, expired, revoked, used and someone else’s tokens: one NOT_FOUND, nothing written', async () => {
    const courseId = await course('Use of the internet for terrorist purposes');
    const learner = await createPending(server);
    expectNotFound(await accept(learner, 'x'));
    expectNotFound(await accept(learner, crypto.randomBytes(32).toString('base64url')));

    // Expired.
    ok(await invite(moderator, { courseId, email: learner.email }));
    const expired = (await invitationMail(learner.email)).token;
    await server.database.dataSource.query(
      `UPDATE course_invitation SET "expiresAt" = now() - interval '1 second' WHERE email = $1`,
      [learner.email.toLowerCase()],
    );
    expectNotFound(await accept(learner, expired));
    expect(ok(await listOf(expert, courseId)).course.invitations.edges[0].node.status).toBe('EXPIRED');

    // Revoked (its inviter, facilitators or moderators; NOT_FOUND for others).
    const other = address();
    const inv = ok(await invite(moderator, { courseId, email: other })).inviteToCourse.invitation;
    const revokedToken = (await invitationMail(other)).token;
    expect(
      codes(await mutate(member, 'revokeCourseInvitation', { id: inv.id }, 'invitation { id }')),
    ).toEqual(['NOT_FOUND']);
    expect(
      ok(await mutate(expert, 'revokeCourseInvitation', { id: inv.id }, 'invitation { status }'))
        .revokeCourseInvitation.invitation.status,
    ).toBe('REVOKED');
    expect(
      codes(await mutate(expert, 'revokeCourseInvitation', { id: inv.id }, 'invitation { id }')),
    ).toEqual(['CONFLICT']);
    const owner = await register(other);
    expectNotFound(await accept(owner, revokedToken));

    // Someone else's (another account than the address invited), then used.
    const to = address();
    ok(await invite(moderator, { courseId, email: to }));
    const token = (await invitationMail(to)).token;
    expectNotFound(await accept(learner, token));
    // Nothing was written: the learner is still PENDING, not enrolled.
    expect(ok(await nominationsOf(moderator, learner.id)).node).toEqual({
      verification: 'PENDING',
      courseNominations: [],
    });
    const invitee = await register(to);
    expect(ok(await accept(invitee, token)).acceptCourseInvitation.verification).toBe('VERIFIED');
    expectNotFound(await accept(invitee, token));
    expectNotFound(await accept(learner, token));
    expect((await enrollmentsOf(courseId)).enrolledCount).toBe(1);
  });

  it('REJECTED accounts are FORBIDDEN (ACCOUNT_REJECTED); signed-out callers UNAUTHENTICATED', async () => {
    const courseId = await course('Human rights in counter-terrorism');
    const rejected = await createPractitioner(server, { verification: VerificationStatus.REJECTED });
    ok(await invite(moderator, { courseId, email: rejected.email }));
    const { token } = await invitationMail(rejected.email);
    const res = await accept(rejected, token);
    expect(codes(res)).toEqual(['FORBIDDEN']);
    expect(res.errors![0].extensions!.reason).toBe('ACCOUNT_REJECTED');
    const row = await server.database.dataSource
      .getRepository(PractitionerEntity)
      .findOneByOrFail({ email: rejected.email });
    expect(row.verification).toBe(VerificationStatus.REJECTED);
    expect(ok(await listOf(expert, courseId)).course.invitations.edges[0].node.status).toBe('PENDING');
    const anonymous = await gql(
      server,
      `mutation($i: AcceptCourseInvitationInput!) { acceptCourseInvitation(input: $i) { verification } }`,
      { i: { token } },
    );
    expect(codes(anonymous)).toEqual(['UNAUTHENTICATED']);
  });
});

describe('courseInvitation(token), the landing page', () => {
  const PREVIEW = `query($t: String!) { courseInvitation(token: $t) { courseTitle inviterName expiresAt status } }`;

  it('is public and answers only the title, the inviter’s name, the expiry and the status', async () => {
    const courseId = await course('The universal legal framework');
    const to = address();
    ok(await invite(expert, { courseId, email: to }));
    const { token } = await invitationMail(to);
    const preview = ok(await gql(server, PREVIEW, { t: token })).courseInvitation;
    expect(Object.keys(preview).sort()).toEqual(['courseTitle', 'expiresAt', 'inviterName', 'status']);
    expect(preview).toMatchObject({
      courseTitle: 'The universal legal framework',
      inviterName: 'Farida Facilitator',
      status: 'PENDING',
    });
    const owner = await register(to);
    ok(await accept(owner, token));
    expect(ok(await gql(server, PREVIEW, { t: token })).courseInvitation.status).toBe('ACCEPTED');
    for (const t of ['nope', crypto.randomBytes(32).toString('base64url')])
      expect(ok(await gql(server, PREVIEW, { t })).courseInvitation).toBeNull();
  });

  it('is rate-limited per client IP (the token budget)', async () => {
    const strict = await startTestServer({ RATE_LIMIT_TOKEN_PER_IP: '2/900' });
    try {
      const t = crypto.randomBytes(32).toString('base64url');
      ok(await gql(strict, PREVIEW, { t }));
      ok(await gql(strict, PREVIEW, { t }));
      expect(codes(await gql(strict, PREVIEW, { t }))).toEqual(['RATE_LIMITED']);
    } finally {
      await strict.stop();
    }
  });
});

describe('limits', () => {
  it('inviteToCourse is limited per inviter per day (RATE_LIMIT_INVITATION_PER_ACCOUNT)', async () => {
    const strict = await startTestServer({ RATE_LIMIT_INVITATION_PER_ACCOUNT: '2/86400' });
    try {
      const facilitator = await createPractitioner(strict, { role: Role.EXPERT });
      const call = (q: string, v: Record<string, unknown>) =>
        gql(strict, q, v, { token: facilitator.accessToken });
      const courseId = ok(
        await call(`mutation($i: CreateCourseInput!) { createCourse(input: $i) { course { id } } }`, {
          i: { title: 'Prison management', language: 'EN' },
        }),
      ).createCourse.course.id;
      const inviteOne = () =>
        call(`mutation($i: InviteToCourseInput!) { inviteToCourse(input: $i) { invitation { id } } }`, {
          i: { courseId, email: address() },
        });
      ok(await inviteOne());
      ok(await inviteOne());
      const third = await inviteOne();
      expect(codes(third)).toEqual(['RATE_LIMITED']);
    } finally {
      await strict.stop();
    }
  });
});
