import type { Context } from '../context';
import { registerNodeType } from './global-id';

/** How `node(id:)` fetches one type: load by local id (applying the type's visibility policy). */
export interface NodeFetcher {
  /** Returns the record if it exists and the viewer may see it, else null. */
  load(ctx: Context, id: string): Promise<object | null>;
  /** Recognises a record of this type (for the Node interface's resolveType). */
  isTypeOf(value: object): boolean;
}

const fetchers = new Map<string, NodeFetcher>();

export function registerNode(typeName: string, fetcher: NodeFetcher): void {
  registerNodeType(typeName);
  fetchers.set(typeName, fetcher);
}

export function nodeFetcher(typeName: string): NodeFetcher | undefined {
  return fetchers.get(typeName);
}

export function nodeTypeNameOf(value: object): string | undefined {
  for (const [name, f] of fetchers) if (f.isTypeOf(value)) return name;
  return undefined;
}
