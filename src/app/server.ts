import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import cors from 'cors';
import { ApolloServer } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { WebSocketServer } from 'ws';
import { useServer } from 'graphql-ws/use/ws';
import type { GraphQLSchema } from 'graphql';
import type { Logger } from 'pino';
import type { Config } from '../config/config';
import type { Context } from '../common/context';
import type { Viewer } from '../common/auth/viewer';
import { createFormatError } from '../common/errors/format-error';
import { createDataSource } from '../db/data-source';
import type { Database } from '../db/data-source';
import { runMigrations } from '../db/migrate';
import { bootstrapData } from '../db/bootstrap';
import { ReferenceCatalog } from '../modules/reference/reference.catalog';
import { createSchema } from './schema';
import { createServices } from './services';
import type { Services } from './services';
import { ContextFactory } from './context';
import { operationOutcomePlugin, requestLogger } from './logging';

export const GRAPHQL_PATH = '/graphql';

export interface RunningServer {
  url: string;
  wsUrl: string;
  port: number;
  database: Database;
  services: Services;
  schema: GraphQLSchema;
  /** Drains: stops accepting, lets in-flight requests finish, closes sockets and the database. */
  stop(): Promise<void>;
}

/** Opens the database, migrates, loads reference data, and serves HTTP and WebSocket on one port. */
export async function startServer(config: Config, logger: Logger): Promise<RunningServer> {
  const database = createDataSource(config.database, logger);
  const { dataSource } = database;
  await dataSource.initialize();
  try {
    await runMigrations(dataSource);
    const catalog = await ReferenceCatalog.load(dataSource);
    const services = createServices(dataSource, catalog, config);
    await bootstrapData(dataSource, services, config, logger);
    const schema = await createSchema(services);
    const contexts = new ContextFactory(dataSource, services);

    const app = express();
    app.disable('x-powered-by');
    const httpServer = http.createServer(app);

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

    const wsServer = new WebSocketServer({ server: httpServer, path: GRAPHQL_PATH });
    const wsCleanup = useServer<
      { authorization?: unknown },
      { viewer?: Viewer | null; acceptLanguage?: string }
    >(
      {
        schema,
        onConnect: async (ctx) => {
          try {
            ctx.extra.viewer = await contexts.viewerFor(ctx.connectionParams?.authorization);
            const lang = ctx.extra.request.headers['accept-language'];
            ctx.extra.acceptLanguage = typeof lang === 'string' ? lang : undefined;
            return true;
          } catch {
            return false; // closes with 4403 Forbidden: the token was bad
          }
        },
        context: (ctx): Context => contexts.build(ctx.extra.viewer ?? null, ctx.extra.acceptLanguage),
      },
      wsServer,
    );

    const apollo = new ApolloServer<Context>({
      schema,
      introspection: config.env !== 'production',
      includeStacktraceInErrorResponses: config.env === 'development',
      formatError: createFormatError(logger, { exposeStack: config.env === 'development' }),
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
        operationOutcomePlugin as never,
      ],
    });
    await apollo.start();

    app.use(requestLogger(logger));
    app.use(
      GRAPHQL_PATH,
      cors(config.corsOrigins.length ? { origin: config.corsOrigins, credentials: true } : { origin: false }),
      express.json({ limit: '100kb' }),
      expressMiddleware(apollo, {
        context: async ({ req, res }) => {
          const viewer = await contexts.viewerFor(req.headers.authorization);
          const ctx = contexts.build(viewer, req.headers['accept-language']);
          return Object.assign(ctx, { res });
        },
      }),
    );

    await new Promise<void>((resolve, reject) => {
      httpServer.once('error', reject);
      httpServer.listen(config.port, config.host, () => resolve());
    });
    const port = (httpServer.address() as AddressInfo).port;
    const host = config.host === '0.0.0.0' ? 'localhost' : config.host;
    let stopping: Promise<void> | null = null;
    return {
      url: `http://${host}:${port}${GRAPHQL_PATH}`,
      wsUrl: `ws://${host}:${port}${GRAPHQL_PATH}`,
      port,
      database,
      services,
      schema,
      stop() {
        stopping ??= (async () => {
          await apollo.stop();
          await dataSource.destroy();
        })();
        return stopping;
      },
    };
  } catch (err) {
    if (dataSource.isInitialized) await dataSource.destroy().catch(() => undefined);
    throw err;
  }
}
