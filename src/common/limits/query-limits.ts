import {
  GraphQLError,
  NoSchemaIntrospectionCustomRule,
  getOperationAST,
  getVariableValues,
  parse,
  specifiedRules,
  validate,
} from 'graphql';
import type { DocumentNode, GraphQLSchema, ValidationContext, ValidationRule } from 'graphql';
import { LRUCache } from 'lru-cache';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import { ErrorCode } from '../errors/error-code';
import { operationResolutionError } from '../validation/operation-name';
import { UnpriceableOperationError, priceOperation } from './operation-cost';

/** Bounds on the shape of one operation. */
export interface QueryLimits {
  maxDepth: number;
  maxCost: number;
  maxAliases: number;
  maxDirectives: number;
  maxTokens: number;
}

export type LimitKind = 'depth' | 'cost' | 'aliases' | 'directives' | 'tokens';

/** A rejected operation: GRAPHQL_VALIDATION_FAILED with the limit that was hit and its value. */
export function limitError(limit: LimitKind, message: string, max: number): GraphQLError {
  return new GraphQLError(message, {
    extensions: { code: ErrorCode.GRAPHQL_VALIDATION_FAILED, limit, max },
  });
}

/** armor's messages read "Syntax Error: Query depth limit of 5 exceeded, found 7."; keep the useful part. */
function armorReporter(limit: LimitKind, max: number) {
  return (ctx: ValidationContext | null, error: GraphQLError) => {
    ctx?.reportError(limitError(limit, error.message.replace(/^Syntax Error:\s*/, ''), max));
  };
}

/** Validation rules for depth, aliases and directives; added to graphql's specified rules. */
export function limitValidationRules(limits: QueryLimits): ValidationRule[] {
  const common = { exposeLimits: true, propagateOnRejection: false };
  return [
    maxDepthRule({
      ...common,
      n: limits.maxDepth,
      flattenFragments: true,
      ignoreIntrospection: true,
      onReject: [armorReporter('depth', limits.maxDepth)],
    }),
    maxAliasesRule({
      ...common,
      n: limits.maxAliases,
      onReject: [armorReporter('aliases', limits.maxAliases)],
    }),
    maxDirectivesRule({
      ...common,
      n: limits.maxDirectives,
      onReject: [armorReporter('directives', limits.maxDirectives)],
    }),
  ];
}

/**
 * The cost of the operation that will run, or null when execution will refuse it before any resolver
 * runs, with its own error (no such operation, several without a name, or variables that do not fit their
 * types): those errors are the client's to see, unchanged. Throws UnpriceableOperationError when the
 * operation cannot be priced (see priceOperation).
 */
export function operationCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  variables: Record<string, unknown> | undefined,
  operationName: string | undefined | null,
): number | null {
  const operation = getOperationAST(document, operationName);
  if (!operation) return null;
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], variables ?? {});
  if (coerced.errors) return null;
  return priceOperation(schema, document, operation, coerced.coerced);
}

/**
 * The cost error when the operation costs more than allowed or cannot be priced (fail closed), else null.
 */
export function checkCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  variables: Record<string, unknown> | undefined,
  operationName: string | undefined | null,
  maxCost: number,
): GraphQLError | null {
  let cost: number | null;
  try {
    cost = operationCost(schema, document, variables, operationName);
  } catch (err) {
    // Whatever cannot be priced does not run.
    const reason = err instanceof UnpriceableOperationError ? ` (${err.message})` : '';
    return limitError('cost', `Query cost could not be computed${reason}, so it is refused.`, maxCost);
  }
  if (cost === null || cost <= maxCost) return null;
  return limitError(
    'cost',
    `Query cost limit of ${maxCost} exceeded, found ${Math.min(cost, Number.MAX_SAFE_INTEGER)}. Ask for smaller pages (first), fewer nested connections or lists.`,
    maxCost,
  );
}

// graphql-js 16 spells it "more that"; accept the corrected spelling too.
const TOKEN_LIMIT = /Document contains more th(?:an|at) (\d+) tokens/;

/** The parser's token-limit syntax error, turned into a limit error like the others; else null. */
export function tokenLimitError(message: string): GraphQLError | null {
  const m = TOKEN_LIMIT.exec(message);
  if (!m) return null;
  const max = Number(m[1]);
  return limitError('tokens', `Query token limit of ${max} exceeded.`, max);
}

/** Removes graphql-js "Did you mean ...?" hints, which reveal the schema when introspection is off. */
export function stripSuggestions(message: string): string {
  return message.replace(/\s*Did you mean [^?]*\?/g, '');
}

export interface PreparedOperation {
  document: DocumentNode;
}

/**
 * Documents that parsed and validated, by their text (for one schema, limits and options), as Apollo's
 * document store does for HTTP: a thousand subscribers sending the same subscription share one parsed
 * document instead of holding a copy each (its tokens and locations included), and skip parsing and
 * validation. Bounded by the total length of the texts kept (documents take a few times their text).
 */
export class ValidatedDocuments {
  private readonly cache: LRUCache<string, DocumentNode>;
  constructor(maxTextBytes = 4 * 2 ** 20) {
    this.cache = new LRUCache<string, DocumentNode>({
      maxSize: maxTextBytes,
      sizeCalculation: (_document, text) => Math.max(1, text.length),
    });
  }
  get(text: string): DocumentNode | undefined {
    return this.cache.get(text);
  }
  set(text: string, document: DocumentNode): void {
    this.cache.set(text, document);
  }
  get size(): number {
    return this.cache.size;
  }
}

/**
 * What Apollo does for HTTP, for transports that do not run Apollo's pipeline (graphql-ws): parse with
 * the token limit, validate with the specified rules plus the limits, then check the cost (always: it
 * depends on the variables). With `documents`, a text that already parsed and validated is not parsed or
 * validated again.
 */
export function prepareOperation(
  schema: GraphQLSchema,
  payload: { query: string; variables?: Record<string, unknown> | null; operationName?: string | null },
  limits: QueryLimits,
  options: { introspection: boolean; suggestions: boolean },
  documents?: ValidatedDocuments,
): PreparedOperation | { errors: GraphQLError[] } {
  const known = documents?.get(payload.query);
  if (known) return resolveAndPrice(schema, known, payload, limits);
  let document: DocumentNode;
  try {
    document = parse(payload.query, { maxTokens: limits.maxTokens });
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const error =
      tokenLimitError(message) ??
      new GraphQLError(message, {
        extensions: { code: ErrorCode.GRAPHQL_PARSE_FAILED },
        ...(err instanceof GraphQLError ? { source: err.source, positions: err.positions } : {}),
      });
    return { errors: [error] };
  }
  const rules = [
    ...specifiedRules,
    ...limitValidationRules(limits),
    ...(options.introspection ? [] : [NoSchemaIntrospectionCustomRule]),
  ];
  const invalid = validate(schema, document, rules);
  if (invalid.length) {
    return {
      errors: invalid.map((e) =>
        e.extensions?.code
          ? e
          : new GraphQLError(options.suggestions ? e.message : stripSuggestions(e.message), {
              nodes: e.nodes,
              extensions: { code: ErrorCode.GRAPHQL_VALIDATION_FAILED },
            }),
      ),
    };
  }
  documents?.set(payload.query, document);
  return resolveAndPrice(schema, document, payload, limits);
}

/** The per-operation checks of a valid document: the operation the payload names, and its cost. */
function resolveAndPrice(
  schema: GraphQLSchema,
  document: DocumentNode,
  payload: { variables?: Record<string, unknown> | null; operationName?: string | null },
  limits: QueryLimits,
): PreparedOperation | { errors: GraphQLError[] } {
  const unresolved = operationResolutionError(document, payload.operationName);
  if (unresolved) return { errors: [unresolved] };
  const costError = checkCost(
    schema,
    document,
    payload.variables ?? undefined,
    payload.operationName,
    limits.maxCost,
  );
  return costError ? { errors: [costError] } : { document };
}
