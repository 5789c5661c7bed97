import type { ApolloServerPlugin } from '@apollo/server';
import type { DocumentNode, ExecutionResult, OperationDefinitionNode } from 'graphql';
import { getOperationAST } from 'graphql';
import type { Request, Response, NextFunction } from 'express';
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
}

export type Outcome = 'ok' | 'error' | 'rejected';
export type Transport = 'http' | 'ws';

/** Distinct operation names kept as label values; later names are reported as "other". */
export const MAX_OPERATION_NAMES = 200;
const MAX_NAME_LENGTH = 64;
const ROUTES = new Set(['/graphql', '/healthz', '/readyz', '/metrics']);
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
  private readonly names = new Set<string>();

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
      help: 'GraphQL operations by name ("anonymous" when unnamed, "other" past the cap), type, outcome (ok, error, rejected before execution) and transport.',
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
  }

  /** A bounded label for an operation: its name when it has one, "anonymous" otherwise. */
  operationLabel(operation: OperationDefinitionNode | null | undefined): string {
    const name = operation?.name?.value;
    if (!name) return 'anonymous';
    if (name.length > MAX_NAME_LENGTH) return 'other';
    if (this.names.has(name)) return name;
    if (this.names.size >= MAX_OPERATION_NAMES) return 'other';
    this.names.add(name);
    return name;
  }

  observeOperation(
    operation: OperationDefinitionNode | null | undefined,
    outcome: Outcome,
    transport: Transport,
    seconds: number,
  ): void {
    this.operationDuration.observe(
      {
        operation: this.operationLabel(operation),
        type: operation?.operation ?? 'unknown',
        outcome,
        transport,
      },
      seconds,
    );
  }

  /** Express middleware timing every request; unknown paths share the "other" route label. */
  httpMiddleware() {
    return (req: Request, res: Response, next: NextFunction): void => {
      const end = this.httpDuration.startTimer();
      res.on('finish', () => {
        const path = req.originalUrl.split('?')[0]; // req.path is relative inside mounted routers
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
          willSendResponse: async ({ operation, response }) => {
            const single = response.body.kind === 'single' ? response.body.singleResult : undefined;
            const outcome: Outcome = !single?.errors?.length ? 'ok' : 'data' in single ? 'error' : 'rejected';
            this.observeOperation(operation, outcome, 'http', seconds(started));
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
    this.metrics.observeOperation(null, 'rejected', 'ws', 0);
  }

  /** An accepted operation about to execute. */
  started(ctx: object, id: string, document: DocumentNode, operationName?: string | null): void {
    const operation = getOperationAST(document, operationName ?? undefined) ?? null;
    this.ops(ctx).set(id, { started: process.hrtime.bigint(), operation, errored: false });
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
    else this.metrics.observeOperation(op.operation, op.errored ? 'error' : 'ok', 'ws', seconds(op.started));
  }

  /** The socket closed: whatever did not complete stops counting. */
  closed(ctx: object): void {
    for (const id of [...this.ops(ctx).keys()]) this.completed(ctx, id);
    this.byConnection.delete(ctx);
  }
}
