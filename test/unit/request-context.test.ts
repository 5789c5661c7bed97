import { ApolloServer } from '@apollo/server';
import { RequestContext } from '../../src/app/context';
import type { Context } from '../../src/common/context';
import type { Viewer } from '../../src/common/auth/viewer';
import type { PrefetchedViewerFacts } from '../../src/common/auth/viewer-facts';

// Apollo Server hands resolvers a shallow copy of the context it is given. A context whose loaders were an
// own getter had them frozen into a plain property by that copy, so that `renewLoaders()` (before a mutation,
// after a write) renewed nothing over HTTP. These run through Apollo itself.

class StubLoaders {
  constructor(
    readonly viewer: Viewer | null,
    readonly facts: PrefetchedViewerFacts | null,
  ) {}
}

const viewer = { id: 'v1' } as Viewer;
const facts = { networkScope: {} } as unknown as PrefetchedViewerFacts;
const platform = { pubSub: {}, rateLimiter: {} } as never;

function context(LoaderSet: typeof StubLoaders = StubLoaders): RequestContext {
  return new RequestContext(
    LoaderSet as never,
    viewer,
    'en' as never,
    'r1',
    platform,
    {} as never,
    null,
    null,
    facts,
  );
}

async function run(resolve: (ctx: Context) => unknown) {
  const apollo = new ApolloServer<Context>({
    typeDefs: 'type Query { probe: Boolean }',
    resolvers: { Query: { probe: (_s: unknown, _a: unknown, ctx: Context) => resolve(ctx) } },
  });
  await apollo.start();
  try {
    const res = await apollo.executeOperation({ query: '{ probe }' }, { contextValue: context() });
    if (res.body.kind !== 'single') throw new Error('not a single result');
    if (res.body.singleResult.errors) throw new Error(String(res.body.singleResult.errors[0].message));
  } finally {
    await apollo.stop();
  }
}

describe("RequestContext under Apollo's copy of the context", () => {
  it('renewLoaders gives new loaders without the facts read with the session', async () => {
    await run((ctx) => {
      const first = ctx.loaders as unknown as StubLoaders;
      expect(ctx.loaders).toBe(first);
      expect(first.facts).toBe(facts);
      ctx.renewLoaders();
      const second = ctx.loaders as unknown as StubLoaders;
      expect(second).not.toBe(first);
      expect(second.facts).toBeNull();
      return true;
    });
  });

  it('loaders built after renewLoaders are for the viewer of that moment', async () => {
    const member = { id: 'v1', verification: 'VERIFIED' } as unknown as Viewer;
    await run((ctx) => {
      expect((ctx.loaders as unknown as StubLoaders).viewer).toBe(viewer);
      ctx.viewer = member;
      ctx.renewLoaders();
      expect((ctx.loaders as unknown as StubLoaders).viewer).toBe(member);
      return true;
    });
  });

  it('builds no loaders for an operation that reads none', async () => {
    let built = 0;
    class Counting extends StubLoaders {
      constructor(v: Viewer | null, f: PrefetchedViewerFacts | null) {
        super(v, f);
        built++;
      }
    }
    const apollo = new ApolloServer<Context>({ typeDefs: 'type Query { probe: Boolean }', resolvers: {} });
    await apollo.start();
    const ctx = context(Counting);
    await apollo.executeOperation({ query: '{ __typename }' }, { contextValue: ctx });
    await apollo.stop();
    expect(built).toBe(0);
  });
});
