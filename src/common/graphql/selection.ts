import { Kind, isAbstractType, visit } from 'graphql';
import type {
  DirectiveNode,
  FieldNode,
  GraphQLResolveInfo,
  GraphQLSchema,
  OperationDefinitionNode,
} from 'graphql';
import { parseResolveInfo } from 'graphql-parse-resolve-info';
import type { ResolveTree } from 'graphql-parse-resolve-info';

/**
 * Look-ahead at a resolver's selection set (graphql-parse-resolve-info: fragments, aliases, @skip and
 * @include as the executor applies them): which fields a list statement's rows will be asked for, so that it
 * reads only the columns they need (common/db/lean-columns.ts). A field selected under several aliases is
 * merged; a selection on an interface or union applies to each of its object types.
 */
// Parsed once per field of a document, across executions: Apollo keeps each parsed document and hands the
// same field nodes to every execution of it. An entry is reused only for the same field nodes (in order),
// parent type and values of the variables that the document's @skip and @include read: the parse depends on
// nothing else that this class reads (the fields' arguments, which depend on variables too, are never read
// here).
interface Parsed {
  fieldNodes: readonly FieldNode[];
  parentType: GraphQLResolveInfo['parentType'];
  variables: string;
  selection: Selection;
}
const PARSED = new WeakMap<FieldNode, Parsed[]>();
/** Per field node: a few variants at most (different variable values, parent types of an interface field). */
const VARIANTS = 8;
const DIRECTIVE_VARIABLES = new WeakMap<OperationDefinitionNode, readonly string[]>();

/** The variables that @skip and @include read in the operation and its fragments (once per document). */
function directiveVariables(info: GraphQLResolveInfo): readonly string[] {
  let names = DIRECTIVE_VARIABLES.get(info.operation);
  if (!names) {
    const found = new Set<string>();
    const visitor = {
      Directive(node: DirectiveNode) {
        if (node.name.value !== 'skip' && node.name.value !== 'include') return;
        for (const arg of node.arguments ?? [])
          if (arg.value.kind === Kind.VARIABLE) found.add(arg.value.name.value);
      },
    };
    visit(info.operation, visitor);
    for (const fragment of Object.values(info.fragments)) visit(fragment, visitor);
    names = [...found].sort();
    DIRECTIVE_VARIABLES.set(info.operation, names);
  }
  return names;
}

const sameNodes = (a: readonly FieldNode[], b: readonly FieldNode[]) =>
  a.length === b.length && a.every((node, i) => node === b[i]);

export class Selection {
  private constructor(
    private readonly schema: GraphQLSchema,
    private readonly trees: readonly ResolveTree[],
  ) {}

  /**
   * The resolved field's own selection (nothing selected when it cannot be read). Parsed once per field of a
   * document (see PARSED): the items of a list (each network's posts, each post's comments) and every later
   * execution of the same document share it.
   */
  static of(info: GraphQLResolveInfo): Selection {
    const names = directiveVariables(info);
    const variables = names.length ? JSON.stringify(names.map((n) => info.variableValues[n] ?? null)) : '';
    const key = info.fieldNodes[0];
    const variants = PARSED.get(key) ?? [];
    const hit = variants.find(
      (p) =>
        p.parentType === info.parentType &&
        p.variables === variables &&
        sameNodes(p.fieldNodes, info.fieldNodes),
    );
    if (hit) return hit.selection;
    const tree = parseResolveInfo(info) as ResolveTree | null | undefined;
    const selection = new Selection(info.schema, tree && 'fieldsByTypeName' in tree ? [tree] : []);
    if (variants.length >= VARIANTS) variants.shift();
    variants.push({ fieldNodes: info.fieldNodes, parentType: info.parentType, variables, selection });
    PARSED.set(key, variants);
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
