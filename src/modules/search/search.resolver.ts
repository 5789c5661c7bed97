import { Arg, Args, Authorized, Ctx, Query, Resolver } from 'type-graphql';
import type { Context } from '../../common/context';
import { CurrentViewer } from '../../common/auth/current-viewer';
import type { Viewer } from '../../common/auth/viewer';
import { COMMUNITY } from '../../common/auth/role';
import { BidirectionalConnectionArgs, pageInfoOf } from '../../common/relay/pagination';
import { loadReadable } from '../../common/relay/node-registry';
import { RateLimit } from '../../common/rate-limit/rate-limit.decorator';
import { SearchFilter } from './search.inputs';
import { SearchConnection } from './search.types';
import type { SearchEdge } from './search.types';
import type { SearchService } from './search.service';
import type { SearchHighlightField } from './search.enums';

@Resolver()
export class SearchResolver {
  constructor(private readonly searches: SearchService) {}

  @Authorized(COMMUNITY)
  @RateLimit('search')
  @Query(() => SearchConnection, {
    description:
      'Full-text search over everything you may open (each hit and each count is a record `node(id:)` gives ' +
      'you), best first; both ways (`first`/`after` or `last`/`before`), within the first 1,000 hits. ' +
      'Verified members only. RATE_LIMITED when searching too fast.',
  })
  async search(
    @CurrentViewer() viewer: Viewer,
    @Ctx() ctx: Context,
    @Args() args: BidirectionalConnectionArgs,
    @Arg('filter', () => SearchFilter, { description: 'The query and its filters.' }) filter: SearchFilter,
  ): Promise<SearchConnection> {
    const answer = await this.searches.search(viewer, filter, args);
    // The records through their node fetchers: the request's loaders batch them (one statement per type).
    const nodes = await Promise.all(answer.hits.map((h) => loadReadable(ctx, h.nodeType, h.recordId)));
    const edges: SearchEdge[] = [];
    answer.hits.forEach((h, i) => {
      const node = nodes[i];
      if (!node) return;
      edges.push({
        cursor: h.cursor,
        node,
        score: h.score,
        language: h.language,
        highlights: h.highlights.map((x) => ({ ...x, field: x.field as SearchHighlightField })),
      });
    });
    return {
      edges,
      pageInfo: pageInfoOf(edges, answer.hasNextPage, answer.hasPreviousPage),
      totalCount: answer.totalCount,
      totalCountCapped: answer.totalCountCapped,
      countsByType: answer.countsByType,
    };
  }
}
