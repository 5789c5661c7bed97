/**
 * Test guard (jest `setupFilesAfterEnv`): a statement sent on a PostgreSQL connection that is still running
 * another fails the test at once: the statement throws (a request answers INTERNAL_SERVER_ERROR).
 *
 * node-postgres queues such a statement behind the running one, a behaviour it deprecates ("Calling
 * client.query() when the client is already executing a query", and pg 9 will refuse it); it happens when
 * reads are started together (`Promise.all`) on a unit of work's EntityManager, whose statements all go to one
 * connection. The code runs such reads with `together` (src/common/db/sql.ts), which awaits them in turn on one
 * connection. Only PostgreSQL runs (TEST_DATABASE_URL) use node-postgres; the embedded database does not.
 */
import { Client } from 'pg';

interface ClientInternals {
  _activeQuery?: unknown;
  _queryQueue?: unknown[];
  pipeline?: boolean;
}

// The guard reads two of node-postgres's internals: a version that renames them must fail here, not leave a
// guard that can no longer fail.
const probe = new Client() as Client & ClientInternals;
if (!Array.isArray(probe._queryQueue) || !('_activeQuery' in probe))
  throw new Error('one-statement-at-a-time: node-postgres no longer has _queryQueue / _activeQuery');

const original = Client.prototype.query;

/** Calls of `allowingQueuedStatements` still running: the guard lets statements queue meanwhile. */
let allowed = 0;

/**
 * Runs TypeORM's own code that starts statements together on one query runner (its schema builder reads the
 * tables' columns, indices and types with `Promise.all`): not the project's code, so not the guard's business.
 */
export async function allowingQueuedStatements<T>(work: () => Promise<T>): Promise<T> {
  allowed++;
  try {
    return await work();
  } finally {
    allowed--;
  }
}

function guardedQuery(this: Client & ClientInternals, ...args: unknown[]): unknown {
  if (!allowed && !this.pipeline && (this._activeQuery || this._queryQueue?.length))
    throw new Error(
      'A statement was sent on a connection that is still running another (node-postgres would queue it, ' +
        'pg 9 refuses it): run reads on a unit of work one after the other (`together` in src/common/db/sql.ts).',
    );
  return (original as (...a: unknown[]) => unknown).apply(this, args);
}

Client.prototype.query = guardedQuery as typeof Client.prototype.query;
