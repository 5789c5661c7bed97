import { Extensions } from 'type-graphql';
import type { GraphQLField } from 'graphql';

/**
 * The most items a plain list field returns, for pricing (see operation-cost.ts): a number; or, for a
 * list as long as an argument (`nodes(ids:)`, a treaty matrix's cells and its `countryCodes`), the length
 * of that argument of the field itself or else of the nearest enclosing field that has it (`input.ids`: a
 * field of an enclosing mutation's `input`), up to `max`
 * (`max` when absent); or `'page'` for a connection's `edges`, priced by the connection's `first`.
 */
export type ListSizeSpec = number | { argument: string; max: number } | 'page';

const KEY = 'listSize';

/**
 * Declares the largest size of a list field. Every list field of the schema needs one (a test checks):
 * the cost of an operation multiplies the list's selection by it.
 */
export function ListSize(size: ListSizeSpec): MethodDecorator & PropertyDecorator {
  return Extensions({ [KEY]: size });
}

/** The declared size of a list field, if any. */
export function declaredListSize(field: GraphQLField<unknown, unknown>): ListSizeSpec | undefined {
  return field.extensions?.[KEY] as ListSizeSpec | undefined;
}

/** The most entries a history list field returns (the latest ones); histories are priced by it. */
export const MAX_HISTORY_ITEMS = 50;

/** The latest MAX_HISTORY_ITEMS entries of a history kept oldest first. */
export function latestHistory<T>(entries: T[]): T[] {
  return entries.length > MAX_HISTORY_ITEMS ? entries.slice(-MAX_HISTORY_ITEMS) : entries;
}
