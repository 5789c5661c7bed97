import fs from 'node:fs';
import path from 'node:path';
import { buildSchema, parse } from 'graphql';
import type { ExecutionResult, GraphQLSchema } from 'graphql';
import { Role, VerificationStatus } from '../../src/common/auth/role';
import type { Context } from '../../src/common/context';
import { Language } from '../../src/common/i18n/language';
import {
  createSharedSubscribe,
  NEUTRAL_MEMBER,
  SHARED_BY_GROUP,
  selectsGroupSharedFieldsOnly,
} from '../../src/common/realtime/shared-execution';

const real = buildSchema(fs.readFileSync(path.join(__dirname, '../../schema.graphql'), 'utf8'));

describe('selectsGroupSharedFieldsOnly (on the emitted schema)', () => {
  const shared = (q: string) => selectsGroupSharedFieldsOnly(real, parse(q));
  it('accepts question fields, the asker (decided per group) and viewerIsAuthor', () => {
    expect(
      shared(`subscription { liveEventQuestionChanged(eventId: "x") { change questionId
        question { id body status upvoteCount isPinned createdAt viewerIsAuthor author { id displayName } } } }`),
    ).toBe(true);
  });
  it('refuses per-viewer fields, other subscriptions and other operations', () => {
    const q = (f: string) =>
      `subscription { liveEventQuestionChanged(eventId: "x") { question { id ${f} } } }`;
    expect(shared(q('viewerHasUpvoted'))).toBe(false);
    expect(shared(q('author { email }'))).toBe(false);
    expect(shared(q('event { id }'))).toBe(false);
    expect(shared(`subscription { postPublished { id } }`)).toBe(false);
    expect(shared(`query { node(id: "x") { id } }`)).toBe(false);
  });
});

describe('createSharedSubscribe with payloads shared by a group', () => {
  // A small schema with the same type names: body counts its executions; viewerHasUpvoted reads the viewer.
  let bodyCalls = 0;
  const schema: GraphQLSchema = buildSchema(`
    type LiveEventQuestion { id: ID! body: String! viewerHasUpvoted: Boolean! }
    type LiveEventQuestionChangedPayload { change: String! question: LiveEventQuestion }
    type Query { ok: Boolean }
    type Subscription { liveEventQuestionChanged: LiveEventQuestionChangedPayload! }
  `);
  type Event = Record<string, object>; // the payload for each group
  const listeners = new Set<(event: Event) => void>();
  const publish = (event: Event) => listeners.forEach((l) => l(event));
  Object.assign(schema.getSubscriptionType()!.getFields().liveEventQuestionChanged, {
    // The subscriber's filter: the payload of its group (ctx.group), or the event's unmarked one.
    subscribe: (_s: unknown, _a: unknown, ctx: { group: string }) => {
      const queue: object[] = [];
      let wake: (() => void) | null = null;
      const listener = (e: Event) => {
        queue.push(e[ctx.group]);
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
    resolve: (payload: object) => payload,
  });
  const question = (
    schema.getType('LiveEventQuestion') as unknown as { getFields(): Record<string, { resolve?: unknown }> }
  ).getFields();
  question.body.resolve = (q: { id: string }) => {
    bodyCalls += 1;
    return `Question ${q.id}`;
  };
  question.viewerHasUpvoted.resolve = (_q: unknown, _a: unknown, ctx: Context) => ctx.viewer?.id === 'voter';

  const ctx = (id: string, group: string, language = Language.EN) =>
    ({
      viewer: { id, sessionId: id, role: Role.MEMBER, verification: VerificationStatus.VERIFIED },
      language,
      group,
    }) as unknown as Context;
  const subscribe = createSharedSubscribe(() => ctx(NEUTRAL_MEMBER.id, 'none'));
  const open = async (id: string, group: string, query: string, language = Language.EN) =>
    (await subscribe({
      schema,
      document: parse(query),
      contextValue: ctx(id, group, language),
    })) as AsyncIterableIterator<ExecutionResult>;

  it('executes a marked payload once per group (and language), unmarked ones and viewer fields per subscriber', async () => {
    const Q = `subscription { liveEventQuestionChanged { change question { id body } } }`;
    const F = `subscription { liveEventQuestionChanged { question { id viewerHasUpvoted } } }`;
    const its = [
      await open('a', 'participants', Q),
      await open('b', 'participants', Q),
      await open('c', 'participants', Q),
      await open('m', 'moderators', Q),
      await open('f', 'participants', Q, Language.FR),
      await open('u1', 'unmarked', Q),
      await open('u2', 'unmarked', Q),
      await open('voter', 'participants', F),
      await open('other', 'participants', F),
    ];
    bodyCalls = 0;
    const nexts = its.map((it) => it.next());
    const marked = (id: string) => ({ [SHARED_BY_GROUP]: true, change: 'PUBLISHED', question: { id } });
    publish({
      participants: marked('1'),
      moderators: marked('1'),
      unmarked: { change: 'PUBLISHED', question: { id: '1' } },
    });
    const results = (await Promise.all(nexts)).map((r) => r.value as ExecutionResult);
    for (const r of results.slice(0, 7))
      expect(r.data).toEqual({
        liveEventQuestionChanged: { change: 'PUBLISHED', question: { id: '1', body: 'Question 1' } },
      });
    // participants (EN) once, moderators once, participants (FR) once, the two unmarked ones each.
    expect(bodyCalls).toBe(5);
    expect(results[7].data).toEqual({
      liveEventQuestionChanged: { question: { id: '1', viewerHasUpvoted: true } },
    });
    expect(results[8].data).toEqual({
      liveEventQuestionChanged: { question: { id: '1', viewerHasUpvoted: false } },
    });
    for (const it of its) await it.return?.();
    expect(listeners.size).toBe(0);
  });
});
