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
    let prefetched = facts;
    const newLoaders = () => this.loaders(viewer, prefetched);
    // Built on first use, and again on first use after renewLoaders (a subscription renews them for each
    // event: a delivery that never reads through them costs nothing).
    let loaders: Context['loaders'] | null = null;
    const ctx: Context = {
      viewer,
      language: languageFromAcceptLanguage(acceptLanguage),
      get loaders() {
        return (loaders ??= newLoaders());
      },
      set loaders(value) {
        loaders = value;
      },
      renewLoaders: () => {
        loaders = null;
        prefetched = null;
      },
      requestId: requestId ?? crypto.randomUUID(),
      pubSub: this.services.pubSub,
      rateLimiter: this.services.rateLimiter,
      clientIp,
      services: this.contextServices,
      acceptLanguage: acceptLanguage ?? null,
    };
    return ctx;
  }

  /**
   * A new set of DataLoaders for one viewer: each module's, built on the first use of one of its keys (a
   * subscription delivery renews the loaders each time and uses few of them; issue 13, Performance).
   */
  private loaders(viewer: Viewer | null, prefetched: PrefetchedViewerFacts | null): Context['loaders'] {
    const loaders = {};
    for (const m of MANIFESTS) {
      const make = m.loaders;
      if (!make) continue;
      let built: Record<string, unknown> | undefined;
      const build = () =>
        (built ??= make(viewer, this.services, { dataSource: this.dataSource, prefetched }) as Record<
          string,
          unknown
        >);
      for (const key of this.loaderKeys(m))
        Object.defineProperty(loaders, key, {
          enumerable: true,
          configurable: true,
          get: () => build()[key],
          set: (value: unknown) => {
            build()[key] = value;
          },
        });
    }
    return loaders as Context['loaders'];
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
