import type { TestServer } from './server';
import type { TestUser } from './factories';
import { gql, ok } from './graphql';

export const POST_FIELDS = `id title status visibility publishedAt featured endorsementCount commentCount viewerHasEndorsed viewerHasBookmarked
  author { id } networks { id } countries { code } thematicAreas { code }`;

export interface PostOptions {
  title?: string;
  visibility?: 'COMMUNITY' | 'NETWORKS';
  networkIds?: string[];
  countryCodes?: string[];
  thematicAreaCodes?: string[];
}

/** Creates a draft through the API. */
export async function createDraft(
  server: TestServer,
  author: TestUser,
  o: PostOptions = {},
): Promise<{ id: string }> {
  const res = await gql(
    server,
    `mutation($i: CreatePostInput!) { createPost(input: $i) { post { id } } }`,
    {
      i: {
        title: o.title ?? 'Building a financing-of-terrorism case from open sources',
        summary: 'How we used open-source evidence.',
        body: '## Steps\n1. …',
        language: 'EN',
        visibility: o.visibility ?? 'COMMUNITY',
        networkIds: o.networkIds ?? [],
        countryCodes: o.countryCodes ?? ['NE'],
        thematicAreaCodes: o.thematicAreaCodes ?? ['FINANCING_OF_TERRORISM'],
      },
    },
    { token: author.accessToken },
  );
  return ok(res).createPost.post;
}

/** Submits a draft and approves it, without waiting for what the outbox does after the approval. */
export async function submitAndApprove(
  server: TestServer,
  author: TestUser,
  moderator: TestUser,
  id: string,
): Promise<void> {
  ok(
    await gql(
      server,
      `mutation($id: ID!) { submitPost(input: { id: $id }) { post { status } } }`,
      { id },
      { token: author.accessToken },
    ),
  );
  ok(
    await gql(
      server,
      `mutation($id: ID!) { reviewPost(input: { id: $id, decision: APPROVE }) { post { status } } }`,
      { id },
      { token: moderator.accessToken },
    ),
  );
}

/** Creates, submits and approves a post; returns its id. */
export async function publishPost(
  server: TestServer,
  author: TestUser,
  moderator: TestUser,
  o: PostOptions = {},
): Promise<string> {
  const { id } = await createDraft(server, author, o);
  await submitAndApprove(server, author, moderator, id);
  await server.services.outbox.drain(); // its home-timeline fan-out runs after the commit
  return id;
}

/** Bookmarks a post for `user`. */
export async function bookmarkPost(server: TestServer, user: TestUser, postId: string): Promise<void> {
  ok(
    await gql(
      server,
      `mutation($id: ID!) { bookmarkPost(input: { postId: $id }) { post { id } } }`,
      { id: postId },
      { token: user.accessToken },
    ),
  );
}
