import type { GraphQLResolveInfo } from 'graphql';
import { Selection } from '../graphql/selection';

/**
 * Look-ahead at a field's selection set (the lean read path): whether the field being resolved selects the
 * path `path` (field names, e.g. ['edges', 'node', 'author']) under it, on any type (a wider answer only
 * reads a little more). A resolver uses it to read in its one statement what the page's nested fields will
 * need. Fragments, aliases, @skip and @include count as the executor applies them (Selection).
 */
export function selects(info: GraphQLResolveInfo, path: readonly string[]): boolean {
  let at = Selection.of(info);
  for (const name of path) {
    at = at.childOnAnyType(name);
    if (!at.selected) return false;
  }
  return true;
}
