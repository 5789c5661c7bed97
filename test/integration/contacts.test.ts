import { fromGlobalId } from '../../src/common/relay/global-id';
import { startTestServer } from '../helpers/server';
import type { TestServer } from '../helpers/server';
import { codes, gql, ok } from '../helpers/graphql';
import { createModerator, createPending, createPractitioner } from '../helpers/factories';
import type { TestUser } from '../helpers/factories';
import { VerificationStatus } from '../../src/common/auth/role';
import { PractitionerEntity } from '../../src/modules/practitioner/practitioner.entity';

const REQUEST_FIELDS = `id status message createdAt respondedAt requester { id } addressee { id }`;
const REQUEST = `mutation($p: ID!, $m: String) { requestContact(input: { practitionerId: $p, message: $m }) { contactRequest { ${REQUEST_FIELDS} } } }`;
const RESPOND = `mutation($r: ID!, $a: Boolean!) { respondToContactRequest(input: { requestId: $r, accept: $a }) { contactRequest { ${REQUEST_FIELDS} } } }`;
const CANCEL = `mutation($r: ID!) { cancelContactRequest(input: { requestId: $r }) { contactRequest { ${REQUEST_FIELDS} } } }`;
const REMOVE = `mutation($p: ID!) { removeContact(input: { practitionerId: $p }) { practitioner { id } } }`;
const CONTACTS = `query($first: Int!, $after: String) {
  contacts(first: $first, after: $after) { edges { cursor since node { id } } pageInfo { hasNextPage endCursor } }
}`;
const REQUESTS = `query($d: ContactRequestDirection!, $first: Int!, $after: String) {
  contactRequests(direction: $d, first: $first, after: $after) {
    edges { node { id requester { id } addressee { id } } } pageInfo { hasNextPage endCursor }
  }
}`;
const STATUS = `query($id: ID!) { node(id: $id) { ... on Practitioner { viewerContactStatus } } }`;
const NODE = `query($id: ID!) { node(id: $id) { id ... on ContactRequest { status } } }`;

let server: TestServer;
let moderator: TestUser;
beforeAll(async () => {
  server = await startTestServer();
  moderator = await createModerator(server);
});
afterAll(() => server.stop());

const as = (user: TestUser | null) => ({ token: user?.accessToken });
const status = async (target: TestUser, viewer: TestUser) =>
  ok(await gql(server, STATUS, { id: target.id }, as(viewer))).node.viewerContactStatus;
const contactIds = async (viewer: TestUser) =>
  ok(await gql(server, CONTACTS, { first: 100 }, as(viewer))).contacts.edges.map(
    (e: { node: { id: string } }) => e.node.id,
  );
const requestIds = async (viewer: TestUser, d: 'INCOMING' | 'OUTGOING') =>
  ok(await gql(server, REQUESTS, { d, first: 100 }, as(viewer))).contactRequests.edges.map(
    (e: { node: { id: string } }) => e.node.id,
  );
const ghost = (type: string) =>
  Buffer.from(`${type}:00000000-0000-4000-8000-000000000000`).toString('base64url');

async function pair() {
  return { a: await createPractitioner(server), b: await createPractitioner(server) };
}

describe('requestContact', () => {
  it('sends a pending request that both parties see, each from their side', async () => {
    const { a, b } = await pair();
    const req = ok(
      await gql(server, REQUEST, { p: b.id, m: '  Extradition request to Niamey — can we talk?  ' }, as(a)),
    ).requestContact.contactRequest;
    expect(req).toMatchObject({
      status: 'PENDING',
      message: 'Extradition request to Niamey — can we talk?',
      respondedAt: null,
      requester: { id: a.id },
      addressee: { id: b.id },
    });
    expect(await requestIds(a, 'OUTGOING')).toEqual([req.id]);
    expect(await requestIds(b, 'INCOMING')).toEqual([req.id]);
    expect(await requestIds(a, 'INCOMING')).toEqual([]);
    expect(await status(b, a)).toBe('PENDING_OUTGOING');
    expect(await status(a, b)).toBe('PENDING_INCOMING');
    expect(await status(a, a)).toBe('NONE');
  });

  it('refuses a second request either way (CONFLICT), pointing to theirs when they asked first', async () => {
    const { a, b } = await pair();
    const first = ok(await gql(server, REQUEST, { p: b.id }, as(a))).requestContact.contactRequest;
    expect(codes(await gql(server, REQUEST, { p: b.id }, as(a)))).toEqual(['CONFLICT']);
    const reverse = await gql(server, REQUEST, { p: a.id }, as(b));
    expect(codes(reverse)).toEqual(['CONFLICT']);
    expect(reverse.errors![0].extensions!.requestId).toBe(first.id);
  });

  it('lets only one of two crossing requests through', async () => {
    const pairs = await Promise.all(Array.from({ length: 8 }, () => pair()));
    const results = await Promise.all(
      pairs.map(({ a, b }) =>
        Promise.all([gql(server, REQUEST, { p: b.id }, as(a)), gql(server, REQUEST, { p: a.id }, as(b))]),
      ),
    );
    for (const both of results)
      expect(both.map((r) => codes(r)[0] ?? 'OK').sort()).toEqual(['CONFLICT', 'OK']);
  });

  it('refuses a request between contacts (CONFLICT)', async () => {
    const { a, b } = await pair();
    const req = ok(await gql(server, REQUEST, { p: b.id }, as(a))).requestContact.contactRequest;
    ok(await gql(server, RESPOND, { r: req.id, a: true }, as(b)));
    expect(codes(await gql(server, REQUEST, { p: b.id }, as(a)))).toEqual(['CONFLICT']);
    expect(codes(await gql(server, REQUEST, { p: a.id }, as(b)))).toEqual(['CONFLICT']);
  });

  it('bounds the message at 1,000 characters, counting code points', async () => {
    const { a, b } = await pair();
    const tooLong = await gql(server, REQUEST, { p: b.id, m: 'x'.repeat(1001) }, as(a));
    expect(codes(tooLong)).toEqual(['BAD_USER_INPUT']);
    const emoji = await gql(server, REQUEST, { p: b.id, m: '⚖️'.repeat(501) }, as(a));
    expect(codes(emoji)).toEqual(['BAD_USER_INPUT']);
    const exact = ok(await gql(server, REQUEST, { p: b.id, m: 'é'.repeat(1000) }, as(a))).requestContact
      .contactRequest;
    expect([...exact.message]).toHaveLength(1000);
  });

  it('refuses oneself (BAD_USER_INPUT), unknown or hidden people (NOT_FOUND), bad ids (BAD_USER_INPUT)', async () => {
    const a = await createPractitioner(server);
    const pending = await createPending(server);
    expect(codes(await gql(server, REQUEST, { p: a.id }, as(a)))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await gql(server, REQUEST, { p: ghost('Practitioner') }, as(a)))).toEqual(['NOT_FOUND']);
    expect(codes(await gql(server, REQUEST, { p: pending.id }, as(a)))).toEqual(['NOT_FOUND']);
    expect(codes(await gql(server, REQUEST, { p: pending.id }, as(moderator)))).toEqual(['CONFLICT']);
    expect(codes(await gql(server, REQUEST, { p: 'garbage' }, as(a)))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await gql(server, REQUEST, { p: ghost('Network') }, as(a)))).toEqual(['BAD_USER_INPUT']);
  });

  it('is for verified members (FORBIDDEN otherwise) and signed-in callers (UNAUTHENTICATED)', async () => {
    const b = await createPractitioner(server);
    const pending = await createPending(server);
    const rejected = await createPractitioner(server, { verification: VerificationStatus.REJECTED });
    expect(codes(await gql(server, REQUEST, { p: b.id }, as(pending)))).toEqual(['FORBIDDEN']);
    expect(codes(await gql(server, REQUEST, { p: b.id }, as(rejected)))).toEqual(['FORBIDDEN']);
    expect(codes(await gql(server, REQUEST, { p: b.id }, as(null)))).toEqual(['UNAUTHENTICATED']);
  });
});

describe('respondToContactRequest and cancelContactRequest', () => {
  it('accepting makes both contacts, listed on both sides with since', async () => {
    const { a, b } = await pair();
    const req = ok(await gql(server, REQUEST, { p: b.id }, as(a))).requestContact.contactRequest;
    expect(codes(await gql(server, RESPOND, { r: req.id, a: true }, as(a)))).toEqual(['FORBIDDEN']);
    const accepted = ok(await gql(server, RESPOND, { r: req.id, a: true }, as(b))).respondToContactRequest
      .contactRequest;
    expect(accepted.status).toBe('ACCEPTED');
    expect(Date.parse(accepted.respondedAt)).not.toBeNaN();
    expect(await contactIds(a)).toEqual([b.id]);
    expect(await contactIds(b)).toEqual([a.id]);
    const edge = ok(await gql(server, CONTACTS, { first: 1 }, as(a))).contacts.edges[0];
    expect(Date.parse(edge.since)).not.toBeNaN();
    expect(await status(b, a)).toBe('CONTACT');
    expect(await status(a, b)).toBe('CONTACT');
    expect(await requestIds(b, 'INCOMING')).toEqual([]);
    expect(codes(await gql(server, RESPOND, { r: req.id, a: false }, as(b)))).toEqual(['CONFLICT']);
    expect(codes(await gql(server, CANCEL, { r: req.id }, as(a)))).toEqual(['CONFLICT']);
  });

  it('declining leaves them strangers; a new request may follow', async () => {
    const { a, b } = await pair();
    const req = ok(await gql(server, REQUEST, { p: b.id }, as(a))).requestContact.contactRequest;
    expect(
      ok(await gql(server, RESPOND, { r: req.id, a: false }, as(b))).respondToContactRequest.contactRequest
        .status,
    ).toBe('DECLINED');
    expect(await contactIds(a)).toEqual([]);
    expect(await status(b, a)).toBe('NONE');
    expect(codes(await gql(server, RESPOND, { r: req.id, a: true }, as(b)))).toEqual(['CONFLICT']);
    expect(ok(await gql(server, REQUEST, { p: a.id }, as(b))).requestContact.contactRequest.status).toBe(
      'PENDING',
    );
  });

  it('lets the requester cancel, not the addressee', async () => {
    const { a, b } = await pair();
    const req = ok(await gql(server, REQUEST, { p: b.id }, as(a))).requestContact.contactRequest;
    expect(codes(await gql(server, CANCEL, { r: req.id }, as(b)))).toEqual(['FORBIDDEN']);
    const cancelled = ok(await gql(server, CANCEL, { r: req.id }, as(a))).cancelContactRequest.contactRequest;
    expect(cancelled.status).toBe('CANCELLED');
    expect(await requestIds(b, 'INCOMING')).toEqual([]);
    expect(codes(await gql(server, CANCEL, { r: req.id }, as(a)))).toEqual(['CONFLICT']);
    expect(codes(await gql(server, RESPOND, { r: req.id, a: true }, as(b)))).toEqual(['CONFLICT']);
  });

  it('hides a request from third parties (NOT_FOUND), and answers BAD_USER_INPUT for bad ids', async () => {
    const { a, b } = await pair();
    const outsider = await createPractitioner(server);
    const req = ok(await gql(server, REQUEST, { p: b.id }, as(a))).requestContact.contactRequest;
    for (const q of [RESPOND, CANCEL]) {
      const vars = { r: req.id, a: true };
      expect(codes(await gql(server, q, vars, as(outsider)))).toEqual(['NOT_FOUND']);
      expect(codes(await gql(server, q, vars, as(moderator)))).toEqual(['NOT_FOUND']);
      expect(codes(await gql(server, q, { ...vars, r: ghost('ContactRequest') }, as(b)))).toEqual([
        'NOT_FOUND',
      ]);
      expect(codes(await gql(server, q, { ...vars, r: 'garbage' }, as(b)))).toEqual(['BAD_USER_INPUT']);
      expect(codes(await gql(server, q, { ...vars, r: a.id }, as(b)))).toEqual(['BAD_USER_INPUT']);
      expect(codes(await gql(server, q, vars, as(null)))).toEqual(['UNAUTHENTICATED']);
    }
  });

  it('refuses an addressee who is no longer verified, both accepting and declining (the request stays)', async () => {
    const { a, b } = await pair();
    const req = ok(await gql(server, REQUEST, { p: b.id }, as(a))).requestContact.contactRequest;
    await server.database.dataSource
      .getRepository(PractitionerEntity)
      .update({ id: b.localId }, { verification: VerificationStatus.REJECTED });
    // The viewer's verification is read at the start of every request, so the change applies at once.
    expect(codes(await gql(server, RESPOND, { r: req.id, a: true }, as(b)))).toEqual(['FORBIDDEN']);
    expect(codes(await gql(server, RESPOND, { r: req.id, a: false }, as(b)))).toEqual(['FORBIDDEN']);
    const [row] = await server.database.dataSource.query(`SELECT status FROM contact_request WHERE id = $1`, [
      fromGlobalId(req.id).id,
    ]);
    expect(row.status).toBe('PENDING');
  });
});

describe('removeContact', () => {
  it('ends the contact for both; removing again is a no-op', async () => {
    const { a, b } = await pair();
    const req = ok(await gql(server, REQUEST, { p: b.id }, as(a))).requestContact.contactRequest;
    ok(await gql(server, RESPOND, { r: req.id, a: true }, as(b)));
    expect(ok(await gql(server, REMOVE, { p: a.id }, as(b))).removeContact).toEqual({
      practitioner: { id: a.id },
    });
    expect(await contactIds(a)).toEqual([]);
    expect(await contactIds(b)).toEqual([]);
    expect(await status(a, b)).toBe('NONE');
    expect(ok(await gql(server, REMOVE, { p: a.id }, as(b))).removeContact).toEqual({
      practitioner: { id: a.id },
    });
  });

  it('refuses oneself, unknown people and bad ids; requires a signed-in caller', async () => {
    const a = await createPractitioner(server);
    expect(codes(await gql(server, REMOVE, { p: a.id }, as(a)))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await gql(server, REMOVE, { p: ghost('Practitioner') }, as(a)))).toEqual(['NOT_FOUND']);
    expect(codes(await gql(server, REMOVE, { p: 'garbage' }, as(a)))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await gql(server, REMOVE, { p: a.id }, as(null)))).toEqual(['UNAUTHENTICATED']);
  });
});

describe('contacts and contactRequests', () => {
  it('page through contacts, most recent first', async () => {
    const me = await createPractitioner(server);
    const friends: TestUser[] = [];
    for (let i = 0; i < 3; i++) {
      const f = await createPractitioner(server);
      const req = ok(await gql(server, REQUEST, { p: f.id }, as(me))).requestContact.contactRequest;
      ok(await gql(server, RESPOND, { r: req.id, a: true }, as(f)));
      friends.push(f);
    }
    const first = ok(await gql(server, CONTACTS, { first: 2 }, as(me))).contacts;
    expect(first.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual([
      friends[2].id,
      friends[1].id,
    ]);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const second = ok(
      await gql(server, CONTACTS, { first: 2, after: first.pageInfo.endCursor }, as(me)),
    ).contacts;
    expect(second.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual([friends[0].id]);
    expect(second.pageInfo.hasNextPage).toBe(false);
    expect(codes(await gql(server, CONTACTS, { first: 2, after: 'bad' }, as(me)))).toEqual([
      'BAD_USER_INPUT',
    ]);
  });

  it('page through pending requests, newest first', async () => {
    const me = await createPractitioner(server);
    const senders: TestUser[] = [];
    for (let i = 0; i < 3; i++) {
      const s = await createPractitioner(server);
      ok(await gql(server, REQUEST, { p: me.id }, as(s)));
      senders.push(s);
    }
    const page = ok(await gql(server, REQUESTS, { d: 'INCOMING', first: 2 }, as(me))).contactRequests;
    expect(page.edges.map((e: { node: { requester: { id: string } } }) => e.node.requester.id)).toEqual([
      senders[2].id,
      senders[1].id,
    ]);
    const next = ok(
      await gql(server, REQUESTS, { d: 'INCOMING', first: 2, after: page.pageInfo.endCursor }, as(me)),
    ).contactRequests;
    expect(next.edges.map((e: { node: { requester: { id: string } } }) => e.node.requester.id)).toEqual([
      senders[0].id,
    ]);
    expect(next.pageInfo.hasNextPage).toBe(false);
  });

  it('requires a signed-in caller', async () => {
    expect(codes(await gql(server, CONTACTS, { first: 2 }))).toEqual(['UNAUTHENTICATED']);
    expect(codes(await gql(server, REQUESTS, { d: 'OUTGOING', first: 2 }))).toEqual(['UNAUTHENTICATED']);
  });
});

describe('ContactRequest through node(id:)', () => {
  it('is visible to its two parties only', async () => {
    const { a, b } = await pair();
    const outsider = await createPractitioner(server);
    const req = ok(await gql(server, REQUEST, { p: b.id }, as(a))).requestContact.contactRequest;
    for (const who of [a, b]) {
      expect(ok(await gql(server, NODE, { id: req.id }, as(who))).node).toEqual({
        id: req.id,
        status: 'PENDING',
      });
    }
    for (const who of [outsider, moderator, null]) {
      expect(ok(await gql(server, NODE, { id: req.id }, as(who))).node).toBeNull();
    }
  });
});

describe('SQL statements of a directory page with contact fields', () => {
  it('does not grow with the page size', async () => {
    const viewer = await createPractitioner(server);
    for (let i = 0; i < 6; i++) {
      const p = await createPractitioner(server, { displayName: `Contact Count Person ${i}` });
      const req = ok(await gql(server, REQUEST, { p: p.id }, as(viewer))).requestContact.contactRequest;
      if (i % 2) ok(await gql(server, RESPOND, { r: req.id, a: true }, as(p)));
    }
    const QUERY = `query($first: Int!) { practitioners(first: $first, filter: { nameContains: "Contact Count Person" }) {
      edges { node { id email phone viewerContactStatus } } } }`;
    await server.services.notifications.drain(); // notifications are written in the background
    const count = async (first: number) => {
      const before = server.database.counter.count;
      const edges = ok(await gql(server, QUERY, { first }, as(viewer))).practitioners.edges;
      expect(edges).toHaveLength(first);
      return server.database.counter.count - before;
    };
    expect(await count(6)).toBe(await count(2));
  });
});
