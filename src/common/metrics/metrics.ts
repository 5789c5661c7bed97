import type { ApolloServerPlugin } from '@apollo/server';
import type { DocumentNode, ExecutionResult, OperationDefinitionNode, SelectionSetNode } from 'graphql';
import { getOperationAST, Kind } from 'graphql';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** pg.Pool's counters (the embedded PGlite pool reports the same shape). */
export interface PoolCounters {
  totalCount: number;
  idleCount: number;
  waitingCount: number;
}

export interface MetricsSources {
  /** SQL statements sent since the server started. */
  sqlStatements: () => number;
  /** The database pool, or null when it is not open. */
  pool: () => PoolCounters | null;
  /** The outbox: events not yet dispatched (all instances), and events this instance gave up on. */
  outbox?: { pending: () => Promise<number>; dead: () => number };
}

export type Outcome = 'ok' | 'error' | 'rejected';
export type Transport = 'http' | 'ws';

const ROUTES = new Set(['/graphql', '/healthz', '/readyz']);

/** The label of an operation that did not validate against the schema (or named none of its document). */
export const INVALID_OPERATION = 'invalid';
/** The label of a validated operation that selects several distinct root fields. */
export const SEVERAL_ROOT_FIELDS = 'multiple';

/** Adds the root field names of a selection set, through fragments (a validated document has no cycles). */
function collectRootFields(
  selections: SelectionSetNode,
  document: DocumentNode,
  names: Set<string>,
  seen: Set<string>,
): void {
  for (const selection of selections.selections) {
    if (selection.kind === Kind.FIELD) names.add(selection.name.value);
    else if (selection.kind === Kind.INLINE_FRAGMENT)
      collectRootFields(selection.selectionSet, document, names, seen);
    else if (!seen.has(selection.name.value)) {
      seen.add(selection.name.value);
      const fragment = document.definitions.find(
        (d) => d.kind === Kind.FRAGMENT_DEFINITION && d.name.value === selection.name.value,
      );
      if (fragment?.kind === Kind.FRAGMENT_DEFINITION)
        collectRootFields(fragment.selectionSet, document, names, seen);
    }
  }
}

/**
 * A bounded label for a validated operation: the root field it selects (`country`, `createPost`,
 * `__typename`…), or "multiple" for several. Never the operation's name: the client chooses that freely,
 * and anonymous clients filled the label set with made-up names. The values are bounded by the schema.
 */
export function operationLabel(
  document: DocumentNode | null | undefined,
  operation: OperationDefinitionNode | null | undefined,
): string {
  if (!document || !operation) return INVALID_OPERATION;
  const names = new Set<string>();
  collectRootFields(operation.selectionSet, document, names, new Set());
  if (names.size === 1) return [...names][0];
  return names.size ? SEVERAL_ROOT_FIELDS : INVALID_OPERATION;
}
const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** One Prometheus registry per server (tests run several servers in one process). */
export class Metrics {
  readonly registry = new Registry();
  readonly httpDuration: Histogram<'method' | 'route' | 'status'>;
  readonly operationDuration: Histogram<'operation' | 'type' | 'outcome' | 'transport'>;
  readonly wsConnections: Gauge;
  readonly wsSubscriptions: Gauge;
  readonly wsConnectionsRefused: Counter<'reason'>;
  readonly publishedEvents: Counter<'topic'>;

  constructor(sources: MetricsSources) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry });
    this.httpDuration = new Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP requests by route, method and status code.',
      labelNames: ['method', 'route', 'status'],
      buckets: DURATION_BUCKETS,
      registers,
    });
    this.operationDuration = new Histogram({
      name: 'graphql_operation_duration_seconds',
      help: 'GraphQL operations by root field ("multiple" for several, "invalid" when the operation did not validate), type, outcome (ok, error, rejected before execution) and transport.',
      labelNames: ['operation', 'type', 'outcome', 'transport'],
      buckets: DURATION_BUCKETS,
      registers,
    });
    this.wsConnections = new Gauge({
      name: 'websocket_connections_active',
      help: 'Open WebSocket connections.',
      registers,
    });
    this.wsConnectionsRefused = new Counter({
      name: 'websocket_connections_refused_total',
      help: 'WebSocket connections refused by a connection cap: reason per_ip, per_account or overall.',
      labelNames: ['reason'],
      registers,
    });
    this.wsSubscriptions = new Gauge({
      name: 'graphql_subscriptions_active',
      help: 'Running GraphQL subscriptions over WebSocket.',
      registers,
    });
    this.publishedEvents = new Counter({
      name: 'pubsub_events_published_total',
      help: 'Events published to subscribers, by topic.',
      labelNames: ['topic'],
      registers,
    });
    let counted = 0;
    new Counter({
      name: 'db_sql_statements_total',
      help: 'SQL statements sent to the database.',
      registers,
      collect() {
        const now = sources.sqlStatements();
        if (now > counted) this.inc(now - counted);
        counted = now;
      },
    });
    const pool = (name: string, help: string, read: (p: PoolCounters) => number) =>
      new Gauge({
        name,
        help,
        registers,
        collect() {
          const p = sources.pool();
          this.set(p ? read(p) : 0);
        },
      });
    pool('db_pool_connections_total', 'Database connections open in the pool.', (p) => p.totalCount);
    pool('db_pool_connections_idle', 'Idle database connections in the pool.', (p) => p.idleCount);
    pool(
      'db_pool_requests_waiting',
      'Checkouts waiting for a free database connection.',
      (p) => p.waitingCount,
    );
    // After the pool gauges: its query must not show in db_pool_requests_waiting of the same scrape.
    new Gauge({
      name: 'outbox_events_pending',
      help: 'Outbox events not yet dispatched, retries included (dead ones excluded), on every instance.',
      registers,
      async collect() {
        // A failed count (database unreachable) keeps the last value rather than failing the scrape.
        const pending = sources.outbox ? await sources.outbox.pending().catch(() => null) : 0;
        if (pending !== null) this.set(pending);
      },
    });
    let dead = 0;
    new Counter({
      name: 'outbox_events_failed_total',
      help: 'Outbox events this instance gave up on after OUTBOX_MAX_ATTEMPTS failed attempts (they stay in outbox_event, with their lastError).',
      registers,
      collect() {
        const now = sources.outbox?.dead() ?? 0;
        if (now > dead) this.inc(now - dead);
        dead = now;
      },
    });
  }

  /** Times one operation; `document` and `operation` only when the operation validated against the schema. */
  observeOperation(
    document: DocumentNode | null | undefined,
    operation: OperationDefinitionNode | null | undefined,
    outcome: Outcome,
    transport: Transport,
    seconds: number,
  ): void {
    this.operationDuration.observe(
      {
        operation: operationLabel(document, operation),
        type: operation?.operation ?? 'unknown',
        outcome,
        transport,
      },
      seconds,
    );
  }

  /** Answers GET /metrics with Prometheus text (for the metrics listener; never on the public port). */
  async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== 'GET' || req.url?.split('?')[0] !== '/metrics') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found\n');
      return;
    }
    const text = await this.registry.metrics();
    res.writeHead(200, { 'content-type': this.registry.contentType }).end(text);
  }

  /** Middleware timing every request; unknown paths share the "other" route label. */
  httpMiddleware() {
    return (req: IncomingMessage & { originalUrl?: string }, res: ServerResponse, next: () => void): void => {
      const end = this.httpDuration.startTimer();
      res.on('finish', () => {
        // req.path is relative inside mounted routers
        const path = (req.originalUrl ?? req.url ?? '').split('?')[0];
        const route = ROUTES.has(path) ? path : 'other';
        end({ method: req.method, route, status: String(res.statusCode) });
      });
      next();
    };
  }

  /** Apollo plugin timing each HTTP operation from request to response. */
  apolloPlugin(): ApolloServerPlugin {
    return {
      requestDidStart: async () => {
        const started = process.hrtime.bigint();
        return {
          // Apollo sets `operation` only once the document validated and the operation was resolved.
          willSendResponse: async ({ document, operation, response }) => {
            const single = response.body.kind === 'single' ? response.body.singleResult : undefined;
            const outcome: Outcome = !single?.errors?.length ? 'ok' : 'data' in single ? 'error' : 'rejected';
            this.observeOperation(document, operation, outcome, 'http', seconds(started));
          },
        };
      },
    };
  }
}

function seconds(started: bigint): number {
  return Number(process.hrtime.bigint() - started) / 1e9;
}

interface WsOperation {
  started: bigint;
  document: DocumentNode;
  operation: OperationDefinitionNode | null;
  errored: boolean;
}

/** Times WebSocket operations and counts running subscriptions; state is kept per graphql-ws context. */
export class WsOperationMetrics {
  private readonly byConnection = new WeakMap<object, Map<string, WsOperation>>();

  constructor(private readonly metrics: Metrics) {}

  private ops(ctx: object): Map<string, WsOperation> {
    let ops = this.byConnection.get(ctx);
    if (!ops) this.byConnection.set(ctx, (ops = new Map()));
    return ops;
  }

  /** An operation refused before execution (parse, validation, limits). */
  rejected(): void {
    this.metrics.observeOperation(null, null, 'rejected', 'ws', 0);
  }

  /** An accepted operation (validated, its operation resolved) about to execute. */
  started(ctx: object, id: string, document: DocumentNode, operationName?: string | null): void {
    const operation = getOperationAST(document, operationName ?? undefined) ?? null;
    this.ops(ctx).set(id, { started: process.hrtime.bigint(), document, operation, errored: false });
    if (operation?.operation === 'subscription') this.metrics.wsSubscriptions.inc();
  }

  next(ctx: object, id: string, result: ExecutionResult): void {
    const op = this.ops(ctx).get(id);
    if (op && result.errors?.length) op.errored = true;
  }

  error(ctx: object, id: string): void {
    const op = this.ops(ctx).get(id);
    if (op) op.errored = true;
  }

  completed(ctx: object, id: string): void {
    const ops = this.ops(ctx);
    const op = ops.get(id);
    if (!op) return;
    ops.delete(id);
    if (op.operation?.operation === 'subscription') this.metrics.wsSubscriptions.dec();
    else
      this.metrics.observeOperation(
        op.document,
        op.operation,
        op.errored ? 'error' : 'ok',
        'ws',
        seconds(op.started),
      );
  }

  /** The socket closed: whatever did not complete stops counting. */
  closed(ctx: object): void {
    for (const id of [...this.ops(ctx).keys()]) this.completed(ctx, id);
    this.byConnection.delete(ctx);
  }
}
