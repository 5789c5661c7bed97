import type { ApolloServerPlugin } from '@apollo/server';
import { ErrorCode } from '../errors/error-code';

/**
 * Over HTTP, a RATE_LIMITED error also sets `Retry-After` (seconds); when nothing else of the operation
 * succeeded (`data` is null) the status is 429 Too Many Requests, so that ordinary HTTP clients back off.
 */
export function retryAfterPlugin(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response }) {
          if (response.body.kind !== 'single') return;
          const { errors, data } = response.body.singleResult;
          let wait = 0;
          for (const e of errors ?? []) {
            if (e.extensions?.code !== ErrorCode.RATE_LIMITED) continue;
            const seconds = Number(e.extensions.retryAfterSeconds);
            wait = Math.max(wait, Number.isFinite(seconds) ? seconds : 1);
          }
          if (wait === 0) return;
          response.http.headers.set('retry-after', String(Math.ceil(wait)));
          if (data == null) response.http.status = 429;
        },
      };
    },
  };
}
