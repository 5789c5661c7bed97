/** The operations the benchmark sends; the baseline server answers FEED with the same result shape. */

export const FEED = `query Feed($first: Int!, $after: String) {
  feed(first: $first, after: $after) {
    edges {
      cursor
      node {
        ... on Post {
          id
          title
          summary
          language
          publishedAt
          author { id displayName country { code name } }
          countries { code name }
          networks { id name }
          endorsementCount
          commentCount
          viewerHasEndorsed
          viewerHasBookmarked
        }
      }
    }
    pageInfo { hasNextPage endCursor }
  }
}`;

export const DIRECTORY = `query Directory($filter: PractitionerFilter, $first: Int!) {
  practitioners(filter: $filter, first: $first) {
    edges { node { id displayName organization position profession country { code name } languages } }
    pageInfo { hasNextPage endCursor }
  }
}`;

export const POST_WITH_COMMENTS = `query PostWithComments($id: ID!) {
  node(id: $id) {
    ... on Post {
      id
      title
      body
      publishedAt
      author { id displayName country { code name } }
      commentCount
      comments(first: 20) {
        edges {
          node {
            id
            body
            createdAt
            author { id displayName }
            replyCount
          }
        }
        pageInfo { hasNextPage endCursor }
      }
    }
  }
}`;

export const REVIEW_POST = `mutation Review($id: ID!) {
  reviewPost(input: { id: $id, decision: APPROVE }) { post { id status publishedAt } }
}`;

export const POST_PUBLISHED = `subscription { postPublished { id title publishedAt author { id displayName } } }`;
