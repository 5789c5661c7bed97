import type { ApolloServerPlugin } from '@apollo/server';
import type { Request, Response, NextFunction } from 'express';
import type { Logger } from 'pino';
import pino from 'pino';

export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { service: 'praxis' },
    redact: ['req.headers.authorization', '*.password', '*.refreshToken'],
  });
}

interface RequestLogState {
  operationName?: string | null;
  outcome?: string;
  errorCodes?: string[];
}

/** One structured log line per HTTP request, with the GraphQL operation and its outcome when there is one. */
export function requestLogger(logger: Logger) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const started = process.hrtime.bigint();
    logger.debug({ method: req.method, path: req.originalUrl.split('?')[0] }, 'request received');
    res.on('finish', () => {
      const state = res.locals.graphql as RequestLogState | undefined;
      const durationMs = Number(process.hrtime.bigint() - started) / 1e6;
      logger.info(
        {
          method: req.method,
          path: req.originalUrl.split('?')[0],
          status: res.statusCode,
          durationMs: Math.round(durationMs * 10) / 10,
          operationName: state?.operationName ?? undefined,
          outcome: state?.outcome ?? (res.statusCode < 400 ? 'ok' : 'error'),
          errorCodes: state?.errorCodes?.length ? state.errorCodes : undefined,
        },
        'request',
      );
    });
    next();
  };
}

/** Records the operation name and outcome where requestLogger finds them. */
export const operationOutcomePlugin: ApolloServerPlugin<{ res?: Response }> = {
  async requestDidStart() {
    return {
      async willSendResponse({ contextValue, request, errors, response }) {
        const res = (contextValue as { res?: Response } | undefined)?.res;
        const single = response.body.kind === 'single' ? response.body.singleResult : undefined;
        const all = [...(errors ?? []), ...(single?.errors ?? [])];
        const codes = [...new Set(all.map((e) => String(e.extensions?.code ?? 'UNKNOWN')))];
        const state: RequestLogState = {
          operationName: request.operationName ?? null,
          outcome: codes.length ? 'error' : 'ok',
          errorCodes: codes,
        };
        if (res) res.locals.graphql = state;
      },
    };
  },
};
