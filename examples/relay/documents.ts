// The Relay documents, read by relay-compiler (`npm run relay`), which compiles each graphql`` tag into
// relay/__generated__/. In an app, babel-plugin-relay (or the SWC plugin) replaces the tags with those
// artifacts; this Node script has no build step, so main.ts imports the artifacts directly and this
// function is never called.
import { graphql } from 'relay-runtime';

export const documents = () => [
  // A pagination fragment on the home feed: @connection keeps the pages in one list in the store, and
  // @refetchable generates the query that loads the next page (RelayFeedPaginationQuery).
  graphql`
    fragment RelayFeed_query on Query
    @argumentDefinitions(count: { type: "Int", defaultValue: 3 }, cursor: { type: "String" })
    @refetchable(queryName: "RelayFeedPaginationQuery") {
      feed(first: $count, after: $cursor) @connection(key: "RelayFeed_feed") {
        edges {
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
          endCursor
        }
      }
    }
  `,
  graphql`
    query RelayFeedQuery($count: Int!) {
      ...RelayFeed_query @arguments(count: $count)
    }
  `,
];
