import { Kind, getArgumentValues, isObjectType } from 'graphql';
import type { FieldNode, GraphQLResolveInfo, SelectionSetNode } from 'graphql';
import { empty, join, raw, sql } from '../db/sql';
import type { Sql } from '../db/sql';
import type { Context } from '../context';
import { Selection } from '../graphql/selection';
import { MAX_PAGE_SIZE } from './pagination';
import type { PageArgs } from './pagination';

/**
 * Read-ahead (issue 17): what a nested field of a record fetched by `node(id:)` will read, folded into the
 * record's own statement, so that "a post with its first comments" is one statement, not two. The module
 * that owns the nested field declares it (its manifest's `readAheads`); the module that fetches the record
 * asks `readAheadsFor` which parts its statement should carry, adds each part's SQL as one more column, and
 * hands each part its value. The part primes the nested field's loader; the field's resolver then finds its
 * answer there, or reads as usual when the look-ahead did not apply (nothing here decides what a viewer
 * sees: each part's SQL applies its own read rule, and the record's rule still guards the record).
 */
export interface ReadAheadPart {
  /** SQL for one more column of the record's statement; `idSql` is the record's id in that statement. */
  sql(idSql: string): Sql;
  /** Takes the column's value for the record `id` (primes the field's loader). */
  take(id: string, value: unknown): void;
}

/** A nested field that can be read ahead: `typeName.field`, planned from its arguments and selection. */
export interface ReadAheadDeclaration {
  typeName: string;
  field: string;
  /**
   * The part for this request, or null to let the field read by itself (arguments it would refuse, a
   * selection it cannot fold). `args` are the field's argument values (variables applied, not validated).
   */
  plan(ctx: Context, args: Record<string, unknown>, selection: Selection): ReadAheadPart | null;
}

const declarations = new Map<string, ReadAheadDeclaration[]>();

/** Registers a read-ahead (the app does, from the manifests, at schema build). */
export function registerReadAhead(declaration: ReadAheadDeclaration): void {
  const list = declarations.get(declaration.typeName) ?? [];
  if (!list.some((d) => d.field === declaration.field)) list.push(declaration);
  declarations.set(declaration.typeName, list);
}

/**
 * Where each read-ahead field of a type sits in a document's `node` selection: the one field node selecting
 * it (found once per document and field, see FOUND), or null when it is not selected exactly once without
 * @skip/@include on its way (then the field reads by itself).
 */
const FOUND = new WeakMap<FieldNode, Map<string, FieldNode | null>>();

function findField(
  selectionSet: SelectionSetNode | undefined,
  typeName: string,
  field: string,
  info: GraphQLResolveInfo,
  out: FieldNode[],
): boolean {
  for (const s of selectionSet?.selections ?? []) {
    if (s.directives?.length) {
      if (s.kind !== Kind.FIELD || s.name.value === field) return false;
      continue;
    }
    if (s.kind === Kind.FIELD) {
      if (s.name.value === field) out.push(s);
    } else if (s.kind === Kind.INLINE_FRAGMENT) {
      if (s.typeCondition && s.typeCondition.name.value !== typeName) continue;
      if (!findField(s.selectionSet, typeName, field, info, out)) return false;
    } else {
      const fragment = info.fragments[s.name.value];
      if (!fragment || fragment.typeCondition.name.value !== typeName) continue;
      if (fragment.directives?.length) return false;
      if (!findField(fragment.selectionSet, typeName, field, info, out)) return false;
    }
  }
  return true;
}

function fieldNodeOf(info: GraphQLResolveInfo, typeName: string, field: string): FieldNode | null {
  const key = info.fieldNodes[0];
  let byField = FOUND.get(key);
  if (!byField) FOUND.set(key, (byField = new Map()));
  let found = byField.get(`${typeName}.${field}`);
  if (found === undefined) {
    const out: FieldNode[] = [];
    const clean = info.fieldNodes.length === 1 && findField(key.selectionSet, typeName, field, info, out);
    found = clean && out.length === 1 ? out[0] : null;
    byField.set(`${typeName}.${field}`, found);
  }
  return found;
}

/**
 * The read-ahead parts for a record of `typeName` that the resolver of `info` (a field returning it, such as
 * `node`) hands out: one per declared field selected on it, that its declaration agreed to plan.
 */
export function readAheadsFor(ctx: Context, info: GraphQLResolveInfo, typeName: string): ReadAheadPart[] {
  const declared = declarations.get(typeName);
  if (!declared) return [];
  const type = info.schema.getType(typeName);
  if (!isObjectType(type)) return [];
  const parts: ReadAheadPart[] = [];
  for (const d of declared) {
    const node = fieldNodeOf(info, typeName, d.field);
    const def = node && type.getFields()[d.field];
    if (!node || !def) continue;
    let args: Record<string, unknown>;
    try {
      args = getArgumentValues(def, node, info.variableValues);
    } catch {
      continue; // the field's own resolution reports it
    }
    const part = d.plan(ctx, args, Selection.of(info).child(typeName, d.field));
    if (part) parts.push(part);
  }
  return parts;
}

/**
 * Whether page arguments are ones a connection field (`BidirectionalConnectionArgs`) accepts as they are: its
 * validation refuses the others, and then nothing is read ahead for it (the field reports them).
 */
export function readAheadArgs(args: PageArgs): boolean {
  const size = (n: unknown) =>
    n == null || (typeof n === 'number' && Number.isInteger(n) && n >= 1 && n <= MAX_PAGE_SIZE);
  const cursor = (c: unknown) => c == null || (typeof c === 'string' && c.length <= 500);
  return size(args.first) && size(args.last) && cursor(args.after) && cursor(args.before);
}

/** The parts' columns, to follow a record's own in its select list (`idSql`: the record's id there). */
export function readAheadColumns(parts: readonly ReadAheadPart[], idSql: string): Sql {
  return parts.length
    ? join(
        parts.map((part, i) => sql`, ${part.sql(idSql)} AS ${raw(`"readAhead${i}__"`)}`),
        '',
      )
    : empty;
}

/**
 * Takes the parts' columns out of a row of readAheadColumns (they are no column of the record) and returns
 * what hands each part its value, once the record `id` is built (and primed where it belongs).
 */
export function takeReadAheads(
  parts: readonly ReadAheadPart[],
  row: Record<string, unknown>,
): (id: string) => void {
  const values = parts.map((_, i) => {
    const value = row[`readAhead${i}__`];
    delete row[`readAhead${i}__`];
    return value;
  });
  return (id) => parts.forEach((part, i) => part.take(id, values[i]));
}
