import fs from 'node:fs';
import path from 'node:path';
import {
  buildSchema,
  getNamedType,
  getNullableType,
  isNonNullType,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
  isEnumType,
  isUnionType,
} from 'graphql';
import type { GraphQLSchema } from 'graphql';
import { getMetadataStorage } from 'type-graphql';
import { printSchemaSdl } from '../../src/app/schema-sdl';
import { createSchema } from '../../src/app/schema';
import { PUBLIC_OPERATIONS } from '../../src/common/auth/auth-checker';

describe('schema.graphql', () => {
  it('is exactly what the code builds (run `npm run schema:emit` after changing the API)', async () => {
    const committed = fs.readFileSync(path.resolve(__dirname, '../../schema.graphql'), 'utf8');
    expect(await printSchemaSdl()).toBe(committed);
  });
});

/**
 * Where the mutations of `schema` break the one mutation convention (docs/api.md, "Mutations: one
 * convention"): a mutation takes no argument or exactly `input: <Name>Input!` (an input object), and returns
 * `<Name>Payload!` (an object type), `<Name>` being the mutation's name in PascalCase.
 */
function mutationConventionProblems(schema: GraphQLSchema): string[] {
  const problems: string[] = [];
  const mutation = schema.getMutationType();
  for (const field of Object.values(mutation?.getFields() ?? {})) {
    const name = field.name[0].toUpperCase() + field.name.slice(1);
    const at = `Mutation.${field.name}`;
    if (field.args.length > 1) problems.push(`${at}: ${field.args.length} arguments (one \`input\` at most)`);
    const [arg] = field.args;
    if (arg) {
      if (arg.name !== 'input') problems.push(`${at}: argument \`${arg.name}\` (must be \`input\`)`);
      if (!isNonNullType(arg.type)) problems.push(`${at}: \`${arg.name}\` is nullable`);
      const inputType = getNullableType(arg.type);
      if (!isInputObjectType(inputType) || inputType.name !== `${name}Input`)
        problems.push(`${at}: \`${arg.name}\` is ${String(arg.type)} (must be ${name}Input!)`);
    }
    const payload = getNullableType(field.type);
    if (!isNonNullType(field.type) || !isObjectType(payload) || payload.name !== `${name}Payload`)
      problems.push(`${at}: returns ${String(field.type)} (must be ${name}Payload!)`);
  }
  return problems;
}

describe('the mutation convention', () => {
  it('holds for every mutation: one `input: <Name>Input!` (or none), a `<Name>Payload!` answer', async () => {
    const schema = await createSchema(null);
    expect(Object.keys(schema.getMutationType()!.getFields()).length).toBeGreaterThan(50);
    expect(mutationConventionProblems(schema)).toEqual([]);
  });

  it('reports flat arguments, other argument names and types, and answers that are not a non-null payload', () => {
    const schema = buildSchema(`
      type Query { ok: Boolean }
      type Thing { id: ID! }
      input AddThingInput { name: String! }
      input OtherInput { name: String! }
      type AddThingPayload { thing: Thing! }
      type RenameThingPayload { thing: Thing! }
      type Mutation {
        addThing(input: AddThingInput!): AddThingPayload!
        markAllRead: MarkAllReadPayload!
        renameThing(id: ID!, name: String!): Thing!
        dropThing(input: OtherInput!): Boolean!
        keepThing(input: AddThingInput): RenameThingPayload
        moveThing(data: MoveThingInput!): MoveThingPayload!
      }
      type MarkAllReadPayload { count: Int! }
      input MoveThingInput { to: String! }
      type MoveThingPayload { thing: Thing! }
    `);
    expect(mutationConventionProblems(schema)).toEqual([
      'Mutation.renameThing: 2 arguments (one `input` at most)',
      'Mutation.renameThing: argument `id` (must be `input`)',
      'Mutation.renameThing: `id` is ID! (must be RenameThingInput!)',
      'Mutation.renameThing: returns Thing! (must be RenameThingPayload!)',
      'Mutation.dropThing: `input` is OtherInput! (must be DropThingInput!)',
      'Mutation.dropThing: returns Boolean! (must be DropThingPayload!)',
      'Mutation.keepThing: `input` is nullable',
      'Mutation.keepThing: `input` is AddThingInput (must be KeepThingInput!)',
      'Mutation.keepThing: returns RenameThingPayload (must be KeepThingPayload!)',
      'Mutation.moveThing: argument `data` (must be `input`)',
    ]);
  });
});

describe('schema documentation and authorization', () => {
  it('describes every type, field, argument and enum value', async () => {
    const schema = await createSchema(null);
    const missing: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (type.name.startsWith('__') || ['String', 'Int', 'Float', 'Boolean', 'ID'].includes(type.name))
        continue;
      const isRoot = ['Query', 'Mutation', 'Subscription'].includes(type.name);
      if (!type.description && !isRoot) missing.push(type.name);
      if (isObjectType(type) || isInterfaceType(type) || isInputObjectType(type)) {
        for (const field of Object.values(type.getFields())) {
          if (!field.description) missing.push(`${type.name}.${field.name}`);
          for (const arg of 'args' in field ? field.args : []) {
            if (!arg.description) missing.push(`${type.name}.${field.name}(${arg.name})`);
          }
        }
      }
      if (isEnumType(type)) {
        for (const value of type.getValues())
          if (!value.description) missing.push(`${type.name}.${value.name}`);
      }
      if (isUnionType(type) && !type.description) missing.push(type.name);
    }
    expect(missing).toEqual([]);
  });

  it('makes an explicit authorization decision for every mutation and subscription', async () => {
    const schema = await createSchema(null);
    const authorized = new Set(getMetadataStorage().authorizedFields.map((f) => f.fieldName));
    const operations = [
      ...Object.keys(schema.getMutationType()?.getFields() ?? {}),
      ...Object.keys(schema.getSubscriptionType()?.getFields() ?? {}),
    ];
    expect(operations.length).toBeGreaterThan(0);
    const undecided = operations.filter((name) => !authorized.has(name) && !PUBLIC_OPERATIONS.has(name));
    expect(undecided).toEqual([]);
  });

  it('bounds every connection with first/after', async () => {
    const schema = await createSchema(null);
    const offenders: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (!isObjectType(type) || type.name.startsWith('__')) continue;
      for (const field of Object.values(type.getFields())) {
        if (!getNamedType(field.type).name.endsWith('Connection')) continue;
        const names = field.args.map((a) => a.name);
        if (!names.includes('first') || !names.includes('after'))
          offenders.push(`${type.name}.${field.name}`);
      }
    }
    expect(offenders).toEqual([]);
  });
});
