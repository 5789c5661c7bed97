import { Kind } from 'graphql';
import type { DocumentNode } from 'graphql';
import { BadUserInputError } from '../errors/errors';

const GRAPHQL_NAME = /^[_A-Za-z][_0-9A-Za-z]*$/;

/** The error for an `operationName` that is not a GraphQL name (it is never echoed), else null. */
export function operationNameFormatError(operationName: unknown): BadUserInputError | null {
  if (operationName === undefined || operationName === null) return null;
  if (typeof operationName === 'string' && GRAPHQL_NAME.test(operationName)) return null;
  return new BadUserInputError(
    'operationName must be a GraphQL name (letters, digits and _, not starting with a digit).',
    [{ field: 'operationName', message: 'is not a GraphQL name' }],
  );
}

export const UNKNOWN_OPERATION_MESSAGE = 'operationName names no operation of the document.';
export const AMBIGUOUS_OPERATION_MESSAGE =
  'The document has several operations: name the one to run with operationName.';

/**
 * The error when `operationName` does not pick exactly one operation of the document (not a name, names
 * none, or is missing while there are several), else null. Apollo makes the same checks over HTTP.
 */
export function operationResolutionError(
  document: DocumentNode,
  operationName: unknown,
): BadUserInputError | null {
  const format = operationNameFormatError(operationName);
  if (format) return format;
  const operations = document.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
  if (typeof operationName === 'string') {
    if (operations.some((o) => o.name?.value === operationName)) return null;
    return new BadUserInputError(UNKNOWN_OPERATION_MESSAGE, [
      { field: 'operationName', message: 'names no operation of the document' },
    ]);
  }
  if (operations.length > 1)
    return new BadUserInputError(AMBIGUOUS_OPERATION_MESSAGE, [
      { field: 'operationName', message: 'is required when the document has several operations' },
    ]);
  return null;
}
