import type { GraphQLResolveInfo } from 'graphql';
import type { Context } from '../context';
import { registerNodeType } from './global-id';

/**
 * The read rule of one GraphQL object type, in its check form: may this viewer read this loaded record?
 * Every field that hands such a record to a client (queries, `node`, nested fields, mutation payloads,
 * subscription deliveries) is checked against it by the schema guard (app/read-guard.ts).
 */
export interface ReadPolicy<T extends object = object> {
  /** Recognises a record of this type (for abstract types such as `Node` and unions). */
  isTypeOf(value: object): boolean;
  /** Whether the viewer of `ctx` may read `record`; loaders only, no writes. */
  canRead(ctx: Context, record: T): boolean | Promise<boolean>;
}

/** How `node(id:)` fetches one type: load by local id, then the type's read policy. */
export interface NodeFetcher<T extends object = object> extends ReadPolicy<T> {
  /**
   * The record with this local id, or null; no visibility rule here (canRead applies it). `info`: the
   * resolver handing it out (`node`), whose selection may fold nested reads into the record's statement
   * (common/relay/read-ahead.ts); absent on other paths.
   */
  byId(ctx: Context, id: string, info?: GraphQLResolveInfo): Promise<T | null>;
}

/** A Node type as a module declares it (its manifest's `nodes`); registered by the app at schema build. */
export interface NodeDeclaration<T extends object = object> {
  typeName: string;
  fetcher: NodeFetcher<T>;
  /**
   * How the local part of its global ids looks (a uuid when absent). A type keyed by several columns encodes
   * them in its local id (e.g. `networkId:practitionerId`), so its ids are as opaque as the others.
   */
  localId?: RegExp;
}

/** Declares a Node type (no side effect: list it in the module's manifest). */
export function nodeType<T extends object>(
  typeName: string,
  fetcher: NodeFetcher<T>,
  localId?: RegExp,
): NodeDeclaration {
  return { typeName, fetcher: fetcher as NodeFetcher, localId };
}

/** Node types by name: each fetcher is also its type's read policy. */
const fetchers = new Map<string, NodeFetcher>();

/** Registers a Node type: its global ids decode, `node` fetches it, and its read policy guards every path. */
export function registerNode<T extends object>(
  typeName: string,
  fetcher: NodeFetcher<T>,
  localId?: RegExp,
): void {
  registerNodeType(typeName, localId);
  fetchers.set(typeName, fetcher as NodeFetcher);
}

/** The type names registered so far (empty until the app registers its modules' declarations). */
export function registeredTypeNames(): string[] {
  return [...fetchers.keys()];
}

export function readPolicy(typeName: string): ReadPolicy | undefined {
  return fetchers.get(typeName);
}

/** The record with this local id if it exists and the viewer may read it, else null (`info`: see byId). */
export async function loadReadable(
  ctx: Context,
  typeName: string,
  id: string,
  info?: GraphQLResolveInfo,
): Promise<object | null> {
  const fetcher = fetchers.get(typeName);
  if (!fetcher) return null;
  const record = await fetcher.byId(ctx, id, info);
  return record && (await fetcher.canRead(ctx, record)) ? record : null;
}

/** The registered type of a record (for abstract types), or undefined. */
export function nodeTypeNameOf(value: object): string | undefined {
  for (const [name, p] of fetchers) if (p.isTypeOf(value)) return name;
  return undefined;
}
