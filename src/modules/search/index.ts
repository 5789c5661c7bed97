import { defineModule } from '../../platform/module/module-manifest';
import type { IdempotencyService } from '../../platform/idempotency/idempotency.service';
import type { UnitOfWork } from '../../platform/unit-of-work/unit-of-work';
import type { ContentVersionService } from '../content';
import { SearchDirtyEntity, SearchDocumentEntity } from './search.entity';
import { SavedSearchEntity, SavedSearchMatchEntity } from './saved-search.entity';
import { SearchIndexer } from './search-indexer';
import { SEARCH_PROVIDERS } from './search-providers';
import { SearchResolver } from './search.resolver';
import { SearchService } from './search.service';
import { SavedSearchService } from './saved-search.service';
import { SavedSearchNotifier } from './saved-search.notifier';
import { SavedSearchResolver, createSavedSearchLoaders, savedSearchNode } from './saved-search.resolver';

/**
 * Search (issue 15): `search_document` (one row per record and language), kept up to date from the records
 * marked dirty by triggers in their writers' transactions, and `search`, which answers each type's hits
 * and counts through that type's read policy. It reads every searchable module, so it is listed after them.
 * Saved searches (`saved-search.*`): a member's named searches, and notifications of new matching content
 * through the outbox (`SavedSearchNotifier`).
 */
export const searchModule = defineModule({
  name: 'search',
  entities: [SearchDocumentEntity, SearchDirtyEntity, SavedSearchEntity, SavedSearchMatchEntity],
  services: (
    s: { contentVersions: ContentVersionService; uow: UnitOfWork; idempotency: IdempotencyService },
    { dataSource, config },
  ) => {
    // Each shown language version of a record is one more document, in its language (issue 15).
    const searchIndexer = new SearchIndexer(
      dataSource,
      SEARCH_PROVIDERS,
      (alias) => s.contentVersions.publicSql(alias),
      s.uow,
    );
    return {
      searchIndexer,
      search: new SearchService(dataSource, SEARCH_PROVIDERS, searchIndexer),
      savedSearches: new SavedSearchService(dataSource, s.idempotency),
      savedSearchNotifier: new SavedSearchNotifier(
        dataSource,
        s.uow,
        SEARCH_PROVIDERS,
        config.savedSearchNotifyIntervalSeconds,
      ),
    };
  },
  resolvers: [
    { resolver: SearchResolver, create: (s) => new SearchResolver(s.search) },
    { resolver: SavedSearchResolver, create: (s) => new SavedSearchResolver(s.savedSearches) },
  ],
  loaders: (_viewer, s) => ({ savedSearch: createSavedSearchLoaders(s.savedSearches) }),
  nodes: [savedSearchNode],
  // A deleted account's name and text leave the index right after the deletion commits, not at the next
  // search (the deletion's statements marked the records; this indexes them).
  outboxConsumers: (s) => [
    {
      name: 'search-forget',
      types: ['practitioner.deleted'],
      handle: () => s.searchIndexer.catchUp().then(() => undefined),
    },
    s.savedSearchNotifier.consumer(),
  ],
});
