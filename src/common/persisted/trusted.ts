import { GraphQLError } from 'graphql';
import type { Request, RequestHandler } from 'express';
import { ErrorCode } from '../errors/error-code';
import { sendErrorResponse } from '../errors/http-error-response';
import { documentHash, type TrustedDocuments } from './manifest';

export const NOT_ALLOWED_MESSAGE =
  'This server runs registered operations only: send the sha256 of a registered operation in ' +
  'extensions.persistedQuery.sha256Hash (or documentId), not a query.';
export const NOT_REGISTERED_MESSAGE = 'PersistedQueryNotFound: no registered operation has this hash.';

/** What a request names: `documentId` (`sha256:<hex>` or `<hex>`), or the APQ extension's hash. */
function requestedId(documentId: unknown, extensions: unknown): string | undefined {
  if (typeof documentId === 'string') return documentId;
  const persisted = (extensions as { persistedQuery?: { sha256Hash?: unknown } } | null | undefined)
    ?.persistedQuery;
  return typeof persisted?.sha256Hash === 'string' ? persisted.sha256Hash : undefined;
}

/**
 * Trusted-documents mode: the registered document a request names, or the error that refuses it. A request
 * that names no registered operation (a free-form query, an unknown hash) does not run.
 */
export function resolveTrusted(
  documents: TrustedDocuments,
  request: { documentId?: unknown; extensions?: unknown },
): { query: string } | { error: GraphQLError } {
  const id = requestedId(request.documentId, request.extensions);
  if (id === undefined)
    return {
      error: new GraphQLError(NOT_ALLOWED_MESSAGE, {
        extensions: { code: ErrorCode.PERSISTED_QUERY_NOT_ALLOWED },
      }),
    };
  const query = documents.get(documentHash(id));
  if (query === undefined)
    return {
      error: new GraphQLError(NOT_REGISTERED_MESSAGE, {
        extensions: { code: ErrorCode.PERSISTED_QUERY_NOT_FOUND },
      }),
    };
  return { query };
}

function parseJsonParam(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch {
    return undefined;
  }
}

function refuse(req: Request, res: Parameters<RequestHandler>[1], error: GraphQLError): void {
  sendErrorResponse(req, res, 400, { errors: [{ message: error.message, extensions: error.extensions }] });
}

/**
 * HTTP side of trusted-documents mode, before Apollo: a request naming a registered operation (POST body or
 * GET parameters) has its `query` replaced by the registered document, and its APQ extension and
 * `documentId` removed (so the APQ cache is neither read nor written); anything else is refused with 400.
 */
export function trustedDocumentsMiddleware(documents: TrustedDocuments): RequestHandler {
  return (req, res, next) => {
    if (req.method === 'POST') {
      const body = req.body as Record<string, unknown> | undefined;
      if (!body || typeof body !== 'object' || Array.isArray(body)) return next(); // Apollo refuses it
      const resolved = resolveTrusted(documents, body);
      if ('error' in resolved) return refuse(req, res, resolved.error);
      body.query = resolved.query;
      delete body.documentId;
      if (body.extensions && typeof body.extensions === 'object') {
        const { persistedQuery: _, ...rest } = body.extensions as Record<string, unknown>;
        body.extensions = rest;
      }
      return next();
    }
    if (req.method === 'GET') {
      const url = new URL(req.url, 'http://localhost');
      const params = url.searchParams;
      const extensions = parseJsonParam(params.get('extensions') ?? undefined);
      const resolved = resolveTrusted(documents, {
        documentId: params.get('documentId') ?? undefined,
        extensions,
      });
      if ('error' in resolved) return refuse(req, res, resolved.error);
      params.set('query', resolved.query);
      params.delete('documentId');
      if (extensions && typeof extensions === 'object') {
        const { persistedQuery: _, ...rest } = extensions as Record<string, unknown>;
        params.set('extensions', JSON.stringify(rest));
      }
      req.url = url.pathname + url.search;
      return next();
    }
    next();
  };
}
