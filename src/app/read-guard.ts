import {
  defaultFieldResolver,
  getNamedType,
  getNullableType,
  isAbstractType,
  isListType,
  isNonNullType,
  isObjectType,
} from 'graphql';
import type { GraphQLField, GraphQLFieldResolver, GraphQLOutputType, GraphQLSchema } from 'graphql';
import type { Context } from '../common/context';
import { NotFoundError } from '../common/errors/errors';
import { nodeTypeNameOf, readPolicy } from '../common/relay/node-registry';
import { filterMapAsyncIterable, isAsyncIterable, SKIP } from '../common/pubsub/async-iterables';

/**
 * Fields that hand out policed records without the per-record check, each with the reason it is safe
 * (mostly: the same policy was already applied in its SQL form to exactly these records). Anything else
 * returning a policed type is checked, record by record, against the type's read policy.
 */
export const UNCHECKED_FIELDS: Readonly<Record<string, string>> = {
  'Subscription.postPublished':
    'each event is delivered to the subscribers that postPolicy’s SQL form admits (one statement per event for all subscribers)',
  'Subscription.commentAdded':
    'each event is delivered to the subscribers that commentPolicy’s SQL form admits (one statement per event for all subscribers; one who subscribed after it was read is checked on its own)',
  'LoginPayload.practitioner':
    'the account the credentials just authenticated: its own profile, before the request has a viewer',
  'RefreshSessionPayload.practitioner':
    'the account the refresh token just authenticated: its own profile, before the request has a viewer',
  'CompleteLoginPayload.practitioner':
    'the account the challenge and its second factor just authenticated: its own profile, before the request has a viewer',
};

/** A connection's `Edge.node` carries rows its list selected through the type's SQL policy form. */
function isEdgeNode(typeName: string, fieldName: string): boolean {
  return typeName.endsWith('Edge') && fieldName === 'node';
}

/** Whether a field returns a policed type (an object with a read policy, or an abstract type). */
function returnsPolicedType(type: GraphQLOutputType, schema: GraphQLSchema): boolean {
  const named = getNamedType(type);
  if (isObjectType(named)) return !!readPolicy(named.name);
  if (isAbstractType(named)) return schema.getPossibleTypes(named).some((t) => !!readPolicy(t.name));
  return false;
}

interface PolicedField {
  key: string;
  field: GraphQLField<unknown, Context>;
  isSubscription: boolean;
  checked: boolean;
}

/** Every field that hands out policed records, and whether the guard checks it per record. */
function policedFields(schema: GraphQLSchema): PolicedField[] {
  const subscriptionType = schema.getSubscriptionType();
  const out: PolicedField[] = [];
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      if (!returnsPolicedType(field.type, schema)) continue;
      const key = `${type.name}.${field.name}`;
      out.push({
        key,
        field: field as GraphQLField<unknown, Context>,
        isSubscription: type === subscriptionType,
        checked: !UNCHECKED_FIELDS[key] && !isEdgeNode(type.name, field.name),
      });
    }
  }
  return out;
}

/** Where each policed field of the schema stands: checked per record, or not (with a reason). */
export function guardedFields(schema: GraphQLSchema): { checked: string[]; unchecked: string[] } {
  const fields = policedFields(schema);
  return {
    checked: fields.filter((f) => f.checked).map((f) => f.key),
    unchecked: fields.filter((f) => !f.checked).map((f) => f.key),
  };
}

const isPromise = <T>(value: T | Promise<T>): value is Promise<T> =>
  typeof (value as { then?: unknown } | null)?.then === 'function';

/**
 * Whether the viewer may read `value` (true for values of types without a policy). Synchronous when the
 * policy answers synchronously: a page of records costs no promise per record then.
 */
function mayRead(ctx: Context, value: object, typeName: string | undefined): boolean | Promise<boolean> {
  const name = typeName ?? nodeTypeNameOf(value);
  const policy = name ? readPolicy(name) : undefined;
  if (!policy) return true;
  return policy.canRead(ctx, value);
}

/**
 * The value of a policed field as the viewer may have it: unreadable records become null (nullable
 * fields), are dropped (lists) or make the field NOT_FOUND (non-null fields, e.g. a mutation payload).
 * Synchronous when every policy asked answers synchronously.
 */
function filterReadable(ctx: Context, value: unknown, type: GraphQLOutputType): unknown {
  if (value === null || value === undefined || value instanceof Error) return value;
  const nullable = getNullableType(type);
  if (isListType(nullable)) {
    const items = [...(value as Iterable<unknown>)].map((item) => {
      if (item === null || item === undefined || item instanceof Error) return item;
      const readable = filterReadable(ctx, item, nullable.ofType);
      return isPromise(readable) ? readable.then((r) => r ?? SKIP) : (readable ?? SKIP);
    });
    const kept = (all: unknown[]) => all.filter((item) => item !== SKIP);
    return items.some(isPromise) ? Promise.all(items).then(kept) : kept(items);
  }
  const named = getNamedType(type);
  const typeName = isObjectType(named) ? named.name : undefined;
  const decide = (may: boolean) => {
    if (may) return value;
    if (isNonNullType(type)) throw new NotFoundError(typeName ?? nodeTypeNameOf(value as object) ?? 'Object');
    return null;
  };
  const may = mayRead(ctx, value as object, typeName);
  return isPromise(may) ? may.then(decide) : decide(may);
}

/** A subscription event that was already resolved and checked for this subscriber. */
const DELIVERY = Symbol('checked delivery');
interface Delivery {
  [DELIVERY]: { value: unknown } | { error: unknown };
}

function guardField(field: GraphQLField<unknown, Context>, isSubscription: boolean): void {
  const resolve: GraphQLFieldResolver<unknown, Context> = field.resolve ?? defaultFieldResolver;
  if (!isSubscription) {
    field.resolve = (source, args, ctx, info) => {
      const value: unknown = resolve(source, args, ctx, info);
      return isPromise(value)
        ? value.then((v) => filterReadable(ctx, v, field.type))
        : filterReadable(ctx, value, field.type);
    };
    return;
  }
  // A subscription is checked at delivery time, for every event, with fresh loaders (memberships, blocks
  // and hiding as they are now): what the subscriber may not read is not delivered at all.
  const subscribe = field.subscribe!;
  field.subscribe = async (source, args, ctx, info) => {
    const stream = await subscribe(source, args, ctx, info);
    if (!isAsyncIterable(stream)) return stream;
    return filterMapAsyncIterable(stream, async (event) => {
      ctx.renewLoaders();
      try {
        const value = await filterReadable(
          ctx,
          await resolve(event, args, ctx, info),
          getNullableType(field.type),
        );
        if (value === null || value === undefined) return SKIP;
        return { [DELIVERY]: { value } } satisfies Delivery;
      } catch (error) {
        if (error instanceof NotFoundError) return SKIP; // gone meanwhile
        return { [DELIVERY]: { error } } satisfies Delivery;
      }
    });
  };
  field.resolve = (event) => {
    const delivery = (event as Delivery | null)?.[DELIVERY];
    if (!delivery) throw new Error('A guarded subscription received an unchecked event.');
    if ('error' in delivery) throw delivery.error;
    return delivery.value;
  };
}

/**
 * Applies every type's read policy to every field that returns records of that type (queries, `node`,
 * nested fields, mutation payloads, subscription deliveries), except the unchecked ones listed above and
 * connection edges. Run once on the built schema; the operation-table test lists what it guards.
 */
export function applyReadGuard(schema: GraphQLSchema): GraphQLSchema {
  const checked = new Set<GraphQLField<unknown, Context>>();
  for (const f of policedFields(schema))
    if (f.checked) {
      guardField(f.field, f.isSubscription);
      checked.add(f.field);
    }
  // Every other subscription, too, resolves each event with fresh loaders: nothing a delivery loads stays
  // cached for the life of the subscription (memory that grows with each event, records gone stale).
  for (const field of Object.values(schema.getSubscriptionType()?.getFields() ?? {}))
    if (!checked.has(field as GraphQLField<unknown, Context>)) renewLoadersPerEvent(field);
  return schema;
}

/** Wraps a subscription field's stream so that each event starts with a new set of loaders. */
function renewLoadersPerEvent(field: GraphQLField<unknown, Context>): void {
  const subscribe = field.subscribe;
  if (!subscribe) return;
  field.subscribe = async (source, args, ctx, info) => {
    const stream = await subscribe(source, args, ctx, info);
    if (!isAsyncIterable(stream)) return stream;
    return filterMapAsyncIterable(stream, async (event) => {
      ctx.renewLoaders();
      return event;
    });
  };
}
