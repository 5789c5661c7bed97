/**
 * The PostGraphile side-by-side pairs (bench/peer.ts): for each, the Praxis operation and the PostGraphile 5
 * operation (amber preset + simplify-inflection, bench/postgraphile/server.mjs) selecting the same rows and
 * fields, and how to read the row ids out of each answer (the benchmark checks that both sides return the
 * same ids before it measures).
 *
 * Praxis answers with global ids (`id`); PostGraphile with the primary keys (`rowId`). Praxis's `Country.name`
 * is the English name; PostGraphile's country is the table's row, so it selects `names` (the JSON of every
 * language's name). PostGraphile serves every row to anyone: it has no viewer, so the home feed has no
 * PostGraphile equivalent and is paired with its global list of the latest published community posts.
 */
import { DIRECTORY, FEED, POST_WITH_COMMENTS } from './queries';

type Json = Record<string, unknown>;

export interface PeerPair {
  key: 'directory' | 'post' | 'authorPosts' | 'feed';
  label: string;
  praxis: string;
  postgraphile: string;
  /** The row ids of a Praxis answer, in order (uuids, from the global ids). */
  praxisIds: (data: Json) => string[];
  /** The row ids of a PostGraphile answer, in order. */
  postgraphileIds: (data: Json) => string[];
  /** false: not the same rows (the feed); only the number of rows is compared. */
  sameRows: boolean;
}

/** The uuid of a Praxis global id (base64url of `Type:uuid`). */
export function uuidOf(globalId: string): string {
  const text = Buffer.from(globalId, 'base64url').toString('utf8');
  return text.slice(text.indexOf(':') + 1);
}

const edges = (connection: unknown): Json[] =>
  ((connection as { edges: { node: Json }[] }).edges ?? []).map((e) => e.node);
const nodes = (connection: unknown): Json[] => (connection as { nodes: Json[] }).nodes ?? [];
const authorOf = (row: Json) => (row.author as Json | null) ?? null;

export const PG_DIRECTORY = `query Directory($countryCode: String!, $first: Int!) {
  practitioners(
    first: $first
    condition: { countryCode: $countryCode, verification: VERIFIED }
    orderBy: [DISPLAY_NAME_ASC, PRIMARY_KEY_ASC]
  ) {
    nodes {
      rowId displayName organization position profession
      country: countryByCountryCode { code names }
      languages
    }
    pageInfo { hasNextPage endCursor }
  }
}`;

export const PG_POST_WITH_COMMENTS = `query PostWithComments($id: UUID!) {
  post(rowId: $id) {
    rowId
    title
    body
    publishedAt
    author { rowId displayName country: countryByCountryCode { code names } }
    commentCount
    comments(first: 20, condition: { parentId: null }, orderBy: [CREATED_AT_ASC, PRIMARY_KEY_ASC]) {
      nodes {
        rowId
        body
        createdAt
        author { rowId displayName }
        replies: childComments { totalCount }
      }
      pageInfo { hasNextPage endCursor }
    }
  }
}`;

export const AUTHOR_POSTS = `query AuthorPosts($id: ID!) {
  node(id: $id) {
    ... on Practitioner {
      id
      posts(first: 50) {
        edges {
          node {
            id
            title
            publishedAt
            endorsementCount
            commentCount
            author { id displayName country { code name } }
          }
        }
        pageInfo { hasNextPage endCursor }
      }
    }
  }
}`;

export const PG_AUTHOR_POSTS = `query AuthorPosts($id: UUID!) {
  practitioner(rowId: $id) {
    rowId
    authoredPosts(first: 50, condition: { status: PUBLISHED }, orderBy: [PUBLISHED_AT_DESC, PRIMARY_KEY_DESC]) {
      nodes {
        rowId
        title
        publishedAt
        endorsementCount
        commentCount
        author { rowId displayName country: countryByCountryCode { code names } }
      }
      pageInfo { hasNextPage endCursor }
    }
  }
}`;

/** PostGraphile has no viewer: its nearest list is the 50 latest published community posts, for everyone. */
export const PG_LATEST_POSTS = `query LatestPosts($first: Int!) {
  posts(
    first: $first
    condition: { status: PUBLISHED, visibility: COMMUNITY }
    orderBy: [PUBLISHED_AT_DESC, PRIMARY_KEY_DESC]
  ) {
    edges {
      cursor
      node {
        rowId
        title
        summary
        language
        publishedAt
        author { rowId displayName country: countryByCountryCode { code names } }
        countryCodes
        postNetworks { nodes { network { rowId name } } }
        endorsementCount
        commentCount
      }
    }
    pageInfo { hasNextPage endCursor }
  }
}`;

export const PEER_PAIRS: PeerPair[] = [
  {
    key: 'directory',
    label: 'directory: 20 practitioners of one country, with country',
    praxis: DIRECTORY,
    postgraphile: PG_DIRECTORY,
    praxisIds: (d) => edges(d.practitioners).map((p) => uuidOf(p.id as string)),
    postgraphileIds: (d) => nodes(d.practitioners).map((p) => p.rowId as string),
    sameRows: true,
  },
  {
    key: 'post',
    label: 'a post with its first 20 comments and their authors',
    praxis: POST_WITH_COMMENTS,
    postgraphile: PG_POST_WITH_COMMENTS,
    praxisIds: (d) => {
      const post = d.node as Json;
      return [
        uuidOf(post.id as string),
        uuidOf(authorOf(post)!.id as string),
        ...edges(post.comments).flatMap((c) => [
          uuidOf(c.id as string),
          authorOf(c) ? uuidOf(authorOf(c)!.id as string) : '-',
        ]),
      ];
    },
    postgraphileIds: (d) => {
      const post = d.post as Json;
      return [
        post.rowId as string,
        authorOf(post)!.rowId as string,
        ...nodes(post.comments).flatMap((c) => [c.rowId as string, (authorOf(c)?.rowId as string) ?? '-']),
      ];
    },
    sameRows: true,
  },
  {
    key: 'authorPosts',
    label: 'one author’s latest 50 posts with author, country, counts',
    praxis: AUTHOR_POSTS,
    postgraphile: PG_AUTHOR_POSTS,
    praxisIds: (d) =>
      edges((d.node as Json).posts).flatMap((p) => [
        uuidOf(p.id as string),
        uuidOf(authorOf(p)!.id as string),
      ]),
    postgraphileIds: (d) =>
      nodes((d.practitioner as Json).authoredPosts).flatMap((p) => [
        p.rowId as string,
        authorOf(p)!.rowId as string,
      ]),
    sameRows: true,
  },
  {
    key: 'feed',
    label: 'home feed `first: 50` (Praxis) vs the global list of the 50 latest posts (PostGraphile)',
    praxis: FEED,
    postgraphile: PG_LATEST_POSTS,
    praxisIds: (d) => edges(d.feed).map((p) => uuidOf(p.id as string)),
    postgraphileIds: (d) => edges(d.posts).map((p) => p.rowId as string),
    sameRows: false,
  },
];
