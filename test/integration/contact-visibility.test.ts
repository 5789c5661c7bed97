import { startTestServer } from '../helpers/server';
import type { TestServer } from '../helpers/server';
import { codes, gql, ok } from '../helpers/graphql';
import { createAdmin, createModerator, createPending, createPractitioner } from '../helpers/factories';
import type { TestUser } from '../helpers/factories';
import { VerificationStatus } from '../../src/common/auth/role';
import { ContactVisibility } from '../../src/modules/practitioner/practitioner.enums';

const NODE = `query($id: ID!) { node(id: $id) { id ... on Practitioner { email phone contactVisibility } } }`;
const DIRECTORY = `query($name: String!) {
  practitioners(first: 10, filter: { nameContains: $name }) { edges { node { id email phone contactVisibility } } }
}`;
const PHONE = '+227 20 72 00 00';

let server: TestServer;
let viewers: Record<'moderator' | 'admin' | 'verified' | 'pending' | 'rejected', TestUser>;
beforeAll(async () => {
  server = await startTestServer();
  viewers = {
    moderator: await createModerator(server),
    admin: await createAdmin(server),
    verified: await createPractitioner(server),
    pending: await createPending(server),
    rejected: await createPractitioner(server, { verification: VerificationStatus.REJECTED }),
  };
});
afterAll(() => server.stop());

let counter = 0;
/** A verified practitioner with a phone and the given setting, and a unique name to find them by. */
async function owner(contactVisibility: ContactVisibility, phone: string | null = PHONE) {
  const displayName = `Contact Owner ${contactVisibility} ${++counter}`;
  const user = await createPractitioner(server, { displayName, profile: { contactVisibility, phone } });
  return { user, displayName };
}

const viaNode = async (target: TestUser, viewer: TestUser | null) =>
  ok(await gql(server, NODE, { id: target.id }, { token: viewer?.accessToken })).node;

type Who = 'owner' | keyof typeof viewers;
const SEES: Record<ContactVisibility, Who[]> = {
  [ContactVisibility.NOBODY]: ['owner', 'moderator', 'admin'],
  [ContactVisibility.CONTACTS]: ['owner', 'moderator', 'admin'],
  [ContactVisibility.VERIFIED_MEMBERS]: ['owner', 'moderator', 'admin', 'verified'],
};
const SIGNED_IN: Who[] = ['owner', 'moderator', 'admin', 'verified', 'pending', 'rejected'];

describe.each(Object.values(ContactVisibility))('contact details under %s', (setting) => {
  it.each(SIGNED_IN)('as seen by %s', async (who) => {
    const { user } = await owner(setting);
    const viewer = who === 'owner' ? user : viewers[who as keyof typeof viewers];
    const sees = SEES[setting].includes(who);
    const seesSetting = ['owner', 'moderator', 'admin'].includes(who);
    // Accounts that are not verified see no one else's profile at all.
    if (who === 'pending' || who === 'rejected') return expect(await viaNode(user, viewer)).toBeNull();
    expect(await viaNode(user, viewer)).toEqual({
      id: user.id,
      email: sees ? user.email : null,
      phone: sees ? PHONE : null,
      contactVisibility: seesSetting ? setting : null,
    });
  });

  it('hides the whole profile, contact details included, from an anonymous caller', async () => {
    const { user } = await owner(setting);
    expect(await viaNode(user, null)).toBeNull();
    const res = await gql(server, DIRECTORY, { name: 'Contact Owner' });
    expect(codes(res)).toEqual(['UNAUTHENTICATED']);
    expect(res.data).toBeNull();
  });

  it('applies the same rule in the directory', async () => {
    const { user, displayName } = await owner(setting);
    const refused = await gql(
      server,
      DIRECTORY,
      { name: displayName },
      { token: viewers.pending.accessToken },
    );
    expect(codes(refused)).toEqual(['FORBIDDEN']);
    for (const who of ['verified', 'moderator'] as const) {
      const edges = ok(
        await gql(server, DIRECTORY, { name: displayName }, { token: viewers[who].accessToken }),
      ).practitioners.edges;
      const sees = SEES[setting].includes(who);
      expect(edges.map((e: { node: unknown }) => e.node)).toEqual([
        {
          id: user.id,
          email: sees ? user.email : null,
          phone: sees ? PHONE : null,
          contactVisibility: who === 'moderator' ? setting : null,
        },
      ]);
    }
  });

  it('shows the owner their own details through me', async () => {
    const { user } = await owner(setting);
    expect(
      ok(await gql(server, `{ me { email phone contactVisibility } }`, {}, { token: user.accessToken })).me,
    ).toEqual({ email: user.email, phone: PHONE, contactVisibility: setting });
  });
});

describe('contact details', () => {
  it('CONTACTS: a verified member who is not a contact sees neither e-mail nor phone', async () => {
    const { user } = await owner(ContactVisibility.CONTACTS);
    const stranger = await createPractitioner(server);
    expect(await viaNode(user, stranger)).toMatchObject({ email: null, phone: null });
  });

  it('gives a null phone to those who may see it when none is set', async () => {
    const { user } = await owner(ContactVisibility.VERIFIED_MEMBERS, null);
    expect(await viaNode(user, viewers.verified)).toMatchObject({ email: user.email, phone: null });
  });

  it('follows the owner’s change of setting at once', async () => {
    const { user } = await owner(ContactVisibility.NOBODY);
    expect(await viaNode(user, viewers.verified)).toMatchObject({ email: null, phone: null });
    ok(
      await gql(
        server,
        `mutation { updateProfile(input: { contactVisibility: VERIFIED_MEMBERS }) { practitioner { contactVisibility } } }`,
        {},
        { token: user.accessToken },
      ),
    );
    expect(await viaNode(user, viewers.verified)).toMatchObject({ email: user.email, phone: PHONE });
    expect(await viaNode(user, viewers.pending)).toBeNull();
    ok(
      await gql(
        server,
        `mutation { updateProfile(input: { contactVisibility: NOBODY }) { practitioner { contactVisibility } } }`,
        {},
        { token: user.accessToken },
      ),
    );
    expect(await viaNode(user, viewers.verified)).toMatchObject({ email: null, phone: null });
  });

  it('defaults to CONTACTS for a new registration', async () => {
    const fresh = await createPractitioner(server);
    expect(
      ok(await gql(server, `{ me { contactVisibility } }`, {}, { token: fresh.accessToken })).me,
    ).toEqual({ contactVisibility: 'CONTACTS' });
    expect(await viaNode(fresh, viewers.verified)).toMatchObject({ email: null, contactVisibility: null });
  });

  it('lets a moderator see the details of a pending member whatever the setting', async () => {
    const pending = await createPending(server, {
      profile: { contactVisibility: ContactVisibility.NOBODY, phone: PHONE },
    });
    expect(await viaNode(pending, viewers.moderator)).toEqual({
      id: pending.id,
      email: pending.email,
      phone: PHONE,
      contactVisibility: 'NOBODY',
    });
    expect(await viaNode(pending, viewers.verified)).toBeNull();
  });
});

describe('CONTACTS visibility follows the contact status', () => {
  const REQUEST = `mutation($p: ID!) { requestContact(input: { practitionerId: $p }) { contactRequest { id } } }`;
  const RESPOND = `mutation($r: ID!, $a: Boolean!) { respondToContactRequest(input: { requestId: $r, accept: $a }) { contactRequest { status } } }`;
  const REMOVE = `mutation($p: ID!) { removeContact(input: { practitionerId: $p }) { practitioner { id } } }`;

  /** Makes `a` and `b` contacts through the API: a asks, b accepts. */
  async function connect(a: TestUser, b: TestUser): Promise<void> {
    const req = ok(await gql(server, REQUEST, { p: b.id }, { token: a.accessToken })).requestContact
      .contactRequest;
    ok(await gql(server, RESPOND, { r: req.id, a: true }, { token: b.accessToken }));
  }

  it('shows e-mail and phone to an accepted contact, and hides them again after removeContact', async () => {
    const { user, displayName } = await owner(ContactVisibility.CONTACTS);
    const friend = await createPractitioner(server);
    const req = ok(await gql(server, REQUEST, { p: user.id }, { token: friend.accessToken })).requestContact
      .contactRequest;
    // A pending request is not a contact yet.
    expect(await viaNode(user, friend)).toMatchObject({ email: null, phone: null });
    ok(await gql(server, RESPOND, { r: req.id, a: true }, { token: user.accessToken }));
    expect(await viaNode(user, friend)).toEqual({
      id: user.id,
      email: user.email,
      phone: PHONE,
      contactVisibility: null,
    });
    const edges = ok(await gql(server, DIRECTORY, { name: displayName }, { token: friend.accessToken }))
      .practitioners.edges;
    expect(edges[0].node).toMatchObject({ email: user.email, phone: PHONE });
    // Other members still see nothing.
    expect(await viaNode(user, viewers.verified)).toMatchObject({ email: null, phone: null });

    expect(
      ok(await gql(server, REMOVE, { p: user.id }, { token: friend.accessToken })).removeContact,
    ).toEqual({
      practitioner: { id: user.id },
    });
    expect(await viaNode(user, friend)).toMatchObject({ email: null, phone: null });
  });

  it('is symmetric: the owner sees the details of a contact who also chose CONTACTS', async () => {
    const { user: a } = await owner(ContactVisibility.CONTACTS);
    const { user: b } = await owner(ContactVisibility.CONTACTS);
    await connect(a, b);
    expect(await viaNode(a, b)).toMatchObject({ email: a.email, phone: PHONE });
    expect(await viaNode(b, a)).toMatchObject({ email: b.email, phone: PHONE });
  });

  it('NOBODY hides the details from contacts too', async () => {
    const { user } = await owner(ContactVisibility.NOBODY);
    const friend = await createPractitioner(server);
    await connect(friend, user);
    expect(await viaNode(user, friend)).toMatchObject({ email: null, phone: null });
  });

  it('a declined request shows nothing', async () => {
    const { user } = await owner(ContactVisibility.CONTACTS);
    const asker = await createPractitioner(server);
    const req = ok(await gql(server, REQUEST, { p: user.id }, { token: asker.accessToken })).requestContact
      .contactRequest;
    ok(await gql(server, RESPOND, { r: req.id, a: false }, { token: user.accessToken }));
    expect(await viaNode(user, asker)).toMatchObject({ email: null, phone: null });
  });
});
