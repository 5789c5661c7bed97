/**
 * The reviewed table of guards (docs/authorization.md): every query, mutation and subscription, every field
 * with a coarse guard, and every field that hands out policed records, with the guard the code really
 * applies. A new operation, or a changed guard, fails here until the table (and so a reviewer) agrees.
 */
import fs from 'node:fs';
import path from 'node:path';
import { getNamedType, isObjectType } from 'graphql';
import type { GraphQLSchema } from 'graphql';
import { getMetadataStorage } from 'type-graphql';
import { createSchema } from '../../src/app/schema';
import { guardedFields } from '../../src/app/read-guard';
import { PUBLIC_OPERATIONS } from '../../src/common/auth/auth-checker';

const TABLE = path.resolve(__dirname, '../../docs/authorization.md');

interface Row {
  field: string;
  guard: string;
  records: string;
}

function generate(schema: GraphQLSchema): Row[] {
  const storage = getMetadataStorage();
  const roles = (target: unknown, method: string): string | null => {
    const a = storage.authorizedFields.find((f) => f.target === target && f.fieldName === method);
    if (!a) return null;
    return a.roles.length ? a.roles.join(', ') : 'signed in';
  };
  const { checked, unchecked } = guardedFields(schema);
  const records = (key: string): string => {
    const [typeName, fieldName] = key.split('.');
    const type = schema.getType(typeName);
    const named = isObjectType(type) ? getNamedType(type.getFields()[fieldName].type) : null;
    if (checked.includes(key)) return `checked: ${named?.name ?? '?'}`;
    if (unchecked.includes(key)) return `unchecked: ${named?.name ?? '?'}`;
    return '—';
  };
  const rows = new Map<string, Row>();
  const add = (field: string, guard: string) => rows.set(field, { field, guard, records: records(field) });
  for (const [kind, list] of [
    ['Query', storage.queries],
    ['Mutation', storage.mutations],
    ['Subscription', storage.subscriptions],
  ] as const) {
    for (const op of list) {
      const guard = PUBLIC_OPERATIONS.has(op.methodName)
        ? 'public'
        : (roles(op.target, op.methodName) ?? 'NONE');
      add(`${kind}.${op.schemaName}`, guard);
    }
  }
  for (const fr of storage.fieldResolvers) {
    const guard = roles(fr.target, fr.methodName);
    if (!guard) continue;
    const cls = fr.getObjectType?.();
    const typeName = storage.objectTypes.find((o) => o.target === cls)?.name;
    if (typeName) add(`${typeName}.${fr.schemaName}`, guard);
  }
  for (const key of [...checked, ...unchecked]) if (!rows.has(key)) add(key, '—');
  return [...rows.values()].sort((a, b) => a.field.localeCompare(b.field));
}

function committed(): Row[] {
  const text = fs.readFileSync(TABLE, 'utf8');
  return text
    .split('\n')
    .filter((l) => /^\|\s*`[A-Za-z]+\.[A-Za-z]+`\s*\|/.test(l))
    .map((l) => {
      const cells = l.split('|').map((c) => c.trim());
      return { field: cells[1].replace(/`/g, ''), guard: cells[2], records: cells[3] };
    });
}

describe('the reviewed table of operations and their guards (docs/authorization.md)', () => {
  it('lists every operation and guarded field with the guard the code applies', async () => {
    const schema = await createSchema(null);
    const actual = generate(schema);
    const table = committed();
    const line = (r: Row) => `| \`${r.field}\` | ${r.guard} | ${r.records} |`;
    const expected = new Set(table.map(line));
    const missing = actual.filter((r) => !expected.has(line(r))).map(line);
    const stale = table.filter((r) => !actual.some((a) => line(a) === line(r))).map(line);
    // On failure: review the operation, then copy the missing rows (with a note) into docs/authorization.md.
    expect({ missing, stale }).toEqual({ missing: [], stale: [] });
  });

  it('leaves no operation without a decision', async () => {
    const schema = await createSchema(null);
    expect(generate(schema).filter((r) => r.guard === 'NONE')).toEqual([]);
  });
});
