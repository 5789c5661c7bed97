/** Why the database could not serve a request, when that is transient and worth telling the client. */
export type DatabaseFault = 'DATABASE_BUSY' | 'DATABASE_TIMEOUT' | 'DATABASE_UNAVAILABLE';

const MESSAGES: Record<DatabaseFault, string> = {
  DATABASE_BUSY: 'The server is busy (no database connection free in time); retry shortly.',
  DATABASE_TIMEOUT: 'The operation took too long and was cancelled; retry, or ask for less.',
  DATABASE_UNAVAILABLE: 'The database is unavailable; retry shortly.',
};

/** Connection-level SQLSTATEs: admin shutdown, crash shutdown, cannot connect now, connection failures. */
const UNAVAILABLE_CODES = new Set(['57P01', '57P02', '57P03', '08000', '08001', '08003', '08004', '08006']);
const UNAVAILABLE_ERRNO = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND']);

/**
 * Classifies a driver error (TypeORM releases a transaction's query runner when its connection dies, hence
 * "Query runner already released")
 * as a transient database fault, or null.
 */
export function databaseFault(error: unknown): { reason: DatabaseFault; message: string } | null {
  if (!error || typeof error !== 'object') return null;
  const e = error as { message?: string; code?: string; driverError?: { code?: string; message?: string } };
  const code = e.driverError?.code ?? e.code;
  const message = `${e.message ?? ''} ${e.driverError?.message ?? ''}`;
  let reason: DatabaseFault | null = null;
  if (/timeout exceeded when trying to connect/i.test(message)) reason = 'DATABASE_BUSY';
  else if (code === '57014')
    reason = 'DATABASE_TIMEOUT'; // query_canceled: statement_timeout
  else if (
    (code && (UNAVAILABLE_CODES.has(code) || UNAVAILABLE_ERRNO.has(code))) ||
    /\b(ECONNREFUSED|ECONNRESET)\b|Connection terminated|Query runner already released|terminating connection|Client has encountered a connection error|the database system is (starting up|shutting down)/i.test(
      message,
    )
  )
    reason = 'DATABASE_UNAVAILABLE';
  return reason ? { reason, message: MESSAGES[reason] } : null;
}
