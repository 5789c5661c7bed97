import type { TestServer } from './server';
import type { TestUser } from './factories';
import { gql, ok } from './graphql';

export const NETWORK_FIELDS = `id name kind joinPolicy memberCount description
  country { code } region { code } thematicArea { code } memberCountries { code }
  viewerMembership { role status } viewerIsFollowing viewerCanModerate`;

export interface NetworkFilterInput {
  kinds?: string[];
  countryCodes?: string[];
  search?: string;
  viewerMembershipStatus?: string;
}

/** Lists networks through the API (one page). */
export async function listNetworks(
  server: TestServer,
  viewer: TestUser,
  filter: NetworkFilterInput = {},
  first = 100,
  after: string | null = null,
) {
  const res = await gql(
    server,
    `query($f: NetworkFilter, $first: Int!, $after: String) {
      networks(first: $first, after: $after, filter: $f) {
        edges { cursor node { ${NETWORK_FIELDS} } } pageInfo { hasNextPage endCursor }
      }
    }`,
    { f: filter, first, after },
    { token: viewer.accessToken },
  );
  return ok(res).networks as {
    edges: { cursor: string; node: Record<string, any> }[]; // eslint-disable-line @typescript-eslint/no-explicit-any
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
  };
}

/** The global id of the COUNTRY network of a country. */
export async function countryNetworkId(
  server: TestServer,
  viewer: TestUser,
  countryCode: string,
): Promise<string> {
  const page = await listNetworks(server, viewer, { kinds: ['COUNTRY'], countryCodes: [countryCode] });
  if (page.edges.length !== 1) throw new Error(`no COUNTRY network for ${countryCode}`);
  return page.edges[0].node.id;
}

/** The global id of a THEMATIC network. */
export async function thematicNetworkId(
  server: TestServer,
  viewer: TestUser,
  areaCode: string,
): Promise<string> {
  const page = await listNetworks(server, viewer, { kinds: ['THEMATIC'] });
  const edge = page.edges.find((e) => e.node.thematicArea?.code === areaCode);
  if (!edge) throw new Error(`no THEMATIC network for ${areaCode}`);
  return edge.node.id;
}

/** Creates a working group owned by `owner` and returns its global id. */
export async function createWorkingGroup(
  server: TestServer,
  owner: TestUser,
  joinPolicy: 'OPEN' | 'REQUEST' | 'INVITE' = 'REQUEST',
  name = `Working group ${Math.random().toString(36).slice(2, 8)}`,
): Promise<string> {
  const res = await gql(
    server,
    `mutation($i: CreateWorkingGroupInput!) { createWorkingGroup(input: $i) { network { id } } }`,
    { i: { name, description: 'A group for the course.', joinPolicy } },
    { token: owner.accessToken },
  );
  return ok(res).createWorkingGroup.network.id;
}

/** Makes `member` an active member of a network: joins (OPEN) or is invited then accepts. */
export async function addMember(server: TestServer, networkId: string, member: TestUser, inviter?: TestUser) {
  if (inviter) {
    ok(
      await gql(
        server,
        `mutation($n: ID!, $p: ID!) { inviteToNetwork(input: { networkId: $n, practitionerId: $p }) { membership { status } } }`,
        { n: networkId, p: member.id },
        { token: inviter.accessToken },
      ),
    );
  }
  ok(
    await gql(
      server,
      `mutation($n: ID!) { joinNetwork(input: { networkId: $n }) { network { id } } }`,
      { n: networkId },
      {
        token: member.accessToken,
      },
    ),
  );
}
