import {
  GraphQLIncludeDirective,
  GraphQLSkipDirective,
  Kind,
  SchemaMetaFieldDef,
  TypeMetaFieldDef,
  TypeNameMetaFieldDef,
  getArgumentValues,
  getDirectiveValues,
  getNamedType,
  getNullableType,
  isAbstractType,
  isCompositeType,
  isListType,
  isObjectType,
  isInterfaceType,
  visit,
} from 'graphql';
import type {
  ArgumentNode,
  ASTNode,
  DirectiveNode,
  DocumentNode,
  FieldNode,
  FragmentDefinitionNode,
  GraphQLCompositeType,
  GraphQLField,
  GraphQLSchema,
  OperationDefinitionNode,
  SelectionNode,
  SelectionSetNode,
} from 'graphql';
import { declaredListSize } from './list-size';

/** A connection's default and largest page size (not imported: pagination.ts needs decorator metadata first). */
const DEFAULT_PAGE_SIZE = 20;
const MAX_PAGE_SIZE = 100;

/** A list field without a declared size (a test forbids them) is priced as a full page. */
const UNDECLARED_LIST_SIZE = MAX_PAGE_SIZE;

/**
 * Most selections one pricing visits. Each fragment is priced once, so a document visits each of its
 * selections once: under the default token limit (2,000) the bound cannot be reached; it keeps pricing
 * bounded when an operator raises MAX_TOKENS.
 */
export const MAX_PRICING_STEPS = 10_000;

/** Pricing stopped: the operation cannot be priced, so it must not run. */
export class UnpriceableOperationError extends Error {}

type Variables = Record<string, unknown>;

/** Finds the value of an argument: the nearest field (this one, then the enclosing ones) that has it. */
type ArgumentLookup = (name: string) => unknown;

/**
 * How many times a field's selection runs per parent: a connection (a field with `first`) by `first`, else
 * `last` (20 when both are absent; out-of-range values are priced at 1..100 and refused by the field as BAD_USER_INPUT);
 * a plain list by its declared size; anything else once. Introspection's lists (in-memory, off in
 * production) count as one item.
 */
function multiplier(
  parent: GraphQLCompositeType,
  field: GraphQLField<unknown, unknown>,
  args: Variables,
  argument: ArgumentLookup,
): number {
  if (field.args.some((a) => a.name === 'first')) {
    const size =
      typeof args.first === 'number'
        ? args.first
        : typeof args.last === 'number'
          ? args.last
          : DEFAULT_PAGE_SIZE;
    return Math.min(Math.max(size, 1), MAX_PAGE_SIZE);
  }
  if (!isListType(getNullableType(field.type)) || parent.name.startsWith('__')) return 1;
  const size = declaredListSize(field);
  if (size === undefined) return UNDECLARED_LIST_SIZE;
  if (size === 'page') return 1;
  if (typeof size === 'number') return size;
  const value = argument(size.argument);
  return Array.isArray(value) ? Math.min(Math.max(value.length, 1), size.max) : size.max;
}

/**
 * Prices one operation: each field costs 1 plus its selection's cost times its multiplier (above); a
 * selection on an abstract type costs the most of its possible types. Variables are global, so a
 * fragment costs the same wherever it is spread (given the lengths of the enclosing arguments that list
 * sizes read): each is priced once and its cost reused, which keeps pricing linear in the size of the
 * document (four fragments spreading each other ten times are priced by visiting each of their forty
 * spreads once, at 10^4 times the innermost one's cost). Throws UnpriceableOperationError past
 * MAX_PRICING_STEPS or on anything validation should have refused.
 */
export function priceOperation(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Variables,
): number {
  let known = PRICED.get(operation);
  if (!known || known.schema !== schema || known.document !== document) {
    known = { schema, document, ...costVariables(schema, document, operation), costs: new Map() };
    PRICED.set(operation, known);
  }
  const has = (name: string) => Object.prototype.hasOwnProperty.call(variables, name);
  const key = JSON.stringify([
    known.values.map((name) => (has(name) ? [variables[name]] : 0)),
    known.presence.map((name) => (!has(name) ? 0 : variables[name] == null ? 1 : 2)),
  ]);
  let cost = known.costs.get(key);
  if (cost === undefined) {
    cost = price(schema, document, operation, variables);
    if (known.costs.size >= PRICES_KEPT) known.costs.delete(known.costs.keys().next().value!);
    known.costs.set(key, cost);
  }
  return cost;
}

/**
 * Prices already made, per operation node (Apollo and the WebSocket document store hand every execution of
 * a text the same parsed document) and what its price can read of the variables (costVariables): the price
 * is a function of that alone, so a post fetched by id prices its operation once, not once per id.
 */
const PRICED = new WeakMap<
  OperationDefinitionNode,
  {
    schema: GraphQLSchema;
    document: DocumentNode;
    values: string[];
    presence: string[];
    costs: Map<string, number>;
  }
>();
/** Prices kept per operation (per values of the variables it reads); the oldest goes first. */
const PRICES_KEPT = 32;

/**
 * What a price can read of the variables, anywhere in the document: the values of those in size arguments
 * (`first`, `last`, and the arguments declared list sizes read, by their first name part) and in
 * @skip/@include; of every other variable in an argument, whether it is absent, null or set (a null or
 * missing value where the argument's type refuses one fails the field's arguments, which are then priced as
 * absent; a set value never reaches the price).
 */
function costVariables(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
): { values: string[]; presence: string[] } {
  const sizeNames = new Set(['first', 'last', ...sizeArguments(schema).map((n) => n.split('.')[0])]);
  const values = new Set<string>();
  const presence = new Set<string>();
  const variablesIn = (node: ASTNode, into: Set<string>) =>
    visit(node, {
      Variable(v) {
        into.add(v.name.value);
      },
    });
  const visitor = {
    Argument(node: ArgumentNode) {
      variablesIn(node.value, sizeNames.has(node.name.value) ? values : presence);
    },
    Directive(node: DirectiveNode) {
      variablesIn(node, node.name.value === 'skip' || node.name.value === 'include' ? values : presence);
      return false;
    },
  };
  visit(operation, visitor);
  for (const def of document.definitions) if (def.kind === Kind.FRAGMENT_DEFINITION) visit(def, visitor);
  return { values: [...values].sort(), presence: [...presence].filter((n) => !values.has(n)).sort() };
}

/** priceOperation's work. */
function price(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Variables,
): number {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const def of document.definitions)
    if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
  /** The arguments of the fields enclosing the selection being priced, innermost last. */
  const enclosing: Variables[] = [];
  // `input.ids` names a field of an input-object argument (a mutation's `input`).
  const argument = (name: string): unknown => {
    const [head, ...rest] = name.split('.');
    let value: unknown = enclosing.findLast((args) => Object.prototype.hasOwnProperty.call(args, head))?.[
      head
    ];
    for (const key of rest)
      value = value && typeof value === 'object' ? (value as Variables)[key] : undefined;
    return value;
  };
  /**
   * A fragment's cost per possible type of its type condition (null while being priced), by name and by
   * the sizes of the enclosing arguments that list sizes may read (the same at nearly every spread).
   */
  const fragmentCosts = new Map<string, Map<string, number> | null>();
  const argumentNames = sizeArguments(schema);
  let steps = 0;

  const fail = (reason: string): never => {
    throw new UnpriceableOperationError(reason);
  };
  const possibleTypes = (type: GraphQLCompositeType): string[] =>
    isAbstractType(type) ? schema.getPossibleTypes(type).map((t) => t.name) : [type.name];
  const compositeType = (name: string): GraphQLCompositeType => {
    const type = schema.getType(name);
    return type && isCompositeType(type) ? type : fail(`unknown type ${name}`);
  };
  const included = (node: SelectionNode): boolean =>
    !node.directives?.length ||
    (getDirectiveValues(GraphQLSkipDirective, node, variables)?.if !== true &&
      getDirectiveValues(GraphQLIncludeDirective, node, variables)?.if !== false);

  function fieldDef(parent: GraphQLCompositeType, name: string): GraphQLField<unknown, unknown> {
    if (name === TypeNameMetaFieldDef.name) return TypeNameMetaFieldDef;
    if (parent === schema.getQueryType()) {
      if (name === SchemaMetaFieldDef.name) return SchemaMetaFieldDef;
      if (name === TypeMetaFieldDef.name) return TypeMetaFieldDef;
    }
    const field = isObjectType(parent) || isInterfaceType(parent) ? parent.getFields()[name] : undefined;
    return field ?? fail(`unknown field ${parent.name}.${name}`);
  }

  function fieldCost(parent: GraphQLCompositeType, node: FieldNode): number {
    const field = fieldDef(parent, node.name.value);
    const type = getNamedType(field.type);
    let args: Variables = {};
    try {
      if (field.args.length) args = getArgumentValues(field, node, variables);
    } catch {
      args = {}; // execution fails this field before its resolver; price it with its defaults anyway
    }
    enclosing.push(args);
    try {
      const child =
        node.selectionSet && isCompositeType(type) ? maxCost(selectionCost(node.selectionSet, type)) : 0;
      return 1 + multiplier(parent, field, args, argument) * child;
    } finally {
      enclosing.pop();
    }
  }

  function fragmentCost(name: string): Map<string, number> {
    const sizes = argumentNames.map((a) => {
      const value = argument(a);
      return Array.isArray(value) ? value.length : -1;
    });
    const key = `${name}|${sizes.join(',')}`;
    const known = fragmentCosts.get(key);
    if (known) return known;
    if (known === null) fail(`fragment ${name} spreads itself`);
    const fragment = fragments.get(name) ?? fail(`unknown fragment ${name}`);
    fragmentCosts.set(key, null);
    const cost = selectionCost(fragment.selectionSet, compositeType(fragment.typeCondition.name.value));
    fragmentCosts.set(key, cost);
    return cost;
  }

  /** The cost of a selection set for each possible object type of `type`. */
  function selectionCost(set: SelectionSetNode, type: GraphQLCompositeType): Map<string, number> {
    const costs = new Map(possibleTypes(type).map((name) => [name, 0]));
    const add = (name: string, cost: number) => {
      const current = costs.get(name);
      if (current !== undefined) costs.set(name, current + cost);
    };
    for (const selection of set.selections) {
      if (++steps > MAX_PRICING_STEPS) fail(`more than ${MAX_PRICING_STEPS} selections to price`);
      if (!included(selection)) continue;
      if (selection.kind === Kind.FIELD) {
        const cost = fieldCost(type, selection);
        for (const name of costs.keys()) add(name, cost);
      } else {
        const inner =
          selection.kind === Kind.FRAGMENT_SPREAD
            ? fragmentCost(selection.name.value)
            : selectionCost(
                selection.selectionSet,
                selection.typeCondition ? compositeType(selection.typeCondition.name.value) : type,
              );
        for (const [name, cost] of inner) add(name, cost); // only the types possible here
      }
    }
    return costs;
  }

  const root =
    operation.operation === 'query'
      ? schema.getQueryType()
      : operation.operation === 'mutation'
        ? schema.getMutationType()
        : schema.getSubscriptionType();
  return maxCost(selectionCost(operation.selectionSet, root ?? fail(`no ${operation.operation} type`)));
}

const sizeArgumentsOf = new WeakMap<GraphQLSchema, string[]>();

/** The argument names that declared list sizes read (`{ argument }`), once per schema. */
function sizeArguments(schema: GraphQLSchema): string[] {
  let names = sizeArgumentsOf.get(schema);
  if (!names) {
    const found = new Set<string>();
    for (const type of Object.values(schema.getTypeMap()))
      if (isObjectType(type) || isInterfaceType(type))
        for (const field of Object.values(type.getFields())) {
          const size = declaredListSize(field);
          if (typeof size === 'object') found.add(size.argument);
        }
    names = [...found].sort();
    sizeArgumentsOf.set(schema, names);
  }
  return names;
}

function maxCost(costs: Map<string, number>): number {
  return Math.max(0, ...costs.values());
}
