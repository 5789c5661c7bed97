import type { ErrorRequestHandler } from 'express';
import { ErrorCode } from '../common/errors/error-code';

/**
 * Body-parser failures answered as GraphQL-over-HTTP errors (JSON, in the media type the client accepts)
 * instead of express's HTML error page: invalid JSON is 400, a body over MAX_BODY_BYTES is 413.
 */
export const bodyErrorHandler: ErrorRequestHandler = (err, req, res, next) => {
  const type = (err as { type?: string }).type;
  const known: Record<string, [number, string]> = {
    'entity.parse.failed': [400, 'The request body is not valid JSON.'],
    'entity.too.large': [413, 'The request body is too large.'],
    'encoding.unsupported': [415, 'The request body encoding is not supported.'],
    'charset.unsupported': [415, 'The request body charset is not supported.'],
  };
  const match = type ? known[type] : undefined;
  if (!match || res.headersSent) return next(err);
  const accept = req.headers.accept ?? '';
  res
    .status(match[0])
    .type(
      accept.includes('application/graphql-response+json')
        ? 'application/graphql-response+json; charset=utf-8'
        : 'application/json; charset=utf-8',
    )
    .send(
      JSON.stringify({ errors: [{ message: match[1], extensions: { code: ErrorCode.BAD_USER_INPUT } }] }),
    );
};
