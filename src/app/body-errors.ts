import type { ErrorRequestHandler, RequestHandler } from 'express';
import { sendErrorResponse } from '../common/errors/http-error-response';
import { ErrorCode } from '../common/errors/error-code';
import { operationNameFormatError } from '../common/validation/operation-name';

/**
 * Refuses (400, BAD_USER_INPUT) an `operationName` that is not a GraphQL name, before Apollo reads it: it
 * would be quoted in errors and logs at any length. (A name that is not in the document is refused by
 * Apollo, with the message of operation-name.ts.)
 */
export const refuseBadOperationName: RequestHandler = (req, res, next) => {
  const source: unknown = req.method === 'GET' ? req.query : req.body;
  const name =
    source && typeof source === 'object' && !Array.isArray(source)
      ? (source as { operationName?: unknown }).operationName
      : undefined;
  const error = operationNameFormatError(name);
  if (!error) return next();
  sendErrorResponse(req, res, 400, { errors: [{ message: error.message, extensions: error.extensions }] });
};

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
  sendErrorResponse(req, res, match[0], {
    errors: [{ message: match[1], extensions: { code: ErrorCode.BAD_USER_INPUT } }],
  });
};
