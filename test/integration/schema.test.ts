import fs from 'node:fs';
import path from 'node:path';
import {
  getNamedType,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
  isEnumType,
  isUnionType,
} from 'graphql';
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
