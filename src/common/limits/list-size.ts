import { Extensions } from 'type-graphql';
import type { GraphQLField } from 'graphql';

/**
 * The most items a plain list field returns, for pricing (see operation-cost.ts): a number; or, for a
 * list of what an argument names (`nodes(ids:)`), the length of that argument up to its bound; or `'page'`
 * for a connection's `edges`, which the connection field already prices by its `first`.
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
export const MAX_HISTORY_ITEMS = 100;

/** The latest MAX_HISTORY_ITEMS entries of a history kept oldest first. */
export function latestHistory<T>(entries: T[]): T[] {
  return entries.length > MAX_HISTORY_ITEMS ? entries.slice(-MAX_HISTORY_ITEMS) : entries;
}
