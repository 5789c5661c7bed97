import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * Sends a GraphQL-over-HTTP error answer given before Apollo runs (bad body, bad operation name, unknown
 * trusted document), in the media type the client accepts. Plain `node:http`: it serves express's routes and
 * the GraphQL lane alike (src/app/graphql-http.ts).
 */
export function sendErrorResponse(
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  body: unknown,
): void {
  const accept = req.headers.accept ?? '';
  res.statusCode = status;
  res.setHeader(
    'Content-Type',
    accept.includes('application/graphql-response+json')
      ? 'application/graphql-response+json; charset=utf-8'
      : 'application/json; charset=utf-8',
  );
  res.end(JSON.stringify(body));
}
