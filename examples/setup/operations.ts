// Every mutation the run needs to set up its data, in one place: the accounts, their vetting and the
// published posts. The example clients import the helpers below rather than writing their own setup
// mutations. Each call goes through the public HTTP API, as a real client would.
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';
import { graphql } from '../gql';
import { HTTP_URL } from '../shared/env';

export const LoginMutation = graphql(`
  mutation SetupLogin($input: LoginInput!) {
    login(input: $input) {
      accessToken
      refreshToken
      practitioner {
        id
        verification
      }
    }
  }
`);

export const RegisterMutation = graphql(`
  mutation SetupRegister($input: RegisterInput!) {
    register(input: $input) {
      accepted
    }
  }
`);

export const ConfirmEmailMutation = graphql(`
  mutation SetupConfirmEmail($input: ConfirmEmailInput!) {
    confirmEmail(input: $input) {
      emailConfirmed
    }
  }
`);

export const VerifyMutation = graphql(`
  mutation SetupVerify($id: ID!) {
    verifyPractitioner(input: { id: $id, decision: APPROVE, note: "Vetted by the examples' setup" }) {
      practitioner {
        id
        verification
      }
    }
  }
`);

export const CreatePostMutation = graphql(`
  mutation SetupCreatePost($input: CreatePostInput!) {
    createPost(input: $input) {
      post {
        id
      }
    }
  }
`);

export const SubmitPostMutation = graphql(`
  mutation SetupSubmitPost($id: ID!) {
    submitPost(input: { id: $id }) {
      post {
        id
        status
      }
    }
  }
`);

export const ApprovePostMutation = graphql(`
  mutation SetupApprovePost($id: ID!) {
    reviewPost(input: { id: $id, decision: APPROVE }) {
      post {
        id
        status
      }
    }
  }
`);

/** POSTs one operation; throws on any GraphQL error. */
export async function request<TData, TVariables>(
  document: TypedDocumentNode<TData, TVariables>,
  variables: TVariables,
  accessToken?: string,
): Promise<TData> {
  const response = await fetch(HTTP_URL, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(accessToken ? { authorization: `Bearer ${accessToken}` } : {}),
    },
    body: JSON.stringify({ query: print(document), variables }),
  });
  const body = (await response.json()) as { data?: TData; errors?: unknown[] };
  if (body.errors?.length || !body.data) {
    throw new Error(`setup: ${response.status} ${JSON.stringify(body.errors ?? body)}`);
  }
  return body.data;
}

export async function signIn(email: string, password: string) {
  const login = (await request(LoginMutation, { input: { email, password } })).login;
  // Tokens are null when the account has two-factor sign-in (then `completeLogin` finishes); these have none.
  if (!login.accessToken || !login.practitioner)
    throw new Error('setup: login asked for a second factor; the example accounts have none');
  return { ...login, accessToken: login.accessToken, practitioner: login.practitioner };
}

/** Writes a post as `authorToken`, submits it, and has the admin approve it: it is then published. */
export async function publishPost(authorToken: string, adminToken: string, title: string): Promise<string> {
  const { createPost } = await request(
    CreatePostMutation,
    {
      input: { title, body: `${title}: what worked, step by step.`, language: 'EN', visibility: 'COMMUNITY' },
    },
    authorToken,
  );
  await request(SubmitPostMutation, { id: createPost.post.id }, authorToken);
  await approvePost(adminToken, createPost.post.id);
  return createPost.post.id;
}

/** The admin approves a submitted post (it is published, and `postPublished` fires). */
export async function approvePost(adminToken: string, postId: string): Promise<void> {
  const { post } = (await request(ApprovePostMutation, { id: postId }, adminToken)).reviewPost;
  if (post.status !== 'PUBLISHED') throw new Error(`setup: post ${postId} is ${post.status}`);
}
