import fs from 'node:fs';
import path from 'node:path';
import { buildSchema, parse } from 'graphql';
import type { ExecutionResult, GraphQLSchema } from 'graphql';
import { Role, VerificationStatus } from '../../src/common/auth/role';
import type { Viewer } from '../../src/common/auth/viewer';
import type { Context } from '../../src/common/context';
import { Language } from '../../src/common/i18n/language';
import {
  createSharedSubscribe,
  NEUTRAL_MEMBER,
  selectsSharedFieldsOnly,
} from '../../src/common/realtime/shared-execution';

const real = buildSchema(fs.readFileSync(path.join(__dirname, '../../schema.graphql'), 'utf8'));

describe('selectsSharedFieldsOnly (on the emitted schema)', () => {
  const shared = (q: string) => selectsSharedFieldsOnly(real, parse(q));
  it('accepts postPublished with public post, author, country and area fields, fragments and __typename', () => {
    expect(shared(`subscription { postPublished { id title publishedAt author { id displayName } } }`)).toBe(
      true,
    );
    expect(
      shared(`subscription S { postPublished { __typename ...P countries { code name } thematicAreas { name } } }
              fragment P on Post { summary author { ...A } }
              fragment A on Practitioner { profession organization country { name } }`),
    ).toBe(true);
  });
  it('refuses viewer-dependent fields anywhere, other subscriptions, and other operations', () => {
    expect(shared(`subscription { postPublished { id viewerHasEndorsed } }`)).toBe(false);
    expect(shared(`subscription { postPublished { id author { viewerIsFollowing } } }`)).toBe(false);
    expect(shared(`subscription { postPublished { id author { email } } }`)).toBe(false);
    expect(shared(`subscription { postPublished { id networks { id } } }`)).toBe(false);
    expect(
      shared(
        `subscription { postPublished { id ...F } } fragment F on Post { comments { edges { cursor } } }`,
      ),
    ).toBe(false);
    expect(shared(`subscription { commentAdded(postId: "x") { id } }`)).toBe(false);
    expect(shared(`query { node(id: "x") { id } }`)).toBe(false);
  });
});

describe('createSharedSubscribe', () => {
  // A small schema with the same type names: Post.title counts its executions; viewerFlag reads the viewer.
  let titleCalls = 0;
  const schema: GraphQLSchema = buildSchema(`
    type Post { id: ID! title: String! viewerHasEndorsed: Boolean! }
    type Query { ok: Boolean }
    type Subscription { postPublished: Post! }
  `);
  const listeners = new Set<(event: object) => void>();
  const publish = (event: object) => listeners.forEach((l) => l(event));
  Object.assign(schema.getSubscriptionType()!.getFields().postPublished, {
    subscribe: () => {
      const queue: object[] = [];
      let wake: (() => void) | null = null;
      const listener = (e: object) => {
        queue.push(e);
        wake?.();
      };
      listeners.add(listener);
      return {
        [Symbol.asyncIterator]() {
          return this;
        },
        async next() {
          while (!queue.length) await new Promise<void>((r) => (wake = r));
          return { done: false, value: queue.shift() };
        },
        async return() {
          listeners.delete(listener);
          return { done: true, value: undefined };
        },
      };
    },
    resolve: (event: { id: string }) => ({ id: event.id }),
  });
  const post = (
    schema.getType('Post') as unknown as { getFields(): Record<string, { resolve?: unknown }> }
  ).getFields();
  post.title.resolve = (p: { id: string }) => {
    titleCalls += 1;
    return `Post ${p.id}`;
  };
  post.viewerHasEndorsed.resolve = (_p: unknown, _a: unknown, ctx: Context) => ctx.viewer?.id === 'endorser';

  const viewer = (id: string, role = Role.MEMBER, verification = VerificationStatus.VERIFIED): Viewer => ({
    id,
    sessionId: id,
    role,
    verification,
  });
  const ctx = (v: Viewer, language = Language.EN) => ({ viewer: v, language }) as unknown as Context;
  const neutral: Context[] = [];
  const subscribe = createSharedSubscribe((language) => {
    const c = ctx(NEUTRAL_MEMBER, language);
    neutral.push(c);
    return c;
  });
  const open = async (v: Viewer, query: string, language = Language.EN) =>
    (await subscribe({
      schema,
      document: parse(query),
      contextValue: ctx(v, language),
    })) as AsyncIterableIterator<ExecutionResult>;

  it('executes a shared selection once per event for ordinary members, per subscriber otherwise', async () => {
    const Q = `subscription { postPublished { id title } }`;
    const members = [
      await open(viewer('a'), Q),
      await open(viewer('b'), Q),
      await open(viewer('c', Role.EXPERT), Q),
    ];
    const moderator = await open(viewer('m', Role.MODERATOR), Q);
    const pending = await open(viewer('p', Role.MEMBER, VerificationStatus.PENDING), Q);
    const french = await open(viewer('f'), Q, Language.FR);
    const flags = await open(viewer('endorser'), `subscription { postPublished { id viewerHasEndorsed } }`);
    const noFlags = await open(viewer('other'), `subscription { postPublished { id viewerHasEndorsed } }`);
    titleCalls = 0;
    const nexts = [...members, moderator, pending, french, flags, noFlags].map((it) => it.next());
    publish({ id: '1' });
    const results = (await Promise.all(nexts)).map((r) => r.value as ExecutionResult);
    for (const r of results.slice(0, 6))
      expect(r.data).toEqual({ postPublished: { id: '1', title: 'Post 1' } });
    // The three members share one execution; the moderator, the pending member and the other language do not.
    expect(titleCalls).toBe(4);
    expect(neutral.map((c) => c.language)).toEqual([Language.EN, Language.FR]);
    expect(results[6].data).toEqual({ postPublished: { id: '1', viewerHasEndorsed: true } });
    expect(results[7].data).toEqual({ postPublished: { id: '1', viewerHasEndorsed: false } });
    for (const it of [...members, moderator, pending, french, flags, noFlags]) await it.return?.();
    expect(listeners.size).toBe(0);
  });
});
