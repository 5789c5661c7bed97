import type { TestServer } from './server';
import type { TestUser } from './factories';
import { gql, ok } from './graphql';
import type { GraphQLResponse } from './graphql';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyResponse = GraphQLResponse<Record<string, any>>;

export const REPORT_FIELDS = `id reason details status resolution resolutionNote resolvedAt createdAt
  target { id } reporter { id }`;

/** Files a report through the API (the raw response, for asserting errors). */
export function reportRaw(
  server: TestServer,
  user: TestUser | null,
  targetId: string,
  reason: string,
  details?: string | null,
): Promise<AnyResponse> {
  return gql(
    server,
    `mutation($t: ID!, $r: ReportReason!, $d: String) { report(input: { targetId: $t, reason: $r, details: $d }) { report { ${REPORT_FIELDS} } } }`,
    { t: targetId, r: reason, d: details ?? null },
    { token: user?.accessToken ?? null },
  );
}

/** Files a report and returns its id. */
export async function fileReport(
  server: TestServer,
  user: TestUser,
  targetId: string,
  reason = 'INACCURATE',
  details: string | null = 'The cited article was repealed in 2021.',
): Promise<string> {
  return ok(await reportRaw(server, user, targetId, reason, details)).report.report.id;
}

export function resolveRaw(
  server: TestServer,
  moderator: TestUser,
  reportId: string,
  action: string,
  note = 'Checked against the official gazette.',
  suspendUntil?: string | null,
): Promise<AnyResponse> {
  return gql(
    server,
    `mutation($id: ID!, $a: ModerationAction!, $n: String!, $u: DateTimeISO) {
      resolveReport(input: { id: $id, action: $a, note: $n, suspendUntil: $u }) { report { ${REPORT_FIELDS} } } }`,
    { id: reportId, a: action, n: note, u: suspendUntil ?? null },
    { token: moderator.accessToken },
  );
}

/** Adds a comment (or a reply) and returns its id. */
export async function addComment(
  server: TestServer,
  user: TestUser,
  postId: string,
  body = 'Useful, thank you.',
  parentId: string | null = null,
): Promise<string> {
  return ok(
    await gql(
      server,
      `mutation($p: ID!, $b: String!, $parent: ID) { addComment(input: { postId: $p, body: $b, parentId: $parent }) { comment { id } } }`,
      { p: postId, b: body, parent: parentId },
      { token: user.accessToken },
    ),
  ).addComment.comment.id;
}

/** Waits until every queued notification has been written and published. */
export function notificationsDelivered(server: TestServer): Promise<void> {
  return server.services.notifications.drain();
}
