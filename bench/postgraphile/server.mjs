/**
 * The benchmark's peer: PostGraphile 5 (amber preset + simplify-inflection) over the benchmark database,
 * connected as the table owner, with no access rules (no roles, no row-level security, no JWT): it serves
 * every row to anyone. bench/main.ts starts it with the Node 22 binary of this package's `node` dependency.
 *
 *   DATABASE_URL=… PORT=… node_modules/node/bin/node server.mjs
 */
import { createServer } from 'node:http';
import { postgraphile } from 'postgraphile';
import { PostGraphileAmberPreset } from 'postgraphile/presets/amber';
import { makePgService } from 'postgraphile/adaptors/pg';
import { grafserv } from 'postgraphile/grafserv/node';
import { jsonPgSmartTags } from 'postgraphile/utils';
import { PgSimplifyInflectionPreset } from '@graphile/simplify-inflection';

const port = Number(process.env.PORT ?? 0);

/**
 * PostGraphile offers ordering and conditions only on columns that lead a full index. The post indexes on
 * "publishedAt" are partial (WHERE status = 'PUBLISHED'), so a PostGraphile user would declare those two
 * with smart tags, as here; PostgreSQL still picks the partial indexes for the queries the benchmark sends.
 */
const tags = jsonPgSmartTags({
  version: 1,
  config: {
    class: {
      post: {
        attribute: {
          publishedAt: { tags: { behavior: ['+orderBy', '+filterBy'] } },
          visibility: { tags: { behavior: ['+filterBy'] } },
        },
      },
    },
  },
});

/** @type {GraphileConfig.Preset} */
const preset = {
  extends: [PostGraphileAmberPreset, PgSimplifyInflectionPreset],
  plugins: [tags],
  pgServices: [
    makePgService({
      connectionString: process.env.DATABASE_URL,
      schemas: ['public'],
      // The same pool size as Praxis's default (DATABASE_POOL_SIZE 10).
      poolConfig: {
        max: Number(process.env.POOL_SIZE ?? 10),
        // PG_PLAN_CACHE_MODE (bench/peer.ts: BENCH_PEER_PLAN_CACHE_MODE), e.g. force_custom_plan.
        ...(process.env.PG_PLAN_CACHE_MODE
          ? { options: `-c plan_cache_mode=${process.env.PG_PLAN_CACHE_MODE}` }
          : {}),
      },
    }),
  ],
  grafserv: { port, host: '127.0.0.1', graphqlPath: '/graphql', graphiql: false, watch: false },
  grafast: { explain: false },
};

const pgl = postgraphile(preset);
const serv = pgl.createServ(grafserv);
const server = createServer();
server.on('error', (err) => {
  console.error(err);
  process.exit(1);
});
await serv.addTo(server);
// Build the schema before listening: the benchmark waits for the port, then measures.
await pgl.getSchema();
server.listen(port, '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(
    `postgraphile listening on ${typeof address === 'object' && address ? address.port : '?'}\n`,
  );
});
const stop = () => {
  server.close();
  pgl.release().finally(() => process.exit(0));
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
