import { defineModule } from '../../platform/module/module-manifest';
import type { ContentVersionService } from '../content';
import { SearchDirtyEntity, SearchDocumentEntity } from './search.entity';
import { SearchIndexer } from './search-indexer';
import { SEARCH_PROVIDERS } from './search-providers';
import { SearchResolver } from './search.resolver';
import { SearchService } from './search.service';

/**
 * Search (issue 15): `search_document` (one row per record and language), kept up to date from the records
 * marked dirty by triggers in their writers' transactions, and `search`, which answers each type's hits
 * and counts through that type's read policy. It reads every searchable module, so it is listed after them.
 */
export const searchModule = defineModule({
  name: 'search',
  entities: [SearchDocumentEntity, SearchDirtyEntity],
  services: (s: { contentVersions: ContentVersionService }, { dataSource }) => {
    // Each shown language version of a record is one more document, in its language (issue 15).
    const searchIndexer = new SearchIndexer(dataSource, SEARCH_PROVIDERS, (alias) =>
      s.contentVersions.publicSql(alias),
    );
    return { searchIndexer, search: new SearchService(dataSource, SEARCH_PROVIDERS, searchIndexer) };
  },
  resolvers: [{ resolver: SearchResolver, create: (s) => new SearchResolver(s.search) }],
  // A deleted account's name and text leave the index right after the deletion commits, not at the next
  // search (the deletion's statements marked the records; this indexes them).
  outboxConsumers: (s) => [
    {
      name: 'search-forget',
      types: ['practitioner.deleted'],
      handle: () => s.searchIndexer.catchUp().then(() => undefined),
    },
  ],
});
