import crypto from 'node:crypto';
import { startTestServer } from '../helpers/server';
import type { TestServer } from '../helpers/server';
import { codes, gql, ok } from '../helpers/graphql';
import { createAdmin, createModerator, createPending, createPractitioner } from '../helpers/factories';
import type { TestUser } from '../helpers/factories';
import { VerificationStatus } from '../../src/common/auth/role';
import { toGlobalId } from '../../src/common/relay/global-id';

const NODE = `query($id: ID!) { node(id: $id) { __typename id ... on Practitioner { displayName verification } } }`;
const NODES = `query($ids: [ID!]!) { nodes(ids: $ids) { __typename id ... on Practitioner { displayName } } }`;

let server: TestServer;
let viewer: TestUser;
let verified: TestUser;
let pending: TestUser;
let rejected: TestUser;
beforeAll(async () => {
  server = await startTestServer();
  viewer = await createPractitioner(server, { displayName: 'Node Viewer' });
  verified = await createPractitioner(server, { displayName: 'Node Verified' });
  pending = await createPending(server, { displayName: 'Node Pending' });
  rejected = await createPractitioner(server, {
    displayName: 'Node Rejected',
    verification: VerificationStatus.REJECTED,
  });
});
afterAll(() => server.stop());

const node = (id: string, as: TestUser | null = viewer) =>
  gql(server, NODE, { id }, { token: as?.accessToken });
const nodes = (ids: string[], as: TestUser | null = viewer) =>
  gql(server, NODES, { ids }, { token: as?.accessToken });
const unknownId = () => toGlobalId('Practitioner', crypto.randomUUID());
const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64url');

describe('node', () => {
  it('fetches a verified practitioner by ID, with __typename and fragment fields', async () => {
    expect(ok(await node(verified.id)).node).toEqual({
      __typename: 'Practitioner',
      id: verified.id,
      displayName: 'Node Verified',
      verification: 'VERIFIED',
    });
  });

  it('returns the same ID that me and the directory give', async () => {
    const me = ok(await gql(server, `{ me { id } }`, {}, { token: verified.accessToken })).me;
    expect(me.id).toBe(verified.id);
    const dir = ok(
      await gql(
        server,
        `{ practitioners(filter: { nameContains: "Node Verified" }) { edges { node { id } } } }`,
        {},
        { token: viewer.accessToken },
      ),
    ).practitioners;
    expect(dir.edges).toEqual([{ node: { id: verified.id } }]);
  });

  it('hides pending and rejected practitioners from other members', async () => {
    for (const hidden of [pending, rejected]) {
      const res = await node(hidden.id);
      expect(res.errors).toBeUndefined();
      expect(res.data!.node).toBeNull();
    }
    // Another pending member cannot see them either.
    const otherPending = await createPending(server);
    expect(ok(await node(pending.id, otherPending)).node).toBeNull();
  });

  it('shows a pending practitioner to themselves, to moderators and to admins', async () => {
    const moderator = await createModerator(server);
    const admin = await createAdmin(server);
    for (const as of [pending, moderator, admin]) {
      expect(ok(await node(pending.id, as)).node).toEqual({
        __typename: 'Practitioner',
        id: pending.id,
        displayName: 'Node Pending',
        verification: 'PENDING',
      });
    }
    expect(ok(await node(rejected.id, moderator)).node).toMatchObject({ verification: 'REJECTED' });
  });

  it('returns null to an anonymous caller, even for a verified practitioner', async () => {
    for (const id of [verified.id, pending.id, unknownId()]) {
      const res = await node(id, null);
      expect(res.errors).toBeUndefined();
      expect(res.data!.node).toBeNull();
    }
  });

  it('returns null for a well-formed ID of nobody', async () => {
    const res = await node(unknownId());
    expect(res.errors).toBeUndefined();
    expect(res.data!.node).toBeNull();
  });

  it('rejects a non-canonical spelling of an existing ID (upper-case uuid): one object, one ID', async () => {
    const local = Buffer.from(verified.id, 'base64url').toString('utf8').split(':')[1];
    expect(local).toMatch(/^[0-9a-f-]{36}$/);
    const res = await node(toGlobalId('Practitioner', local.toUpperCase()));
    expect(codes(res)).toEqual(['BAD_USER_INPUT']);
  });

  it.each([
    ['!!!', '!!!'],
    ['abc', 'abc'],
    ['an empty string', ''],
    ['a bare uuid', crypto.randomUUID()],
    ['an unknown type', b64(`Foo:${crypto.randomUUID()}`)],
    ['a type in the wrong case', b64(`practitioner:${crypto.randomUUID()}`)],
    ['a Practitioner with a non-uuid local part', b64('Practitioner:abc')],
    ['a Practitioner with an empty local part', b64('Practitioner:')],
    ['a Practitioner with trailing text', b64(`Practitioner:${crypto.randomUUID()}x`)],
    ['no type', b64(`:${crypto.randomUUID()}`)],
    ['standard base64 with padding', Buffer.from(`Practitioner:${crypto.randomUUID()}`).toString('base64')],
    ['an ID over 200 characters', b64(`Practitioner:${'a'.repeat(200)}`)],
  ])('rejects %s with BAD_USER_INPUT naming the id', async (_label, id) => {
    const res = await node(id);
    expect(codes(res)).toEqual(['BAD_USER_INPUT']);
    expect(res.errors![0].extensions!.fields).toEqual([{ field: 'id', message: expect.any(String) }]);
    expect(res.errors![0].path).toEqual(['node']);
    expect(res.data).toEqual({ node: null });
  });

  it('rejects a bad ID from an anonymous caller too', async () => {
    expect(codes(await node('!!!', null))).toEqual(['BAD_USER_INPUT']);
  });
});

describe('nodes', () => {
  it('keeps the order of the IDs, with null for each unknown or hidden one', async () => {
    const unknown = unknownId();
    const res = ok(await nodes([pending.id, verified.id, unknown, viewer.id, verified.id]));
    expect(res.nodes).toEqual([
      null,
      { __typename: 'Practitioner', id: verified.id, displayName: 'Node Verified' },
      null,
      { __typename: 'Practitioner', id: viewer.id, displayName: 'Node Viewer' },
      { __typename: 'Practitioner', id: verified.id, displayName: 'Node Verified' },
    ]);
  });

  it('applies the viewer’s visibility: a moderator sees the pending one', async () => {
    const moderator = await createModerator(server);
    const res = ok(await nodes([pending.id, verified.id], moderator));
    expect(res.nodes.map((n: { id: string } | null) => n?.id ?? null)).toEqual([pending.id, verified.id]);
  });

  it('gives an anonymous caller only nulls', async () => {
    expect(ok(await nodes([verified.id, pending.id], null)).nodes).toEqual([null, null]);
  });

  it('returns an empty list for no IDs and accepts exactly 100', async () => {
    expect(ok(await nodes([])).nodes).toEqual([]);
    const hundred = Array.from({ length: 100 }, (_, i) => (i % 2 ? verified.id : unknownId()));
    const res = ok(await nodes(hundred)).nodes;
    expect(res).toHaveLength(100);
    expect(res.map((n: { id: string } | null) => n?.id ?? null)).toEqual(
      hundred.map((id, i) => (i % 2 ? id : null)),
    );
  });

  it('rejects more than 100 IDs with BAD_USER_INPUT', async () => {
    const res = await nodes(Array.from({ length: 101 }, () => verified.id));
    expect(codes(res)).toEqual(['BAD_USER_INPUT']);
    expect(res.errors![0].extensions!.fields).toEqual([{ field: 'ids', message: expect.any(String) }]);
    expect(res.data).toBeNull();
  });

  it('answers a malformed ID with an error at its position only, keeping the others', async () => {
    const res = await nodes([verified.id, 'abc', unknownId()]);
    expect(codes(res)).toEqual(['BAD_USER_INPUT']);
    expect(res.errors![0].extensions!.fields).toEqual([{ field: 'ids[1]', message: expect.any(String) }]);
    expect(res.errors![0].path).toEqual(['nodes', 1]);
    expect(res.data!.nodes.map((n: { id: string } | null) => n?.id ?? null)).toEqual([
      verified.id,
      null,
      null,
    ]);
    const foreign = await nodes([b64(`Foo:${crypto.randomUUID()}`)]);
    expect(codes(foreign)).toEqual(['BAD_USER_INPUT']);
    expect(foreign.errors![0].extensions!.fields).toEqual([{ field: 'ids[0]', message: expect.any(String) }]);
    expect(foreign.data).toEqual({ nodes: [null] });
  });
});
