import { Role } from '../../src/common/auth/role';
import { startTestServer } from '../helpers/server';
import type { TestServer } from '../helpers/server';
import { gql, ok } from '../helpers/graphql';
import { createModerator, createPractitioner } from '../helpers/factories';
import type { TestUser } from '../helpers/factories';
import { countryNetworkId, createWorkingGroup } from '../helpers/networks';
import { propose, publishLegal, review } from '../helpers/legal';
import { fileReport, notificationsDelivered, resolveRaw } from '../helpers/moderation';

let server: TestServer;
let moderator: TestUser;
beforeAll(async () => {
  server = await startTestServer();
  moderator = await createModerator(server);
});
afterAll(() => server.stop());

const m = (user: TestUser, query: string, variables: Record<string, unknown> = {}) =>
  gql(server, query, variables, { token: user.accessToken });
const QUEUE = `query($f: ModerationQueueFilter) { moderationQueue(first: 100, filter: $f) { edges { node { kind subject { id } } } } }`;
const subjects = async (user: TestUser, f: Record<string, unknown> = {}) =>
  ok(await m(user, QUEUE, { f })).moderationQueue.edges.map(
    (e: { node: { subject: { id: string } } }) => e.node.subject?.id,
  );

describe('legal developments under moderation', () => {
  it('a proposal pending review is a LEGAL_DEVELOPMENT_REVIEW item for global moderators; its review is logged once', async () => {
    const member = await createPractitioner(server);
    const proposed = ok(await propose(server, member)).proposeLegalDevelopment.legalDevelopment;
    expect(proposed.status).toBe('PENDING_REVIEW');
    expect(await subjects(moderator, { kinds: ['LEGAL_DEVELOPMENT_REVIEW'] })).toContain(proposed.id);
    const owner = await createPractitioner(server);
    await createWorkingGroup(server, owner, 'OPEN');
    expect(await subjects(owner)).not.toContain(proposed.id);

    ok(await review(server, moderator, proposed.id, 'REQUEST_CHANGES', 'Cite the gazette.'));
    expect(await subjects(moderator)).not.toContain(proposed.id);
    const entries = ok(
      await m(
        moderator,
        `query($t: ID!) { moderationLog(filter: { targetId: $t }) { edges { node { action note actor { id } } } } }`,
        {
          t: proposed.id,
        },
      ),
    ).moderationLog.edges.map((e: { node: unknown }) => e.node);
    expect(entries).toEqual([
      {
        action: 'LEGAL_DEVELOPMENT_CHANGES_REQUESTED',
        note: 'Cite the gazette.',
        actor: { id: moderator.id },
      },
    ]);
  });

  it('can be reported, hidden from every path and restored', async () => {
    const expert = await createPractitioner(server, { role: Role.EXPERT });
    const reader = await createPractitioner(server);
    const ne = await countryNetworkId(server, reader, 'NE');
    ok(
      await m(
        reader,
        `mutation($id: ID!) { follow(input: { targetId: $id }) { practitioner { id } network { id } } }`,
        { id: ne },
      ),
    );
    const id = await publishLegal(server, expert);
    const PATHS = `query($id: ID!) {
      node(id: $id) { id }
      legalDevelopments(first: 100) { edges { node { id } } }
      feed(first: 100) { edges { node { ... on LegalDevelopment { id } } } }
    }`;
    const read = async (u: TestUser) => {
      const d = ok(await m(u, PATHS, { id }));
      const has = (c: { edges: { node: { id?: string } }[] }) => c.edges.some((e) => e.node.id === id);
      return { node: d.node?.id === id, list: has(d.legalDevelopments), feed: has(d.feed) };
    };
    expect(await read(reader)).toEqual({ node: true, list: true, feed: true });

    const reportId = await fileReport(server, reader, id, 'INACCURATE', 'This law was struck down.');
    expect(await subjects(moderator, { kinds: ['REPORT'] })).toContain(id);
    ok(
      await resolveRaw(
        server,
        moderator,
        reportId,
        'HIDE_CONTENT',
        'Struck down by the constitutional court.',
      ),
    );
    expect(await read(reader)).toEqual({ node: false, list: false, feed: false });
    expect((await read(expert)).node).toBe(true);
    expect((await read(moderator)).node).toBe(true);
    await notificationsDelivered(server);
    const told = ok(await m(expert, `{ notifications(first: 20) { edges { node { type decision } } } }`))
      .notifications.edges;
    expect(told.map((e: { node: unknown }) => e.node)).toContainEqual({
      type: 'MODERATION_ACTION_ON_YOUR_CONTENT',
      decision: 'HIDE_CONTENT',
    });

    const again = await fileReport(server, moderator, id, 'OTHER', 'Ruling reversed on appeal.');
    ok(
      await resolveRaw(
        server,
        await createModerator(server),
        again,
        'RESTORE_CONTENT',
        'Reversed on appeal.',
      ),
    );
    expect(await read(reader)).toEqual({ node: true, list: true, feed: true });
  });

  it('notifies followers of the country network when one is published (directly or on approval), once each', async () => {
    const [follower, bystander, member] = await Promise.all([1, 2, 3].map(() => createPractitioner(server)));
    const expert = await createPractitioner(server, { role: Role.EXPERT });
    for (const u of [follower, expert]) {
      const ne = await countryNetworkId(server, u, 'NE');
      ok(
        await m(
          u,
          `mutation($id: ID!) { follow(input: { targetId: $id }) { practitioner { id } network { id } } }`,
          { id: ne },
        ),
      );
    }
    const direct = await publishLegal(server, expert);
    const proposed = ok(await propose(server, member, { title: 'Decree on asset freezing' }))
      .proposeLegalDevelopment.legalDevelopment;
    const elsewhere = await publishLegal(server, expert, { countryCode: 'MA' });
    ok(await review(server, moderator, proposed.id, 'APPROVE'));
    await notificationsDelivered(server);
    const N = `{ notifications(first: 50) { edges { node { type subject { id } actor { id } } } } }`;
    const mine = ok(await m(follower, N)).notifications.edges.map(
      (e: { node: { subject: { id: string } } }) => e.node,
    );
    expect(mine).toEqual([
      {
        type: 'LEGAL_DEVELOPMENT_IN_FOLLOWED_COUNTRY',
        subject: { id: proposed.id },
        actor: { id: member.id },
      },
      { type: 'LEGAL_DEVELOPMENT_IN_FOLLOWED_COUNTRY', subject: { id: direct }, actor: { id: expert.id } },
    ]);
    expect(elsewhere).toBeTruthy();
    expect(ok(await m(bystander, N)).notifications.edges).toEqual([]);
    // The expert follows NE too: told of the member's development, not of their own.
    const authors = ok(await m(expert, N)).notifications.edges.map((e: { node: unknown }) => e.node);
    expect(authors).toEqual([
      {
        type: 'LEGAL_DEVELOPMENT_IN_FOLLOWED_COUNTRY',
        subject: { id: proposed.id },
        actor: { id: member.id },
      },
    ]);
  });
});
