/**
 * What the operation limits cost per request: the benchmark's own operations, with their real variables,
 * checked the way a request is (parse with the token limit, graphql's validation plus the depth, alias and
 * directive rules, then the cost pricing), against the same request with only what graphql-js itself needs
 * (parse and the specified validation rules). The schema is the server's, built in this process over the
 * benchmark's database, so field prices and list sizes are the real ones.
 */
import { parse, specifiedRules, validate } from 'graphql';
import type { GraphQLSchema } from 'graphql';
import pino from 'pino';
import { performance } from 'node:perf_hooks';
import { loadConfig } from '../src/config/config';
import { createDataSource } from '../src/db/data-source';
import { ReferenceCatalog } from '../src/modules/reference/reference.catalog';
import { createServices } from '../src/app/services';
import { createSchema } from '../src/app/schema';
import { checkCost, limitValidationRules, prepareOperation } from '../src/common/limits/query-limits';
import type { QueryLimits } from '../src/common/limits/query-limits';

export interface LimitsCost {
  operation: string;
  /** Microseconds per operation: parse + specified rules only. */
  bareMicros: number;
  /** Microseconds per operation: parse with the token limit, rules plus limits, and pricing (WebSocket). */
  limitedMicros: number;
  /**
   * Microseconds per operation of the pricing alone: over HTTP, Apollo keeps validated documents (its
   * document store), so a request whose text was seen before is only priced (variables change the price).
   */
  pricingMicros: number;
  /** The operation's measured throughput under load, carried through for the report. */
  rps: number;
}

export interface PricedOperation {
  name: string;
  query: string;
  variables: Record<string, unknown>;
  rps: number;
}

function timePerCall(fn: () => void, minMs = 1500): number {
  for (let i = 0; i < 200; i++) fn(); // warm-up (JIT)
  let n = 0;
  const started = performance.now();
  let elapsed = 0;
  while (elapsed < minMs) {
    for (let i = 0; i < 100; i++) fn();
    n += 100;
    elapsed = performance.now() - started;
  }
  return (elapsed * 1000) / n;
}

/** Builds the server's schema over `databaseUrl` and times the checks of each operation. */
export async function measureLimitsCost(
  databaseUrl: string,
  jwtSecret: string,
  operations: PricedOperation[],
): Promise<LimitsCost[]> {
  const config = loadConfig({ NODE_ENV: 'production', DATABASE_URL: databaseUrl, JWT_SECRET: jwtSecret });
  const logger = pino({ level: 'warn' });
  const database = createDataSource(config.database, logger);
  await database.dataSource.initialize();
  let schema: GraphQLSchema;
  try {
    const catalog = await ReferenceCatalog.load(database.dataSource);
    schema = await createSchema(createServices(database.dataSource, catalog, config, null));
  } finally {
    await database.dataSource.destroy();
  }
  const limits: QueryLimits = config.limits;
  const options = { introspection: false, suggestions: false };
  return operations.map(({ name, query, variables, rps }) => {
    const checked = prepareOperation(schema, { query, variables }, limits, options);
    if ('errors' in checked)
      throw new Error(`${name} is refused by the limits: ${checked.errors.map((e) => e.message).join('; ')}`);
    const bareMicros = timePerCall(() => {
      const errors = validate(schema, parse(query), specifiedRules);
      if (errors.length) throw errors[0];
    });
    const limitedMicros = timePerCall(() => {
      if ('errors' in prepareOperation(schema, { query, variables }, limits, options))
        throw new Error('refused');
    });
    const document = parse(query);
    const rules = [...specifiedRules, ...limitValidationRules(limits)];
    if (validate(schema, document, rules).length) throw new Error(`${name} fails validation`);
    const pricingMicros = timePerCall(() => {
      if (checkCost(schema, document, variables, undefined, limits.maxCost)) throw new Error('refused');
    });
    return { operation: name, bareMicros, limitedMicros, pricingMicros, rps };
  });
}
