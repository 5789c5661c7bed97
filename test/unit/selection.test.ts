import { buildSchema, execute, parse } from 'graphql';
import type { DocumentNode, GraphQLResolveInfo } from 'graphql';
import { Selection } from '../../src/common/graphql/selection';

// Selection (src/common/graphql/selection.ts) parses a field's selection once per field of a document and keeps
// it across executions: Apollo hands every execution of a query the same parsed document. What it answers must
// still follow each execution's @skip/@include variables.

const schema = buildSchema(`
  interface Named { name: String! }
  type Person implements Named { name: String! age: Int! }
  type Robot implements Named { name: String! model: String! }
  type Query { people: [Person!]! named: [Named!]! }
`);

let seen: Selection[] = [];
const rootValue = {
  people: (_args: unknown, _ctx: unknown, info: GraphQLResolveInfo) => {
    seen.push(Selection.of(info));
    return [{ name: 'Ana', age: 30 }];
  },
  named: (_args: unknown, _ctx: unknown, info: GraphQLResolveInfo) => {
    seen.push(Selection.of(info));
    return [{ __typename: 'Person', name: 'Ana', age: 30 }];
  },
};

async function run(document: DocumentNode, variableValues: Record<string, unknown> = {}): Promise<Selection> {
  seen = [];
  const result = await execute({ schema, document, rootValue, variableValues });
  expect(result.errors).toBeUndefined();
  expect(seen).toHaveLength(1);
  return seen[0];
}

it('parses a document once: its later executions get the same selection', async () => {
  const document = parse('{ people { name age } }');
  const first = await run(document);
  expect([...first.fieldNames('Person')].sort()).toEqual(['age', 'name']);
  expect(await run(document)).toBe(first);
  // Another document with the same text is parsed afresh (nothing is keyed by text).
  expect(await run(parse('{ people { name age } }'))).not.toBe(first);
});

it("follows each execution's @include and @skip variables, in fragments too", async () => {
  const document = parse(`
    query($withAge: Boolean!, $skipName: Boolean!) {
      people { ...F age @include(if: $withAge) }
    }
    fragment F on Person { name @skip(if: $skipName) }
  `);
  const names = async (withAge: boolean, skipName: boolean) =>
    [...(await run(document, { withAge, skipName })).fieldNames('Person')].sort();
  expect(await names(true, false)).toEqual(['age', 'name']);
  expect(await names(false, false)).toEqual(['name']);
  expect(await names(true, true)).toEqual(['age']);
  expect(await names(true, false)).toEqual(['age', 'name']);
  // The same values again: the kept parse.
  const again = await run(document, { withAge: false, skipName: false });
  expect(await run(document, { withAge: false, skipName: false })).toBe(again);
});

it('answers for each type of an interface field as before', async () => {
  const document = parse('{ named { name ... on Person { age } ... on Robot { model } } }');
  const selection = await run(document);
  expect([...selection.fieldNames('Person')].sort()).toEqual(['age', 'name']);
  expect([...selection.fieldNames('Robot')].sort()).toEqual(['model', 'name']);
  expect(await run(document)).toBe(selection);
});
