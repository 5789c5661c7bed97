import type { TestServer } from './server';
import type { TestUser } from './factories';
import { gql, ok } from './graphql';
import type { GraphQLResponse } from './graphql';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Data = Record<string, any>;

export const LD_FIELDS = `id kind title summary status effectiveDate citation sourceUrl language publishedAt jurisdictionBody
  country { code } thematicAreas { code } instruments { id shortName } author { id }`;

export interface LegalInput {
  kind?: string;
  title?: string;
  summary?: string;
  countryCode?: string | null;
  jurisdictionBody?: string | null;
  effectiveDate?: string;
  sourceUrl?: string | null;
  thematicAreaCodes?: string[];
  instrumentIds?: string[];
  publishDirectly?: boolean | null;
  language?: string;
}

export function legalInput(o: LegalInput = {}): Record<string, unknown> {
  return {
    kind: o.kind ?? 'LEGISLATION',
    title: o.title ?? 'Law amending the counter-terrorism financing provisions',
    summary: o.summary ?? 'Criminalises the financing of travel of foreign terrorist fighters.',
    countryCode: o.countryCode === undefined ? 'NE' : o.countryCode,
    jurisdictionBody: o.jurisdictionBody ?? null,
    effectiveDate: o.effectiveDate ?? '2024-03-01',
    citation: 'Law No. 2024-01',
    sourceUrl: o.sourceUrl === undefined ? 'https://example.org/laws/2024-01' : o.sourceUrl,
    language: o.language ?? 'EN',
    thematicAreaCodes: o.thematicAreaCodes ?? ['FINANCING_OF_TERRORISM'],
    instrumentIds: o.instrumentIds ?? [],
    publishDirectly: o.publishDirectly ?? null,
  };
}

/** proposeLegalDevelopment as `user`; the raw response. */
export function propose(
  server: TestServer,
  user: TestUser | null,
  o: LegalInput = {},
): Promise<GraphQLResponse<Data>> {
  return gql(
    server,
    `mutation($i: ProposeLegalDevelopmentInput!) { proposeLegalDevelopment(input: $i) { legalDevelopment { ${LD_FIELDS} } } }`,
    { i: legalInput(o) },
    { token: user?.accessToken ?? null },
  );
}

export function review(
  server: TestServer,
  user: TestUser,
  id: string,
  decision: string,
  note: string | null = null,
): Promise<GraphQLResponse<Data>> {
  return gql(
    server,
    `mutation($id: ID!, $d: ReviewDecision!, $n: String) { reviewLegalDevelopment(input: { id: $id, decision: $d, note: $n }) { legalDevelopment { id status publishedAt } } }`,
    { id, d: decision, n: note },
    { token: user.accessToken },
  );
}

/** Publishes a development directly as `publisher` (an expert or moderator); returns its id. */
export async function publishLegal(
  server: TestServer,
  publisher: TestUser,
  o: LegalInput = {},
): Promise<string> {
  const res = ok(await propose(server, publisher, o)).proposeLegalDevelopment.legalDevelopment;
  if (res.status !== 'PUBLISHED') throw new Error(`expected PUBLISHED, got ${res.status}`);
  await server.services.outbox.drain(); // its home-timeline fan-out runs after the commit
  return res.id;
}

/** The global ids of the seeded instruments, by short name. */
export async function instrumentIds(server: TestServer): Promise<Map<string, string>> {
  const res = ok(await gql(server, `{ instruments(first: 100) { edges { node { id shortName } } } }`))
    .instruments.edges as { node: { id: string; shortName: string } }[];
  return new Map(res.map((e) => [e.node.shortName, e.node.id]));
}
