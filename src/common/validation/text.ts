import {
  defaultFieldResolver,
  getNamedType,
  getNullableType,
  isInputObjectType,
  isListType,
  isObjectType,
} from 'graphql';
import type {
  GraphQLArgument,
  GraphQLField,
  GraphQLFieldResolver,
  GraphQLInputField,
  GraphQLInputObjectType,
  GraphQLInputType,
  GraphQLSchema,
} from 'graphql';
import { Extensions } from 'type-graphql';
import { BadUserInputError } from '../errors/errors';
import type { FieldProblem } from '../errors/errors';

/**
 * Text hygiene for every String a client sends (arguments and input-object fields, nested and in lists),
 * checked in one place before any resolver runs, over HTTP and WebSocket alike.
 *
 * Refused everywhere: NUL and the other C0/C1 control characters (PostgreSQL cannot store NUL; the others
 * corrupt logs, terminals and exports), DEL, lone UTF-16 surrogates (they would be silently replaced by
 * U+FFFD when stored), the bidirectional embeddings, overrides and isolates U+202A–U+202E and
 * U+2066–U+2069 ("Trojan Source": they make a title or name display differently from what it is), the
 * interlinear annotation characters U+FFF9–U+FFFB and the noncharacters U+FFFE/U+FFFF.
 *
 * Single-line text (the default: titles, names, e-mail addresses, codes, filters...) also refuses tab,
 * line feed, carriage return and the Unicode line/paragraph separators U+2028/U+2029. A field opts into
 * line breaks and tabs with `@MultiLine()` (an input or args-type property) or `@MultiLineArgs('name')` (a
 * resolver method whose `@Arg` is multi-line text), so that a new field gets the strict default.
 *
 * Left alone on purpose: the directional marks U+200E, U+200F and U+061C and the joiners U+200C/U+200D,
 * which Arabic, Persian and Indic text and emoji sequences need and which cannot reverse a run of text.
 */

const TEXT_MODE = 'textMode';
const MULTI_LINE_ARGS = 'multiLineArgs';

/** Marks an input-type or args-type field as multi-line text: tab and line breaks are allowed in it. */
export function MultiLine(): PropertyDecorator {
  return Extensions({ [TEXT_MODE]: 'multi-line' }) as PropertyDecorator;
}

/** Marks `@Arg` parameters of a query, mutation or field resolver as multi-line text. */
export function MultiLineArgs(...argNames: string[]): MethodDecorator {
  return Extensions({ [MULTI_LINE_ARGS]: argNames }) as MethodDecorator;
}

// Always refused: C0 controls except tab, LF and CR; DEL and C1 controls; bidi embeddings, overrides and
// isolates; interlinear annotations; the noncharacters U+FFFE and U+FFFF.
const ALWAYS_REFUSED =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069\uFFF9-\uFFFB\uFFFE\uFFFF]/;
/** An unpaired UTF-16 surrogate (it would be replaced by U+FFFD when stored). */
export const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const LINE_BREAKS_AND_TAB = /[\t\n\r\u2028\u2029]/;

/** Why a text value is refused, or null when it is acceptable. */
export function textProblem(value: string, multiLine: boolean): string | null {
  if (LONE_SURROGATE.test(value)) return 'must not contain an unpaired UTF-16 surrogate';
  const bad = ALWAYS_REFUSED.exec(value);
  if (bad) return `must not contain the control or formatting character ${codePointName(bad[0])}`;
  if (!multiLine) {
    const brk = LINE_BREAKS_AND_TAB.exec(value);
    if (brk) return `must be a single line (no tab or line break: ${codePointName(brk[0])})`;
  }
  return null;
}

function codePointName(ch: string): string {
  return `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** Collects the problems of one value; `path` names it as the client wrote it (`input.title`, `ids[0]`). */
type Check = (value: unknown, path: string, problems: FieldProblem[]) => void;

const isText = (type: GraphQLInputType) => getNamedType(type).name === 'String';

function checkText(multiLine: boolean): Check {
  return (value, path, problems) => {
    if (typeof value !== 'string') return;
    const message = textProblem(value, multiLine);
    if (message) problems.push({ field: path, message });
  };
}

/** Builds the check for values of `type`, or null when the type can hold no String. */
function checkerFor(
  type: GraphQLInputType,
  multiLine: boolean,
  objects: Map<GraphQLInputObjectType, Check | null>,
): Check | null {
  const inner = getNullableType(type);
  if (isListType(inner)) {
    const item = checkerFor(inner.ofType as GraphQLInputType, multiLine, objects);
    if (!item) return null;
    return (value, path, problems) => {
      if (Array.isArray(value)) value.forEach((v, i) => item(v, `${path}[${i}]`, problems));
      else item(value, path, problems); // a single value given for a list (input coercion)
    };
  }
  if (isInputObjectType(inner)) return objectChecker(inner, objects);
  return isText(inner) ? checkText(multiLine) : null;
}

function objectChecker(
  type: GraphQLInputObjectType,
  objects: Map<GraphQLInputObjectType, Check | null>,
): Check | null {
  if (objects.has(type)) return objects.get(type)!;
  // Recursive input types: refer to the map lazily; the entry is filled below.
  objects.set(type, (value, path, problems) => objects.get(type)?.(value, path, problems));
  const fields = Object.values(type.getFields())
    .map((f: GraphQLInputField) => ({
      name: f.name,
      check: checkerFor(f.type, f.extensions?.[TEXT_MODE] === 'multi-line', objects),
    }))
    .filter((f): f is { name: string; check: Check } => !!f.check);
  const check: Check | null = fields.length
    ? (value, path, problems) => {
        if (value === null || typeof value !== 'object') return;
        const record = value as Record<string, unknown>;
        for (const f of fields)
          if (record[f.name] != null) f.check(record[f.name], path ? `${path}.${f.name}` : f.name, problems);
      }
    : null;
  objects.set(type, check);
  return check;
}

/** One argument's check, and the path its problems are named under. */
interface ArgumentCheck {
  name: string;
  path: string;
  check: Check;
}

function argumentChecks(
  parent: string,
  field: GraphQLField<unknown, unknown>,
  objects: Map<GraphQLInputObjectType, Check | null>,
  isMutation: boolean,
): ArgumentCheck[] {
  const multiLineArgs = (field.extensions?.[MULTI_LINE_ARGS] as string[] | undefined) ?? [];
  for (const name of multiLineArgs) {
    const arg = field.args.find((a) => a.name === name);
    if (!arg || !isText(arg.type))
      throw new Error(
        `@MultiLineArgs('${name}') on ${parent}.${field.name}: no String argument of that name`,
      );
  }
  return field.args
    .map((a: GraphQLArgument) => ({
      name: a.name,
      // A mutation's one `input` argument is the mutation's arguments: its fields are named as they are
      // (`body`, not `input.body`), like every other error about them.
      path: isMutation && a.name === 'input' ? '' : a.name,
      check: checkerFor(
        a.type,
        multiLineArgs.includes(a.name) || a.extensions?.[TEXT_MODE] === 'multi-line',
        objects,
      ),
    }))
    .filter((a): a is ArgumentCheck => !!a.check);
}

function guarded<TArgs extends Record<string, unknown>>(
  resolve: GraphQLFieldResolver<unknown, unknown, TArgs>,
  checks: ArgumentCheck[],
): GraphQLFieldResolver<unknown, unknown, TArgs> {
  return (source, args, context, info) => {
    const problems: FieldProblem[] = [];
    for (const { name, path, check } of checks) if (args[name] != null) check(args[name], path, problems);
    if (problems.length)
      throw new BadUserInputError(
        `Invalid text: ${problems.map((p) => `${p.field} ${p.message}`).join('; ')}.`,
        problems,
      );
    return resolve(source, args, context, info);
  };
}

/**
 * Wraps the resolver of every field that takes text (directly or inside input objects) so that bad text is
 * refused as BAD_USER_INPUT before the resolver runs. Arguments reach resolvers already coerced, so inline
 * literals and variables are checked alike. Subscription fields are checked once, when subscribing.
 */
export function guardTextInput(schema: GraphQLSchema): GraphQLSchema {
  const objects = new Map<GraphQLInputObjectType, Check | null>();
  const subscription = schema.getSubscriptionType();
  const mutation = schema.getMutationType();
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      const checks = argumentChecks(type.name, field, objects, type === mutation);
      if (!checks.length) continue;
      if (type === subscription && field.subscribe) field.subscribe = guarded(field.subscribe, checks);
      else field.resolve = guarded(field.resolve ?? defaultFieldResolver, checks);
    }
  }
  return schema;
}

/** Every text argument and input field of the schema that allows line breaks (for review in a test). */
export function multiLineTextFields(schema: GraphQLSchema): string[] {
  const out: string[] = [];
  for (const type of Object.values(schema.getTypeMap())) {
    if (type.name.startsWith('__')) continue;
    if (isInputObjectType(type))
      for (const f of Object.values(type.getFields()))
        if (isText(f.type) && f.extensions?.[TEXT_MODE] === 'multi-line') out.push(`${type.name}.${f.name}`);
    if (isObjectType(type))
      for (const field of Object.values(type.getFields())) {
        const named = (field.extensions?.[MULTI_LINE_ARGS] as string[] | undefined) ?? [];
        for (const a of field.args)
          if (isText(a.type) && (named.includes(a.name) || a.extensions?.[TEXT_MODE] === 'multi-line'))
            out.push(`${type.name}.${field.name}(${a.name})`);
      }
  }
  return out.sort();
}
