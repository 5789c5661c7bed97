import {
  createSourceEventStream,
  execute,
  getNamedType,
  print,
  subscribe,
  TypeInfo,
  visit,
  visitWithTypeInfo,
  BREAK,
} from 'graphql';
import type { DocumentNode, ExecutionArgs, ExecutionResult, GraphQLSchema } from 'graphql';
import { MODERATION_ROLES, Role, VerificationStatus } from '../auth/role';
import type { Viewer } from '../auth/viewer';
import type { Context } from '../context';
import type { Language } from '../i18n/language';
import { filterMapAsyncIterable, isAsyncIterable } from '../pubsub/async-iterables';

/**
 * The fields whose value is the same for every ordinary verified member who may receive an event: they
 * read the event's records, the reference catalogue and the request's language, never the viewer. A
 * subscription that selects only these is executed once per event (per language, document and variables)
 * for all such subscribers of this instance, instead of once per subscriber. Whoever receives an event is
 * still decided per subscriber by the subscription's own filter (audience, visibility, blocks, mutes).
 *
 * Adding a field here is a promise that its resolver does not depend on `ctx.viewer` for a verified MEMBER
 * or EXPERT (e.g. `Post.author` qualifies: every verified member sees a verified author, and an unverified
 * author is hidden from all of them alike). Viewer flags, contact details, connections and anything
 * filtered by blocks must never be listed.
 */
export const SHARED_FIELDS: Readonly<Record<string, readonly string[]>> = {
  Subscription: ['postPublished'],
  Post: [
    'id',
    'title',
    'summary',
    'body',
    'bodyHtml', // rendered from the body alone (memoised per shared execution)
    'language',
    'visibility',
    'status',
    'featured',
    'publishedAt',
    'createdAt',
    'editedAt',
    'countries',
    'thematicAreas',
    'endorsementCount',
    'commentCount',
    'author',
  ],
  Practitioner: ['id', 'displayName', 'profession', 'organization', 'position', 'country'],
  Country: ['code', 'alpha3', 'name'],
  ThematicArea: ['code', 'name', 'description'],
};

const SHARED = new Set(
  Object.entries(SHARED_FIELDS).flatMap(([type, fields]) => fields.map((f) => `${type}.${f}`)),
);

/** Whether every field the document selects, on every type, is in SHARED_FIELDS (`__typename` too). */
export function selectsSharedFieldsOnly(schema: GraphQLSchema, document: DocumentNode): boolean {
  return selectsOnly(schema, document, SHARED);
}

/** Whether the document is a subscription whose every field (`__typename` aside) is in `allowed`. */
function selectsOnly(schema: GraphQLSchema, document: DocumentNode, allowed: ReadonlySet<string>): boolean {
  const typeInfo = new TypeInfo(schema);
  let shared = true;
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      OperationDefinition(node) {
        if (node.operation !== 'subscription') {
          shared = false;
          return BREAK;
        }
        return undefined;
      },
      Field(node) {
        if (node.name.value === '__typename') return undefined;
        const parent = typeInfo.getParentType();
        const parentName = parent ? getNamedType(parent).name : null;
        if (!parentName || !allowed.has(`${parentName}.${node.name.value}`)) {
          shared = false;
          return BREAK;
        }
        return undefined;
      },
    }),
  );
  return shared;
}

/**
 * Subscription payloads shared by a group of subscribers (issue 13, Performance: question fan-out). The
 * subscription's own filter decides, per subscriber and per event, whether to deliver and to which group the
 * subscriber belongs (e.g. question moderators, the asker, other participants), and hands every member of a
 * group the same payload object, marked with SHARED_BY_GROUP. A subscription selecting only
 * GROUP_SHARED_FIELDS then gets that payload executed once (per language, document and variables) with the
 * context of the first member of the group it is delivered to, and the result reused by the others.
 *
 * Adding a field here is a promise that, for two subscribers the filter put in the same group, its value is
 * the same: it reads the event's records, the reference catalogue, the language, and of the viewer only what
 * the group is made of (the subscription's filter documents it). Viewer flags outside the group's definition
 * (`viewerHasUpvoted`, `viewerCan*`), contact details and anything filtered by blocks must never be listed; a
 * subscription selecting them is executed per subscriber.
 */
export const SHARED_BY_GROUP = Symbol('payload shared by a group of subscribers');

export const GROUP_SHARED_FIELDS: Readonly<Record<string, readonly string[]>> = {
  // The group: question moderator or not, the viewer's role, whether the viewer asked the question.
  Subscription: ['liveEventQuestionChanged'],
  LiveEventQuestionChangedPayload: ['change', 'questionId', 'question'],
  LiveEventQuestion: [
    'id',
    'body',
    'bodyHtml',
    'language',
    'status',
    'isAnonymous',
    'isPinned',
    'upvoteCount',
    'publishedAt',
    'answeredAt',
    'answerMode',
    'createdAt',
    'updatedAt',
    'answer',
    'answerHtml',
    'dismissReason',
    'author', // anonymity: the asker and question moderators (groups of their own) see who asked
    'viewerIsAuthor', // the asker is a group of its own
  ],
  Practitioner: ['id', 'displayName', 'profession', 'organization', 'position', 'country'],
  Country: ['code', 'alpha3', 'name'],
};

const GROUP_SHARED = new Set(
  Object.entries(GROUP_SHARED_FIELDS).flatMap(([type, fields]) => fields.map((f) => `${type}.${f}`)),
);

/** Whether every field the document selects is in GROUP_SHARED_FIELDS (`__typename` too). */
export function selectsGroupSharedFieldsOnly(schema: GraphQLSchema, document: DocumentNode): boolean {
  return selectsOnly(schema, document, GROUP_SHARED);
}

/** Whether a subscription payload is one object handed to a whole group of subscribers. */
function isGroupPayload(payload: unknown): payload is object {
  return payload !== null && typeof payload === 'object' && SHARED_BY_GROUP in payload;
}

/** Members whose view of the shared fields is the neutral member's: verified, not moderators, not suspended. */
function isOrdinaryMember(viewer: Viewer | null): boolean {
  return (
    viewer?.verification === VerificationStatus.VERIFIED &&
    !MODERATION_ROLES.includes(viewer.role) &&
    !viewer.suspended
  );
}

/** A verified member who is nobody: the viewer the shared executions run as. */
export const NEUTRAL_MEMBER: Viewer = {
  id: '00000000-0000-0000-0000-000000000000',
  sessionId: '00000000-0000-0000-0000-000000000000',
  role: Role.MEMBER,
  verification: VerificationStatus.VERIFIED,
};

/**
 * graphql-ws's `subscribe`: like graphql-js's, except that an ordinary member's subscription selecting only
 * SHARED_FIELDS gets, for each event, the result executed once for all of them (as NEUTRAL_MEMBER, with a
 * fresh context of the subscriber's language) and reused while the event object lives. Every other
 * subscription runs graphql-js's `subscribe` unchanged.
 */
export function createSharedSubscribe(neutralContext: (language: Language) => Context) {
  const sharedDocuments = new WeakMap<DocumentNode, boolean>();
  const results = new WeakMap<object, Map<string, Promise<ExecutionResult>>>();
  const groupDocuments = new WeakMap<DocumentNode, boolean>();
  const groupResults = new WeakMap<object, Map<string, Promise<ExecutionResult>>>();
  const printed = new WeakMap<DocumentNode, string>();

  /** What makes two subscribers' executions of one payload the same: language, document, operation, variables. */
  function executionKey(ctx: Context, args: ExecutionArgs): string {
    let text = printed.get(args.document);
    if (text === undefined) printed.set(args.document, (text = print(args.document)));
    return JSON.stringify([ctx.language, text, args.operationName ?? null, args.variableValues ?? {}]);
  }

  /** A payload marked SHARED_BY_GROUP executed once, with the context of the first of its group to get it. */
  async function groupSubscribe(
    args: ExecutionArgs,
  ): Promise<AsyncIterableIterator<ExecutionResult> | ExecutionResult> {
    const ctx = args.contextValue as Context;
    const stream = await createSourceEventStream(args); // the subscriber's own resolver and filter
    if (!isAsyncIterable<unknown>(stream)) return stream;
    const key = executionKey(ctx, args);
    return filterMapAsyncIterable(stream, async (payload) => {
      if (!isGroupPayload(payload)) return execute({ ...args, rootValue: payload });
      let byKey = groupResults.get(payload);
      if (!byKey) groupResults.set(payload, (byKey = new Map()));
      let result = byKey.get(key);
      if (!result) {
        result = Promise.resolve(execute({ ...args, rootValue: payload }));
        byKey.set(key, result);
      }
      return result;
    });
  }

  return async function sharedSubscribe(
    args: ExecutionArgs,
  ): Promise<AsyncIterableIterator<ExecutionResult> | ExecutionResult> {
    const ctx = args.contextValue as Context;
    let shared = sharedDocuments.get(args.document);
    if (shared === undefined) {
      shared = selectsSharedFieldsOnly(args.schema, args.document);
      sharedDocuments.set(args.document, shared);
    }
    let groupShared = groupDocuments.get(args.document);
    if (groupShared === undefined) {
      groupShared = selectsGroupSharedFieldsOnly(args.schema, args.document);
      groupDocuments.set(args.document, groupShared);
    }
    if (groupShared) return groupSubscribe(args);
    if (!shared || !isOrdinaryMember(ctx.viewer)) return subscribe(args);

    const stream = await createSourceEventStream(args); // the subscriber's own resolver and filter
    if (!isAsyncIterable<unknown>(stream)) return stream;
    const key = executionKey(ctx, args);
    return filterMapAsyncIterable(stream, async (payload) => {
      if (payload === null || typeof payload !== 'object') return execute({ ...args, rootValue: payload });
      let byKey = results.get(payload);
      if (!byKey) results.set(payload, (byKey = new Map()));
      let result = byKey.get(key);
      if (!result) {
        result = Promise.resolve(
          execute({ ...args, rootValue: payload, contextValue: neutralContext(ctx.language) }),
        );
        byKey.set(key, result);
      }
      return result;
    });
  };
}
