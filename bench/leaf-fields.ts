/**
 * What a plain leaf field costs graphql-js, with and without the patched fast path (patches/graphql, README
 * "Patched dependencies"): a list of 50 objects with 11 leaf fields each (10 non-null strings, one nullable
 * int), executed on one schema whose resolvers name the property they read (as type-graphql's patched plain
 * `@Field` resolvers do) and on the same schema without that name (graphql-js's full path for every field).
 * Execution only, in this process, on its CPU time (user + system), after warm-up; alternated twice.
 *
 *   npx tsc -p bench/tsconfig.json && node dist/bench/leaf-fields.js
 */
import {
  GraphQLInt,
  GraphQLList,
  GraphQLNonNull,
  GraphQLObjectType,
  GraphQLSchema,
  GraphQLString,
  execute,
  parse,
} from 'graphql';
import type { GraphQLFieldConfig } from 'graphql';

const PROPERTY_READ = Symbol.for('praxis.graphql.propertyRead');
const ITEMS = 50;
const LEAVES = 11;

type Row = Record<string, unknown>;
const rows: Row[] = Array.from({ length: ITEMS }, (_, k) => {
  const row: Row = { n: k };
  for (let i = 0; i < LEAVES - 1; i++) row[`f${i}`] = `value ${i} of ${k}`;
  return row;
});

function schemaWith(named: boolean): GraphQLSchema {
  const read = (name: string) => {
    const resolve = (source: Row) => source[name];
    return named ? Object.assign(resolve, { [PROPERTY_READ]: name }) : resolve;
  };
  const fields: Record<string, GraphQLFieldConfig<Row, unknown>> = {
    n: { type: GraphQLInt, resolve: read('n') },
  };
  for (let i = 0; i < LEAVES - 1; i++)
    fields[`f${i}`] = { type: new GraphQLNonNull(GraphQLString), resolve: read(`f${i}`) };
  const Item = new GraphQLObjectType({ name: 'Item', fields });
  return new GraphQLSchema({
    query: new GraphQLObjectType({
      name: 'Query',
      fields: { items: { type: new GraphQLList(Item), resolve: () => rows } },
    }),
  });
}

const document = parse(`{ items { n ${Array.from({ length: LEAVES - 1 }, (_, i) => `f${i}`).join(' ')} } }`);
const RUNS = 5_000;

for (const named of [false, true, false, true]) {
  const schema = schemaWith(named);
  for (let i = 0; i < 2_000; i++) execute({ schema, document });
  const start = process.cpuUsage();
  for (let i = 0; i < RUNS; i++) execute({ schema, document });
  const spent = process.cpuUsage(start);
  const perRun = (spent.user + spent.system) / RUNS;
  const perField = (perRun * 1000) / (ITEMS * LEAVES);
  console.log(
    `${named ? 'property named (fast path)' : 'resolver only (full path) '}  ` +
      `${perRun.toFixed(1)} µs per execution, ${perField.toFixed(0)} ns per leaf field`,
  );
}
