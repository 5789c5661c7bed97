import { isAbstractType } from 'graphql';
import type { FieldNode, GraphQLResolveInfo, GraphQLSchema } from 'graphql';
import { parseResolveInfo } from 'graphql-parse-resolve-info';
import type { ResolveTree } from 'graphql-parse-resolve-info';

/**
 * Look-ahead at a resolver's selection set (graphql-parse-resolve-info: fragments, aliases, @skip and
 * @include as the executor applies them): which fields a list statement's rows will be asked for, so that it
 * reads only the columns they need (common/db/lean-columns.ts). A field selected under several aliases is
 * merged; a selection on an interface or union applies to each of its object types.
 */
// Keyed by the operation's variables (one object per execution: @skip/@include depend on them) and the
// field's nodes (one array for every item of a list).
const PARSED = new WeakMap<object, WeakMap<readonly FieldNode[], Selection>>();

export class Selection {
  private constructor(
    private readonly schema: GraphQLSchema,
    private readonly trees: readonly ResolveTree[],
  ) {}

  /**
   * The resolved field's own selection (nothing selected when it cannot be read). Parsed once per operation
   * and field: the items of a list (each network's posts, each post's comments) share their field nodes.
   */
  static of(info: GraphQLResolveInfo): Selection {
    let byFields = PARSED.get(info.variableValues);
    if (!byFields) PARSED.set(info.variableValues, (byFields = new WeakMap()));
    let selection = byFields.get(info.fieldNodes);
    if (!selection) {
      const tree = parseResolveInfo(info) as ResolveTree | null | undefined;
      selection = new Selection(info.schema, tree && 'fieldsByTypeName' in tree ? [tree] : []);
      byFields.set(info.fieldNodes, selection);
    }
    return selection;
  }

  /** The selections under field `name` of the objects of type `typeName` selected here. */
  child(typeName: string, name: string): Selection {
    const out: ResolveTree[] = [];
    for (const fields of this.on(typeName))
      for (const f of Object.values(fields)) if (f.name === name) out.push(f);
    return new Selection(this.schema, out);
  }

  /** The selections under field `name` whatever the type it is selected on. */
  childOnAnyType(name: string): Selection {
    const out: ResolveTree[] = [];
    for (const tree of this.trees)
      for (const fields of Object.values(tree.fieldsByTypeName))
        for (const f of Object.values(fields)) if (f.name === name) out.push(f);
    return new Selection(this.schema, out);
  }

  /** The names of the fields selected here on objects of type `typeName`. */
  fieldNames(typeName: string): Set<string> {
    const names = new Set<string>();
    for (const fields of this.on(typeName)) for (const f of Object.values(fields)) names.add(f.name);
    return names;
  }

  /** Whether the field was selected at all. */
  get selected(): boolean {
    return this.trees.length > 0;
  }

  private on(typeName: string): Array<Record<string, ResolveTree>> {
    const out: Array<Record<string, ResolveTree>> = [];
    for (const tree of this.trees)
      for (const [type, fields] of Object.entries(tree.fieldsByTypeName)) {
        if (type === typeName) out.push(fields);
        else {
          const t = this.schema.getType(type);
          if (t && isAbstractType(t) && this.schema.getPossibleTypes(t).some((p) => p.name === typeName))
            out.push(fields);
        }
      }
    return out;
  }
}
