/**
 * Facts about the viewer read with the session in the request's first statement (the lean read path,
 * issue 17), so that the request's loaders need not read them again. They hold for one query operation:
 * the context drops them before a mutation runs (its writes may change them) and whenever a subscription
 * renews its loaders.
 */
export interface PrefetchedViewerFacts {
  /** The viewer's active networks, those they moderate, and who they blocked or were blocked by. */
  networkScope?: {
    activeNetworkIds: ReadonlySet<string>;
    moderatedNetworkIds: ReadonlySet<string>;
    blockedIds?: ReadonlySet<string>;
  };
}
