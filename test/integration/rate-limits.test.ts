import { startTestServer } from '../helpers/server';
import type { TestServer } from '../helpers/server';
import { codes, gql, ok } from '../helpers/graphql';
import type { GraphQLResponse } from '../helpers/graphql';
import { createAdmin, createModerator, createPractitioner } from '../helpers/factories';
import type { TestUser } from '../helpers/factories';
import { publishPost } from '../helpers/posts';
import { connectWs, wsExecute } from '../helpers/ws';
import { legalInput } from '../helpers/legal';
import { addMember, createWorkingGroup } from '../helpers/networks';
import { notificationsDelivered } from '../helpers/moderation';
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import {
  buildSchema,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isLeafType,
  isListType,
  isNonNullType,
} from 'graphql';
import type { GraphQLInputType } from 'graphql';
import { RATE_LIMIT_DEFAULTS } from '../../src/config/config';
import { toGlobalId } from '../../src/common/relay/global-id';

// Low budgets; TRUST_PROXY lets each test act from its own IP through X-Forwarded-For.
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({
    TRUST_PROXY: 'loopback',
    RATE_LIMIT_LOGIN_PER_ACCOUNT_AND_IP: '3/900',
    RATE_LIMIT_LOGIN_PER_ACCOUNT: '8/900',
    RATE_LIMIT_LOGIN_PER_IP: '6/900',
    RATE_LIMIT_CONTENT_PER_ACCOUNT: '3/60',
    RATE_LIMIT_CONTENT_PER_IP: '5/60',
    RATE_LIMIT_CONTACT_PER_ACCOUNT: '2/3600',
    RATE_LIMIT_REPORT_PER_ACCOUNT: '2/3600',
  });
});
afterAll(() => server.stop());

const LOGIN = `mutation($i: LoginInput!) { login(input: $i) { accessToken } }`;
const CREATE_POST = `mutation($i: CreatePostInput!) { createPost(input: $i) { post { id } } }`;
const ADD_COMMENT = `mutation($p: ID!, $b: String!) { addComment(input: { postId: $p, body: $b }) { comment { id } } }`;
const REQUEST_CONTACT = `mutation($p: ID!) { requestContact(input: { practitionerId: $p }) { contactRequest { id } } }`;
const REPORT = `mutation($t: ID!) { report(input: { targetId: $t, reason: IMPERSONATION }) { report { id } } }`;
const PROPOSE_LEGAL = `mutation($i: ProposeLegalDevelopmentInput!) { proposeLegalDevelopment(input: $i) { legalDevelopment { id } } }`;

let ipSeq = 0;
const freshIp = () => `198.51.100.${++ipSeq}`;
const from = (ip: string, user?: TestUser) => ({
  headers: { 'x-forwarded-for': ip },
  ...(user ? { token: user.accessToken } : {}),
});

const postInput = (title: string) => ({
  title,
  summary: 'Summary.',
  body: 'Body.',
  language: 'EN',
  visibility: 'COMMUNITY',
  networkIds: [],
  countryCodes: ['NE'],
  thematicAreaCodes: ['FINANCING_OF_TERRORISM'],
});

function expectRateLimited(res: GraphQLResponse<unknown>): void {
  expect(codes(res)).toEqual(['RATE_LIMITED']);
  const seconds = res.errors![0].extensions!.retryAfterSeconds as number;
  expect(Number.isInteger(seconds) && seconds >= 1).toBe(true);
  expect(res.status).toBe(429);
  expect(Number(res.headers.get('retry-after'))).toBe(seconds);
  expect(res.data ?? null).toBeNull();
}

describe('sign-in', () => {
  const attempt = (user: Pick<TestUser, 'email'>, password: string, ip: string) =>
    gql(server, LOGIN, { i: { email: user.email, password } }, from(ip));
  const WRONG = 'wrong password!!';

  it('refuses an address from one IP after 3 failures in a row, even with the right password; not the owner from another IP, nor other addresses', async () => {
    const user = await createPractitioner(server);
    const other = await createPractitioner(server);
    const ip = freshIp();
    for (let i = 0; i < 3; i++) expect(codes(await attempt(user, WRONG, ip))).toEqual(['UNAUTHENTICATED']);
    expectRateLimited(await attempt(user, user.password, ip));
    ok(await attempt(user, user.password, freshIp()));
    ok(await attempt(other, other.password, ip));
  });

  it('an attacker exhausting their budgets for an address spends none of the address’s own: the owner still signs in', async () => {
    const user = await createPractitioner(server);
    const attacker = freshIp();
    for (let i = 0; i < 3; i++)
      expect(codes(await attempt(user, WRONG, attacker))).toEqual(['UNAUTHENTICATED']);
    // Refused attempts (per address and IP, then per IP too) do not count against the address.
    for (let i = 0; i < 6; i++) expectRateLimited(await attempt(user, WRONG, attacker));
    // Two more attackers stay under their own limit: 7 failures for the address in all, under its 8.
    for (const ip of [freshIp(), freshIp()])
      for (let i = 0; i < 2; i++) expect(codes(await attempt(user, WRONG, ip))).toEqual(['UNAUTHENTICATED']);
    const owner = freshIp();
    ok(await attempt(user, user.password, owner));
    ok(await attempt(user, user.password, owner)); // a success does not count as a failure
    expectRateLimited(await attempt(user, user.password, attacker));
  });

  it('the slower budget per address stops guessing spread over many IPs, whoever tries next', async () => {
    const user = await createPractitioner(server);
    for (let n = 0; n < 4; n++) {
      const ip = freshIp();
      for (let i = 0; i < 2; i++) expect(codes(await attempt(user, WRONG, ip))).toEqual(['UNAUTHENTICATED']);
    }
    expectRateLimited(await attempt(user, user.password, freshIp()));
    const other = await createPractitioner(server);
    ok(await attempt(other, other.password, freshIp()));
  });

  it('counts failures in a row: a successful sign-in resets the count', async () => {
    const user = await createPractitioner(server);
    const ip = freshIp();
    const fail = () =>
      gql(server, LOGIN, { i: { email: user.email, password: 'wrong password!!' } }, from(ip));
    expect(codes(await fail())).toEqual(['UNAUTHENTICATED']);
    expect(codes(await fail())).toEqual(['UNAUTHENTICATED']);
    ok(await gql(server, LOGIN, { i: { email: user.email, password: user.password } }, from(ip)));
    expect(codes(await fail())).toEqual(['UNAUTHENTICATED']);
    expect(codes(await fail())).toEqual(['UNAUTHENTICATED']);
  });

  it('limits attempts per IP across e-mails', async () => {
    const ip = freshIp();
    for (let i = 0; i < 6; i++) {
      const res = await gql(
        server,
        LOGIN,
        { i: { email: `nobody${i}@example.org`, password: 'x'.repeat(12) } },
        from(ip),
      );
      expect(codes(res)).toEqual(['UNAUTHENTICATED']);
    }
    expectRateLimited(
      await gql(
        server,
        LOGIN,
        { i: { email: 'nobody-else@example.org', password: 'x'.repeat(12) } },
        from(ip),
      ),
    );
    const res = await gql(
      server,
      LOGIN,
      { i: { email: 'nobody-else@example.org', password: 'x'.repeat(12) } },
      from(freshIp()),
    );
    expect(codes(res)).toEqual(['UNAUTHENTICATED']);
  });
});

describe('content creation', () => {
  it('limits posts and comments together per account, and writes nothing when refused', async () => {
    const author = await createPractitioner(server);
    const moderator = await createModerator(server);
    const postId = await publishPost(server, author, moderator); // the author's first point
    const commenter = await createPractitioner(server);
    const ip = freshIp();
    ok(await gql(server, CREATE_POST, { i: postInput('One') }, from(ip, commenter)));
    ok(await gql(server, ADD_COMMENT, { p: postId, b: 'First.' }, from(ip, commenter)));
    ok(await gql(server, CREATE_POST, { i: postInput('Two') }, from(ip, commenter)));
    await server.services.notifications.drain(); // notifications are written in the background
    const count = server.database.counter.count;
    expectRateLimited(await gql(server, ADD_COMMENT, { p: postId, b: 'Too fast.' }, from(ip, commenter)));
    expectRateLimited(await gql(server, CREATE_POST, { i: postInput('Three') }, from(ip, commenter)));
    // Refused before the resolver: the viewer was authenticated (one SELECT each), nothing else ran.
    expect(server.database.counter.count - count).toBeLessThanOrEqual(2);
    // Another account (from another IP) is not affected.
    ok(await gql(server, ADD_COMMENT, { p: postId, b: 'Fine.' }, from(freshIp(), author)));
  });

  it('limits content per IP across accounts', async () => {
    const [a, b] = [await createPractitioner(server), await createPractitioner(server)];
    const ip = freshIp();
    for (let i = 0; i < 3; i++) ok(await gql(server, CREATE_POST, { i: postInput(`A${i}`) }, from(ip, a)));
    for (let i = 0; i < 2; i++) ok(await gql(server, CREATE_POST, { i: postInput(`B${i}`) }, from(ip, b)));
    expectRateLimited(await gql(server, CREATE_POST, { i: postInput('B2') }, from(ip, b)));
    // b spent 2 of its own 3 points: the IP's budget refused it.
  });

  it('answers RATE_LIMITED with retryAfterSeconds over WebSocket too', async () => {
    const user = await createPractitioner(server);
    const ws = connectWs(server, user.accessToken);
    await ws.connected;
    try {
      const results = [];
      for (let i = 0; i < 4; i++)
        results.push(await wsExecute(ws.client, CREATE_POST, { i: postInput(`W${i}`) }));
      expect(results.slice(0, 3).every((r) => !(r as { errors?: unknown }).errors)).toBe(true);
      const last = results[3] as { errors?: { extensions?: Record<string, unknown> }[] };
      expect(last.errors?.[0].extensions).toMatchObject({ code: 'RATE_LIMITED' });
      expect(last.errors?.[0].extensions?.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    } finally {
      await ws.client.dispose();
    }
  });

  it('counts proposed legal developments in the same budget as posts and comments', async () => {
    const user = await createPractitioner(server);
    const ip = freshIp();
    ok(await gql(server, CREATE_POST, { i: postInput('L1') }, from(ip, user)));
    ok(await gql(server, PROPOSE_LEGAL, { i: legalInput({ title: 'First law' }) }, from(ip, user)));
    ok(await gql(server, PROPOSE_LEGAL, { i: legalInput({ title: 'Second law' }) }, from(ip, user)));
    await server.services.notifications.drain(); // notifications are written in the background
    const count = server.database.counter.count;
    expectRateLimited(
      await gql(server, PROPOSE_LEGAL, { i: legalInput({ title: 'Third law' }) }, from(ip, user)),
    );
    expect(server.database.counter.count - count).toBeLessThanOrEqual(1);
  });

  it('charges nothing to anonymous callers (they are refused first)', async () => {
    const res = await gql(server, CREATE_POST, { i: postInput('Anon') }, from(freshIp()));
    expect(codes(res)).toEqual(['UNAUTHENTICATED']);
  });
});

describe('contact requests', () => {
  it('limits requests per account', async () => {
    const asker = await createPractitioner(server);
    const targets = [
      await createPractitioner(server),
      await createPractitioner(server),
      await createPractitioner(server),
    ];
    ok(await gql(server, REQUEST_CONTACT, { p: targets[0].id }, from(freshIp(), asker)));
    ok(await gql(server, REQUEST_CONTACT, { p: targets[1].id }, from(freshIp(), asker)));
    expectRateLimited(await gql(server, REQUEST_CONTACT, { p: targets[2].id }, from(freshIp(), asker)));
    const pending = ok(
      await gql(
        server,
        `{ contactRequests(direction: INCOMING, first: 5) { edges { node { id } } } }`,
        {},
        { token: targets[2].accessToken },
      ),
    ).contactRequests.edges;
    expect(pending).toHaveLength(0);
  });
});

describe('registration', () => {
  let strict: TestServer;
  beforeAll(async () => {
    strict = await startTestServer({ RATE_LIMIT_REGISTER_PER_IP: '2/3600' });
  });
  afterAll(() => strict.stop());

  const register = (n: number) =>
    gql(strict, `mutation($i: RegisterInput!) { register(input: $i) { accepted } }`, {
      i: {
        email: `reg${n}@example.org`,
        password: 'correct horse battery staple',
        displayName: `Registrant ${n}`,
        countryCode: 'NE',
        profession: 'PROSECUTOR',
        languages: ['FR'],
      },
    });

  it('limits registrations per IP and creates no account when refused', async () => {
    ok(await register(1));
    ok(await register(2));
    expectRateLimited(await register(3));
    const [{ n }] = await strict.database.dataSource.query(
      `SELECT count(*)::int AS n FROM practitioner WHERE email = 'reg3@example.org'`,
    );
    expect(n).toBe(0);
  });
});

describe('reports', () => {
  it('limits reports per account and files nothing when refused', async () => {
    const reporter = await createPractitioner(server);
    const targets = [
      await createPractitioner(server),
      await createPractitioner(server),
      await createPractitioner(server),
    ];
    ok(await gql(server, REPORT, { t: targets[0].id }, from(freshIp(), reporter)));
    ok(await gql(server, REPORT, { t: targets[1].id }, from(freshIp(), reporter)));
    await server.services.notifications.drain(); // notifications are written in the background
    const count = server.database.counter.count;
    expectRateLimited(await gql(server, REPORT, { t: targets[2].id }, from(freshIp(), reporter)));
    // Refused before the resolver: only the viewer's authentication ran.
    expect(server.database.counter.count - count).toBeLessThanOrEqual(1);
    // Another reporter is not affected.
    ok(await gql(server, REPORT, { t: targets[2].id }, from(freshIp(), targets[0])));
  });
});

describe('writes that reach others', () => {
  // Its own server: the helpers that publish posts act from 127.0.0.1, which the content budget per IP of
  // the file's server would stop.
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({
      TRUST_PROXY: 'loopback',
      RATE_LIMIT_NETWORK_PER_ACCOUNT: '2/3600',
      RATE_LIMIT_MEMBERSHIP_PER_ACCOUNT: '3/3600',
      RATE_LIMIT_REACTION_PER_ACCOUNT: '2/600',
      RATE_LIMIT_ROLE_PER_ACCOUNT: '3/3600',
      RATE_LIMIT_MODERATION_PER_ACCOUNT: '4/3600',
    });
  });
  afterAll(() => server.stop());
  const CREATE_GROUP = `mutation($i: CreateWorkingGroupInput!) { createWorkingGroup(input: $i) { network { id } } }`;
  const UPDATE_NETWORK = `mutation($i: UpdateNetworkInput!) { updateNetwork(input: $i) { network { id } } }`;
  const INVITE = `mutation($n: ID!, $p: ID!) { inviteToNetwork(input: { networkId: $n, practitionerId: $p }) { membership { status } } }`;
  const ENDORSE = `mutation($id: ID!) { endorsePost(input: { postId: $id }) { post { endorsementCount } } }`;
  const FOLLOW = `mutation($id: ID!) { follow(input: { targetId: $id }) { practitioner { id } network { id } } }`;
  const SET_ROLE = `mutation($n: ID!, $p: ID!, $r: NetworkRole!) { setNetworkRole(input: { networkId: $n, practitionerId: $p, role: $r }) { membership { role } } }`;
  const FEATURE = `mutation($id: ID!) { featurePost(input: { id: $id }) { post { featured } } }`;
  const groupCount = async (owner: TestUser) =>
    (
      await server.database.dataSource.query(
        `SELECT count(*)::int AS n FROM network WHERE "createdById" = (SELECT id FROM practitioner WHERE email = $1)`,
        [owner.email],
      )
    )[0].n as number;

  it('limits creating and renaming working groups per account (the issue’s 30 in 2.5 s)', async () => {
    const owner = await createPractitioner(server);
    const ip = freshIp();
    const name = (i: number) => ({ name: `URGENT group ${i}`, joinPolicy: 'OPEN' });
    const first = ok(await gql(server, CREATE_GROUP, { i: name(1) }, from(ip, owner))).createWorkingGroup
      .network.id;
    ok(await gql(server, UPDATE_NETWORK, { i: { id: first, name: 'Renamed' } }, from(ip, owner)));
    expectRateLimited(await gql(server, CREATE_GROUP, { i: name(2) }, from(ip, owner)));
    expectRateLimited(
      await gql(server, UPDATE_NETWORK, { i: { id: first, name: 'Again' } }, from(freshIp(), owner)),
    );
    expect(await groupCount(owner)).toBe(1);
  });

  it('limits invitations per account, and refused ones notify nobody', async () => {
    const owner = await createPractitioner(server);
    const group = await createWorkingGroup(server, owner, 'INVITE'); // network budget, not membership
    const people = await Promise.all([1, 2, 3, 4].map(() => createPractitioner(server)));
    const ip = freshIp();
    for (const p of people.slice(0, 3)) ok(await gql(server, INVITE, { n: group, p: p.id }, from(ip, owner)));
    expectRateLimited(await gql(server, INVITE, { n: group, p: people[3].id }, from(ip, owner)));
    await notificationsDelivered(server);
    const [{ n }] = await server.database.dataSource.query(
      `SELECT count(*)::int AS n FROM notification WHERE "recipientId" = (SELECT id FROM practitioner WHERE email = $1)`,
      [people[3].email],
    );
    expect(n).toBe(0);
  });

  it('limits endorsements and follows together per account', async () => {
    const [author, fan] = [await createPractitioner(server), await createPractitioner(server)];
    const moderator = await createModerator(server);
    const posts = [
      await publishPost(server, author, moderator),
      await publishPost(server, author, moderator),
    ];
    const ip = freshIp();
    ok(await gql(server, ENDORSE, { id: posts[0] }, from(ip, fan)));
    ok(await gql(server, FOLLOW, { id: author.id }, from(ip, fan)));
    const refused = await gql(server, ENDORSE, { id: posts[1] }, from(ip, fan));
    expectRateLimited(refused);
    expectRateLimited(await gql(server, FOLLOW, { id: moderator.id }, from(ip, fan)));
    const count = ok(
      await gql(
        server,
        `query($id: ID!) { node(id: $id) { ... on Post { endorsementCount } } }`,
        { id: posts[1] },
        from(ip, author),
      ),
    ).node.endorsementCount;
    expect(count).toBe(0);
  });

  it('limits role changes per account (the issue’s 50 switches in 2.4 s)', async () => {
    const owner = await createPractitioner(server);
    const member = await createPractitioner(server);
    const group = await createWorkingGroup(server, owner, 'OPEN');
    await addMember(server, group, member);
    const ip = freshIp();
    const roles = ['MODERATOR', 'MEMBER', 'MODERATOR'];
    for (const r of roles) ok(await gql(server, SET_ROLE, { n: group, p: member.id, r }, from(ip, owner)));
    expectRateLimited(await gql(server, SET_ROLE, { n: group, p: member.id, r: 'MEMBER' }, from(ip, owner)));
    const role = await server.database.dataSource.query(
      `SELECT m.role FROM network_member m JOIN practitioner p ON p.id = m."practitionerId" WHERE p.email = $1 AND m.role <> 'OWNER'`,
      [member.email],
    );
    expect(role).toEqual([{ role: 'MODERATOR' }]);
  });

  it('limits moderators’ decisions per account', async () => {
    const moderator = await createModerator(server);
    const posts = [];
    const [author, publishers] = [
      await createPractitioner(server),
      [await createModerator(server), await createModerator(server)],
    ];
    // Reviewing spends the reviewer's moderation budget too: two reviewers publish the five posts.
    for (let i = 0; i < 5; i++) posts.push(await publishPost(server, author, publishers[i % 2]));
    const ip = freshIp();
    for (const id of posts.slice(0, 4)) ok(await gql(server, FEATURE, { id }, from(ip, moderator)));
    expectRateLimited(await gql(server, FEATURE, { id: posts[4] }, from(ip, moderator)));
  });
});

describe('every mutation that reaches others is limited, and docs/limits.md says which', () => {
  const DOC = fs.readFileSync(path.join(__dirname, '../../docs/limits.md'), 'utf8');
  const section = DOC.slice(
    DOC.indexOf('## Rate limits'),
    DOC.indexOf('\n## ', DOC.indexOf('## Rate limits') + 1),
  );
  const names = (text: string) => [...text.matchAll(/`([a-z][A-Za-z]+)`/g)].map((m) => m[1]);
  const rows = section
    .split('\n')
    .filter((l) => /^\| `[a-z]+` /.test(l))
    .map((l) => l.split('|').map((c) => c.trim()));
  const limited = rows.flatMap((r) => names(r[2]));
  const notLimitedText = section.slice(section.indexOf('Not limited'), section.indexOf('A test'));
  const notLimited = names(notLimitedText);
  const schema = buildSchema(fs.readFileSync(path.join(__dirname, '../../schema.graphql'), 'utf8'));
  const mutations = Object.values(schema.getMutationType()!.getFields());

  it('names every mutation exactly once, as limited or not', () => {
    expect([...limited, ...notLimited].sort()).toEqual(mutations.map((f) => f.name).sort());
  });

  it('lists the default budgets of src/config/config.ts', () => {
    const documented = Object.fromEntries(
      rows.flatMap((r) =>
        [
          ...r
            .slice(3)
            .join(' ')
            .matchAll(/`(\d+\/\d+)` \(`(RATE_LIMIT_[A-Z_]+)`/g),
        ].map((m) => [m[2], m[1]]),
      ),
    );
    expect(documented).toEqual(RATE_LIMIT_DEFAULTS);
  });

  describe('with budgets of one, the second call of each mutation', () => {
    let strict: TestServer;
    let admin: TestUser;
    beforeAll(async () => {
      strict = await startTestServer({
        TRUST_PROXY: 'loopback',
        ...Object.fromEntries(Object.keys(RATE_LIMIT_DEFAULTS).map((k) => [k, '1/3600'])),
      });
      admin = await createAdmin(strict);
    });
    afterAll(() => strict.stop());

    // A value of the argument's type: enough to reach the resolver (which then refuses it, or not).
    const sample = (type: GraphQLInputType, name = ''): unknown => {
      if (isNonNullType(type)) return sample(type.ofType, name);
      if (isListType(type)) return [sample(type.ofType, name)];
      if (isEnumType(type)) return type.getValues()[0].value;
      if (isInputObjectType(type))
        return Object.fromEntries(
          Object.values(type.getFields())
            .filter((f) => isNonNullType(f.type) && f.defaultValue === undefined)
            .map((f) => [f.name, sample(f.type, f.name)]),
        );
      const scalars: Record<string, unknown> = {
        ID: toGlobalId('Practitioner', crypto.randomUUID()),
        String: /email/i.test(name) ? 'sweep@example.org' : 'Sweep value, long enough',
        Int: 1,
        Float: 1,
        Boolean: true,
        DateTimeISO: '2031-01-01T00:00:00.000Z',
        JSONObject: {},
      };
      return scalars[getNamedType(type).name];
    };

    it.each(mutations.map((f) => [f.name, f] as const))('%s', async (name, field) => {
      const args = field.args.filter((a) => isNonNullType(a.type) && a.defaultValue === undefined);
      const decl = args.map((a) => `$${a.name}: ${a.type.toString()}`).join(', ');
      const call = args.map((a) => `${a.name}: $${a.name}`).join(', ');
      const selection = isLeafType(getNamedType(field.type)) ? '' : ' { __typename }';
      const query = `mutation${decl ? `(${decl})` : ''} { ${name}${call ? `(${call})` : ''}${selection} }`;
      const variables = Object.fromEntries(args.map((a) => [a.name, sample(a.type, a.name)]));
      const ip = freshIp();
      const results = [];
      for (let i = 0; i < 2; i++) results.push(await gql(strict, query, variables, from(ip, admin)));
      // The call reached the resolver (no validation error), so the limit is what is measured.
      expect(codes(results[0])).not.toContain('GRAPHQL_VALIDATION_FAILED');
      const refused = results.some((r) => codes(r).includes('RATE_LIMITED'));
      expect({ name, refused }).toEqual({ name, refused: limited.includes(name) });
    });
  });
});
