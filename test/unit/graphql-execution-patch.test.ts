import {
  GraphQLEnumType,
  GraphQLInt,
  GraphQLList,
  GraphQLNonNull,
  GraphQLObjectType,
  GraphQLSchema,
  GraphQLString,
  execute,
  parse,
} from 'graphql';
import type { ExecutionResult } from 'graphql';

// patches/graphql+16.15.0.patch (applied by patch-package on install) changes two things in graphql-js's
// execution, for speed only:
// - getArgumentValues answers a field without arguments with `{}` at once, and fills a plain object for the
//   others. It used to fill a null-prototype object and return a spread copy of it, which V8 makes on a slow
//   path, for every field of every response (the home feed's server CPU: 3.65 → 3.24 ms per request). A field
//   node without arguments (a field whose arguments are all optional, called without them) shares one empty
//   argument-node map instead of building a null-prototype one per call.
// - executeFields (and promiseForObject, for fields that answer with promises) build each response object as a
//   plain object. V8 keeps null-prototype objects in dictionary mode: slower to fill and to serialize.
// These tests hold the behaviour the patch must keep (the arguments a resolver receives, an alias named
// "__proto__"), and that response objects are now plain.

const seen: Array<Record<string, unknown>> = [];

const Query = new GraphQLObjectType({
  name: 'Query',
  fields: {
    plain: {
      type: GraphQLString,
      resolve: (_root, args: Record<string, unknown>) => {
        seen.push(args);
        args.scribbled = true; // a resolver may change its own arguments object: the next call gets a new one
        return 'plain';
      },
    },
    later: { type: GraphQLString, resolve: () => Promise.resolve('later') },
    greet: {
      type: GraphQLString,
      args: {
        name: { type: GraphQLString, defaultValue: 'world' },
        times: { type: new GraphQLNonNull(GraphQLInt) },
        suffix: { type: GraphQLString },
      },
      resolve: (_root, args: { name: string | null; times: number; suffix?: string | null }) => {
        seen.push(args);
        return `${String(args.name)}×${args.times}${args.suffix ?? ''}`;
      },
    },
  },
});
const schema = new GraphQLSchema({ query: Query });

const run = async (query: string, variableValues?: Record<string, unknown>): Promise<ExecutionResult> =>
  await execute({ schema, document: parse(query), variableValues });

beforeEach(() => {
  seen.length = 0;
});

describe('graphql-js arguments (patched getArgumentValues)', () => {
  it('gives a field without arguments a fresh, empty, plain object on every call', async () => {
    const result = await run('{ a: plain b: plain }');
    expect(result).toEqual({ data: { a: 'plain', b: 'plain' } });
    expect(seen).toHaveLength(2);
    expect(seen[0]).not.toBe(seen[1]);
    expect(Object.getPrototypeOf(seen[1])).toBe(Object.prototype);
    expect(Object.keys(seen[1])).toEqual(['scribbled']); // only what the first call wrote on its own object
    expect(seen[0]).toEqual({ scribbled: true });
  });

  it('fills defaults, literals, variables and explicit nulls, and leaves out an absent argument', async () => {
    const result = await run(
      'query ($t: Int!, $n: String) { a: greet(times: 2) b: greet(name: "Ana", times: $t) c: greet(name: $n, times: 1) d: greet(name: null, times: 3, suffix: "!") }',
      { t: 5, n: 'Li' },
    );
    expect(result).toEqual({ data: { a: 'world×2', b: 'Ana×5', c: 'Li×1', d: 'null×3!' } });
    expect(seen).toEqual([
      { name: 'world', times: 2 },
      { name: 'Ana', times: 5 },
      { name: 'Li', times: 1 },
      { name: null, times: 3, suffix: '!' },
    ]);
    for (const args of seen) expect(Object.getPrototypeOf(args)).toBe(Object.prototype);
    // A variable that is not given: the argument is absent, not undefined-valued.
    await run('query ($n: String) { greet(name: $n, times: 1) }', {});
    expect(seen.at(-1)).toEqual({ name: 'world', times: 1 });
  });

  it('fills the defaults of a field called without arguments, on every call, in a fresh object', async () => {
    const optional = new GraphQLSchema({
      query: new GraphQLObjectType({
        name: 'Query',
        fields: {
          hello: {
            type: GraphQLString,
            args: { name: { type: GraphQLString, defaultValue: 'world' }, suffix: { type: GraphQLString } },
            resolve: (_root, args: Record<string, unknown>) => {
              seen.push(args);
              args.scribbled = true;
              return `${String(args.name)}${String(args.suffix ?? '')}`;
            },
          },
          needy: {
            type: GraphQLString,
            args: { times: { type: new GraphQLNonNull(GraphQLInt) } },
            resolve: () => 'never',
          },
        },
      }),
    });
    const result = await execute({
      schema: optional,
      document: parse('{ a: hello b: hello c: hello(suffix: "!") }'),
    });
    expect(result).toEqual({ data: { a: 'world', b: 'world', c: 'world!' } });
    expect(seen).toEqual([
      { name: 'world', scribbled: true },
      { name: 'world', scribbled: true },
      { name: 'world', suffix: '!', scribbled: true },
    ]);
    expect(seen[0]).not.toBe(seen[1]);
    // A required argument left out (validation refuses it first; execution alone still reports it).
    const missing = await execute({ schema: optional, document: parse('{ needy }') });
    expect(missing.errors?.[0]?.message).toBe('Argument "times" of required type "Int!" was not provided.');
  });

  it('still refuses a missing non-null argument value', async () => {
    const result = await run('query ($t: Int) { greet(times: $t) }', {});
    expect(result.data).toEqual({ greet: null });
    expect(result.errors?.[0]?.message).toBe(
      'Argument "times" of required type "Int!" was provided the variable "$t" which was not provided a runtime value.',
    );
    const literal = await run('{ greet(times: null) }');
    expect(literal.errors?.[0]?.message).toBe('Argument "times" of non-null type "Int!" must not be null.');
  });
});

describe('graphql-js response objects (patched executeFields and promiseForObject)', () => {
  it('are plain objects, with or without fields that answer with a promise', async () => {
    for (const query of ['{ plain }', '{ plain later }']) {
      const result = await run(query);
      expect(Object.getPrototypeOf(result.data)).toBe(Object.prototype);
    }
  });

  it('keep an alias named "__proto__" as an own field, without changing the object’s prototype', async () => {
    for (const query of ['{ __proto__: plain x: plain }', '{ __proto__: later x: later }']) {
      const result = await run(query);
      const data = result.data as Record<string, unknown>;
      expect(Object.getPrototypeOf(data)).toBe(Object.prototype);
      expect(Object.prototype.hasOwnProperty.call(data, '__proto__')).toBe(true);
      expect(Object.keys(data)).toEqual(['__proto__', 'x']);
      const value = query.includes('later') ? 'later' : 'plain';
      expect(JSON.stringify(data)).toBe(`{"__proto__":"${value}","x":"${value}"}`);
    }
  });
});

// The same patch answers a leaf field whose resolver only reads a property of its source (type-graphql's
// resolver for a plain @Field, patched to name its property under this symbol) without building the resolve
// info and the arguments object, or calling the resolver: about 450 of a feed page's 1,250 fields. Whatever is
// unusual takes graphql-js's full path, which calls the resolver and answers or fails as before.
describe('graphql-js leaf fields read from a property (patched executeField)', () => {
  const PROPERTY_READ = Symbol.for('praxis.graphql.propertyRead');
  let calls = 0;
  /** What type-graphql's patched resolver is: a property read that names the property. */
  const propertyRead = (name: string) =>
    Object.assign(
      (source: Record<string, unknown>) => {
        calls++;
        return source[name];
      },
      { [PROPERTY_READ]: name },
    );
  const Color = new GraphQLEnumType({ name: 'Color', values: { RED: { value: 'r' }, BLUE: { value: 'b' } } });
  const Item: GraphQLObjectType = new GraphQLObjectType({
    name: 'Item',
    fields: () => ({
      title: { type: GraphQLString, resolve: propertyRead('title') },
      required: { type: new GraphQLNonNull(GraphQLString), resolve: propertyRead('required') },
      count: { type: GraphQLInt, resolve: propertyRead('count') },
      color: { type: Color, resolve: propertyRead('color') },
      tags: { type: new GraphQLList(GraphQLString), resolve: propertyRead('tags') },
      child: { type: Item, resolve: propertyRead('child') },
      titled: {
        type: GraphQLString,
        args: { times: { type: new GraphQLNonNull(GraphQLInt) } },
        resolve: propertyRead('title'),
      },
    }),
  });
  let source: Record<string, unknown> = {};
  const itemSchema = new GraphQLSchema({
    query: new GraphQLObjectType({
      name: 'Query',
      fields: {
        item: { type: Item, resolve: () => source },
        rootTitle: { type: GraphQLString, resolve: propertyRead('rootTitle') },
      },
    }),
  });
  const runItem = async (query: string, rootValue?: unknown) =>
    JSON.parse(JSON.stringify(await execute({ schema: itemSchema, document: parse(query), rootValue })));

  beforeEach(() => {
    calls = 0;
  });

  it('answers leaf values (strings, numbers, enums) without calling the resolver', async () => {
    source = { title: 'Extradition', required: 'yes', count: 3, color: 'b', child: { title: 'nested' } };
    expect(await runItem('{ item { title required count color child { title } } }')).toEqual({
      data: {
        item: { title: 'Extradition', required: 'yes', count: 3, color: 'BLUE', child: { title: 'nested' } },
      },
    });
    expect(calls).toBe(1); // `child`: an object, so the full path
  });

  it('takes the full path for a missing value, a promise, an Error, a list or a source that is not an object', async () => {
    source = { title: null, count: Promise.resolve(7), tags: ['a'] };
    expect(await runItem('{ item { title count tags } }')).toEqual({
      data: { item: { title: null, count: 7, tags: ['a'] } },
    });
    expect(calls).toBe(3);
    expect(await runItem('{ rootTitle }', 'not an object')).toEqual({ data: { rootTitle: null } });
    expect(calls).toBe(4);
  });

  it('takes the full path for a field with arguments, which are checked as before', async () => {
    source = { title: 'Extradition' };
    const result = await runItem('{ item { titled } }'); // not validated: execute alone
    expect(result).toEqual({
      data: { item: { titled: null } },
      errors: [
        {
          message: 'Argument "times" of required type "Int!" was not provided.',
          locations: [{ line: 1, column: 10 }],
          path: ['item', 'titled'],
        },
      ],
    });
    expect(await runItem('{ item { titled(times: 2) } }')).toEqual({
      data: { item: { titled: 'Extradition' } },
    });
    expect(calls).toBe(1); // the resolver ran for the second query only
  });

  it('reports a getter that throws at its field, as graphql-js did, and answers the fields beside it', async () => {
    source = {
      count: 2,
      get title(): string {
        throw new Error('unreadable');
      },
    };
    const result = await runItem('{ item { count title } }');
    expect(result).toEqual({
      data: { item: { count: 2, title: null } },
      errors: [{ message: 'unreadable', locations: [{ line: 1, column: 16 }], path: ['item', 'title'] }],
    });
    expect(calls).toBe(1); // the full path called the resolver, which threw again
  });

  it('fails as graphql-js did: null for a non-null field, an Error value, a value the scalar refuses', async () => {
    source = { required: null, title: new Error('gone'), count: 'many', color: 'green' };
    const result = await runItem('{ item { title count color } other: item { required } }');
    expect(result.data).toEqual({ item: { title: null, count: null, color: null }, other: null });
    expect(result.errors).toEqual([
      { message: 'gone', locations: [{ line: 1, column: 10 }], path: ['item', 'title'] },
      {
        message: 'Int cannot represent non-integer value: "many"',
        locations: [{ line: 1, column: 16 }],
        path: ['item', 'count'],
      },
      {
        message: 'Enum "Color" cannot represent value: "green"',
        locations: [{ line: 1, column: 22 }],
        path: ['item', 'color'],
      },
      {
        message: 'Cannot return null for non-nullable field Item.required.',
        locations: [{ line: 1, column: 44 }],
        path: ['other', 'required'],
      },
    ]);
  });
});
