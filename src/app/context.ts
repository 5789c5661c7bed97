import crypto from 'node:crypto';
import type { DataSource } from 'typeorm';
import { GraphQLError } from 'graphql';
import type { Context, ContextServices } from '../common/context';
import type { Viewer } from '../common/auth/viewer';
import type { PrefetchedViewerFacts } from '../common/auth/viewer-facts';
import { viewerScopeColumnsSql, viewerScopeFromColumns } from '../modules/network';
import { parseBearer } from '../common/auth/tokens';
import { ErrorCode } from '../common/errors/error-code';
import { languageFromAcceptLanguage } from '../common/i18n/language';
import { MANIFESTS } from './modules';
import type { Services } from './services';
import type { ViewerSnapshots } from './viewer-snapshots';

/** A viewer and the facts read with their session (a viewer snapshot's value). */
export interface ViewerAndFacts {
  viewer: Viewer;
  facts: PrefetchedViewerFacts;
}

function invalidToken(): GraphQLError {
  return new GraphQLError('The access token is invalid or expired; refresh the session or sign in again.', {
    extensions: { code: ErrorCode.UNAUTHENTICATED, http: { status: 401 } },
  });
}

const BUILT = Symbol('built');
const VIEWER = Symbol('viewer');
const FACTS = Symbol('facts');

type LoaderSetClass = new (viewer: Viewer | null, facts: PrefetchedViewerFacts | null) => Context['loaders'];

/**
 * An operation's context. Its state is in own fields and its behaviour on the prototype, so that a shallow
 * copy keeps working: Apollo Server hands resolvers `Object.assign(Object.create(prototype), context)`, which
 * would freeze an own getter's value into a plain property (and `renewLoaders` would then renew nothing).
 * No `#private` fields: the copy would not have them.
 */
export class RequestContext implements Context {
  /** The loaders in use; null until first use and after renewLoaders. */
  private current: Context['loaders'] | null = null;
  userAgent?: string | null;

  constructor(
    private readonly LoaderSet: LoaderSetClass,
    public viewer: Viewer | null,
    public language: Context['language'],
    public requestId: string,
    platform: Pick<Services, 'pubSub' | 'rateLimiter'>,
    public services: ContextServices,
    public clientIp: string | null,
    public acceptLanguage: string | null,
    /** The facts read with the session: they serve the first set of loaders only. */
    private facts: PrefetchedViewerFacts | null,
  ) {
    this.pubSub = platform.pubSub;
    this.rateLimiter = platform.rateLimiter;
  }

  pubSub: Context['pubSub'];
  rateLimiter: Context['rateLimiter'];

  /** Built on first use, and again on first use after renewLoaders, for the viewer of that moment. */
  get loaders(): Context['loaders'] {
    return (this.current ??= new this.LoaderSet(this.viewer, this.facts));
  }

  set loaders(value: Context['loaders']) {
    this.current = value;
  }

  renewLoaders(): void {
    this.current = null;
    this.facts = null;
  }
}

/** Builds the context of every operation, for HTTP and WebSocket alike. */
export class ContextFactory {
  constructor(
    private readonly dataSource: DataSource,
    private readonly services: Services,
    /** Viewer snapshots by session (VIEWER_CACHE_SECONDS; null: every request reads its session). */
    private readonly snapshots: ViewerSnapshots<ViewerAndFacts> | null = null,
  ) {
    const contextServices = {};
    for (const m of MANIFESTS) Object.assign(contextServices, m.contextServices?.(services));
    this.contextServices = contextServices as ContextServices;
  }

  /** The services subscription handlers reach through `ctx.services` (each module's, see its manifest). */
  private readonly contextServices: ContextServices;

  /** The viewer for an Authorization value: null when absent; throws UNAUTHENTICATED when bad. */
  async viewerFor(authorization: unknown): Promise<Viewer | null> {
    const token = parseBearer(authorization);
    if (token === null) return null;
    if (token === 'malformed') throw invalidToken();
    const viewer = await this.services.identity.authenticate(token);
    if (!viewer) throw invalidToken();
    return viewer;
  }

  /**
   * viewerFor, and the viewer's facts read in the same statement (the lean read path: the session and the
   * network scope, one statement instead of three), for `build`. HTTP requests use it.
   */
  async viewerAndFactsFor(
    authorization: unknown,
  ): Promise<{ viewer: Viewer | null; facts: PrefetchedViewerFacts | null }> {
    const token = parseBearer(authorization);
    if (token === null) return { viewer: null, facts: null };
    if (token === 'malformed') throw invalidToken();
    const identity = this.services.identity;
    const claims = identity.verifyToken(token);
    if (!claims) throw invalidToken();
    // The signature and expiry are checked on every request; the session and facts come from a snapshot
    // when one is held (src/app/viewer-snapshots.ts: dropped on any change, by the database's notifications).
    const held = this.snapshots?.get(claims.sid);
    if (held && held.practitionerId === claims.sub) return held.value;
    const generation = this.snapshots?.begin() ?? 0;
    const found = await identity.authenticateWith(token, viewerScopeColumnsSql('p.id'), claims);
    if (!found) throw invalidToken();
    const answer = { viewer: found.viewer, facts: { networkScope: viewerScopeFromColumns(found.row) } };
    this.snapshots?.store(generation, claims.sid, {
      practitionerId: found.viewer.id,
      value: answer,
      validUntil: found.validUntil,
    });
    return answer;
  }

  /** After a mutation: resolves once this instance has applied the changes committed so far (ViewerSnapshots.settle). */
  settleSnapshots(): Promise<void> {
    return this.snapshots?.settle() ?? Promise.resolve();
  }

  /**
   * A fresh context: the viewer, the language and new DataLoaders (nothing is shared across requests).
   * `facts` (viewerAndFactsFor) serve the first set of loaders only: `renewLoaders` drops them (a
   * subscription's next event, or a mutation about to run: its writes may change them).
   */
  build(
    viewer: Viewer | null,
    acceptLanguage: string | undefined | null,
    clientIp: string | null = null,
    requestId?: string,
    facts: PrefetchedViewerFacts | null = null,
  ): Context {
    return new RequestContext(
      this.loaderSet(),
      viewer,
      languageFromAcceptLanguage(acceptLanguage),
      requestId ?? crypto.randomUUID(),
      this.services,
      this.contextServices,
      clientIp,
      acceptLanguage ?? null,
      facts,
    );
  }

  /**
   * The class of this server's loader sets: one accessor per loader key on its prototype, each building its
   * module's loaders on first use (a subscription delivery renews the loaders each time and uses few of them;
   * issue 13, Performance). Defined once: a request allocates one object, not one property per key.
   */
  private loaderSetClass: LoaderSetClass | null = null;
  private loaderSet(): LoaderSetClass {
    if (this.loaderSetClass) return this.loaderSetClass;
    const modules = MANIFESTS.filter((m) => m.loaders);
    const { services, dataSource } = this;
    class LoaderSet {
      readonly [BUILT]: (Record<string, unknown> | undefined)[] = new Array(modules.length);
      readonly [VIEWER]: Viewer | null;
      readonly [FACTS]: PrefetchedViewerFacts | null;
      constructor(viewer: Viewer | null, facts: PrefetchedViewerFacts | null) {
        this[VIEWER] = viewer;
        this[FACTS] = facts;
      }
    }
    modules.forEach((m, i) => {
      const make = m.loaders!;
      const built = (set: LoaderSet) =>
        (set[BUILT][i] ??= make(set[VIEWER], services, { dataSource, prefetched: set[FACTS] }) as Record<
          string,
          unknown
        >);
      for (const key of this.loaderKeys(m))
        Object.defineProperty(LoaderSet.prototype, key, {
          configurable: true,
          get(this: LoaderSet) {
            return built(this)[key];
          },
          set(this: LoaderSet, value: unknown) {
            built(this)[key] = value;
          },
        });
    });
    return (this.loaderSetClass = LoaderSet as unknown as LoaderSetClass);
  }

  /** The keys a module's loaders define (learnt from one build, the first time). */
  private readonly keysByModule = new Map<object, string[]>();
  private loaderKeys(m: (typeof MANIFESTS)[number]): string[] {
    let keys = this.keysByModule.get(m);
    if (!keys) {
      keys = Object.keys(m.loaders!(null, this.services, { dataSource: this.dataSource }) as object);
      this.keysByModule.set(m, keys);
    }
    return keys;
  }
}
