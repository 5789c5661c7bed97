import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import cors from 'cors';
import { ApolloServer } from '@apollo/server';
import { graphqlUploadExpress } from 'graphql-upload-minimal';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import { WebSocketServer } from 'ws';
import type { WebSocket } from 'ws';
import { useServer } from 'graphql-ws/use/ws';
import { GraphQLError, getOperationAST } from 'graphql';
import type { GraphQLSchema } from 'graphql';
import type { Logger } from 'pino';
import type { Config } from '../config/config';
import type { Context } from '../common/context';
import type { Viewer } from '../common/auth/viewer';
import { createFormatError } from '../common/errors/format-error';
import { ErrorCode } from '../common/errors/error-code';
import { RateLimitedError } from '../common/errors/errors';
import { hashOpaqueToken } from '../common/auth/tokens';
import { createDataSource } from '../db/data-source';
import type { Database } from '../db/data-source';
import { runMigrations } from '../db/migrate';
import { bootstrapData } from '../db/bootstrap';
import { ReferenceCatalog } from '../modules/reference';
import { createSchema } from './schema';
import { createServices } from './services';
import { ViewerSnapshots } from './viewer-snapshots';
import type { ViewerAndFacts } from './context';
import type { Services } from './services';
import { ContextFactory } from './context';
import { bodyErrorHandler, refuseBadOperationName } from './body-errors';
import { apolloHandler, graphqlLane, stringifyResult, type Middleware } from './graphql-http';
import { operationOutcomePlugin, requestLogger } from './logging';
import { graphiqlHandler, operationAuthorization } from './graphiql';
import { limitValidationRules, prepareOperation, ValidatedDocuments } from '../common/limits/query-limits';
import { costLimitPlugin } from '../common/limits/limits-plugin';
import {
  closeOnTokenExpiry,
  ConnectionCaps,
  isOriginAllowed,
  REFUSALS,
  subscriptionCapError,
} from '../common/limits/websocket-limits';
import { clientAddress, compileTrustProxy } from '../common/limits/client-address';
import { contentDisposition, UPLOAD_PATH } from '../modules/publication';
import { CertificateFontError } from '../modules/certificate';
import { fromGlobalIdOf } from '../common/relay/global-id';
import type { ConnectionRefusal } from '../common/limits/websocket-limits';
import { Metrics, WsOperationMetrics } from '../common/metrics/metrics';
import type { PoolCounters } from '../common/metrics/metrics';
import { observePublishes } from '../common/pubsub/pubsub';
import { RedisConnections } from '../common/redis/redis';
import { retryAfterPlugin } from '../common/rate-limit/retry-after-plugin';
import { prefetchedFactsPlugin } from './prefetched-facts-plugin';
import { createSharedSubscribe, NEUTRAL_MEMBER } from '../common/realtime/shared-execution';
import { SESSION_ENDED_CLOSE_CODE } from '../common/realtime/connection-registry';
import { RedisKeyValueCache } from '../common/persisted/redis-cache';
import { resolveTrusted, trustedDocumentsMiddleware } from '../common/persisted/trusted';

export const GRAPHQL_PATH = '/graphql';

const wsError = (message: string) =>
  new GraphQLError(message, { extensions: { code: ErrorCode.BAD_USER_INPUT } });

export interface RunningServer {
  url: string;
  wsUrl: string;
  port: number;
  /** Where GET /metrics is served (METRICS_PORT), or null when it is not. */
  metricsUrl: string | null;
  database: Database;
  services: Services;
  schema: GraphQLSchema;
  /** The viewer snapshot cache (VIEWER_CACHE_SECONDS on PostgreSQL), or null when every request reads its session. */
  viewerSnapshots: ViewerSnapshots<ViewerAndFacts> | null;
  /** Drains: stops accepting, lets in-flight requests finish, closes sockets and the database. */
  stop(): Promise<void>;
}

function listen(server: http.Server, port: number, host: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

/** Opens the database, migrates, loads reference data, and serves HTTP and WebSocket on one port. */
export async function startServer(config: Config, logger: Logger): Promise<RunningServer> {
  const database = createDataSource(config.database, logger);
  const { dataSource } = database;
  await dataSource.initialize();
  let redis: RedisConnections | null = null;
  let snapshots: ViewerSnapshots<ViewerAndFacts> | null = null;
  let metricsServer: http.Server | null = null;
  try {
    if (config.redisUrl) {
      redis = new RedisConnections(config.redisUrl, logger.child({ component: 'redis' }), config.redisPrefix);
      await redis.ready();
    }
    await runMigrations(dataSource);
    const catalog = await ReferenceCatalog.load(dataSource);
    const services = createServices(dataSource, catalog, config, redis, logger);
    await bootstrapData(dataSource, services, config, logger);
    // One dispatcher per instance: what this instance commits at once, and by polling what others left.
    services.outbox.start();
    // Search's background catch-up: indexes what was written shortly after it commits (searches pay rarely).
    services.searchIndexer.startBackground(config.searchCatchUpIntervalMs, (err: unknown) =>
      logger.warn({ err }, 'search catch-up failed'),
    );
    const schema = await createSchema(services);
    // Viewer snapshots (VIEWER_CACHE_SECONDS): kept exact by PostgreSQL's notifications, so PostgreSQL only.
    if (config.viewerCacheSeconds > 0 && config.database.kind === 'postgres') {
      snapshots = new ViewerSnapshots<ViewerAndFacts>({
        url: config.database.url,
        ttlMs: config.viewerCacheSeconds * 1000,
        maxEntries: 50_000,
        logger: logger.child({ component: 'viewer-snapshots' }),
      });
      await snapshots.start();
    }
    const contexts = new ContextFactory(dataSource, services, snapshots);
    const { limits } = config;
    const production = config.env === 'production';

    const metrics = new Metrics({
      sqlStatements: () => database.counter.count,
      pool: () =>
        dataSource.isInitialized ? ((dataSource.driver as { master?: PoolCounters }).master ?? null) : null,
      outbox: {
        pending: () => (dataSource.isInitialized ? services.outbox.pendingCount() : Promise.resolve(0)),
        dead: () => services.outbox.deadEvents,
      },
    });
    observePublishes(services.pubSub, (topic) => metrics.publishedEvents.inc({ topic }));

    const app = express();
    app.disable('x-powered-by');
    // One address resolution for HTTP and WebSocket (docs/limits.md, "Client addresses behind proxies").
    const trustProxy = compileTrustProxy(config.trustProxy);
    app.set('trust proxy', trustProxy);
    const httpMetrics = metrics.httpMiddleware();
    app.use(httpMetrics);
    // Its request listener is added once the routes are (below): the GraphQL lane in front of express.
    const httpServer = http.createServer();

    app.get('/healthz', (_req, res) => {
      res.json({ status: 'ok' });
    });
    app.get('/readyz', async (_req, res) => {
      let timer: NodeJS.Timeout | undefined;
      try {
        await Promise.race([
          dataSource.query('SELECT 1'),
          new Promise((_, reject) => {
            timer = setTimeout(() => reject(new Error('timeout')), 2000);
          }),
        ]);
        res.json({ status: 'ready' });
      } catch {
        res.status(503).json({ status: 'not ready', reason: 'database unreachable' });
      } finally {
        clearTimeout(timer);
      }
    });

    // A member's private calendar feed (docs/api.md, "Calendars"): the token in the path is the only
    // credential, so that calendar apps can subscribe without headers. Unknown tokens get a bare 404.
    // Rate-limited per client IP and per feed token (hashed: the raw token never reaches the limiter's store);
    // over budget: 429 with Retry-After, before any database work.
    app.get('/calendar/:file', async (req, res) => {
      const match = /^(.+)\.ics$/.exec(req.params.file);
      try {
        await services.rateLimiter.consume('calendar', {
          ip: clientAddress(req, trustProxy),
          account: match ? hashOpaqueToken(match[1]) : null,
        });
      } catch (err) {
        if (!(err instanceof RateLimitedError)) throw err;
        const seconds = err.extensions.retryAfterSeconds as number;
        res.status(429).set('Retry-After', String(seconds)).type('text/plain').send('Too many requests');
        return;
      }
      const body = match ? await services.liveEventCalendars.feed(match[1]) : null;
      if (body === null) {
        res.status(404).type('text/plain').send('Not found');
        return;
      }
      res
        .status(200)
        .set('Cache-Control', 'private, no-store')
        .set('Content-Disposition', 'inline; filename="praxis-live-events.ics"')
        .type('text/calendar; charset=utf-8')
        .send(body);
    });

    // A member's export archive (docs/api.md, "Accounts"): the token in the path is the credential, so that a
    // browser can download it from a plain link. Sent with an Authorization header (an API client), it must
    // also be the owner's. Unknown, expired or someone else's: a bare 404. Rate-limited as the calendar feed
    // (per client IP, and per hashed token); before the request log, so the token is not logged.
    app.get('/exports/:file', async (req, res) => {
      const match = /^(.+)\.zip$/.exec(req.params.file);
      try {
        await services.rateLimiter.consume('download', {
          ip: clientAddress(req, trustProxy),
          account: match ? hashOpaqueToken(match[1]) : null,
        });
      } catch (err) {
        if (!(err instanceof RateLimitedError)) throw err;
        const seconds = err.extensions.retryAfterSeconds as number;
        res.status(429).set('Retry-After', String(seconds)).type('text/plain').send('Too many requests');
        return;
      }
      let viewerId: string | null = null;
      let refused = false;
      if (req.headers.authorization) {
        viewerId = await contexts.viewerFor(req.headers.authorization).then(
          (v) => v?.id ?? null,
          () => null,
        );
        refused = viewerId === null;
      }
      const found = match && !refused ? await services.dataExports.download(match[1], viewerId) : null;
      if (!found) {
        res.status(404).type('text/plain').send('Not found');
        return;
      }
      const day = found.requestedAt.toISOString().slice(0, 10);
      res
        .status(200)
        .set('Cache-Control', 'private, no-store')
        .set('Content-Disposition', `attachment; filename="praxis-data-export-${day}.zip"`)
        .type('application/zip')
        .send(found.archive);
    });

    // A library file (docs/api.md, "The library"): the same bearer token as GraphQL, and the same read policy
    // as the publication on every other path. Unknown, not visible, no or a bad token: a bare 404.
    app.get('/files/:id', async (req, res) => {
      const viewer = await contexts.viewerFor(req.headers.authorization).catch(() => null);
      try {
        await services.rateLimiter.consume('download', {
          ip: clientAddress(req, trustProxy),
          account: viewer?.id ?? null,
        });
      } catch (err) {
        if (!(err instanceof RateLimitedError)) throw err;
        const seconds = err.extensions.retryAfterSeconds as number;
        res.status(429).set('Retry-After', String(seconds)).type('text/plain').send('Too many requests');
        return;
      }
      const found = await services.publications.download(viewer, req.params.id);
      if (!found) {
        res.status(404).type('text/plain').send('Not found');
        return;
      }
      const { version, stream } = found;
      res
        .status(200)
        .set('Cache-Control', 'private, no-store')
        .set('X-Content-Type-Options', 'nosniff')
        .set('Content-Security-Policy', "default-src 'none'; sandbox")
        .set('Content-Type', version.fileContentType!)
        .set('Content-Length', String(version.fileSize))
        .set('Content-Disposition', contentDisposition(version.title, version.fileContentType!));
      stream.on('error', () => res.destroy());
      stream.pipe(res);
    });

    // A signed upload (docs/api.md, "Signed upload URLs"): the URL is the credential (HMAC, expiry, single
    // use); the bytes are checked as multipart uploads are (size, then type on the content).
    app.put(`${UPLOAD_PATH}/:id`, async (req, res) => {
      const length = req.headers['content-length'];
      const answer = await services.publicationUploads.receive(
        req.params.id,
        req.query.expires,
        req.query.signature,
        req,
        length && /^\d+$/.test(length) ? Number(length) : null,
      );
      if (answer.status >= 400 && !req.readableEnded) req.resume();
      res.status(answer.status).set('Cache-Control', 'no-store').json(answer.body);
    });

    // A certificate's PDF (docs/api.md, "Certificates"): the same bearer token as GraphQL and the same read
    // policy as the Certificate node (holder, facilitators, moderators). `?lang=` picks one of the six UN
    // languages. Unknown, not visible, no or a bad token: a bare 404; fonts missing: 503 saying which.
    app.get('/certificates/:file', async (req, res) => {
      const viewer = await contexts.viewerFor(req.headers.authorization).catch(() => null);
      try {
        await services.rateLimiter.consume('download', {
          ip: clientAddress(req, trustProxy),
          account: viewer?.id ?? null,
        });
      } catch (err) {
        if (!(err instanceof RateLimitedError)) throw err;
        const seconds = err.extensions.retryAfterSeconds as number;
        res.status(429).set('Retry-After', String(seconds)).type('text/plain').send('Too many requests');
        return;
      }
      const match = /^(.+)\.pdf$/.exec(req.params.file);
      let localId: string | null = null;
      try {
        localId = match ? fromGlobalIdOf('Certificate', match[1]) : null;
      } catch {
        localId = null;
      }
      const cert = localId ? await services.certificates.readable(viewer, localId) : null;
      if (!cert) {
        res.status(404).type('text/plain').send('Not found');
        return;
      }
      const lang = typeof req.query.lang === 'string' ? req.query.lang : null;
      let pdf: Buffer;
      try {
        pdf = await services.certificates.pdf(cert, lang, null);
      } catch (err) {
        if (!(err instanceof CertificateFontError)) throw err;
        logger.error({ err }, 'certificate PDF: fonts missing');
        res.status(503).type('text/plain').send(err.message);
        return;
      }
      res
        .status(200)
        .set('Cache-Control', 'private, no-store')
        .set('X-Content-Type-Options', 'nosniff')
        .set(
          'Content-Disposition',
          `inline; filename="certificate-${cert.issuedAt.toISOString().slice(0, 10)}.pdf"`,
        )
        .type('application/pdf')
        .send(pdf);
    });

    const wsServer = new WebSocketServer({
      server: httpServer,
      path: GRAPHQL_PATH,
      maxPayload: limits.wsMaxPayloadBytes, // larger messages close the socket with 1009
      verifyClient: ({ origin, req }, done) =>
        isOriginAllowed(origin || undefined, req.headers.host, config.corsOrigins)
          ? done(true)
          : done(false, 403, 'Origin not allowed'),
    });
    // Caps on open connections (per client address and in all here; per account at connection_init). The
    // excess is accepted and closed at once with a close code, which a browser client can read (the status
    // of a refused upgrade is hidden from it).
    const caps = new ConnectionCaps({
      perIp: limits.wsMaxConnectionsPerIp,
      overall: limits.wsMaxConnections,
    });
    const clientAddresses = new WeakMap<object, string>();
    const refusedSockets = new WeakSet<object>();
    const refuse = (socket: WebSocket, refusal: ConnectionRefusal) => {
      metrics.wsConnectionsRefused.inc({ reason: refusal });
      refusedSockets.add(socket);
      socket.close(REFUSALS[refusal].code, REFUSALS[refusal].reason);
    };
    wsServer.on('connection', (socket, request) => {
      metrics.wsConnections.inc();
      socket.once('close', () => metrics.wsConnections.dec());
      const address = clientAddress(request, trustProxy);
      clientAddresses.set(request, address);
      const refusal = caps.admit(address);
      if (refusal) return refuse(socket, refusal);
      socket.once('close', () => caps.release(address));
    });
    // One formatting of errors for both transports: codes, masking and logging of unexpected errors, no
    // "Did you mean" in production.
    const formatError = createFormatError(logger, {
      exposeStack: config.env === 'development',
      hideSuggestions: production,
    });
    const wsMetrics = new WsOperationMetrics(metrics);
    // A signed-in socket is known per practitioner and session: logout, suspension and a change of role or
    // verification close it at once; it closes when its token expires. Operations do not use its viewer.
    const signIn = (socket: WebSocket, viewer: Viewer, authorization: unknown) => {
      services.realtime.register(socket, viewer.id, viewer.sessionId);
      closeOnTokenExpiry(socket, authorization, config.jwtSecret);
    };
    const overAccountCap = (viewer: Viewer) =>
      services.realtime.count(viewer.id) >= limits.wsMaxConnectionsPerAccount;
    // Parsed and validated WebSocket documents, shared by the subscribers sending the same text.
    const wsDocuments = new ValidatedDocuments();
    const wsCleanup = useServer<
      { authorization?: unknown },
      {
        viewer?: Viewer | null;
        acceptLanguage?: string;
        clientIp?: string | null;
        /** The socket's sign-in: connectionParams.authorization, or the first operation's (GraphiQL). */
        authorization?: unknown;
      }
    >(
      {
        schema,
        isProd: production, // a thrown error closes the socket with "Internal server error", not its message
        // One execution per event for the subscribers whose result cannot differ (see shared-execution.ts).
        subscribe: createSharedSubscribe((language) => contexts.build(NEUTRAL_MEMBER, language)),
        connectionInitWaitTimeout: limits.wsConnectionInitTimeoutMs,
        onConnect: async (ctx) => {
          if (refusedSockets.has(ctx.extra.socket)) return false; // already closing over a cap
          try {
            ctx.extra.authorization = ctx.connectionParams?.authorization;
            ctx.extra.viewer = await contexts.viewerFor(ctx.extra.authorization);
            const lang = ctx.extra.request.headers['accept-language'];
            ctx.extra.acceptLanguage = typeof lang === 'string' ? lang : undefined;
            ctx.extra.clientIp = clientAddresses.get(ctx.extra.request) ?? null;
            const viewer = ctx.extra.viewer;
            if (!viewer) {
              ctx.extra.authorization = undefined; // anonymous: an operation may sign it in (below)
              return true;
            }
            if (overAccountCap(viewer)) {
              refuse(ctx.extra.socket, 'per_account');
              return false;
            }
            signIn(ctx.extra.socket, viewer, ctx.extra.authorization);
            return true;
          } catch {
            return false; // closes with 4403 Forbidden: the token was bad
          }
        },
        // graphql-ws does not run Apollo's pipeline: parse, validate and price here, as Apollo does for HTTP.
        onSubscribe: async (ctx, id, payload) => {
          // Trusted-documents mode: the registered document the payload names, or a refusal (as over HTTP).
          if (config.trustedDocuments) {
            const trusted = resolveTrusted(config.trustedDocuments, payload);
            if ('error' in trusted) {
              wsMetrics.rejected();
              return [trusted.error];
            }
            payload = { ...payload, query: trusted.query };
          }
          const active = Object.keys(ctx.subscriptions).length; // includes this one
          const capError = subscriptionCapError(active, limits.wsMaxSubscriptions);
          const prepared = capError
            ? { errors: [capError] }
            : prepareOperation(
                schema,
                payload,
                limits,
                { introspection: config.introspection, suggestions: !production },
                wsDocuments,
              );
          if ('errors' in prepared) {
            wsMetrics.rejected();
            return prepared.errors;
          }
          // The viewer is read afresh for every operation, as over HTTP: a role, verification or suspension
          // changed since the connection opened applies at once. (Here rather than in `context`: graphql-ws
          // turns an error thrown by `context` into a 4500 close; this hook can answer cleanly.)
          // GraphiQL sends the headers editor's Authorization with each operation, not in connection_init:
          // the first such operation on an anonymous socket signs the socket in (docs/api.md).
          const carried = operationAuthorization(payload.extensions);
          const signsIn = carried !== undefined && ctx.extra.authorization === undefined;
          if (signsIn) ctx.extra.authorization = carried;
          else if (carried !== undefined && carried !== ctx.extra.authorization) {
            wsMetrics.rejected();
            return [wsError('This WebSocket is signed in with another access token; open a new one.')];
          }
          let viewer: Viewer | null;
          try {
            viewer = await contexts.viewerFor(ctx.extra.authorization);
            if (signsIn && viewer) {
              if (overAccountCap(viewer)) {
                wsMetrics.rejected();
                setImmediate(() => refuse(ctx.extra.socket, 'per_account'));
                return [wsError(REFUSALS.per_account.reason)];
              }
              ctx.extra.viewer = viewer;
              signIn(ctx.extra.socket, viewer, carried);
            }
          } catch (err) {
            // The session was ended or the token is no longer valid: refuse, and end the connection.
            wsMetrics.rejected();
            // After the error message (sent once this hook returns), so that the client learns why.
            setImmediate(() =>
              ctx.extra.socket.close(
                SESSION_ENDED_CLOSE_CODE,
                'Session ended or access token no longer valid',
              ),
            );
            // Anything but a coded error (a database fault, say) is classified, masked and logged by formatError.
            return [
              err instanceof GraphQLError
                ? err
                : new GraphQLError('Unexpected error', { originalError: err as Error }),
            ];
          }
          wsMetrics.started(ctx, id, prepared.document, payload.operationName);
          return {
            schema,
            document: prepared.document,
            variableValues: payload.variables,
            operationName: payload.operationName,
            contextValue: Object.assign(
              contexts.build(viewer, ctx.extra.acceptLanguage, ctx.extra.clientIp ?? null),
              { userAgent: ctx.extra.request.headers['user-agent'] ?? null },
            ),
          };
        },
        onNext: (ctx, id, _payload, args, result) => {
          wsMetrics.next(ctx, id, result);
          const answer = result.errors?.length
            ? { ...result, errors: result.errors.map((e) => formatError(e.toJSON(), e)) }
            : undefined;
          // A mutation sent over the socket: as over HTTP, its answer waits for the viewer snapshots it changed.
          if (snapshots && getOperationAST(args.document, args.operationName)?.operation === 'mutation')
            return contexts.settleSnapshots().then(() => answer);
          return answer;
        },
        // Errors from onSubscribe (parse, validation, limits, session) and from a subscription's stream.
        onError: (ctx, id, _payload, errors) => {
          wsMetrics.error(ctx, id);
          return errors.map((e) => formatError(e.toJSON(), e));
        },
        onComplete: (ctx, id) => {
          wsMetrics.completed(ctx, id);
        },
        onClose: (ctx) => {
          wsMetrics.closed(ctx);
        },
      },
      wsServer,
    );

    const apollo = new ApolloServer<Context>({
      schema,
      // One drain: main.ts's SIGTERM handler calls stop(). Apollo's own handler would call apollo.stop() first,
      // and Apollo 5 never resolves a second concurrent stop() (its barrier is resolved only on failure), so
      // our stop waited forever and the process only ended when its event loop happened to empty.
      stopOnTerminationSignals: false,
      // Apollo's own messages (errors in plugins, say) go through our logger, redaction and bounds included.
      logger: logger.child({ component: 'apollo' }),
      introspection: config.introspection,
      includeStacktraceInErrorResponses: config.env === 'development',
      formatError,
      stringifyResult, // the JSON without Apollo's newline, which apolloHandler adds as it encodes (graphql-http.ts)
      parseOptions: { maxTokens: limits.maxTokens }, // the lexer stops counting past the limit
      validationRules: limitValidationRules(limits),
      // Automatic persisted queries (docs/api.md, "Persisted operations"): in Apollo's in-memory cache, or in
      // Redis when instances share one, so that a hash registered on one instance runs on all.
      persistedQueries: {
        ttl: config.apqTtlSeconds || null,
        cache: redis ? new RedisKeyValueCache(redis.commands, redis.prefix, config.apqTtlSeconds) : undefined,
      },
      plugins: [
        ApolloServerPluginDrainHttpServer({ httpServer, stopGracePeriodMillis: config.shutdownTimeoutMs }),
        {
          async serverWillStart() {
            return {
              async drainServer() {
                await wsCleanup.dispose();
              },
            };
          },
        },
        ApolloServerPluginLandingPageDisabled(),
        // No cache hints are used; the default cache-control plugin would wrap every field resolver.
        ApolloServerPluginCacheControlDisabled(),
        operationOutcomePlugin as never,
        costLimitPlugin(limits.maxCost),
        metrics.apolloPlugin(),
        retryAfterPlugin(),
        prefetchedFactsPlugin(() => contexts.settleSnapshots()),
      ],
    });
    await apollo.start();

    const logRequest = requestLogger(logger);
    const corsHandler = cors(
      config.corsOrigins.length ? { origin: config.corsOrigins, credentials: true } : { origin: false },
    );
    // The endpoint's handlers from the body parser on, shared by express and the JSON lane (graphql-http.ts).
    const graphqlChain: Middleware[] = [
      express.json({ limit: limits.maxBodyBytes }),
      refuseBadOperationName,
      ...(config.trustedDocuments ? [trustedDocumentsMiddleware(config.trustedDocuments)] : []),
      apolloHandler(apollo, async (req, res) => {
        // The viewer and their facts in one statement (the lean read path; queries only, see the plugin).
        const { viewer, facts } = await contexts.viewerAndFactsFor(req.headers.authorization);
        const ctx = contexts.build(
          viewer,
          req.headers['accept-language'],
          clientAddress(req, trustProxy),
          undefined,
          facts,
        );
        return Object.assign(ctx, { res, userAgent: req.headers['user-agent'] ?? null });
      }),
    ];
    app.use(logRequest);
    app.use(
      GRAPHQL_PATH,
      graphiqlHandler(config.graphiql, logger), // browsers opening the URL: GraphiQL, or a short text
      corsHandler,
      // GraphQL multipart requests (uploads; docs/api.md, "The library"): one file per operation, cut one
      // byte past MAX_UPLOAD_BYTES (the resolver refuses it). Apollo's CSRF prevention still requires an
      // `Apollo-Require-Preflight` (or `X-Apollo-Operation-Name`) header on these requests.
      graphqlUploadExpress({ maxFileSize: config.storage.maxUploadBytes + 1, maxFiles: 1 }),
      ...graphqlChain,
    );
    app.use(GRAPHQL_PATH, bodyErrorHandler);
    // JSON POSTs to the endpoint (nearly every request) skip express's router: same handlers, same order.
    httpServer.on(
      'request',
      graphqlLane({
        path: GRAPHQL_PATH,
        observers: [httpMetrics, logRequest],
        chain: [corsHandler, ...graphqlChain],
        onError: bodyErrorHandler,
        fallback: app,
        onUnhandled: (err) => logger.error({ err }, 'request failed'),
      }),
    );

    // Metrics on a listener of their own (loopback unless METRICS_HOST says otherwise), never on the public
    // port: they tell which operations run and how the database copes. Opened first: if its port is taken,
    // start-up fails before the public port accepts anything.
    if (config.metrics) {
      metricsServer = http.createServer((req, res) => {
        metrics.serve(req, res).catch((err: unknown) => {
          logger.warn({ err }, 'metrics collection failed');
          if (!res.headersSent) res.writeHead(500).end();
        });
      });
      await listen(metricsServer, config.metrics.port, config.metrics.host);
    }
    await listen(httpServer, config.port, config.host);
    const port = (httpServer.address() as AddressInfo).port;
    const host = config.host === '0.0.0.0' ? 'localhost' : config.host;
    const metricsAddress = metricsServer?.address() as AddressInfo | undefined;
    const metricsHost = config.metrics?.host === '0.0.0.0' ? 'localhost' : config.metrics?.host;
    // Forget idempotency keys past their lifetime (every instance may run it; the DELETE is harmless twice).
    const pruneKeys = setInterval(() => {
      services.idempotency
        .prune(config.idempotencyKeyTtlHours)
        .catch((err: unknown) => logger.warn({ err }, 'idempotency key pruning failed'));
    }, 3600_000);
    pruneKeys.unref();
    // Forget dispatched outbox events past their retention (harmless on several instances too).
    const pruneOutbox = setInterval(() => {
      services.outbox
        .prune(config.outbox.retentionHours)
        .catch((err: unknown) => logger.warn({ err }, 'outbox pruning failed'));
    }, 3600_000);
    pruneOutbox.unref();
    // Forget security-log entries past their retention (a year; harmless on several instances too).
    const pruneSecurityLog = setInterval(() => {
      services.securityLog
        .prune()
        .catch((err: unknown) => logger.warn({ err }, 'security log pruning failed'));
    }, 3600_000);
    pruneSecurityLog.unref();
    // Delete export archives past their 7 days (docs/api.md, "Accounts"; harmless on several instances too).
    const sweepExports = setInterval(() => {
      services.dataExports
        .sweep()
        .catch((err: unknown) => logger.warn({ err }, 'export archive sweep failed'));
    }, 3600_000);
    sweepExports.unref();
    // Remove signed uploads never attached past UPLOAD_MAX_AGE_SECONDS, with their files (harmless twice).
    const sweepUploads = setInterval(() => {
      services.publicationUploads
        .sweep()
        .catch((err: unknown) => logger.warn({ err }, 'upload sweep failed'));
    }, 3600_000);
    sweepUploads.unref();
    // Trim home timelines grown past their cap by fan-outs (harmless on several instances too).
    const trimTimelines = setInterval(() => {
      services.feed
        .trimTimelines()
        .catch((err: unknown) => logger.warn({ err }, 'home timeline trim failed'));
    }, 3600_000);
    trimTimelines.unref();
    let stopping: Promise<void> | null = null;
    return {
      url: `http://${host}:${port}${GRAPHQL_PATH}`,
      wsUrl: `ws://${host}:${port}${GRAPHQL_PATH}`,
      port,
      metricsUrl: metricsAddress
        ? `http://${metricsHost?.includes(':') ? `[${metricsHost}]` : metricsHost}:${metricsAddress.port}/metrics`
        : null,
      database,
      services,
      schema,
      viewerSnapshots: snapshots,
      stop() {
        stopping ??= (async () => {
          clearInterval(pruneKeys);
          clearInterval(pruneOutbox);
          clearInterval(pruneSecurityLog);
          clearInterval(sweepExports);
          clearInterval(sweepUploads);
          clearInterval(trimTimelines);
          await apollo.stop();
          await new Promise((resolve) => (metricsServer ? metricsServer.close(resolve) : resolve(null)));
          // The events the last requests committed are dispatched before the database closes (what is left
          // undispatched by a crash waits in the outbox for the next poll of any instance).
          await services.notifications.drain();
          await services.searchIndexer.stopBackground();
          await services.outbox.stop();
          await redis?.close();
          await snapshots?.stop();
          await dataSource.destroy();
        })();
        return stopping;
      },
    };
  } catch (err) {
    metricsServer?.close();
    await redis?.close().catch(() => undefined);
    await snapshots?.stop();
    if (dataSource.isInitialized) await dataSource.destroy().catch(() => undefined);
    throw err;
  }
}
