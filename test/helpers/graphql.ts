import type { TestServer } from './server';

export interface GraphQLErrorShape {
  message: string;
  path?: (string | number)[];
  extensions?: { code?: string; fields?: { field: string; message: string }[]; [k: string]: unknown };
}

export interface GraphQLResponse<T = Record<string, unknown>> {
  status: number;
  data?: T | null;
  errors?: GraphQLErrorShape[];
  headers: Headers;
}

export interface RequestOptions {
  token?: string | null;
  headers?: Record<string, string>;
}

/** POSTs one operation to the server over HTTP, like a client would. */
export async function gql<T = Record<string, any>>( // eslint-disable-line @typescript-eslint/no-explicit-any
  server: Pick<TestServer, 'url'>,
  query: string,
  variables?: Record<string, unknown>,
  options: RequestOptions = {},
): Promise<GraphQLResponse<T>> {
  const res = await fetch(server.url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...options.headers,
    },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data?: T; errors?: GraphQLErrorShape[] };
  return { status: res.status, data: body.data, errors: body.errors, headers: res.headers };
}

/** The error codes of a response, in order. */
export function codes(res: GraphQLResponse<unknown>): (string | undefined)[] {
  return (res.errors ?? []).map((e) => e.extensions?.code);
}

/** Asserts that a response has no errors and returns its data. */
export function ok<T>(res: GraphQLResponse<T>): T {
  if (res.errors?.length) throw new Error(`unexpected errors: ${JSON.stringify(res.errors)}`);
  return res.data as T;
}
