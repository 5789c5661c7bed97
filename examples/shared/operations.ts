// The operations the Apollo Client and urql examples send, typed by GraphQL Code Generator (`graphql()` from
// gql/). The mutations are kept together at the end of this file.
import { graphql } from '../gql';

/** The home feed, one page at a time (Relay cursor connection; `FeedItem` is `Post | LegalDevelopment`). */
export const FeedQuery = graphql(`
  query Feed($first: Int, $after: String) {
    feed(first: $first, after: $after) {
      edges {
        cursor
        node {
          __typename
          ... on Post {
            id
            title
            publishedAt
          }
          ... on LegalDevelopment {
            id
            title
            publishedAt
          }
        }
      }
      pageInfo {
        hasNextPage
        hasPreviousPage
        startCursor
        endCursor
      }
    }
  }
`);

export const MeQuery = graphql(`
  query Me {
    me {
      id
      displayName
      verification
    }
  }
`);

/** Each post, as it is published, that now belongs in the viewer's home feed. */
export const PostPublishedSubscription = graphql(`
  subscription PostPublished {
    postPublished {
      id
      title
      author {
        displayName
      }
    }
  }
`);

// ---- Mutations ---------------------------------------------------------------------------------------------

export const LoginMutation = graphql(`
  mutation Login($input: LoginInput!) {
    login(input: $input) {
      accessToken
      refreshToken
      expiresAt
      practitioner {
        id
        displayName
      }
    }
  }
`);

export const RefreshSessionMutation = graphql(`
  mutation RefreshSession($refreshToken: String!) {
    refreshSession(input: { refreshToken: $refreshToken }) {
      accessToken
      refreshToken
      expiresAt
    }
  }
`);

export const CreatePostMutation = graphql(`
  mutation CreatePost($input: CreatePostInput!) {
    createPost(input: $input) {
      post {
        id
        title
        status
      }
    }
  }
`);

export const SubmitPostMutation = graphql(`
  mutation SubmitPost($id: ID!) {
    submitPost(input: { id: $id }) {
      post {
        id
        status
      }
    }
  }
`);
