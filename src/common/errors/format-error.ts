import { GraphQLError, Kind } from 'graphql';
import type { GraphQLFormattedError } from 'graphql';
import { ArgumentValidationError } from 'type-graphql';
import type { ValidationError } from 'class-validator';
import type { Logger } from 'pino';
import { ErrorCode, KNOWN_ERROR_CODES } from './error-code';
import type { FieldProblem } from './errors';
import { stripSuggestions, tokenLimitError } from '../limits/query-limits';
import { databaseFault } from './database-errors';
import { isValueRule, valueRuleError } from '../validation/rules';
import { AMBIGUOUS_OPERATION_MESSAGE, UNKNOWN_OPERATION_MESSAGE } from '../validation/operation-name';

/** The plain class-validator problems (bounds, formats, enums); value rules are reported on their own. */
function flattenValidation(errors: ValidationError[], prefix = ''): FieldProblem[] {
  const out: FieldProblem[] = [];
  for (const e of errors) {
    const field = prefix ? `${prefix}.${e.property}` : e.property;
    for (const [constraint, message] of Object.entries(e.constraints ?? {}))
      if (!isValueRule(constraint)) out.push({ field, message });
    if (e.children?.length) out.push(...flattenValidation(e.children, field));
  }
  return out;
}

// graphql-js refuses an argument value while executing (an explicit null variable for an `Int! = 20`
// argument, say) with a plain GraphQLError that has no code; it is the client's input, not our fault.
const ARGUMENT_REFUSED =
  /^Argument "([_A-Za-z][_0-9A-Za-z]*)" (of required type|of non-null type|has invalid value)/;
const ARGUMENT_PROBLEM: Record<string, string> = {
  'of required type': 'is required',
  'of non-null type': 'must not be null',
  'has invalid value': 'has an invalid value',
};

/** The argument problem of a graphql-js argument-coercion error, else null. */
function argumentProblem(error: unknown): FieldProblem | null {
  if (!(error instanceof GraphQLError) || error.originalError || error.extensions?.code) return null;
  const m = ARGUMENT_REFUSED.exec(error.message);
  return m ? { field: m[1], message: ARGUMENT_PROBLEM[m[2]] } : null;
}

/**
 * graphql-js refuses variable values before executing with a plain GraphQLError on the variable's
 * definition; Apollo calls those BAD_USER_INPUT, and so does every transport here (graphql-ws does not).
 */
function isVariableError(error: unknown): boolean {
  if (!(error instanceof GraphQLError) || error.extensions?.code) return false;
  const node = error.nodes?.length === 1 ? error.nodes[0] : undefined;
  if (node?.kind !== Kind.VARIABLE_DEFINITION) return false;
  const prefix = `Variable "$${node.variable.name.value}" `;
  return ['got invalid value ', 'of required type ', 'of non-null type '].some((p) =>
    error.message.startsWith(prefix + p),
  );
}

/** Codes that come from the GraphQL layer itself (request shape, variables), not from our code. */
const PROTOCOL_CODES: Record<string, ErrorCode> = {
  GRAPHQL_PARSE_FAILED: ErrorCode.GRAPHQL_PARSE_FAILED,
  GRAPHQL_VALIDATION_FAILED: ErrorCode.GRAPHQL_VALIDATION_FAILED,
  BAD_USER_INPUT: ErrorCode.BAD_USER_INPUT,
  BAD_REQUEST: ErrorCode.BAD_USER_INPUT,
  OPERATION_RESOLUTION_FAILURE: ErrorCode.BAD_USER_INPUT,
  UNAUTHORIZED: ErrorCode.FORBIDDEN,
};

/** Apollo's own messages for a malformed automatic persisted query (no code of their own). */
const APQ_REFUSALS: Record<string, ErrorCode> = {
  'provided sha does not match query': ErrorCode.BAD_USER_INPUT,
  'Unsupported persisted query version': ErrorCode.PERSISTED_QUERY_NOT_SUPPORTED,
};

/**
 * Shapes every error leaving the server: known errors keep their code and message, validation errors
 * list the offending fields, anything else is logged in full and masked as INTERNAL_SERVER_ERROR.
 */
export function createFormatError(
  logger: Logger,
  options: { exposeStack: boolean; hideSuggestions?: boolean },
) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = (error as { originalError?: unknown } | null)?.originalError ?? error;
    // "Did you mean ...?" reveals field and type names; production hides them (introspection is off).
    const message = options.hideSuggestions ? stripSuggestions(formatted.message) : formatted.message;
    const base = { message, locations: formatted.locations, path: formatted.path };

    if (original instanceof ArgumentValidationError) {
      const errors = original.extensions.validationErrors as ValidationError[];
      const fields = flattenValidation(errors);
      // Bounds and formats first; a value rule (a date, a URL, a country...) speaks only when they pass.
      const rule = fields.length ? null : valueRuleError(errors);
      if (rule) return { ...base, message: rule.message, extensions: { ...rule.extensions } };
      return {
        ...base,
        message: `Invalid input: ${fields.map((f) => `${f.field} ${f.message}`).join('; ')}`,
        extensions: { code: ErrorCode.BAD_USER_INPUT, fields },
      };
    }
    const argument = argumentProblem(original);
    if (argument) return { ...base, extensions: { code: ErrorCode.BAD_USER_INPUT, fields: [argument] } };
    if (isVariableError(error)) return { ...base, extensions: { code: ErrorCode.BAD_USER_INPUT } };
    const code = formatted.extensions?.code as string | undefined;
    if (code === 'OPERATION_RESOLUTION_FAILURE') {
      // Apollo's message quotes the client's operationName, whatever its length: say it in fixed words.
      const unknown = formatted.message.startsWith('Unknown operation named');
      return {
        message: unknown ? UNKNOWN_OPERATION_MESSAGE : AMBIGUOUS_OPERATION_MESSAGE,
        extensions: { code: ErrorCode.BAD_USER_INPUT },
      };
    }
    // Apollo's refusals of an automatic persisted query that carry no code: the client's fault, said so.
    const apq =
      !code || code === ErrorCode.INTERNAL_SERVER_ERROR ? APQ_REFUSALS[formatted.message] : undefined;
    if (apq) return { message: formatted.message, extensions: { code: apq } };
    const tokens = code === ErrorCode.GRAPHQL_PARSE_FAILED ? tokenLimitError(formatted.message) : null;
    if (tokens) return { message: tokens.message, extensions: tokens.extensions };
    const isOurs = !!code && KNOWN_ERROR_CODES.has(code) && code !== ErrorCode.INTERNAL_SERVER_ERROR;
    if (isOurs || (code && PROTOCOL_CODES[code])) {
      const extensions = { ...formatted.extensions, code: isOurs ? code : PROTOCOL_CODES[code!] };
      if (!options.exposeStack) delete (extensions as Record<string, unknown>).stacktrace;
      return { ...base, extensions };
    }
    const fault = databaseFault(original);
    if (fault) {
      // Transient and not the client's fault: say so (no driver detail), so that clients retry.
      logger.warn({ err: original, path: formatted.path, reason: fault.reason }, 'database fault');
      return {
        message: fault.message,
        locations: formatted.locations,
        path: formatted.path,
        extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR, reason: fault.reason, retryable: true },
      };
    }
    logger.error({ err: original, path: formatted.path }, 'unexpected error while executing an operation');
    return {
      message: 'Internal server error.',
      locations: formatted.locations,
      path: formatted.path,
      extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR },
    };
  };
}
