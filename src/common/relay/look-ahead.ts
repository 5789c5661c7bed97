import { Kind } from 'graphql';
import type { GraphQLResolveInfo, SelectionSetNode } from 'graphql';

type Fragments = GraphQLResolveInfo['fragments'];

/**
 * Look-ahead at a field's selection set (the lean read path): whether the fields being resolved select the
 * path `path` (field names, e.g. ['edges', 'node', 'author']) under them, through inline fragments and
 * fragment spreads whatever their type condition (a wider answer only reads a little more). A resolver
 * uses it to read in its one statement what the page's nested fields will need. Directives (@skip,
 * @include) are not evaluated: a skipped field counts as selected. Validated documents have no fragment
 * cycles.
 */
export function selects(
  info: Pick<GraphQLResolveInfo, 'fieldNodes' | 'fragments'>,
  path: readonly string[],
): boolean {
  return info.fieldNodes.some((f) => selectsFrom(f.selectionSet, path, info.fragments));
}

function selectsFrom(
  set: SelectionSetNode | undefined,
  path: readonly string[],
  fragments: Fragments,
): boolean {
  if (!set) return false;
  const [name, ...rest] = path;
  for (const s of set.selections) {
    if (s.kind === Kind.FIELD) {
      if (s.name.value === name && (!rest.length || selectsFrom(s.selectionSet, rest, fragments)))
        return true;
    } else if (s.kind === Kind.INLINE_FRAGMENT) {
      if (selectsFrom(s.selectionSet, path, fragments)) return true;
    } else if (selectsFrom(fragments[s.name.value]?.selectionSet, path, fragments)) return true;
  }
  return false;
}
