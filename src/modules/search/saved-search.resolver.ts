import DataLoader from 'dataloader';
import { Arg, Args, Authorized, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../common/context';
import { CurrentViewer } from '../../common/auth/current-viewer';
import type { Viewer } from '../../common/auth/viewer';
import { COMMUNITY } from '../../common/auth/role';
import { isVerified } from '../../common/auth/policy';
import { BidirectionalConnectionArgs } from '../../common/relay/pagination';
import type { Page } from '../../common/relay/pagination';
import { toGlobalId } from '../../common/relay/global-id';
import { nodeType } from '../../common/relay/node-registry';
import { SavedSearchEntity } from './saved-search.entity';
import { savedSearchFilter } from './saved-search.service';
import type { SavedSearchService } from './saved-search.service';
import {
  DeleteSavedSearchInput,
  DeleteSavedSearchPayload,
  SAVED_SEARCH_TYPE,
  SaveSearchInput,
  SaveSearchPayload,
  SavedSearch,
  SavedSearchConnection,
  SavedSearchFilter,
  UpdateSavedSearchInput,
  UpdateSavedSearchPayload,
} from './saved-search.types';

export interface SavedSearchLoaders {
  byId: DataLoader<string, SavedSearchEntity | null>;
}

declare module '../../common/context' {
  interface Loaders {
    savedSearch: SavedSearchLoaders;
  }
}

export function createSavedSearchLoaders(service: SavedSearchService): SavedSearchLoaders {
  return {
    byId: new DataLoader(async (ids) => {
      const rows = await service.byIds(ids);
      const map = new Map(rows.map((r) => [r.id, r]));
      return ids.map((id) => map.get(id) ?? null);
    }),
  };
}

/** Who may read a saved search: its owner, while a verified member. */
export function canReadSavedSearch(viewer: Viewer | null, s: Pick<SavedSearchEntity, 'ownerId'>): boolean {
  return isVerified(viewer) && viewer.id === s.ownerId;
}

/** The Node declaration (listed in the module manifest): the owner only, on every path. */
export const savedSearchNode = nodeType<SavedSearchEntity>(SAVED_SEARCH_TYPE, {
  isTypeOf: (value) => value instanceof SavedSearchEntity,
  byId: (ctx: Context, id: string) => ctx.loaders.savedSearch.byId.load(id),
  canRead: (ctx: Context, s: SavedSearchEntity) => canReadSavedSearch(ctx.viewer, s),
});

@Resolver(() => SavedSearch)
export class SavedSearchResolver {
  constructor(private readonly service: SavedSearchService) {}

  @Authorized(COMMUNITY)
  @Query(() => SavedSearchConnection, {
    description: 'Your saved searches, newest first (verified members; nobody else sees them).',
  })
  mySavedSearches(
    @CurrentViewer() viewer: Viewer,
    @Args() args: BidirectionalConnectionArgs,
  ): Promise<Page<SavedSearchEntity>> {
    return this.service.list(viewer, args);
  }

  @Authorized(COMMUNITY)
  @Mutation(() => SaveSearchPayload, {
    description:
      'Saves a search (the filter `search` takes) under a name, with how you hear of new content matching it ' +
      '(verified members). CONFLICT beyond 25 saved searches; BAD_USER_INPUT for an empty query.',
  })
  async saveSearch(
    @CurrentViewer() viewer: Viewer,
    @Arg('input', () => SaveSearchInput, { description: 'What to save.' }) input: SaveSearchInput,
  ): Promise<SaveSearchPayload> {
    return { savedSearch: await this.service.save(viewer, input) };
  }

  @Authorized(COMMUNITY)
  @Mutation(() => UpdateSavedSearchPayload, {
    description:
      'Renames a saved search of yours, changes its search or how you hear of it. NOT_FOUND if not yours.',
  })
  async updateSavedSearch(
    @CurrentViewer() viewer: Viewer,
    @Arg('input', () => UpdateSavedSearchInput, { description: 'The changes.' })
    input: UpdateSavedSearchInput,
  ): Promise<UpdateSavedSearchPayload> {
    return { savedSearch: await this.service.update(viewer, input) };
  }

  @Authorized(COMMUNITY)
  @Mutation(() => DeleteSavedSearchPayload, {
    description: 'Deletes a saved search of yours (no more notifications from it). NOT_FOUND if not yours.',
  })
  async deleteSavedSearch(
    @CurrentViewer() viewer: Viewer,
    @Arg('input', () => DeleteSavedSearchInput, { description: 'Which one.' }) input: DeleteSavedSearchInput,
  ): Promise<DeleteSavedSearchPayload> {
    return { deletedSavedSearchId: await this.service.delete(viewer, input.id) };
  }

  @FieldResolver(() => ID, { description: 'Opaque global identifier.' })
  id(@Root() s: SavedSearchEntity): string {
    return toGlobalId(SAVED_SEARCH_TYPE, s.id);
  }

  @FieldResolver(() => SavedSearchFilter, {
    description: 'The search it runs: pass it to `search(filter:)` for its results.',
  })
  filter(@Root() s: SavedSearchEntity): SavedSearchFilter {
    return savedSearchFilter(s);
  }
}
